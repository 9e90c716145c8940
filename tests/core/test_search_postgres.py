"""Office-mode search: the query as a tsquery, the server's words against ``normalise``,
snippets, and walls. The behavioural suite both databases share is in test_search.py."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from evidence_desk.core import matters, notes
from evidence_desk.core.errors import ValidationError
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.library import Library
from evidence_desk.core.model import Document, Page
from evidence_desk.core.normalisation import normalise
from evidence_desk.core.search import _TOKEN_CHARACTERS, parse_query, search, search_results
from evidence_desk.core.search_postgres import (
    _ASCII_BREAKS,
    _ASCII_TOKEN,
    marked_snippet,
    to_tsquery,
    word_pairs,
)
from evidence_desk.core.walls import restrict_matter
from tests.core.test_normalisation import ALPHABET
from tests.files import make_pdf
from tests.office import Office


def tsquery(query: str) -> str:
    return to_tsquery(query, parse_query(query))


def test_the_query_language_becomes_a_tsquery() -> None:
    assert tsquery("took phone") == "'took' & 'phone'"
    assert tsquery('"took my phone" undercov*') == "('took' <-> 'my' <-> 'phone') & 'undercov':*"
    assert tsquery("UC-214 P.O.") == "('UC' <-> '214') & ('P' <-> 'O')"
    assert tsquery("a OR (b NOT c)") == "'a' | ( 'b' & ! 'c' )"
    assert tsquery("a NOT b c") == "'a' & ! 'b' & 'c'"
    assert tsquery("(a OR b) c") == "( 'a' | 'b' ) & 'c'"
    assert tsquery("O'Brien's") == "('O' <-> 'Brien' <-> 's')"


@pytest.mark.parametrize(
    "query", ["phone AND", "( phone", "phone )", "OR phone", "a OR NOT b", "a ( ) b"]
)
def test_a_query_that_does_not_fit_together_is_refused(query: str) -> None:
    with pytest.raises(ValidationError, match="is not valid"):
        tsquery(query)


def test_phrases_become_the_word_pairs_every_match_holds() -> None:
    def pairs(query: str) -> str | None:
        return word_pairs(parse_query(query))

    assert pairs('"took my phone"') == "'took my' & 'my phone'"
    assert pairs('"Took MY ph"* UC-214 arrest') == "'took my' & 'my ph':* & 'uc 214'"
    assert pairs('"my phone" "my phone"') == "'my phone'"
    # Only where the phrase must match, and only words whose lexeme is their lower case.
    assert pairs("phone arrest") is None
    assert pairs('"took my phone" OR arrest') is None
    assert pairs('arrest NOT "took my phone"') is None
    assert pairs('"Señor Núñez"') is None


def test_a_term_without_letters_or_digits_is_refused() -> None:
    with pytest.raises(ValidationError, match="no letters or digits"):
        tsquery('phone "--"')


def test_snippets_mark_words_phrases_and_prefixes() -> None:
    text = "The undercover officer UC-214 took my phone and did not return it at the end of it all."
    phrase = marked_snippet(text, parse_query('"took my phone"'), size=6)
    assert phrase == "…214 «took my phone» and did…"
    assert marked_snippet(text, parse_query("undercov* RETURN"), size=30) == (
        "The «undercover» officer UC-214 took my phone and did not «return» it at the end of "
        "it all."
    )
    assert marked_snippet("Señor NÚÑEZ", parse_query("nunez")) == "Señor «NÚÑEZ»"
    assert "«differently»" in marked_snippet("di\ufb00er-\nently", parse_query("differently"))
    assert marked_snippet(text, parse_query("absent"), size=3) == "The undercover officer…"


def test_plain_text_is_split_into_the_same_words_the_quick_way() -> None:
    """Snippets of ASCII text take a shortcut: the same words, in the same places."""
    rng = random.Random(4)
    for _ in range(300):
        sample = "".join(rng.choice([chr(code) for code in range(1, 128)]) for _ in range(60))
        lowered = sample.lower()
        assert lowered.translate(_ASCII_BREAKS).split() == _TOKEN_CHARACTERS.findall(lowered)
        assert [m.span() for m in _ASCII_TOKEN.finditer(sample)] == [
            m.span() for m in _TOKEN_CHARACTERS.finditer(sample)
        ]
    query = parse_query('"took my" pho* UC-214')
    text = "Officer UC-214 took my phone.\nThen: took  my phones (all of them)!"
    assert marked_snippet(text, query, size=30) == (
        "Officer «UC-214» «took my» «phone». Then: «took my» «phones» (all of them)!"
    )
    # The same with one accented word: the general way, the same marks.
    assert marked_snippet(text + " café", query, size=30) == (
        "Officer «UC-214» «took my» «phone». Then: «took my» «phones» (all of them)! café"
    )


@pytest.mark.postgres
def test_the_server_splits_words_as_normalise_does(office: Office) -> None:
    """``evidence_desk_search_words`` (SQL) and ``normalise`` (Python) give the same words."""
    rng = random.Random(11)
    samples = [
        "di\ufb00erently \ufb01ne o\ufb03ce",
        "soft\u00adhyphen Po\n\u00ad\nlitik",
        "zero\u200bwidth\ufeff and\u200d joiner\u2060s",
        "differ-\nently differ-  \r\n   ently differ\u2010\nently",
        "Smith-\nJones UC-\n214 pre-arranged end-",
        "the arrest\u00b9 was Acme\u2122 \uff21\uff22\uff23 \uff11\uff12",
        "Señor Núñez O'Brien's P.O. Smyth #0214 foo_bar 12.5 a@b.com",
        "word\x02\nbreak x\ufffe\ny \u00bd \u017f",
        *("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 30))) for _ in range(300)),
    ]
    samples = [sample.replace("\x00", "") for sample in samples]  # PostgreSQL text has no NUL
    with office.connect("paralegal") as connection:
        for sample in samples:
            words = connection.execute(
                "SELECT evidence_desk_search_words(%s)", (sample,)
            ).fetchone()[0]
            assert words.split() == _TOKEN_CHARACTERS.findall(normalise(sample)), repr(sample)


@pytest.mark.postgres
def test_the_office_ranks_and_marks_and_says_how_it_chose(office: Office, tmp_path: Path) -> None:
    with office.open() as library:
        matter = matters.add_matter(library, matters.MatterInput("R-1", "People v. R", "Ria R"))
        pdf = make_pdf(
            tmp_path / "r.pdf",
            ["officer", "the officer and the officer again, officer", "no match here"],
        )
        [document] = import_paths(library, matter.id, [pdf], workers=1)
        results = search_results(library, "officer")
        assert results.order == "relevance" and results.ranked_all and results.ranked == 2
        assert [hit.page for hit in results.hits] == [2, 1]  # more of the word ranks higher
        assert results.hits[0].score < results.hits[1].score < 0
        assert results.hits[0].snippet.count("«officer»") == 3
        assert search(library, "officer", matter_id=matter.id)[0].document_id == document.id


@pytest.mark.postgres
def test_a_walled_matter_is_never_found_off_its_team(office: Office, tmp_path: Path) -> None:
    office.add_people("alice", "bob")
    with office.open("alice") as alice:
        matter = matters.add_matter(alice, matters.MatterInput("W-1", "People v. W", "Wes W"))
        pdf = make_pdf(tmp_path / "w.pdf", ["The quokka statement"])
        import_paths(alice, matter.id, [pdf], workers=1)
        notes.add_note(alice, matter.id, "Quokka", "quokka again")
        restrict_matter(alice, matter.id, ["alice"])
        assert {hit.kind for hit in search(alice, "quokka")} == {"page", "note"}
    with office.open("bob") as bob:
        assert search(bob, "quokka") == [] and search(bob, "quok*") == []
    with office.connect("bob") as connection:  # nor through the index, as psql
        found = connection.execute(
            "SELECT count(*) FROM page WHERE search_vector @@ to_tsquery('evidence_desk_search',"
            " 'quokka')"
        ).fetchone()[0]
        assert found == 0


@pytest.mark.postgres
def test_phrases_found_through_word_pairs_are_exactly_the_phrase_matches(office: Office) -> None:
    """The pairs only narrow: a phrase finds the pages the words alone find, no more, no less."""
    rng = random.Random(5)
    words = ["took", "my", "phone", "UC", "214", "Officer", "officer2", "arrest", "the"]
    with office.open() as library:
        _random_pages(library, words, 400, rng)
    with office.connect("paralegal") as connection:
        for _ in range(60):
            phrase = " ".join(rng.choices(words, k=rng.randint(2, 4)))
            prefix = rng.random() < 0.3
            query = f'"{phrase}"' + ("*" if prefix else "")
            parts = parse_query(query)
            pairs = word_pairs(parts)
            assert pairs is not None
            found = connection.execute(
                "SELECT id FROM evidence_desk_search_pages(to_tsquery("
                "'evidence_desk_search', %s), %s::tsquery, NULL, NULL, NULL, NULL, NULL, NULL)"
                " ORDER BY id",
                (to_tsquery(query, parts), pairs),
            ).fetchall()
            expected = connection.execute(
                "SELECT id FROM page WHERE search_vector @@ to_tsquery('evidence_desk_search', %s)"
                " ORDER BY id",
                (to_tsquery(query, parts),),
            ).fetchall()
            assert found == expected, query


def _insert_pages(
    library: Library, matter_id: int, texts: list[str], first_id: int | None = None, step: int = 1
) -> None:
    """One document of ``texts`` pages (with ids from ``first_id`` by ``step`` when given)."""
    with library.write() as session:
        document_id = session.execute(
            insert(Document).returning(Document.id),
            [
                {
                    "matter_id": matter_id,
                    "title": f"Production {first_id}",
                    "file_name": f"p{first_id}.pdf",
                    "stored_path": f"matters/P/documents/p{first_id}.pdf",
                    "sha256": f"{first_id or 0:064x}",
                    "size": 1,
                    "kind": "pdf",
                    "status": "ok",
                    "page_count": len(texts),
                    "imported_by": library.user,
                }
            ],
        ).scalar_one()
        rows = [
            {"document_id": document_id, "number": number + 1, "text": page_text}
            for number, page_text in enumerate(texts)
        ]
        if first_id is not None:
            for number, row in enumerate(rows):
                row["id"] = first_id + number * step
        session.execute(insert(Page), rows)


def _random_pages(library: Library, words: list[str], count: int, rng: random.Random) -> None:
    """A matter with one document of ``count`` pages of 2 to 40 random ``words``."""
    matter = matters.add_matter(library, matters.MatterInput("R-9", "People v. R", "Rae R"))
    texts = [" ".join(rng.choices(words, k=rng.randint(2, 40))) for _ in range(count)]
    _insert_pages(library, matter.id, texts)


@pytest.mark.postgres
def test_the_newest_matches_are_found_however_far_apart_their_pages_are(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages are read newest first in growing ranges of ids: matches spread over a
    million ids come newest first, and whether older ones remain is told right."""
    with office.open() as library:
        matter = matters.add_matter(library, matters.MatterInput("F-1", "People v. F", "Fay F"))
        texts = [f"page {number} " + ("quokka " * (1 + number % 3)) for number in range(12)]
        _insert_pages(library, matter.id, texts, first_id=1, step=90_001)
        ids = [1 + number * 90_001 for number in range(12)]
        everything = search_results(library, "quokka", limit=50, exhaustive=True)
        assert everything.ranked_all and everything.ranked == 12
        monkeypatch.setattr("evidence_desk.core.search.CANDIDATES", 5)
        bounded = search_results(library, "quokka", limit=5)
        assert not bounded.ranked_all and bounded.ranked == 5
        with library.read() as session:
            numbers = {
                page_id: number for page_id, number in session.execute(select(Page.id, Page.number))
            }
        newest = {numbers[page_id] for page_id in ids[-5:]}
        assert {hit.page for hit in bounded.hits} == newest
        # The best of those first (more of the word), ties newest first.
        assert [hit.page for hit in bounded.hits] == sorted(
            newest, key=lambda number: (-(1 + (number - 1) % 3), -number)
        )
        monkeypatch.setattr("evidence_desk.core.search.CANDIDATES", 12)
        assert search_results(library, "quokka", limit=12).ranked_all


