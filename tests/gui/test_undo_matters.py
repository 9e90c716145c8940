"""Undo and redo of matter, note and tag edits through AppContext.undo_stack."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from evidence_desk.core import allegations, matters, notes, officers
from evidence_desk.core.citations import CitationInput
from evidence_desk.core.errors import ValidationError
from evidence_desk.core.library import Library
from evidence_desk.gui.commands import push_command
from evidence_desk.gui.commands.matters import (
    CreateMatterCommand,
    EditMatterCommand,
)
from evidence_desk.gui.commands.notes import (
    AddNoteCommand,
    DeleteNoteCommand,
    EditNoteCommand,
)
from evidence_desk.gui.context import AppContext, Change
from evidence_desk.gui.main_window import MainWindow
from evidence_desk.gui.views.notes_tab import NotesTab
from tests.gui.gui_helpers import make_matter


@pytest.fixture
def context(library: Library) -> AppContext:
    return AppContext(library)


def notes_tab_on(qtbot: QtBot, library: Library, matter_id: int) -> tuple[MainWindow, NotesTab]:
    """A shown main window on the matter, and its Notes tab."""
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()
    window.matter_panel.refresh()
    window.matter_panel.select_matter(matter_id)
    return window, window.notes_tab


def cite_note(library: Library, matter_id: int, note_id: int) -> None:
    """An allegation quoting "called her twice" from the note (which blocks its deletion)."""
    officer = officers.add_officer(library, "John Smith")
    allegations.add_allegation(
        library,
        allegations.AllegationInput(
            matter_id=matter_id,
            officers=(allegations.OfficerLink(officer.id),),
            date="2024-01",
            conduct=("UC.CONTACT_AFTER_ARREST",),
            summary="Calls after release",
            citations=(CitationInput(note_id=note_id, quote="called her twice"),),
        ),
    )


def test_edit_matter_undo_redo_and_announcements(qtbot: QtBot, context: AppContext) -> None:
    record = make_matter(context.library)
    command = EditMatterCommand(
        context,
        record.id,
        {"caption": "People v. New", "docket": "IND-77/24", "client_name": "J. D."},
    )
    with qtbot.waitSignal(context.changed, check_params_cb=lambda change: change == Change.MATTERS):
        push_command(context, command)
    after = matters.get_matter(context.library, record.id)
    assert (after.caption, after.docket, after.client.name) == (
        "People v. New",
        "IND-77/24",
        "J. D.",
    )
    assert context.undo_stack.undoText() == "Edit matter 2024-001"
    context.undo_stack.undo()
    before = matters.get_matter(context.library, record.id)
    assert (before.caption, before.docket, before.client.name) == (record.caption, None, "Jane Doe")
    context.undo_stack.redo()
    assert matters.get_matter(context.library, record.id).docket == "IND-77/24"


def test_a_refused_edit_raises_and_leaves_nothing_to_undo(context: AppContext) -> None:
    record = make_matter(context.library)
    with pytest.raises(ValidationError):
        push_command(context, EditMatterCommand(context, record.id, {"caption": "  "}))
    assert context.undo_stack.count() == 0
    assert not context.undo_stack.canUndo()


def test_create_matter_is_undoable(context: AppContext) -> None:
    data = matters.MatterInput("2024-900", "People v. Nine", "Nina", client_other_names=("N. N.",))
    command = CreateMatterCommand(context, data)
    push_command(context, command)
    created = command.record
    assert created is not None
    context.undo_stack.undo()
    assert matters.list_matters(context.library) == []
    assert matters.all_clients(context.library) == []
    context.undo_stack.redo()
    restored = matters.get_matter_by_file_number(context.library, "2024-900")
    assert restored == created
    assert restored.caption == "People v. Nine"
    assert [item.value for item in restored.client.identifiers] == ["N. N."]


def test_add_and_edit_note_with_undo(context: AppContext) -> None:
    matter = make_matter(context.library)
    add = AddNoteCommand(context, matter.id, "Interview", "She said he called twice.")
    push_command(context, add)
    assert add.record is not None
    note_id = add.record.id
    push_command(
        context, EditNoteCommand(context, note_id, title=None, body="He called three times.")
    )
    assert notes.get_note(context.library, note_id).body == "He called three times."
    context.undo_stack.undo()
    assert notes.get_note(context.library, note_id).body == "She said he called twice."
    context.undo_stack.undo()
    assert notes.list_notes(context.library, matter.id) == []
    context.undo_stack.redo()
    (restored,) = notes.list_notes(context.library, matter.id)
    assert restored.id == note_id and restored.title == "Interview"
    context.undo_stack.redo()
    assert notes.get_note(context.library, note_id).body == "He called three times."


def test_notes_tab_adds_and_saves_through_the_undo_stack(qtbot: QtBot, library: Library) -> None:
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()
    matter = make_matter(library)
    window.matter_panel.refresh()
    window.matter_panel.select_matter(matter.id)
    tab = window.notes_tab
    record = tab.add_note("Observation", "")
    assert record is not None and tab.current is not None and tab.current.id == record.id
    tab.body_edit.setPlainText("Scar on the officer's left hand.")
    assert tab.save_button.isEnabled()
    tab.save_button.click()
    assert notes.get_note(library, record.id).body == "Scar on the officer's left hand."
    assert not tab.save_button.isEnabled()
    window.undo_action.trigger()
    assert tab.body_edit.toPlainText() == ""
    window.undo_action.trigger()
    assert tab.model.rowCount() == 0
    assert window.matter_panel.model.record(0).notes == 0


def test_delete_note_with_undo_and_a_refusal_while_cited(context: AppContext) -> None:
    from evidence_desk.core.errors import ConflictError

    matter = make_matter(context.library)
    note = notes.add_note(context.library, matter.id, "Intake", "He called her twice.")
    push_command(context, DeleteNoteCommand(context, note.id, note.title))
    assert notes.list_notes(context.library, matter.id) == []
    context.undo_stack.undo()
    assert notes.list_notes(context.library, matter.id) == [note]
    cite_note(context.library, matter.id, note.id)
    with pytest.raises(ConflictError, match="“Intake” is cited by the allegation “Calls after"):
        push_command(context, DeleteNoteCommand(context, note.id, note.title))
    assert notes.get_note(context.library, note.id) == note


def test_notes_tab_deletes_with_the_delete_key_and_undo_brings_it_back(
    qtbot: QtBot, library: Library
) -> None:
    from tests.gui.gui_helpers import answer_message_box

    matter = make_matter(library)
    kept = notes.add_note(library, matter.id, "Intake", "He called her twice.")
    doomed = notes.add_note(library, matter.id, "Scratch", "to be removed")
    window, tab = notes_tab_on(qtbot, library, matter.id)
    tab.table.selectRow(tab.model.row_of(doomed.id))
    assert tab.delete_button.isEnabled()
    window.matter_tabs.setCurrentWidget(tab)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert [note.id for note in notes.list_notes(library, matter.id)] == [kept.id]
    assert tab.model.rowCount() == 1
    window.undo_action.trigger()
    assert notes.get_note(library, doomed.id) == doomed
    assert tab.model.rowCount() == 2

    cite_note(library, matter.id, kept.id)
    tab.table.selectRow(tab.model.row_of(kept.id))
    seen = answer_message_box()
    assert not tab.delete_current()
    assert "“Intake” is cited by the allegation" in seen["text"]
    assert notes.get_note(library, kept.id) == kept


def test_saving_a_note_without_the_words_an_allegation_quotes_is_refused_keeping_the_text(
    qtbot: QtBot, library: Library
) -> None:
    from tests.gui.gui_helpers import answer_message_box

    matter = make_matter(library)
    note = notes.add_note(library, matter.id, "Intake", "He called her twice.")
    cite_note(library, matter.id, note.id)
    _window, tab = notes_tab_on(qtbot, library, matter.id)
    tab.table.selectRow(tab.model.row_of(note.id))
    tab.body_edit.setPlainText("He phoned her.")
    seen = answer_message_box()
    assert not tab.save_pending()
    assert "“Intake” was not saved" in seen["text"]
    assert "is quoted by the allegation “Calls after release” ('called her twice')" in seen["text"]
    assert notes.get_note(library, note.id) == note
    assert tab.body_edit.toPlainText() == "He phoned her."  # nothing typed is lost
    tab.body_edit.setPlainText("On 3 May he called her twice.")
    assert tab.save_pending()
    assert notes.get_note(library, note.id).body == "On 3 May he called her twice."


def test_typed_note_text_is_kept_when_switching_notes_matters_or_closing(
    qtbot: QtBot, library: Library
) -> None:
    matter = make_matter(library)
    other_matter = make_matter(library, "2024-002")
    first = notes.add_note(library, matter.id, "Intake", "He called twice.")
    second = notes.add_note(library, matter.id, "Follow-up", "")
    window, tab = notes_tab_on(qtbot, library, matter.id)
    tab.table.selectRow(tab.model.row_of(first.id))
    tab.body_edit.setPlainText("He called three times.")
    tab.title_edit.setText("")  # cleared by mistake: the title is kept

    tab.table.selectRow(tab.model.row_of(second.id))
    qtbot.waitUntil(lambda: notes.get_note(library, first.id).body != "He called twice.")
    assert tab.current is not None and tab.current.id == second.id  # the new choice holds
    saved = notes.get_note(library, first.id)
    assert (saved.title, saved.body) == ("Intake", "He called three times.")
    window.undo_action.trigger()
    assert notes.get_note(library, first.id).body == "He called twice."

    tab.body_edit.setPlainText("Met at the precinct.")
    window.matter_panel.select_matter(other_matter.id)
    qtbot.waitUntil(lambda: notes.get_note(library, second.id).body == "Met at the precinct.")
    assert window.notes_tab.matter_id == other_matter.id

    window.matter_panel.select_matter(matter.id)
    tab.table.selectRow(tab.model.row_of(second.id))
    tab.body_edit.setPlainText("Typed just before quitting.")
    window.close()
    assert notes.get_note(library, second.id).body == "Typed just before quitting."


def test_several_edits_of_one_record_undo_and_redo_in_turn(context: AppContext) -> None:
    """Each undo expects the version the window's previous step left, not its own."""
    matter = make_matter(context.library)
    shown = matters.get_matter(context.library, matter.id).version
    for caption in ("People v. One", "People v. Two", "People v. Three"):
        push_command(
            context,
            EditMatterCommand(context, matter.id, {"caption": caption}, expected_version=shown),
        )
        shown = matters.get_matter(context.library, matter.id).version
    for expected in ("People v. Two", "People v. One", matter.caption):
        context.undo_stack.undo()
        assert matters.get_matter(context.library, matter.id).caption == expected
    for expected in ("People v. One", "People v. Two", "People v. Three"):
        context.undo_stack.redo()
        assert matters.get_matter(context.library, matter.id).caption == expected
    # Someone else's change in between is still refused, not overwritten by an undo.
    matters.update_matter(context.library, matter.id, caption="Theirs")
    context.undo_stack.undo()
    assert matters.get_matter(context.library, matter.id).caption == "Theirs"
