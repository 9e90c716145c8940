"""Officer mentions in discovery: detected on every page, decided on by people.

Detection reads each page's text (``mention_text.find_mentions``) and weighs every place it
names an officer against the registry (``matching.RegistryMatcher``): the best officer, with
the matcher's confidence (``high``, ``possible``, ``weak``) and reason, or none. It runs
inside the transaction that writes the pages (import, OCR, unlocking), and over documents
read before mentions existed with ``scan_library`` (in the background after an upgrade,
with progress and cancel).

What detection proposes is derived data, like the search index: rebuilt freely and not
audited. A person's verdict is a ``MentionDecision``, audited:

* **confirm** (the officer proposed) or **reassign** (another officer): the mention stands
  for that officer. Its spelling becomes an alias of the officer when it names him by more
  than a surname ("P.O. J. Smith", "Det. John Smith, Shield 4521"); a bare surname or a
  bare number never does, since it would make every later "P.O. Smith" or reissued shield
  look certain;
* **reject**: the mention is not that officer (or names no officer). It is never proposed
  again on that page: neither these words nor the same words elsewhere on the page for the
  same officer.

``set_decision`` puts a mention's decision back to any earlier state, alias included, so
that every change can be undone and redone exactly. Nothing is linked silently: a proposal
counts (in the intake alert's "named in other matters") only when it is ``high``; a
``possible`` one only once a person has confirmed it; patterns and memos read allegations
only, which a person writes.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from . import audit
from .citations import CitationInput
from .errors import ConflictError, NotFoundError, ValidationError
from .library import Library
from .matching import (
    RANK_LABELS,
    Match,
    RegistryMatcher,
    name_parts,
    parse_mention,
    registry_matcher,
)
from .matters import find_matter
from .mention_text import MentionSpan, PageReading, find_mentions, read_page
from .model import (
    Document,
    Mention,
    MentionDecision,
    MentionScan,
    Officer,
    OfficerAlias,
    Page,
    utc_now,
)
from .officers import find_officer
from .records import AllegationRecord, MatterId, OfficerAliasRecord, OfficerRecord
from .wording import plural

DETECTOR_VERSION = 3  # raised when detection improves: older scans are read again
MENTION_STATUSES = ("proposed", "confirmed", "rejected")
_CONFIDENCE_ORDER = {"high": 3, "possible": 2, "weak": 1}
SCAN_BATCH_DOCUMENTS = 25  # documents read per transaction by ``scan_library``


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """One mention as lists, the intake alert and the CLI show it."""

    id: int
    matter_id: MatterId
    document_id: int
    document_title: str
    page: int
    bates: str | None
    start: int  # character offsets in the page text
    end: int
    text: str  # the words as the page has them
    form: str  # "name", "identifier" or "name+identifier"
    status: str  # "proposed", "confirmed" or "rejected"
    officer_id: int | None  # the officer it stands for (proposed, confirmed or refused)
    officer: str | None  # that officer's name
    confidence: str | None  # the matcher's: high, possible, weak; None when nothing matched
    reason: str
    proposed_officer_id: int | None  # the officer detection proposed
    decided_by: str | None = None
    decided_at: datetime | None = None
    ocr: bool = False  # the page's text was read by OCR

    @property
    def counts(self) -> bool:
        """Does this mention name its officer for sure: confirmed by a person, or proposed
        with high confidence? A ``possible`` proposal never counts until confirmed."""
        return self.officer_id is not None and (
            self.status == "confirmed" or (self.status == "proposed" and self.confidence == "high")
        )

    @property
    def needs_review(self) -> bool:
        """A proposal a person should look at: not high, or nothing matched."""
        return self.status == "proposed" and self.confidence != "high"


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """A person's verdict on a mention, with the alias it added: what undo puts back."""

    id: int
    mention_id: int
    verdict: str  # "confirmed" or "rejected"
    officer_id: int | None
    proposed_officer_id: int | None
    proposed_confidence: str | None
    alias: OfficerAliasRecord | None
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True, slots=True)
class DecisionChange:
    """What one decision did: the decision before and after (None: undecided)."""

    mention_id: int
    before: DecisionRecord | None
    after: DecisionRecord | None
    mention: MentionRecord  # as it reads now


@dataclass(frozen=True, slots=True)
class ScanProgress:
    done: int
    total: int
    message: str


