"""The matter dialog's ethical wall: restrict a matter to a team from the window, undo it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from evidence_desk.core import matters, walls
from evidence_desk.core.errors import NotFoundError
from evidence_desk.core.library import Library
from evidence_desk.gui.main_window import MainWindow
from evidence_desk.gui.views.matter_dialog import MatterDialog
from tests.gui.test_main_window import answer_matter_dialog
from tests.office import Office


def _window(qtbot: QtBot, library: Library) -> MainWindow:
    main = MainWindow(library)
    qtbot.addWidget(main)
    main.show()
    return main


def test_an_embedded_library_has_no_wall_to_set(
    qtbot: QtBot, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = matters.add_matter(library, matters.MatterInput("E-1", "People v. E", "Eve E"))
    window = _window(qtbot, library)
    window.matter_panel.refresh()
    assert window.matter_panel.select_matter(record.id)
    shown = answer_matter_dialog(monkeypatch, lambda dialog: None)
    window.matter_actions.edit_matter()
    assert shown[0].wall_box is None


@pytest.fixture
def alice_window(qtbot: QtBot, office: Office) -> Iterator[tuple[MainWindow, Office]]:
    office.add_people("alice", "bob")
    library = office.open("alice")
    window = _window(qtbot, library)
    yield window, office
    window.close()
    library.close()


@pytest.mark.postgres
def test_the_matter_dialog_restricts_a_matter_and_undo_lifts_the_wall(
    alice_window: tuple[MainWindow, Office], monkeypatch: pytest.MonkeyPatch
) -> None:
    window, office = alice_window
    record = matters.add_matter(window.library, matters.MatterInput("W-1", "People v. W", "Wu W"))
    window.matter_panel.refresh()
    assert window.matter_panel.select_matter(record.id)

    def restrict(dialog: MatterDialog) -> None:
        assert dialog.wall_box is not None and not dialog.wall_box.isChecked()
        dialog.wall_box.setChecked(True)  # fills in the person restricting
        assert dialog.wall_box.team.text() == "alice"
        dialog.caption.setText("People v. Wu")

    answer_matter_dialog(monkeypatch, restrict)
    window.matter_actions.edit_matter()
    wall = walls.matter_wall(window.library, record.id)
    assert wall.restricted and wall.team == ("alice",)
    assert matters.get_matter(window.library, record.id).caption == "People v. Wu"
    with office.open("bob") as bob, pytest.raises(NotFoundError):
        matters.get_matter(bob, record.id)
    window.undo_action.trigger()  # the caption
    window.undo_action.trigger()  # the wall
    assert not walls.matter_wall(window.library, record.id).restricted
    with office.open("bob") as bob:
        assert matters.get_matter(bob, record.id).caption == "People v. W"


@pytest.mark.postgres
def test_a_wall_without_a_team_or_without_oneself_is_refused_in_the_dialog(
    alice_window: tuple[MainWindow, Office], monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _office = alice_window
    record = matters.add_matter(window.library, matters.MatterInput("W-2", "People v. X", "Xi X"))
    window.matter_panel.refresh()
    assert window.matter_panel.select_matter(record.id)

    def empty_team(dialog: MatterDialog) -> None:
        assert dialog.wall_box is not None
        dialog.wall_box.setChecked(True)
        dialog.wall_box.team.setText(" , ")

    shown = answer_matter_dialog(monkeypatch, empty_team)
    window.matter_actions.edit_matter()
    assert "Name the people on the team" in shown[0].error_label.text()

    def without_me(dialog: MatterDialog) -> None:
        assert dialog.wall_box is not None
        dialog.wall_box.setChecked(True)
        dialog.wall_box.team.setText("bob")

    shown = answer_matter_dialog(monkeypatch, without_me)
    window.matter_actions.edit_matter()
    assert "you would not be on the team" in shown[0].error_label.text().casefold()
    assert shown[0].wall_box is not None and shown[0].wall_box.team.text() == "bob"  # kept
    assert not walls.matter_wall(window.library, record.id).restricted
