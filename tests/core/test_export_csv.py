"""CSV of allegations with citations: one row per citation, spreadsheet-safe."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from evidence_desk.cli import main
from evidence_desk.core.errors import ValidationError
from evidence_desk.core.export_csv import COLUMNS, export_allegations_csv
from evidence_desk.core.library import Library
from evidence_desk.core.patterns import PatternFilter

from .memo_data import Cite, Scenario, add_allegation, build_scenario

pytestmark = pytest.mark.databases


@pytest.fixture
def scenario(library: Library) -> Scenario:
    return build_scenario(library)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_one_row_per_citation(scenario: Scenario, tmp_path: Path) -> None:
    out = tmp_path / "allegations.csv"
    written = export_allegations_csv(scenario.library, out)
    rows = read_rows(out)
    # 3 + 1 + 1 + 1 + 1 citations, and the taser allegation has none: 8 rows.
    assert written == len(rows) == 8
    assert list(rows[0]) == list(COLUMNS)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    exposure = [
        row for row in rows if row["allegation_id"] == str(scenario.allegations["rivera_exposure"])
    ]
    assert [row["citation"] for row in exposure] == ["1", "2", "3"]
    first = exposure[0]
    assert first["matter"] == "2024-001" and first["date"] == "2021-03-12"
    assert first["officers"] == "John Smith; Paul Jones"
    assert first["conduct_codes"] == "UC.EXPOSURE; UC.GROPING"
    assert first["document"] == "Arrest Report" and first["pages"] == "p. 2"
    assert first["bates"] == "NYPD 000102"
    assert first["pinpoint"] == "Arrest Report, p. 2 (NYPD 000102)"
    assert exposure[1]["bates"] == "NYPD 000101-000102"
    assert exposure[2]["note_id"] and exposure[2]["document"] == ""
    taser = next(row for row in rows if row["conduct_codes"] == "FORCE.TASER")
    assert taser["citation"] == "" and taser["date_precision"] == "year"
    # Date order.
    starts = [row["date_start"] for row in rows]
    assert starts == sorted(starts)


def test_filters_and_formula_cells(scenario: Scenario, tmp_path: Path) -> None:
    add_allegation(
        scenario.library,
        scenario.matters["okafor"].id,
        [(scenario.officers["brown"].id, "accused")],
        "2023-01-01",
        ["FORCE.PHYSICAL"],
        "=HYPERLINK(\"http://example.invalid\")",
        [Cite("+1 said the officer", document_id=scenario.documents["okafor_complaint"],
              page_start=1)],
    )  # fmt: skip
    out = tmp_path / "force.csv"
    written = export_allegations_csv(
        scenario.library, out, PatternFilter(conduct=("FORCE",), min_matters=1)
    )
    rows = read_rows(out)
    assert written == 2
    assert rows[1]["summary"].startswith("'=HYPERLINK")
    assert rows[1]["quote"] == "'+1 said the officer"
    with pytest.raises(ValidationError, match="does not exist"):
        export_allegations_csv(scenario.library, tmp_path / "missing" / "x.csv")


def test_export_csv_command(
    scenario: Scenario, library_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario.library.close()
    out = tmp_path / "cli.csv"
    code = main(["--library", str(library_path), "export", "csv", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.strip() == f"Wrote 8 rows to {out}"
    code = main(
        ["--library", str(library_path), "export", "csv", "--out", str(out), "--status",
         "unsubstantiated", "--json", "--overwrite"]
    )  # fmt: skip
    assert code == 0 and '"rows": 1' in capsys.readouterr().out
