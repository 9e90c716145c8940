"""Pattern analysis over the hand-countable scenario in ``memo_data``, and the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from evidence_desk.cli import main
from evidence_desk.core.errors import ValidationError
from evidence_desk.core.library import Library
from evidence_desk.core.patterns import PatternFilter, analyse

from .memo_data import Scenario, build_scenario

pytestmark = pytest.mark.databases


@pytest.fixture
def scenario(library: Library) -> Scenario:
    return build_scenario(library)


def by_id(report, officer_id):  # type: ignore[no-untyped-def]
    return next(item for item in report.officers if item.officer_id == officer_id)


def test_officer_totals_and_order(scenario: Scenario) -> None:
    report = analyse(scenario.library)
    smith, jones, brown = (scenario.officers[name].id for name in ("smith", "jones", "brown"))
    assert [item.officer_id for item in report.officers] == [jones, smith, brown]
    jones_pattern = by_id(report, jones)
    assert (jones_pattern.matters, jones_pattern.clients, jones_pattern.allegations) == (3, 3, 4)
    assert jones_pattern.flagged
    smith_pattern = by_id(report, smith)
    assert (smith_pattern.matters, smith_pattern.allegations) == (3, 3)
    assert smith_pattern.conduct == ("UC.EXPOSURE", "UC.GROPING", "UC.ALCOHOL")
    assert smith_pattern.first_date == date(2021, 3, 12)
    assert smith_pattern.last_date == date(2022, 1, 5)
    assert smith_pattern.commands == ("Vice Enforcement",)
    # Brown is only a witness in 2024-001: one matter, not a pattern.
    brown_pattern = by_id(report, brown)
    assert (brown_pattern.matters, brown_pattern.allegations, brown_pattern.flagged) == (
        1,
        1,
        False,
    )
    assert [item.officer_id for item in report.flagged] == [jones, smith]


def test_matrix_timeline_and_co_accused(scenario: Scenario) -> None:
    report = analyse(scenario.library)
    smith, jones = scenario.officers["smith"].id, scenario.officers["jones"].id
    assert report.matrix[jones] == {
        "UC.EXPOSURE": 2,
        "UC.GROPING": 2,
        "UC.ALCOHOL": 1,
        "UC.CONTACT_AFTER_ARREST": 1,
    }
    assert report.timeline[smith] == (
        (date(2021, 3, 1), 1),
        (date(2021, 6, 1), 1),
        (date(2022, 1, 1), 1),
    )
    assert report.co_accused == ((min(smith, jones), max(smith, jones), 2),)
    assert report.conduct_labels["UC.EXPOSURE"]


def test_command_patterns(scenario: Scenario) -> None:
    report = analyse(scenario.library)
    found = {(item.command, item.conduct_code): item for item in report.command_patterns}
    assert set(found) == {("Vice Enforcement", "UC.EXPOSURE"), ("Vice Enforcement", "UC.GROPING")}
    exposure = found[("Vice Enforcement", "UC.EXPOSURE")]
    assert (exposure.matters, exposure.officers, exposure.allegations) == (2, 2, 2)


def test_filters(scenario: Scenario) -> None:
    library = scenario.library
    smith, jones, brown = (scenario.officers[name].id for name in ("smith", "jones", "brown"))
    alcohol = analyse(library, PatternFilter(conduct=("UC.ALCOHOL",)))
    assert {item.officer_id for item in alcohol.officers} == {smith, jones}
    assert not alcohol.flagged
    # A parent code includes its children.
    undercover = analyse(library, PatternFilter(conduct=("uc",)))
    assert {item.officer_id for item in undercover.officers} == {smith, jones}
    assert by_id(undercover, jones).allegations == 4
    status = analyse(library, PatternFilter(statuses=("unsubstantiated",), min_matters=1))
    assert [(item.officer_id, item.flagged) for item in status.officers] == [(brown, True)]
    period = analyse(library, PatternFilter(date_to=date(2021, 12, 31)))
    assert by_id(period, smith).matters == 2
    assert brown not in {item.officer_id for item in period.officers}
    command = analyse(library, PatternFilter(commands=("75 precinct",)))
    assert [item.officer_id for item in command.officers] == [brown]
    matters = analyse(library, PatternFilter(matter_ids=(scenario.matters["okafor"].id,)))
    assert {item.officer_id for item in matters.officers} == {smith, jones}
    officers = analyse(library, PatternFilter(officers=(smith,)))
    # Allegations naming Smith, with everyone else they name.
    assert by_id(officers, jones).allegations == 2
    high = analyse(library, PatternFilter(min_matters=4))
    assert not high.flagged


def test_bad_filters_are_refused(scenario: Scenario) -> None:
    with pytest.raises(ValidationError, match="NOPE"):
        analyse(scenario.library, PatternFilter(conduct=("NOPE",)))
    with pytest.raises(ValidationError, match="at least 1"):
        analyse(scenario.library, PatternFilter(min_matters=0))


def test_empty_library_has_no_patterns(library: Library) -> None:
    report = analyse(library)
    assert report.officers == () and report.co_accused == () and report.matrix == {}


def test_patterns_command_json(
    scenario: Scenario, library_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario.library.close()
    code = main(["--library", str(library_path), "patterns", "--json"])
    out = capsys.readouterr().out
    assert code == 0
    rows = json.loads(out)
    assert [row["officer"] for row in rows] == ["Paul Jones", "John Smith"]
    assert {"officer_id", "officer", "matters", "allegations", "conduct"} <= set(rows[0])
    assert rows[0]["matters"] == 3 and rows[0]["allegations"] == 4
    code = main(
        ["--library", str(library_path), "patterns", "--min-matters", "1", "--conduct",
         "FORCE", "--json"]
    )  # fmt: skip
    rows = json.loads(capsys.readouterr().out)
    assert code == 0 and [row["officer"] for row in rows] == ["Alan Brown"]
    code = main(["--library", str(library_path), "patterns"])
    out = capsys.readouterr().out
    assert code == 0 and "Paul Jones" in out and "Alan Brown" not in out
    code = main(["--library", str(library_path), "patterns", "--conduct", "NOPE"])
    err = capsys.readouterr().err
    assert code != 0 and "NOPE" in err and len(err.strip().splitlines()) == 1
