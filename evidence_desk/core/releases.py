"""Passages released for public briefs: release, not redaction after the fact.

A public brief is built from structured, non-identifying fields (conduct type, month,
command, numbered officers, counts) and from **released** text only. A passage is an
allegation's summary, or a citation's quoted words (from a document, or an excerpt of a
defense note). A person releases it after reading it with every suspected identifier
highlighted; the release records who, when and the SHA-256 of the exact words, so a
passage whose words change afterwards is no longer released ("changed since released")
until someone looks again. Releases are audited like every other change and undoable.

A passage is named ``allegation:ID`` (its summary) or ``citation:ID`` (its quote).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from .errors import NotFoundError, ValidationError
from .library import Library
from .model import Allegation, Citation, Matter, PassageRelease, utc_now

PASSAGE_KINDS = {
    "summary": "Allegation summary",
    "quote": "Quote from a document",
    "note": "Excerpt of a defense note",
}
_KEY = re.compile(r"^\s*(allegation|citation):#?(\d+)\s*$")
_CHUNK = 500


def text_digest(text: str) -> str:
    """The SHA-256 of a passage's words as stored (spaces at the ends do not count)."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def parse_passage(text: str) -> tuple[str, int]:
    """``"allegation:12"`` -> ("allegation", 12); a clear error for anything else."""
    match = _KEY.match(text)
    if match is None:
        raise ValidationError(
            f"a passage is allegation:ID (its summary) or citation:ID (its quote), not {text!r}"
        )
    return match.group(1), int(match.group(2))


@dataclass(frozen=True, slots=True)
class PassageRecord:
    """One passage of a public brief with its release state."""

    key: str
    passage: str  # "allegation" or "citation"
    target_id: int
    kind: str  # "summary", "quote" or "note"
    allegation_id: int
    matter_id: int
    client_id: int
    text: str
    text_sha256: str
    released: bool  # released, and the words are those released
    changed_since_release: bool
    released_by: str | None = None
    released_at: datetime | None = None

    @property
    def kind_label(self) -> str:
        return PASSAGE_KINDS[self.kind]


def _releases(session: Session) -> dict[tuple[str, int], PassageRelease]:
    return {
        (row.passage, row.target_id): row
        for row in session.execute(select(PassageRelease)).scalars()
    }


def _record(
    passage: str,
    target_id: int,
    kind: str,
    allegation_id: int,
    matter_id: int,
    client_id: int,
    text: str,
    release: PassageRelease | None,
) -> PassageRecord:
    digest = text_digest(text)
    released = release is not None and release.text_sha256 == digest
    return PassageRecord(
        key=f"{passage}:{target_id}",
        passage=passage,
        target_id=target_id,
        kind=kind,
        allegation_id=allegation_id,
        matter_id=matter_id,
        client_id=client_id,
        text=text.strip(),
        text_sha256=digest,
        released=released,
        changed_since_release=release is not None and not released,
        released_by=release.released_by if release is not None else None,
        released_at=release.released_at if release is not None else None,
    )


def list_passages(
    library: Library, allegation_ids: Iterable[int] | None = None
) -> list[PassageRecord]:
    """The passages of these allegations (all when None) that have words, in id order."""
    wanted = sorted(set(allegation_ids)) if allegation_ids is not None else None
    with library.read() as session:
        return _passages(session, wanted)


def _passages(session: Session, wanted: list[int] | None) -> list[PassageRecord]:
    releases = _releases(session)
    chunks = [wanted[start : start + _CHUNK] for start in range(0, len(wanted), _CHUNK)] if (
        wanted is not None
    ) else [None]  # fmt: skip
    records: list[PassageRecord] = []
    for chunk in chunks:
        query = select(
            Allegation.id, Allegation.matter_id, Matter.client_id, Allegation.summary
        ).join(Matter, Matter.id == Allegation.matter_id)
        citations = (
            select(
                Citation.id,
                Citation.allegation_id,
                Citation.note_id,
                Citation.quote,
                Allegation.matter_id,
                Matter.client_id,
            )
            .join(Allegation, Allegation.id == Citation.allegation_id)
            .join(Matter, Matter.id == Allegation.matter_id)
        )
        if chunk is not None:
            query = query.where(Allegation.id.in_(chunk))
            citations = citations.where(Citation.allegation_id.in_(chunk))
        for allegation_id, matter_id, client_id, summary in session.execute(query):
            if summary and summary.strip():
                records.append(
                    _record(
                        "allegation",
                        allegation_id,
                        "summary",
                        allegation_id,
                        matter_id,
                        client_id,
                        summary,
                        releases.get(("allegation", allegation_id)),
                    )
                )
        for citation_id, allegation_id, note_id, quote, matter_id, client_id in session.execute(
            citations
        ):
            if quote and quote.strip():
                kind = "note" if note_id is not None else "quote"
                records.append(
                    _record(
                        "citation",
                        citation_id,
                        kind,
                        allegation_id,
                        matter_id,
                        client_id,
                        quote,
                        releases.get(("citation", citation_id)),
                    )
                )
    records.sort(
        key=lambda item: (item.allegation_id, item.passage != "allegation", item.target_id)
    )
    return records


