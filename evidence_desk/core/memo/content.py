"""What a memo says, read from the library once: officers, allegations, citations, exhibits.

Every memo kind is built from the same ``MemoContent`` so that motion papers, the internal
memo and the public brief made with the same filters describe the same allegations. Reading is
set-based (a handful of queries whatever the number of allegations) and hands the writers
plain frozen records, never ORM objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from ..citations import check_note_quotes, pinpoint
from ..dates import PartialDate, from_stored
from ..errors import NotFoundError, ValidationError
from ..library import Library
from ..matters import find_matter, matter_record
from ..model import (
    Allegation,
    AllegationConduct,
    AllegationOfficer,
    Citation,
    Document,
    Matter,
    Note,
    Officer,
    OfficerIdentifier,
    Page,
)
from ..patterns import (
    COUNTED_ROLES,
    OfficerPattern,
    PatternFilter,
    PatternReport,
    build_report,
    conduct_labels,
)
from ..patterns import load_facts as load_pattern_facts
from ..records import MatterId, MatterRecord
from ..wording import officer_words

_CHUNK = 500  # ids per IN (...) list: well inside every database's parameter limit


def _chunks(values: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


@dataclass(frozen=True, slots=True)
class MemoCitation:
    """One piece of evidence for an allegation, as a footnote cites it."""

    document_id: int | None
    note_id: int | None
    title: str
    source: str  # document source ("discovery", ...) or "note"
    page_start: int | None
    page_end: int | None
    bates_start: str | None
    bates_end: str | None
    quote: str
    pinpoint: str  # ends in "[OCR text]" when ``ocr``
    note_date: datetime | None = None
    id: int | None = None  # the citation's id (its quote is released by id)
    ocr: bool = False  # the cited pages' text was read from a scan by OCR


@dataclass(frozen=True, slots=True)
class MemoAllegation:
    id: int
    matter_id: int
    matter_file_number: str
    matter_caption: str
    client_id: int
    date: PartialDate
    conduct: tuple[str, ...]
    summary: str
    status: str
    command: str | None
    officers: tuple[int, ...]
    citations: tuple[MemoCitation, ...]
    narrative: str = ""
    location: str | None = None


@dataclass(frozen=True, slots=True)
class MemoOfficer:
    id: int
    name: str
    rank: str | None
    command: str | None
    identifiers: tuple[tuple[str, str], ...]  # (kind, value)
    pattern: OfficerPattern
    allegations: tuple[MemoAllegation, ...]

    @property
    def display_name(self) -> str:
        return f"{self.rank} {self.name}" if self.rank else self.name


@dataclass(frozen=True, slots=True)
class MemoExhibit:
    letter: str
    document_id: int
    title: str
    matter_file_number: str
    bates_start: str | None
    bates_end: str | None
    sha256: str
    stored_path: str


@dataclass(frozen=True, slots=True)
class MemoContent:
    report: PatternReport
    officers: tuple[MemoOfficer, ...]
    exhibits: tuple[MemoExhibit, ...]
    labels: dict[str, str]
    caption_matter: MatterRecord | None
    criteria: PatternFilter

    @property
    def allegation_count(self) -> int:
        return len({item.id for officer in self.officers for item in officer.allegations})

    def exhibit_letters(self) -> dict[int, str]:
        """Document id -> exhibit letter."""
        return {exhibit.document_id: exhibit.letter for exhibit in self.exhibits}


def exhibit_letter(index: int) -> str:
    """A, B, … Z, AA, AB, … for the index-th exhibit (0-based)."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def load_content(
    library: Library,
    criteria: PatternFilter,
    officer_ids: Iterable[int] = (),
    caption_matter_id: MatterId | None = None,
) -> MemoContent:
    """Read everything a memo needs.

    The officers are ``officer_ids`` when given (each must have allegations passing the
    filters), otherwise every flagged pattern. Each officer's allegations are in date order.
    """
    wanted = tuple(dict.fromkeys(officer_ids))
    with library.read() as session:
        caption = (
            None
            if caption_matter_id is None
            else matter_record(find_matter(session, caption_matter_id))
        )
        facts, names = load_pattern_facts(session, criteria)
        labels = conduct_labels(session)
        report = build_report(facts, names, labels, criteria.min_matters)
        patterns = {item.officer_id: item for item in report.officers}
        if wanted:
            for officer_id in wanted:
                if officer_id not in patterns:
                    officer = session.get(Officer, officer_id)
                    if officer is None:
                        raise NotFoundError(f"no officer with id {officer_id}")
                    session.refresh(officer, ["identifiers"])
                    raise ValidationError(
                        f"{officer_words(officer)} has no allegations that match the filters"
                    )
            chosen = [patterns[officer_id] for officer_id in wanted]
        else:
            chosen = list(report.flagged)
        if not chosen:
            raise ValidationError(
                f"no officer is named in at least {criteria.min_matters} matters with these "
                "filters; lower --min-matters or name officers with --officer"
            )
        chosen_ids = {item.officer_id for item in chosen}
        selected = [item for item in facts if chosen_ids.intersection(item.officers)]
        allegations = load_allegations(session, [item.id for item in selected])
        by_officer: dict[int, list[MemoAllegation]] = {officer_id: [] for officer_id in chosen_ids}
        for fact in selected:  # facts are in date order already
            for officer_id in fact.officers:
                if officer_id in by_officer:
                    by_officer[officer_id].append(allegations[fact.id])
        officer_rows = _load_officers(session, sorted(chosen_ids))
        officers = tuple(
            MemoOfficer(
                id=pattern.officer_id,
                name=officer_rows[pattern.officer_id][0],
                rank=officer_rows[pattern.officer_id][1],
                command=officer_rows[pattern.officer_id][2],
                identifiers=officer_rows[pattern.officer_id][3],
                pattern=pattern,
                allegations=tuple(by_officer[pattern.officer_id]),
            )
            for pattern in chosen
        )
        exhibits = _exhibits(session, officers)
    return MemoContent(report, officers, exhibits, labels, caption, criteria)


