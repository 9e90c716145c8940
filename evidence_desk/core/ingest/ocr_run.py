"""Running OCR over the pages that need it: queue, progress, cancel, resume, settings.

The queue is the database itself: every page whose status is ``needs_ocr`` and that has
no recorded OCR failure. A run reads those pages in the extraction worker processes
(``worker.ExtractionPool`` with ``ocr.OcrTask``), and the calling thread writes what
comes back in batches: the page's text and status ``ocr``, its confidence and word boxes
(``PageOcr``). A run that is cancelled, quit or killed loses at most the batch under way;
the next run picks up the pages still waiting. Original files are only read, never
changed. When a document's last scanned page is read its status becomes ``ok`` (with the
OCR figures in its reason) and the change is audited; a document without Bates labels
has them looked for in the text OCR found.

Settings (library-wide): ``ocr_enabled`` ("yes"/"no") and ``ocr_languages`` ("eng",
"eng+spa", Tesseract's names).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session

from .. import audit, page_text
from ..document_titles import readable_title
from ..errors import ValidationError
from ..library import Library
from ..matters import find_matter
from ..mentions import Detector, detect_pages
from ..model import Document, Page, PageOcr, utc_now
from ..records import MatterId
from ..wording import plural
from .bates import SETTING_KEY as BATES_SETTING
from .bates import bates_range, detect_bates, parse_prefixes, prefix_of
from .ocr import Engine, OcrError, OcrTask, check_languages, engine
from .pipeline import ImportResult
from .scans import PAGE_NEEDS_OCR, PAGE_OCR, needs_ocr_reason
from .worker import DEFAULT_MEMORY_LIMIT, ExtractionPool, TaskOutcome

ENABLED_SETTING = "ocr_enabled"
LANGUAGES_SETTING = "ocr_languages"
DEFAULT_LANGUAGES = "eng"
BATCH_SECONDS = 1.0  # results are written at least this often
BATCH_PAGES = 25  # and at most this many pages in one transaction
OCR_TIME_LIMIT = 600.0  # seconds one page may take in a worker, rendering included


@dataclass(frozen=True)
class OcrSettings:
    enabled: bool
    languages: str


@dataclass(frozen=True)
class OcrProgress:
    """Reported as pages finish (and once at the start, with ``done == 0``)."""

    done: int
    total: int
    message: str


@dataclass(frozen=True)
class OcrSummary:
    """What one run did."""

    pages_read: int
    pages_failed: int
    pages_left: int  # still waiting (a cancelled run)
    documents_completed: int
    mean_confidence: float | None
    seconds: float
    engine: str
    cancelled: bool = False

    def message(self) -> str:
        if not self.pages_read and not self.pages_failed and not self.pages_left:
            return "No page needs OCR."
        text = f"OCR read {plural(self.pages_read, 'page')}"
        if self.mean_confidence is not None:
            text += f" (mean confidence {self.mean_confidence:.0f}%)"
        if self.seconds > 0 and self.pages_read:
            text += f" in {self.seconds:.1f} s"
        if self.pages_failed:
            text += f"; {plural(self.pages_failed, 'page')} could not be read"
        if self.pages_left:
            text += f"; {plural(self.pages_left, 'page')} still to do"
            text += " (cancelled: run OCR again to go on)" if self.cancelled else ""
        return text + "."


def ocr_settings(library: Library) -> OcrSettings:
    enabled = (library.setting(ENABLED_SETTING) or "yes").strip().lower() != "no"
    languages = (library.setting(LANGUAGES_SETTING) or DEFAULT_LANGUAGES).strip()
    return OcrSettings(enabled, languages or DEFAULT_LANGUAGES)


def set_ocr_settings(
    library: Library, *, enabled: bool | None = None, languages: str | None = None
) -> OcrSettings:
    """Change the OCR settings; languages are checked against the installed Tesseract."""
    if languages is not None:
        cleaned = "+".join(part.strip() for part in languages.replace(",", "+").split("+"))
        cleaned = "+".join(part for part in cleaned.split("+") if part)
        if not cleaned:
            raise ValidationError("name at least one OCR language, e.g. eng")
        try:
            cleaned = check_languages(engine(), cleaned)
        except OcrError as error:
            if "not installed" in str(error):
                raise ValidationError(str(error)) from None
            # No Tesseract yet: keep the choice, it is checked when OCR runs.
        library.set_setting(LANGUAGES_SETTING, cleaned)
    if enabled is not None:
        library.set_setting(ENABLED_SETTING, "yes" if enabled else "no")
    return ocr_settings(library)


def available_engine(library: Library) -> tuple[Engine, str]:
    """The engine and the checked languages; OcrError says why OCR cannot run."""
    settings = ocr_settings(library)
    found = engine()
    return found, check_languages(found, settings.languages)


def pending_pages(library: Library, matter_id: MatterId | None = None) -> int:
    """Pages waiting for OCR (in the matter, or in the whole library)."""
    with library.read() as session:
        # Without its ORDER BY: PostgreSQL refuses to order a count by a column it does not group.
        query = (
            _queue(session, matter_id, retry=False).order_by(None).with_only_columns(func.count())
        )
        return int(session.execute(query).scalar_one())


def _queue(session: Session, matter_id: MatterId | None, *, retry: bool) -> Select:  # type: ignore[type-arg]
    query = (
        select(Page.id, Page.number, Document.id, Document.stored_path, Document.kind)
        .join(Document, Document.id == Page.document_id)
        .where(Page.status == PAGE_NEEDS_OCR, Document.kind.in_(("pdf", "image")))
        .order_by(Document.id, Page.number)
    )
    if not retry:
        query = query.where(~select(PageOcr.page_id).where(PageOcr.page_id == Page.id).exists())
    if matter_id is not None:
        query = query.where(Document.matter_id == find_matter(session, matter_id).id)
    return query


def run_ocr(
    library: Library,
    matter_id: MatterId | None = None,
    *,
    documents: Sequence[int] | None = None,
    retry_failed: bool = False,
    progress: Callable[[OcrProgress], None] | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
) -> OcrSummary:
    """Read every page that needs OCR (in the matter, ``documents`` or all); resumable.

    Raises OcrError when OCR is switched off or Tesseract (or a language) is missing.
    ``retry_failed`` also retries pages a previous run could not read.
    """
    if not ocr_settings(library).enabled:
        raise OcrError(
            "OCR is switched off for this library; switch it on in the settings "
            "(evidence-desk ocr-settings --on)"
        )
    found, languages = available_engine(library)
    started = time.perf_counter()
    with library.read() as session:
        query = _queue(session, matter_id, retry=retry_failed)
        if documents is not None:
            query = query.where(Document.id.in_(list(documents)))
        rows = session.execute(query).all()
    total = len(rows)
    if progress is not None:
        progress(OcrProgress(0, total, f"reading {plural(total, 'scanned page')} with OCR"))
    if not rows:
        return OcrSummary(0, 0, 0, 0, None, 0.0, found.name)
    tasks = [
        OcrTask(
            task_id=page_id,
            source=str(library.path / stored_path),
            kind=kind,
            page_number=number,
            languages=languages,
            tesseract=found.path,
        )
        for page_id, number, _document_id, stored_path, kind in rows
    ]
    document_of = {page_id: document_id for page_id, _n, document_id, _p, _k in rows}
    writer = _OcrWriter(library, found.name, languages)
    pool = ExtractionPool(
        min(workers or os.cpu_count() or 1, total),
        timeout=OCR_TIME_LIMIT,
        memory_limit=DEFAULT_MEMORY_LIMIT,
    )
    done = 0
    outcomes = pool.run(tasks, cancel=cancel)
    try:
        for outcome in outcomes:
            writer.add(outcome, document_of[outcome.task.task_id])
            done += 1
            if writer.due():
                writer.flush()
            if progress is not None:
                progress(OcrProgress(done, total, writer.last_message))
            if cancel is not None and cancel.is_set():
                break
    finally:
        outcomes.close()
        writer.flush()
    cancelled = cancel is not None and cancel.is_set()
    summary = OcrSummary(
        pages_read=writer.read,
        pages_failed=writer.failed,
        pages_left=total - done,
        documents_completed=writer.completed,
        mean_confidence=writer.mean_confidence(),
        seconds=round(time.perf_counter() - started, 2),
        engine=found.name,
        cancelled=cancelled,
    )
    if progress is not None:
        progress(OcrProgress(done, total, summary.message()))
    return summary


def ocr_after_import(
    library: Library,
    results: list[ImportResult],
    *,
    progress: Callable[[OcrProgress], None] | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
) -> list[ImportResult]:
    """OCR the scanned pages of the documents just imported; the results, brought up to date.

    Raises OcrError when OCR is switched off or not installed (the import itself stands).
    """
    scanned = [result.id for result in results if result.status == "needs_ocr" and result.id]
    if not scanned:
        return results
    run_ocr(library, documents=scanned, progress=progress, cancel=cancel, workers=workers)
    with library.read() as session:
        now = {
            row.id: (row.status, row.status_reason, row.bates_start, row.bates_end)
            for row in session.execute(select(Document).where(Document.id.in_(scanned))).scalars()
        }
    updated = []
    for result in results:
        if result.id in now:
            status, reason, start, end = now[result.id]
            result = replace(
                result, status=status, message=reason or "", bates_start=start, bates_end=end
            )
        updated.append(result)
    return updated


class _OcrWriter:
    """Writes OCR results in batches and settles each document whose pages are all read."""

    def __init__(self, library: Library, engine_name: str, languages: str) -> None:
        self.library = library
        self.engine_name = engine_name
        self.languages = languages
        self.batch: list[tuple[int, int, TaskOutcome]] = []
        self.last_flush = time.monotonic()
        self.read = self.failed = self.completed = 0
        self.confidences: list[float] = []
        self.last_message = ""
        self.prefixes = parse_prefixes(library.setting(BATES_SETTING))

    def add(self, outcome: TaskOutcome, document_id: int) -> None:
        self.batch.append((outcome.task.task_id, document_id, outcome))
        result = outcome.ocr
        page = outcome.task.page_number
        if result is None or result.error:
            self.failed += 1
            reason = outcome.error or (result.error if result else "no result")
            self.last_message = f"page {page} of document {document_id}: {reason}"
        else:
            self.read += 1
            if result.confidence is not None:
                self.confidences.append(result.confidence)
            self.last_message = f"read page {page} of document {document_id}"

    def due(self) -> bool:
        return len(self.batch) >= BATCH_PAGES or time.monotonic() - self.last_flush >= BATCH_SECONDS

    def mean_confidence(self) -> float | None:
        if not self.confidences:
            return None
        return round(sum(self.confidences) / len(self.confidences), 1)

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        if not self.batch:
            return
        batch, self.batch = self.batch, []
        touched: dict[int, int] = defaultdict(int)
        read_pages: dict[int, list[int]] = defaultdict(list)
        detector = Detector(self.library)
        with self.library.write() as session:
            page_ids = [page_id for page_id, _document, _outcome in batch]
            session.execute(delete(PageOcr).where(PageOcr.page_id.in_(page_ids)))
            for page_id, document_id, outcome in batch:
                result = outcome.ocr
                error = outcome.error or (result.error if result is not None else "no result")
                if result is not None and not result.error:
                    error = None
                    session.execute(
                        update(Page)
                        .where(Page.id == page_id, Page.status == PAGE_NEEDS_OCR)
                        .values(text=result.text, status=PAGE_OCR)
                    )
                    touched[document_id] += 1
                    read_pages[document_id].append(page_id)
                session.add(
                    PageOcr(
                        page_id=page_id,
                        engine=self.engine_name,
                        languages=self.languages,
                        confidence=None if result is None else result.confidence,
                        words=json.dumps(result.words if result is not None and not error else []),
                        error=error,
                        seconds=0.0 if result is None else result.seconds,
                        done_at=utc_now(),
                    )
                )
            session.flush()
            for document_id in touched:
                self.completed += _settle_document(session, document_id, self.prefixes)
                detect_pages(session, detector, document_id, read_pages[document_id])


def _settle_document(session: Session, document_id: int, prefixes: tuple[str, ...]) -> int:
    """Update a document's status (and Bates labels) after OCR; 1 when it is now complete."""
    document = session.get(Document, document_id)
    if document is None:
        return 0
    pages = (
        session.execute(select(Page).where(Page.document_id == document_id).order_by(Page.number))
        .scalars()
        .all()
    )
    waiting = sum(page.status == PAGE_NEEDS_OCR for page in pages)
    read = [page for page in pages if page.status == PAGE_OCR]
    before = audit.snapshot(document)
    untitled = readable_title(document.file_name, document.meta_title, "")
    if document.title == untitled and pages and pages[0].status == PAGE_OCR:
        # Named after its file only because page 1 was a scan: its heading is known now.
        document.title = readable_title(document.file_name, document.meta_title, pages[0].text)
    if not any(page.bates for page in pages):
        labels = detect_bates([page.text for page in pages], prefixes)
        if any(labels):
            for page, label in zip(pages, labels, strict=True):
                page.bates = label
            start, end = bates_range(labels)
            document.bates_start, document.bates_end = start, end
            document.bates_prefix = prefix_of(start)
    confidences = [
        row.confidence
        for row in session.execute(
            select(PageOcr).where(PageOcr.page_id.in_([page.id for page in read]))
        ).scalars()
        if row.confidence is not None
    ]
    mean = f", mean confidence {sum(confidences) / len(confidences):.0f}%" if confidences else ""
    ocr_note = f"text of {plural(len(read), 'page')} read by OCR{mean}"
    completed = 0
    if waiting:
        document.status_reason = f"{needs_ocr_reason(waiting, len(pages))}; {ocr_note}"
    elif document.status == "needs_ocr":
        document.status = "ok"
        document.status_reason = ocr_note
        completed = 1
    else:
        document.status_reason = ocr_note
    page_text.reseal(session, document)  # the audit log covers the text OCR read
    audit.record_update(session, document, before)
    return completed