def _current_text(session: Session, passage: str, target_id: int) -> str:
    if passage == "allegation":
        allegation = session.get(Allegation, target_id)
        if allegation is None:
            raise NotFoundError(f"no allegation with id {target_id}")
        text = allegation.summary or ""
    else:
        citation = session.get(Citation, target_id)
        if citation is None:
            raise NotFoundError(f"no citation with id {target_id}")
        text = citation.quote or ""
    if not text.strip():
        raise ValidationError(f"{passage}:{target_id} has no words to release")
    return text


def get_passage(library: Library, key: str) -> PassageRecord:
    passage, target_id = parse_passage(key)
    with library.read() as session:
        _current_text(session, passage, target_id)  # a clear error when it does not exist
        if passage == "allegation":
            wanted = [target_id]
        else:
            citation = session.get(Citation, target_id)
            assert citation is not None
            wanted = [citation.allegation_id]
        for record in _passages(session, wanted):
            if record.key == f"{passage}:{target_id}":
                return record
    raise NotFoundError(f"no passage {key}")


def release_passages(
    library: Library, keys: Iterable[str], *, expected: dict[str, str] | None = None
) -> list[ReleaseState]:
    """Release passages (their words as they are now); returns their state before.

    With ``expected`` (key -> SHA-256 of the words reviewed), a passage whose words changed
    since it was reviewed is refused and nothing is released.
    """
    parsed = [parse_passage(key) for key in dict.fromkeys(keys)]
    before: list[ReleaseState] = []
    with library.write() as session:
        existing = _releases(session)
        for passage, target_id in parsed:
            key = f"{passage}:{target_id}"
            text = _current_text(session, passage, target_id)
            digest = text_digest(text)
            if expected is not None and expected.get(key) != digest:
                raise ValidationError(
                    f"the words of {key} changed after the review: write the review again "
                    "and read them before releasing"
                )
            row = existing.get((passage, target_id))
            before.append(_state(key, passage, target_id, row, digest))
            if row is None:
                row = PassageRelease(
                    passage=passage,
                    target_id=target_id,
                    text_sha256=digest,
                    released_by=library.user,
                )
                session.add(row)
                session.flush()
                audit.record_create(session, row)
                existing[(passage, target_id)] = row
            elif row.text_sha256 != digest:
                snapshot = audit.snapshot(row)
                row.text_sha256 = digest
                row.released_by = library.user
                row.released_at = utc_now()
                audit.record_update(session, row, snapshot)
    return before


def restore_release(library: Library, record: ReleaseState) -> None:
    """Put a passage's release back as ``record`` says it was (the undo of a change)."""
    with library.write() as session:
        row = session.execute(
            select(PassageRelease).where(
                PassageRelease.passage == record.passage,
                PassageRelease.target_id == record.target_id,
            )
        ).scalar_one_or_none()
        if record.text_sha256 is None:
            if row is not None:
                audit.record_delete(session, row)
                session.delete(row)
            return
        if row is None:
            row = PassageRelease(
                passage=record.passage,
                target_id=record.target_id,
                text_sha256=record.text_sha256,
                released_by=record.released_by or library.user,
            )
            if record.released_at is not None:
                row.released_at = record.released_at
            session.add(row)
            session.flush()
            audit.record_create(session, row)
        elif row.text_sha256 != record.text_sha256:
            snapshot = audit.snapshot(row)
            row.text_sha256 = record.text_sha256
            audit.record_update(session, row, snapshot)


@dataclass(frozen=True, slots=True)
class ReleaseState:
    """A passage's release as it was: the words' digest released, or None (not released)."""

    key: str
    passage: str
    target_id: int
    text_sha256: str | None
    released_by: str | None = None
    released_at: datetime | None = None


def _state(
    key: str, passage: str, target_id: int, row: PassageRelease | None, _digest: str
) -> ReleaseState:
    if row is None:
        return ReleaseState(key, passage, target_id, None)
    return ReleaseState(key, passage, target_id, row.text_sha256, row.released_by, row.released_at)


def unrelease_passages(library: Library, keys: Iterable[str]) -> list[ReleaseState]:
    """Withdraw releases; returns each passage's state before (for undo)."""
    parsed = [parse_passage(key) for key in dict.fromkeys(keys)]
    before: list[ReleaseState] = []
    with library.write() as session:
        existing = _releases(session)
        for passage, target_id in parsed:
            key = f"{passage}:{target_id}"
            row = existing.get((passage, target_id))
            if row is None:
                _current_text(session, passage, target_id)  # a clear error if it is not there
            before.append(_state(key, passage, target_id, row, ""))
            if row is not None:
                audit.record_delete(session, row)
                session.delete(row)
    return before


def released_texts(library: Library) -> dict[str, str]:
    """Passage key -> the SHA-256 of the words released (for building a brief)."""
    with library.read() as session:
        return {
            f"{row.passage}:{row.target_id}": row.text_sha256
            for row in session.execute(select(PassageRelease)).scalars()
        }