def motion_officers(
    library: Library, matter_id: MatterId, criteria: PatternFilter
) -> tuple[int, ...]:
    """The officers motion papers in a matter cover by default: those its allegations name
    whose pattern meets the threshold (named in ``criteria.min_matters`` matters or more)."""
    with library.read() as session:
        file_number = find_matter(session, matter_id).file_number
        facts, names = load_pattern_facts(session, criteria)
        report = build_report(facts, names, conduct_labels(session), criteria.min_matters)
    named = {officer for item in facts if item.matter_id == matter_id for officer in item.officers}
    if not named:
        raise ValidationError(
            f"matter {file_number} has no allegations against an officer that match "
            "the filters; record what happened in this matter before making motion papers"
        )
    chosen = tuple(item.officer_id for item in report.flagged if item.officer_id in named)
    if not chosen:
        raise ValidationError(
            f"no officer named in matter {file_number}'s allegations is named in at "
            f"least {criteria.min_matters} matters; name officers with --officer or lower "
            "--min-matters"
        )
    return chosen


def _load_officers(
    session, officer_ids: list[int]
) -> dict[int, tuple[str, str | None, str | None, tuple[tuple[str, str], ...]]]:
    identifiers: dict[int, list[tuple[str, str]]] = {officer_id: [] for officer_id in officer_ids}
    rows: dict[int, tuple[str, str | None, str | None, tuple[tuple[str, str], ...]]] = {}
    for chunk in _chunks(officer_ids):
        for officer_id, kind, value in session.execute(
            select(OfficerIdentifier.officer_id, OfficerIdentifier.kind, OfficerIdentifier.value)
            .where(OfficerIdentifier.officer_id.in_(chunk))
            .order_by(OfficerIdentifier.id)
        ):
            identifiers[officer_id].append((kind, value))
        for officer_id, name, rank, command in session.execute(
            select(Officer.id, Officer.name, Officer.rank, Officer.command).where(
                Officer.id.in_(chunk)
            )
        ):
            rows[officer_id] = (name, rank, command, tuple(identifiers[officer_id]))
    return rows


