"""Full-text search: ranking, marked snippets, phrases, prefixes, filters, bad queries.

Tests marked ``databases`` are the behavioural suite: each runs on an embedded library
(SQLite FTS5) and on an office library (PostgreSQL tsvector), opened as an ordinary person.
The others test how the FTS5 index is kept and bounded."""

from __future__ import annotations

import json
import random
import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from evidence_desk.core import documents, notes
from evidence_desk.core.errors import NotFoundError, ValidationError
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter, get_matter_by_file_number
from evidence_desk.core.model import Document, Matter, Page, Tag, document_tag
from evidence_desk.core.records import MatterId
from evidence_desk.core.search import parse_query, search, search_results, to_fts_query
from evidence_desk.core.search_index import bulk_indexing
from tests.files import make_docx, make_ligature_pdf, make_pdf, make_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def mid(library: Library, file_number: str) -> MatterId:
    """A matter's id from its file number: the search service filters by id."""
    return get_matter_by_file_number(library, file_number).id


@pytest.fixture
def corpus(library: Library, tmp_path: Path) -> dict[str, int]:
    add_matter(library, MatterInput("2024-001", "People v. Doe", "Jane Doe"))
    add_matter(library, MatterInput("2024-002", "People v. Roe", "Rita Roe"))
    dd5 = make_pdf(
        tmp_path / "dd5.pdf",
        [
            "DD5 follow-up. The undercover officer UC-214 approached the defendant.",
            "The undercover officer took her phone and did not return it.",
            "Nothing relevant on this page.",
        ],
        bates_prefix="NYPD",
        first_bates=500,
    )
    statement = make_docx(
        tmp_path / "statement.docx", ["Client says the officer took my phone after the arrest."]
    )
    other = make_pdf(tmp_path / "roe.pdf", ["Señor Núñez saw the undercover officer at the bar."])
    [dd5_result] = import_paths(library, mid(library, "2024-001"), [dd5], workers=1)
    [statement_result] = import_paths(
        library, mid(library, "2024-001"), [statement], source="client", workers=1
    )
    [roe_result] = import_paths(library, mid(library, "2024-002"), [other], workers=1)
    note = notes.add_note(
        library, mid(library, "2024-001"), "Interview", "She said UC 214 called her twice."
    )
    return {
        "dd5": dd5_result.id,
        "statement": statement_result.id,
        "roe": roe_result.id,
        "note": note.id,
    }


@pytest.mark.databases
def test_hits_name_document_page_bates_and_mark_the_words(
    library: Library, corpus: dict[str, int]
) -> None:
    hits = search(library, "phone")
    assert {(hit.document_id, hit.page) for hit in hits} == {
        (corpus["dd5"], 2),
        (corpus["statement"], 1),
    }
    dd5_hit = next(hit for hit in hits if hit.document_id == corpus["dd5"])
    assert dd5_hit.bates == "NYPD 000501" and dd5_hit.title == "dd5"
    assert dd5_hit.matter_file_number == "2024-001" and dd5_hit.kind == "page"
    assert "«phone»" in dd5_hit.snippet and "\n" not in dd5_hit.snippet


@pytest.mark.databases
def test_phrases_prefixes_and_operators(library: Library, corpus: dict[str, int]) -> None:
    assert {hit.document_id for hit in search(library, '"took my phone"')} == {corpus["statement"]}
    # Typographic double quotes, as a word processor or a phone types them, make a phrase too.
    for typed in (
        "\u201ctook my phone\u201d",
        "\u201etook my phone\u201c",
        "\uff02took my phone\uff02",
    ):
        assert parse_query(typed) == parse_query('"took my phone"'), typed
        assert [(h.document_id, h.page) for h in search(library, typed)] == [
            (h.document_id, h.page) for h in search(library, '"took my phone"')
        ]
    assert parse_query('"took my phone"')[0].phrase
    assert {hit.document_id for hit in search(library, "undercov*")} == {
        corpus["dd5"],
        corpus["roe"],
    }
    both = search(library, "phone AND arrest")
    assert [hit.document_id for hit in both] == [corpus["statement"]]
    either = search(library, "bar OR arrest")
    assert {hit.document_id for hit in either} == {corpus["statement"], corpus["roe"]}
    assert search(library, "undercover NOT phone")[0].page in (1, None)
    # Accents fold; hyphenated identifiers are searched as written.
    assert [hit.document_id for hit in search(library, "nunez")] == [corpus["roe"]]
    uc = search(library, "UC-214")
    assert {hit.kind for hit in uc} == {"page", "note"}


