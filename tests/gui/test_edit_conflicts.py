"""Saving over another person's change, and losing the server: the window offers a reload
and never drops what was typed."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from evidence_desk.core import allegations, officers
from evidence_desk.core.allegations import AllegationInput, OfficerLink, input_from_record
from evidence_desk.core.errors import ConnectionLostError
from evidence_desk.core.library import Library
from evidence_desk.gui.context import AppContext
from evidence_desk.gui.views import allegation_editor, officer_registry
from evidence_desk.gui.views.allegation_editor import AllegationEditor
from evidence_desk.gui.views.edit_conflict import ConflictChoice
from evidence_desk.gui.views.officer_registry import OfficerRegistry
from tests.core.evidence_builders import add_matter


@pytest.fixture
def context(qtbot: QtBot, library: Library) -> AppContext:
    return AppContext(library)


def _allegation(library: Library) -> allegations.AllegationRecord:
    matter = add_matter(library)
    kell = officers.add_officer(library, "Thomas Kell")
    return allegations.add_allegation(
        library,
        AllegationInput(
            matter_id=matter.id,
            officers=(OfficerLink(kell.id),),
            date="2024-03",
            conduct=("UC.EXPOSURE",),
            summary="Exposure before the arrest",
        ),
    )


def _someone_else_saves(library: Library, allegation_id: int, summary: str) -> None:
    stored = allegations.get_allegation(library, allegation_id)
    data = input_from_record(stored)
    allegations.update_allegation(
        library,
        allegation_id,
        AllegationInput(**{**_as_dict(data), "summary": summary}),
        expected_version=stored.version,
    )


def _as_dict(data: AllegationInput) -> dict[str, object]:
    return {name: getattr(data, name) for name in AllegationInput.__dataclass_fields__}


@pytest.mark.parametrize("choice", list(ConflictChoice))
def test_the_editor_offers_their_version_after_a_conflict(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch, choice: ConflictChoice
) -> None:
    record = _allegation(context.library)
    editor = AllegationEditor(context, record.matter_id, record.id)
    qtbot.addWidget(editor)
    editor.narrative_edit.setPlainText("He called her the next day.")
    _someone_else_saves(context.library, record.id, "Bob's better summary")
    asked: list[str] = []

    def answer(_parent: object, error: Exception, _title: str) -> ConflictChoice:
        asked.append(str(error))
        return choice

    monkeypatch.setattr(allegation_editor, "ask_after_conflict", answer)
    saved = editor.save()
    assert asked and "(summary)" in asked[0]
    stored = allegations.get_allegation(context.library, record.id)
    if choice is ConflictChoice.RELOAD:
        assert not saved and editor.summary_edit.text() == "Bob's better summary"
        assert editor.narrative_edit.toPlainText() == ""  # their version, as they saved it
        assert not editor.has_unsaved_changes()
        assert stored.narrative == ""
    elif choice is ConflictChoice.OVERWRITE:
        assert saved
        assert (stored.summary, stored.narrative) == (
            "Exposure before the arrest",
            "He called her the next day.",
        )
    else:
        assert not saved and editor.narrative_edit.toPlainText() == "He called her the next day."
        assert "changed by" in editor.message.text() and stored.narrative == ""


def test_a_lost_connection_keeps_the_edit_for_another_try(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = _allegation(context.library)
    editor = AllegationEditor(context, record.matter_id, record.id)
    qtbot.addWidget(editor)
    editor.summary_edit.setText("Exposure, then the arrest")
    real_update = allegations.update_allegation

    def server_gone(*_args: object, **_options: object) -> None:
        raise ConnectionLostError(
            "lost the connection to database office on db:5432 (server closed the connection "
            "unexpectedly); this change was not saved and is kept here: try again when the "
            "server can be reached"
        )

    monkeypatch.setattr(allegations, "update_allegation", server_gone)
    assert not editor.save()
    assert "Lost the connection" in editor.message.text()
    assert editor.summary_edit.text() == "Exposure, then the arrest" and editor.result() == 0
    monkeypatch.setattr(allegations, "update_allegation", real_update)  # the server is back
    assert editor.save()
    assert allegations.get_allegation(context.library, record.id).summary == (
        "Exposure, then the arrest"
    )


def test_the_officer_registry_reloads_after_a_conflict(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    kell = officers.add_officer(context.library, "Thomas Kell", rank="P.O.")
    registry = OfficerRegistry(context)
    qtbot.addWidget(registry)
    registry.refresh()
    assert registry.select_officer(kell.id)
    registry.field_edits["rank"].setText("Sgt.")
    officers.update_officer(context.library, kell.id, rank="Det.", expected_version=kell.version)
    monkeypatch.setattr(
        officer_registry, "ask_after_conflict", lambda *_args: ConflictChoice.RELOAD
    )
    assert not registry.save_details()
    qtbot.waitUntil(lambda: registry.field_edits["rank"].text() == "Det.", timeout=3000)
    assert officers.get_officer(context.library, kell.id).rank == "Det."
