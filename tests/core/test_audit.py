"""The hash-chained audit log."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from evidence_desk.core import audit, matters
from evidence_desk.core.errors import ConflictError
from evidence_desk.core.library import Library
from evidence_desk.core.model import AuditEvent

from .tampering import tamper

pytestmark = pytest.mark.databases


def _add_matter(library: Library, number: str = "2024-001") -> matters.MatterRecord:
    return matters.add_matter(
        library, matters.MatterInput(number, "People v. Doe", "Jane Doe", ("JJ",))
    )


def test_every_change_is_logged_with_user_and_before_after(library: Library) -> None:
    record = _add_matter(library)
    matters.update_matter(library, record.id, caption="People v. Roe")
    with library.read() as session:
        count, problem = audit.verify(session)
        events = (
            session.execute(select(AuditEvent).where(AuditEvent.entity == "matter")).scalars().all()
        )
        assert problem is None and count > 0
        assert [event.action for event in events] == ["create", "update"]
        update = events[1]
        assert update.user == library.user
        assert json.loads(update.before)["caption"] == "People v. Doe"
        assert json.loads(update.after)["caption"] == "People v. Roe"


def test_editing_an_audit_event_by_hand_is_found_and_named(library: Library) -> None:
    _add_matter(library)
    with library.read() as session:
        event_id = session.execute(
            select(AuditEvent.id).where(
                AuditEvent.entity == "matter", AuditEvent.action == "create"
            )
        ).scalar_one()
    tamper(
        library,
        "UPDATE audit_event SET after = replace(after, 'People v. Doe', 'People v. X') WHERE id=?",
        event_id,
    )
    with library.read() as session:
        _count, problem = audit.verify(session)
    assert problem is not None
    assert problem.event_id == event_id
    assert f"audit event {event_id}" in problem.message


def test_editing_a_data_row_by_hand_is_found(library: Library) -> None:
    record = _add_matter(library)
    tamper(library, "UPDATE matter SET caption = 'Tampered' WHERE id = ?", record.id)
    with library.read() as session:
        _count, problem = audit.verify(session)
    assert problem is not None
    assert problem.entity == "matter" and problem.entity_id == str(record.id)
    assert "edited outside Evidence Desk" in problem.message


def test_deleting_an_event_breaks_the_chain(library: Library) -> None:
    _add_matter(library)
    _add_matter(library, "2024-002")
    with library.read() as session:
        middle = session.execute(
            select(AuditEvent.id).order_by(AuditEvent.id).limit(1).offset(5)
        ).scalar_one()
    tamper(library, "DELETE FROM audit_event WHERE id = ?", middle)
    with library.read() as session:
        _count, problem = audit.verify(session)
    assert problem is not None
    assert problem.event_id == middle + 1
    assert "does not follow" in problem.message


def test_a_failed_change_logs_nothing(library: Library) -> None:
    _add_matter(library)
    with library.read() as session:
        before = session.execute(select(func.count(AuditEvent.id))).scalar()
    with pytest.raises(ConflictError):
        _add_matter(library)  # duplicate file number
    with library.read() as session:
        after = session.execute(select(func.count(AuditEvent.id))).scalar()
    assert after == before