@dataclass(frozen=True, slots=True)
class ScanSummary:
    """What ``scan_library`` did."""

    documents: int  # documents read
    mentions: int  # mentions found in them
    refreshed: int  # proposals matched again against a changed registry
    documents_left: int  # still to read (a cancelled run)
    cancelled: bool = False

    def message(self) -> str:
        if not self.documents and not self.refreshed and not self.documents_left:
            return "Every document has been read for officer mentions."
        text = f"Read {plural(self.documents, 'document')} for officers: "
        text += f"{plural(self.mentions, 'mention')} found"
        if self.refreshed:
            text += f"; {plural(self.refreshed, 'mention')} matched again"
        if self.documents_left:
            text += f"; {plural(self.documents_left, 'document')} still to read"
            text += " (cancelled: it goes on next time)" if self.cancelled else ""
        return text + "."


# -- detection ---------------------------------------------------------------------------


class Detector:
    """Detection with one registry snapshot; remembers each text it matched, because the
    same officer is written the same way on page after page of a production."""

    def __init__(self, library: Library) -> None:
        self.matcher: RegistryMatcher = registry_matcher(library)
        self._matches: dict[tuple[str, date | None], Match | None] = {}

    @property
    def version(self) -> int:
        return self.matcher.version

    def match(self, span: MentionSpan, on_date: date | None) -> Match | None:
        """The registry's best officer for a mention, or None."""
        best: Match | None = None
        for query in span.variants():
            found = self._match_text(query, on_date)
            if found is not None and (best is None or _better(found, best)):
                best = found
        return best

    def _match_text(self, query: str, on_date: date | None) -> Match | None:
        if on_date is not None and not _numbered(query):
            on_date = None  # the date tells who held a number: a name is weighed without it
        key = (query, on_date)
        if key not in self._matches:
            ranked = self.matcher.rank(query, on_date=on_date, limit=1)
            self._matches[key] = ranked[0] if ranked else None
        return self._matches[key]

    def page_rows(
        self,
        document_id: int,
        page_id: int,
        text: str,
        on_date: date | None,
        *,
        decided: Sequence[tuple[int, int, str, int | None]] = (),
        reading: PageReading | None = None,
    ) -> list[dict[str, object]]:
        """The mention rows of one page (``reading``: the page read already, else it is
        read here). ``decided`` holds the page's decided mentions (start, end, folded text,
        rejected officer or None): their places are not proposed again, nor the same words
        for an officer rejected on the page."""
        rows: list[dict[str, object]] = []
        now = utc_now()
        reading = reading if reading is not None else read_page(text)
        page_date = reading.event_date or on_date
        for span in reading.spans:
            if any(span.start < end and start < span.end for start, end, _t, _o in decided):
                continue
            found = self.match(span, page_date)
            words = text[span.start : span.end]
            if any(
                officer == (found.officer_id if found else None) and folded == _fold(words)
                for _s, _e, folded, officer in decided
            ):
                continue
            rows.append(
                {
                    "document_id": document_id,
                    "page_id": page_id,
                    "start": span.start,
                    "end": span.end,
                    "text": words[:300],
                    "form": span.form,
                    "officer_id": found.officer_id if found else None,
                    "confidence": found.confidence if found else None,
                    "score": found.score if found else 0.0,
                    "reason": found.reason if found else "no registered officer matches",
                    "event_date": page_date,
                    "registry_version": self.version,
                    "detected_at": now,
                }
            )
        return rows


@functools.lru_cache(maxsize=1 << 14)
def _numbered(query: str) -> bool:
    """Does a mention give a number (shield, tax registry, ...)?"""
    return bool(parse_mention(query).identifiers)


def _better(left: Match, right: Match) -> bool:
    return (_CONFIDENCE_ORDER[left.confidence], left.score) > (
        _CONFIDENCE_ORDER[right.confidence],
        right.score,
    )


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def document_event_date(readings: Iterable[PageReading]) -> date | None:
    """The first date of arrest or occurrence any page of a document states."""
    return next((reading.event_date for reading in readings if reading.event_date), None)


def match_ahead(detector: Detector, readings: Sequence[PageReading]) -> None:
    """Match a document's mentions before the transaction that stores them, so that the
    writer holds it no longer than storing takes (``page_rows`` then finds each match
    remembered)."""
    fallback = document_event_date(readings)
    for reading in readings:
        for span in reading.spans:
            detector.match(span, reading.event_date or fallback)


