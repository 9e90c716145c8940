"""Documents and pages: listing, reading, editing, unlocking, Bates numbering, deleting.

Importing is ``ingest.pipeline.import_paths``; everything done to a document afterwards is
here. Pages are written with their document and never audited one by one: the document's
audit event records the change (status, page count, Bates range) that the pages follow.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session, selectinload

from . import audit, page_text
from .errors import ConflictError, NotFoundError, ValidationError
from .ingest.bates import format_bates, prefix_of
from .ingest.extraction import Extraction
from .library import Library
from .matters import find_matter
from .mentions import Detector, detect_pages, forget_document
from .model import Citation, Document, Page, Tag, document_tag, utc_now
from .normalisation import spelling_pattern
from .records import DocumentRecord, MatterId, PageRecord
from .vocabulary import DOCUMENT_SOURCES
from .wording import joined, plural, quoted

_UNSET = object()


def document_record(document: Document) -> DocumentRecord:
    return DocumentRecord(
        id=document.id,
        matter_id=MatterId(document.matter_id),
        title=document.title,
        file_name=document.file_name,
        stored_path=document.stored_path,
        original_path=document.original_path,
        sha256=document.sha256,
        size=document.size,
        kind=document.kind,
        status=document.status,
        status_reason=document.status_reason,
        source=document.source,
        page_count=document.page_count,
        bates_prefix=document.bates_prefix,
        bates_start=document.bates_start,
        bates_end=document.bates_end,
        meta_title=document.meta_title,
        meta_author=document.meta_author,
        meta_created=document.meta_created,
        document_date=document.document_date,
        imported_at=document.imported_at,
        imported_by=document.imported_by,
        tags=tuple(sorted(tag.name for tag in document.tags)),
    )


def page_record(page: Page) -> PageRecord:
    return PageRecord(
        id=page.id,
        document_id=page.document_id,
        number=page.number,
        bates=page.bates,
        text=page.text,
        status=page.status,
    )


def find_document(session: Session, document_id: int) -> Document:
    document = session.execute(
        select(Document).options(selectinload(Document.tags)).where(Document.id == document_id)
    ).scalar_one_or_none()
    if document is None:
        raise NotFoundError(f"no document with id {document_id}")
    return document


def list_documents(
    library: Library, matter_id: MatterId, *, tag: str | None = None
) -> list[DocumentRecord]:
    """A matter's documents in import order, optionally only those with a tag (by name)."""
    with library.read() as session:
        matter_row = find_matter(session, matter_id)
        query = (
            select(Document)
            .options(selectinload(Document.tags))
            .where(Document.matter_id == matter_row.id)
            .order_by(Document.id)
        )
        if tag:
            query = query.where(
                Document.id.in_(
                    select(document_tag.c.document_id)
                    .join(Tag, Tag.id == document_tag.c.tag_id)
                    .where(func.lower(Tag.name) == tag.strip().lower())
                )
            )
        return [document_record(row) for row in session.execute(query).scalars()]


def get_document(library: Library, document_id: int) -> DocumentRecord:
    with library.read() as session:
        return document_record(find_document(session, document_id))


def list_pages(library: Library, document_id: int) -> list[PageRecord]:
    with library.read() as session:
        find_document(session, document_id)
        pages = session.execute(
            select(Page).where(Page.document_id == document_id).order_by(Page.number)
        ).scalars()
        return [page_record(page) for page in pages]


def get_page(library: Library, document_id: int, number: int) -> PageRecord:
    with library.read() as session:
        document = find_document(session, document_id)
        page = session.execute(
            select(Page).where(Page.document_id == document_id, Page.number == number)
        ).scalar_one_or_none()
        if page is None:
            raise NotFoundError(
                f"{quoted(document.title)} has no page {number} "
                f"(it has {plural(document.page_count, 'page')})"
            )
        return page_record(page)


@dataclass(frozen=True)
class WordBox:
    """One word OCR read: its characters in the page text, its box as page fractions."""

    start: int
    end: int
    left: float  # 0-1 from the page's left edge
    top: float  # 0-1 from the page's top edge
    right: float
    bottom: float


