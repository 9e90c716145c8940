"""The composition root: QApplication, the library, the main window.

``ApplicationController`` owns the open library and its window; opening another library
(File menu, recent list, demo) closes the current window and library and opens the new one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog

from ..config import APP_NAME, default_library_path
from ..core.errors import EvidenceDeskError
from ..core.library import Library
from .icons import application_icon
from .main_window import MainWindow
from .settings import AppSettings
from .tasks import TaskRunner
from .views.first_run import FirstRunDialog


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="evidence-desk-gui", description=f"Start {APP_NAME}.")
    parser.add_argument("--library", type=Path, help="library folder to open (created if new)")
    return parser.parse_args(argv[1:])


class ApplicationController(QObject):
    """Keeps exactly one library and one main window open."""

    def __init__(self, settings: AppSettings) -> None:
        super().__init__()
        self.settings = settings
        self.library: Library | None = None
        self.window: MainWindow | None = None

    def open(self, path: Path, *, create: bool = False) -> bool:
        if (
            self.library is not None
            and self.window is not None
            and Path(path).expanduser().resolve() == self.library.path.resolve()
        ):
            # Chosen again (File ▸ Open library, a recent entry): it is open already.
            self.window.statusBar().showMessage("That library is the one open.", 8000)
            self.window.activateWindow()
            return True
        try:
            library = Library.create(path) if create else Library.open_or_create(path)
        except EvidenceDeskError as error:
            QMessageBox.critical(self.window, APP_NAME, str(error))
            return False
        previous_window, previous_library = self.window, self.library
        if previous_window is not None:
            if not previous_window.close():
                library.close()
                return False
            previous_window.deleteLater()
        if previous_library is not None:
            previous_library.close()
        self.library = library
        self.window = MainWindow(library, settings=self.settings)
        self.window.library_requested.connect(
            lambda chosen, creating: self.open(Path(chosen), create=creating)
        )
        self.window.show()
        return True

    def close(self) -> None:
        if self.library is not None:
            self.library.close()
            self.library = None


def build_demo_with_progress(target: Path) -> bool:
    """Build the demo library off the GUI thread while a busy dialog shows."""
    from ..core.demo import build_demo_library  # imported only when the demo is asked for

    runner = TaskRunner()
    dialog = QProgressDialog("Building the demo library…", "", 0, 0)
    dialog.setCancelButton(None)
    dialog.setWindowTitle(APP_NAME)
    dialog.setMinimumWidth(420)
    outcome: dict[str, object] = {}

    def show(done: int, total: int, message: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        dialog.setLabelText(message)

    runner.start(
        lambda control: build_demo_library(target, progress=control.progress),
        on_success=lambda _result: (outcome.setdefault("ok", True), dialog.accept()),
        on_failure=lambda message: (outcome.setdefault("error", message), dialog.reject()),
        on_progress=show,
    )
    dialog.exec()
    runner.wait()
    if "error" in outcome:
        QMessageBox.warning(
            None, APP_NAME, f"The demo library could not be built: {outcome['error']}"
        )
        return False
    return True


def choose_start_library(
    arguments: argparse.Namespace, settings: AppSettings
) -> tuple[Path, bool] | None:
    """The library to open first, asking on the very first start; None when the user quits."""
    if arguments.library:
        return arguments.library, False
    last = settings.last_library()
    if last is not None and Library.exists(last):
        return last, False
    default = default_library_path()
    if Library.exists(default):
        return default, False
    dialog = FirstRunDialog(default)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choice is None:
        return None
    if dialog.choice == "open" and dialog.chosen_path is not None:
        return dialog.chosen_path, False
    if dialog.choice == "demo":
        from ..core.demo import default_demo_library_path

        target = default_demo_library_path()
        if Library.exists(target) or build_demo_with_progress(target):
            return target, False
    return default, not Library.exists(default)


def run(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    app = QApplication.instance() or QApplication(argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("Evidence Desk")
    app.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(application_icon())
    # Lets Wayland and X11 docks match the window to installers/linux/evidence-desk.desktop.
    app.setDesktopFileName("evidence-desk")
    settings = AppSettings()
    start = choose_start_library(arguments, settings)
    if start is None:
        return 0
    controller = ApplicationController(settings)
    if not controller.open(start[0], create=start[1]):
        return 1
    try:
        return app.exec()
    finally:
        controller.close()


if __name__ == "__main__":
    sys.exit(run(sys.argv))
