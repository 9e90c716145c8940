"""Roster imports: presets, matching rows to officers, re-imports, bad rows, all or nothing."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from evidence_desk.core import audit, officers, roster
from evidence_desk.core.errors import ValidationError
from evidence_desk.core.library import Library
from evidence_desk.core.model import AuditEvent, Officer, RosterEntry
from evidence_desk.core.officers import IdentifierInput
from evidence_desk.core.tabular import ImportCancelled

from .public_data_files import (
    CCRB_HEADERS,
    PROPUBLICA_HEADERS,
    ccrb_row,
    propublica_row,
    write_csv,
)

pytestmark = pytest.mark.databases


def _identifiers(record: officers.OfficerRecord) -> set[tuple[str, str]]:
    return {(item.kind, item.value) for item in record.identifiers}


def _officer_count(library: Library) -> int:
    with library.read() as session:
        return int(session.execute(select(func.count()).select_from(Officer)).scalar_one())


def _audit_ok(library: Library) -> None:
    with library.read() as session:
        _count, problem = audit.verify(session)
    assert problem is None, problem


def test_the_ccrb_roster_is_recognised_and_its_values_cleaned(
    library: Library, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "roster.csv",
        CCRB_HEADERS,
        [
            ccrb_row("912345", "Shawn", "Moynihan", "3202", rank="Sergeant", abbreviation="SGT"),
            ccrb_row("912347", "Kevin", "O'Brien", "0777", active="No", command="NARCBBX"),
            ccrb_row("912348", "Ana", "Garcia-Lopez", "", rank="Deputy Inspector"),
        ],
    )
    report = roster.import_roster(library, path)
    assert report.preset == "NYC CCRB officer roster"
    assert report.source == "NYC CCRB officer roster"
    assert (report.added, report.updated, report.skipped, report.ambiguous) == (3, 0, (), ())
    by_name = {record.name: record for record in officers.list_officers(library)}
    assert set(by_name) == {"Shawn Moynihan", "Kevin O'Brien", "Ana Garcia-Lopez"}
    assert _identifiers(by_name["Shawn Moynihan"]) == {("tax_id", "912345"), ("shield", "3202")}
    assert _identifiers(by_name["Ana Garcia-Lopez"]) == {("tax_id", "912348")}  # "" = none
    assert by_name["Shawn Moynihan"].rank == "Sergeant"
    assert by_name["Kevin O'Brien"].command == "NARCBBX"
    with library.read() as session:
        entries = {
            entry.officer_id: (entry.source, entry.status, entry.as_of, entry.line)
            for entry in session.execute(select(RosterEntry)).scalars()
        }
    assert entries[by_name["Kevin O'Brien"].id] == (
        "NYC CCRB officer roster",
        "inactive",
        date(2024, 5, 1),
        3,
    )
    _audit_ok(library)


def test_importing_again_updates_instead_of_duplicating(library: Library, tmp_path: Path) -> None:
    rows = [ccrb_row(str(900000 + n), "Ana", "Rodriguez", str(4000 + n)) for n in range(60)]
    first = roster.import_roster(library, write_csv(tmp_path / "a.csv", CCRB_HEADERS, rows))
    assert first.added == 60
    again = roster.import_roster(library, tmp_path / "a.csv")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 60)
    assert _officer_count(library) == 60
    # A newer roster: promotions (new rank and shield), transfers, a married name.
    rows[0] = ccrb_row("900000", "Ana", "Rodriguez", "9000", rank="Sergeant", abbreviation="SGT")
    rows[1] = ccrb_row("900001", "Ana", "Rodriguez", "4001", command="PBBX")
    rows[2] = ccrb_row("900002", "Ana", "Rodriguez-Smith", "4002")
    newer = roster.import_roster(library, write_csv(tmp_path / "b.csv", CCRB_HEADERS, rows))
    assert (newer.added, newer.updated, newer.unchanged) == (0, 3, 57)
    assert _officer_count(library) == 60
    promoted = officers.get_officer(library, newer.updated_ids[0])
    assert promoted.rank == "Sergeant"
    # Identifiers over time: the old shield stays beside the new one.
    assert {("shield", "4000"), ("shield", "9000")} <= _identifiers(promoted)
    renamed = next(
        record for record in officers.list_officers(library) if record.name == "Ana Rodriguez-Smith"
    )
    assert [alias.text for alias in renamed.aliases] == ["Ana Rodriguez"]
    _audit_ok(library)


def test_a_dry_run_reports_and_changes_nothing(library: Library, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "roster.csv",
        CCRB_HEADERS,
        [ccrb_row(str(800000 + n), "Luis", "Perez", str(100 + n)) for n in range(25)],
    )
    with library.read() as session:
        events = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    dry = roster.import_roster(library, path, dry_run=True)
    assert (dry.dry_run, dry.added, dry.updated) == (True, 25, 0)
    assert _officer_count(library) == 0
    with library.read() as session:
        assert session.execute(select(func.count()).select_from(AuditEvent)).scalar_one() == events
    real = roster.import_roster(library, path)
    assert (real.added, real.updated) == (dry.added, dry.updated)


def test_a_dry_run_works_on_a_library_opened_read_only(library: Library, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", CCRB_HEADERS, [ccrb_row("1", "Ana", "Perez", "1")])
    reader = Library.open(library.path, readonly=True)
    try:
        assert roster.import_roster(reader, path, dry_run=True).added == 1
    finally:
        reader.close()


def test_bad_rows_are_reported_by_line_and_skipped(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    lines = [
        ",".join(CCRB_HEADERS),
        "05/01/2024,1001,Yes,,ANA,PEREZ,,,POM,Police Officer,075 PCT,11.0,0,0",
        "05/01/2024,ABC,Yes,,LUIS,DIAZ,,,POM,Police Officer,075 PCT,12.0,0,0",
        '05/01/2024,1003,Yes,,"ROSA',
        'MARIA",LEON,,,POM,Police Officer,075 PCT,13.0,0,0',  # a quoted name over two lines
        "05/01/2024,1004,Yes,,,,,,POM,Police Officer,075 PCT,14.0,0,0",
        "05/01/2024,1005,Yes,,JOSE,CRUZ,,,POM,Police Officer,075 PCT,15.0,0,0,EXTRA",
        "not a date,1006,Yes,,IVAN,ROSS,,,POM,Police Officer,075 PCT,16,0,0",
        "05/01/2024,1007,Yes,,EVA,LUNA,,,POM,Police Officer,075 PCT,1@2,0,0",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = roster.import_roster(library, path)
    assert report.added == 2
    skipped = {issue.line: issue.message for issue in report.skipped}
    assert set(skipped) == {3, 6, 7, 8, 9}
    assert "tax id 'ABC' is not a number" in skipped[3]
    assert "no officer name" in skipped[6]
    assert "more cells" in skipped[7]
    assert "'not a date' is not a date" in skipped[8]
    assert "'1@2' is not an identifier" in skipped[9]
    names = {record.name for record in officers.list_officers(library)}
    assert names == {"Ana Perez", "Rosa Maria Leon"}


def test_rows_that_fit_several_officers_are_left_ambiguous(
    library: Library, tmp_path: Path
) -> None:
    twin_a = officers.add_officer(
        library, "John Smith", identifiers=[IdentifierInput("shield", "1234")], force=True
    )
    twin_b = officers.add_officer(
        library, "John Smith", identifiers=[IdentifierInput("shield", "1234")], force=True
    )
    tax = officers.add_officer(library, "Eva Luna", identifiers=[IdentifierInput("tax_id", "55")])
    ccrb = officers.add_officer(
        library, "Eva Luna", identifiers=[IdentifierInput("mos_id", "77")], force=True
    )
    officers.add_officer(library, "Ivan Ross")
    path = tmp_path / "mixed.csv"
    path.write_text(
        "first_name,last_name,shield,tax_id,unique_mos_id\n"
        "John,Smith,1234,,\n"
        "Eva,Luna,,55,77\n"
        "Ivan,Ross,,,\n",
        encoding="utf-8",
    )
    report = roster.import_roster(library, path)
    assert (report.added, report.updated) == (0, 0)
    messages = {issue.line: issue.message for issue in report.ambiguous}
    assert set(messages) == {2, 3, 4}
    assert f"officer {twin_a.id}" in messages[2] and f"officer {twin_b.id}" in messages[2]
    assert f"tax id 55 is officer {tax.id}" in messages[3]
    assert f"CCRB id 77 is officer {ccrb.id}" in messages[3]
    assert "no identifier to tell it from" in messages[4]


def test_a_shield_finds_an_officer_only_together_with_his_name(
    library: Library, tmp_path: Path
) -> None:
    by_hand = officers.add_officer(
        library, "Shawn Moynihan", identifiers=[IdentifierInput("shield", "3202")]
    )
    path = write_csv(
        tmp_path / "roster.csv",
        CCRB_HEADERS,
        [
            ccrb_row("912345", "Shawn", "Moynihan", "3202"),  # the same man: gains a tax id
            ccrb_row("912346", "Maria", "Alvarez", "3202"),  # the shield, reissued
        ],
    )
    report = roster.import_roster(library, path)
    assert (report.added, report.updated) == (1, 1)
    assert report.updated_ids == (by_hand.id,)
    assert ("tax_id", "912345") in _identifiers(officers.get_officer(library, by_hand.id))
    assert _officer_count(library) == 2


def test_a_propublica_export_gives_one_officer_per_person(library: Library, tmp_path: Path) -> None:
    rows = [
        propublica_row("10007", "John", "Sears", "5952", "24601", fado="Discourtesy"),
        propublica_row("10007", "John", "Sears", "5952", "24601", fado="Offensive Language"),
        propublica_row("10007", "John", "Sears", "5952", "26146"),
        propublica_row("10004", "Jonathan", "Ruiz", "8409", "42835"),
        propublica_row("10009", "Maria", "Sears", "0", "42836"),  # shield 0: none
    ]
    report = roster.import_roster(
        library, write_csv(tmp_path / "allegations.csv", PROPUBLICA_HEADERS, rows)
    )
    assert report.preset == "ProPublica NYPD CCRB allegations"
    assert (report.added, report.repeated) == (3, 2)
    sears = next(r for r in officers.list_officers(library) if r.name == "John Sears")
    assert _identifiers(sears) == {("mos_id", "10007"), ("shield", "5952")}
    maria = next(r for r in officers.list_officers(library) if r.name == "Maria Sears")
    assert _identifiers(maria) == {("mos_id", "10009")}


def test_nothing_is_half_imported_when_writing_fails(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(
        tmp_path / "roster.csv",
        CCRB_HEADERS,
        [ccrb_row(str(700000 + n), "Eva", "Luna", str(n + 1)) for n in range(30)],
    )

    def broken(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "append_many", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        roster.import_roster(library, path)
    assert _officer_count(library) == 0
    with library.read() as session:
        assert session.execute(select(func.count()).select_from(RosterEntry)).scalar_one() == 0


def test_a_cancelled_import_keeps_nothing(library: Library, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "roster.csv",
        CCRB_HEADERS,
        [ccrb_row(str(600000 + n), "Eva", "Luna", str(n + 1)) for n in range(2500)],
    )
    cancel = threading.Event()
    seen: list[str] = []

    def progress(done: int, total: int, message: str) -> None:
        seen.append(message)
        if message.startswith("Adding officers"):
            cancel.set()  # the user presses Cancel while officers are being written

    with pytest.raises(ImportCancelled):
        roster.import_roster(library, path, progress=progress, cancel=cancel)
    assert any(message.startswith("Adding officers") for message in seen)
    assert _officer_count(library) == 0


def test_columns_can_be_named_with_a_map(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Nom,Prenom,Plaque,Grade\nPEREZ,ANA,0042,SGT\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="no column with the officer's name"):
        roster.import_roster(library, path)
    with pytest.raises(ValidationError, match="the fields are"):
        roster.import_roster(library, path, mapping={"nickname": "Nom"})
    with pytest.raises(ValidationError, match="has no column 'Surname'"):
        roster.import_roster(library, path, mapping={"last_name": "Surname"})
    report = roster.import_roster(
        library,
        path,
        mapping={"last_name": "Nom", "first_name": "Prenom", "shield": "Plaque", "rank": "Grade"},
        source="Union list 2024",
    )
    assert (report.added, report.source, report.preset) == (1, "Union list 2024", None)
    record = officers.list_officers(library)[0]
    assert (record.name, record.rank, _identifiers(record)) == (
        "Ana Perez",
        "SGT",
        {("shield", "0042")},
    )


def test_files_that_are_not_csv_get_a_clear_message(library: Library, tmp_path: Path) -> None:
    binary = tmp_path / "roster.xlsx"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(ValidationError, match="not a CSV file"):
        roster.import_roster(library, binary)
    with pytest.raises(ValidationError, match="is not a file"):
        roster.import_roster(library, tmp_path / "missing.csv")
    windows = tmp_path / "latin.csv"
    windows.write_bytes("first_name;last_name;tax_id\nJosé;Núñez;123\n".encode("cp1252"))
    report = roster.import_roster(library, windows)
    assert report.added == 1
    assert officers.list_officers(library)[0].name == "José Núñez"


def test_a_career_long_identifier_with_another_persons_name_is_left_ambiguous(
    library: Library, tmp_path: Path
) -> None:
    """A typo in a tax id must not rename an officer."""
    moynihan = officers.add_officer(
        library, "Shawn Moynihan", identifiers=[IdentifierInput("tax_id", "912345")]
    )
    path = write_csv(
        tmp_path / "roster.csv", CCRB_HEADERS, [ccrb_row("912345", "Maria", "Alvarez", "3202")]
    )
    report = roster.import_roster(library, path)
    assert (report.added, report.updated) == (0, 0)
    assert report.ambiguous[0].message == (
        f"tax id 912345 is officer {moynihan.id} (Shawn Moynihan), but the row names Maria Alvarez"
    )
    assert officers.get_officer(library, moynihan.id).name == "Shawn Moynihan"