@pytest.mark.postgres
def test_the_office_ranks_in_the_documented_order(office: Office) -> None:
    """Best ts_rank first, equal scores newest first: the order the server itself gives."""
    rng = random.Random(8)
    words = ["officer", "arrest", "vehicle", "phone", "report"]
    with office.open() as library:
        _random_pages(library, words, 200, rng)
        for query in ["officer", "phone arrest", '"arrest report"', "veh*"]:
            hits = search_results(library, query, limit=1000).hits
            with office.connect("paralegal") as connection:
                expected = connection.execute(
                    "SELECT p.id, p.number FROM page p, to_tsquery('evidence_desk_search', %s) q"
                    " WHERE p.search_vector @@ q ORDER BY ts_rank(p.search_vector, q) DESC,"
                    " p.id DESC",
                    (tsquery(query),),
                ).fetchall()
            assert [hit.page for hit in hits] == [number for _id, number in expected], query


@pytest.mark.postgres
def test_an_ordinary_persons_search_reads_the_word_index(office: Office, tmp_path: Path) -> None:
    """Under row-level security a person's own ``@@`` cannot use the GIN index (it is not
    leakproof): the search function can, and does."""
    with office.open() as library:
        matter = matters.add_matter(library, matters.MatterInput("G-1", "People v. G", "Gus G"))
        texts = [f"page {number} of the report" for number in range(3000)]
        texts[1234] += " quokka"
        _insert_pages(library, matter.id, texts)
    with office.connect("office_admin") as connection:
        connection.execute("ANALYZE page")
    with office.connect("paralegal") as connection:
        connection.execute("SET enable_seqscan = off")  # as on a library too large to read

        def index_scans() -> int:
            return int(
                connection.execute(
                    "SELECT pg_stat_get_xact_numscans('ix_page_search_vector'::regclass)"
                    " + pg_stat_get_xact_numscans('ix_page_pairs_search_vector'::regclass)"
                ).fetchone()[0]
            )

        connection.execute(
            "SELECT count(*) FROM page"
            " WHERE search_vector @@ to_tsquery('evidence_desk_search', 'quokka')"
        )
        assert index_scans() == 0  # the walls keep a plain query off the index
        found = connection.execute(
            "SELECT count(*) FROM evidence_desk_search_pages(to_tsquery('evidence_desk_search',"
            " 'quokka'), NULL, NULL, NULL, NULL, NULL, NULL, NULL)"  # every match
        ).fetchone()[0]
        assert found == 1 and index_scans() > 0
        storage = connection.execute(
            "SELECT attstorage FROM pg_attribute"
            " WHERE attrelid = 'page'::regclass AND attname = 'search_vector'"
        ).fetchone()[0]
        assert storage == "m"  # kept in the row: ranking reads it without TOAST


