"""The first start: create a library in the default place, open another, or open the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...config import APP_NAME


class FirstRunDialog(QDialog):
    """Ends with ``choice`` set to "create", "open" (with ``chosen_path``) or "demo"."""

    def __init__(self, default_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        self.choice: str | None = None
        self.chosen_path: Path | None = None
        intro = QLabel(
            f"<h3>Welcome to {APP_NAME}</h3>"
            "<p>A library keeps your matters, their documents and notes, and the allegations "
            "you record. It stays on this computer.</p>"
        )
        intro.setWordWrap(True)
        self.create_button = QPushButton(f"&Create a library in {default_path}")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(lambda: self._finish("create"))
        self.open_button = QPushButton("&Open another library…")
        self.open_button.clicked.connect(self._choose_folder)
        self.demo_button = QPushButton("Open the &demo library")
        self.demo_button.clicked.connect(lambda: self._finish("demo"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for button in (self.create_button, self.open_button, self.demo_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            layout.addWidget(button)
        self.resize(520, 240)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open library")
        if folder:
            self.chosen_path = Path(folder)
            self._finish("open")

    def _finish(self, choice: str) -> None:
        self.choice = choice
        self.accept()
