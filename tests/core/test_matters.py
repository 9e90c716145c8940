"""Deleting a matter opened by mistake, and putting it back exactly (the undo of New matter)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from evidence_desk.cli import main
from evidence_desk.core import audit, matters, notes
from evidence_desk.core.errors import ConflictError, ValidationError
from evidence_desk.core.library import Library
from evidence_desk.core.model import AuditEvent

pytestmark = pytest.mark.databases


def _matter(library: Library, file_number: str = "2024-050") -> matters.MatterRecord:
    return matters.add_matter(
        library,
        matters.MatterInput(
            file_number,
            "People v. Fifty",
            "Fay Fifty",
            client_other_names=("F. F.",),
            client_date_of_birth=date(1990, 4, 2),
            client_identifiers=(("nysid", "12345678K"),),
            docket="CR-5050-24",
        ),
    )


def test_an_empty_matter_is_deleted_and_restored_with_the_same_ids(library: Library) -> None:
    record = _matter(library)
    folder = library.matter_folder(record.folder_key)
    assert folder.is_dir()

    removed = matters.delete_matter(library, record.id)

    assert matters.list_matters(library) == []
    assert matters.all_clients(library) == []
    assert not folder.exists()
    restored = matters.restore_matter(library, removed)
    assert restored == record
    assert matters.all_clients(library) == [record.client]
    assert folder.is_dir()
    with library.read() as session:
        assert audit.verify(session)[1] is None


def test_a_matter_holding_evidence_is_refused_and_kept(library: Library) -> None:
    record = _matter(library)
    notes.add_note(library, record.id, "Intake", "Client describes the UC.")
    with pytest.raises(ConflictError, match="holds 1 note; close it instead"):
        matters.delete_matter(library, record.id)
    assert matters.get_matter(library, record.id) == record


def test_restore_refuses_a_file_number_taken_meanwhile(library: Library) -> None:
    removed = matters.delete_matter(library, _matter(library).id)
    _matter(library)
    with pytest.raises(ConflictError, match="file number 2024-050 is now used"):
        matters.restore_matter(library, removed)


def test_the_command_line_deletes_only_empty_matters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "lib")
    assert main(["--library", path, "init"]) == 0
    for number in ("A-1", "A-2"):
        args = ["matter", "add", number, "--caption", "People v. X", "--client", "X"]
        assert main(["--library", path, *args]) == 0
    assert main(["--library", path, "note", "add", "A-2", "--title", "t", "--body", "b"]) == 0
    capsys.readouterr()
    assert main(["--library", path, "matter", "delete", "A-1"]) == 0
    assert "Deleted matter A-1" in capsys.readouterr().out
    assert main(["--library", path, "matter", "delete", "A-2"]) != 0
    assert "close it instead" in capsys.readouterr().err
    assert main(["--library", path, "matter", "show", "A-2"]) == 0


def test_client_identifiers_are_replaced_as_a_whole_list_and_audited(library: Library) -> None:
    record = _matter(library)
    before, after = matters.update_matter(
        library,
        record.id,
        client_identifiers=[
            ("aka", "F. F."),
            ("aka", "  Rivera, Fay "),  # a name with a comma stays one name
            ("phone", "718-555-0101"),
            ("aka", "Rivera, Fay"),  # repeated: kept once
            ("phone", "   "),  # empty: ignored
        ],
    )
    assert before == record
    pairs = [(item.kind, item.value) for item in after.client.identifiers]
    assert pairs == [("aka", "F. F."), ("aka", "Rivera, Fay"), ("phone", "718-555-0101")]
    kept = next(item for item in after.client.identifiers if item.value == "F. F.")
    assert kept == next(item for item in record.client.identifiers if item.value == "F. F.")
    # What an anonymised export must never contain now includes the new names.
    (client,) = matters.all_clients(library)
    assert "Rivera, Fay" in client.other_names and "12345678K" not in str(client)

    with pytest.raises(ValidationError, match="not one of"):
        matters.update_matter(library, record.id, client_identifiers=[("shoe size", "9")])
    assert matters.get_matter(library, record.id) == after

    # Undo is the same call with the old list.
    old = [(item.kind, item.value) for item in before.client.identifiers]
    _, undone = matters.update_matter(library, record.id, client_identifiers=old)
    assert [(item.kind, item.value) for item in undone.client.identifiers] == old
    with library.read() as session:
        assert audit.verify(session)[1] is None
        events = [
            tuple(row) for row in session.execute(select(AuditEvent.action, AuditEvent.entity))
        ]
    assert events.count(("delete", "client_identifier")) == 3  # nysid, then the two added
    assert events.count(("create", "client_identifier")) == 2 + 2 + 1


def test_matter_edit_adds_and_removes_client_identifiers_from_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = ["--library", str(tmp_path / "lib")]
    assert main([*where, "init"]) == 0
    add = ["matter", "add", "A-1", "--caption", "People v. Fay", "--client", "Fay Fifty"]
    assert main([*where, *add, "--client-aka", "F. F.", "--client-id", "nysid=12345678K"]) == 0
    edit = ["matter", "edit", "A-1", "--client-aka", "Rivera, Fay"]
    edit += ["--client-id", "phone=718-555-0101", "--remove-client-id", "12345678K"]
    capsys.readouterr()
    assert main([*where, *edit, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    pairs = [(item["kind"], item["value"]) for item in shown["client"]["identifiers"]]
    assert pairs == [("aka", "F. F."), ("aka", "Rivera, Fay"), ("phone", "718-555-0101")]
    assert main([*where, "matter", "edit", "A-1", "--remove-client-id", "nobody"]) != 0
    assert "the client has no identifier 'nobody'" in capsys.readouterr().err
    assert main([*where, "matter", "edit", "A-1", "--client-id", "shoe=9"]) != 0
    assert "not one of" in capsys.readouterr().err


def test_note_delete_from_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    where = ["--library", str(tmp_path / "lib")]
    assert main([*where, "init"]) == 0
    assert main([*where, "matter", "add", "A-1", "--caption", "P v. X", "--client", "X"]) == 0
    capsys.readouterr()
    assert main([*where, "note", "add", "A-1", "--title", "Scratch", "--body", "b", "--json"]) == 0
    note_id = json.loads(capsys.readouterr().out)["id"]
    assert main([*where, "note", "delete", str(note_id)]) == 0
    assert "Deleted the note “Scratch”" in capsys.readouterr().out
    assert main([*where, "note", "delete", str(note_id)]) != 0
    assert f"no note with id {note_id}" in capsys.readouterr().err
