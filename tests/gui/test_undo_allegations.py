"""Undo and redo of allegation and citation commands, and what they announce."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from evidence_desk.core import allegations, citations, officers
from evidence_desk.core.allegations import (
    AllegationInput,
    CitationInput,
    OfficerLink,
    input_from_record,
)
from evidence_desk.core.errors import EvidenceDeskError, NotFoundError
from evidence_desk.core.library import Library
from evidence_desk.gui.commands import push_command
from evidence_desk.gui.commands.allegations import (
    AddAllegationCommand,
    AddCitationCommand,
    DeleteAllegationCommand,
    EditAllegationCommand,
    RemoveCitationCommand,
)
from evidence_desk.gui.context import AppContext, Change
from tests.core.evidence_builders import ARREST_REPORT_PAGES, add_document, add_matter


def setup(library: Library) -> tuple[AppContext, AllegationInput, int]:
    matter = add_matter(library)
    document = add_document(library, matter.id, "Arrest Report", list(ARREST_REPORT_PAGES))
    officer = officers.add_officer(library, "John Smith")
    data = AllegationInput(
        matter_id=matter.id,
        officers=(OfficerLink(officer.id),),
        date="2021-03-12",
        conduct=("UC.EXPOSURE",),
        summary="Exposure before the arrest",
        citations=(CitationInput(document.id, 2, 2, quote="pre-arranged signal"),),
    )
    return AppContext(library), data, document.id


def test_add_edit_delete_undo_redo(qtbot: QtBot, library: Library) -> None:
    context, data, document_id = setup(library)
    announced: list[Change] = []
    context.changed.connect(announced.append)
    add = AddAllegationCommand(context, data)
    push_command(context, add)
    assert add.record is not None
    allegation_id = add.record.id
    assert announced == [Change.ALLEGATIONS | Change.OFFICERS]
    with pytest.raises(TypeError, match="Change members"):
        context.announce("allegations")  # type: ignore[arg-type]  # reaches no view: refused
    context.undo_stack.undo()
    with pytest.raises(NotFoundError):
        allegations.get_allegation(library, allegation_id)
    context.undo_stack.redo()
    restored = allegations.get_allegation(library, allegation_id)
    assert len(restored.citations) == 1  # the first citation came back with it

    changed = replace(input_from_record(restored), summary="Changed", status="corroborated")
    edit = EditAllegationCommand(
        context,
        allegation_id,
        changed,
        add_citations=(CitationInput(document_id, 3, 3, quote="No injuries reported"),),
        remove_citations=(restored.citations[0].id,),
    )
    push_command(context, edit)
    after = allegations.get_allegation(library, allegation_id)
    assert after.summary == "Changed" and after.status == "corroborated"
    assert [c.page_start for c in after.citations] == [3]
    context.undo_stack.undo()
    before = allegations.get_allegation(library, allegation_id)
    assert before.summary == "Exposure before the arrest" and before.status == "alleged"
    assert [c.id for c in before.citations] == [restored.citations[0].id]
    context.undo_stack.redo()
    assert [c.page_start for c in allegations.get_allegation(library, allegation_id).citations] == [
        3
    ]

    push_command(context, DeleteAllegationCommand(context, allegation_id, "Changed"))
    assert allegations.list_allegations(library) == []
    context.undo_stack.undo()
    assert allegations.get_allegation(library, allegation_id).summary == "Changed"
    assert context.undo_stack.count() == 3


def test_failed_edit_changes_nothing_and_leaves_no_command(qtbot: QtBot, library: Library) -> None:
    context, data, document_id = setup(library)
    record = allegations.add_allegation(library, data)
    changed = AllegationInput(
        matter_id=record.matter_id,
        officers=input_from_record(record).officers,
        date="2021-03",
        conduct=record.conduct,
        summary="Changed",
    )
    edit = EditAllegationCommand(
        context,
        record.id,
        changed,
        add_citations=(CitationInput(document_id, 3, 3, quote="words that are not there"),),
        remove_citations=(record.citations[0].id,),
    )
    with pytest.raises(EvidenceDeskError, match=r"not on p\. 3"):
        push_command(context, edit)
    now = allegations.get_allegation(library, record.id)
    assert now.summary == record.summary and now.date == record.date
    assert [c.id for c in now.citations] == [record.citations[0].id]
    assert not context.undo_stack.canUndo()


def test_citation_add_remove_undo_redo(qtbot: QtBot, library: Library) -> None:
    context, data, document_id = setup(library)
    record = allegations.add_allegation(library, data)
    add = AddCitationCommand(
        context, record.id, CitationInput(document_id, 1, 1, quote="ARREST REPORT")
    )
    push_command(context, add)
    assert add.record is not None and "Arrest Report, p. 1" in add.text()
    assert len(allegations.get_allegation(library, record.id).citations) == 2
    context.undo_stack.undo()
    assert len(allegations.get_allegation(library, record.id).citations) == 1
    context.undo_stack.redo()
    ids = {c.id for c in allegations.get_allegation(library, record.id).citations}
    assert add.record.id in ids  # the same citation, same id

    push_command(context, RemoveCitationCommand(context, add.record.id))
    assert add.record.id not in {
        c.id for c in allegations.get_allegation(library, record.id).citations
    }
    context.undo_stack.undo()
    assert add.record.id in {c.id for c in allegations.get_allegation(library, record.id).citations}
    with pytest.raises(EvidenceDeskError):
        push_command(context, RemoveCitationCommand(context, 9999))
    assert citations.remove_citation(library, add.record.id).id == add.record.id


def test_a_refused_redo_is_reported_like_a_refused_undo(qtbot: QtBot, library: Library) -> None:
    context, data, _document_id = setup(library)
    messages: list[str] = []
    context.status_message.connect(messages.append)
    add = AddAllegationCommand(context, data)
    push_command(context, add)
    assert add.record is not None
    context.undo_stack.undo()
    # Meanwhile another allegation took its id: it cannot come back as it was.
    taken = allegations.add_allegation(library, data)
    assert taken.id == add.record.id
    context.undo_stack.redo()
    assert messages[-1].startswith("Cannot redo Add allegation")
    assert "is already there" in messages[-1]
    assert context.undo_stack.count() == 0  # the refused step left the stack

    again = AddAllegationCommand(context, data)
    push_command(context, again)
    assert again.record is not None
    allegations.delete_allegation(library, again.record.id)  # deleted behind the window
    context.undo_stack.undo()
    assert messages[-1].startswith("Cannot undo Add allegation")
    assert context.undo_stack.count() == 0
