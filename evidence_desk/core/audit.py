"""The append-only, hash-chained, sealed audit log.

Every service that creates, changes or deletes a row calls ``record_create``,
``record_update`` or ``record_delete`` inside the same transaction, so the log and the data
can never disagree. Each event's hash covers the previous event's hash and the event's own
stored text, and each new event is sealed with a key kept outside the database
(``audit_seal``). ``check`` recomputes the chain and the seals, compares it with the
anchors it is given, compares every audited row with the state its last event recorded,
and finds rows of audited tables that no event recorded at all, so an edit, a deletion or
an insertion made behind the program's back is found whichever way it was made.

Each event also names the matter its row belongs to (``matter_id``, outside the hash): on
an office server the events of a restricted matter are walled off like the matter itself
(see ``walls``). Two functions on the server (``evidence_desk_audit_head`` and
``evidence_desk_audit_chain``) give everyone the chain's links and seals, never an event's
contents, so that appending keeps one chain and ``check`` still checks every link.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, inspect, select, text
from sqlalchemy.orm import Session

from .audit_seal import Anchor, AuditKey
from .model import AuditEvent, Base, Document, Matter, Mention, document_tag, utc_now

GENESIS_HASH = "0" * 64
WRITER_LOCK = 4212  # the server-side lock office writers take turns on
USER_KEY = "evidence_desk.user"
SEAL_KEY = "evidence_desk.audit_key"  # session.info: the AuditKey that seals new events
HEAD_KEY = "evidence_desk.audit_head"  # session.info: (id, hash) of the newest event written

# Tables whose every row the services record: a row no event names was added by hand.
# Pages are covered by their document's text digest instead (see ``page_text``).
AUDITED_TABLES = (
    "setting",
    "client",
    "client_identifier",
    "matter",
    "document",
    "document_tag",
    "tag",
    "note",
    "officer",
    "officer_identifier",
    "officer_alias",
    "officer_merge",
    "conduct_type",
    "allegation",
    "allegation_officer",
    "allegation_conduct",
    "citation",
    "matter_restriction",
    "matter_team",
    "mention_decision",
)
# Rows written when a library is created, before anything is audited.
UNRECORDED_ROWS = frozenset({("setting", "library_id"), ("setting", "created_at")})


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


def canonical_json(value: Any) -> str | None:
    """The exact text stored and hashed for a before/after state."""
    if value is None:
        return None
    return json.dumps(_plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _recorded_columns(mapper: Any) -> list[Any]:
    """The columns an event records: all but an edit version, which only counts saves
    (it changes at the flush, after a service has taken its snapshot)."""
    version = mapper.version_id_col
    return [
        attribute
        for attribute in mapper.column_attrs
        if version is None or attribute.columns[0] is not version
    ]


def snapshot(row: Base) -> dict[str, Any]:
    """All column values of an ORM row (its edit version aside), as plain JSON-ready values."""
    mapper = inspect(row).mapper
    return {column.key: _plain(getattr(row, column.key)) for column in _recorded_columns(mapper)}


def entity_key(row: Base) -> tuple[str, str]:
    """The (table name, primary key text) that names a row in the log."""
    mapper = inspect(row).mapper
    identity = mapper.primary_key_from_instance(row)
    return mapper.local_table.name, ":".join(str(part) for part in identity)


def event_hash(
    prev_hash: str,
    at: datetime,
    user: str,
    action: str,
    entity: str,
    entity_id: str,
    before: str | None,
    after: str | None,
) -> str:
    payload = "\x1f".join(
        [prev_hash, at.isoformat(), user, action, entity, entity_id, before or "", after or ""]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    session: Session,
    action: str,
    entity: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEvent:
    """Append one event; the caller's transaction commits it together with the change."""
    user = str(session.info.get(USER_KEY, "unknown"))
    if _on_server(session):
        # Office mode has several writers: serialise appends so the chain stays linear.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK})
    matter_id = matter_of(session, entity, after if after is not None else before, {})
    last = newest_event(session)
    prev_hash = last[1] if last else GENESIS_HASH
    at = utc_now()
    before_text, after_text = canonical_json(before), canonical_json(after)
    digest = event_hash(prev_hash, at, user, action, entity, entity_id, before_text, after_text)
    key: AuditKey | None = session.info.get(SEAL_KEY)
    event = AuditEvent(
        at=at,
        user=user,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before_text,
        after=after_text,
        prev_hash=prev_hash,
        hash=digest,
        seal=key.seal(digest) if key is not None else None,
        key_id=key.key_id if key is not None else None,
        matter_id=matter_id,
    )
    session.add(event)
    session.flush()
    session.info[HEAD_KEY] = (event.id, digest)
    return event