@dataclass(frozen=True)
class PageWords:
    """Where the words of a page OCR read sit on the page, to draw search hits there."""

    document_id: int
    number: int
    confidence: float | None
    engine: str | None
    boxes: tuple[WordBox, ...] = ()

    def boxes_for(self, start: int, end: int) -> list[WordBox]:
        """The boxes of the words that overlap the characters ``start:end`` of the text."""
        return [box for box in self.boxes if box.start < end and box.end > start]

    def hit_boxes(self, text: str, words: str) -> list[WordBox]:
        """The boxes of every place ``words`` occur in the page ``text``: case-blind, any
        run of white space for a space, and any apostrophe for one (OCR reads "O’Brien"
        where "O'Brien" is typed)."""
        pattern = spelling_pattern(words)
        if not pattern or not self.boxes:
            return []
        found: list[WordBox] = []
        for match in re.finditer(pattern, text, re.IGNORECASE):
            found += self.boxes_for(match.start(), match.end())
        return found


def page_words(library: Library, document_id: int, number: int) -> PageWords:
    """The OCR word boxes of a page (none for a page whose text was not read by OCR)."""
    import json

    from .model import PageOcr

    with library.read() as session:
        find_document(session, document_id)
        row = session.execute(
            select(PageOcr)
            .join(Page, Page.id == PageOcr.page_id)
            .where(Page.document_id == document_id, Page.number == number, Page.status == "ocr")
        ).scalar_one_or_none()
        if row is None:
            return PageWords(document_id, number, None, None)
        boxes = tuple(WordBox(*values) for values in json.loads(row.words or "[]"))
        return PageWords(document_id, number, row.confidence, row.engine, boxes)


def document_path(library: Library, document_id: int) -> Path:
    """The absolute path of the stored original."""
    with library.read() as session:
        stored = find_document(session, document_id).stored_path
    return library.stored_file(stored).resolve()


def _replace_pages(session: Session, document: Document, extraction: Extraction) -> None:
    session.execute(delete(Page).where(Page.document_id == document.id))
    if extraction.pages:
        session.execute(insert(Page), extraction.page_rows(document.id))


def unlock_document(library: Library, document_id: int, password: str) -> DocumentRecord:
    """Extract an encrypted PDF's text with the password; a wrong one is a ValidationError."""
    from .ingest.bates import SETTING_KEY, bates_range, parse_prefixes
    from .ingest.worker import ExtractionPool, ExtractionTask

    if not password:
        raise ValidationError("give the password that opens the document")
    with library.read() as session:
        document = find_document(session, document_id)
        if document.status != "encrypted":
            raise ValidationError(f"{quoted(document.title)} is not encrypted")
        stored = library.stored_file(document.stored_path)
        kind, title = document.kind, document.title
    if not stored.is_file():
        raise NotFoundError(f"the stored file of {quoted(title)} is missing: {stored}")
    task = ExtractionTask(
        task_id=0,
        source=str(stored),
        kind=kind,
        copy_into=None,
        password=password,
        bates_prefixes=parse_prefixes(library.setting(SETTING_KEY)),
        size_hint=stored.stat().st_size,
    )
    outcome = next(iter(ExtractionPool(1).run([task])))
    extraction = outcome.extraction
    assert extraction is not None
    if extraction.status == "encrypted":
        raise ValidationError(f"the password does not open {quoted(title)}")
    labels = list(extraction.bates) or [None] * len(extraction.pages)
    detector = Detector(library)
    with library.write() as session:
        document = find_document(session, document_id)
        before = audit.snapshot(document)
        _replace_pages(session, document, extraction)
        detect_pages(session, detector, document.id)  # the officers its pages name
        start, end = bates_range(labels)
        document.status = extraction.status
        document.status_reason = extraction.reason
        document.page_count = len(extraction.pages)
        document.bates_start, document.bates_end = start, end
        document.bates_prefix = prefix_of(start)
        document.meta_title = extraction.meta_title or document.meta_title
        document.meta_author = extraction.meta_author or document.meta_author
        document.meta_created = extraction.meta_created or document.meta_created
        page_text.reseal(session, document)
        audit.record_update(session, document, before)
        return document_record(document)