def detect_pages(
    session: Session,
    detector: Detector,
    document_id: int,
    page_ids: Iterable[int] | None = None,
) -> int:
    """(Re)detect the mentions of a document's pages (all, or those given) in the caller's
    transaction, after their text was written; decided mentions stay. Returns the
    mentions found."""
    query = select(Page.id, Page.number, Page.text).where(Page.document_id == document_id)
    if page_ids is not None:
        query = query.where(Page.id.in_(sorted(set(page_ids))))
    pages = session.execute(query.order_by(Page.number)).all()
    read = [page_id for page_id, _number, _text in pages]
    decided = _decided_places(session, read)
    if read:
        undecided = select(MentionDecision.mention_id)
        session.execute(
            delete(Mention).where(Mention.page_id.in_(read), Mention.id.not_in(undecided))
        )
    on_date = session.execute(
        select(Document.document_date).where(Document.id == document_id)
    ).scalar_one_or_none()
    readings = [read_page(text) for _id, _number, text in pages]
    fallback = document_event_date(readings) or on_date
    rows: list[dict[str, object]] = []
    for (page_id, _number, text), reading in zip(pages, readings, strict=True):
        rows.extend(
            detector.page_rows(
                document_id,
                page_id,
                text,
                fallback,
                decided=decided.get(page_id, ()),
                reading=reading,
            )
        )
    if rows:
        session.execute(insert(Mention.__table__), rows)
    _mark_scanned(session, [document_id])
    return len(rows)


class NewDocument(NamedTuple):
    """A document whose pages were just inserted: its page texts in order, and their
    readings when the import's workers read them already."""

    document_id: int
    texts: Sequence[str]
    readings: Sequence[PageReading] | None = None


def detect_new_documents(
    session: Session, detector: Detector, new_documents: Sequence[NewDocument]
) -> int:
    """Detect the mentions of documents whose pages were just inserted, in the caller's
    transaction (the import's one hook, for a batch of files: one query for the pages
    that have mentions, one insert of mentions and one of the marks that the documents
    were read). Returns the mentions found."""
    if not new_documents:
        return 0
    found: list[tuple[int, int, dict[str, object]]] = []  # (document, page number, row)
    for document_id, texts, readings in new_documents:
        if readings is None or len(readings) != len(texts):
            readings = [read_page(text) for text in texts]
        fallback = document_event_date(readings)
        for number, (text, reading) in enumerate(zip(texts, readings, strict=True), start=1):
            if text:
                rows = detector.page_rows(document_id, 0, text, fallback, reading=reading)
                found.extend((document_id, number, row) for row in rows)
    rows = []
    if found:
        with_mentions = sorted({document_id for document_id, _number, _row in found})
        page_ids = {
            (document_id, number): page_id
            for document_id, number, page_id in session.execute(
                select(Page.document_id, Page.number, Page.id).where(
                    Page.document_id.in_(with_mentions)
                )
            )
        }
        for document_id, number, row in found:
            page_id = page_ids.get((document_id, number))
            if page_id is not None:
                row["page_id"] = page_id
                rows.append(row)
    if rows:
        session.execute(insert(Mention.__table__), rows)
    _mark_scanned(session, [new.document_id for new in new_documents])
    return len(rows)


def _mark_scanned(session: Session, document_ids: Sequence[int]) -> None:
    """Record that the current detector has read these documents."""
    session.execute(delete(MentionScan).where(MentionScan.document_id.in_(document_ids)))
    now = utc_now()
    session.execute(
        insert(MentionScan.__table__),
        [
            {"document_id": document_id, "detector_version": DETECTOR_VERSION, "scanned_at": now}
            for document_id in document_ids
        ],
    )


def _decided_places(
    session: Session, page_ids: Sequence[int]
) -> dict[int, list[tuple[int, int, str, int | None]]]:
    places: dict[int, list[tuple[int, int, str, int | None]]] = {}
    if not page_ids:
        return places
    for page_id, start, end, text, verdict, officer_id in session.execute(
        select(
            Mention.page_id,
            Mention.start,
            Mention.end,
            Mention.text,
            MentionDecision.verdict,
            MentionDecision.officer_id,
        )
        .join(MentionDecision, MentionDecision.mention_id == Mention.id)
        .where(Mention.page_id.in_(page_ids))
    ):
        rejected = officer_id if verdict == "rejected" else -1  # -1: no rejection to match
        places.setdefault(page_id, []).append((start, end, _fold(text), rejected))
    return places


