"""The officer registry, shared by all matters: officers, identifiers over time, aliases.

Officers are never merged automatically: ``suggest`` (in ``matching``) proposes, a person
decides, and ``merge_officers`` keeps a snapshot of everything it moved so that
``unmerge_officer`` can put the registry back exactly as it was.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.orm import Session, object_session, selectinload

from . import audit
from .edit_versions import check_version, keep_version
from .errors import ConflictError, NotFoundError, ValidationError
from .library import Library
from .model import (
    Allegation,
    AllegationOfficer,
    Officer,
    OfficerAlias,
    OfficerIdentifier,
    OfficerMerge,
    PublicRecord,
    RosterEntry,
    utc_now,
)
from .records import OfficerAliasRecord, OfficerIdentifierRecord, OfficerRecord, checked_id
from .vocabulary import OFFICER_IDENTIFIER_KINDS
from .wording import officer_words, quoted

if TYPE_CHECKING:
    from .matching import OfficerSuggestion


UNIDENTIFIED_NAME = "Unidentified officer"  # the name of an officer known only by description


@dataclass(frozen=True, slots=True)
class IdentifierInput:
    kind: str
    value: str
    valid_from: date | None = None
    valid_to: date | None = None


_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")


def normalise_identifier(value: str) -> str:
    """Identifiers compare without spaces, '#' and leading zeros ("UC #0214" ~ "214")."""
    cleaned = (value if value.isalnum() else _NOT_ALPHANUMERIC.sub("", value)).upper()
    stripped = cleaned.lstrip("0")
    return stripped or cleaned[:1]


def officer_record(
    officer: Officer,
    *,
    allegation_count: int = 0,
    matter_count: int = 0,
    public_record_count: int = 0,
) -> OfficerRecord:
    return OfficerRecord(
        id=officer.id,
        name=officer.name,
        rank=officer.rank,
        command=officer.command,
        agency=officer.agency,
        description=officer.description,
        merged_into_id=officer.merged_into_id,
        created_at=officer.created_at,
        updated_at=officer.updated_at,
        identifiers=tuple(
            OfficerIdentifierRecord(
                item.id, item.officer_id, item.kind, item.value, item.valid_from, item.valid_to
            )
            for item in officer.identifiers
        ),
        aliases=tuple(
            OfficerAliasRecord(item.id, item.officer_id, item.text, item.source)
            for item in officer.aliases
        ),
        allegation_count=allegation_count,
        matter_count=matter_count,
        public_record_count=public_record_count,
        version=officer.version,
    )


def _check_identifier(item: IdentifierInput) -> IdentifierInput:
    if item.kind not in OFFICER_IDENTIFIER_KINDS:
        raise ValidationError(
            f"identifier kind {item.kind!r} is not one of {', '.join(OFFICER_IDENTIFIER_KINDS)}"
        )
    value = item.value.strip().lstrip("#").strip()
    if not value:
        raise ValidationError(f"the {OFFICER_IDENTIFIER_KINDS[item.kind]} needs a value")
    if item.valid_from and item.valid_to and item.valid_to < item.valid_from:
        raise ValidationError(f"identifier {value}: valid-to date is before valid-from date")
    return IdentifierInput(item.kind, value, item.valid_from, item.valid_to)


def find_officer(session: Session, officer_id: int) -> Officer:
    wanted = checked_id(officer_id, "officer")
    officer = session.execute(
        select(Officer)
        .where(Officer.id == wanted)
        .options(selectinload(Officer.identifiers), selectinload(Officer.aliases))
    ).scalar_one_or_none()
    if officer is None:
        raise NotFoundError(f"no officer with id {wanted}")
    return officer


def add_officer(
    library: Library,
    name: str,
    *,
    rank: str | None = None,
    command: str | None = None,
    agency: str | None = None,
    description: str | None = None,
    identifiers: list[IdentifierInput] | tuple[IdentifierInput, ...] = (),
    aliases: list[str] | tuple[str, ...] = (),
    force: bool = False,
) -> OfficerRecord:
    """Register an officer; ``name`` may be a description for an unidentified officer.

    Refused (``DuplicateOfficerError``) when the registry already holds him: the same
    career-long identifier, a shield or UC number with the same name, or, with no
    identifier at all, the same name. ``force`` registers him anyway.
    """
    name = name.strip()
    if not name and not (description or "").strip():
        raise ValidationError("an officer needs a name or a description")
    checked = [_check_identifier(item) for item in identifiers]
    with library.write() as session:
        if not force and name:
            _refuse_duplicate(session, name, [(item.kind, item.value) for item in checked])
        officer = Officer(
            name=name or UNIDENTIFIED_NAME,
            rank=(rank or "").strip() or None,
            command=(command or "").strip() or None,
            agency=(agency or "").strip() or None,
            description=(description or "").strip() or None,
        )
        session.add(officer)
        audit.record_create(session, officer)
        for item in checked:
            row = OfficerIdentifier(
                officer=officer,
                kind=item.kind,
                value=item.value,
                valid_from=item.valid_from,
                valid_to=item.valid_to,
            )
            session.add(row)
            audit.record_create(session, row)
        for text in aliases:
            if text.strip():
                alias = OfficerAlias(officer=officer, text=text.strip())
                session.add(alias)
                audit.record_create(session, alias)
        session.refresh(officer, ["identifiers", "aliases"])
        return officer_record(officer)


class DuplicateOfficerError(ConflictError):
    """The officer being registered is (or may be) one the registry already holds."""

    def __init__(self, message: str, officer_ids: tuple[int, ...]) -> None:
        super().__init__(message)
        self.officer_ids = officer_ids


def _refuse_duplicate(session: Session, name: str, identifiers: list[tuple[str, str]]) -> None:
    from .identity import find_registered

    resolution = find_registered(session, name, identifiers)
    if resolution.status == "found" and resolution.key is not None:
        existing = find_officer(session, resolution.key)
        raise DuplicateOfficerError(
            f"officer {existing.id} ({existing.name}) is already registered with "
            f"{resolution.reason}; use that officer, or register anyway if this is another "
            "person",
            (existing.id,),
        )
    if resolution.status == "ambiguous":
        raise DuplicateOfficerError(
            f"the registry may already hold this officer: {resolution.reason}; "
            "register anyway if this is another person",
            resolution.candidates,
        )


def _counts(session: Session, officer_id: int | None = None) -> dict[int, tuple[int, int]]:
    """(allegations, matters) per officer: every officer's, or only ``officer_id``'s."""
    query = (
        select(
            AllegationOfficer.officer_id,
            func.count(distinct(AllegationOfficer.allegation_id)),
            func.count(distinct(Allegation.matter_id)),
        )
        .join(Allegation, Allegation.id == AllegationOfficer.allegation_id)
        .group_by(AllegationOfficer.officer_id)
    )
    if officer_id is not None:
        query = query.where(AllegationOfficer.officer_id == officer_id)
    rows = session.execute(query)
    return {officer_id: (allegations, matters) for officer_id, allegations, matters in rows}


def _public_counts(session: Session, officer_id: int | None = None) -> dict[int, int]:
    query = select(PublicRecord.officer_id, func.count()).group_by(PublicRecord.officer_id)
    if officer_id is not None:
        query = query.where(PublicRecord.officer_id == officer_id)
    return {owner: count for owner, count in session.execute(query)}


def officer_count(library: Library) -> int:
    """How many officers the registry holds (merged ones included): cheap."""
    with library.read() as session:
        return int(session.execute(select(func.count()).select_from(Officer)).scalar_one())


def list_officers(library: Library, *, include_merged: bool = False) -> list[OfficerRecord]:
    """All officers with their allegation, matter and public record counts, by name.

    Read column by column rather than as ORM objects: a registry holds a whole police
    force's roster (tens of thousands of officers), and the registry window lists them all.
    """
    with library.read() as session:
        query = select(
            Officer.id,
            Officer.name,
            Officer.rank,
            Officer.command,
            Officer.agency,
            Officer.description,
            Officer.merged_into_id,
            Officer.created_at,
            Officer.updated_at,
            Officer.version,
        ).order_by(func.lower(Officer.name), Officer.id)
        if not include_merged:
            query = query.where(Officer.merged_into_id.is_(None))
        rows = session.execute(query).all()
        identifiers: dict[int, list[OfficerIdentifierRecord]] = {}
        for row in session.execute(
            select(
                OfficerIdentifier.id,
                OfficerIdentifier.officer_id,
                OfficerIdentifier.kind,
                OfficerIdentifier.value,
                OfficerIdentifier.valid_from,
                OfficerIdentifier.valid_to,
            ).order_by(OfficerIdentifier.id)
        ):
            identifiers.setdefault(row[1], []).append(OfficerIdentifierRecord(*row))
        aliases: dict[int, list[OfficerAliasRecord]] = {}
        for row in session.execute(
            select(
                OfficerAlias.id, OfficerAlias.officer_id, OfficerAlias.text, OfficerAlias.source
            ).order_by(OfficerAlias.id)
        ):
            aliases.setdefault(row[1], []).append(OfficerAliasRecord(*row))
        counts = _counts(session)
        public = _public_counts(session)
        return [
            OfficerRecord(
                *row[:-1],
                version=row.version,
                identifiers=tuple(identifiers.get(row[0], ())),
                aliases=tuple(aliases.get(row[0], ())),
                allegation_count=counts.get(row[0], (0, 0))[0],
                matter_count=counts.get(row[0], (0, 0))[1],
                public_record_count=public.get(row[0], 0),
            )
            for row in rows
        ]


def get_officer(library: Library, officer_id: int) -> OfficerRecord:
    with library.read() as session:
        officer = find_officer(session, officer_id)
        allegations, matters = _counts(session, officer.id).get(officer.id, (0, 0))
        return officer_record(
            officer,
            allegation_count=allegations,
            matter_count=matters,
            public_record_count=_public_counts(session, officer.id).get(officer.id, 0),
        )


def delete_officer(library: Library, officer_id: int) -> OfficerRecord:
    """Remove an officer registered by mistake (the undo of ``add_officer``).

    Refused while an allegation names the officer, an import brought public data about him,
    or a merge involves him: those are history, and merging is the way to fold a duplicate
    away.
    """
    with library.write() as session:
        officer = find_officer(session, officer_id)
        linked = session.execute(
            select(Allegation.summary)
            .join(AllegationOfficer, AllegationOfficer.allegation_id == Allegation.id)
            .where(AllegationOfficer.officer_id == officer.id)
            .limit(1)
        ).scalar_one_or_none()
        if linked is not None:
            raise ConflictError(
                f"{officer_words(officer)} is named in the allegation {quoted(linked)}; "
                "take the officer off it first"
            )
        for model, what in ((PublicRecord, "public records"), (RosterEntry, "a roster")):
            held = session.execute(
                select(model.id).where(model.officer_id == officer.id).limit(1)
            ).scalar_one_or_none()
            if held is not None:
                raise ConflictError(
                    f"officer {officer.id} has {what} from an import; merge him into another "
                    "officer instead of deleting him"
                )
        from .mentions import officer_mentioned

        mention = officer_mentioned(session, officer.id)
        if mention is not None:
            raise ConflictError(
                f"officer {officer.id} is named in a decision on mention {mention} in discovery; "
                "take that decision back first"
            )
        merged = session.execute(
            select(OfficerMerge.id)
            .where(
                or_(OfficerMerge.survivor_id == officer.id, OfficerMerge.merged_id == officer.id)
            )
            .limit(1)
        ).scalar_one_or_none()
        if merged is not None or officer.merged_into_id is not None:
            raise ConflictError(
                f"{officer_words(officer)} is part of a merge and cannot be deleted"
            )
        record = officer_record(officer)
        for row in [*officer.identifiers, *officer.aliases]:
            audit.record_delete(session, row)
        audit.record_delete(session, officer)
        session.delete(officer)
        return record


def restore_officer(library: Library, record: OfficerRecord) -> OfficerRecord:
    """Undo of ``delete_officer``: the same ids, identifiers, aliases and dates."""
    with library.write() as session:
        if session.get(Officer, record.id) is not None:
            raise ConflictError(f"{officer_words(record)} is already in the registry")
        officer = Officer(
            id=record.id,
            name=record.name,
            rank=record.rank,
            command=record.command,
            agency=record.agency,
            description=record.description,
            merged_into_id=record.merged_into_id,
            created_at=record.created_at,
            updated_at=record.updated_at,
        )
        session.add(officer)
        keep_version(session, officer, record.version)
        audit.record_create(session, officer)
        for item in record.identifiers:
            identifier = OfficerIdentifier(
                id=item.id,
                officer_id=officer.id,
                kind=item.kind,
                value=item.value,
                valid_from=item.valid_from,
                valid_to=item.valid_to,
            )
            session.add(identifier)
            audit.record_create(session, identifier)
        for item in record.aliases:
            alias = OfficerAlias(
                id=item.id, officer_id=officer.id, text=item.text, source=item.source
            )
            session.add(alias)
            audit.record_create(session, alias)
        return _record_with_counts(session, officer)


def _identifier_record(item: OfficerIdentifier) -> OfficerIdentifierRecord:
    return OfficerIdentifierRecord(
        item.id, item.officer_id, item.kind, item.value, item.valid_from, item.valid_to
    )


def _alias_record(item: OfficerAlias) -> OfficerAliasRecord:
    return OfficerAliasRecord(item.id, item.officer_id, item.text, item.source)


def _live_officer(session: Session, officer_id: int) -> Officer:
    """An officer that has not been merged away: changes go to the survivor instead."""
    officer = find_officer(session, officer_id)
    if officer.merged_into_id is not None:
        survivor = officer_words(find_officer(session, officer.merged_into_id))
        raise ConflictError(
            f"{officer_words(officer)} was merged into {survivor}; "
            f"change {survivor} or unmerge first"
        )
    return officer


def _record_with_counts(session: Session, officer: Officer) -> OfficerRecord:
    session.refresh(officer, ["identifiers", "aliases"])
    allegations, matters = _counts(session).get(officer.id, (0, 0))
    return officer_record(
        officer,
        allegation_count=allegations,
        matter_count=matters,
        public_record_count=_public_counts(session, officer.id).get(officer.id, 0),
    )


def update_officer(
    library: Library,
    officer_id: int,
    *,
    name: str | None = None,
    rank: str | None = None,
    command: str | None = None,
    agency: str | None = None,
    description: str | None = None,
    expected_version: int | None = None,
) -> tuple[OfficerRecord, OfficerRecord]:
    """Change an officer's details; ``None`` leaves a field, "" clears it. (before, after).

    ``expected_version``: the version the editor started from (see ``edit_versions``)."""
    if name is not None and not name.strip():
        raise ValidationError("an officer needs a name (or 'Unidentified officer')")
    with library.write() as session:
        officer = _live_officer(session, officer_id)
        check_version(
            session, "officer", officer.id, officer.version, expected_version, officer.name
        )
        before_record = _record_with_counts(session, officer)
        before = audit.snapshot(officer)
        if name is not None:
            officer.name = name.strip()
        for field_name, value in (
            ("rank", rank),
            ("command", command),
            ("agency", agency),
            ("description", description),
        ):
            if value is not None:
                setattr(officer, field_name, value.strip() or None)
        audit.record_update(session, officer, before)
        return before_record, _record_with_counts(session, officer)


def add_identifier(
    library: Library, officer_id: int, item: IdentifierInput
) -> OfficerIdentifierRecord:
    """Give an officer another identifier (a new shield after a promotion, a UC number...)."""
    checked = _check_identifier(item)
    with library.write() as session:
        officer = _live_officer(session, officer_id)
        for existing in officer.identifiers:
            if (
                existing.kind == checked.kind
                and normalise_identifier(existing.value) == normalise_identifier(checked.value)
                and existing.valid_from == checked.valid_from
                and existing.valid_to == checked.valid_to
            ):
                raise ConflictError(
                    f"{officer_words(officer)} already has "
                    f"{OFFICER_IDENTIFIER_KINDS[checked.kind]} {existing.value}"
                )
        row = OfficerIdentifier(
            officer_id=officer.id,
            kind=checked.kind,
            value=checked.value,
            valid_from=checked.valid_from,
            valid_to=checked.valid_to,
        )
        session.add(row)
        audit.record_create(session, row)
        return _identifier_record(row)


def remove_identifier(library: Library, identifier_id: int) -> OfficerIdentifierRecord:
    """Remove one identifier; the returned record lets the caller put it back (undo)."""
    with library.write() as session:
        row = session.get(OfficerIdentifier, identifier_id)
        if row is None:
            raise NotFoundError(f"no officer identifier with id {identifier_id}")
        record = _identifier_record(row)
        audit.record_delete(session, row)
        session.delete(row)
        return record


def restore_identifier(
    library: Library, record: OfficerIdentifierRecord
) -> OfficerIdentifierRecord:
    """Undo of ``remove_identifier``: the same row, id included."""
    with library.write() as session:
        _live_officer(session, record.officer_id)
        if session.get(OfficerIdentifier, record.id) is not None:
            raise ConflictError(f"the identifier {record.value} is already there")
        row = OfficerIdentifier(
            id=record.id,
            officer_id=record.officer_id,
            kind=record.kind,
            value=record.value,
            valid_from=record.valid_from,
            valid_to=record.valid_to,
        )
        session.add(row)
        audit.record_create(session, row)
        return _identifier_record(row)


def add_alias(
    library: Library, officer_id: int, text: str, source: str | None = None
) -> OfficerAliasRecord:
    """Record a spelling of the officer as a source wrote it ("P.O. Smyth")."""
    text = text.strip()
    if not text:
        raise ValidationError("an alias needs some text")
    with library.write() as session:
        officer = _live_officer(session, officer_id)
        if any(alias.text.casefold() == text.casefold() for alias in officer.aliases):
            raise ConflictError(f"{officer_words(officer)} already has the alias {text!r}")
        row = OfficerAlias(officer_id=officer.id, text=text, source=(source or "").strip() or None)
        session.add(row)
        audit.record_create(session, row)
        return _alias_record(row)


def remove_alias(library: Library, alias_id: int) -> OfficerAliasRecord:
    """Remove one alias; the returned record lets the caller put it back (undo)."""
    with library.write() as session:
        row = session.get(OfficerAlias, alias_id)
        if row is None:
            raise NotFoundError(f"no officer alias with id {alias_id}")
        record = _alias_record(row)
        audit.record_delete(session, row)
        session.delete(row)
        return record


def restore_alias(library: Library, record: OfficerAliasRecord) -> OfficerAliasRecord:
    """Undo of ``remove_alias``: the same row, id included."""
    with library.write() as session:
        _live_officer(session, record.officer_id)
        if session.get(OfficerAlias, record.id) is not None:
            raise ConflictError(f"the alias {record.text!r} is already there")
        row = OfficerAlias(
            id=record.id, officer_id=record.officer_id, text=record.text, source=record.source
        )
        session.add(row)
        audit.record_create(session, row)
        return _alias_record(row)


# -- merge and unmerge --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MergeRecord:
    """One merge of ``merged_id`` into ``survivor_id``; ``unmerged_at`` once undone."""

    id: int
    survivor_id: int
    merged_id: int
    reason: str
    merged_at: datetime
    merged_by: str
    unmerged_at: datetime | None
    survivor: str = ""  # the officers as messages name them: "P.O. John Smith (shield 4521)"
    merged: str = ""


@dataclass(frozen=True, slots=True)
class MergeConflict:
    """Two identifiers of the same kind, valid at the same time, with different values."""

    kind: str
    survivor_value: str
    merged_value: str
    message: str


def _merge_record(row: OfficerMerge) -> MergeRecord:
    session = object_session(row)
    assert session is not None
    return MergeRecord(
        id=row.id,
        survivor_id=row.survivor_id,
        merged_id=row.merged_id,
        reason=row.reason,
        merged_at=row.merged_at,
        merged_by=row.merged_by,
        unmerged_at=row.unmerged_at,
        survivor=officer_words(find_officer(session, row.survivor_id)),
        merged=officer_words(find_officer(session, row.merged_id)),
    )


def _period_text(item: OfficerIdentifier) -> str:
    if item.valid_from is None and item.valid_to is None:
        return "with no dates"
    return f"{item.valid_from or 'any time'} to {item.valid_to or 'now'}"


def _overlap(left: OfficerIdentifier, right: OfficerIdentifier) -> bool:
    """Do two validity periods share a day? An open end means "unbounded"."""
    left_start = left.valid_from or date.min
    left_end = left.valid_to or date.max
    right_start = right.valid_from or date.min
    right_end = right.valid_to or date.max
    return left_start <= right_end and right_start <= left_end


def _conflicts(survivor: Officer, other: Officer) -> list[MergeConflict]:
    conflicts: list[MergeConflict] = []
    for mine in survivor.identifiers:
        for theirs in other.identifiers:
            if mine.kind != theirs.kind:
                continue
            if normalise_identifier(mine.value) == normalise_identifier(theirs.value):
                continue
            if not _overlap(mine, theirs):
                continue
            label = OFFICER_IDENTIFIER_KINDS.get(mine.kind, mine.kind)
            conflicts.append(
                MergeConflict(
                    kind=mine.kind,
                    survivor_value=mine.value,
                    merged_value=theirs.value,
                    message=(
                        f"{label} {mine.value} of {officer_words(survivor)} "
                        f"({_period_text(mine)}) overlaps {label} {theirs.value} of "
                        f"{officer_words(other)} ({_period_text(theirs)})"
                    ),
                )
            )
    return conflicts


def _merge_pair(session: Session, keep_id: int, other_id: int) -> tuple[Officer, Officer]:
    survivor = _live_officer(session, keep_id)
    other = _live_officer(session, other_id)
    if survivor.id == other.id:
        raise ValidationError("an officer cannot be merged into itself")
    return survivor, other


def merge_conflicts(library: Library, keep_id: int, other_id: int) -> list[MergeConflict]:
    """Identifier clashes that make a merge doubtful (same kind, same time, other value)."""
    with library.read() as session:
        survivor, other = _merge_pair(session, keep_id, other_id)
        return _conflicts(survivor, other)


_FILLABLE_FIELDS = ("rank", "command", "agency", "description")


def merge_officers(
    library: Library,
    keep_id: int,
    other_id: int,
    *,
    reason: str = "",
    force: bool = False,
) -> MergeRecord:
    """Fold ``other`` into ``keep``: identifiers, aliases and allegation links move over.

    The merged officer stays in the registry (marked ``merged_into_id``) and everything
    moved is written to the merge's snapshot, so ``unmerge_officer`` can put each row back
    exactly. Conflicting identifiers refuse the merge unless ``force``.
    """
    with library.write() as session:
        survivor, other = _merge_pair(session, keep_id, other_id)
        conflicts = _conflicts(survivor, other)
        if conflicts and not force:
            details = "; ".join(conflict.message for conflict in conflicts)
            raise ConflictError(
                f"{officer_words(survivor)} and {officer_words(other)} have conflicting "
                f"identifiers ({details}); merge anyway with --force if they are the same person"
            )
        snapshot: dict[str, Any] = {
            "survivor": audit.snapshot(survivor),
            "merged": audit.snapshot(other),
            "identifiers": [],
            "aliases": [],
            "links_moved": [],
            "links_dropped": [],
            "alias_added": None,
        }
        for identifier in list(other.identifiers):
            before = audit.snapshot(identifier)
            snapshot["identifiers"].append(before)
            identifier.officer_id = survivor.id
            audit.record_update(session, identifier, before)
        for alias in list(other.aliases):
            before = audit.snapshot(alias)
            snapshot["aliases"].append(before)
            alias.officer_id = survivor.id
            audit.record_update(session, alias, before)
        for model, key in ((PublicRecord, "public_records"), (RosterEntry, "roster_entries")):
            # Public records and roster listings follow the officer; their ids are kept so
            # that unmerge can send each back.
            snapshot[key] = []
            for row in session.execute(
                select(model).where(model.officer_id == other.id).order_by(model.id)
            ).scalars():
                before = audit.snapshot(row)
                snapshot[key].append(row.id)
                row.officer_id = survivor.id
                audit.record_update(session, row, before)
        survivor_links = {
            link.allegation_id
            for link in session.execute(
                select(AllegationOfficer).where(AllegationOfficer.officer_id == survivor.id)
            ).scalars()
        }
        links = session.execute(
            select(AllegationOfficer).where(AllegationOfficer.officer_id == other.id)
        ).scalars()
        for link in list(links):
            row = audit.snapshot(link)
            audit.record_delete(session, link)
            session.delete(link)
            session.flush()
            if link.allegation_id in survivor_links:
                # The survivor is already on this allegation: keep its role, drop the copy.
                snapshot["links_dropped"].append(row)
                continue
            snapshot["links_moved"].append(row)
            moved = AllegationOfficer(
                allegation_id=link.allegation_id, officer_id=survivor.id, role=link.role
            )
            session.add(moved)
            audit.record_create(session, moved)
        session.flush()
        session.expire(other, ["identifiers", "aliases"])
        session.expire(survivor, ["identifiers", "aliases"])
        # Keep the merged officer's own name findable on the survivor.
        known_spellings = {survivor.name.casefold()} | {
            alias.text.casefold() for alias in survivor.aliases
        }
        if other.name != UNIDENTIFIED_NAME and other.name.casefold() not in known_spellings:
            alias = OfficerAlias(
                officer_id=survivor.id, text=other.name, source=f"merged {officer_words(other)}"
            )
            session.add(alias)
            audit.record_create(session, alias)
            snapshot["alias_added"] = alias.id
        survivor_before = audit.snapshot(survivor)
        filled = False
        for field_name in _FILLABLE_FIELDS:
            if getattr(survivor, field_name) is None and getattr(other, field_name) is not None:
                setattr(survivor, field_name, getattr(other, field_name))
                filled = True
        if filled:
            audit.record_update(session, survivor, survivor_before)
        other_before = audit.snapshot(other)
        other.merged_into_id = survivor.id
        audit.record_update(session, other, other_before)
        merge = OfficerMerge(
            survivor_id=survivor.id,
            merged_id=other.id,
            reason=reason.strip(),
            snapshot=json.dumps(snapshot, sort_keys=True),
            merged_by=library.user,
        )
        session.add(merge)
        audit.record_create(session, merge)
        return _merge_record(merge)


def _restore_columns(row: Any, values: dict[str, Any], columns: tuple[str, ...]) -> None:
    for column in columns:
        value = values[column]
        if column in {"created_at", "updated_at"} and value is not None:
            value = datetime.fromisoformat(value)
        setattr(row, column, value)


def unmerge_officer(library: Library, merge_id: int) -> tuple[OfficerRecord, OfficerRecord]:
    """Undo a merge: every moved row goes back, both officers as they were. Returns them.

    Rows added to the survivor after the merge stay with it; a moved row deleted since the
    merge cannot come back and is left out.
    """
    with library.write() as session:
        merge = session.get(OfficerMerge, merge_id)
        if merge is None:
            raise NotFoundError(f"no officer merge with id {merge_id}")
        if merge.unmerged_at is not None:
            raise ConflictError(f"that merge was already undone on {merge.unmerged_at:%Y-%m-%d}")
        survivor = find_officer(session, merge.survivor_id)
        merged = find_officer(session, merge.merged_id)
        if survivor.merged_into_id is not None:
            later = officer_words(find_officer(session, survivor.merged_into_id))
            raise ConflictError(
                f"{officer_words(survivor)} has since been merged into {later}; "
                "undo that merge first"
            )
        data = json.loads(merge.snapshot)
        session.expire(survivor, ["identifiers", "aliases"])
        for values in data["identifiers"]:
            row = session.get(OfficerIdentifier, values["id"])
            if row is not None and row.officer_id == survivor.id:
                before = audit.snapshot(row)
                row.officer_id = merged.id
                audit.record_update(session, row, before)
        for values in data["aliases"]:
            row = session.get(OfficerAlias, values["id"])
            if row is not None and row.officer_id == survivor.id:
                before = audit.snapshot(row)
                row.officer_id = merged.id
                audit.record_update(session, row, before)
        for model, key in ((PublicRecord, "public_records"), (RosterEntry, "roster_entries")):
            for row_id in data.get(key, []):  # merges made before public data have none
                row = session.get(model, row_id)
                if row is not None and row.officer_id == survivor.id:
                    before = audit.snapshot(row)
                    row.officer_id = merged.id
                    audit.record_update(session, row, before)
        if data["alias_added"] is not None:
            added = session.get(OfficerAlias, data["alias_added"])
            if added is not None:
                audit.record_delete(session, added)
                session.delete(added)
        for values in data["links_moved"]:
            moved = session.get(AllegationOfficer, (values["allegation_id"], survivor.id))
            if moved is None:
                continue  # the allegation or the link was removed since the merge
            audit.record_delete(session, moved)
            session.delete(moved)
            session.flush()
            restored = AllegationOfficer(
                allegation_id=values["allegation_id"], officer_id=merged.id, role=values["role"]
            )
            session.add(restored)
            audit.record_create(session, restored)
        for values in data["links_dropped"]:
            if session.get(Allegation, values["allegation_id"]) is None:
                continue
            restored = AllegationOfficer(
                allegation_id=values["allegation_id"], officer_id=merged.id, role=values["role"]
            )
            session.add(restored)
            audit.record_create(session, restored)
        session.flush()
        # Put both officer rows back as they were, timestamps included, so that the
        # registry reads exactly as before the merge.
        survivor_before = audit.snapshot(survivor)
        survivor_values = data["survivor"]
        for field_name in _FILLABLE_FIELDS:
            merged_value = data["merged"][field_name]
            if (
                survivor_values[field_name] is None
                and getattr(survivor, field_name) == merged_value
            ):
                setattr(survivor, field_name, None)
        current = audit.snapshot(survivor)
        if {**current, "updated_at": None} == {**survivor_values, "updated_at": None}:
            # Nothing else changed since the merge: the row is as it was, timestamp too.
            _restore_columns(survivor, survivor_values, ("updated_at",))
        audit.record_update(session, survivor, survivor_before)
        merged_before = audit.snapshot(merged)
        merged.merged_into_id = None
        _restore_columns(merged, data["merged"], ("updated_at",))
        audit.record_update(session, merged, merged_before)
        merge_before = audit.snapshot(merge)
        merge.unmerged_at = utc_now()
        audit.record_update(session, merge, merge_before)
        session.flush()
        return _record_with_counts(session, survivor), _record_with_counts(session, merged)


def latest_merge(library: Library, officer_id: int) -> MergeRecord:
    """The most recent merge, not yet undone, that folded ``officer_id`` into another
    (or, failing that, another officer into it): what ``officer unmerge OFFICER`` undoes."""
    with library.read() as session:
        officer = find_officer(session, officer_id)
        for column in (OfficerMerge.merged_id, OfficerMerge.survivor_id):
            row = session.execute(
                select(OfficerMerge)
                .where(column == officer.id, OfficerMerge.unmerged_at.is_(None))
                .order_by(OfficerMerge.id.desc())
                .limit(1)
            ).scalar_one_or_none()
            if row is not None:
                return _merge_record(row)
        raise NotFoundError(f"{officer_words(officer)} has no merge to undo")


def list_merges(library: Library, officer_id: int | None = None) -> list[MergeRecord]:
    """Merges (newest first), optionally only those involving one officer."""
    with library.read() as session:
        query = select(OfficerMerge).order_by(OfficerMerge.id.desc())
        if officer_id is not None:
            officer = find_officer(session, officer_id)
            query = query.where(
                or_(OfficerMerge.survivor_id == officer.id, OfficerMerge.merged_id == officer.id)
            )
        return [_merge_record(row) for row in session.execute(query).scalars()]


def suggest(
    library: Library, text: str, *, on_date: date | None = None, limit: int = 10
) -> list[OfficerSuggestion]:
    """Rank registered officers against what a source says; see ``matching.suggest``."""
    from .matching import suggest as _suggest

    return _suggest(library, text, on_date=on_date, limit=limit)
