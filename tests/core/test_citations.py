"""Citations: quotes checked against the page text, positions kept, pinpoint cites."""

from __future__ import annotations

import pytest

from evidence_desk.core import allegations, audit, citations, notes, officers
from evidence_desk.core.allegations import AllegationInput, CitationInput, OfficerLink
from evidence_desk.core.errors import ConflictError, NotFoundError, ValidationError
from evidence_desk.core.library import Library
from tests.core.evidence_builders import ARREST_REPORT_PAGES, add_document, add_matter

pytestmark = pytest.mark.databases


@pytest.mark.parametrize(
    ("page", "quote"),
    [
        ("The cat sat on the mat.", "cat sat"),
        ("The cat   sat\non the\tmat.", "cat sat on the mat"),
        ("the field team effected the arr-\nest without incident", "effected the arrest"),
        ("the field team effected the arr- est", "the arrest"),
        ("He said \u201cget in the car\u201d twice", 'said "get in the car"'),
        ("UPPER CASE TEXT", "upper case"),
        ("soft\u00adhyphen", "softhyphen"),
        ("The UC acted di\ufb00erently at the \ufb01eld office", "acted differently at the field"),
        ("acted differ-\nently", "acted differently"),
        ("a sta\u200btement", "a statement"),
        ("Oleg Alexandrov signed it", "OlegAlexandrov signed"),
        ("OlegAlexandrov signed it", "Oleg Alexandrov signed"),
        ("the field team effected the ar- rest", "effected the arrest"),
    ],
)
def test_find_quote_tolerates_layout(page: str, quote: str) -> None:
    found = citations.find_quote(page, quote)
    assert found is not None
    start, end = found
    # The offsets cover exactly the quoted words on the page, nothing before or after.
    assert citations.find_quote(page[start:end], quote) == (0, end - start)
    assert not page[start].isspace() and not page[end - 1].isspace()


def test_a_quote_matches_across_a_ligature_and_keeps_exact_offsets() -> None:
    page = "Line one.\nThe officer acted di\ufb00erently on the \ufb01rst night."
    start, end = citations.find_quote(page, "acted differently on the first")  # type: ignore[misc]
    assert page[start:end] == "acted di\ufb00erently on the \ufb01rst"


def test_spacing_never_lets_a_quote_start_or_end_inside_a_word() -> None:
    # Without spaces "galexandrov" is inside the page's "olegalexandrov", but not at a word
    # boundary: the quote does not hold the page's words.
    assert citations.find_quote("OlegAlexandrov signed", "gAlex androv") is None


@pytest.mark.parametrize(
    ("page", "quote", "reads"),
    [
        ("She saw a therapist today.", "a the rapist", "a therapist"),
        ("she was a part of the team", "apart of the team", "a part of the team"),
        ("the man slaughter count", "manslaughter count", "man slaughter count"),
        ("he took my phone", "tookmy phone", "took my phone"),
        ("it was unlawful", "lawful", "unlawful"),
        ("he ate grapes at noon", "rape", "grapes"),
        ("the therapist said so", "rapist said", "therapist said"),
        ("Smithson arrived", "Smith", "Smithson"),
        ("the arrested man", "arrest", "arrested"),
    ],
)
def test_a_quote_takes_whole_words_as_the_page_has_them(page: str, quote: str, reads: str) -> None:
    """A quote never begins or ends inside a word of the page. Spacing is forgiven where
    extraction, not the words, made the difference (a hyphen at a line end, words glued at
    a capital or a digit); a space that joins or splits plain letters changes what the page
    says. The refusal shows how the page has the words."""
    assert citations.find_quote(page, quote) is None
    assert citations.how_the_page_reads(page, quote) == reads
    assert citations.how_the_page_reads(page, reads) is None  # found as it reads


def test_a_refused_quote_says_how_the_page_spaces_its_words(
    library: Library, case: dict[str, int]
) -> None:
    note = notes.add_note(library, case["matter"], "Interview", "She saw a therapist today.")
    with pytest.raises(ValidationError) as refused:
        citations.add_citation(
            library, case["allegation"], CitationInput(note_id=note.id, quote="a the rapist")
        )
    assert str(refused.value) == (
        "the quote 'a the rapist' is not in the note “Interview”: the note reads "
        "'a therapist'; quote the words as it has them"
    )


def test_find_quote_returns_exact_offsets() -> None:
    page = "Line one.\nThe UC gave a pre-arranged signal and the arr-\nest followed."
    start, end = citations.find_quote(page, "signal and the arrest")  # type: ignore[misc]
    assert page[start:end] == "signal and the arr-\nest"
    assert citations.find_quote(page, "not there") is None
    assert citations.find_quote(page, "   ") is None


