"""A text box of a few lines that a form can treat like a one-line field.

An unidentified officer is known by a description ("white male, 40s, grey hoodie, called
'Mike' by the team") that needs more than one line. ``LinesEdit`` is a ``QPlainTextEdit``
with the few calls a form uses on a ``QLineEdit`` (``text``, ``setText``, ``textEdited``),
so it can stand in a row of line edits; Tab moves on instead of typing a tab.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget


class LinesEdit(QPlainTextEdit):
    textEdited = Signal(str)  # the user changed the text (not ``setText``)

    def __init__(self, lines: int = 4, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = lines
        self.setTabChangesFocus(True)
        # As tall as its lines, no taller: the form around it keeps its shape.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._setting = False
        self.textChanged.connect(self._changed)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self._setting = True
        try:
            self.setPlainText(text)
        finally:
            self._setting = False

    def _changed(self) -> None:
        if not self._setting:
            self.textEdited.emit(self.toPlainText())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        margins = self.contentsMargins()
        height = self.fontMetrics().lineSpacing() * self.lines
        return QSize(hint.width(), height + margins.top() + margins.bottom() + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())