def load_allegations(session, allegation_ids: list[int]) -> dict[int, MemoAllegation]:
    """The allegations with their conduct and citations (pages' Bates labels resolved)."""
    base: dict[int, tuple] = {}
    conduct: dict[int, list[str]] = {allegation_id: [] for allegation_id in allegation_ids}
    officers: dict[int, list[int]] = {allegation_id: [] for allegation_id in allegation_ids}
    citations: dict[int, list] = {allegation_id: [] for allegation_id in allegation_ids}
    for chunk in _chunks(allegation_ids):
        for row in session.execute(
            select(
                Allegation.id,
                Allegation.matter_id,
                Matter.file_number,
                Matter.caption,
                Matter.client_id,
                Allegation.date_precision,
                Allegation.date_start,
                Allegation.date_end,
                Allegation.summary,
                Allegation.status,
                Allegation.command,
                Allegation.narrative,
                Allegation.location,
            )
            .join(Matter, Matter.id == Allegation.matter_id)
            .where(Allegation.id.in_(chunk))
        ):
            base[row.id] = tuple(row)
        for allegation_id, code in session.execute(
            select(AllegationConduct.allegation_id, AllegationConduct.conduct_code)
            .where(AllegationConduct.allegation_id.in_(chunk))
            .order_by(AllegationConduct.conduct_code)  # as the allegation's record lists them
        ):
            conduct[allegation_id].append(code)
        for allegation_id, officer_id in session.execute(
            select(AllegationOfficer.allegation_id, AllegationOfficer.officer_id)
            .where(AllegationOfficer.allegation_id.in_(chunk))
            .where(AllegationOfficer.role.in_(COUNTED_ROLES))
            .order_by(AllegationOfficer.officer_id)
        ):
            officers[allegation_id].append(officer_id)
        for citation in session.execute(
            select(
                Citation.id,
                Citation.allegation_id,
                Citation.document_id,
                Citation.note_id,
                Citation.page_start,
                Citation.page_end,
                Citation.quote,
            )
            .where(Citation.allegation_id.in_(chunk))
            .order_by(Citation.id)
        ):
            citations[citation.allegation_id].append(citation)
    document_ids = sorted(
        {row.document_id for rows in citations.values() for row in rows if row.document_id}
    )
    note_ids = sorted({row.note_id for rows in citations.values() for row in rows if row.note_id})
    documents: dict[int, tuple[str, str]] = {}
    pages: dict[tuple[int, int], str | None] = {}
    ocr_pages: set[tuple[int, int]] = set()  # pages whose text OCR read
    for chunk in _chunks(document_ids):
        for document_id, title, source in session.execute(
            select(Document.id, Document.title, Document.source).where(Document.id.in_(chunk))
        ):
            documents[document_id] = (title, source)
        for document_id, number, bates, status in session.execute(
            select(Page.document_id, Page.number, Page.bates, Page.status).where(
                Page.document_id.in_(chunk)
            )
        ):
            pages[(document_id, number)] = bates
            if status == "ocr":
                ocr_pages.add((document_id, number))
    check_note_quotes(
        session,
        (
            (base[allegation_id][8], row.note_id, row.quote)  # 8: the summary
            for allegation_id, rows in citations.items()
            for row in rows
        ),
    )
    notes: dict[int, tuple[str, datetime]] = {}
    for chunk in _chunks(note_ids):
        for note_id, title, created_at in session.execute(
            select(Note.id, Note.title, Note.created_at).where(Note.id.in_(chunk))
        ):
            notes[note_id] = (title, created_at)

    def cited(row) -> MemoCitation:  # type: ignore[no-untyped-def]
        if row.document_id is not None:
            title, source = documents[row.document_id]
            page_end = row.page_end if row.page_end is not None else row.page_start
            bates_start = pages.get((row.document_id, row.page_start)) if row.page_start else None
            bates_end = pages.get((row.document_id, page_end)) if page_end else None
            ocr = row.page_start is not None and any(
                (row.document_id, number) in ocr_pages
                for number in range(row.page_start, (page_end or row.page_start) + 1)
            )
            return MemoCitation(
                document_id=row.document_id,
                note_id=None,
                title=title,
                source=source,
                page_start=row.page_start,
                page_end=page_end,
                bates_start=bates_start,
                bates_end=bates_end,
                quote=row.quote or "",
                pinpoint=pinpoint(title, row.page_start, page_end, bates_start, bates_end, ocr=ocr),
                ocr=ocr,
                id=row.id,
            )
        title, created_at = notes[row.note_id]
        return MemoCitation(
            document_id=None,
            note_id=row.note_id,
            title=title,
            source="note",
            page_start=None,
            page_end=None,
            bates_start=None,
            bates_end=None,
            quote=row.quote or "",
            pinpoint=f"Defense note “{title}”",
            note_date=created_at,
            id=row.id,
        )

    result: dict[int, MemoAllegation] = {}
    for allegation_id, row in base.items():
        (
            _id,
            matter_id,
            file_number,
            caption,
            client_id,
            precision,
            start,
            end,
            summary,
            status,
            command,
            narrative,
            location,
        ) = row
        result[allegation_id] = MemoAllegation(
            id=allegation_id,
            matter_id=matter_id,
            matter_file_number=file_number,
            matter_caption=caption,
            client_id=client_id,
            date=from_stored(precision, start, end),
            conduct=tuple(conduct[allegation_id]),
            summary=summary,
            status=status,
            command=command,
            officers=tuple(officers[allegation_id]),
            citations=tuple(cited(item) for item in citations[allegation_id]),
            narrative=narrative or "",
            location=location,
        )
    return result


