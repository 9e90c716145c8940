"""Citations: how an allegation points at its evidence, and how that reads in a memo.

A citation names a page range of a document, or a note, with the quoted words. The quote
is looked up in the stored page text when the citation is made, normalised as search
normalises it (ligatures, soft hyphens, line breaks and hyphenation that PDF extraction
leaves; see ``find_quote``), and its position in the exact text is kept, so a memo can
quote the evidence word for word and the viewer can highlight it. A quote that is not in
the evidence is refused: a pinpoint cite that does not hold up is worse than none.
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import audit
from .errors import ConflictError, NotFoundError, ValidationError
from .library import Library
from .model import Allegation, Citation, Document, Note, Page
from .normalisation import normalise_with_positions
from .records import CitationRecord
from .wording import plural, quoted


def page_text(page_start: int, page_end: int | None) -> str:
    """ "p. 3" or "pp. 3-5"."""
    if page_end is None or page_end == page_start:
        return f"p. {page_start}"
    return f"pp. {page_start}-{page_end}"


def bates_text(bates_start: str | None, bates_end: str | None) -> str | None:
    """ "NYPD 000125" or "NYPD 000125-000127" (the shared prefix is not repeated)."""
    if not bates_start:
        return None
    if not bates_end or bates_end == bates_start:
        return bates_start
    prefix_length = 0
    for left, right in zip(bates_start, bates_end, strict=False):
        if left != right or left.isdigit():
            break
        prefix_length += 1
    return f"{bates_start}-{bates_end[prefix_length:]}"


OCR_MARK = "[OCR text]"


def pinpoint(
    title: str,
    page_start: int | None,
    page_end: int | None = None,
    bates_start: str | None = None,
    bates_end: str | None = None,
    *,
    ocr: bool = False,
) -> str:
    """A pinpoint cite: "Arrest Report, p. 3 (NYPD 000125)".

    ``ocr``: the cited text was read from a scan by OCR, which a reader must be told
    (OCR can misread a word): "Arrest Report, p. 3 (NYPD 000125) [OCR text]".
    """
    parts = title
    if page_start is not None:
        parts += f", {page_text(page_start, page_end)}"
    bates = bates_text(bates_start, bates_end)
    if bates:
        parts += f" ({bates})"
    if ocr:
        parts += f" {OCR_MARK}"
    return parts


# -- finding a quote on a page -----------------------------------------------------------


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` as search reads it, case-folded, with each character's index in ``text``.

    The same normalisation as the search index (``normalisation.normalise``: ligatures,
    soft hyphens, line-end hyphenation, white space, typographic quotes), so a quote
    matches wherever a search for its words finds the page.
    """
    normalised, origins = normalise_with_positions(text)
    folded: list[str] = []
    positions: list[int] = []
    for character, origin in zip(normalised, origins, strict=True):
        for piece in character.casefold():
            folded.append(piece)
            positions.append(origin)
    return "".join(folded), positions


def _squeezed(folded: str) -> tuple[str, list[int]]:
    """``folded`` without spaces and hyphens, with each character's index in ``folded``."""
    kept = [index for index, character in enumerate(folded) if character not in " -"]
    return "".join(folded[index] for index in kept), kept