def _on_server(session: Session) -> bool:
    return session.bind is not None and session.bind.dialect.name == "postgresql"


def newest_event(session: Session) -> tuple[int, str] | None:
    """(id, hash) of the chain's last event, walled off from this person or not."""
    if _on_server(session):
        row = session.execute(text("SELECT id, hash FROM evidence_desk_audit_head()")).first()
    else:
        row = session.execute(
            select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
        ).first()
    return None if row is None or row[0] is None else (int(row[0]), str(row[1]))


# Where an event's matter is: a column of its row, or the row that row belongs to.
_MATTER_COLUMNS = {
    "matter": "id",
    "document": "matter_id",
    "note": "matter_id",
    "allegation": "matter_id",
    "matter_restriction": "matter_id",
    "matter_team": "matter_id",
}
_PARENTS = {
    "client": ("client", "id"),
    "client_identifier": ("client", "client_id"),
    "document_tag": ("document", "document_id"),
    "allegation_officer": ("allegation", "allegation_id"),
    "allegation_conduct": ("allegation", "allegation_id"),
    "citation": ("allegation", "allegation_id"),
    "mention_decision": ("mention", "mention_id"),
}


def matter_of(
    session: Session,
    entity: str,
    state: dict[str, Any] | None,
    found: dict[tuple[str, int], int | None],
) -> int | None:
    """The matter a row (its ``snapshot``) belongs to, None for library-wide rows.

    ``found`` remembers lookups across one batch of events."""
    if state is None:
        return None
    column = _MATTER_COLUMNS.get(entity)
    if column is not None:
        value = state.get(column)
        return int(value) if value is not None else None
    if entity in _PARENTS:
        parent, column = _PARENTS[entity]
    elif entity == "passage_release" and state.get("passage") in ("allegation", "citation"):
        parent, column = str(state["passage"]), "target_id"
    else:
        return None
    key = state.get(column)
    if key is None:
        return None
    if (parent, int(key)) not in found:
        found[(parent, int(key))] = _parent_matter(session, parent, int(key))
    return found[(parent, int(key))]


def _parent_matter(session: Session, parent: str, key: int) -> int | None:
    """The matter of a parent row: a client's from its matter, any other parent's from
    its own events (which name it even once the row is deleted)."""
    with session.no_autoflush:  # a pending delete is not flushed before it is looked at
        if parent == "client":
            query = select(Matter.id).where(Matter.client_id == key).order_by(Matter.id)
        elif parent == "mention":  # not audited itself: its document names the matter
            query = (
                select(Document.matter_id)
                .join(Mention, Mention.document_id == Document.id)
                .where(Mention.id == key)
            )
        else:
            query = (
                select(AuditEvent.matter_id)
                .where(
                    AuditEvent.entity == parent,
                    AuditEvent.entity_id == str(key),
                    AuditEvent.matter_id.is_not(None),
                )
                .order_by(AuditEvent.id.desc())
            )
        return session.execute(query.limit(1)).scalar()


def snapshot_values(model: type[Base], values: dict[str, Any]) -> dict[str, Any]:
    """What ``snapshot`` gives for a row of ``model`` holding ``values`` (every column):
    for rows a bulk import inserts without loading them as objects."""
    return {column.key: _plain(values[column.key]) for column in _recorded_columns(inspect(model))}


