"""The import service: files and folders into a matter, nothing lost, nothing half-done.

Worker processes (``worker.ExtractionPool``) copy each file into the matter's
``documents/`` folder under a temporary name while hashing it, then extract its text. The
calling thread is the one writer: it gives the copies their final names, then commits
their documents, each with all its pages and one audit event, in one transaction per
batch of files (``_Batch``: fewer, larger transactions fill the full-text index in bulk).
A run killed at any point therefore leaves each document whole or absent; the copies it
leaves behind carry their SHA-256 in their name, so the next import (or
``recover_interrupted_imports``) finishes the rename of committed documents and removes
the rest. Importing the same folder again completes what is missing: files already in the
matter are reported as duplicates.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from .. import audit
from ..document_titles import readable_title
from ..errors import ValidationError
from ..file_names import escaped_text, is_valid_utf8, readable_name, stored_name_for
from ..library import Library
from ..matters import find_matter
from ..model import Document, Page, utc_now
from ..page_text import text_digest
from ..records import DocumentRecord, MatterId
from ..search_index import bulk_indexing
from ..vocabulary import DOCUMENT_SOURCES
from ..wording import plural, quoted
from .bates import SETTING_KEY, bates_range, parse_prefixes, prefix_of
from .extraction import Extraction, kind_for
from .files import collect_files, file_size
from .worker import (
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_TIMEOUT,
    TEMP_PREFIX,
    ExtractionPool,
    ExtractionTask,
    ReadAhead,
    TaskOutcome,
    copy_tag,
    remove_copies,
)

if TYPE_CHECKING:
    from ..mentions import Detector

OFFICE_LEFTOVER_AGE = 24 * 3600  # seconds; see recover_interrupted_imports
PAGE_BATCH = 500  # pages per INSERT, so a long document never needs one huge statement
# Extracted files are committed together, up to these limits: fewer transactions (and
# full-text index merges) without holding finished files back from the user for long.
BATCH_FILES = 50
BATCH_PAGES = 2000
BATCH_SECONDS = 0.5
# A batch smaller than this waits up to BATCH_LINGER seconds for the next file before it is
# committed: each transaction costs the writer a few milliseconds and the full-text index a
# segment to merge, and when the writer keeps up with the workers a batch would otherwise
# hold one file (40 commits for 64 files of a production, a quarter of the writer's time).
# The end of an import waits for nothing: it is ready at once.
LINGER_PAGES = 200
BATCH_LINGER = 0.1


@dataclass(frozen=True)
class ImportProgress:
    """Reported after each file (and once at the start, with ``done == 0``)."""

    done: int
    total: int
    file_name: str
    message: str


@dataclass(frozen=True)
class ImportResult:
    """What became of one file. ``status`` is a document status, or "duplicate"/"failed"."""

    id: int | None
    file_name: str
    status: str  # a document status, or "duplicate", "failed" or "skipped" (a link)
    pages: int
    sha256: str
    bates_start: str | None
    bates_end: str | None
    message: str
    source_path: str


def recover_interrupted_imports(library: Library) -> int:
    """Clear what a killed import left in the matter folders; returns the files handled.

    An import gives a copy its final name just before committing its document, so a run
    killed in between leaves either a temporary copy (removed: its original is still where
    it was imported from, and importing again stores it) or a named file that no document
    refers to. Such a file is moved to ``backups/interrupted-imports/`` rather than deleted,
    so that nothing that was ever in the library is destroyed.
    """
    # In office mode other machines import into the same folders at the same time: only
    # what has been left for a day can be the remains of an interrupted run.
    oldest = None if library.is_embedded else time.time() - OFFICE_LEFTOVER_AGE
    handled = 0
    for documents_folder in library.document_folders():
        relative = documents_folder.relative_to(library.path).as_posix()
        with library.read() as session:
            referenced = {
                Path(stored_path).name
                for stored_path in session.execute(
                    select(Document.stored_path).where(Document.stored_path.like(f"{relative}/%"))
                ).scalars()
            }
        for item in sorted(documents_folder.iterdir()):
            if not item.is_file() or item.name in referenced:
                continue
            if oldest is not None and item.stat().st_mtime > oldest:
                continue
            if item.name.startswith(TEMP_PREFIX):
                item.unlink(missing_ok=True)
            else:
                keep = (
                    library.path / "backups" / "interrupted-imports" / documents_folder.parent.name
                )
                keep.mkdir(parents=True, exist_ok=True)
                target = keep / item.name
                number = 2
                while target.exists():
                    target = keep / f"{item.stem} ({number}){item.suffix}"
                    number += 1
                shutil.move(item, target)
            handled += 1
    return handled


def _unique_name(name: str, taken: set[str]) -> str:
    """``name``, or "name (2).ext" etc. when another stored file has it (case-blind)."""
    candidate = name
    stem, suffix = os.path.splitext(name)
    number = 2
    while candidate.lower() in taken:
        candidate = f"{stem} ({number}){suffix}"
        number += 1
    taken.add(candidate.lower())
    return candidate


class _Writer:
    """The one writer of an import: commits documents and names their files."""

    def __init__(self, library: Library, matter_id: int, folder_key: str, source: str) -> None:
        self.library = library
        self.matter_id = matter_id
        self.source = source
        self.folder = library.ensure_matter_folders(folder_key) / "documents"
        self.relative_folder = self.folder.relative_to(library.path).as_posix()
        with library.read() as session:
            rows = session.execute(
                select(Document.sha256, Document.stored_path).where(Document.matter_id == matter_id)
            ).all()
        self.known = {sha for sha, _path in rows}
        self._detector: Detector | None = None
        self.taken = {Path(path).name.lower() for _sha, path in rows}
        self.taken.update(item.name.lower() for item in self.folder.iterdir())

    @property
    def detector(self) -> Detector:
        """Officer mentions are matched against one snapshot of the registry, taken once
        (``prepare``: while the first files are being read, not before)."""
        if self._detector is None:
            # Loaded here, not with the module: the command line sends the workers their
            # files first, and loads mention matching while they read.
            from ..mentions import Detector

            self._detector = Detector(self.library)
        return self._detector

    def prepare(self) -> None:
        """Read what storing needs (the registry) ahead of the first file."""
        _ = self.detector

    def duplicate_of(self, sha256: str) -> DocumentRecord | None:
        from ..documents import document_record

        with self.library.read() as session:
            document = session.execute(
                select(Document)
                .options(selectinload(Document.tags))
                .where(Document.matter_id == self.matter_id, Document.sha256 == sha256)
            ).scalar_one_or_none()
            return None if document is None else document_record(document)

    def store_batch(self, outcomes: Sequence[TaskOutcome]) -> list[ImportResult]:
        """Commit several extracted files in one transaction (one result each).

        Each copy takes its name first and the documents are committed second: a run
        killed in between leaves files no document names (cleared by the next import),
        never a document without its file. A batch that fails is retried file by file, so
        that one file that cannot be stored does not hold back the others; a file whose
        text is too much for this computer is kept without it, as unreadable.
        """
        if not outcomes:
            return []
        from ..mentions import match_ahead

        named: list[tuple[TaskOutcome, str]] = []
        try:
            for outcome in outcomes:
                named.append((outcome, self._name(outcome)))
                readings = outcome.extraction.page_readings()  # type: ignore[union-attr]
                if readings is not None:
                    match_ahead(self.detector, readings)  # outside the write transaction
            # The batch's pages enter the full-text index in one statement at its end.
            with self.library.write() as session, bulk_indexing(session):
                ids = self._insert(session, named)
        except BaseException as error:
            # Undo the names: each copy is its temporary file again, ready for a retry.
            for outcome, file_name in named:
                self.taken.discard(file_name.lower())
                os.replace(self.folder / file_name, outcome.temp_path)  # type: ignore[arg-type]
            if not isinstance(error, Exception) or isinstance(error, ValidationError):
                raise
            if len(outcomes) > 1:
                return [result for outcome in outcomes for result in self.store_batch([outcome])]
            (outcome,) = outcomes
            extraction = outcome.extraction
            if isinstance(error, MemoryError | OverflowError) and extraction and extraction.pages:
                # Its text is too much for this computer; the file itself is still evidence.
                what = "memory" if isinstance(error, MemoryError) else "space"
                extraction.status, extraction.pages, extraction.bates = "unreadable", [], []
                extraction.page_states, extraction.image_coverage = [], []
                extraction.reason = f"storing its text needed more {what} than allowed"
                return self.store_batch([outcome])
            Path(outcome.temp_path).unlink(missing_ok=True)  # type: ignore[arg-type]
            source = Path(outcome.task.source)
            return [_failed(source, f"could not be stored: {error}", outcome.sha256 or "")]
        results = []
        for (outcome, file_name), document_id in zip(named, ids, strict=True):
            self.known.add(outcome.sha256)  # type: ignore[arg-type]
            results.append(self._result(outcome, file_name, document_id))
        return results

    def _name(self, outcome: TaskOutcome) -> str:
        """Give a copy its final name in the matter folder (before its document commits)."""
        assert outcome.temp_path and outcome.sha256
        safe_name = stored_name_for(Path(outcome.task.source).name)
        file_name = _unique_name(safe_name, self.taken)
        stored = self.folder / file_name
        while stored.exists():  # written by something else since the import started
            file_name = _unique_name(safe_name, self.taken)
            stored = self.folder / file_name
        os.replace(outcome.temp_path, stored)
        return file_name

    def _insert(self, session: Session, named: Sequence[tuple[TaskOutcome, str]]) -> list[int]:
        """The batch's documents with all their pages, their mentions and their audit
        events, in its transaction; the documents' ids.

        A statement costs the writer more than the rows in it: each kind of row goes in
        with one statement for the whole batch (pages in slices of ``PAGE_BATCH``), and the
        audit chain is read once.
        """
        from ..mentions import NewDocument, detect_new_documents

        values: list[dict[str, object]] = []
        pages: list[list[dict[str, object]]] = []
        for outcome, file_name in named:
            rows = _page_rows(0, outcome.extraction)  # type: ignore[arg-type]
            values.append(self._document_values(outcome, file_name, rows))
            pages.append(rows)
        events: list[tuple[str, str, str, dict[str, Any] | None, dict[str, Any] | None]] = []
        ids = audit.insert_audited(session, Document, values, events)
        every_page = []
        for document_id, rows in zip(ids, pages, strict=True):
            for row in rows:
                row["document_id"] = document_id
            every_page.extend(rows)
        for start in range(0, len(every_page), PAGE_BATCH):
            session.execute(insert(Page.__table__), every_page[start : start + PAGE_BATCH])
        detect_new_documents(
            session,
            self.detector,
            [
                NewDocument(
                    document_id,
                    [str(row["text"]) for row in rows],
                    outcome.extraction.page_readings(),  # type: ignore[union-attr]
                )
                for document_id, rows, (outcome, _name) in zip(ids, pages, named, strict=True)
            ],
        )
        audit.append_many(session, events)
        return ids

    def _document_values(
        self, outcome: TaskOutcome, file_name: str, rows: Sequence[dict[str, object]]
    ) -> dict[str, object]:
        """Every column of one file's new document row (its id aside)."""
        source = Path(outcome.task.source)
        extraction = outcome.extraction
        assert extraction is not None and outcome.sha256 is not None
        name = readable_name(source.name)
        bates_start, bates_end = bates_range(list(extraction.bates))
        return {
            "matter_id": self.matter_id,
            "title": readable_title(name, extraction.meta_title, extraction.first_page_text()),
            "file_name": name,
            "stored_path": f"{self.relative_folder}/{file_name}",
            "original_path": escaped_text(str(source)),
            "sha256": outcome.sha256,
            "size": outcome.size,
            "kind": extraction.kind,
            "status": extraction.status,
            "status_reason": extraction.reason,
            "source": self.source,
            "page_count": len(extraction.pages),
            "bates_prefix": prefix_of(bates_start),
            "bates_start": bates_start,
            "bates_end": bates_end,
            "meta_title": extraction.meta_title,
            "meta_author": extraction.meta_author,
            "meta_created": extraction.meta_created,
            "document_date": None,
            "text_sha256": text_digest(
                (row["number"], row["bates"], row["text"])  # type: ignore[misc]
                for row in rows
            ),
            "imported_at": utc_now(),
            "imported_by": self.library.user,
        }

    def _result(self, outcome: TaskOutcome, file_name: str, document_id: int) -> ImportResult:
        source = Path(outcome.task.source)
        extraction = outcome.extraction
        assert extraction is not None and outcome.sha256 is not None
        name = readable_name(source.name)
        bates_start, bates_end = bates_range(list(extraction.bates))
        notes = [extraction.reason or ""]
        if not is_valid_utf8(source.name):
            notes.append(
                "the file name is not valid UTF-8 (its bytes are kept in the original path)"
            )
        if file_name != name:
            notes.append(f"stored as {file_name}")
        return ImportResult(
            id=document_id,
            file_name=name,
            status=extraction.status,
            pages=len(extraction.pages),
            sha256=outcome.sha256,
            bates_start=bates_start,
            bates_end=bates_end,
            message="; ".join(filter(None, notes)),
            source_path=readable_name(str(source)),
        )

    def duplicate(self, outcome: TaskOutcome, password: str | None) -> ImportResult:
        if outcome.temp_path:
            Path(outcome.temp_path).unlink(missing_ok=True)
        assert outcome.sha256 is not None
        existing = self.duplicate_of(outcome.sha256)
        source = Path(outcome.task.source)
        if existing is None:  # cannot happen: only known hashes are skipped
            return _failed(source, "the file vanished from the library during the import")
        message = f"already in this matter as {quoted(existing.title)} ({existing.file_name})"
        status, pages = "duplicate", existing.page_count
        bates_start, bates_end = existing.bates_start, existing.bates_end
        if password and existing.status == "encrypted":
            from ..documents import unlock_document

            try:
                unlocked = unlock_document(self.library, existing.id, password)
            except ValidationError as error:
                message += f"; still encrypted: {error}"
            else:
                status, pages = unlocked.status, unlocked.page_count
                bates_start, bates_end = unlocked.bates_start, unlocked.bates_end
                message = f"{quoted(existing.title)} unlocked with the password given"
        return ImportResult(
            id=existing.id,
            file_name=readable_name(source.name),
            status=status,
            pages=pages,
            sha256=outcome.sha256,
            bates_start=bates_start,
            bates_end=bates_end,
            message=message,
            source_path=readable_name(str(source)),
        )


