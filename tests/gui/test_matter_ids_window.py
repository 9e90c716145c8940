"""The window passes matter ids: choosing matter A shows A's evidence, never that of the
matter whose file number happens to be A's id."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from evidence_desk.core.library import Library
from evidence_desk.gui.main_window import MainWindow
from evidence_desk.gui.settings import AppSettings
from tests.core.evidence_builders import build_collision


def test_selecting_matter_a_shows_only_a_in_every_tab(qtbot: QtBot, library: Library) -> None:
    collision = build_collision(library)
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()

    assert window.matter_panel.select_matter(collision.a.id)
    assert window.matter_id == collision.a.id
    assert [note.title for note in window.notes_tab.model.rows()] == ["Alpha intake"]
    assert [doc.title for doc in window.documents_tab.model.rows()] == ["Alpha arrest report"]
    # The allegations are read in the background.
    qtbot.waitUntil(lambda: bool(window.allegations_tab.model.rows()))
    assert [item.id for item in window.allegations_tab.model.rows()] == [collision.a_allegation]

    dialog = window.export_memo()
    assert dialog is not None
    assert dialog.options().matter_id == collision.a.id  # type: ignore[attr-defined]
    assert "A-1" in dialog.matter_combo.currentText()  # type: ignore[attr-defined]
    dialog.close()

    assert window.matter_panel.select_matter(collision.b.id)
    assert [note.title for note in window.notes_tab.model.rows()] == ["Bravo privileged interview"]


def test_the_remembered_matter_comes_back_as_an_id(qtbot: QtBot, library: Library) -> None:
    collision = build_collision(library)
    settings = AppSettings()
    # QSettings hands values back as text; "1" must still mean matter id 1 (A), not file "1".
    settings.store.setValue(settings._matter_key(library.path), "1")
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()
    assert window.matter_id == collision.a.id
    assert [note.title for note in window.notes_tab.model.rows()] == ["Alpha intake"]