def insert_audited(
    session: Session,
    model: type[Any],
    rows: list[dict[str, Any]],
    events: list[tuple[str, str, str, dict[str, Any] | None, dict[str, Any] | None]],
) -> list[int]:
    """Insert rows in one statement per batch and queue their audit events; their ids."""
    if not rows:
        return []
    ids = list(
        session.execute(
            insert(model).returning(model.id, sort_by_parameter_order=True), rows
        ).scalars()
    )
    table = model.__table__.name
    for row_id, values in zip(ids, rows, strict=True):
        events.append(
            (
                "create",
                table,
                str(row_id),
                None,
                snapshot_values(model, {**values, "id": row_id}),
            )
        )
    return ids


def append_many(
    session: Session,
    events: Sequence[tuple[str, str, str, dict[str, Any] | None, dict[str, Any] | None]],
) -> None:
    """Append many events (action, entity, entity id, before, after), chained in order:
    the same events ``append`` writes one by one, with one read of the chain's end and one
    bulk insert, for imports of tens of thousands of rows."""
    if not events:
        return
    user = str(session.info.get(USER_KEY, "unknown"))
    if _on_server(session):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK})
    session.flush()
    last = newest_event(session)
    prev_hash = last[1] if last else GENESIS_HASH
    key: AuditKey | None = session.info.get(SEAL_KEY)
    rows = []
    found: dict[tuple[str, int], int | None] = {}
    for action, entity, entity_id, before, after in events:
        at = utc_now()
        before_text, after_text = canonical_json(before), canonical_json(after)
        event = event_hash(prev_hash, at, user, action, entity, entity_id, before_text, after_text)
        rows.append(
            {
                "at": at,
                "user": user,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "before": before_text,
                "after": after_text,
                "prev_hash": prev_hash,
                "hash": event,
                "seal": key.seal(event) if key is not None else None,
                "key_id": key.key_id if key is not None else None,
                "matter_id": matter_of(
                    session, entity, after if after is not None else before, found
                ),
            }
        )
        prev_hash = event
    session.execute(insert(AuditEvent), rows)
    newest = session.execute(select(AuditEvent.id).where(AuditEvent.hash == prev_hash)).scalar()
    session.info[HEAD_KEY] = (newest, prev_hash)


def record_create(session: Session, row: Base) -> AuditEvent:
    """Log a new row (flushed first so that its id and defaults are known)."""
    session.flush()
    entity, entity_id = entity_key(row)
    return append(session, "create", entity, entity_id, None, snapshot(row))


def record_update(session: Session, row: Base, before: dict[str, Any]) -> AuditEvent | None:
    """Log a changed row given its ``snapshot`` from before the change; no-op if unchanged."""
    session.flush()
    after = snapshot(row)
    if after == before:
        return None
    entity, entity_id = entity_key(row)
    return append(session, "update", entity, entity_id, before, after)


def record_delete(session: Session, row: Base) -> AuditEvent:
    """Log a row about to be deleted (call before ``session.delete``)."""
    entity, entity_id = entity_key(row)
    return append(session, "delete", entity, entity_id, snapshot(row), None)


@dataclass(frozen=True, slots=True)
class AuditProblem:
    """The first thing ``verify`` found wrong."""

    event_id: int | None
    entity: str
    entity_id: str
    message: str


@dataclass(frozen=True, slots=True)
class AuditCheck:
    """What ``check`` found: events checked, the first problem, and what it could not check."""

    events: int
    problem: AuditProblem | None
    notes: tuple[str, ...] = field(default_factory=tuple)
    last_event: Anchor | None = None


@dataclass(frozen=True, slots=True)
class WalledEvent:
    """An event of a matter walled off from this person: its place in the chain and its
    seal, not its contents (which only the matter's team may read)."""

    id: int
    at: datetime
    prev_hash: str
    hash: str
    seal: str | None
    key_id: str | None