def forget_document(session: Session, document_id: int) -> None:
    """Before a document is deleted: its decisions go too, each one audited."""
    decisions = session.execute(
        select(MentionDecision)
        .join(Mention, Mention.id == MentionDecision.mention_id)
        .where(Mention.document_id == document_id)
    ).scalars()
    for decision in list(decisions):
        audit.record_delete(session, decision)
        session.delete(decision)
    session.flush()


def unscanned_documents(library: Library, matter_id: MatterId | None = None) -> int:
    """Documents with pages that mention detection has not read yet."""
    with library.read() as session:
        # Without its ORDER BY: PostgreSQL refuses to order a count by a column it does not group.
        query = _unscanned_query(session, matter_id).order_by(None).with_only_columns(func.count())
        return int(session.execute(query).scalar_one())


def _unscanned_query(session: Session, matter_id: MatterId | None):  # type: ignore[no-untyped-def]
    query = (
        select(Document.id)
        .outerjoin(MentionScan, MentionScan.document_id == Document.id)
        .where(
            Document.page_count > 0,
            (MentionScan.document_id.is_(None)) | (MentionScan.detector_version < DETECTOR_VERSION),
        )
        .order_by(Document.id)
    )
    if matter_id is not None:
        query = query.where(Document.matter_id == find_matter(session, matter_id).id)
    return query


def scan_library(
    library: Library,
    matter_id: MatterId | None = None,
    *,
    progress: Callable[[ScanProgress], None] | None = None,
    cancel: threading.Event | None = None,
) -> ScanSummary:
    """Read for officer mentions every document not read yet (all, or one matter's), then
    match again the proposals made against an older registry. Resumable: a cancelled run
    keeps what it finished."""
    with library.read() as session:
        document_ids = list(session.execute(_unscanned_query(session, matter_id)).scalars())
    total = len(document_ids)
    if progress is not None:
        progress(ScanProgress(0, total, f"reading {plural(total, 'document')} for officers"))
    detector = Detector(library)
    done = found = 0
    for start in range(0, total, SCAN_BATCH_DOCUMENTS):
        if cancel is not None and cancel.is_set():
            break
        batch = document_ids[start : start + SCAN_BATCH_DOCUMENTS]
        with library.write() as session:
            for document_id in batch:
                found += detect_pages(session, detector, document_id)
        done += len(batch)
        if progress is not None:
            progress(ScanProgress(done, total, f"{plural(found, 'mention')} found"))
    cancelled = cancel is not None and cancel.is_set()
    refreshed = 0 if cancelled else refresh_matches(library, matter_id, cancel=cancel)
    summary = ScanSummary(done, found, refreshed, total - done, cancelled)
    if progress is not None:
        progress(ScanProgress(done, total, summary.message()))
    return summary


def refresh_matches(
    library: Library,
    matter_id: MatterId | None = None,
    *,
    cancel: threading.Event | None = None,
) -> int:
    """Match again the undecided mentions made against an older registry (a new officer, a
    new alias or a merge since): returns how many were looked at."""
    detector = Detector(library)
    with library.read() as session:
        query = (
            select(Mention.id, Mention.event_date, Mention.start, Mention.end, Page.text)
            .join(Page, Page.id == Mention.page_id)
            .outerjoin(MentionDecision, MentionDecision.mention_id == Mention.id)
            .where(MentionDecision.id.is_(None), Mention.registry_version != detector.version)
        )
        if matter_id is not None:
            query = query.join(Document, Document.id == Mention.document_id).where(
                Document.matter_id == find_matter(session, matter_id).id
            )
        stale = session.execute(query).all()
    if not stale:
        return 0
    updates = []
    for mention_id, on_date, start, end, text in stale:
        found = rematch(detector, text, start, end, on_date)
        updates.append(
            {
                "_id": mention_id,
                "officer_id": found.officer_id if found else None,
                "confidence": found.confidence if found else None,
                "score": found.score if found else 0.0,
                "reason": found.reason if found else "no registered officer matches",
                "registry_version": detector.version,
            }
        )
    if cancel is not None and cancel.is_set():
        return 0
    with library.write() as session:
        session.execute(_bulk_update(), updates)
    return len(updates)


