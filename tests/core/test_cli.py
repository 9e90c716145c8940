"""The evidence-desk command: contract spellings, JSON output, exit codes, no partial writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evidence_desk.cli import main
from evidence_desk.core.errors import ValidationError


def run(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(library), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def cli_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "cli-library"
    assert run(capsys, path, "init")[0] == 0
    return path


def test_matter_with_client_round_trips_as_json(
    capsys: pytest.CaptureFixture[str], cli_library: Path
) -> None:
    code, out, _ = run(
        capsys,
        cli_library,
        "matter",
        "add",
        "2024-001",
        "--caption",
        "People v. Doe",
        "--client",
        "Jane Doe",
        "--client-aka",
        "JJ",
        "--client-aka",
        "Janie",
        "--client-dob",
        "1990-04-02",
        "--docket",
        "CR-1234-24",
        "--court",
        "Kings Crim.",
        "--json",
    )
    assert code == 0
    created = json.loads(out)
    assert created["id"] and created["file_number"] == "2024-001"
    code, out, _ = run(capsys, cli_library, "matter", "list", "--json")
    listed = json.loads(out)
    assert code == 0 and len(listed) == 1
    assert listed[0]["client"]["name"] == "Jane Doe"
    assert [i["value"] for i in listed[0]["client"]["identifiers"]] == ["JJ", "Janie"]
    assert listed[0]["client"]["date_of_birth"] == "1990-04-02"
    assert listed[0]["docket"] == "CR-1234-24"
    code, out, _ = run(capsys, cli_library, "matter", "show", "2024-001", "--json")
    assert json.loads(out)["caption"] == "People v. Doe"


def test_officers_with_identifiers_list_as_json(
    capsys: pytest.CaptureFixture[str], cli_library: Path
) -> None:
    code, out, _ = run(
        capsys,
        cli_library,
        "officer",
        "add",
        "John Smith",
        "--rank",
        "P.O.",
        "--command",
        "Vice",
        "--shield",
        "4521",
        "--tax-id",
        "912345",
        "--uc",
        "214",
        "--json",
    )
    assert code == 0
    officer_id = json.loads(out)["id"]
    code, out, _ = run(capsys, cli_library, "officer", "list", "--json")
    (officer,) = json.loads(out)
    assert officer["id"] == officer_id and officer["command"] == "Vice"
    assert {(i["kind"], i["value"]) for i in officer["identifiers"]} == {
        ("shield", "4521"),
        ("tax_id", "912345"),
        ("uc", "214"),
    }
    code, out, _ = run(capsys, cli_library, "officer", "show", str(officer_id))
    assert code == 0 and "shield 4521" in out


def test_note_add_needs_a_known_matter(
    capsys: pytest.CaptureFixture[str], cli_library: Path
) -> None:
    code, _out, err = run(capsys, cli_library, "note", "add", "NOPE", "--title", "x", "--body", "y")
    assert code != 0
    assert err.strip() == "evidence-desk: error: no matter with file number 'NOPE'"


def test_note_edit_keeps_words_an_allegation_quotes(
    capsys: pytest.CaptureFixture[str], cli_library: Path
) -> None:
    def ok(*args: str) -> str:
        code, out, err = run(capsys, cli_library, *args)
        assert code == 0, err
        return out

    ok("matter", "add", "2024-001", "--caption", "People v. Doe", "--client", "Jane Doe")
    ok("note", "add", "2024-001", "--title", "Interview", "--body", "He called her after release.")
    ok("officer", "add", "John Smith")
    ok("allegation", "add", "2024-001", "--officer", "1", "--date", "2021-03",
       "--conduct", "UC.EXPOSURE", "--summary", "Calls", "--cite", "note:1",
       "--quote", "called her after release")  # fmt: skip
    code, _out, err = run(capsys, cli_library, "note", "edit", "1", "--body", "He phoned her.")
    assert code == 1
    assert err == (
        "evidence-desk: error: the note “Interview” is quoted by the allegation “Calls” "
        "('called her after release'): keep those words, or change or remove the citation "
        "first\n"
    )
    code, _out, err = run(capsys, cli_library, "note", "edit", "1")
    assert code == 1 and "nothing to change: give --title, --body or both" in err
    new_body = "On 3 May he called her after release."
    edited = json.loads(
        ok("note", "edit", "1", "--title", "Interview, 3 May", "--body", new_body, "--json")
    )
    assert (edited["title"], edited["body"]) == (
        "Interview, 3 May",
        "On 3 May he called her after release.",
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["matter", "add", "2024-001", "--caption", "Dup", "--client", "X"], "already used"),
        (
            [
                "matter",
                "add",
                "2024-009",
                "--caption",
                "C",
                "--client",
                "X",
                "--client-dob",
                "1990-02-30",
            ],
            "not a real day",
        ),
        (["matter", "show", "9999"], "no matter"),
        (["officer", "show", "77"], "no officer with id 77"),
        (["officer", "add", "X", "--shield", ""], "needs a value"),
        (["matter", "add", "2024-010", "--caption", "  ", "--client", "X"], "caption"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], cli_library: Path, arguments: list[str], message: str
) -> None:
    assert (
        run(
            capsys,
            cli_library,
            "matter",
            "add",
            "2024-001",
            "--caption",
            "People v. Doe",
            "--client",
            "Jane Doe",
        )[0]
        == 0
    )
    _, before_matters, _ = run(capsys, cli_library, "matter", "list", "--json")
    _, before_officers, _ = run(capsys, cli_library, "officer", "list", "--json")
    code, _out, err = run(capsys, cli_library, *arguments)
    assert code != 0
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert run(capsys, cli_library, "matter", "list", "--json")[1] == before_matters
    assert run(capsys, cli_library, "officer", "list", "--json")[1] == before_officers
    assert run(capsys, cli_library, "audit", "verify")[0] == 0


def test_taxonomy_list_and_extend(capsys: pytest.CaptureFixture[str], cli_library: Path) -> None:
    code, out, _ = run(
        capsys,
        cli_library,
        "taxonomy",
        "add",
        "UC.FAKE_ID",
        "--label",
        "Used a fake identity",
        "--parent",
        "UC",
        "--json",
    )
    assert code == 0 and json.loads(out)["code"] == "UC.FAKE_ID"
    code, out, _ = run(capsys, cli_library, "taxonomy", "list", "--json")
    codes = {item["code"]: item for item in json.loads(out)}
    assert codes["UC.FAKE_ID"]["parent_code"] == "UC"
    assert codes["UC.FAKE_ID"]["builtin"] is False
    assert codes["SEXUAL.PROPOSITION"]["depth"] == 1
    code, _, err = run(capsys, cli_library, "taxonomy", "add", "UC.FAKE_ID", "--label", "x")
    assert code != 0 and "already exists" in err


def test_command_without_library_explains(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, tmp_path / "missing", "matter", "list")
    assert code != 0 and "evidence-desk init" in err


def test_installed_console_script_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "evidence_desk.cli", "--library", str(tmp_path / "l"), "init"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Created" in result.stdout


def test_text_that_is_not_utf8_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], cli_library: Path
) -> None:
    caption = "People v. D\udce9nis"  # how Python hands over the byte 0xE9 of a Latin-1 shell
    code, _out, err = run(
        capsys, cli_library, "matter", "add", "2024-9", "--caption", caption, "--client", "X"
    )
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "not valid UTF-8" in err and "\\xe9" in err and "Traceback" not in err
    assert run(capsys, cli_library, "matter", "list", "--json")[1].strip() == "[]"


def test_an_invalid_utf8_argument_from_a_real_shell_gets_one_line(cli_library: Path) -> None:
    word = b"caf\xe9".decode("utf-8", "surrogateescape")
    completed = subprocess.run(
        [sys.executable, "-m", "evidence_desk.cli", "--library", str(cli_library), "search", word],
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stderr.count(b"\n") == 1 and b"not valid UTF-8" in completed.stderr


def test_demo_is_built_where_library_points(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evidence_desk.cli import demo_commands

    built: list[Path] = []

    def build(path: Path, **_options: object) -> object:
        built.append(path)
        raise ValidationError("stop here")

    monkeypatch.setattr(demo_commands, "build_demo_library", build)
    assert main(["--library", str(tmp_path / "chosen"), "demo"]) != 0
    assert main(["--library", str(tmp_path / "chosen"), "demo", str(tmp_path / "named")]) != 0
    assert built == [tmp_path / "chosen", tmp_path / "named"]
    capsys.readouterr()