def _exhibits(session, officers: tuple[MemoOfficer, ...]) -> tuple[MemoExhibit, ...]:
    """Cited documents lettered in the order the memo first cites them."""
    order: list[int] = []
    seen: set[int] = set()
    for officer in officers:
        for allegation in officer.allegations:
            for citation in allegation.citations:
                if citation.document_id is not None and citation.document_id not in seen:
                    seen.add(citation.document_id)
                    order.append(citation.document_id)
    rows: dict[int, MemoExhibit] = {}
    for chunk in _chunks(order):
        for document in session.execute(
            select(
                Document.id,
                Document.title,
                Matter.file_number,
                Document.bates_start,
                Document.bates_end,
                Document.sha256,
                Document.stored_path,
            )
            .join(Matter, Matter.id == Document.matter_id)
            .where(Document.id.in_(chunk))
        ):
            rows[document.id] = MemoExhibit(
                letter="",
                document_id=document.id,
                title=document.title,
                matter_file_number=document.file_number,
                bates_start=document.bates_start,
                bates_end=document.bates_end,
                sha256=document.sha256,
                stored_path=document.stored_path,
            )
    return tuple(
        MemoExhibit(
            letter=exhibit_letter(index),
            document_id=rows[document_id].document_id,
            title=rows[document_id].title,
            matter_file_number=rows[document_id].matter_file_number,
            bates_start=rows[document_id].bates_start,
            bates_end=rows[document_id].bates_end,
            sha256=rows[document_id].sha256,
            stored_path=rows[document_id].stored_path,
        )
        for index, document_id in enumerate(order)
    )


def month_text(value: date | None) -> str:
    """ "March 2021" (the public brief never gives a day)."""
    if value is None:
        return "date unknown"
    return value.strftime("%B %Y")


def date_range_text(first: date | None, last: date | None, *, by_month: bool = False) -> str:
    """A pattern's span for the summary tables."""
    if first is None or last is None:
        return "date unknown"
    if by_month:
        start, end = month_text(first), month_text(last)
    else:
        start = PartialDate("day", first, first).display()
        end = PartialDate("day", last, last).display()
    return start if start == end else f"{start} – {end}"
