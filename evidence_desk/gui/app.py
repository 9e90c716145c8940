"""The composition root: QApplication, the library, the main window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from ..config import APP_NAME, default_library_path
from ..core.errors import EvidenceDeskError
from ..core.library import Library
from .main_window import MainWindow


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="evidence-desk-gui", description=f"Start {APP_NAME}.")
    parser.add_argument("--library", type=Path, help="library folder to open (created if new)")
    return parser.parse_args(argv[1:])


def run(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    app = QApplication.instance() or QApplication(argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("Evidence Desk")
    try:
        library = Library.open_or_create(arguments.library or default_library_path())
    except EvidenceDeskError as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        return 1
    window = MainWindow(library)
    window.show()
    try:
        return app.exec()
    finally:
        library.close()


if __name__ == "__main__":
    sys.exit(run(sys.argv))
