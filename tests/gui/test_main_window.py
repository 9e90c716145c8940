"""The main window: matters on the left, creating/editing/closing them, state remembered."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from evidence_desk.core import matters
from evidence_desk.core.library import Library
from evidence_desk.gui.main_window import MainWindow
from evidence_desk.gui.settings import AppSettings
from evidence_desk.gui.views.matter_dialog import MatterDialog


def answer_matter_dialog(
    monkeypatch: pytest.MonkeyPatch, fill: Callable[[MatterDialog], None]
) -> list[MatterDialog]:
    """Replace the modal loop of the matter dialog: fill it in and press OK once."""
    shown: list[MatterDialog] = []

    def exec_(dialog: MatterDialog) -> int:
        if shown and shown[-1] is dialog:
            return QDialog.DialogCode.Rejected  # asked again after an error: give up
        shown.append(dialog)
        fill(dialog)
        dialog.buttons.accepted.emit()
        return dialog.result()

    monkeypatch.setattr(MatterDialog, "exec", exec_)
    return shown


@pytest.fixture
def window(qtbot: QtBot, library: Library) -> MainWindow:
    main = MainWindow(library)
    qtbot.addWidget(main)
    main.show()
    return main


def test_window_lists_matters_and_shows_library_and_user(qtbot: QtBot, library: Library) -> None:
    matters.add_matter(library, matters.MatterInput("2024-001", "People v. Doe", "Jane Doe"))
    main = MainWindow(library)
    qtbot.addWidget(main)
    main.show()
    assert str(library.path) in main.windowTitle()
    assert str(library.path) in main.library_label.text()
    assert "tester" in main.library_label.text()
    panel = main.matter_panel
    assert panel.proxy.rowCount() == 1
    assert panel.proxy.index(0, 1).data() == "People v. Doe"


def test_create_matter_through_dialog_selects_it(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(dialog: MatterDialog) -> None:
        dialog.file_number.setText("2024-117")
        dialog.caption.setText("People v. Rivera")
        dialog.client_name.setText("Ana Rivera")
        dialog.client_identifiers.add_row("aka", "Annie R.")
        dialog.client_identifiers.add_row("aka", "Rivera, Ana")
        dialog.client_identifiers.add_row("phone", "718-555-0199")
        dialog.client_identifiers.add_row("nysid", "  ")  # left empty: ignored
        dialog.docket.setText("CR-12345-24")

    answer_matter_dialog(monkeypatch, fill)
    window.matter_actions.new_matter()
    stored = matters.get_matter_by_file_number(window.library, "2024-117")
    assert stored.client.other_names == ("Annie R.", "Rivera, Ana")
    assert [(item.kind, item.value) for item in stored.client.identifiers][-1] == (
        "phone",
        "718-555-0199",
    )
    assert window.matter_panel.current_matter_id() == stored.id
    assert window.matter_id == stored.id
    assert window.documents_tab.matter_id == stored.id


def test_create_matter_error_is_shown_in_the_dialog(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    matters.add_matter(window.library, matters.MatterInput("2024-001", "People v. Doe", "J Doe"))
    window.matter_panel.refresh()
    shown = answer_matter_dialog(
        monkeypatch,
        lambda dialog: (
            dialog.file_number.setText("2024-001"),
            dialog.caption.setText("People v. Other"),
            dialog.client_name.setText("Other"),
        ),
    )
    window.matter_actions.new_matter()
    dialog = shown[0]
    assert "already used" in dialog.field_errors[dialog.file_number].text()  # under the field
    assert "already used" in dialog.error_text() and dialog.error_label.isHidden()
    assert len(matters.list_matters(window.library)) == 1


def test_edit_matter_and_undo_redo(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    record = matters.add_matter(
        window.library, matters.MatterInput("2024-002", "People v. Roe", "Rita Roe")
    )
    window.matter_panel.refresh()
    assert window.matter_panel.select_matter(record.id)
    answer_matter_dialog(monkeypatch, lambda dialog: dialog.caption.setText("People v. Roe et al."))
    window.matter_actions.edit_matter()
    assert matters.get_matter(window.library, record.id).caption == "People v. Roe et al."
    shown = window.matter_panel.proxy
    assert shown.index(0, 1).data() == "People v. Roe et al."
    assert window.undo_action.isEnabled()
    assert "2024-002" in window.undo_action.text()

    window.undo_action.trigger()
    assert matters.get_matter(window.library, record.id).caption == "People v. Roe"
    assert shown.index(0, 1).data() == "People v. Roe"
    window.redo_action.trigger()
    assert matters.get_matter(window.library, record.id).caption == "People v. Roe et al."


def test_close_and_reopen_matter_with_undo(window: MainWindow) -> None:
    record = matters.add_matter(
        window.library, matters.MatterInput("2024-003", "People v. Poe", "Paul Poe")
    )
    window.matter_panel.refresh()
    window.matter_panel.select_matter(record.id)
    window.matter_actions.close_action.trigger()
    assert matters.get_matter(window.library, record.id).status == "closed"
    # The panel switches to show the closed matter rather than lose the selection.
    assert window.matter_panel.current_matter_id() == record.id
    assert window.matter_actions.close_action.text() == "&Reopen matter"
    window.context.undo_stack.undo()
    assert matters.get_matter(window.library, record.id).status == "open"


def test_matter_filter_by_text_and_status(window: MainWindow) -> None:
    for number, caption, client in (
        ("A-1", "People v. Alpha", "Ann Alpha"),
        ("B-2", "People v. Beta", "Bob Beta"),
    ):
        matters.add_matter(window.library, matters.MatterInput(number, caption, client))
    beta = matters.get_matter_by_file_number(window.library, "B-2")
    matters.update_matter(window.library, beta.id, status="closed")
    panel = window.matter_panel
    panel.refresh()
    assert panel.proxy.rowCount() == 1  # open only, by default
    panel.status_filter.setCurrentIndex(panel.status_filter.findData(None))
    assert panel.proxy.rowCount() == 2
    panel.search_box.setText("bob")
    assert panel.proxy.rowCount() == 1
    assert panel.proxy.index(0, 0).data() == "B-2"


def test_geometry_splitters_and_recent_libraries_are_remembered(
    qtbot: QtBot, library: Library, tmp_path
) -> None:
    settings = AppSettings()
    first = MainWindow(library, settings=settings)
    qtbot.addWidget(first)
    first.show()
    # Between the minimum size (which depends on the fonts installed) and the screen
    # (restoreGeometry keeps a window on screen; the offscreen screen is 800 x 600).
    screen = first.screen().availableGeometry()
    minimum = first.minimumSizeHint().expandedTo(first.minimumSize())
    width = (minimum.width() + screen.width()) // 2
    height = (minimum.height() + screen.height()) // 2
    first.resize(width, height)
    # Dragged by hand to a little wider than its narrowest.
    dragged = first.matter_panel.minimumSizeHint().width() + 30
    first.main_splitter.moveSplitter(dragged, 1)
    assert first.main_splitter.sizes()[0] == dragged
    first.close()
    second = MainWindow(library, settings=AppSettings())
    qtbot.addWidget(second)
    second.show()
    assert (second.size().width(), second.size().height()) == (width, height)
    assert second.main_splitter.sizes()[0] == first.main_splitter.sizes()[0]
    assert AppSettings().last_library() == library.path.resolve()


def test_keyboard_shortcuts_exist_for_common_actions(window: MainWindow) -> None:
    shortcuts = {
        action.text(): [sequence.toString() for sequence in action.shortcuts()]
        for action in window.findChildren(type(window.undo_action))
    }
    assert "Ctrl+Z" in shortcuts["&Undo"] or any("Ctrl+Z" in s for s in shortcuts.values())
    assert "Ctrl+Shift+Z" in window.redo_action.shortcuts()[0].toString()
    assert {"Ctrl+F", "Ctrl+K"} <= {s.toString() for s in window.find_action.shortcuts()}
    window.find_action.trigger()
    assert window.search_dock.isVisible()
    assert window.search_panel.box.hasFocus() or window.focusWidget() is window.search_panel.box


def test_quitting_while_a_task_runs_asks_first(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from PySide6.QtWidgets import QMessageBox

    release = threading.Event()
    window.context.runner.start(lambda control: release.wait(10) or control.cancelled)
    asked: list[str] = []

    def answer_no(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer_no)
    assert not window.close()
    assert asked and window.isVisible()
    release.set()
    qtbot.waitUntil(lambda: not window.context.runner.busy, timeout=5000)
    assert window.close()


def test_matters_table_has_accessible_names(window: MainWindow) -> None:
    for widget in (
        window.matter_panel.table,
        window.matter_panel.search_box,
        window.documents_tab.table,
        window.search_panel.box,
        window.viewer.page_box,
    ):
        assert widget.accessibleName(), widget
    assert window.matter_panel.table.focusPolicy() != Qt.FocusPolicy.NoFocus


def test_officers_and_patterns_pages_are_built_when_first_shown(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert not window.officer_page.built and not window.patterns_page.built
    window.pages.setCurrentIndex(1)
    assert window.officer_page.built
    assert window.officer_registry.accessibleName() == "Officers"
    window.pages.setCurrentIndex(2)
    assert window.patterns_page.built
    qtbot.waitUntil(lambda: not window.context.runner.busy, timeout=10_000)


def test_first_start_offers_create_open_and_demo(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    from evidence_desk.config import default_library_path
    from evidence_desk.gui import app as app_module
    from evidence_desk.gui.views.first_run import FirstRunDialog

    seen: list[FirstRunDialog] = []

    def choose_create(dialog: FirstRunDialog) -> int:
        seen.append(dialog)
        dialog.create_button.click()
        return dialog.result()

    monkeypatch.setattr(FirstRunDialog, "exec", choose_create)
    arguments = app_module.parse_arguments(["evidence-desk-gui"])
    settings = AppSettings()
    start = app_module.choose_start_library(arguments, settings)
    assert start == (default_library_path(), True)
    assert seen[0].demo_button.isEnabled()
    controller = app_module.ApplicationController(settings)
    assert controller.open(*start[:1], create=start[1])
    qtbot.addWidget(controller.window)
    assert Library.exists(default_library_path())
    # Next start: the last library opens without asking.
    assert app_module.choose_start_library(arguments, AppSettings()) == (
        default_library_path().resolve(),
        False,
    )
    # Opening another library replaces the window and closes the first library.
    other = tmp_path / "other-library"
    first_window = controller.window
    first_window.library_requested.emit(other, True)
    assert controller.window is not first_window
    qtbot.addWidget(controller.window)
    assert controller.library is not None and controller.library.path == other.resolve()
    assert [path for path in AppSettings().recent_libraries()][:2] == [
        other.resolve(),
        default_library_path().resolve(),
    ]
    controller.window.close()
    controller.close()


def test_export_from_patterns_opens_the_export_dialog_for_those_officers(
    qtbot: QtBot, window: MainWindow
) -> None:
    from evidence_desk.core import officers

    officer = officers.add_officer(window.library, "John Smith")
    window.pages.setCurrentIndex(2)
    qtbot.waitUntil(lambda: not window.context.runner.busy, timeout=10_000)
    window.patterns_view.export_requested.emit((officer.id,))
    dialogs = [
        widget
        for widget in window.findChildren(QDialog)
        if type(widget).__name__ == "ExportDialog" and widget.isVisible()
    ]
    assert len(dialogs) == 1
    assert dialogs[0].officer_ids == (officer.id,)
    dialogs[0].close()


def test_opens_on_the_last_matter_worked_on_or_else_the_newest(
    qtbot: QtBot, library: Library
) -> None:
    first = matters.add_matter(library, matters.MatterInput("A-1", "People v. A", "Al A"))
    newest = matters.add_matter(library, matters.MatterInput("B-2", "People v. B", "Bo B"))
    window = MainWindow(library, settings=AppSettings())
    qtbot.addWidget(window)
    window.show()
    assert window.matter_id == newest.id
    assert not window.viewer.password_button.isVisible()
    window.matter_panel.select_matter(first.id)
    window.close()
    again = MainWindow(library, settings=AppSettings())
    qtbot.addWidget(again)
    again.show()
    assert again.matter_id == first.id
    assert again.documents_tab.matter_id == first.id


def test_edit_matter_adds_and_removes_client_identifiers_with_undo(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = matters.add_matter(
        window.library,
        matters.MatterInput(
            "2024-004", "People v. Moe", "Mo Moe", client_identifiers=(("nysid", "1234567Q"),)
        ),
    )
    window.matter_panel.refresh()
    assert window.matter_panel.select_matter(record.id)

    def fill(dialog: MatterDialog) -> None:
        table = dialog.client_identifiers
        assert table.pairs() == [("nysid", "1234567Q")]
        table.table.selectRow(0)
        table.remove_selected()
        row = table.add_row("aka", "")
        table.table.item(row, table.VALUE).setText("Moe, Maurice")

    answer_matter_dialog(monkeypatch, fill)
    window.matter_actions.edit_matter()
    stored = matters.get_matter(window.library, record.id)
    assert [(item.kind, item.value) for item in stored.client.identifiers] == [
        ("aka", "Moe, Maurice")
    ]
    window.undo_action.trigger()
    stored = matters.get_matter(window.library, record.id)
    assert [(item.kind, item.value) for item in stored.client.identifiers] == [
        ("nysid", "1234567Q")
    ]


def test_delete_empty_matter_with_undo_and_refusal_for_one_with_evidence(
    window: MainWindow,
) -> None:
    from evidence_desk.core import notes
    from tests.gui.gui_helpers import answer_message_box

    keep = matters.add_matter(
        window.library, matters.MatterInput("2024-010", "People v. Kept", "Kim Kept")
    )
    notes.add_note(window.library, keep.id, "Intake", "evidence")
    mistake = matters.add_matter(
        window.library, matters.MatterInput("2024-011", "People v. Oops", "Otto Oops")
    )
    window.matter_panel.refresh()
    assert window.matter_panel.select_matter(mistake.id)
    assert window.matter_actions.delete_action.isEnabled()
    window.matter_actions.delete_action.trigger()
    assert [s.matter.id for s in matters.list_matters(window.library)] == [keep.id]
    assert window.matter_panel.current_matter_id() != mistake.id
    window.undo_action.trigger()
    assert matters.get_matter(window.library, mistake.id) == mistake

    assert window.matter_panel.select_matter(keep.id)
    seen = answer_message_box()
    assert not window.matter_actions.delete_matter()
    assert "close it instead" in seen["text"]
    assert matters.get_matter(window.library, keep.id) == keep


def test_quitting_with_an_edited_allegation_open_asks_first(window: MainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.gui.gui_helpers import answer_message_box

    record = matters.add_matter(
        window.library, matters.MatterInput("2024-020", "People v. Open", "Olga Open")
    )
    window.matter_panel.refresh()
    assert window.matter_panel.select_matter(record.id)
    editor = window.allegations_tab.new_allegation()
    assert editor is not None
    editor.summary_edit.setText("Typed, not saved")

    answer_message_box(QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert editor.isVisible() and editor.summary_edit.text() == "Typed, not saved"
    answer_message_box(QMessageBox.StandardButton.Discard)
    assert window.close()


def test_officer_details_typed_before_quitting_are_saved(window: MainWindow) -> None:
    from evidence_desk.core import officers

    officer = officers.add_officer(window.library, "Tess Fixture")
    registry = window.officer_registry
    registry.refresh()
    assert registry.select_officer(officer.id)
    registry.field_edits["rank"].setText("Sergeant")
    assert window.close()
    assert officers.get_officer(window.library, officer.id).rank == "Sergeant"


def test_date_of_birth_is_set_cleared_and_restored_by_undo(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    record = matters.add_matter(
        window.library,
        matters.MatterInput(
            "2024-030", "People v. Dob", "Dana Dob", client_date_of_birth=date(1990, 5, 6)
        ),
    )
    window.matter_panel.refresh()
    assert window.matter_panel.select_matter(record.id)

    def date_of_birth() -> date | None:
        return matters.get_matter(window.library, record.id).client.date_of_birth

    answer_matter_dialog(
        monkeypatch, lambda dialog: dialog.client_date_of_birth.setText("1991-07-08")
    )
    window.matter_actions.edit_matter()
    assert date_of_birth() == date(1991, 7, 8)
    answer_matter_dialog(monkeypatch, lambda dialog: dialog.client_date_of_birth.clear())
    window.matter_actions.edit_matter()
    assert date_of_birth() is None
    window.undo_action.trigger()
    assert date_of_birth() == date(1991, 7, 8)
    window.undo_action.trigger()
    assert date_of_birth() == date(1990, 5, 6)


def test_the_empty_matter_list_says_how_to_start(window: MainWindow) -> None:
    table = window.matter_panel.table
    assert "New matter" in table.empty_text()
    matters.add_matter(window.library, matters.MatterInput("2024-040", "People v. Empty", "E"))
    window.matter_panel.refresh()
    assert table.empty_text() == ""
    window.matter_panel.search_box.setText("no such caption")
    assert table.empty_text() == "No matter matches the filter."
    table.grab()  # paints the hint without error
