"""The officer, allegation and tag commands: JSON output, exit codes, nothing half-written."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from evidence_desk.cli import main
from evidence_desk.core import notes
from evidence_desk.core.library import Library
from tests.core.evidence_builders import ARREST_REPORT_PAGES, add_document, add_matter

both_databases = pytest.mark.databases


def run(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(library), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> Any:
    code, out, err = run(capsys, library, *args, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def desk(library: Library, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """A library with a matter, a 3-page arrest report (document 1), a note and officers."""
    path = library.path
    matter_id = add_matter(library, "2024-001", "Jane Doe").id
    document = add_document(
        library, matter_id, "Arrest Report", ARREST_REPORT_PAGES, first_bates=124
    )
    note = notes.add_note(library, matter_id, "Interview", "He called her after release.")
    library.close()  # the commands open it themselves
    smith = run_json(
        capsys, path, "officer", "add", "John Smith", "--rank", "P.O.", "--shield", "4521"
    )
    jones = run_json(capsys, path, "officer", "add", "Robert Jones", "--uc", "0214")
    return {
        "path": path,
        "document": document.id,
        "note": note.id,
        "smith": smith["id"],
        "jones": jones["id"],
    }


def _state(capsys: pytest.CaptureFixture[str], path: Path) -> list[Any]:
    return [
        run_json(capsys, path, "officer", "list", "--all"),
        run_json(capsys, path, "officer", "merges"),
        run_json(capsys, path, "allegation", "list"),
        run_json(capsys, path, "tag", "list"),
    ]


def _without_versions(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: value for key, value in row.items() if key != "version"} for row in rows]


@both_databases
def test_officer_registry_commands(
    capsys: pytest.CaptureFixture[str], desk: dict[str, Any]
) -> None:
    path = desk["path"]
    alias = run_json(
        capsys, path, "officer", "alias", "add", str(desk["smith"]), "P.O. Smyth", "--source", "DD5"
    )
    assert alias["text"] == "P.O. Smyth" and alias["officer_id"] == desk["smith"]
    identifier = run_json(
        capsys,
        path,
        "officer",
        "identifier",
        "add",
        str(desk["smith"]),
        "shield",
        "9876",
        "--from",
        "2020-01-01",
    )
    assert identifier["valid_from"] == "2020-01-01"
    edited = run_json(capsys, path, "officer", "edit", str(desk["smith"]), "--command", "Vice")
    assert edited["command"] == "Vice" and edited["rank"] == "P.O."
    suggestions = run_json(capsys, path, "officer", "suggest", "Officer Jon Smyth")
    assert suggestions[0]["officer_id"] == desk["smith"]
    assert {"officer_id", "score", "reason"} <= set(suggestions[0])
    assert run_json(capsys, path, "officer", "suggest", "UC 214")[0]["officer_id"] == desk["jones"]
    code, out, _ = run(capsys, path, "officer", "suggest", "shield 9876", "--date", "2021-01-01")
    assert code == 0 and "valid on 2021-01-01" in out


@both_databases
def test_merge_needs_force_on_conflict_and_unmerge_restores(
    capsys: pytest.CaptureFixture[str], desk: dict[str, Any]
) -> None:
    path = desk["path"]
    other = run_json(capsys, path, "officer", "add", "Jon Smyth", "--shield", "1111")
    before = _state(capsys, path)
    code, _, err = run(capsys, path, "officer", "merge", str(desk["smith"]), str(other["id"]))
    assert code != 0 and "conflicting identifiers" in err and "--force" in err
    assert len(err.strip().splitlines()) == 1
    assert _state(capsys, path) == before
    merge = run_json(
        capsys,
        path,
        "officer",
        "merge",
        str(desk["smith"]),
        str(other["id"]),
        "--force",
        "--reason",
        "same UC",
    )
    assert merge["survivor_id"] == desk["smith"] and merge["reason"] == "same UC"
    listed = run_json(capsys, path, "officer", "list")
    assert other["id"] not in [item["id"] for item in listed]
    unmerged = run_json(capsys, path, "officer", "unmerge", str(other["id"]))
    assert unmerged["merged"]["id"] == other["id"] and unmerged["merge"] == merge["id"]
    after = _state(capsys, path)
    # Every officer, identifier and alias as it was; the edit versions went on up (a merge
    # and its undo are saved changes: an editor opened before them is told so).
    assert _without_versions(after[0]) == _without_versions(before[0])
    assert [item["version"] for item in after[0]] > [item["version"] for item in before[0]]
    assert after[1][0]["unmerged_at"] is not None
    assert run(capsys, path, "audit", "verify")[0] == 0


@both_databases
def test_allegation_add_show_edit_list_delete(
    capsys: pytest.CaptureFixture[str], desk: dict[str, Any]
) -> None:
    path = desk["path"]
    created = run_json(
        capsys,
        path,
        "allegation",
        "add",
        "2024-001",
        "--officer",
        str(desk["smith"]),
        "--officer",
        str(desk["jones"]),
        "--role",
        f"{desk['jones']}=present",
        "--date",
        "2021-03",
        "--conduct",
        "UC.EXPOSURE",
        "--conduct",
        "uc.groping",
        "--summary",
        "Exposure in the car",
        "--time",
        "23:15",
        "--reported-to",
        "ccrb",
        "--cite",
        f"{desk['document']}:2",
        "--quote",
        "effected the arrest",
        "--cite",
        f"note:{desk['note']}",
        "--quote",
        "called her",
    )
    assert created["id"] and created["date"] == "2021-03"
    assert [(o["officer_id"], o["role"]) for o in created["officers"]] == [
        (desk["smith"], "accused"),
        (desk["jones"], "present"),
    ]
    assert created["conduct"] == ["UC.EXPOSURE", "UC.GROPING"]
    assert created["citations"][0]["pinpoint"] == "Arrest Report, p. 2 (NYPD 000125)"
    assert created["citations"][1]["note_id"] == desk["note"]
    code, out, _ = run(capsys, path, "allegation", "show", str(created["id"]))
    assert code == 0 and "Arrest Report, p. 2 (NYPD 000125)" in out and "March 2021" in out
    edited = run_json(
        capsys,
        path,
        "allegation",
        "edit",
        str(created["id"]),
        "--date",
        "2021-03-12",
        "--status",
        "corroborated",
        "--role",
        f"{desk['jones']}=witness",
        "--remove-citation",
        str(created["citations"][1]["id"]),
        "--cite",
        f"{desk['document']}:2-3",
        "--quote",
        "No injuries reported",
    )
    assert edited["date"] == "2021-03-12" and edited["status"] == "corroborated"
    assert edited["summary"] == "Exposure in the car"
    assert [o["role"] for o in edited["officers"]] == ["accused", "witness"]
    assert [c["pinpoint"] for c in edited["citations"]] == [
        "Arrest Report, p. 2 (NYPD 000125)",
        "Arrest Report, pp. 2-3 (NYPD 000125-000126)",
    ]
    assert [
        a["id"] for a in run_json(capsys, path, "allegation", "list", "--matter", "2024-001")
    ] == [created["id"]]
    assert run_json(capsys, path, "allegation", "list", "--officer", str(desk["jones"]))
    code, out, _ = run(capsys, path, "allegation", "list")
    assert code == 0 and "Exposure in the car" in out
    deleted = run_json(capsys, path, "allegation", "delete", str(created["id"]))
    assert deleted["id"] == created["id"]
    assert run_json(capsys, path, "allegation", "list") == []
    assert run(capsys, path, "audit", "verify")[0] == 0


@both_databases
def test_tag_commands(capsys: pytest.CaptureFixture[str], desk: dict[str, Any]) -> None:
    path = desk["path"]
    created = run_json(capsys, path, "tag", "add", "Hot", "--colour", "#FF0000")
    assert created["name"] == "Hot" and created["colour"] == "#ff0000"
    applied = run_json(capsys, path, "tag", "apply", "Hot", str(desk["document"]))
    assert applied["documents"] == [desk["document"]]
    assert run_json(capsys, path, "tag", "list")[0]["documents"] == 1
    shown = run_json(capsys, path, "tag", "show", "hot")
    assert shown["documents"] == [{"id": desk["document"], "title": "Arrest Report"}]
    assert run_json(capsys, path, "tag", "rename", "Hot", "Key")["name"] == "Key"
    assert run_json(capsys, path, "tag", "colour", "Key", "#00ff00")["colour"] == "#00ff00"
    assert run_json(capsys, path, "tag", "remove", "Key", str(desk["document"]))["documents"] == [
        desk["document"]
    ]
    assert run_json(capsys, path, "tag", "delete", "Key")["name"] == "Key"
    assert run_json(capsys, path, "tag", "list") == []
    assert run(capsys, path, "audit", "verify")[0] == 0


FUTURE = (date.today() + timedelta(days=10)).isoformat()


def _allegation(*extra: str, officer: str = "1", conduct: str = "UC.EXPOSURE") -> list[str]:
    return [
        "allegation",
        "add",
        "2024-001",
        "--officer",
        officer,
        "--conduct",
        conduct,
        "--summary",
        "x",
        *extra,
    ]


# On SQLite only: thirty-odd refusals of the arguments themselves, the same on either
# database; test_bad_edit_changes_nothing checks the refusals the database takes part in.
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (_allegation("--date", "2021-03", officer="99"), "no officer with id 99"),
        (_allegation("--date", "2021-03", officer="abc"), "must be an officer id"),
        (_allegation("--date", "2021-03", conduct="UC.FLYING"), "'UC.FLYING' is not in the"),
        (_allegation("--date", FUTURE), "is in the future"),
        (_allegation("--date", "2021-05..2021-02"), "ends before it starts"),
        (_allegation("--date", "2021-02-30"), "not a real day"),
        (_allegation("--date", "2021", "--cite", "1:7", "--quote", "x"), "page 7 is beyond"),
        (_allegation("--date", "2021", "--cite", "1:2", "--quote", "kissed"), "is not on p. 2"),
        (_allegation("--date", "2021", "--cite", "1:3-2"), "ends before it starts"),
        (_allegation("--date", "2021", "--cite", "9:1"), "no document with id 9"),
        (_allegation("--date", "2021", "--cite", "note:9"), "no note with id 9"),
        (_allegation("--date", "2021", "--cite", "one:two"), "is not DOCUMENT:PAGE"),
        (_allegation("--date", "2021", "--quote", "x"), "must follow the --cite"),
        (_allegation("--date", "2021", "--role", "2=accused"), "who is not an --officer"),
        (_allegation("--date", "2021", "--role", "1=boss"), "officer role 'boss'"),
        (_allegation("--date", "2021", "--status", "proven"), "invalid choice"),
        (
            [
                "allegation",
                "add",
                "NOPE",
                "--officer",
                "1",
                "--conduct",
                "UC",
                "--summary",
                "x",
                "--date",
                "2021",
            ],
            "no matter",
        ),
        (
            [
                "allegation",
                "add",
                "2024-001",
                "--conduct",
                "UC",
                "--summary",
                "x",
                "--date",
                "2021",
            ],
            "at least one officer",
        ),
        (["allegation", "show", "99"], "no allegation with id 99"),
        (["allegation", "edit", "99", "--summary", "y"], "no allegation with id 99"),
        (["allegation", "delete", "99"], "no allegation with id 99"),
        (["allegation", "list", "--officer", "99"], "no officer with id 99"),
        (["officer", "suggest", "Smith", "--date", FUTURE[:4] + "-13-01"], "not a real day"),
        (["officer", "merge", "1", "1"], "into itself"),
        (["officer", "merge", "1", "99"], "no officer with id 99"),
        (["officer", "unmerge", "1"], "no merge to undo"),
        (["officer", "alias", "add", "99", "x"], "no officer with id 99"),
        (
            [
                "officer",
                "identifier",
                "add",
                "1",
                "shield",
                "5",
                "--from",
                "2021-01-01",
                "--to",
                "2020-01-01",
            ],
            "before valid-from",
        ),
        (["officer", "identifier", "add", "1", "badge", "5"], "invalid choice"),
        (["officer", "edit", "1", "--name", " "], "needs a name"),
        (["tag", "apply", "Nope", "1"], "no tag named"),
        (["tag", "add", "Red", "--colour", "red"], "#RRGGBB"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], desk: dict[str, Any], arguments: list[str], message: str
) -> None:
    path = desk["path"]
    run_json(capsys, path, "tag", "add", "Hot")
    before = _state(capsys, path)
    code, _out, err = run(capsys, path, *arguments)
    assert code != 0
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert _state(capsys, path) == before
    assert run(capsys, path, "audit", "verify")[0] == 0


@both_databases
def test_bad_edit_changes_nothing(capsys: pytest.CaptureFixture[str], desk: dict[str, Any]) -> None:
    path = desk["path"]
    created = run_json(capsys, path, *_allegation("--date", "2021-03"))
    before = _state(capsys, path)
    for arguments, message in (
        (["--conduct", "NOPE"], "not in the taxonomy"),
        (["--date", FUTURE], "in the future"),
        (["--status", "alleged", "--cite", "1:2", "--quote", "not there"], "is not on p. 2"),
        (["--remove-citation", "5"], "has no citation with id 5"),
        (["--role", "2=present"], "who is not on allegation"),
    ):
        code, _out, err = run(capsys, path, "allegation", "edit", str(created["id"]), *arguments)
        assert code != 0 and message in err, (arguments, err)
        assert _state(capsys, path) == before
