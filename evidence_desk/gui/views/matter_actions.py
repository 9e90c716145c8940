"""The Matter menu: open, edit, close or reopen, delete an empty matter; new note and new
allegation in the selected matter.

Each action works on the matter selected in the matter list and goes through the undo
stack; the main window only puts the actions in its menu.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ...core.errors import EvidenceDeskError
from ...core.matters import MatterInput
from ...core.records import MatterRecord
from ..commands import push_command
from ..commands.matters import (
    CreateMatterCommand,
    DeleteMatterCommand,
    EditMatterCommand,
    set_status_command,
)
from ..context import AppContext, Change
from .icon_lookup import themed_icon
from .inline_message import sentence
from .matter_dialog import MatterDialog
from .matter_list import MatterListPanel


class MatterActions(QObject):
    """The matter actions and what they do; ``actions`` is the menu, in order."""

    def __init__(
        self,
        context: AppContext,
        panel: MatterListPanel,
        window: QWidget,
        *,
        open_folder: Callable[[], None],
        new_note: Callable[[], None],
        new_allegation: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self.context = context
        self.panel = panel
        self.window = window
        self.new_action = self._action(
            "&New matter…", self.new_matter, QKeySequence.StandardKey.New, "new-matter"
        )
        self.edit_action = self._action("&Edit matter…", self.edit_matter, "Ctrl+E", "edit")
        self.close_action = self._action("&Close matter", self.toggle_status, "Ctrl+Shift+W")
        self.delete_action = self._action("&Delete empty matter", self.delete_matter)
        self.delete_action.setToolTip(
            "Remove a matter opened by mistake; one that holds evidence is closed instead"
        )
        self.folder_action = self._action(
            "Open matter &folder", open_folder, "Ctrl+Shift+O", "open-folder"
        )
        self.note_action = self._action("New &note…", new_note, "Ctrl+Shift+N", "note")
        self.allegation_action = self._action(
            "New &allegation…", new_allegation, "Ctrl+Shift+A", "allegation"
        )
        self.allegation_action.setToolTip("Record an allegation in the selected matter")
        self.actions: list[QAction | None] = [
            self.new_action,
            self.edit_action,
            self.close_action,
            self.delete_action,
            self.folder_action,
            None,  # a separator
            self.note_action,
            self.allegation_action,
        ]
        panel.matter_selected.connect(lambda _matter: self.update())
        context.changed.connect(self._on_changed)
        self.update()

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence.StandardKey | str | None = None,
        icon: str = "",
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon:
            action.setIcon(themed_icon(icon))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _on_changed(self, change: Change) -> None:
        if change & Change.MATTERS:
            self.update()

    def update(self) -> None:
        """Enable what applies to the selected matter; name Close or Reopen."""
        record = self.panel.current_matter()
        for action in (
            self.edit_action,
            self.close_action,
            self.delete_action,
            self.folder_action,
            self.note_action,
            self.allegation_action,
        ):
            action.setEnabled(record is not None)
        closed = record is not None and record.status == "closed"
        self.close_action.setText("&Reopen matter" if closed else "&Close matter")

    # -- the actions -------------------------------------------------------------------------

    def new_matter(self) -> MatterRecord | None:
        dialog = MatterDialog(self.window)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                record = self.create_matter(dialog.matter_input())
            except EvidenceDeskError as error:
                dialog.show_error(str(error))
                continue
            self.panel.select_matter(record.id)
            return record
        return None

    def create_matter(self, data: MatterInput) -> MatterRecord:
        """Open a matter through the undo stack; returns its record."""
        command = CreateMatterCommand(self.context, data)
        push_command(self.context, command)
        assert command.record is not None
        return command.record

    def edit_matter(self) -> bool:
        record = self.panel.current_matter()
        if record is None:
            return False
        dialog = MatterDialog(self.window, record)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            changes = dialog.changes()
            if not changes:
                return False
            try:
                push_command(self.context, EditMatterCommand(self.context, record.id, changes))
            except EvidenceDeskError as error:
                dialog.show_error(str(error))
                continue
            return True
        return False

    def toggle_status(self) -> bool:
        """Close the selected matter, or reopen it when it is closed."""
        record = self.panel.current_matter()
        if record is None:
            return False
        status = "open" if record.status == "closed" else "closed"
        try:
            push_command(self.context, set_status_command(self.context, record, status))
        except EvidenceDeskError as error:
            QMessageBox.warning(self.window, "Matter", sentence(str(error)))
            return False
        self.panel.select_matter(record.id)
        return True

    def delete_matter(self) -> bool:
        """Delete the selected matter if it is empty (undoable); otherwise say why not."""
        record = self.panel.current_matter()
        if record is None:
            return False
        try:
            push_command(self.context, DeleteMatterCommand(self.context, record))
        except EvidenceDeskError as error:
            QMessageBox.information(self.window, "Delete matter", sentence(str(error)))
            return False
        self.context.status_message.emit(
            f"Deleted matter {record.file_number} (Ctrl+Z brings it back)"
        )
        return True