def _bulk_update():  # type: ignore[no-untyped-def]
    return (
        update(Mention.__table__)  # type: ignore[arg-type]
        .where(Mention.__table__.c.id == bindparam("_id"))
        .values(
            officer_id=bindparam("officer_id"),
            confidence=bindparam("confidence"),
            score=bindparam("score"),
            reason=bindparam("reason"),
            registry_version=bindparam("registry_version"),
        )
    )


@functools.lru_cache(maxsize=256)
def _page_spans(page_text: str) -> tuple[MentionSpan, ...]:
    """A page's mention spans (one page holds several mentions)."""
    return tuple(find_mentions(page_text))


def rematch(
    detector: Detector, page_text: str, start: int, end: int, on_date: date | None
) -> Match | None:
    """The best officer for the mention at ``start``-``end`` of a page, read afresh."""
    for span in _page_spans(page_text):
        if span.start == start and span.end == end:
            return detector.match(span, on_date)
    return None


# -- reading -----------------------------------------------------------------------------


def _officer_names(
    session: Session, ids: Iterable[int | None]
) -> dict[int, tuple[str, int | None]]:
    wanted = {officer_id for officer_id in ids if officer_id is not None}
    if not wanted:
        return {}
    return {
        officer_id: (name, merged_into)
        for officer_id, name, merged_into in session.execute(
            select(Officer.id, Officer.name, Officer.merged_into_id).where(Officer.id.in_(wanted))
        )
    }


def _live_id(names: dict[int, tuple[str, int | None]], session: Session, officer_id: int) -> int:
    """An officer merged into another stands for the survivor."""
    seen = set()
    while officer_id in names and names[officer_id][1] is not None and officer_id not in seen:
        seen.add(officer_id)
        survivor = names[officer_id][1]
        assert survivor is not None
        if survivor not in names:
            names.update(_officer_names(session, [survivor]))
        officer_id = survivor
    return officer_id


def _records(
    session: Session, rows: Sequence[object], detector: Detector | None
) -> list[MentionRecord]:
    names = _officer_names(
        session,
        [row.officer_id for row in rows]  # type: ignore[attr-defined]
        + [row.decided_officer_id for row in rows],  # type: ignore[attr-defined]
    )
    records = []
    for row in rows:
        officer_id, confidence, reason = row.officer_id, row.confidence, row.reason  # type: ignore[attr-defined]
        status = row.verdict or "proposed"  # type: ignore[attr-defined]
        if (
            status == "proposed"
            and detector is not None
            and row.registry_version != detector.version
        ):  # type: ignore[attr-defined]
            # Matched against an older registry: read with today's (stored by the next scan).
            found = rematch(detector, row.page_text, row.start, row.end, row.event_date)  # type: ignore[attr-defined]
            officer_id = found.officer_id if found else None
            confidence = found.confidence if found else None
            reason = found.reason if found else "no registered officer matches"
            names.update(_officer_names(session, [officer_id]))
        proposed = officer_id
        if status != "proposed":
            officer_id = row.decided_officer_id  # type: ignore[attr-defined]
        if officer_id is not None:
            officer_id = _live_id(names, session, officer_id)
        records.append(
            MentionRecord(
                id=row.id,  # type: ignore[attr-defined]
                matter_id=MatterId(row.matter_id),  # type: ignore[attr-defined]
                document_id=row.document_id,  # type: ignore[attr-defined]
                document_title=row.title,  # type: ignore[attr-defined]
                page=row.number,  # type: ignore[attr-defined]
                bates=row.bates,  # type: ignore[attr-defined]
                start=row.start,  # type: ignore[attr-defined]
                end=row.end,  # type: ignore[attr-defined]
                text=row.text,  # type: ignore[attr-defined]
                form=row.form,  # type: ignore[attr-defined]
                status=status,
                officer_id=officer_id,
                officer=names[officer_id][0] if officer_id in names else None,
                confidence=confidence,
                reason=reason,
                proposed_officer_id=proposed,
                decided_by=row.decided_by,  # type: ignore[attr-defined]
                decided_at=row.decided_at,  # type: ignore[attr-defined]
                ocr=row.page_status == "ocr",  # type: ignore[attr-defined]
            )
        )
    return records