def find_quote(page_text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` is in ``page_text`` as (start, end) character offsets, or None.

    The quote and the page are compared as search reads them (see ``_folded``), case
    aside, whole words only ("lawful" is not a quote of "unlawful"). Failing that, they are
    compared without spaces and hyphens, because extraction engines space words
    differently: pypdf glues some ("OlegAlexandrov"), others split a word at a line end
    ("arr- est"). Such a match must also take whole words, and may space them differently
    from the page only where a hyphen stands or where extraction glues words
    (``_spacing_may_differ``): "the rapist" is not a quote of "therapist", nor "apart" of
    "a part". The offsets are of the original text, so the window can highlight the exact
    words.
    """
    folded_page, positions = _folded(page_text)
    folded_quote, _ = _folded(quote)
    if not folded_quote:
        return None
    for first, last in _exact_matches(folded_page, folded_quote):
        if _whole_words(folded_page, folded_quote, first, last):
            return positions[first], positions[last] + 1
    for first, last in _squeezed_matches(folded_page, folded_quote):
        if _spacing_may_differ(page_text, positions, folded_page, folded_quote, first):
            return positions[first], positions[last] + 1
    return None


def how_the_page_reads(page_text: str, quote: str) -> str | None:
    """The page's words that ``quote`` matches only in part (inside longer words, or with
    words spaced otherwise), for a refusal that shows how the page has them; else None."""
    if find_quote(page_text, quote) is not None:
        return None
    folded_page, positions = _folded(page_text)
    folded_quote, _ = _folded(quote)
    if not folded_quote:
        return None
    for first, last in _exact_matches(folded_page, folded_quote):
        while first > 0 and folded_page[first - 1].isalnum():
            first -= 1
        while last + 1 < len(folded_page) and folded_page[last + 1].isalnum():
            last += 1
        return " ".join(page_text[positions[first] : positions[last] + 1].split())
    for first, last in _squeezed_matches(folded_page, folded_quote):
        return " ".join(page_text[positions[first] : positions[last] + 1].split())
    return None


def _exact_matches(folded_page: str, folded_quote: str) -> Iterator[tuple[int, int]]:
    """Each place (first and last index in ``folded_page``) that holds the quote."""
    start = folded_page.find(folded_quote)
    while start >= 0:
        yield start, start + len(folded_quote) - 1
        start = folded_page.find(folded_quote, start + 1)


def _whole_words(folded_page: str, folded_quote: str, first: int, last: int) -> bool:
    """Whether a match takes whole words: a quote that begins (ends) with a letter or digit
    does not begin (end) inside a word of the page ("lawful" is not in "unlawful")."""
    return (not folded_quote[0].isalnum() or _word_edge(folded_page, first - 1)) and (
        not folded_quote[-1].isalnum() or _word_edge(folded_page, last + 1)
    )


def _squeezed_matches(folded_page: str, folded_quote: str) -> Iterator[tuple[int, int]]:
    """Each place (first and last index in ``folded_page``) where the quote matches when
    spaces and hyphens are ignored, starting and ending at word boundaries."""
    squeezed_quote, _ = _squeezed(folded_quote)
    if not squeezed_quote:
        return
    squeezed_page, kept = _squeezed(folded_page)
    start = squeezed_page.find(squeezed_quote)
    while start >= 0:
        first, last = kept[start], kept[start + len(squeezed_quote) - 1]
        if _word_edge(folded_page, first - 1) and _word_edge(folded_page, last + 1):
            yield first, last
        start = squeezed_page.find(squeezed_quote, start + 1)


def _spacing_may_differ(
    page_text: str, positions: list[int], folded_page: str, folded_quote: str, first: int
) -> bool:
    """Whether the quote, matched from ``first`` with spaces and hyphens ignored, spaces
    words as the page does except where the difference is an extraction's, not a word's:
    at a hyphen (a word split at a line end), or where the page runs a lower-case letter
    into a capital or a letter into a digit or a sign (words glued by extraction). A space
    that joins or splits plain letters changes the words: "the rapist", "therapist"."""
    _squeezed_quote, quote_kept = _squeezed(folded_quote)
    page_index = first
    for left, right in itertools.pairwise(quote_kept):
        page_next = page_index + 1
        while folded_page[page_next] in " -":
            page_next += 1
        page_gap = folded_page[page_index + 1 : page_next]
        quote_gap = folded_quote[left + 1 : right]
        if ("-" not in page_gap + quote_gap) and ((" " in page_gap) != (" " in quote_gap)):
            before, after = page_text[positions[page_index]], page_text[positions[page_next]]
            glued = (before.islower() and after.isupper()) or (before.isalpha() != after.isalpha())
            if not glued:
                return False
        page_index = page_next
    return True


def _word_edge(folded: str, index: int) -> bool:
    """Whether ``index`` (just outside a match) is outside any word: no partial words."""
    return index < 0 or index >= len(folded) or not folded[index].isalnum()


# -- citation services -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CitationInput:
    """What the user gives to cite: a document page range or a note, and the quoted words."""

    document_id: int | None = None
    page_start: int | None = None
    page_end: int | None = None
    note_id: int | None = None
    quote: str = ""


@dataclass(frozen=True, slots=True)
class CheckedCitation:
    """A citation whose target exists and whose quote was found, ready to store."""

    document_id: int | None
    page_start: int | None
    page_end: int | None
    note_id: int | None
    quote: str
    quote_page: int | None
    quote_start: int | None
    quote_end: int | None


def _how_it_reads(text: str, quote: str, where: str) -> str:
    """For a refusal: how ``where`` has the words when the quote takes them only in part."""
    reads = how_the_page_reads(text, quote)
    if reads is None:
        return ""
    return f": {where} reads {short_quote(reads)!r}; quote the words as it has them"


def short_quote(quote: str) -> str:
    """A quote cut to fit in a message."""
    quote = " ".join(quote.split())
    return quote if len(quote) <= 60 else quote[:57] + "..."


def check_citation(
    session: Session, matter_id: int, data: CitationInput, *, storing: bool = True
) -> CheckedCitation:
    """Check the target and find the quote; refuses with a message the user can act on.
    ``storing``: the citation is about to be stored in this transaction (not a dry run)."""
    quote = " ".join(data.quote.split())  # stored as one line, however it was typed
    if (data.document_id is None) == (data.note_id is None):
        raise ValidationError("a citation names either a document page range or a note")
    if data.note_id is not None:
        if data.page_start is not None or data.page_end is not None:
            raise ValidationError("a note citation has no pages")
        # Locked (office mode) so that its words cannot change while they are cited.
        note = session.get(Note, data.note_id, with_for_update=storing)
        if note is None:
            raise NotFoundError(f"no note with id {data.note_id}")
        if note.matter_id != matter_id:
            raise ValidationError(
                f"the note {quoted(note.title)} belongs to another matter; "
                "cite evidence of this matter"
            )
        found = find_quote(note.body, quote) if quote else None
        if quote and found is None:
            raise ValidationError(
                f"the quote {short_quote(quote)!r} is not in the note {quoted(note.title)}"
                + _how_it_reads(note.body, quote, "the note")
            )
        return CheckedCitation(
            None,
            None,
            None,
            note.id,
            quote,
            None,
            found[0] if found else None,
            found[1] if found else None,
        )
    document = session.get(Document, data.document_id)
    if document is None:
        raise NotFoundError(f"no document with id {data.document_id}")
    if document.matter_id != matter_id:
        raise ValidationError(
            f"{quoted(document.title)} belongs to another matter; cite evidence of this matter"
        )
    if data.page_start is None:
        raise ValidationError(f"a citation of {quoted(document.title)} needs a page")
    page_start = data.page_start
    page_end = data.page_end if data.page_end is not None else page_start
    if page_start < 1:
        raise ValidationError("page numbers start at 1")
    if page_end < page_start:
        raise ValidationError(f"page range {page_start}-{page_end} ends before it starts")
    pages = list(
        session.execute(
            select(Page)
            .where(
                Page.document_id == document.id,
                Page.number >= page_start,
                Page.number <= page_end,
            )
            .order_by(Page.number)
        ).scalars()
    )
    page_count = max(document.page_count, max((page.number for page in pages), default=0))
    if page_end > page_count:
        beyond = page_start if page_start > page_count else page_end
        raise ValidationError(
            f"{quoted(document.title)} has {plural(page_count, 'page')}; "
            f"page {beyond} is beyond its end"
        )
    quote_page = quote_start = quote_end = None
    if quote:
        for page in pages:
            found = find_quote(page.text, quote)
            if found is not None:
                quote_page, (quote_start, quote_end) = page.number, found
                break
        else:
            # A quote may run over a page break: look in the pages read as one text.
            joined = ""
            starts: list[tuple[int, int]] = []
            for page in pages:
                starts.append((len(joined), page.number))
                joined += page.text + "\n"
            found = find_quote(joined, quote)
            if found is None:
                where = page_text(page_start, page_end)
                hint = _how_it_reads(joined, quote, "the page")
                raise ValidationError(
                    f"the quote {short_quote(quote)!r} is not on {where} of "
                    f"{quoted(document.title)}"
                    + (hint or "; check the words against the page text")
                )
            offset, quote_page = next(
                (offset, number) for offset, number in reversed(starts) if offset <= found[0]
            )
            # Offsets are from the start of the page the quote begins on; the end may lie
            # past that page's text, on the next page.
            quote_start, quote_end = found[0] - offset, found[1] - offset
    return CheckedCitation(
        document.id, page_start, page_end, None, quote, quote_page, quote_start, quote_end
    )


@dataclass(frozen=True, slots=True)
class PinpointSource:
    """Titles, Bates labels, page statuses and notes read once for many citations (a list
    of allegations would otherwise ask for them citation by citation)."""

    titles: dict[int, str]
    bates: dict[tuple[int, int], str | None]
    ocr_pages: set[tuple[int, int]]  # pages whose text OCR read
    notes: dict[int, Note]


def pinpoint_source(session: Session, rows: Iterable[Citation]) -> PinpointSource:
    """What ``citation_record`` needs to render the pinpoints of ``rows``, in three queries."""
    rows = list(rows)
    wanted: set[tuple[int, int]] = set()
    for row in rows:
        if row.document_id is not None:
            first = row.page_start or 1
            last = row.page_end or first
            wanted.update((row.document_id, number) for number in range(first, last + 1))
    titles: dict[int, str] = {}
    bates: dict[tuple[int, int], str | None] = {}
    ocr_pages: set[tuple[int, int]] = set()
    if wanted:
        document_ids = {document_id for document_id, _number in wanted}
        titles = {
            document_id: title
            for document_id, title in session.execute(
                select(Document.id, Document.title).where(Document.id.in_(document_ids))
            )
        }
        numbers = [number for _document_id, number in wanted]
        for document_id, number, label, status in session.execute(
            select(Page.document_id, Page.number, Page.bates, Page.status).where(
                Page.document_id.in_(document_ids),
                Page.number.between(min(numbers), max(numbers)),
            )
        ):
            if (document_id, number) in wanted:
                bates[(document_id, number)] = label
                if status == "ocr":
                    ocr_pages.add((document_id, number))
    note_ids = {row.note_id for row in rows if row.note_id is not None}
    notes = (
        {note.id: note for note in session.scalars(select(Note).where(Note.id.in_(note_ids)))}
        if note_ids
        else {}
    )
    return PinpointSource(titles, bates, ocr_pages, notes)


def citation_record(
    session: Session, row: Citation, source: PinpointSource | None = None
) -> CitationRecord:
    """A stored citation with its pinpoint cite rendered from the current titles and Bates."""
    source = source or pinpoint_source(session, [row])
    bates_start = bates_end = None
    ocr = False
    if row.document_id is not None:
        title = source.titles.get(row.document_id, "a deleted document")
        first = row.page_start or 1
        last = row.page_end or first
        bates_start = source.bates.get((row.document_id, first))
        bates_end = source.bates.get((row.document_id, last))
        ocr = any(
            (row.document_id, number) in source.ocr_pages for number in range(first, last + 1)
        )
        cite = pinpoint(title, row.page_start, row.page_end, bates_start, bates_end, ocr=ocr)
    else:
        note = source.notes.get(row.note_id) if row.note_id is not None else None
        cite = note_pinpoint(note) if note is not None else "a deleted note"
    return CitationRecord(
        id=row.id,
        allegation_id=row.allegation_id,
        document_id=row.document_id,
        page_start=row.page_start,
        page_end=row.page_end,
        note_id=row.note_id,
        quote=row.quote,
        quote_page=row.quote_page,
        quote_start=row.quote_start,
        quote_end=row.quote_end,
        pinpoint=cite,
        bates_start=bates_start,
        bates_end=bates_end,
        ocr=ocr,
    )


def note_pinpoint(note: Note) -> str:
    """A note as a cite: 'Note "Client interview" (2 March 2024)'."""
    day = note.created_at
    return f'Note "{note.title}" ({day.day} {calendar.month_name[day.month]} {day.year})'


def add_citation(library: Library, allegation_id: int, data: CitationInput) -> CitationRecord:
    """Cite evidence for an allegation; a quote not found in the evidence is refused."""
    with library.write() as session:
        allegation = session.get(Allegation, allegation_id)
        if allegation is None:
            raise NotFoundError(f"no allegation with id {allegation_id}")
        checked = check_citation(session, allegation.matter_id, data)
        row = store_citation(session, allegation.id, checked)
        return citation_record(session, row)


def store_citation(
    session: Session,
    allegation_id: int,
    checked: CheckedCitation,
    *,
    citation_id: int | None = None,
) -> Citation:
    """Write a checked citation (with its audit event) in the caller's transaction."""
    row = Citation(
        id=citation_id,
        allegation_id=allegation_id,
        document_id=checked.document_id,
        page_start=checked.page_start,
        page_end=checked.page_end,
        note_id=checked.note_id,
        quote=checked.quote,
        quote_page=checked.quote_page,
        quote_start=checked.quote_start,
        quote_end=checked.quote_end,
    )
    session.add(row)
    audit.record_create(session, row)
    return row


def remove_citation(library: Library, citation_id: int) -> CitationRecord:
    """Remove a citation; the returned record puts it back through ``restore_citation``."""
    with library.write() as session:
        row = session.get(Citation, citation_id)
        if row is None:
            raise NotFoundError(f"no citation with id {citation_id}")
        record = citation_record(session, row)
        audit.record_delete(session, row)
        session.delete(row)
        return record


def restore_in_session(session: Session, record: CitationRecord, matter_id: int) -> Citation:
    """Put a removed citation back (same id) in ``matter_id``'s allegation. Its evidence is
    checked again, as when it was made: a citation whose note has since lost the quoted
    words does not come back."""
    if session.get(Citation, record.id) is not None:
        raise ConflictError(f"the citation {record.pinpoint} is already there")
    if record.document_id is not None and session.get(Document, record.document_id) is None:
        raise ConflictError(
            f"the citation {record.pinpoint} cannot come back: its document is gone"
        )
    if record.note_id is not None and session.get(Note, record.note_id) is None:
        raise ConflictError(f"the citation {record.pinpoint} cannot come back: its note is gone")
    wanted = CitationInput(
        record.document_id, record.page_start, record.page_end, record.note_id, record.quote
    )
    try:
        checked = check_citation(session, matter_id, wanted)
    except ValidationError as error:
        raise ConflictError(f"the citation {record.pinpoint} cannot come back: {error}") from error
    return store_citation(session, record.allegation_id, checked, citation_id=record.id)


def restore_citation(library: Library, record: CitationRecord) -> CitationRecord:
    """Undo of ``remove_citation``."""
    with library.write() as session:
        allegation = session.get(Allegation, record.allegation_id)
        if allegation is None:
            raise NotFoundError(f"no allegation with id {record.allegation_id}")
        row = restore_in_session(session, record, allegation.matter_id)
        return citation_record(session, row)


def lost_note_quotes(session: Session, cited: Iterable[tuple[str, int | None, str]]) -> list[str]:
    """What is wrong with each quote of ``cited`` that its note no longer has.

    ``cited`` holds (allegation summary, note id, quote). A note's words cannot be edited
    away while they are quoted (``notes.update_note``), but a library edited by an earlier
    version of the program may hold such a citation.
    """
    wanted = [(summary, note_id, quote) for summary, note_id, quote in cited if note_id and quote]
    if not wanted:
        return []
    note_ids = sorted({note_id for _summary, note_id, _quote in wanted})
    notes = {
        note_id: (title, body)
        for note_id, title, body in session.execute(
            select(Note.id, Note.title, Note.body).where(Note.id.in_(note_ids))
        )
    }
    return [
        f"the allegation {quoted(summary)} quotes {short_quote(quote)!r} from the note "
        f"{quoted(notes[note_id][0])}, which does not have those words; change or remove that "
        "citation"
        for summary, note_id, quote in wanted
        if note_id in notes and find_quote(notes[note_id][1], quote) is None
    ]


def check_note_quotes(session: Session, cited: Iterable[tuple[str, int | None, str]]) -> None:
    """Refuse to write out (in a memo, the CSV list, a dossier) a quote that its note no
    longer has (``lost_note_quotes``), rather than put words in the note's mouth."""
    lost = lost_note_quotes(session, cited)
    if lost:
        raise ValidationError(f"{lost[0]}, then try again")


def citation_count(
    session: Session, *, document_id: int | None = None, note_id: int | None = None
) -> int:
    """How many citations point at a document or a note (refuse deleting cited evidence)."""
    query = select(func.count(Citation.id))
    if document_id is not None:
        query = query.where(Citation.document_id == document_id)
    if note_id is not None:
        query = query.where(Citation.note_id == note_id)
    return int(session.execute(query).scalar_one())