@pytest.mark.postgres
def test_a_first_screen_ranks_the_newest_few_and_says_so(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    with office.open() as library:
        matter = matters.add_matter(library, matters.MatterInput("S-1", "People v. S", "Sam S"))
        _insert_pages(
            library, matter.id, [f"page {n} " + "quokka " * (1 + n % 5) for n in range(30)]
        )
        monkeypatch.setattr("evidence_desk.core.search_postgres.FIRST_SCREEN_CANDIDATES", 10)
        first = search_results(library, "quokka", limit=5, first_screen=True)
        assert not first.ranked_all and first.ranked == 10
        assert "best of the newest 10" in (first.how_chosen() or "")
        # The best of pages 21-30 (five times the word on pages 25 and 30), newest first.
        assert [hit.page for hit in first.hits] == [30, 25, 29, 24, 28]
        whole = search_results(library, "quokka", limit=5)
        assert whole.ranked_all and whole.ranked == 30 and whole.how_chosen() is None
        assert [hit.page for hit in whole.hits] == [30, 25, 20, 15, 10]


@pytest.mark.postgres
def test_the_search_speed_upgrade_goes_down_and_up_on_a_library_in_use(
    office: Office, tmp_path: Path
) -> None:
    """0011 (the search function, word pairs, vectors kept in the row) taken off a library
    that holds pages, walls and notes, then put back when the administrator opens it: every
    page and note is still there and every search finds what it found before."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from evidence_desk.core.library import alembic_config, head_revision
    from tests.office import ADMIN

    office.add_people("alice", "bob")
    queries = ["officer", '"took my phone"', "phon*", "quokka", "UC 214", "O'Brien"]
    with office.open("alice") as alice:
        matter = matters.add_matter(alice, matters.MatterInput("U-1", "People v. U", "Uma U"))
        walled = matters.add_matter(alice, matters.MatterInput("U-2", "People v. V", "Vic V"))
        import_paths(alice, matter.id, [make_pdf(tmp_path / "a.pdf", [
            "The officer took my phone", "UC 214 was the officer", "nothing here",
        ])], workers=1)  # fmt: skip
        [hidden] = import_paths(alice, walled.id, [make_pdf(tmp_path / "b.pdf", [
            "The quokka phone"])], workers=1)  # fmt: skip
        notes.add_note(alice, matter.id, "Call", "officer called about the phone")
        # Behind the wall too: rows the upgrades must work out again whoever can see them.
        with alice.write() as session:
            session.execute(
                insert(Page).values(document_id=hidden.id, number=2, text="P.O. O\u02bcBrien")
            )
        notes.add_note(alice, walled.id, "Visit", "P.O. O\u02bcBrien came by")
        restrict_matter(alice, walled.id, ["alice"])
        before = {query: search(alice, query) for query in queries}
    with office.open("bob") as bob:
        bob_before = {query: search(bob, query) for query in queries}
    assert before["quokka"] and not bob_before["quokka"]
    assert len(before["O'Brien"]) == 2 and not bob_before["O'Brien"]

    engine = create_engine(office.cluster.url(office.database, ADMIN))
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0010_postgres_search")
        with engine.connect() as connection:
            assert (
                connection.execute(
                    text(
                        "SELECT count(*) FROM pg_proc WHERE proname = 'evidence_desk_search_pages'"
                    )
                ).scalar_one()
                == 0
            )
            assert connection.execute(text("SELECT count(*) FROM page")).scalar_one() == 5
            assert connection.execute(text("SELECT count(*) FROM note")).scalar_one() == 2
            words = text("SELECT evidence_desk_search_words('O\u02bcBrien')")
            assert connection.execute(words).scalar_one() == "O\u02bcBrien"  # 0010's as it was
            # ... and the rows holding one are indexed as 0010 did (the upgrade must redo them).
            indexed = text(
                "SELECT count(*) FROM page"
                " WHERE search_vector @@ to_tsquery('evidence_desk_search', 'brien')"
            )
            assert connection.execute(indexed).scalar_one() == 0
            assert (
                connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
                == "0010_postgres_search"
            )
    finally:
        engine.dispose()

    with office.open(ADMIN):  # the administrator's opening upgrades the schema again
        pass
    with office.open("alice") as alice:
        assert {query: search(alice, query) for query in queries} == before
    with office.open("bob") as bob:
        assert {query: search(bob, query) for query in queries} == bob_before
    engine = create_engine(office.cluster.url(office.database, ADMIN))
    try:
        with engine.connect() as connection:
            assert (
                connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
                == head_revision()
            )
    finally:
        engine.dispose()
