"""Public records: linked to the right officers, with their source, apart from allegations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from evidence_desk.core import allegations, audit, officers, public_records, roster
from evidence_desk.core.errors import ConflictError
from evidence_desk.core.library import Library
from evidence_desk.core.officers import IdentifierInput

from .public_data_files import PROPUBLICA_HEADERS, propublica_row, write_csv

pytestmark = pytest.mark.databases


@pytest.fixture
def export(tmp_path: Path) -> Path:
    rows = [
        propublica_row(
            "10007",
            "John",
            "Sears",
            "5952",
            "24601",
            fado="Discourtesy",
            allegation="Word",
            year="2011",
            month="11",
        ),
        propublica_row(
            "10007",
            "John",
            "Sears",
            "5952",
            "24601",
            fado="Offensive Language",
            allegation="Race",
            year="2011",
            month="11",
        ),
        propublica_row(
            "10007",
            "John",
            "Sears",
            "5952",
            "26146",
            fado="Abuse of Authority",
            allegation="Question",
            year="2012",
            month="7",
            disposition="Unsubstantiated",
        ),
        propublica_row("10004", "Jonathan", "Ruiz", "8409", "42835", disposition="Exonerated"),
        propublica_row(
            "10004", "Jonathan", "Ruiz", "8409", "42835", disposition="Exonerated"
        ),  # twice: two complainants
    ]
    return write_csv(tmp_path / "allegations_202007271729.csv", PROPUBLICA_HEADERS, rows)


def _by_name(library: Library) -> dict[str, int]:
    return {record.name: record.id for record in officers.list_officers(library)}


def test_complaint_rows_attach_to_the_right_officers(library: Library, export: Path) -> None:
    roster.import_roster(library, export)
    ids = _by_name(library)
    report = public_records.import_records(library, export)
    assert report.preset == "ProPublica NYPD CCRB allegations"
    assert (report.added, report.officers, report.unlinked, report.skipped) == (5, 2, (), ())
    sears = public_records.list_public_records(library, officer_id=ids["John Sears"])
    assert [(r.case_number, r.category, r.allegation) for r in sears] == [
        ("26146", "Abuse of Authority", "Question"),
        ("24601", "Discourtesy", "Word"),
        ("24601", "Offensive Language", "Race"),
    ]
    first = sears[0]
    assert first.kind == "complaint"
    assert first.source == "ProPublica: civilian complaints against NYPD officers"
    assert (first.source_file, first.source_line) == ("allegations_202007271729.csv", 4)
    assert (first.date.precision, first.date.start) == ("month", date(2012, 7, 1))
    assert first.disposition == "Unsubstantiated"
    assert first.link_reason == "CCRB id 10007"
    assert first.details["contact_reason"] == "Moving violation"
    assert first.what == "Abuse of Authority: Question"
    ruiz = public_records.list_public_records(library, officer_id=ids["Jonathan Ruiz"])
    assert len(ruiz) == 2
    assert officers.get_officer(library, ids["John Sears"]).public_record_count == 3
    with library.read() as session:
        assert audit.verify(session)[1] is None


def test_importing_again_updates_instead_of_duplicating(
    library: Library, export: Path, tmp_path: Path
) -> None:
    roster.import_roster(library, export)
    public_records.import_records(library, export)
    again = public_records.import_records(library, export)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)
    newer_rows = [
        propublica_row(
            "10004", "Jonathan", "Ruiz", "8409", "42835", disposition="Substantiated (Charges)"
        ),
        propublica_row("10004", "Jonathan", "Ruiz", "8409", "42835", disposition="Exonerated"),
    ]
    newer = write_csv(tmp_path / "newer.csv", PROPUBLICA_HEADERS, newer_rows)
    report = public_records.import_records(library, newer)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    ruiz = public_records.list_public_records(
        library, officer_id=_by_name(library)["Jonathan Ruiz"]
    )
    assert sorted(r.disposition or "" for r in ruiz) == ["Exonerated", "Substantiated (Charges)"]
    assert len(public_records.list_public_records(library)) == 5


def test_rows_without_their_officer_are_reported_not_stored(
    library: Library, tmp_path: Path
) -> None:
    officers.add_officer(library, "Maria Alvarez", identifiers=[IdentifierInput("shield", "3202")])
    path = tmp_path / "complaints.csv"
    path.write_text(
        "complaint_id,tax_id,shield_no,first_name,last_name,fado_type,allegation,board_disposition\n"
        "100,,3202,Shawn,Moynihan,Force,Physical force,Substantiated\n"
        "101,999999,,,,Force,Chokehold,Unsubstantiated\n"
        "102,,,Ana,Perez,Abuse of Authority,Search,Exonerated\n"
        "103,,3202,Maria,Alvarez,Force,Push,Exonerated\n"
        ",,3202,Maria,Alvarez,,,\n",
        encoding="utf-8",
    )
    report = public_records.import_records(library, path, source="CCRB FOIL response 2024")
    assert (report.added, report.source) == (1, "CCRB FOIL response 2024")
    unlinked = {issue.line: issue.message for issue in report.unlinked}
    assert "no registered officer has shield 3202 with the name Shawn Moynihan" in unlinked[2]
    assert "no registered officer has tax id 999999" in unlinked[3]
    assert "only a name (Ana Perez)" in unlinked[4]
    assert [issue.line for issue in report.skipped] == [6]
    assert "says nothing about a complaint" in report.skipped[0].message


def test_lawsuits_and_credibility_findings_from_a_simple_csv(
    library: Library, tmp_path: Path
) -> None:
    kell = officers.add_officer(library, "Thomas Kell", identifiers=[IdentifierInput("uc", "214")])
    lopez = officers.add_officer(
        library, "Maria Lopez", identifiers=[IdentifierInput("tax_id", "912000")]
    )
    path = tmp_path / "findings.csv"
    path.write_text(
        "kind,officer_id,tax_id,caption,docket,court,date,finding,outcome\n"
        f"lawsuit,{kell.id},,Doe v. City of New York,19-cv-01234,S.D.N.Y.,2019-03,,"
        "Settled: $45000\n"
        "credibility finding,,912000,People v. Roe,IND-0456-2020,Sup. Ct. Kings Cty.,2021-06-14,"
        "testimony not credible,Suppression granted\n"
        "lawsuit,4242,,Poe v. City,20-cv-1,E.D.N.Y.,2020,,\n",
        encoding="utf-8",
    )
    report = public_records.import_records(library, path, source="Office research")
    assert report.added == 2
    assert [issue.line for issue in report.skipped] == [4]
    assert "no officer with id 4242" in report.skipped[0].message
    suit = public_records.list_public_records(library, officer_id=kell.id)[0]
    assert (suit.kind, suit.caption, suit.case_number, suit.court) == (
        "lawsuit",
        "Doe v. City of New York",
        "19-cv-01234",
        "S.D.N.Y.",
    )
    assert suit.date.text() == "2019-03" and suit.outcome == "Settled: $45000"
    finding = public_records.list_public_records(library, officer_id=lopez.id)[0]
    assert finding.kind == "credibility_finding"
    assert finding.disposition == "testimony not credible"
    assert finding.kind_label == "Court finding on credibility"


def test_public_records_stay_apart_from_privileged_allegations(
    library: Library, export: Path
) -> None:
    roster.import_roster(library, export)
    public_records.import_records(library, export)
    sears = _by_name(library)["John Sears"]
    assert allegations.list_allegations(library, officer=sears) == []
    assert officers.get_officer(library, sears).allegation_count == 0


def test_records_follow_a_merge_and_go_back_with_the_unmerge(
    library: Library, export: Path
) -> None:
    roster.import_roster(library, export)
    public_records.import_records(library, export)
    ids = _by_name(library)
    merge = officers.merge_officers(library, ids["Jonathan Ruiz"], ids["John Sears"], force=True)
    assert len(public_records.list_public_records(library, officer_id=ids["Jonathan Ruiz"])) == 5
    officers.unmerge_officer(library, merge.id)
    assert len(public_records.list_public_records(library, officer_id=ids["John Sears"])) == 3
    assert len(public_records.list_public_records(library, officer_id=ids["Jonathan Ruiz"])) == 2
    with library.read() as session:
        assert audit.verify(session)[1] is None


def test_an_imported_officer_cannot_be_deleted(library: Library, export: Path) -> None:
    roster.import_roster(library, export)
    with pytest.raises(ConflictError, match="merge him into another officer"):
        officers.delete_officer(library, _by_name(library)["John Sears"])
