"""An inline message line for dialogs: validation errors and outcomes, never tracebacks.

It shows a standard warning or information icon beside wrapped, selectable text and uses
only the system palette, so it reads in light and dark themes alike.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QWidget


def sentence(text: str) -> str:
    """A core message ("the quote ... is not on p. 3") as a sentence for a dialog."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A form label whose mnemonic (&D) focuses ``buddy``, for rows that hold a layout."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class InlineMessage(QFrame):
    """Hidden until there is something to say; ``show_error``/``show_info``/``clear``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.icon_label = QLabel()
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text_label = QLabel()
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text_label.setAccessibleName("Message")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.icon_label)
        layout.addWidget(self.text_label, 1)
        self.is_error = False
        self.hide()

    def _show(self, text: str, pixmap: QStyle.StandardPixmap) -> None:
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon_label.setPixmap(self.style().standardIcon(pixmap).pixmap(size, size))
        self.text_label.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def show_error(self, text: str) -> None:
        self.is_error = True
        self._show(sentence(text), QStyle.StandardPixmap.SP_MessageBoxWarning)

    def show_info(self, text: str) -> None:
        self.is_error = False
        self._show(text, QStyle.StandardPixmap.SP_MessageBoxInformation)

    def clear(self) -> None:
        self.is_error = False
        self.text_label.clear()
        self.hide()

    def text(self) -> str:
        return self.text_label.text()