@pytest.fixture
def case(library: Library) -> dict[str, int]:
    matter = add_matter(library)
    document = add_document(
        library, matter.id, "Arrest Report", ARREST_REPORT_PAGES, first_bates=124
    )
    officer = officers.add_officer(library, "John Smith")
    allegation = allegations.add_allegation(
        library,
        AllegationInput(
            matter_id=matter.id,
            officers=(OfficerLink(officer.id),),
            date="2021-03-12",
            conduct=("UC.EXPOSURE",),
            summary="UC exposed himself before the arrest",
        ),
    )
    return {"matter": matter.id, "document": document.id, "allegation": allegation.id}


def test_citation_renders_a_pinpoint_and_keeps_the_position(
    library: Library, case: dict[str, int]
) -> None:
    record = citations.add_citation(
        library,
        case["allegation"],
        CitationInput(document_id=case["document"], page_start=2, quote="effected the arrest"),
    )
    assert record.pinpoint == "Arrest Report, p. 2 (NYPD 000125)"
    assert record.quote_page == 2 and record.page_end == 2
    page = ARREST_REPORT_PAGES[1]
    assert page[record.quote_start : record.quote_end] == "effected the arr-\nest"
    ranged = citations.add_citation(
        library,
        case["allegation"],
        CitationInput(document_id=case["document"], page_start=2, page_end=3, quote="No injuries"),
    )
    assert ranged.pinpoint == "Arrest Report, pp. 2-3 (NYPD 000125-000126)"
    assert ranged.quote_page == 3


def test_a_quote_typed_plainly_cites_a_page_typeset_with_ligatures(
    library: Library, case: dict[str, int]
) -> None:
    page = "The UC acted di\ufb00erently once the \ufb01eld team left."
    document = add_document(library, case["matter"], "Typeset Report", [page])
    record = citations.add_citation(
        library,
        case["allegation"],
        CitationInput(document_id=document.id, page_start=1, quote="acted differently once"),
    )
    assert record.quote == "acted differently once"
    assert page[record.quote_start : record.quote_end] == "acted di\ufb00erently once"


def test_quote_across_a_page_break_is_found(library: Library, case: dict[str, int]) -> None:
    record = citations.add_citation(
        library,
        case["allegation"],
        CitationInput(
            document_id=case["document"],
            page_start=2,
            page_end=3,
            quote="without incident. Property: one cell phone",
        ),
    )
    assert record.quote_page == 2
    assert record.quote_end is not None and record.quote_end > len(ARREST_REPORT_PAGES[1])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (CitationInput(document_id=1, page_start=2, quote="the UC kissed me"), "is not on p. 2"),
        (CitationInput(document_id=1, page_start=1, quote="effected the arrest"), "not on p. 1"),
        (CitationInput(document_id=1, page_start=4, quote="x"), "has 3 pages; page 4 is beyond"),
        (CitationInput(document_id=1, page_start=2, page_end=9), "page 9 is beyond its end"),
        (CitationInput(document_id=1, page_start=3, page_end=2), "ends before it starts"),
        (CitationInput(document_id=1, page_start=0), "start at 1"),
        (CitationInput(document_id=1), "needs a page"),
        (CitationInput(document_id=77, page_start=1), "no document with id 77"),
        (CitationInput(note_id=55), "no note with id 55"),
        (CitationInput(), "either a document page range or a note"),
        (CitationInput(document_id=1, note_id=1, page_start=1), "either a document"),
    ],
)
def test_bad_citations_are_refused_and_change_nothing(
    library: Library, case: dict[str, int], data: CitationInput, message: str
) -> None:
    assert case["document"] == 1
    with pytest.raises((ValidationError, NotFoundError), match=message):
        citations.add_citation(library, case["allegation"], data)
    assert allegations.get_allegation(library, case["allegation"]).citations == ()


def test_note_citation_checks_the_note_text(library: Library, case: dict[str, int]) -> None:
    note = notes.add_note(
        library, case["matter"], "Client interview", "She said the UC showed her a video."
    )
    record = citations.add_citation(
        library, case["allegation"], CitationInput(note_id=note.id, quote="showed her a video")
    )
    assert record.pinpoint.startswith('Note "Client interview" (')
    assert note.body[record.quote_start : record.quote_end] == "showed her a video"
    with pytest.raises(ValidationError, match="not in the note “Client interview”"):
        citations.add_citation(
            library, case["allegation"], CitationInput(note_id=note.id, quote="a gun")
        )


def test_evidence_of_another_matter_cannot_be_cited(library: Library, case: dict[str, int]) -> None:
    other = add_matter(library, "2024-002", "Ann Roe")
    foreign = add_document(library, other.id, "Other Report", ["some text"])
    with pytest.raises(ValidationError, match="belongs to another matter"):
        citations.add_citation(
            library, case["allegation"], CitationInput(document_id=foreign.id, page_start=1)
        )


def test_remove_and_restore_a_citation(library: Library, case: dict[str, int]) -> None:
    record = citations.add_citation(
        library,
        case["allegation"],
        CitationInput(document_id=case["document"], page_start=3, quote="cell phone"),
    )
    removed = citations.remove_citation(library, record.id)
    assert allegations.get_allegation(library, case["allegation"]).citations == ()
    assert citations.restore_citation(library, removed) == record
    assert allegations.get_allegation(library, case["allegation"]).citations == (record,)
    with pytest.raises(NotFoundError):
        citations.remove_citation(library, 999)
    with library.read() as session:
        assert audit.verify(session)[1] is None
        assert citations.citation_count(session, document_id=case["document"]) == 1


