"""Ethical walls: a restricted matter is invisible to everyone off its team, in the program
and to psql alike; pattern counts still know it is there, and nothing more."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from evidence_desk.cli import main
from evidence_desk.core import allegations, audit, matters, notes, officers, releases, tags
from evidence_desk.core.citations import CitationInput
from evidence_desk.core.errors import NotFoundError, ValidationError
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.library import Library
from evidence_desk.core.patterns import PatternFilter, analyse
from evidence_desk.core.records import MatterId
from evidence_desk.core.search import parse_query, search
from evidence_desk.core.search_postgres import to_tsquery, word_pairs
from evidence_desk.core.walls import WALLED_TABLES, matter_wall, restrict_matter, unrestrict_matter
from tests.files import make_pdf
from tests.office import Office

pytestmark = pytest.mark.postgres

# Words that exist only in the restricted matter: none may reach anyone off its team.
SECRETS = (
    "SEALED-7",
    "Sealed Zelda",
    "Zelda Quillfeather",
    "ZQ alias",
    "xylophone",
    "quokka",
    "wombat",
    "Quillfeather",
)


def _build_sealed_matter(library: Library, tmp_path: Path) -> dict[str, int]:
    """A matter with something in every table that holds matter data."""
    matter = matters.add_matter(
        library,
        matters.MatterInput(
            "SEALED-7",
            "People v. Sealed Zelda",
            "Zelda Quillfeather",
            ("ZQ alias",),
            client_identifiers=(("nysid", "99887766Q"),),
        ),
    )
    pdf = make_pdf(
        tmp_path / "sealed.pdf",
        ["The UC 214 played a xylophone in the wombat bar."],
        bates_prefix="SEAL",
    )
    [document] = import_paths(library, matter.id, [pdf], workers=1)
    tag = tags.add_tag(library, "Hot")
    tags.apply_tag(library, tag.id, [document.id])
    note = notes.add_note(library, matter.id, "Interview", "Met at the quokka cafe.")
    kell = next(o for o in officers.list_officers(library) if o.name == "Thomas Kell")
    allegation = allegations.add_allegation(
        library,
        allegations.AllegationInput(
            matter_id=matter.id,
            officers=(allegations.OfficerLink(kell.id),),
            date="2024-03-02",
            conduct=("UC.EXPOSURE",),
            summary="The wombat incident",
            citations=(CitationInput(document_id=document.id, page_start=1, quote="xylophone"),),
        ),
    )
    releases.release_passages(
        library, [f"allegation:{allegation.id}", f"citation:{allegation.citations[0].id}"]
    )
    return {
        "matter": matter.id,
        "document": document.id,
        "note": note.id,
        "allegation": allegation.id,
    }


@pytest.fixture
def walled(office: Office, tmp_path: Path) -> dict[str, int]:
    """alice and bob share a library; alice walls off SEALED-7 for herself and carol."""
    office.add_people("alice", "bob", "carol")
    with office.open("alice") as alice:
        officers.add_officer(
            alice, "Thomas Kell", identifiers=[officers.IdentifierInput("uc", "214")]
        )
        open_matter = matters.add_matter(
            alice, matters.MatterInput("OPEN-1", "People v. Open", "Olive Open")
        )
        kell = officers.list_officers(alice)[0]
        allegations.add_allegation(
            alice,
            allegations.AllegationInput(
                matter_id=open_matter.id,
                officers=(allegations.OfficerLink(kell.id),),
                date="2024-01-05",
                conduct=("UC.EXPOSURE",),
                summary="Exposure at the bar",
            ),
        )
        ids = _build_sealed_matter(alice, tmp_path)
        with office.connect("alice") as connection:  # OCR data of the sealed page
            connection.execute(
                "INSERT INTO page_ocr (page_id, engine, languages, confidence, words, seconds,"
                " done_at) SELECT id, 'tesseract', 'eng', 90, '[[0, 3, 0, 0, 1, 1]]', 1, now()"
                " FROM page WHERE document_id = %s",
                (ids["document"],),
            )
        wall = restrict_matter(alice, MatterId(ids["matter"]), ["alice", "carol"])
        assert wall.restricted and wall.team == ("alice", "carol")
    return ids


def test_off_the_team_the_matter_does_not_exist(office: Office, walled: dict[str, int]) -> None:
    with office.open("bob") as bob:
        assert [item.matter.file_number for item in matters.list_matters(bob)] == ["OPEN-1"]
        with pytest.raises(NotFoundError):
            matters.get_matter(bob, MatterId(walled["matter"]))
        with pytest.raises(NotFoundError):
            allegations.get_allegation(bob, walled["allegation"])
        assert [a.summary for a in allegations.list_allegations(bob)] == ["Exposure at the bar"]
        assert all("Quillfeather" not in c.name for c in matters.all_clients(bob))
        with bob.read() as session:  # verify checks every link and seal, not walled contents
            result = audit.check(session)
        assert result.problem is None
        assert any("restricted matters whose team you are not on" in note for note in result.notes)
    with office.open("carol") as carol:  # on the team: everything, as before
        assert (
            matters.get_matter(carol, MatterId(walled["matter"])).client.name
            == "Zelda Quillfeather"
        )
        assert allegations.get_allegation(carol, walled["allegation"]).citations[0].quote == (
            "xylophone"
        )
        with carol.read() as session:
            assert audit.check(session).problem is None


def test_the_team_sees_the_matter_marked_restricted(
    office: Office,
    walled: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with office.open("carol") as carol:
        listed = {item.matter.file_number: item for item in matters.list_matters(carol)}
    assert listed["SEALED-7"].restricted and listed["SEALED-7"].team == ("alice", "carol")
    assert not listed["OPEN-1"].restricted and listed["OPEN-1"].team == ()
    monkeypatch.setenv("PGUSER", "carol")
    assert main(["--library", str(office.folder), "matter", "list", "--json"]) == 0
    shown = {item["file_number"]: item for item in json.loads(capsys.readouterr().out)}
    assert (shown["SEALED-7"]["restricted"], shown["SEALED-7"]["team"]) == (
        True,
        ["alice", "carol"],
    )
    assert shown["OPEN-1"]["restricted"] is False
    assert main(["--library", str(office.folder), "matter", "list"]) == 0
    table = capsys.readouterr().out
    assert "open, restricted" in next(line for line in table.splitlines() if "SEALED-7" in line)
    assert "restricted" not in next(line for line in table.splitlines() if "OPEN-1" in line)


def test_psql_as_an_off_team_person_reads_nothing_of_it(
    office: Office, walled: dict[str, int]
) -> None:
    """Plain SQL as bob, table by table: not one word, number or row of the sealed matter."""
    with office.connect("bob") as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        ]
        assert set(WALLED_TABLES) <= set(tables)
        seen = []
        for table in tables:
            for row in connection.execute(f'SELECT t::text FROM "{table}" t'):
                seen.append((table, row[0]))
        for table, text in seen:
            for secret in SECRETS:
                assert secret.lower() not in text.lower(), f"{table} shows {secret!r}: {text}"
        rows = dict(
            connection.execute(
                "SELECT 'matter', count(*) FROM matter WHERE id = %(m)s UNION ALL "
                "SELECT 'document', count(*) FROM document WHERE matter_id = %(m)s UNION ALL "
                "SELECT 'page', count(*) FROM page WHERE document_id = %(d)s UNION ALL "
                "SELECT 'page_ocr', count(*) FROM page_ocr UNION ALL "
                "SELECT 'note', count(*) FROM note WHERE id = %(n)s UNION ALL "
                "SELECT 'citation', count(*) FROM citation UNION ALL "
                "SELECT 'passage_release', count(*) FROM passage_release UNION ALL "
                "SELECT 'document_tag', count(*) FROM document_tag UNION ALL "
                "SELECT 'matter_team', count(*) FROM matter_team UNION ALL "
                "SELECT 'audit_event', count(*) FROM audit_event WHERE matter_id = %(m)s",
                {"m": walled["matter"], "d": walled["document"], "n": walled["note"]},
            ).fetchall()
        )
        assert set(rows.values()) == {0}, rows
        # Writing into it is refused too.
        with pytest.raises(Exception, match="row-level security"):
            connection.execute(
                "INSERT INTO note (matter_id, title, body, author, created_at, updated_at)"
                " VALUES (%s, 'x', 'y', 'bob', now(), now())",
                (MatterId(walled["matter"]),),
            )


def test_search_keeps_the_wall_where_it_reads_past_row_level_security(
    office: Office, walled: dict[str, int]
) -> None:
    """Search finds pages through a function that reads past row-level security (so that
    the word index can be used) and applies the wall itself: off the team, not one page of
    the matter, by the program or by calling the function from psql with any arguments."""
    queries = ["xylophone", "xylo*", '"wombat bar"', '"played a xylo"*', "UC 214 wombat"]
    with office.open("bob") as bob:
        for query in queries:
            for options in ({}, {"first_screen": True}, {"exhaustive": True}):
                assert search(bob, query, **options) == [], (query, options)
        with pytest.raises(NotFoundError):
            search(bob, "xylophone", matter_id=MatterId(walled["matter"]))
    with office.open("carol") as carol:  # on the team: found as ever
        for query in queries:
            assert [hit.document_id for hit in search(carol, query)] == [walled["document"]]
        hits = search(carol, "xylophone", matter_id=MatterId(walled["matter"]))
        assert [hit.document_id for hit in hits] == [walled["document"]]
    calls = [
        (to_tsquery(query, parse_query(query)), word_pairs(parse_query(query)), matter, most)
        for query in queries
        for matter in (None, walled["matter"])
        for most in (None, 1, 2000)
    ]
    found = {}
    for person in ("bob", "carol"):
        with office.connect(person) as connection:
            found[person] = [
                connection.execute(
                    "SELECT count(*) FROM evidence_desk_search_pages(to_tsquery("
                    "'evidence_desk_search', %s), %s::tsquery, %s, NULL, NULL, NULL, NULL, %s)",
                    call,
                ).fetchone()[0]
                for call in calls
            ]
    assert found["bob"] == [0] * len(calls)
    assert found["carol"] == [1] * len(calls)


def test_pattern_counts_include_the_walled_allegation_and_nothing_more(
    office: Office, walled: dict[str, int]
) -> None:
    with office.open("bob") as bob:
        report = analyse(bob, PatternFilter(min_matters=2))
        [kell] = report.officers
        assert (kell.matters, kell.allegations, kell.restricted_matters) == (2, 2, 1)
        assert kell.flagged and kell.conduct == ("UC.EXPOSURE",)
        # Filters apply to what is walled too.
        later = analyse(bob, PatternFilter(min_matters=1, date_from=date(2024, 2, 1)))
        assert [(o.matters, o.restricted_matters) for o in later.officers] == [(1, 1)]
        with office.connect("bob") as connection:
            rows = connection.execute("SELECT * FROM evidence_desk_walled_allegations()").fetchall()
        assert len(rows) == 1 and not any(s.lower() in str(rows).lower() for s in SECRETS)
    with office.open("alice") as alice:  # the team sees the matter itself: nothing is walled
        [kell] = analyse(alice, PatternFilter(min_matters=2)).officers
        assert (kell.matters, kell.restricted_matters) == (2, 0)


def test_the_team_changes_and_lifts_the_wall(office: Office, walled: dict[str, int]) -> None:
    with office.open("carol") as carol:
        with pytest.raises(ValidationError, match="you would not be on the team"):
            restrict_matter(carol, MatterId(walled["matter"]), ["alice"])
        with pytest.raises(ValidationError, match="nobody_here is not a database role"):
            restrict_matter(carol, MatterId(walled["matter"]), ["carol", "nobody_here"])
        assert restrict_matter(carol, MatterId(walled["matter"]), ["carol", "bob"]).team == (
            "bob",
            "carol",
        )
    # alice left the team: it vanished for her.
    with office.open("alice") as alice, pytest.raises(NotFoundError):
        matter_wall(alice, MatterId(walled["matter"]))
    with office.open("bob") as bob:
        assert (
            matters.get_matter(bob, MatterId(walled["matter"])).client.name == "Zelda Quillfeather"
        )
        before = unrestrict_matter(bob, MatterId(walled["matter"]))
        assert before.team == ("bob", "carol")
    with office.open("alice") as alice:
        assert not matter_wall(alice, MatterId(walled["matter"])).restricted
        assert len(allegations.list_allegations(alice)) == 2
        with alice.read() as session:
            assert audit.check(session).problem is None


def test_walls_are_for_office_libraries(library: Library) -> None:
    matter = matters.add_matter(library, matters.MatterInput("E-1", "People v. E", "Eve E"))
    with pytest.raises(ValidationError, match="ethical walls are for an office library"):
        restrict_matter(library, matter.id, ["someone"])
    assert not matter_wall(library, matter.id).restricted


def test_every_table_holding_matter_data_is_walled(office: Office) -> None:
    """A table added later that refers to a matter, client, document, page, note,
    allegation or citation must come with its own row-level security policy."""
    matter_tables = {"matter", "client", "document", "page", "note", "allegation", "citation"}
    with office.connect("office_admin") as connection:
        references = connection.execute(
            "SELECT DISTINCT c.conrelid::regclass::text, c.confrelid::regclass::text "
            "FROM pg_constraint c WHERE c.contype = 'f'"
        ).fetchall()
        secured = {
            row[0]
            for row in connection.execute(
                "SELECT relname FROM pg_class WHERE relrowsecurity AND relkind = 'r'"
            )
        }
    holding = {table for table, target in references if target in matter_tables}
    holding |= matter_tables | {
        "audit_event",
        "matter_restriction",
        "matter_team",
        "passage_release",
    }
    unwalled = sorted(holding - secured)
    assert not unwalled, (
        f"{unwalled} hold matter data but have no row-level security policy: add one in the "
        "migration that makes them (see 0009_office_mode WALLS) and list them in "
        "walls.WALLED_TABLES"
    )
    assert sorted(secured) == sorted(WALLED_TABLES)
