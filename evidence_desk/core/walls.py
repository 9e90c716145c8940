"""Ethical walls: a restricted matter is seen by its team and nobody else.

Office mode only. Restricting a matter names its team: database roles, each a person or a
group role standing for several. The PostgreSQL server enforces the wall with row-level
security (migration ``0009_office_mode``) on every table in ``WALLED_TABLES``: to anyone off
the team the matter, its client, documents, pages, OCR data, officer mentions, notes,
allegations, citations, passage releases and audit events do not exist, whether they use
Evidence Desk or ``psql``.
The matter's folder on the shared drive needs the file server's own permissions too: the
database cannot guard files.

Whoever restricts a matter must be on its team (a wall that left out the person raising it
would hide the matter from them mid-way); anyone on the team may change the team or lift the
wall. Pattern counts still see that walled allegations exist (``patterns``), never what they
say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from . import audit
from .errors import ValidationError
from .library import Library
from .matters import find_matter
from .model import Matter, MatterRestriction, MatterTeamMember
from .office_roles import check_role_name
from .records import MatterId

# Every table holding a matter's data; each has a row-level security policy on the server.
WALLED_TABLES = (
    "matter",
    "client",
    "client_identifier",
    "document",
    "document_tag",
    "page",
    "page_ocr",
    "note",
    "mention",
    "mention_scan",
    "mention_decision",
    "allegation",
    "allegation_officer",
    "allegation_conduct",
    "citation",
    "passage_release",
    "audit_event",
    "matter_restriction",
    "matter_team",
)


@dataclass(frozen=True, slots=True)
class WallRecord:
    """A matter's wall: restricted or not, and who is on its team."""

    matter_id: MatterId
    file_number: str
    restricted: bool
    team: tuple[str, ...] = ()
    restricted_by: str | None = None
    restricted_at: datetime | None = None


def _office_only(library: Library) -> None:
    if library.is_embedded:
        raise ValidationError(
            "ethical walls are for an office library on a PostgreSQL server; a library on "
            "this computer is already private to your account"
        )


def _wall(session: Session, matter_id: MatterId, file_number: str) -> WallRecord:
    restriction = session.get(MatterRestriction, matter_id)
    if restriction is None:
        return WallRecord(matter_id, file_number, False)
    team = session.execute(
        select(MatterTeamMember.member)
        .where(MatterTeamMember.matter_id == matter_id)
        .order_by(MatterTeamMember.member)
    ).scalars()
    return WallRecord(
        matter_id,
        file_number,
        True,
        tuple(team),
        restriction.restricted_by,
        restriction.restricted_at,
    )


def matter_wall(library: Library, matter_id: MatterId) -> WallRecord:
    """The wall around a matter (``restricted`` False on an embedded library)."""
    with library.read() as session:
        matter = find_matter(session, matter_id)
        if library.is_embedded:
            return WallRecord(MatterId(matter.id), matter.file_number, False)
        return _wall(session, MatterId(matter.id), matter.file_number)


def restricted_matters(library: Library) -> dict[MatterId, WallRecord]:
    """Every restricted matter this person can see (they are on its team), by id."""
    if library.is_embedded:
        return {}
    with library.read() as session:
        rows = session.execute(select(MatterRestriction.matter_id)).scalars().all()
        numbers = dict(
            session.execute(select(Matter.id, Matter.file_number).where(Matter.id.in_(rows)))
        )
        return {
            MatterId(matter_id): _wall(
                session, MatterId(matter_id), numbers.get(matter_id, str(matter_id))
            )
            for matter_id in rows
        }


def _checked_team(session: Session, team: Sequence[str]) -> list[str]:
    names = list(dict.fromkeys(check_role_name(name, "a team member") for name in team))
    if not names:
        raise ValidationError("a restricted matter needs a team: name at least one person")
    known = set(
        session.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:names)"), {"names": names}
        ).scalars()
    )
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValidationError(
            f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not a database role "
            "on this server (the administrator adds people with 'evidence-desk office add-user')"
        )
    on_team = session.execute(
        text(
            "SELECT bool_or(pg_has_role(session_user, g.oid, 'MEMBER')) FROM pg_roles g "
            "WHERE g.rolname = ANY(:names)"
        ),
        {"names": names},
    ).scalar()
    if not on_team:
        raise ValidationError(
            "you would not be on the team, so the matter would vanish for you too: add "
            "yourself, or ask someone on the team to restrict it"
        )
    return names


def restrict_matter(library: Library, matter_id: MatterId, team: Sequence[str]) -> WallRecord:
    """Wall a matter off for everyone but ``team`` (or change the team of a walled one)."""
    _office_only(library)
    with library.write() as session:
        matter = find_matter(session, matter_id)
        names = _checked_team(session, team)
        current = {
            row.member: row
            for row in session.execute(
                select(MatterTeamMember).where(MatterTeamMember.matter_id == matter.id)
            ).scalars()
        }
        # New members first: the person restricting must never drop out of sight mid-way.
        for name in names:
            if name not in current:
                member = MatterTeamMember(matter_id=matter.id, member=name)
                session.add(member)
                audit.record_create(session, member)
        restriction = session.get(MatterRestriction, matter.id)
        if restriction is None:
            restriction = MatterRestriction(matter_id=matter.id, restricted_by=library.user)
            session.add(restriction)
            audit.record_create(session, restriction)
        for name, row in current.items():
            if name not in names:
                audit.record_delete(session, row)
                session.delete(row)
        session.flush()
        return _wall(session, MatterId(matter.id), matter.file_number)


def unrestrict_matter(library: Library, matter_id: MatterId) -> WallRecord:
    """Lift a matter's wall (only its team can see it to do so); returns the wall it had."""
    _office_only(library)
    with library.write() as session:
        matter = find_matter(session, matter_id)
        before = _wall(session, MatterId(matter.id), matter.file_number)
        if not before.restricted:
            raise ValidationError(f"matter {matter.file_number} is not restricted")
        restriction = session.get(MatterRestriction, matter.id)
        audit.record_delete(session, restriction)
        session.delete(restriction)
        session.flush()
        for row in session.execute(
            select(MatterTeamMember).where(MatterTeamMember.matter_id == matter.id)
        ).scalars():
            audit.record_delete(session, row)
            session.delete(row)
        return before