def _mention_query():  # type: ignore[no-untyped-def]
    return (
        select(
            Mention.id,
            Mention.document_id,
            Mention.start,
            Mention.end,
            Mention.text,
            Mention.form,
            Mention.officer_id,
            Mention.confidence,
            Mention.reason,
            Mention.event_date,
            Mention.registry_version,
            Document.matter_id,
            Document.title,
            Page.number,
            Page.bates,
            Page.status.label("page_status"),
            Page.text.label("page_text"),
            MentionDecision.verdict,
            MentionDecision.officer_id.label("decided_officer_id"),
            MentionDecision.decided_by,
            MentionDecision.decided_at,
        )
        .join(Document, Document.id == Mention.document_id)
        .join(Page, Page.id == Mention.page_id)
        .outerjoin(MentionDecision, MentionDecision.mention_id == Mention.id)
        .order_by(Document.id, Page.number, Mention.start)
    )


def list_mentions(
    library: Library,
    matter_id: MatterId | None = None,
    *,
    officer_id: int | None = None,
    document_id: int | None = None,
    include_rejected: bool = False,
) -> list[MentionRecord]:
    """A matter's (or the library's) mentions in page order, as the registry reads them
    today. ``officer_id`` keeps the mentions that stand for that officer (or for officers
    merged into him); rejected mentions only with ``include_rejected``."""
    detector = Detector(library)
    with library.read() as session:
        query = _mention_query()
        if matter_id is not None:
            query = query.where(Document.matter_id == find_matter(session, matter_id).id)
        if document_id is not None:
            query = query.where(Mention.document_id == document_id)
        if officer_id is not None:
            find_officer(session, officer_id)  # a clear message for an unknown officer
        records = _records(session, session.execute(query).all(), detector)
    if not include_rejected:
        records = [record for record in records if record.status != "rejected"]
    if officer_id is not None:
        records = [record for record in records if record.officer_id == officer_id]
    return records


def get_mention(library: Library, mention_id: int) -> MentionRecord:
    with library.read() as session:
        rows = session.execute(_mention_query().where(Mention.id == mention_id)).all()
        if not rows:
            raise NotFoundError(f"no mention with id {mention_id}")
        return _records(session, rows, Detector(library))[0]


# -- decisions ---------------------------------------------------------------------------


def _decision_record(session: Session, decision: MentionDecision) -> DecisionRecord:
    alias = session.get(OfficerAlias, decision.alias_id) if decision.alias_id else None
    return DecisionRecord(
        id=decision.id,
        mention_id=decision.mention_id,
        verdict=decision.verdict,
        officer_id=decision.officer_id,
        proposed_officer_id=decision.proposed_officer_id,
        proposed_confidence=decision.proposed_confidence,
        alias=(
            OfficerAliasRecord(alias.id, alias.officer_id, alias.text, alias.source)
            if alias is not None
            else None
        ),
        decided_by=decision.decided_by,
        decided_at=decision.decided_at,
    )


def _current_decision(session: Session, mention_id: int) -> MentionDecision | None:
    return session.execute(
        select(MentionDecision).where(MentionDecision.mention_id == mention_id)
    ).scalar_one_or_none()


def _remove_decision(session: Session, decision: MentionDecision) -> None:
    """Delete a decision and the alias it added (both audited)."""
    if decision.alias_id is not None:
        alias = session.get(OfficerAlias, decision.alias_id)
        if alias is not None:
            audit.record_delete(session, alias)
            session.delete(alias)
    audit.record_delete(session, decision)
    session.delete(decision)
    session.flush()


def _alias_worthy(text: str) -> bool:
    """Does the mention name the officer by more than a surname (or a bare number)?"""
    return len(name_parts(parse_mention(text).name).words) >= 2


def _add_alias(session: Session, mention: Mention, officer: Officer) -> OfficerAlias | None:
    """The mention's spelling as an alias of ``officer``, unless it adds nothing."""
    text = " ".join(mention.text.split())
    if not _alias_worthy(text):
        return None
    known = {officer.name.casefold()} | {alias.text.casefold() for alias in officer.aliases}
    if text.casefold() in known:
        return None
    page = session.get(Page, mention.page_id)
    document = session.get(Document, mention.document_id)
    assert page is not None and document is not None
    where = f"{document.title}, p. {page.number}" + (f" ({page.bates})" if page.bates else "")
    alias = OfficerAlias(officer_id=officer.id, text=text[:300], source=where[:300])
    session.add(alias)
    audit.record_create(session, alias)
    return alias