def assign_bates(
    library: Library, document_id: int, prefix: str, first_number: int, width: int = 6
) -> DocumentRecord:
    """Number an unstamped document's pages by hand: prefix + first number, one per page."""
    prefix = (prefix or "").strip()
    if not prefix:
        raise ValidationError("a Bates prefix is needed (for example 'DEF' or 'NYPD-')")
    if len(prefix) > 40:
        raise ValidationError("a Bates prefix has at most 40 characters")
    if first_number < 0:
        raise ValidationError("the first Bates number cannot be negative")
    if not 1 <= width <= 12:
        raise ValidationError("the Bates number width must be between 1 and 12 digits")
    with library.write() as session:
        document = find_document(session, document_id)
        if document.page_count == 0:
            raise ValidationError(f"{quoted(document.title)} has no pages to number")
        before = audit.snapshot(document)
        numbers = session.execute(
            select(Page.id, Page.number).where(Page.document_id == document_id)
        ).all()
        labels = {
            page_id: format_bates(prefix, first_number + number - 1, width)
            for page_id, number in numbers
        }
        session.execute(
            update(Page), [{"id": page_id, "bates": label} for page_id, label in labels.items()]
        )
        document.bates_prefix = prefix.rstrip(" -_") or prefix
        document.bates_start = format_bates(prefix, first_number, width)
        document.bates_end = format_bates(prefix, first_number + document.page_count - 1, width)
        page_text.reseal(session, document)
        audit.record_update(session, document, before)
        return document_record(document)


@dataclass(frozen=True, slots=True)
class BatesState:
    """A document's Bates numbering as it stands: what undoing ``assign_bates`` puts back."""

    document_id: int
    prefix: str | None
    start: str | None
    end: str | None
    pages: tuple[tuple[int, str | None], ...]  # (page number, label)


def bates_state(library: Library, document_id: int) -> BatesState:
    with library.read() as session:
        document = find_document(session, document_id)
        pages = session.execute(
            select(Page.number, Page.bates)
            .where(Page.document_id == document_id)
            .order_by(Page.number)
        ).all()
        return BatesState(
            document_id,
            document.bates_prefix,
            document.bates_start,
            document.bates_end,
            tuple((number, label) for number, label in pages),
        )


def restore_bates(library: Library, state: BatesState) -> DocumentRecord:
    """Put back the numbering ``bates_state`` captured (page labels and the range)."""
    with library.write() as session:
        document = find_document(session, state.document_id)
        before = audit.snapshot(document)
        labels = dict(state.pages)
        rows = session.execute(
            select(Page.id, Page.number).where(Page.document_id == state.document_id)
        ).all()
        session.execute(
            update(Page), [{"id": page_id, "bates": labels.get(number)} for page_id, number in rows]
        )
        document.bates_prefix = state.prefix
        document.bates_start = state.start
        document.bates_end = state.end
        page_text.reseal(session, document)
        audit.record_update(session, document, before)
        return document_record(document)


def bates_prefixes(library: Library) -> tuple[str, ...]:
    """The Bates prefixes the office configured (found anywhere on a page at import)."""
    from .ingest.bates import SETTING_KEY, parse_prefixes

    return parse_prefixes(library.setting(SETTING_KEY))


def set_bates_prefixes(library: Library, prefixes: Sequence[str]) -> tuple[str, ...]:
    """Replace the configured Bates prefixes; they apply to imports from now on."""
    from .ingest.bates import SETTING_KEY, parse_prefixes

    cleaned = parse_prefixes(",".join(prefixes))
    for prefix in cleaned:
        if len(prefix) > 40 or not any(character.isalnum() for character in prefix):
            raise ValidationError(f"{prefix!r} is not a usable Bates prefix")
    library.set_setting(SETTING_KEY, ", ".join(cleaned))
    return cleaned