@pytest.mark.databases
def test_the_best_match_ranks_first(library: Library, corpus: dict[str, int]) -> None:
    hits = search(library, "undercover officer")
    assert hits[0].score <= hits[-1].score
    assert len(hits) == 3


@pytest.mark.databases
def test_notes_are_searched_too(library: Library, corpus: dict[str, int]) -> None:
    [hit] = search(library, "twice")
    assert hit.kind == "note" and hit.note_id == corpus["note"] and hit.document_id is None
    assert hit.title == "Interview" and "«twice»" in hit.snippet
    notes.update_note(library, corpus["note"], body="She said he never called.")
    assert search(library, "twice") == []
    assert [h.note_id for h in search(library, "never")] == [corpus["note"]]


@pytest.mark.databases
def test_filters_by_matter_source_tag_and_date(library: Library, corpus: dict[str, int]) -> None:
    assert {
        h.matter_file_number
        for h in search(library, "undercover", matter_id=mid(library, "2024-002"))
    } == {"2024-002"}
    assert [h.document_id for h in search(library, "phone", source="client")] == [
        corpus["statement"]
    ]
    with library.write() as session:
        session.add(Tag(name="Hot"))
        session.flush()
        tag_id = session.execute(select(Tag.id)).scalar_one()
        session.execute(insert(document_tag).values(document_id=corpus["roe"], tag_id=tag_id))
    assert [h.document_id for h in search(library, "undercover", tag="hot")] == [corpus["roe"]]
    documents.update_document(library, corpus["dd5"], document_date=date(2023, 6, 1))
    in_june = search(library, "undercover", date_from=date(2023, 6, 1), date_to=date(2023, 6, 30))
    assert {h.document_id for h in in_june} == {corpus["dd5"]}
    assert search(library, "phone", date_to=date(2000, 1, 1)) == []
    with pytest.raises(NotFoundError):
        search(library, "phone", matter_id=MatterId(999))


@pytest.mark.databases
def test_limit_and_offset_page_through_results(library: Library, corpus: dict[str, int]) -> None:
    everything = search(library, "officer")
    assert len(everything) == 4
    first, second = (
        search(library, "officer", limit=2),
        search(library, "officer", limit=2, offset=2),
    )
    assert [h.snippet for h in first + second] == [h.snippet for h in everything]


