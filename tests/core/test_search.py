"""Full-text search: ranking, marked snippets, phrases, prefixes, filters, bad queries."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from evidence_desk.core import documents, notes
from evidence_desk.core.errors import NotFoundError, ValidationError
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter
from evidence_desk.core.model import Tag, document_tag
from evidence_desk.core.search import search, to_fts_query
from tests.files import make_docx, make_pdf

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


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
    [dd5_result] = import_paths(library, "2024-001", [dd5], workers=1)
    [statement_result] = import_paths(library, "2024-001", [statement], source="client", workers=1)
    [roe_result] = import_paths(library, "2024-002", [other], workers=1)
    note = notes.add_note(library, "2024-001", "Interview", "She said UC 214 called her twice.")
    return {
        "dd5": dd5_result.id,
        "statement": statement_result.id,
        "roe": roe_result.id,
        "note": note.id,
    }


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


def test_phrases_prefixes_and_operators(library: Library, corpus: dict[str, int]) -> None:
    assert {hit.document_id for hit in search(library, '"took my phone"')} == {corpus["statement"]}
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


def test_the_best_match_ranks_first(library: Library, corpus: dict[str, int]) -> None:
    hits = search(library, "undercover officer")
    assert hits[0].score <= hits[-1].score
    assert len(hits) == 3


def test_notes_are_searched_too(library: Library, corpus: dict[str, int]) -> None:
    [hit] = search(library, "twice")
    assert hit.kind == "note" and hit.note_id == corpus["note"] and hit.document_id is None
    assert hit.title == "Interview" and "«twice»" in hit.snippet
    notes.update_note(library, corpus["note"], body="She said he never called.")
    assert search(library, "twice") == []
    assert [h.note_id for h in search(library, "never")] == [corpus["note"]]


def test_filters_by_matter_source_tag_and_date(library: Library, corpus: dict[str, int]) -> None:
    assert {h.matter_file_number for h in search(library, "undercover", matter="2024-002")} == {
        "2024-002"
    }
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
        search(library, "phone", matter="no-such-matter")


def test_limit_and_offset_page_through_results(library: Library, corpus: dict[str, int]) -> None:
    everything = search(library, "officer")
    assert len(everything) == 4
    first, second = (
        search(library, "officer", limit=2),
        search(library, "officer", limit=2, offset=2),
    )
    assert [h.snippet for h in first + second] == [h.snippet for h in everything]


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


def test_large_match_sets_are_ranked_in_windows_without_losing_hits(
    library: Library, corpus: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    exact = search(library, "officer")
    monkeypatch.setattr("evidence_desk.core.search.RANKING_WINDOW", 1)
    windowed = search(library, "officer")
    assert sorted((h.document_id, h.page, h.note_id) for h in windowed) == sorted(
        (h.document_id, h.page, h.note_id) for h in exact
    )
    assert [h.score for h in windowed] == sorted(h.score for h in windowed)
    in_matter = search(library, "undercover", matter="2024-002")
    assert [h.document_id for h in in_matter] == [corpus["roe"]]
    assert len(search(library, "officer", limit=1)) == 1