def _iter_events(session: Session) -> Iterator[AuditEvent | WalledEvent]:
    """Every event in order: in full where this person may read it, else its link."""
    events = session.execute(
        select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=2000)
    ).scalars()
    if not _on_server(session):
        yield from events
        return
    readable = iter(events)
    pending = next(readable, None)
    links = session.execute(
        text("SELECT id, at, prev_hash, hash, seal, key_id FROM evidence_desk_audit_chain()"),
        execution_options={"yield_per": 2000},
    )
    for link in links:
        if pending is not None and pending.id == link.id:
            yield pending
            pending = next(readable, None)
        else:
            yield WalledEvent(link.id, link.at, link.prev_hash, link.hash, link.seal, link.key_id)


def verify(session: Session) -> tuple[int, AuditProblem | None]:
    """Recompute the chain and compare the rows; return (events checked, first problem)."""
    result = check(session)
    return result.events, result.problem


def check(
    session: Session,
    *,
    key: AuditKey | None = None,
    anchors: Sequence[Anchor] = (),
    library_id: str = "",
) -> AuditCheck:
    """Recompute the chain, the seals ``key`` can check and the ``anchors``; compare rows."""
    prev_hash = GENESIS_HASH
    count = 0
    last_state: dict[tuple[str, str], tuple[int, str | None]] = {}
    expected = {anchor.event_id: anchor for anchor in anchors if anchor.library_id == library_id}
    foreign: dict[str, list[int]] = {}
    sealed_from: int | None = None
    last: AuditEvent | WalledEvent | None = None
    walled = 0
    for event in _iter_events(session):
        count += 1
        problem = _check_event(event, prev_hash, key, sealed_from, expected.pop(event.id, None))
        if problem is not None:
            return AuditCheck(count, problem)
        if event.seal is not None:
            sealed_from = sealed_from or event.id
            if key is None or event.key_id != key.key_id:
                foreign.setdefault(str(event.key_id), []).append(event.id)
        prev_hash = event.hash
        if isinstance(event, WalledEvent):
            walled += 1
        else:
            last_state[(event.entity, event.entity_id)] = (event.id, event.after)
        last = event
    head = None if last is None else Anchor(library_id, last.id, last.hash, last.at)
    if expected:  # anchored events that are no longer in the log: it was cut short
        anchor = expected[max(expected)]
        return AuditCheck(
            count,
            AuditProblem(
                None,
                "audit_event",
                str(anchor.event_id),
                f"the audit log ends at event {head.event_id if head else 0}, but an anchor "
                f"taken {anchor.at:%Y-%m-%d %H:%M} UTC records event {anchor.event_id}: events "
                "were removed from its end, or the library was replaced by an older copy",
            ),
        )
    problem = _compare_rows(session, last_state) or _unrecorded_rows(session, last_state)
    notes = tuple(
        f"{len(ids)} audit events (ids {ids[0]} to {ids[-1]}) are sealed with key {key_id}, "
        "which this computer does not hold, so their seals were not checked (they were "
        "written on another computer, or this computer's key was removed)"
        for key_id, ids in foreign.items()
    )
    if walled:
        notes += (
            f"{walled} audit events belong to restricted matters whose team you are not on: "
            "their place in the chain and their seals were checked, their contents were not",
        )
    return AuditCheck(count, problem, notes, head)