@pytest.mark.databases
@pytest.mark.parametrize("query", ['"unclosed phrase', "phone AND", "( phone", "*", "   "])
def test_a_query_fts_rejects_gets_a_clear_message(
    library: Library, corpus: dict[str, int], query: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        search(library, query)
    assert "search" in str(caught.value) and "\n" not in str(caught.value)


def test_user_text_becomes_a_safe_fts_expression() -> None:
    assert to_fts_query("took phone") == '"took" "phone"'
    assert to_fts_query("UC-214 P.O.") == '"UC-214" "P.O."'
    assert to_fts_query('"took my phone" undercov*') == '"took my phone" "undercov"*'
    assert to_fts_query("a OR (b NOT c)") == '"a" OR ( "b" NOT "c" )'


@pytest.mark.databases
def test_deleting_and_unlocking_keep_the_index_in_step(
    library: Library, corpus: dict[str, int]
) -> None:
    documents.delete_document(library, corpus["statement"])
    assert [h.document_id for h in search(library, "phone")] == [corpus["dd5"]]


def test_a_library_at_the_first_schema_is_indexed_when_upgraded(tmp_path: Path) -> None:
    root = tmp_path / "old"
    shutil.copytree(FIXTURES / "library-0001", root)
    with Library.open(root) as library:
        hits = search(library, "interview")
    assert any(hit.kind == "note" and hit.title == "Intake interview" for hit in hits)


def test_a_bounded_ranking_says_so_and_exhaustive_ranking_agrees_when_all_fit(
    library: Library, corpus: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = search_results(library, "officer", exhaustive=True)
    assert everything.ranked_all and everything.ranked == 4
    bounded = search_results(library, "officer")
    assert bounded.ranked_all and bounded.hits == everything.hits
    monkeypatch.setattr("evidence_desk.core.search.CANDIDATES", 2)
    newest = search_results(library, "officer", limit=2)
    assert not newest.ranked_all and newest.ranked == 2
    # The two newest matching pages (the roe PDF, then the statement), best first, and the note.
    pages = [hit for hit in newest.hits if hit.kind == "page"]
    assert {hit.document_id for hit in pages} == {corpus["roe"], corpus["statement"]}
    assert [hit.score for hit in newest.hits] == sorted(hit.score for hit in newest.hits)
    assert search_results(library, "officer", limit=2, exhaustive=True).hits == everything.hits[:2]


def test_words_too_common_to_weigh_come_newest_first(
    library: Library,
    corpus: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("evidence_desk.core.search.RANKING_BUDGET", 0)
    results = search_results(library, "officer OR twice")
    assert results.order == "newest" and results.ranked_all
    # The note first (notes are still ranked), then the pages, newest first.
    assert [(hit.kind, hit.document_id, hit.page) for hit in results.hits] == [
        ("note", None, None),
        ("page", corpus["roe"], 1),
        ("page", corpus["statement"], 1),
        ("page", corpus["dd5"], 2),
        ("page", corpus["dd5"], 1),
    ]
    ranked = search_results(library, "officer OR twice", exhaustive=True)
    assert ranked.order == "relevance" and {h.snippet for h in ranked.hits} == {
        h.snippet for h in results.hits
    }
    from evidence_desk.cli import main

    path = library.path
    library.close()
    assert main(["--library", str(path), "search", "officer"]) == 0
    assert "newest matching pages come first" in capsys.readouterr().err


def _bulk_library(library: Library, matters: int, pages: int) -> dict[str, list[int]]:
    """``pages`` pages spread over ``matters`` matters, inserted as an import batch would."""
    rng = random.Random(3)
    words = ["report", "officer", "vehicle", "statement", "arrest", "witness", "property"]
    for number in range(matters):
        add_matter(library, MatterInput(f"B-{number}", f"People v. B{number}", f"Client {number}"))
    with library.write() as session:
        matter_ids = [row.id for row in session.execute(select(Matter.id).order_by(Matter.id))]
        with bulk_indexing(session):
            for index in range(pages // 10):
                document_id = session.execute(
                    insert(Document).returning(Document.id),
                    [
                        {
                            "matter_id": matter_ids[index % matters],
                            "title": f"Production {index}",
                            "file_name": f"p{index}.pdf",
                            "stored_path": f"matters/B/documents/p{index}.pdf",
                            "sha256": f"{index:064x}",
                            "size": 1,
                            "kind": "pdf",
                            "status": "ok",
                            "page_count": 10,
                            "imported_by": "test",
                        }
                    ],
                ).scalar_one()
                session.execute(
                    insert(Page),
                    [
                        {
                            "document_id": document_id,
                            "number": number + 1,
                            "text": " ".join(rng.choices(words, k=rng.randint(5, 60))),
                        }
                        for number in range(10)
                    ],
                )
    return {"matters": [f"B-{number}" for number in range(matters)]}


@pytest.mark.databases
def test_bounded_ranking_matches_exhaustive_ranking_where_all_matches_fit(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bulk_library(library, matters=3, pages=300)
    monkeypatch.setattr("evidence_desk.core.search.CANDIDATES", 400)
    for query in ["officer", "vehicle witness", '"arrest report"', "stat*", "prop*"]:
        bounded = search_results(library, query, limit=20)
        exact = search_results(library, query, limit=20, exhaustive=True)
        assert bounded.ranked_all and bounded.hits == exact.hits, query


@pytest.mark.databases
def test_the_matter_filter_is_exact_and_ranks_the_matter_alone(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bulk_library(library, matters=3, pages=300)
    monkeypatch.setattr("evidence_desk.core.search.CANDIDATES", 25)
    everything = search_results(library, "officer", limit=1000, exhaustive=True).hits
    for file_number in ("B-0", "B-1", "B-2"):
        in_matter = search_results(
            library, "officer", matter_id=mid(library, file_number), limit=25
        )
        assert {hit.matter_file_number for hit in in_matter.hits} == {file_number}
        # Its candidates are the matter's newest 25 matches, not the library's.
        assert in_matter.ranked == 25 and len(in_matter.hits) == 25
        newest = sorted(
            (hit for hit in everything if hit.matter_file_number == file_number),
            key=lambda hit: (hit.document_id, hit.page),
        )[-25:]
        assert {(h.document_id, h.page) for h in in_matter.hits} == {
            (h.document_id, h.page) for h in newest
        }


def test_a_first_screen_looks_at_the_newest_pages_and_says_so(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bulk_library(library, matters=2, pages=300)
    with library.write() as session:
        oldest = session.execute(select(Document.id).order_by(Document.id).limit(1)).scalar()
        session.execute(
            Page.__table__.update()
            .where(Page.document_id == oldest, Page.number == 1)
            .values(text="officer vehicle statuette")
        )
    monkeypatch.setattr("evidence_desk.core.search.RANKING_BUDGET", 0)
    monkeypatch.setattr("evidence_desk.core.search.FIRST_SCREEN_PAGES", 100)
    early = search_results(library, '"vehicle statuette"', first_screen=True)
    assert early.hits == [] and not early.complete and not early.ranked_all
    [hit] = search_results(library, '"vehicle statuette"').hits
    assert hit.document_id == oldest and hit.page == 1
    # A first screen that fills up from the newest pages is the whole first screen.
    full = search_results(library, "officer", limit=5, first_screen=True)
    assert full.complete and full.hits == search_results(library, "officer", limit=5).hits


@pytest.mark.databases
def test_a_prefix_query_still_finds_a_rare_page(library: Library) -> None:
    _bulk_library(library, matters=2, pages=300)
    with library.write() as session:
        document_id = session.execute(select(Document.id).limit(1)).scalar_one()
        session.execute(
            insert(Page).values(document_id=document_id, number=99, text="a statuette was seized")
        )
    for query in ["statu*", "statue*", "sta*", "statuette*"]:
        hits = search(library, query, limit=1000)
        assert any(hit.page == 99 for hit in hits), query
    [only] = search(library, "statuet*")
    assert only.page == 99 and "«statuette»" in only.snippet


@pytest.mark.databases
def test_a_moved_document_is_found_in_its_new_matter(
    library: Library, corpus: dict[str, int]
) -> None:
    with library.write() as session:
        other = session.execute(select(Matter.id).where(Matter.file_number == "2024-002")).scalar()
        session.execute(
            Document.__table__.update().where(Document.id == corpus["dd5"]).values(matter_id=other)
        )
    assert {
        h.document_id for h in search(library, "phone", matter_id=mid(library, "2024-002"))
    } == {corpus["dd5"]}
    assert {
        h.document_id for h in search(library, "phone", matter_id=mid(library, "2024-001"))
    } == {corpus["statement"]}


# -- what search normalises ----------------------------------------------------------------


@pytest.fixture
def typeset(library: Library, tmp_path: Path) -> dict[str, int]:
    """A PDF as LaTeX leaves it: ligature glyphs and words hyphenated at line ends."""
    add_matter(library, MatterInput("2024-009", "People v. Poe", "Pat Poe"))
    pdf = make_ligature_pdf(
        tmp_path / "typeset.pdf",
        [
            "The undercover o\ufb03cer acted di\ufb00erently this time,\n\ufb01nally.",
            "The arrest was handled in a way that was differ-\nently recorded by the team.",
        ],
    )
    text = make_text(
        tmp_path / "memo.txt",
        "The warrant was exe\u00adcuted in a rea\u00ad\nsonable way by the o\ufb03ce clerk.",
    )
    [pdf_result] = import_paths(library, mid(library, "2024-009"), [pdf], workers=1)
    [text_result] = import_paths(library, mid(library, "2024-009"), [text], workers=1)
    return {"pdf": pdf_result.id, "text": text_result.id}


@pytest.mark.databases
def test_words_typeset_with_ligatures_are_found(library: Library, typeset: dict[str, int]) -> None:
    for query in ["officer", "finally", '"acted differently"', "di\ufb00erently this"]:
        hits = search(library, query)
        assert [(h.document_id, h.page) for h in hits] == [(typeset["pdf"], 1)], query
    assert {h.page for h in search(library, "differently")} == {1, 2}
    assert "«differently»" in search(library, "acted differently")[0].snippet


@pytest.mark.databases
def test_words_hyphenated_at_a_line_end_are_found(
    library: Library, typeset: dict[str, int]
) -> None:
    # However the extraction engine marks the line end, the page keeps the word split.
    assert re.search(r"differ\W+ently", documents.get_page(library, typeset["pdf"], 2).text)
    [hit] = search(library, "differently recorded")
    assert hit.page == 2 and "«differently»" in hit.snippet
    assert [h.page for h in search(library, '"was differently recorded"')] == [2]


@pytest.mark.databases
def test_words_with_soft_hyphens_are_found(library: Library, typeset: dict[str, int]) -> None:
    stored = documents.get_page(library, typeset["text"], 1).text
    assert "exe\u00adcuted" in stored and "o\ufb03ce" in stored  # the exact text stays
    assert [h.document_id for h in search(library, "office clerk")] == [typeset["text"]]
    for query in ["executed", "reasonable", '"executed in a reasonable way"']:
        assert [h.document_id for h in search(library, query)] == [typeset["text"]], query


def test_the_command_line_finds_a_word_typeset_with_a_ligature(
    library: Library, typeset: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    from evidence_desk.cli import main

    path = library.path
    library.close()
    assert main(["--library", str(path), "search", "differently", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert {(hit["document_id"], hit["page"]) for hit in hits} == {
        (typeset["pdf"], 1),
        (typeset["pdf"], 2),
    }


@pytest.mark.databases
def test_notes_are_normalised_too(library: Library, corpus: dict[str, int]) -> None:
    note = notes.add_note(
        library, mid(library, "2024-001"), "O\ufb03ce visit", "She was treated di\ufb00er-\nently."
    )
    [hit] = search(library, "office differently")
    assert hit.note_id == note.id
    notes.update_note(library, note.id, body="Nothing a\u00adbout it.")
    assert search(library, "differently") == [] and search(library, "about")[0].note_id == note.id


def test_every_writer_of_page_text_is_indexed_normalised(
    library: Library, corpus: dict[str, int]
) -> None:
    with library.write() as session:
        session.execute(
            Page.__table__.update()
            .where(Page.document_id == corpus["dd5"], Page.number == 3)
            .values(text="A con\ufb01scated phone, di\ufb00er-\nently.")
        )
    assert [(h.document_id, h.page) for h in search(library, "confiscated differently")] == [
        (corpus["dd5"], 3)
    ]
    with library.write() as session, bulk_indexing(session):
        session.execute(insert(Page).values(document_id=corpus["dd5"], number=4, text="a\ufb00ray"))
        assert search(library, "affray") == []  # not yet: the block has not ended
    assert [h.page for h in search(library, "affray")] == [4]
    with pytest.raises(RuntimeError), library.write() as session, bulk_indexing(session):
        session.execute(insert(Page).values(document_id=corpus["dd5"], number=5, text="melee"))
        raise RuntimeError("the import failed")
    assert search(library, "melee") == []
    with library.write() as session:  # after a bulk block, inserts are indexed at once again
        session.execute(insert(Page).values(document_id=corpus["dd5"], number=6, text="scu\ufb04e"))
    assert [h.page for h in search(library, "scuffle")] == [6]
    with library.read() as session:
        check = session.connection().exec_driver_sql(
            "INSERT INTO page_fts(page_fts, rank) VALUES ('integrity-check', 0)"
        )
        assert check is not None


def test_a_library_made_before_normalisation_is_reindexed_on_upgrade(tmp_path: Path) -> None:
    root = tmp_path / "old"
    shutil.copytree(FIXTURES / "library-0001", root)
    raw = sqlite3.connect(root / "evidence.db")
    with raw:
        raw.execute(
            "INSERT INTO note (matter_id, title, body, author, created_at, updated_at) "
            "SELECT matter_id, 'Second visit', 'She was treated di\ufb00er-\nently.', author, "
            "created_at, updated_at FROM note LIMIT 1"
        )
    raw.close()
    with Library.open(root) as library:
        [hit] = search(library, "differently")
        assert hit.kind == "note" and hit.title == "Second visit"
        assert any(h.title == "Intake interview" for h in search(library, "interview"))


@pytest.mark.databases
def test_letters_without_a_decomposition_are_found_as_typed(
    library: Library, corpus: dict[str, int]
) -> None:
    with library.write() as session:
        session.execute(
            insert(Page).values(
                document_id=corpus["roe"],
                number=2,
                text="Det. Łukasz Wałęsa and P.O. Sørensen met Đorđe at the Straße; "
                "Æsir, Œuvre, Yıldız, Þórunn and Guðrún saw it.",
            )
        )
    note = notes.add_note(library, mid(library, "2024-002"), "Call", "Ms. Øberg called.")
    typed = ["Lukasz", "walesa", "SORENSEN", "Dorde", "strasse", "aesir", "oeuvre", "yildiz"]
    typed += ["thorunn", "gudrun", "Wałęsa", "Straße", '"Lukasz Walesa"', "Wale*", "Sor*"]
    for query in typed:
        assert [(h.document_id, h.page) for h in search(library, query)] == [(corpus["roe"], 2)], (
            query
        )
    assert [h.note_id for h in search(library, "oberg")] == [note.id]
    # The results spell the words as the page and the note do, not as they were typed.
    (hit,) = search(library, "walesa")
    assert "Łukasz «Wałęsa» and P.O. Sørensen met Đorđe at the Straße" in hit.snippet
    assert "«Straße»" in search(library, "strasse")[0].snippet
    assert "Ms. «Øberg» called." in search(library, "oberg")[0].snippet


@pytest.mark.databases
def test_an_apostrophe_typed_as_a_letter_is_an_apostrophe(
    library: Library, corpus: dict[str, int]
) -> None:
    """Some keyboards type the apostrophe as a modifier letter (ʼ): to an index a letter,
    so "O'Brien" would not find "OʼBrien"."""
    with library.write() as session:
        session.execute(
            insert(Page).values(
                document_id=corpus["roe"], number=2, text="P.O. O\u02bcBrien and Sgt. D\u02bbAmato"
            )
        )
    note = notes.add_note(library, mid(library, "2024-002"), "Call", "Ms. O\u02bcNeil called.")
    for query in ["O'Brien", "O\u2019Brien", "O\u02bcBrien", "brien", '"P.O. O\'Brien"', "D'Amato"]:
        assert [(h.document_id, h.page) for h in search(library, query)] == [(corpus["roe"], 2)], (
            query
        )
    assert [h.note_id for h in search(library, "O'Neil")] == [note.id]
    (hit,) = search(library, "O'Brien")
    assert "«O'Brien»" in hit.snippet  # apostrophes read straight, as curly ones are


def _found_after_upgrade(
    library: Library, document_id: int, page: str, revision: str, query: str
) -> list[int]:
    """The pages ``query`` finds once a library whose index held ``page`` as written (as the
    version at ``revision`` indexed it) is opened and upgraded."""
    with library.write() as session:
        session.execute(insert(Page).values(document_id=document_id, number=2, text=page))
    path = library.path
    library.close()
    raw = sqlite3.connect(path / "evidence.db")
    with raw:  # the index as the version before held it, and that version's schema
        raw.execute("UPDATE page_fts SET text = ? WHERE rowid = (SELECT max(id) FROM page)",
                    (page,))  # fmt: skip
        raw.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    raw.close()
    with Library.open(path) as reopened:
        return [h.page for h in search(reopened, query)]


def test_a_library_indexed_before_modifier_apostrophes_is_indexed_again(
    library: Library, corpus: dict[str, int]
) -> None:
    found = _found_after_upgrade(
        library, corpus["roe"], "P.O. O\u02bcBrien", "0012_plain_letters", "O'Brien"
    )
    assert found == [2]


def test_a_library_indexed_before_plain_letters_is_indexed_again(
    library: Library, corpus: dict[str, int]
) -> None:
    found = _found_after_upgrade(
        library, corpus["roe"], "Wałęsa signed.", "0011_office_search_speed", "Walesa"
    )
    assert found == [2]
