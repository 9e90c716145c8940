"""The officer registry, shared by all matters: officers, identifiers over time, aliases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session, selectinload

from . import audit
from .errors import NotFoundError, ValidationError
from .library import Library
from .model import Allegation, AllegationOfficer, Officer, OfficerAlias, OfficerIdentifier
from .records import OfficerAliasRecord, OfficerIdentifierRecord, OfficerRecord
from .vocabulary import OFFICER_IDENTIFIER_KINDS


@dataclass(frozen=True, slots=True)
class IdentifierInput:
    kind: str
    value: str
    valid_from: date | None = None
    valid_to: date | None = None


def normalise_identifier(value: str) -> str:
    """Identifiers compare without spaces, '#' and leading zeros ("UC #0214" ~ "214")."""
    cleaned = "".join(ch for ch in value if ch.isalnum()).upper()
    stripped = cleaned.lstrip("0")
    return stripped or cleaned[:1]


def officer_record(
    officer: Officer, *, allegation_count: int = 0, matter_count: int = 0
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


def find_officer(session: Session, officer_id: int | str) -> Officer:
    text = str(officer_id).strip()
    if not text.isdigit():
        raise ValidationError(f"an officer is named by its id (a number), not {text!r}")
    officer = session.execute(
        select(Officer)
        .where(Officer.id == int(text))
        .options(selectinload(Officer.identifiers), selectinload(Officer.aliases))
    ).scalar_one_or_none()
    if officer is None:
        raise NotFoundError(f"no officer with id {text}")
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
) -> OfficerRecord:
    """Register an officer; ``name`` may be a description for an unidentified officer."""
    name = name.strip()
    if not name and not (description or "").strip():
        raise ValidationError("an officer needs a name or a description")
    checked = [_check_identifier(item) for item in identifiers]
    with library.write() as session:
        officer = Officer(
            name=name or "Unidentified officer",
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


def _counts(session: Session) -> dict[int, tuple[int, int]]:
    rows = session.execute(
        select(
            AllegationOfficer.officer_id,
            func.count(distinct(AllegationOfficer.allegation_id)),
            func.count(distinct(Allegation.matter_id)),
        )
        .join(Allegation, Allegation.id == AllegationOfficer.allegation_id)
        .group_by(AllegationOfficer.officer_id)
    )
    return {officer_id: (allegations, matters) for officer_id, allegations, matters in rows}


def list_officers(library: Library, *, include_merged: bool = False) -> list[OfficerRecord]:
    """All officers with their allegation and matter counts, by name."""
    with library.read() as session:
        query = (
            select(Officer)
            .options(selectinload(Officer.identifiers), selectinload(Officer.aliases))
            .order_by(func.lower(Officer.name), Officer.id)
        )
        if not include_merged:
            query = query.where(Officer.merged_into_id.is_(None))
        counts = _counts(session)
        return [
            officer_record(
                officer,
                allegation_count=counts.get(officer.id, (0, 0))[0],
                matter_count=counts.get(officer.id, (0, 0))[1],
            )
            for officer in session.execute(query).scalars()
        ]


def get_officer(library: Library, officer_id: int | str) -> OfficerRecord:
    with library.read() as session:
        officer = find_officer(session, officer_id)
        allegations, matters = _counts(session).get(officer.id, (0, 0))
        return officer_record(officer, allegation_count=allegations, matter_count=matters)
