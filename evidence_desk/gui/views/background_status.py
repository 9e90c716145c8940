"""A status-bar corner for long background work: what runs, how far, and a Cancel button.

Shared by the work that runs after an import or an upgrade without a dialog (OCR, reading
older documents for officers), so that each can be followed and stopped the same way.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget


class BackgroundStatus(QWidget):
    """Hidden until its work starts: a label, a progress bar and a Cancel button."""

    def __init__(
        self,
        *,
        label_name: str,
        bar_name: str,
        cancel_text: str,
        cancel_tip: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setAccessibleName(label_name)
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(160)
        self.bar.setAccessibleName(bar_name)
        self.cancel_button = QToolButton()
        self.cancel_button.setText(cancel_text)
        self.cancel_button.setToolTip(cancel_tip)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def begin(self, text: str) -> None:
        """Show the corner for work whose size is not known yet."""
        self.label.setText(text)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.show()

    def advance(self, done: int, total: int, text: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, total))
        self.label.setText(text)
