"""The File menu's libraries: a new one, another one, a recent one, the demo library.

Opening a library is the application's business (``app.ApplicationController`` closes this
window and opens another), so the actions only ask for it through ``library_requested``.
The demo library is built first when it does not exist yet, in the background.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from ...core.library import Library
from ..context import AppContext
from ..settings import AppSettings
from .inline_message import sentence


class LibraryActions(QObject):
    """``library_requested(path, create)`` asks the application to open (or create) one."""

    library_requested = Signal(object, bool)

    def __init__(self, context: AppContext, settings: AppSettings, window: QWidget) -> None:
        super().__init__(window)
        self.context = context
        self.settings = settings
        self.window = window
        self.recent_menu = QMenu("&Recent libraries", window)

    def new_library(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Folder for the new library")
        if folder:
            self.library_requested.emit(Path(folder), True)

    def open_library(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Open library")
        if folder:
            self.library_requested.emit(Path(folder), False)

    def rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        current = self.context.library.path.resolve()
        recent = [path for path in self.settings.recent_libraries() if path != current]
        for path in recent:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(
                lambda _checked=False, chosen=path: self.library_requested.emit(chosen, False)
            )
        self.recent_menu.setEnabled(bool(recent))

    def open_demo_library(self, target: Path | None = None) -> None:
        """Open the demo library, building it first (in the background) if needed."""
        from ...core.demo import build_demo_library, default_demo_library_path  # only if asked

        target = target or default_demo_library_path()
        if Library.exists(target):
            self.library_requested.emit(target, False)
            return

        def show(done: int, total: int, message: str) -> None:
            self.context.status_message.emit(
                f"Building the demo library ({done}/{total}): {message}"
            )

        self.context.runner.start(
            lambda control: build_demo_library(target, progress=control.progress),
            on_success=lambda _result: self.library_requested.emit(target, False),
            on_failure=lambda message: QMessageBox.warning(
                self.window, "Demo library", sentence(message)
            ),
            on_progress=show,
            description="Building the demo library",
        )
