"""Edit versions: a save from an editor opened before another person's change is refused.

Matters, notes, officers and allegations carry a ``version`` that every saved change
raises. A service that edits one takes the version the person's editor started from
(``expected_version``); if the stored version has moved on since, somebody else saved in
between, and saving now would silently undo their work. The service refuses with an
``EditConflictError`` that names who changed what and when (from the audit log), and the
window offers to reload their version. ``None`` skips the check (scripts that change one
field on purpose).
"""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import EditConflictError
from .model import AuditEvent

# Columns every save touches: naming them would say nothing about the change.
_BOOKKEEPING = frozenset({"updated_at", "created_at", "id"})
_LINKED = {"allegation": "officers or conduct", "matter": "client"}


# Columns as a person calls them (the rest: the column name in words).
_LABELS = {
    "date_start": "date",
    "date_end": "date",
    "date_precision": "date",
    "time_text": "time",
    "matter_id": "matter",
    "body": "text",
}


def _changed_fields(event: AuditEvent) -> list[str]:
    before = json.loads(event.before or "{}")
    after = json.loads(event.after or "{}")
    names = [
        _LABELS.get(name, name.replace("_", " "))
        for name in sorted(set(before) | set(after))
        if name not in _BOOKKEEPING and before.get(name) != after.get(name)
    ]
    return list(dict.fromkeys(names))


def check_version(
    session: Session,
    entity: str,
    entity_id: int,
    stored_version: int,
    expected_version: int | None,
    what: str,
) -> None:
    """Refuse the save when ``stored_version`` is not the one the editor started from."""
    if expected_version is None or stored_version == expected_version:
        return
    event = session.execute(
        select(AuditEvent)
        .where(
            AuditEvent.entity == entity,
            AuditEvent.entity_id == str(entity_id),
            AuditEvent.action == "update",
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if event is None:
        raise EditConflictError(
            f"{what} was changed by someone else after you opened it; reload it to see "
            "their change, then make yours again",
            entity=entity,
            entity_id=entity_id,
            current_version=stored_version,
        )
    # An edit of links alone (an allegation's officers or conduct) only touches updated_at.
    fields = _changed_fields(event) or [_LINKED.get(entity, "details")]
    when = event.at.replace(tzinfo=UTC).astimezone()
    raise EditConflictError(
        f"{what} was changed by {event.user} at {when:%H:%M} on {when:%Y-%m-%d} "
        f"({', '.join(fields)}) after you opened it; reload it to see their "
        "change, then make yours again",
        entity=entity,
        entity_id=entity_id,
        current_version=stored_version,
        changed_by=event.user,
    )


def keep_version(session: Session, row: Any, version: int) -> None:
    """Give a row put back by an undo the version it had when it was deleted.

    An insert starts every row at version 1; a restored record keeps counting from where
    it stopped, so an undo or redo that expects the version its window last saw still
    finds it. Called before the row's creation is audited, so the event holds it too."""
    session.flush()
    if row.version == version:
        return
    table = type(row).__table__
    session.execute(table.update().where(table.c.id == row.id).values(version=version))
    session.refresh(row, ["version"])
