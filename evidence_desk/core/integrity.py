"""Checking a whole library: is everything still as Evidence Desk left it?

``inspect_library`` checks the audit log (``audit.check``: the chain, its seals with this
computer's key, the anchors this computer recorded or the user gives, every audited row
against its last event, and rows no event records), every document's page text against
its digest, that every stored path stays inside the library, and that every stored
original is present with the SHA-256 recorded when it was imported. Backing up and
restoring are in ``backup.py``.
"""

from __future__ import annotations

import hashlib
import json
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import audit
from .audit_seal import Anchor, load_head, load_key, parse_anchors
from .citations import CitationInput, check_citation
from .errors import EvidenceDeskError, UnsafePathError, ValidationError
from .library import Library
from .model import Allegation, Citation, Document, Matter, Page
from .page_text import EMPTY_DIGEST, digests_by_document
from .wording import quoted

_CHUNK = 1024 * 1024

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, what)`` while a long check runs."""


@dataclass(frozen=True, slots=True)
class IntegrityProblem:
    """One thing ``verify_library`` found wrong.

    ``kind`` is one of "audit" (the audit chain or an audited row), "text" (a document's
    page text differs from its digest), "unsafe" (a stored path leads outside the
    library), "missing" (a stored original is gone), "changed" (its bytes differ from the
    recorded SHA-256), "unreadable" (it cannot be read), "leftover" (a copy an
    interrupted import left behind) or "quote" (an allegation quotes words its pages or
    note do not have).
    """

    kind: str
    message: str
    document_id: int | None = None
    path: str | None = None


@dataclass(frozen=True, slots=True)
class IntegrityReport:
    """What ``inspect_library`` checked and what it found."""

    audit_events: int
    documents: int
    pages: int
    bytes_checked: int
    problems: tuple[IntegrityProblem, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)  # what could not be checked

    @property
    def ok(self) -> bool:
        return not self.problems


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_audit(library: Library, anchors: Sequence[Anchor] = ()) -> audit.AuditCheck:
    """The audit log checked with this computer's key and head, and the ``anchors`` given."""
    library_id = library.library_id() or ""
    known = list(anchors)
    head = load_head(library_id, library.path) if library_id else None
    if head is not None:
        known.append(head)
    key = load_key(library_id) if library_id else None
    with library.read() as session:
        return audit.check(session, key=key, anchors=known, library_id=library_id)


def current_anchor(library: Library) -> Anchor:
    """An anchor for the newest event, once the log has been checked (it must be sound)."""
    result = check_audit(library)
    if result.problem is not None:
        raise ValidationError(
            f"the audit log has a problem, and an anchor would vouch for it: "
            f"{result.problem.message}"
        )
    if result.last_event is None:
        raise ValidationError("the audit log is empty: there is nothing to anchor yet")
    return result.last_event


def anchors_from_file(path: Path) -> list[Anchor]:
    """The anchors in a file: printed anchor lines, or the one a backup zip carries."""
    path = Path(path).expanduser()
    try:
        if zipfile.is_zipfile(path):
            from .backup import read_manifest

            text = str(read_manifest(path).get("anchor", ""))
        else:
            with path.open("rb") as handle:
                text = handle.read(10 * 1024**2).decode("utf-8", "replace")
    except OSError as error:
        raise ValidationError(f"cannot read {path}: {error.strerror or error}") from None
    except json.JSONDecodeError:
        text = ""
    anchors = parse_anchors(text)
    if not anchors:
        raise ValidationError(f"{path} holds no Evidence Desk anchor")
    return anchors


def inspect_library(
    library: Library, *, progress: Progress | None = None, anchors: Sequence[Anchor] = ()
) -> IntegrityReport:
    """Check the audit log, page text, the stored paths and every stored original."""
    problems: list[IntegrityProblem] = []
    audit_check = check_audit(library, anchors)
    events, audit_problem = audit_check.events, audit_check.problem
    with library.read() as session:
        problems.extend(_changed_text(session))
        problems.extend(_lost_quotes(session))
        documents = session.execute(
            select(
                Document.id, Document.stored_path, Document.sha256, Document.size, Document.title
            ).order_by(Document.id)
        ).all()
        folder_keys = session.execute(
            select(Matter.file_number, Matter.folder_key).order_by(Matter.id)
        ).all()
        pages = session.execute(select(func.count(Page.id))).scalar_one()
    if audit_problem is not None:
        problems.append(IntegrityProblem("audit", audit_problem.message))
    for file_number, folder_key in folder_keys:
        try:
            library.matter_folder(folder_key)
        except UnsafePathError as error:
            problems.append(IntegrityProblem("unsafe", f"matter {file_number}: {error}"))
    checked_bytes = 0
    for index, (document_id, stored_path, sha256, size, title) in enumerate(documents):
        if progress is not None:
            progress(index, len(documents), stored_path)
        problem, checked = _check_original(library, document_id, stored_path, sha256, size, title)
        checked_bytes += checked
        if problem is not None:
            problems.append(problem)
    problems.extend(_leftovers(library, {row.stored_path for row in documents}))
    if progress is not None:
        progress(len(documents), len(documents), "done")
    return IntegrityReport(
        audit_events=events,
        documents=len(documents),
        pages=int(pages),
        bytes_checked=checked_bytes,
        problems=tuple(problems),
        notes=audit_check.notes,
    )