def _page_rows(document_id: int, extraction: Extraction) -> list[dict[str, object]]:
    """The page table's rows of one document (text, Bates label and status per page)."""
    return extraction.page_rows(document_id)


def _failed(source: Path, message: str, sha256: str = "", status: str = "failed") -> ImportResult:
    name, path = readable_name(source.name), readable_name(str(source))
    return ImportResult(None, name, status, 0, sha256, None, None, message, path)


def _skipped_link(link: Path) -> ImportResult:
    return _failed(
        link,
        "a link to somewhere else, not followed: import the file or folder it points to "
        "by name if it belongs in the matter",
        status="skipped",
    )


def import_paths(
    library: Library,
    matter_id: MatterId,
    paths: Sequence[Path | str],
    *,
    source: str = "discovery",
    password: str | None = None,
    progress: Callable[[ImportProgress], None] | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
) -> list[ImportResult]:
    """Import files and folders (recursively) into a matter; one result per file handled.

    ``password`` is tried on encrypted PDFs (and unlocks an encrypted document already in
    the matter when the same file is imported again). ``progress`` is called after every
    file; when ``cancel`` is set, the import stops before the next file (files already read
    are kept) and files under way are abandoned whole. ``timeout`` (seconds per started
    5 MB) and ``memory_limit`` (bytes) bound the reading of any one file.
    """
    if source not in DOCUMENT_SOURCES:
        raise ValidationError(
            f"unknown document source {source!r}; use one of {', '.join(DOCUMENT_SOURCES)}"
        )
    files, links = collect_files(paths, library_root=library.path)
    with library.read() as session:
        folder_key = find_matter(session, matter_id).folder_key
    # A running import's temporary copies are not leftovers: ``verify`` asks.
    with library.importing():
        recover_interrupted_imports(library)
        writer = _Writer(library, matter_id, folder_key, source)
        prefixes = parse_prefixes(library.setting(SETTING_KEY))
        tag = copy_tag()
        tasks = [
            ExtractionTask(
                task_id=index,
                source=str(path),
                kind=kind_for(path),
                copy_into=str(writer.folder),
                password=password,
                bates_prefixes=prefixes,
                size_hint=file_size(path),
                copy_tag=tag,
            )
            for index, path in enumerate(files)
        ]
        # The largest files first: a long one met last would keep one worker busy while
        # the others have nothing left to do.
        tasks.sort(key=lambda task: -task.size_hint)
        total = len(tasks) + len(links)
        if progress is not None:
            progress(ImportProgress(0, total, "", f"importing {plural(total, 'file')}"))
        results = [_skipped_link(link) for link in links]
        if not tasks:
            return results
        pool = ExtractionPool(
            min(workers or os.cpu_count() or 1, len(tasks)),
            timeout=timeout,
            memory_limit=memory_limit,
        )

        def keep(outcome: TaskOutcome) -> bool:
            return outcome.sha256 not in writer.known

        batch = _Batch(writer)
        reported = len(results)

        def report(file_name: str, text: str) -> None:
            nonlocal reported
            reported += 1
            if progress is not None:
                progress(ImportProgress(reported, total, file_name, text))

        reader = ReadAhead(pool, tasks, keep=keep, cancel=cancel)
        try:
            with closing(reader):  # closing abandons files under way (cancel, error)
                writer.prepare()  # while the workers read the first files
                try:
                    for outcome in reader:
                        if batch.takes(outcome):
                            # Reported as done once read; committed with its batch, which a
                            # cancel does not drop: every file reported is in the library.
                            name = readable_name(Path(outcome.task.source).name)
                            report(name, _extraction_text(outcome))
                            # The writer commits what it has whenever no other file is ready
                            # (soon: ``_Batch.linger``): batches grow while it is busy and the
                            # last one stays small.
                            if batch.due() or not reader.wait(batch.linger()):
                                results.extend(batch.commit())
                        else:
                            # A failure or a duplicate: what came before is committed first,
                            # so a duplicate of a file of this same import finds its document.
                            results.extend(batch.commit())
                            result = _handle(writer, outcome, password)
                            results.append(result)
                            report(
                                result.file_name,
                                _progress_text(result.status, result.pages, result.message),
                            )
                        if cancel is not None and cancel.is_set():
                            break
                except BaseException:
                    # Whatever stops the import (Ctrl-C at the command line, a failure), the
                    # files already reported as read are kept.
                    with suppress(Exception):
                        results.extend(batch.commit())
                    raise
                results.extend(batch.commit())
        finally:
            if len(results) < total:
                # Cancelled or failed: remove the copies of the files that were under way,
                # also those a worker made just before it was stopped (in office mode
                # recover_interrupted_imports leaves fresh copies: they may be another
                # computer's).
                remove_copies(writer.folder, tag)
                recover_interrupted_imports(library)
        if cancel is not None and cancel.is_set() and progress is not None:
            progress(ImportProgress(len(results), total, "", "cancelled"))
        return results