def _check_event(
    event: AuditEvent | WalledEvent,
    prev_hash: str,
    key: AuditKey | None,
    sealed_from: int | None,
    anchor: Anchor | None,
) -> AuditProblem | None:
    if isinstance(event, WalledEvent):
        entity, entity_id, what = "audit_event", str(event.id), "of a restricted matter"
    else:
        entity, entity_id = event.entity, event.entity_id
        what = f"({event.action} {event.entity} {event.entity_id})"

    def problem(message: str) -> AuditProblem:
        return AuditProblem(event.id, entity, entity_id, message)

    if event.prev_hash != prev_hash:
        return problem(
            f"audit event {event.id} does not follow the event before it "
            "(an event was removed, inserted or reordered)"
        )
    # A walled event's contents are not this person's to read: its hash is taken as stored.
    if not isinstance(event, WalledEvent):
        expected = event_hash(
            event.prev_hash,
            event.at,
            event.user,
            event.action,
            event.entity,
            event.entity_id,
            event.before,
            event.after,
        )
        if expected != event.hash:
            return problem(f"audit event {event.id} {what} was altered after it was written")
    if event.seal is None and sealed_from is not None:
        return problem(
            f"audit event {event.id} {what} has no seal although the events from "
            f"{sealed_from} on have one (it was written outside Evidence Desk)"
        )
    ours = event.seal is not None and key is not None and event.key_id == key.key_id
    if ours and not key.verifies(event.hash, event.seal):  # type: ignore[union-attr,arg-type]
        return problem(
            f"audit event {event.id} {what} carries a seal this computer's key did not make "
            "(the log was rewritten outside Evidence Desk)"
        )
    if anchor is not None and anchor.hash != event.hash:
        return problem(
            f"audit event {event.id} is not the event an anchor taken "
            f"{anchor.at:%Y-%m-%d %H:%M} UTC recorded (the log was rewritten, or the library "
            "was replaced by another copy)"
        )
    return None


def _compare_rows(
    session: Session, last_state: dict[tuple[str, str], tuple[int, str | None]]
) -> AuditProblem | None:
    """Check that every audited row still holds what its last event says it holds."""
    mappers = {mapper.local_table.name: mapper for mapper in Base.registry.mappers}
    for (entity, entity_id), (event_id, after) in last_state.items():
        mapper = mappers.get(entity)
        if mapper is None:
            continue
        key = entity_id.split(":")
        pk_columns = mapper.primary_key
        identity = tuple(
            int(part) if column.type.python_type is int else part
            for part, column in zip(key, pk_columns, strict=True)
        )
        row = session.get(mapper.class_, identity if len(identity) > 1 else identity[0])
        if after is None:
            if row is not None:
                return AuditProblem(
                    event_id,
                    entity,
                    entity_id,
                    f"{entity} {entity_id} was deleted in audit event {event_id} "
                    "but is in the database again (changed outside Evidence Desk)",
                )
            continue
        if row is None:
            return AuditProblem(
                event_id,
                entity,
                entity_id,
                f"{entity} {entity_id} is missing but audit event {event_id} recorded it "
                "(deleted outside Evidence Desk)",
            )
        # An event written before a column was added says nothing about it.
        recorded = json.loads(after)
        current = json.loads(canonical_json(snapshot(row)) or "{}")
        if any(current.get(name) != value for name, value in recorded.items()):
            return AuditProblem(
                event_id,
                entity,
                entity_id,
                f"{entity} {entity_id} differs from audit event {event_id}, the last "
                "recorded change (edited outside Evidence Desk)",
            )
    return None


def _unrecorded_rows(
    session: Session, last_state: dict[tuple[str, str], tuple[int, str | None]]
) -> AuditProblem | None:
    """The first row of an audited table that no event recorded (added by hand)."""
    recorded = {key for key, (_event_id, after) in last_state.items() if after is not None}
    tables = {mapper.local_table.name: mapper.local_table for mapper in Base.registry.mappers}
    tables[document_tag.name] = document_tag
    for name in AUDITED_TABLES:
        table = tables[name]
        columns = list(table.primary_key.columns)
        for row in session.execute(select(*columns).order_by(*columns)):
            entity_id = ":".join(str(part) for part in row)
            if (name, entity_id) in recorded or (name, entity_id) in UNRECORDED_ROWS:
                continue
            return AuditProblem(
                None,
                name,
                entity_id,
                f"{name} {entity_id} is in the database but no audit event records it "
                "(added outside Evidence Desk)",
            )
    return None