def test_a_cited_note_cannot_be_deleted_until_uncited(
    library: Library, case: dict[str, int]
) -> None:
    note = notes.add_note(library, case["matter"], "Interview", "He called her after release.")
    citation = citations.add_citation(
        library, case["allegation"], CitationInput(note_id=note.id, quote="called her")
    )
    with pytest.raises(ConflictError, match="“Interview” is cited by the allegation “UC exposed"):
        notes.delete_note(library, note.id)
    assert notes.get_note(library, note.id) == note
    citations.remove_citation(library, citation.id)
    deleted = notes.delete_note(library, note.id)
    with pytest.raises(NotFoundError):
        notes.get_note(library, note.id)
    assert notes.restore_note(library, deleted) == note
    with library.read() as session:
        assert audit.verify(session)[1] is None


def test_a_note_keeps_the_words_an_allegation_quotes(
    library: Library, case: dict[str, int]
) -> None:
    note = notes.add_note(
        library, case["matter"], "Interview", "He called her after release. She hung up."
    )
    cited = citations.add_citation(
        library,
        case["allegation"],
        CitationInput(note_id=note.id, quote="called her after release"),
    )
    # An edit that drops the quoted words is refused, saying who quotes what; nothing changes.
    with pytest.raises(ValidationError) as refused:
        notes.update_note(library, note.id, body="He phoned her. She hung up.")
    assert str(refused.value) == (
        "the note “Interview” is quoted by the allegation “UC exposed himself before the "
        "arrest” ('called her after release'): keep those words, or change or remove the "
        "citation first"
    )
    assert notes.get_note(library, note.id) == note
    # Other edits go through; a quote whose words moved keeps their new place.
    moved = "Notes of 3 May. He called her after  release. She hung up twice."
    _before, after = notes.update_note(library, note.id, title="Interview, 3 May", body=moved)
    assert after.body == moved
    (kept,) = allegations.get_allegation(library, case["allegation"]).citations
    assert kept.id == cited.id
    assert moved[kept.quote_start : kept.quote_end] == "called her after  release"
    with library.read() as session:
        assert audit.verify(session)[1] is None


def test_a_citation_whose_note_lost_the_words_does_not_come_back(
    library: Library, case: dict[str, int]
) -> None:
    note = notes.add_note(library, case["matter"], "Interview", "He called her after release.")
    cited = citations.add_citation(
        library, case["allegation"], CitationInput(note_id=note.id, quote="called her")
    )
    removed = citations.remove_citation(library, cited.id)
    notes.update_note(library, note.id, body="He phoned her after release.")  # nobody quotes it
    with pytest.raises(ConflictError, match="cannot come back: the quote 'called her' is not in"):
        citations.restore_citation(library, removed)
    # Nor with its allegation (undo of a deletion): nothing of it comes back.
    notes.update_note(library, note.id, body="He called her after release.")
    citations.restore_citation(library, removed)
    deleted = allegations.delete_allegation(library, case["allegation"])
    notes.update_note(library, note.id, body="He phoned her after release.")
    with pytest.raises(ConflictError, match="cannot come back"):
        allegations.restore_allegation(library, deleted)
    with pytest.raises(NotFoundError):
        allegations.get_allegation(library, case["allegation"])
    with library.read() as session:
        assert audit.verify(session)[1] is None


def test_verify_names_a_quote_an_earlier_version_took_from_part_of_a_word(
    library: Library, case: dict[str, int]
) -> None:
    from evidence_desk.core.integrity import inspect_library
    from evidence_desk.core.model import Citation

    cited = citations.add_citation(
        library,
        case["allegation"],
        CitationInput(document_id=case["document"], page_start=3, quote="cell phone"),
    )
    assert [item for item in inspect_library(library).problems if item.kind == "quote"] == []
    with library.write() as session:  # as an earlier, laxer version accepted it
        session.get(Citation, cited.id).quote = "ell phone"
    (problem,) = [item for item in inspect_library(library).problems if item.kind == "quote"]
    assert problem.message == (
        "the allegation “UC exposed himself before the arrest”: the quote 'ell phone' is not "
        "on p. 3 of “Arrest Report”: the page reads 'cell phone'; quote the words as it has them"
    )
    assert problem.document_id == case["document"]


def test_notes_are_found_by_their_words(library: Library, case: dict[str, int]) -> None:
    first = notes.add_note(library, case["matter"], "Interview", "He called her after release.")
    notes.add_note(library, case["matter"], "Court date", "Adjourned to May.")
    assert notes.find_notes(library, "CALLED release") == [first]
    assert notes.find_notes(library, "interview", matter_id=case["matter"]) == [first]
    assert len(notes.find_notes(library, "")) == 2
