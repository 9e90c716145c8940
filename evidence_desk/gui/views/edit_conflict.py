"""What to do when another person saved the same record first (office mode).

The core refuses a save made from an older version (``EditConflictError``, naming who
changed what and when). The person chooses: see their version (reload; what was typed here
is set aside), save theirs over it anyway, or go back to the editor with nothing lost.
"""

from __future__ import annotations

import enum

from PySide6.QtWidgets import QMessageBox, QWidget

from ...core.errors import EditConflictError


class ConflictChoice(enum.Enum):
    RELOAD = "reload"
    OVERWRITE = "overwrite"
    KEEP_EDITING = "keep editing"


def ask_after_conflict(parent: QWidget, error: EditConflictError, title: str) -> ConflictChoice:
    """Ask how to go on after ``error``; closing the question keeps editing."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(str(error)[:1].upper() + str(error)[1:] + ".")
    box.setInformativeText(
        "Reload shows their version (what you typed here is set aside). Save mine replaces "
        "their change with yours."
    )
    reload = box.addButton("&Reload their version", QMessageBox.ButtonRole.AcceptRole)
    overwrite = box.addButton("&Save mine", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(reload)
    box.setEscapeButton(keep)
    box.exec()
    clicked = box.clickedButton()
    if clicked is reload:
        return ConflictChoice.RELOAD
    if clicked is overwrite:
        return ConflictChoice.OVERWRITE
    return ConflictChoice.KEEP_EDITING
