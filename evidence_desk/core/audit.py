"""The append-only, hash-chained audit log.

Every service that creates, changes or deletes a row calls ``record_create``,
``record_update`` or ``record_delete`` inside the same transaction, so the log and the data
can never disagree. Each event's hash covers the previous event's hash and the event's own
stored text; ``verify`` recomputes the chain and also compares every audited row with the
state its last event recorded, so an edit made behind the program's back is found either way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, inspect, select, text
from sqlalchemy.orm import Session

from .model import AuditEvent, Base, utc_now

GENESIS_HASH = "0" * 64
USER_KEY = "evidence_desk.user"


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


def snapshot(row: Base) -> dict[str, Any]:
    """All column values of an ORM row, as plain JSON-ready values."""
    mapper = inspect(row).mapper
    return {column.key: _plain(getattr(row, column.key)) for column in mapper.column_attrs}


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
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        # Office mode has several writers: serialise appends so the chain stays linear.
        session.execute(text("SELECT pg_advisory_xact_lock(4212)"))
    last = session.execute(
        select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).scalar_one_or_none()
    prev_hash = last or GENESIS_HASH
    at = utc_now()
    before_text, after_text = canonical_json(before), canonical_json(after)
    event = AuditEvent(
        at=at,
        user=user,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before_text,
        after=after_text,
        prev_hash=prev_hash,
        hash=event_hash(prev_hash, at, user, action, entity, entity_id, before_text, after_text),
    )
    session.add(event)
    session.flush()
    return event


def snapshot_values(model: type[Base], values: dict[str, Any]) -> dict[str, Any]:
    """What ``snapshot`` gives for a row of ``model`` holding ``values`` (every column):
    for rows a bulk import inserts without loading them as objects."""
    return {column.key: _plain(values[column.key]) for column in inspect(model).column_attrs}


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
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(4212)"))
    session.flush()
    last = session.execute(
        select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).scalar_one_or_none()
    prev_hash = last or GENESIS_HASH
    rows = []
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
            }
        )
        prev_hash = event
    session.execute(insert(AuditEvent), rows)


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


def _iter_events(session: Session) -> Iterator[AuditEvent]:
    yield from session.execute(
        select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=2000)
    ).scalars()


def verify(session: Session) -> tuple[int, AuditProblem | None]:
    """Recompute the chain; return (events checked, first problem or None)."""
    prev_hash = GENESIS_HASH
    count = 0
    last_state: dict[tuple[str, str], tuple[int, str | None]] = {}
    for event in _iter_events(session):
        count += 1
        if event.prev_hash != prev_hash:
            return count, AuditProblem(
                event.id,
                event.entity,
                event.entity_id,
                f"audit event {event.id} does not follow the event before it "
                "(an event was removed, inserted or reordered)",
            )
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
            return count, AuditProblem(
                event.id,
                event.entity,
                event.entity_id,
                f"audit event {event.id} ({event.action} {event.entity} {event.entity_id}) "
                "was altered after it was written",
            )
        prev_hash = event.hash
        last_state[(event.entity, event.entity_id)] = (event.id, event.after)
    problem = _compare_rows(session, last_state)
    return count, problem


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
        if canonical_json(snapshot(row)) != after:
            return AuditProblem(
                event_id,
                entity,
                entity_id,
                f"{entity} {entity_id} differs from audit event {event_id}, the last "
                "recorded change (edited outside Evidence Desk)",
            )
    return None
