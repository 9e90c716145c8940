"""officer import / duplicates / dossier, records import / list, suggest's confidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .public_data_files import (
    CCRB_HEADERS,
    PROPUBLICA_HEADERS,
    ccrb_row,
    propublica_row,
    write_csv,
)
from .test_cli import run


@pytest.fixture
def cli_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "cli-library"
    assert run(capsys, path, "init")[0] == 0
    return path


SURNAMES = ["Rodriguez", "Smith", "O'Brien", "Garcia-Lopez", "Nguyen", "Kowalski", "Cohen"]
GIVEN = ["Ana", "Luis", "John", "Mary", "Kevin", "Rosa", "Wei", "Sean", "Fatima", "Ivan"]


def five_thousand_officers(path: Path) -> Path:
    """5,000 officers as the CCRB publishes them: unique tax ids, shields reissued (every
    sixth shield is held by two officers), a few surnames repeated hundreds of times."""
    rows = []
    for number in range(5000):
        shield = str(1000 + (number if number % 6 else number // 6))
        rows.append(
            ccrb_row(
                str(900000 + number),
                GIVEN[number % len(GIVEN)],
                SURNAMES[(number // len(GIVEN)) % len(SURNAMES)],
                shield,
                active="Yes" if number % 9 else "No",
            )
        )
    return write_csv(path, CCRB_HEADERS, rows)


def test_a_5000_officer_roster_imports_in_one_command_and_again_without_duplicates(
    capsys: pytest.CaptureFixture[str],
    cli_library: Path,
    tmp_path: Path,
) -> None:
    path = five_thousand_officers(tmp_path / "roster.csv")
    code, out, err = run(capsys, cli_library, "officer", "import", str(path), "--dry-run", "--json")
    assert (code, err) == (0, "")
    dry = json.loads(out)
    assert (dry["dry_run"], dry["added"], dry["ambiguous"], dry["skipped"]) == (True, 5000, [], [])
    code, out, _ = run(capsys, cli_library, "officer", "list", "--json")
    assert json.loads(out) == []
    code, out, err = run(capsys, cli_library, "officer", "import", str(path))
    assert (code, err) == (0, "")
    assert "NYC CCRB officer roster" in out and "officers added                5000" in out
    code, out, _ = run(capsys, cli_library, "officer", "import", str(path), "--json")
    again = json.loads(out)
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 5000)
    code, out, _ = run(capsys, cli_library, "officer", "list", "--json")
    assert len(json.loads(out)) == 5000
    code, out, _ = run(capsys, cli_library, "officer", "duplicates", "--json")
    assert json.loads(out) == []  # a shared shield with another name is not a duplicate


def test_records_import_and_list(
    capsys: pytest.CaptureFixture[str],
    cli_library: Path,
    tmp_path: Path,
) -> None:
    export = write_csv(
        tmp_path / "allegations.csv",
        PROPUBLICA_HEADERS,
        [
            propublica_row("10007", "John", "Sears", "5952", "24601"),
            propublica_row("10008", "Ann", "Reyes", "7000", "24602", disposition="Exonerated"),
        ],
    )
    code, out, _ = run(capsys, cli_library, "records", "import", str(export))
    assert code == 0 and "rows not linked to an officer  2" in out
    assert "line 2: John Sears: no registered officer has CCRB id 10007" in out
    assert run(capsys, cli_library, "officer", "import", str(export))[0] == 0
    code, out, _ = run(capsys, cli_library, "records", "import", str(export), "--json")
    assert json.loads(out)["added"] == 2
    code, out, _ = run(capsys, cli_library, "officer", "list", "--json")
    sears = next(item["id"] for item in json.loads(out) if item["name"] == "John Sears")
    code, out, _ = run(capsys, cli_library, "records", "list", "--officer", str(sears), "--json")
    listed = json.loads(out)
    assert [(item["case_number"], item["disposition"], item["source"]) for item in listed] == [
        (
            "24601",
            "Substantiated (Charges)",
            "ProPublica: civilian complaints against NYPD officers",
        )
    ]
    assert listed[0]["date"] == "2019-07"
    code, out, _ = run(capsys, cli_library, "records", "sources")
    assert "ProPublica: civilian complaints against NYPD officers  2" in out


def test_suggest_prints_the_confidence(
    capsys: pytest.CaptureFixture[str],
    cli_library: Path,
) -> None:
    for name in ("Shawn Moynihan", "Maria Alvarez"):
        run(capsys, cli_library, "officer", "add", name, "--shield", "3202")
    _code, out, _ = run(capsys, cli_library, "officer", "suggest", "shield 3202", "--json")
    results = json.loads(out)
    assert {item["confidence"] for item in results} == {"possible"}
    assert results[0]["reason"].startswith("shield 3202 is held by 2 officers")
    assert {"officer_id", "score", "confidence", "reason"} <= set(results[0])
    _code, out, _ = run(capsys, cli_library, "officer", "suggest", "Sgt. Simpkins shield 3202")
    assert "CONFIDENCE" in out and "matches but the name does not" in out


def test_registering_the_same_officer_twice_needs_force(
    capsys: pytest.CaptureFixture[str],
    cli_library: Path,
) -> None:
    assert run(capsys, cli_library, "officer", "add", "Thomas Kell", "--uc", "214")[0] == 0
    code, _, err = run(capsys, cli_library, "officer", "add", "T. Kell", "--uc", "0214")
    assert code == 1
    assert err.count("\n") == 1 and "already registered with UC 0214 and the name" in err
    assert err.rstrip().endswith("(--force)")
    code, _, err = run(capsys, cli_library, "officer", "add", "Tom Kell", "--uc", "0214")
    assert code == 1 and "UC 0214 is officer 1 (Thomas Kell), a similar name" in err
    code, _, _ = run(capsys, cli_library, "officer", "add", "Tom Kell", "--uc", "0214", "--force")
    assert code == 0
    code, out, _ = run(capsys, cli_library, "officer", "duplicates")
    assert "same UC 214 and similar names" in out and "officer merge KEEP OTHER" in out


def test_dossier_refuses_an_existing_file_unless_overwrite(
    capsys: pytest.CaptureFixture[str],
    cli_library: Path,
    tmp_path: Path,
) -> None:
    run(capsys, cli_library, "officer", "add", "Thomas Kell", "--uc", "214")
    out_file = tmp_path / "kell.docx"
    code, out, _ = run(capsys, cli_library, "officer", "dossier", "1", "--out", str(out_file))
    assert code == 0 and "public records only" in out
    code, _, err = run(capsys, cli_library, "officer", "dossier", "1", "--out", str(out_file))
    assert code == 1 and "already exists" in err
    code, _, _ = run(
        capsys, cli_library, "officer", "dossier", "1", "--out", str(out_file), "--overwrite"
    )
    assert code == 0
    code, out, _ = run(capsys, cli_library, "officer", "dossier", "1")
    assert "Officer dossier: Thomas Kell (id 1)" in out and "Public records (0)" in out