def update_document(
    library: Library,
    document_id: int,
    *,
    title: str | None = None,
    source: str | None = None,
    document_date: date | object | None = _UNSET,
) -> tuple[DocumentRecord, DocumentRecord]:
    """Change title, source or date; returns (before, after) so the change can be undone.

    ``document_date=None`` clears the date; leaving it out keeps it.
    """
    if title is not None and not title.strip():
        raise ValidationError("a document needs a title")
    if source is not None and source not in DOCUMENT_SOURCES:
        raise ValidationError(
            f"unknown document source {source!r}; use one of {', '.join(DOCUMENT_SOURCES)}"
        )
    with library.write() as session:
        document = find_document(session, document_id)
        before_record = document_record(document)
        before = audit.snapshot(document)
        if title is not None:
            document.title = title.strip()
        if source is not None:
            document.source = source
        if document_date is not _UNSET:
            document.document_date = document_date  # type: ignore[assignment]
        audit.record_update(session, document, before)
        return before_record, document_record(document)


def delete_document(library: Library, document_id: int) -> DocumentRecord:
    """Remove a document that no allegation cites; its file is moved to backups/deleted/."""
    from .model import Allegation

    with library.write() as session:
        document = find_document(session, document_id)
        stored = library.stored_file(document.stored_path)  # refused before anything changes
        citing = session.execute(
            select(Allegation.id, Allegation.summary)
            .join(Citation, Citation.allegation_id == Allegation.id)
            .where(Citation.document_id == document_id)
            .distinct()
            .order_by(Allegation.id)
        ).all()
        if citing:
            named = joined([quoted(row.summary, 40) for row in citing])
            raise ConflictError(
                f"{quoted(document.title)} is cited by {plural(len(citing), 'allegation')} "
                f"({named}); remove those citations first"
            )
        record = document_record(document)
        forget_document(session, document_id)  # decisions on its officer mentions
        audit.record_delete(session, document)
        session.execute(delete(Page).where(Page.document_id == document_id))
        session.delete(document)
        session.flush()
    # Committed first, moved second: a run killed in between leaves a file no document
    # names, which the next import moves to backups/ itself; never a document without file.
    if stored.exists():
        trash = library.path / "backups" / "deleted"
        trash.mkdir(parents=True, exist_ok=True)
        stamp = utc_now().strftime("%Y%m%dT%H%M%S")
        shutil.move(stored, trash / f"{stamp}-document-{document_id}-{stored.name}")
    return record


@dataclass(frozen=True)
class UnsearchedPages:
    """Pages a search cannot see yet: scans awaiting OCR, encrypted documents' pages."""

    needs_ocr: int = 0
    needs_ocr_documents: int = 0
    locked: int = 0
    locked_documents: int = 0

    @property
    def total(self) -> int:
        return self.needs_ocr + self.locked

    def message(self) -> str | None:
        """One sentence for under a list of search results; None when every page counts."""
        parts = []
        if self.needs_ocr:
            parts.append(
                f"{plural(self.needs_ocr, 'scanned page')} in "
                f"{plural(self.needs_ocr_documents, 'document')} "
                f"{'needs' if self.needs_ocr == 1 else 'need'} OCR"
            )
        if self.locked:
            parts.append(
                f"{plural(self.locked, 'page')} of "
                f"{plural(self.locked_documents, 'encrypted document')} "
                f"{'needs' if self.locked == 1 else 'need'} a password"
            )
        if not parts:
            return None
        return "Not searched: " + "; ".join(parts) + "."


def unsearched_pages(library: Library, matter_id: MatterId | None = None) -> UnsearchedPages:
    """What a search of the matter (or of the whole library) cannot see yet."""
    with library.read() as session:
        query = (
            select(Page.status, func.count(), func.count(func.distinct(Page.document_id)))
            .join(Document, Document.id == Page.document_id)
            .where(Page.status.in_(("needs_ocr", "locked")))
            .group_by(Page.status)
        )
        if matter_id is not None:
            query = query.where(Document.matter_id == find_matter(session, matter_id).id)
        counts = {status: (pages, docs) for status, pages, docs in session.execute(query)}
    ocr_pages, ocr_documents = counts.get("needs_ocr", (0, 0))
    locked_pages, locked_documents = counts.get("locked", (0, 0))
    return UnsearchedPages(ocr_pages, ocr_documents, locked_pages, locked_documents)
