"""Pick the words to quote from a page's extracted text (when the page view cannot select)."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class QuoteDialog(QDialog):
    """Shows the page's text read-only; the selected words become the quote."""

    def __init__(
        self, page_text: str, heading: str, parent: QWidget | None = None, *, preselect: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cite in allegation")
        label = QLabel(f"{heading}\nSelect the words to quote, then choose Cite.")
        label.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setPlainText(page_text)
        self.text.setAccessibleName("Page text")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Cite…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text.selectionChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        if preselect:
            self.select_text(preselect)
        self._update_ok()
        self.resize(640, 480)

    def select_text(self, words: str) -> bool:
        """Select the first occurrence of ``words`` (case-insensitive)."""
        content = self.text.toPlainText()
        start = content.casefold().find(words.casefold())
        if start < 0:
            return False
        cursor = self.text.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        return True

    def quote(self) -> str:
        # QPlainTextEdit hands back paragraph breaks as U+2029; a quote wants plain spaces.
        return " ".join(self.text.textCursor().selectedText().replace("\u2029", " ").split())

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.quote()))
