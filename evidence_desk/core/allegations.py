"""Allegations: one alleged act, who did it, when, what, and the evidence for it.

An allegation belongs to one matter and names one or more officers from the shared
registry, each with a role. Its date keeps the precision the source gave. Conduct codes
come from the taxonomy. Every change is audited row by row (officer links and conduct
codes included) and returns what the GUI needs to undo it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from . import audit
from .citations import (
    CitationInput,
    PinpointSource,
    check_citation,
    citation_record,
    pinpoint_source,
    restore_in_session,
)
from .citations import store_citation as _store_citation
from .dates import PartialDate, from_stored, parse_partial_date
from .edit_versions import check_version, keep_version
from .errors import ConflictError, EvidenceDeskError, NotFoundError, ValidationError
from .library import Library
from .matters import find_matter
from .model import Allegation, AllegationConduct, AllegationOfficer, Matter, Officer, utc_now
from .officers import find_officer
from .records import AllegationOfficerRecord, AllegationRecord, MatterId
from .taxonomy import check_codes
from .vocabulary import ALLEGATION_SOURCES, ALLEGATION_STATUSES, OFFICER_ROLES, REPORTED_TO
from .wording import officer_words, quoted

__all__ = [
    "AllegationInput",
    "CitationInput",
    "OfficerLink",
    "add_allegation",
    "delete_allegation",
    "get_allegation",
    "input_from_record",
    "list_allegations",
    "restore_allegation",
    "update_allegation",
]

_ROLE_ORDER = {role: position for position, role in enumerate(OFFICER_ROLES)}


@dataclass(frozen=True, slots=True)
class OfficerLink:
    """An officer named in an allegation, and the part the source says he played."""

    officer_id: int
    role: str = "accused"


@dataclass(frozen=True, slots=True)
class AllegationInput:
    """What the user enters for an allegation. ``date`` is text: YYYY-MM-DD, YYYY-MM,
    YYYY, START..END or "unknown"."""

    matter_id: MatterId
    officers: tuple[OfficerLink, ...]
    date: str
    conduct: tuple[str, ...]
    summary: str
    narrative: str = ""
    time_text: str | None = None
    location: str | None = None
    command: str | None = None
    source: str = "client_statement"
    status: str = "alleged"
    reported_to: tuple[str, ...] = ()
    citations: tuple[CitationInput, ...] = ()


@dataclass(frozen=True, slots=True)
class _Checked:
    matter_id: MatterId
    officers: tuple[OfficerLink, ...]
    date: PartialDate
    conduct: tuple[str, ...]
    summary: str
    narrative: str
    time_text: str | None
    location: str | None
    command: str | None
    source: str
    status: str
    reported_to: tuple[str, ...]


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _check(session: Session, data: AllegationInput) -> _Checked:
    """Every rule an allegation keeps; raises before anything is written."""
    summary = (data.summary or "").strip()
    if not summary:
        raise ValidationError("an allegation needs a summary (one line saying what happened)")
    matter = find_matter(session, data.matter_id)
    if not data.officers:
        raise ValidationError(
            "an allegation names at least one officer (register an unidentified officer "
            "by description if the name is not known)"
        )
    seen: set[int] = set()
    officers: list[OfficerLink] = []
    for link in data.officers:
        if link.role not in OFFICER_ROLES:
            raise ValidationError(
                f"officer role {link.role!r} is not one of {', '.join(OFFICER_ROLES)}"
            )
        officer = find_officer(session, link.officer_id)
        if officer.merged_into_id is not None:
            survivor = officer_words(find_officer(session, officer.merged_into_id))
            raise ValidationError(
                f"{officer_words(officer)} was merged into {survivor}; name {survivor} instead"
            )
        if officer.id in seen:
            raise ValidationError(f"{officer_words(officer)} is named twice")
        seen.add(officer.id)
        officers.append(OfficerLink(officer.id, link.role))
    conduct = tuple(check_codes(session, list(data.conduct)))
    when = parse_partial_date(data.date, what="allegation date")
    if data.source not in ALLEGATION_SOURCES:
        raise ValidationError(
            f"source {data.source!r} is not one of {', '.join(ALLEGATION_SOURCES)}"
        )
    if data.status not in ALLEGATION_STATUSES:
        raise ValidationError(
            f"status {data.status!r} is not one of {', '.join(ALLEGATION_STATUSES)}"
        )
    reported_to = tuple(dict.fromkeys(item.strip().lower() for item in data.reported_to))
    for item in reported_to:
        if item not in REPORTED_TO:
            raise ValidationError(f"reported-to {item!r} is not one of {', '.join(REPORTED_TO)}")
    if "none" in reported_to and len(reported_to) > 1:
        raise ValidationError("reported-to 'none' cannot be combined with a body it went to")
    time_text = _clean(data.time_text)
    if time_text is not None and len(time_text) > 20:
        raise ValidationError(f"time {time_text!r} is longer than 20 characters (try 23:15)")
    command = _clean(data.command)
    if command is not None and len(command) > 200:
        raise ValidationError("the command/precinct is longer than 200 characters")
    return _Checked(
        matter_id=MatterId(matter.id),
        officers=tuple(officers),
        date=when,
        conduct=conduct,
        summary=summary,
        narrative=data.narrative or "",
        time_text=time_text,
        location=_clean(data.location),
        command=command,
        source=data.source,
        status=data.status,
        reported_to=reported_to,
    )


def _load(session: Session, allegation_id: int) -> Allegation:
    allegation = session.execute(
        select(Allegation)
        .where(Allegation.id == allegation_id)
        .options(
            selectinload(Allegation.matter),
            selectinload(Allegation.officers).selectinload(AllegationOfficer.officer),
            selectinload(Allegation.conduct),
            selectinload(Allegation.citations),
        )
    ).scalar_one_or_none()
    if allegation is None:
        raise NotFoundError(f"no allegation with id {allegation_id}")
    return allegation


def allegation_record(
    session: Session, allegation: Allegation, source: PinpointSource | None = None
) -> AllegationRecord:
    """The allegation as a record: officers (accused first), conduct codes and citations."""
    links = sorted(
        allegation.officers, key=lambda link: (_ROLE_ORDER.get(link.role, 99), link.officer_id)
    )
    pinpoints = source or pinpoint_source(session, allegation.citations)
    return AllegationRecord(
        id=allegation.id,
        matter_id=MatterId(allegation.matter_id),
        matter_file_number=allegation.matter.file_number,
        date=from_stored(allegation.date_precision, allegation.date_start, allegation.date_end),
        time_text=allegation.time_text,
        location=allegation.location,
        command=allegation.command,
        summary=allegation.summary,
        narrative=allegation.narrative,
        source=allegation.source,
        status=allegation.status,
        reported_to=tuple(allegation.reported_to or ()),
        created_at=allegation.created_at,
        updated_at=allegation.updated_at,
        created_by=allegation.created_by,
        version=allegation.version,
        officers=tuple(
            AllegationOfficerRecord(link.officer_id, link.officer.name, link.role) for link in links
        ),
        conduct=tuple(sorted(row.conduct_code for row in allegation.conduct)),
        citations=tuple(citation_record(session, row, pinpoints) for row in allegation.citations),
    )


def _fresh_record(session: Session, allegation_id: int) -> AllegationRecord:
    session.flush()
    session.expire_all()
    return allegation_record(session, _load(session, allegation_id))


def _apply_columns(allegation: Allegation, checked: _Checked) -> None:
    allegation.matter_id = checked.matter_id
    allegation.date_precision = checked.date.precision
    allegation.date_start = checked.date.start
    allegation.date_end = checked.date.end
    allegation.time_text = checked.time_text
    allegation.location = checked.location
    allegation.command = checked.command
    allegation.summary = checked.summary
    allegation.narrative = checked.narrative
    allegation.source = checked.source
    allegation.status = checked.status
    allegation.reported_to = list(checked.reported_to)


def _add_link(session: Session, allegation_id: int, officer_id: int, role: str) -> None:
    row = AllegationOfficer(allegation_id=allegation_id, officer_id=officer_id, role=role)
    session.add(row)
    audit.record_create(session, row)


def _add_conduct(session: Session, allegation_id: int, code: str) -> None:
    row = AllegationConduct(allegation_id=allegation_id, conduct_code=code)
    session.add(row)
    audit.record_create(session, row)


def add_allegation(library: Library, data: AllegationInput) -> AllegationRecord:
    """Record an allegation with its officers, conduct and citations, all or nothing."""
    with library.write() as session:
        checked = _check(session, data)
        citations = [check_citation(session, checked.matter_id, item) for item in data.citations]
        allegation = Allegation(created_by=library.user)
        _apply_columns(allegation, checked)
        session.add(allegation)
        audit.record_create(session, allegation)
        for link in checked.officers:
            _add_link(session, allegation.id, link.officer_id, link.role)
        for code in checked.conduct:
            _add_conduct(session, allegation.id, code)
        for citation in citations:
            _store_citation(session, allegation.id, citation)
        return _fresh_record(session, allegation.id)


def check_citations(
    library: Library, matter_id: MatterId, items: Sequence[CitationInput]
) -> tuple[str | None, ...]:
    """What is wrong with each citation of the matter's evidence (None where nothing is).

    The same checks ``add_allegation`` makes (the page exists, the quote is on it), without
    storing anything, so an editor can say which citation is refused before saving.
    """
    problems: list[str | None] = []
    with library.read() as session:
        found = find_matter(session, matter_id).id
        for item in items:
            try:
                check_citation(session, found, item, storing=False)
            except EvidenceDeskError as error:
                problems.append(str(error))
            else:
                problems.append(None)
    return tuple(problems)


def update_allegation(
    library: Library,
    allegation_id: int,
    data: AllegationInput,
    *,
    add_citations: Sequence[CitationInput] = (),
    remove_citations: Sequence[int] = (),
    expected_version: int | None = None,
) -> tuple[AllegationRecord, AllegationRecord]:
    """Replace an allegation's details, officers and conduct; returns (before, after).

    Citations in ``data`` are ignored: citations have their own calls
    (``add_citation``/``remove_citation``), or are named in ``add_citations`` and
    ``remove_citations`` to change them in the same transaction (all or nothing). Undo
    of a details-only edit is this same call with the "before" record's values.

    ``expected_version`` is the version the editor started from: a save over another
    person's later change is refused (``edit_versions``).
    """
    with library.write() as session:
        allegation = _load(session, allegation_id)
        check_version(
            session,
            "allegation",
            allegation.id,
            allegation.version,
            expected_version,
            f"allegation {allegation.id} (“{allegation.summary}”)",
        )
        before_record = allegation_record(session, allegation)
        checked = _check(session, data)
        if checked.matter_id != allegation.matter_id and allegation.citations:
            raise ConflictError(
                f"the allegation {quoted(allegation.summary)} cites evidence of its matter; "
                "remove the citations before moving it to another matter"
            )
        own_citations = {row.id: row for row in allegation.citations}
        for citation_id in remove_citations:
            if citation_id not in own_citations:
                raise NotFoundError(
                    f"the allegation {quoted(allegation.summary)} has no citation with id "
                    f"{citation_id}"
                )
        new_citations = [check_citation(session, checked.matter_id, item) for item in add_citations]
        before = audit.snapshot(allegation)
        _apply_columns(allegation, checked)
        wanted = {link.officer_id: link.role for link in checked.officers}
        changed = False
        for link in list(allegation.officers):
            if link.officer_id not in wanted:
                audit.record_delete(session, link)
                allegation.officers.remove(link)
                session.delete(link)
                changed = True
            elif link.role != wanted[link.officer_id]:
                link_before = audit.snapshot(link)
                link.role = wanted[link.officer_id]
                audit.record_update(session, link, link_before)
                changed = True
        session.flush()
        present = {link.officer_id for link in allegation.officers}
        for officer_id, role in wanted.items():
            if officer_id not in present:
                _add_link(session, allegation.id, officer_id, role)
                changed = True
        codes = set(checked.conduct)
        for row in list(allegation.conduct):
            if row.conduct_code not in codes:
                audit.record_delete(session, row)
                allegation.conduct.remove(row)
                session.delete(row)
                changed = True
        session.flush()
        present_codes = {row.conduct_code for row in allegation.conduct}
        for code in checked.conduct:
            if code not in present_codes:
                _add_conduct(session, allegation.id, code)
                changed = True
        for citation_id in dict.fromkeys(remove_citations):
            row = own_citations[citation_id]
            audit.record_delete(session, row)
            allegation.citations.remove(row)
            session.delete(row)
        for citation in new_citations:
            _store_citation(session, allegation.id, citation)
        if changed:
            allegation.updated_at = utc_now()  # links changed: the allegation did too
        audit.record_update(session, allegation, before)
        return before_record, _fresh_record(session, allegation.id)


def delete_allegation(library: Library, allegation_id: int) -> AllegationRecord:
    """Delete an allegation with its links and citations; the record restores it all."""
    with library.write() as session:
        allegation = _load(session, allegation_id)
        record = allegation_record(session, allegation)
        for citation in allegation.citations:
            audit.record_delete(session, citation)
        for link in allegation.officers:
            audit.record_delete(session, link)
        for row in allegation.conduct:
            audit.record_delete(session, row)
        audit.record_delete(session, allegation)
        session.delete(allegation)
        return record


def restore_allegation(library: Library, record: AllegationRecord) -> AllegationRecord:
    """Undo of ``delete_allegation``: the same id, officers, conduct and citations."""
    with library.write() as session:
        if session.get(Allegation, record.id) is not None:
            raise ConflictError(f"the allegation {quoted(record.summary)} is already there")
        if session.get(Matter, record.matter_id) is None:
            raise ConflictError(
                f"the allegation {quoted(record.summary)} cannot come back: matter "
                f"{record.matter_file_number} is gone"
            )
        for link in record.officers:
            if session.get(Officer, link.officer_id) is None:
                raise ConflictError(
                    f"the allegation {quoted(record.summary)} cannot come back: "
                    f"{link.officer_name} is no longer in the registry"
                )
        allegation = Allegation(
            id=record.id,
            matter_id=record.matter_id,
            date_precision=record.date.precision,
            date_start=record.date.start,
            date_end=record.date.end,
            time_text=record.time_text,
            location=record.location,
            command=record.command,
            summary=record.summary,
            narrative=record.narrative,
            source=record.source,
            status=record.status,
            reported_to=list(record.reported_to),
            created_at=record.created_at,
            updated_at=record.updated_at,
            created_by=record.created_by,
        )
        session.add(allegation)
        keep_version(session, allegation, record.version)
        audit.record_create(session, allegation)
        for link in record.officers:
            _add_link(session, record.id, link.officer_id, link.role)
        for code in record.conduct:
            _add_conduct(session, record.id, code)
        for citation in record.citations:
            restore_in_session(session, citation, record.matter_id)
        return _fresh_record(session, record.id)


def get_allegation(library: Library, allegation_id: int) -> AllegationRecord:
    with library.read() as session:
        return allegation_record(session, _load(session, allegation_id))


def list_allegations(
    library: Library,
    *,
    matter_id: MatterId | None = None,
    officer: int | None = None,
) -> list[AllegationRecord]:
    """Allegations in date order (undated last), optionally of one matter or one officer."""
    with library.read() as session:
        query = select(Allegation).options(
            selectinload(Allegation.matter),
            selectinload(Allegation.officers).selectinload(AllegationOfficer.officer),
            selectinload(Allegation.conduct),
            selectinload(Allegation.citations),
        )
        if matter_id is not None:
            query = query.where(Allegation.matter_id == find_matter(session, matter_id).id)
        if officer is not None:
            officer_row = find_officer(session, officer)
            query = query.where(
                Allegation.id.in_(
                    select(AllegationOfficer.allegation_id).where(
                        AllegationOfficer.officer_id == officer_row.id
                    )
                )
            )
        rows = session.execute(query).scalars().all()
        rows = sorted(
            rows,
            key=lambda row: (
                row.date_start is None,
                row.date_start or date.min,
                row.date_end or date.min,
                row.id,
            ),
        )
        return _records(session, rows)


def allegation_records(session: Session, ids: Sequence[int]) -> list[AllegationRecord]:
    """The records of allegations ``ids``, in that order (ids not found are left out)."""
    rows = {
        row.id: row
        for row in session.execute(
            select(Allegation)
            .where(Allegation.id.in_(ids))
            .options(
                selectinload(Allegation.matter),
                selectinload(Allegation.officers).selectinload(AllegationOfficer.officer),
                selectinload(Allegation.conduct),
                selectinload(Allegation.citations),
            )
        ).scalars()
    }
    return _records(session, [rows[item] for item in ids if item in rows])


def _records(session: Session, rows: Sequence[Allegation]) -> list[AllegationRecord]:
    """Records of many allegations, their pinpoints read in a few queries for all."""
    source = pinpoint_source(session, [row for item in rows for row in item.citations])
    return [allegation_record(session, row, source) for row in rows]


def input_from_record(record: AllegationRecord) -> AllegationInput:
    """The input that reproduces a stored allegation: the start of an edit, and the undo
    of one (``update_allegation(library, id, input_from_record(before))``)."""
    return AllegationInput(
        matter_id=record.matter_id,
        officers=tuple(OfficerLink(link.officer_id, link.role) for link in record.officers),
        date=record.date.text(),
        conduct=record.conduct,
        summary=record.summary,
        narrative=record.narrative,
        time_text=record.time_text,
        location=record.location,
        command=record.command,
        source=record.source,
        status=record.status,
        reported_to=record.reported_to,
    )