def _decide(
    library: Library, mention_id: int, verdict: str, officer_id: int | None, *, use_proposal: bool
) -> DecisionChange:
    proposal = get_mention(library, mention_id)  # as the registry reads it today
    with library.write() as session:
        mention = session.get(Mention, mention_id)
        if mention is None:
            raise NotFoundError(f"no mention with id {mention_id}")
        current = _current_decision(session, mention_id)
        before = _decision_record(session, current) if current is not None else None
        if use_proposal:
            officer_id = proposal.proposed_officer_id
            if officer_id is None and verdict == "confirmed":
                raise ValidationError(
                    f"mention {mention_id} ({mention.text!r}) matches no registered officer; "
                    "assign it to an officer, or register a new one"
                )
        officer = None
        if officer_id is not None:
            officer = find_officer(session, officer_id)
            if officer.merged_into_id is not None and verdict == "confirmed":
                raise ConflictError(
                    f"officer {officer.id} was merged into officer {officer.merged_into_id}; "
                    f"name officer {officer.merged_into_id} instead"
                )
        if current is not None:
            if current.verdict == verdict and current.officer_id == officer_id:
                raise ConflictError(
                    f"mention {mention_id} is already {verdict}"
                    + (f" as officer {officer_id}" if officer_id is not None else "")
                )
            _remove_decision(session, current)
        alias = (
            _add_alias(session, mention, officer) if verdict == "confirmed" and officer else None
        )
        decision = MentionDecision(
            mention_id=mention_id,
            verdict=verdict,
            officer_id=officer_id,
            proposed_officer_id=proposal.proposed_officer_id,
            proposed_confidence=proposal.confidence if proposal.status == "proposed" else None,
            alias_id=alias.id if alias is not None else None,
            decided_by=library.user,
            decided_at=utc_now(),
        )
        session.add(decision)
        audit.record_create(session, decision)
        after = _decision_record(session, decision)
    return DecisionChange(mention_id, before, after, get_mention(library, mention_id))


def confirm_mention(library: Library, mention_id: int) -> DecisionChange:
    """The mention is the officer detection proposed; its spelling may become an alias."""
    return _decide(library, mention_id, "confirmed", None, use_proposal=True)


def reassign_mention(library: Library, mention_id: int, officer_id: int) -> DecisionChange:
    """The mention is another officer than the one proposed (or one when none matched)."""
    return _decide(library, mention_id, "confirmed", officer_id, use_proposal=False)


def reject_mention(library: Library, mention_id: int) -> DecisionChange:
    """The mention is not the officer proposed (or names no officer): never proposed again
    on its page."""
    return _decide(library, mention_id, "rejected", None, use_proposal=True)


def reopen_mention(library: Library, mention_id: int) -> DecisionChange:
    """Take back the decision on a mention: detection's proposal stands again."""
    return set_decision(library, mention_id, None)


def set_decision(
    library: Library, mention_id: int, wanted: DecisionRecord | None
) -> DecisionChange:
    """Put a mention's decision in the state ``wanted`` (None: undecided), the alias it
    added included, with the same ids: the undo and redo of every decision."""
    with library.write() as session:
        if session.get(Mention, mention_id) is None:
            raise NotFoundError(f"no mention with id {mention_id}")
        current = _current_decision(session, mention_id)
        before = _decision_record(session, current) if current is not None else None
        if before == wanted:
            raise ConflictError(f"mention {mention_id} is already in that state")
        if current is not None:
            _remove_decision(session, current)
        if wanted is not None:
            if wanted.mention_id != mention_id:
                raise ValidationError("that decision belongs to another mention")
            if wanted.alias is not None:
                officer = find_officer(session, wanted.alias.officer_id)
                alias = OfficerAlias(
                    id=wanted.alias.id,
                    officer_id=officer.id,
                    text=wanted.alias.text,
                    source=wanted.alias.source,
                )
                session.add(alias)
                audit.record_create(session, alias)
            if wanted.officer_id is not None:
                find_officer(session, wanted.officer_id)
            decision = MentionDecision(
                id=wanted.id,
                mention_id=mention_id,
                verdict=wanted.verdict,
                officer_id=wanted.officer_id,
                proposed_officer_id=wanted.proposed_officer_id,
                proposed_confidence=wanted.proposed_confidence,
                alias_id=wanted.alias.id if wanted.alias is not None else None,
                decided_by=wanted.decided_by,
                decided_at=wanted.decided_at,
            )
            session.add(decision)
            audit.record_create(session, decision)
    return DecisionChange(mention_id, before, wanted, get_mention(library, mention_id))


