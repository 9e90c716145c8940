"""The main window opens a library and lists its matters."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from evidence_desk.core import matters
from evidence_desk.core.library import Library
from evidence_desk.gui.main_window import MainWindow


def test_main_window_lists_matters(qtbot: QtBot, library: Library) -> None:
    matters.add_matter(library, matters.MatterInput("2024-001", "People v. Doe", "Jane Doe"))
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()
    assert str(library.path) in window.windowTitle()
    table = window.matter_table
    assert table.rowCount() == 1
    assert table.item(0, 1).text() == "People v. Doe"