class _Batch:
    """Extracted files waiting to be committed together (fewer, larger transactions)."""

    def __init__(self, writer: _Writer) -> None:
        self.writer = writer
        self.outcomes: list[TaskOutcome] = []
        self.started = 0.0

    def takes(self, outcome: TaskOutcome) -> bool:
        """Queue a file that is ready to store; False for one that needs handling alone."""
        if outcome.error is not None or outcome.skipped or outcome.extraction is None:
            return False
        if outcome.sha256 in self.writer.known:
            return False
        if not self.outcomes:
            self.started = time.monotonic()
        self.outcomes.append(outcome)
        # Known from now on: the same bytes later in this import are a duplicate.
        self.writer.known.add(outcome.sha256)  # type: ignore[arg-type]
        return True

    def pages(self) -> int:
        return sum(len(outcome.extraction.pages) for outcome in self.outcomes)  # type: ignore[union-attr]

    def due(self) -> bool:
        return (
            len(self.outcomes) >= BATCH_FILES
            or self.pages() >= BATCH_PAGES
            or time.monotonic() - self.started >= BATCH_SECONDS
        )

    def linger(self) -> float:
        """How long to wait for another file before committing this batch."""
        if self.pages() >= LINGER_PAGES:
            return 0.0
        left = BATCH_SECONDS - (time.monotonic() - self.started)
        return max(0.0, min(BATCH_LINGER, left))

    def commit(self) -> list[ImportResult]:
        outcomes, self.outcomes = self.outcomes, []
        for outcome in outcomes:
            self.writer.known.discard(outcome.sha256)  # type: ignore[arg-type]
        return self.writer.store_batch(outcomes)


def _extraction_text(outcome: TaskOutcome) -> str:
    extraction = outcome.extraction
    assert extraction is not None
    return _progress_text(extraction.status, len(extraction.pages), extraction.reason or "")


def _handle(writer: _Writer, outcome: TaskOutcome, password: str | None) -> ImportResult:
    source = Path(outcome.task.source)
    if outcome.error is not None:
        return _failed(source, outcome.error)
    if outcome.skipped or (outcome.sha256 in writer.known):
        return writer.duplicate(outcome, password)
    return writer.store_batch([outcome])[0]


def _progress_text(status: str, pages: int, message: str) -> str:
    if status == "ok":
        return f"{plural(pages, 'page')}"
    return f"{status}: {message}" if message else status