def _changed_text(session: Session) -> list[IntegrityProblem]:
    """Documents whose pages no longer hash to the digest recorded with them."""
    actual = dict(digests_by_document(session))
    recorded = session.execute(
        select(Document.id, Document.text_sha256)
        .where(Document.text_sha256.is_not(None))
        .order_by(Document.id)
    ).all()
    return [
        IntegrityProblem(
            "text",
            f"document {document_id}: the text or Bates labels of its pages are not what "
            "was stored with it (pages changed, swapped, added or removed outside Evidence "
            "Desk); quotes checked against them cannot be trusted",
            document_id,
        )
        for document_id, digest in recorded
        if actual.get(document_id, EMPTY_DIGEST) != digest
    ]


def _lost_quotes(session: Session) -> list[IntegrityProblem]:
    """Citations whose quote their pages or note do not have (as whole words), checked as
    when a citation is made: a note edited by an earlier version of the program, or a quote
    an earlier version accepted in part of a word ("lawful" for "unlawful")."""
    rows = session.execute(
        select(Citation, Allegation.summary, Allegation.matter_id)
        .join(Allegation, Allegation.id == Citation.allegation_id)
        .where(Citation.quote != "")
        .order_by(Citation.id)
    ).all()
    problems = []
    for citation, summary, matter_id in rows:
        wanted = CitationInput(
            citation.document_id,
            citation.page_start,
            citation.page_end,
            citation.note_id,
            citation.quote,
        )
        try:
            check_citation(session, matter_id, wanted, storing=False)
        except EvidenceDeskError as error:
            problems.append(
                IntegrityProblem(
                    "quote",
                    f"the allegation {quoted(summary)}: {error}",
                    citation.document_id,
                )
            )
    return problems


def _check_original(
    library: Library, document_id: int, stored_path: str, sha256: str, size: int, title: str
) -> tuple[IntegrityProblem | None, int]:
    """(what is wrong with one stored original or None, bytes read)."""

    def problem(kind: str, message: str) -> tuple[IntegrityProblem, int]:
        return IntegrityProblem(kind, f"{quoted(title)}: {message}", document_id, stored_path), 0

    try:
        path = library.stored_file(stored_path)
    except UnsafePathError as error:
        return problem("unsafe", str(error))
    if not path.is_file():
        return problem("missing", f"the stored original {stored_path} is missing")
    try:
        actual = _sha256_of(path)
        now = path.stat().st_size
    except OSError as error:
        return problem("unreadable", f"{stored_path} cannot be read ({error.strerror})")
    if actual != sha256:
        return problem(
            "changed",
            f"{stored_path} no longer matches the SHA-256 recorded at import (was {size} "
            f"bytes, now {now}); restore it from a backup",
        )
    return None, now


def _leftovers(library: Library, referenced: set[str]) -> list[IntegrityProblem]:
    """Temporary copies of an interrupted import (the next import cleans them up).

    The copies of an import that is running now are not leftovers: with one is under way
    (its lock says so) they are not reported. In office mode, where other computers import
    into the same folders, only copies a day old are.
    """
    from .ingest.pipeline import OFFICE_LEFTOVER_AGE
    from .ingest.worker import TEMP_PREFIX

    if library.import_running():
        return []
    oldest = None if library.is_embedded else time.time() - OFFICE_LEFTOVER_AGE
    found = []
    for folder in library.document_folders():
        for item in sorted(folder.iterdir()):
            relative = item.relative_to(library.path).as_posix()
            if not item.name.startswith(TEMP_PREFIX) or relative in referenced:
                continue
            if oldest is not None and item.stat().st_mtime > oldest:
                continue
            found.append(
                IntegrityProblem(
                    "leftover",
                    f"{relative} was left by an interrupted import; importing into that "
                    "matter again finishes or removes it",
                    None,
                    relative,
                )
            )
    return found


def verify_library(library: Library, *, progress: Progress | None = None) -> list[IntegrityProblem]:
    """Everything wrong with the library (an empty list when it is intact)."""
    return list(inspect_library(library, progress=progress).problems)