def officer_mentioned(session: Session, officer_id: int) -> int | None:
    """A mention confirmed as ``officer_id`` or rejected for him, if any: a decision that
    names him (the officer cannot be deleted while one does)."""
    return session.execute(
        select(MentionDecision.mention_id).where(MentionDecision.officer_id == officer_id).limit(1)
    ).scalar_one_or_none()


# -- turning a mention into registry entries and allegations -----------------------------


@dataclass(frozen=True, slots=True)
class OfficerDetails:
    """What a mention says about an officer the registry does not know yet."""

    name: str
    rank: str | None
    identifiers: tuple[tuple[str, str], ...]  # (kind, value)


def officer_details(page_text: str, start: int, end: int) -> OfficerDetails:
    """A new officer's name, rank and identifiers as the mention at ``start``-``end`` of a
    page writes them ("Arresting Officer: SMITH, JOHN  Shield: 4521" -> John Smith,
    shield 4521)."""
    query = next(
        (span.query for span in _page_spans(page_text) if span.start == start and span.end == end),
        page_text[start:end],
    )
    parsed = parse_mention(query)
    name = parsed.name.strip()
    if name.isupper():
        name = name.title()  # paperwork in capitals: "JOHN SMITH" -> "John Smith"
    rank = RANK_LABELS[parsed.rank].title() if parsed.rank else None
    identifiers = tuple((kind or "shield", value) for value, kind in parsed.identifiers)
    return OfficerDetails(name, rank, identifiers)


def mention_officer_details(library: Library, mention_id: int) -> OfficerDetails:
    """What the mention says about the officer it names (to register him)."""
    with library.read() as session:
        row = session.execute(
            select(Mention.start, Mention.end, Page.text)
            .join(Page, Page.id == Mention.page_id)
            .where(Mention.id == mention_id)
        ).first()
    if row is None:
        raise NotFoundError(f"no mention with id {mention_id}")
    return officer_details(row.text, row.start, row.end)


def officer_from_mention(
    library: Library,
    mention_id: int,
    *,
    name: str | None = None,
    rank: str | None = None,
    description: str | None = None,
    force: bool = False,
) -> tuple[OfficerRecord, DecisionChange]:
    """Register the officer a mention names (name, rank and identifiers read from its
    words unless given) and assign the mention to him."""
    from .officers import IdentifierInput, add_officer

    mention = get_mention(library, mention_id)
    details = mention_officer_details(library, mention_id)
    name = name if name is not None else details.name
    if not name and not description:
        description = f"named in discovery as {' '.join(mention.text.split())!r}"
    officer = add_officer(
        library,
        name,
        rank=rank if rank is not None else details.rank,
        description=description,
        identifiers=[IdentifierInput(kind, value) for kind, value in details.identifiers],
        force=force,
    )
    return officer, reassign_mention(library, mention_id, officer.id)


def citation_for(mention: MentionRecord) -> CitationInput:
    """The citation of a mention: its page, quoting its words."""
    return CitationInput(
        document_id=mention.document_id,
        page_start=mention.page,
        page_end=mention.page,
        quote=" ".join(mention.text.split()),
    )


def allegation_from_mention(
    library: Library,
    mention_id: int,
    *,
    date: str,
    conduct: Sequence[str],
    summary: str,
    role: str = "accused",
    narrative: str = "",
) -> tuple[AllegationRecord, DecisionChange | None]:
    """Record an allegation against the officer a mention stands for, citing the mention's
    page and words; a proposal is confirmed by it (the second value, None when the
    mention was already confirmed)."""
    from .allegations import AllegationInput, OfficerLink, add_allegation

    mention = get_mention(library, mention_id)
    if mention.officer_id is None or mention.status == "rejected":
        raise ValidationError(
            f"mention {mention_id} ({mention.text!r}) stands for no officer; assign it to an "
            "officer (or register a new one) first"
        )
    data = AllegationInput(
        matter_id=mention.matter_id,
        officers=(OfficerLink(mention.officer_id, role),),
        date=date,
        conduct=tuple(conduct),
        summary=summary,
        narrative=narrative,
        source="police_paperwork",
        citations=(citation_for(mention),),
    )
    record = add_allegation(library, data)
    change = None
    if mention.status != "confirmed":
        change = reassign_mention(library, mention_id, mention.officer_id)
    return record, change
