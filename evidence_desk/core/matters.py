"""Matters and their clients: create, find, list, edit, close."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from . import audit
from .edit_versions import check_version, keep_version
from .errors import ConflictError, NotFoundError, ValidationError
from .library import Library, folder_key_for
from .model import (
    Allegation,
    Client,
    ClientIdentifier,
    Document,
    Matter,
    MatterRestriction,
    MatterTeamMember,
    Note,
    utc_now,
)
from .records import (
    ID_MARK,
    ClientIdentifierRecord,
    ClientRecord,
    MatterId,
    MatterRecord,
    MatterSummary,
    checked_matter_id,
    marked_id,
)
from .vocabulary import CLIENT_IDENTIFIER_KINDS, MATTER_STATUSES
from .wording import plural


@dataclass(frozen=True, slots=True)
class MatterInput:
    """What the user types to open a matter."""

    file_number: str
    caption: str
    client_name: str
    client_other_names: tuple[str, ...] = ()
    client_date_of_birth: date | None = None
    client_identifiers: tuple[tuple[str, str], ...] = ()  # (kind, value), kind not "aka"
    docket: str | None = None
    court: str | None = None
    opened_on: date | None = None
    extra: dict[str, str] = field(default_factory=dict)


def client_record(client: Client) -> ClientRecord:
    return ClientRecord(
        id=client.id,
        name=client.name,
        date_of_birth=client.date_of_birth,
        identifiers=tuple(
            ClientIdentifierRecord(item.id, item.kind, item.value) for item in client.identifiers
        ),
    )


def matter_record(matter: Matter) -> MatterRecord:
    return MatterRecord(
        id=MatterId(matter.id),
        file_number=matter.file_number,
        caption=matter.caption,
        docket=matter.docket,
        court=matter.court,
        status=matter.status,
        folder_key=matter.folder_key,
        opened_on=matter.opened_on,
        created_at=matter.created_at,
        updated_at=matter.updated_at,
        client=client_record(matter.client),
        version=matter.version,
    )


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _check_identifier_kind(kind: str) -> None:
    if kind not in CLIENT_IDENTIFIER_KINDS:
        known = ", ".join(CLIENT_IDENTIFIER_KINDS)
        raise ValidationError(f"client identifier kind {kind!r} is not one of {known}")


def _unique_folder_key(session: Session, file_number: str) -> str:
    base = folder_key_for(file_number)
    key, suffix = base, 2
    while session.execute(select(Matter.id).where(Matter.folder_key == key)).first():
        key = f"{base}-{suffix}"
        suffix += 1
    return key


def _matter_query() -> Select[tuple[Matter]]:
    return select(Matter).options(selectinload(Matter.client).selectinload(Client.identifiers))


def find_matter(session: Session, matter_id: MatterId) -> Matter:
    """The matter with this id. Only an id: a file number goes through
    ``find_matter_by_file_number``, so a numeric file number can never be taken for an id."""
    wanted = checked_matter_id(matter_id)
    matter = session.execute(_matter_query().where(Matter.id == wanted)).scalar_one_or_none()
    if matter is None:
        raise NotFoundError(f"no matter #{wanted} (it may have been deleted)")
    return matter


def find_matter_by_file_number(session: Session, file_number: str) -> Matter:
    """The matter with this file number, exactly as the office wrote it (spaces trimmed)."""
    if not isinstance(file_number, str):
        raise TypeError(f"a file number is text, not {type(file_number).__name__}")
    text = file_number.strip()
    query = _matter_query().where(Matter.file_number == text)
    matter = session.execute(query).scalar_one_or_none()
    if matter is None:
        raise NotFoundError(f"no matter with file number {text!r}")
    return matter


def add_matter(library: Library, data: MatterInput) -> MatterRecord:
    """Open a new matter with its client; refuses a file number already in use."""
    file_number = (data.file_number or "").strip()
    caption = (data.caption or "").strip()
    client_name = (data.client_name or "").strip()
    if not file_number:
        raise ValidationError("a matter needs a file number")
    if marked_id(file_number) is not None:
        raise ValidationError(
            f"a file number cannot be written like {file_number} "
            f"({ID_MARK} and a number is how a matter's id is written)"
        )
    if not caption:
        raise ValidationError("a matter needs a caption (for example 'People v. Doe')")
    if not client_name:
        raise ValidationError("a matter needs the client's name")
    for kind, _value in data.client_identifiers:
        _check_identifier_kind(kind)
    with library.write() as session:
        exists = session.execute(
            select(Matter.caption).where(Matter.file_number == file_number)
        ).first()
        if exists:
            raise ConflictError(f"file number {file_number} is already used by {exists[0]}")
        client = Client(name=client_name, date_of_birth=data.client_date_of_birth)
        session.add(client)
        identifiers = [("aka", name) for name in data.client_other_names] + list(
            data.client_identifiers
        )
        rows = [
            ClientIdentifier(client=client, kind=kind, value=value.strip())
            for kind, value in identifiers
            if value.strip()
        ]
        session.add_all(rows)
        matter = Matter(
            file_number=file_number,
            caption=caption,
            docket=_clean(data.docket),
            court=_clean(data.court),
            status="open",
            client=client,
            folder_key=_unique_folder_key(session, file_number),
            opened_on=data.opened_on or date.today(),
        )
        session.add(matter)
        try:
            session.flush()
        except IntegrityError:
            raise ConflictError(f"file number {file_number} is already in use") from None
        # Recorded once the matter exists, so that the client's events name their matter.
        audit.record_create(session, client)
        for row in rows:
            audit.record_create(session, row)
        audit.record_create(session, matter)
        library.ensure_matter_folders(matter.folder_key)
        session.refresh(client, ["identifiers"])
        return matter_record(matter)


def get_matter(library: Library, matter_id: MatterId) -> MatterRecord:
    with library.read() as session:
        return matter_record(find_matter(session, matter_id))


def get_matter_by_file_number(library: Library, file_number: str) -> MatterRecord:
    with library.read() as session:
        return matter_record(find_matter_by_file_number(session, file_number))


def list_matters(
    library: Library, *, status: str | None = None, text: str | None = None
) -> list[MatterSummary]:
    """Matters with their counts, newest file first; optional status and text filters."""
    with library.read() as session:
        document_count = (
            select(func.count(Document.id)).where(Document.matter_id == Matter.id).scalar_subquery()
        )
        note_count = (
            select(func.count(Note.id)).where(Note.matter_id == Matter.id).scalar_subquery()
        )
        allegation_count = (
            select(func.count(Allegation.id))
            .where(Allegation.matter_id == Matter.id)
            .scalar_subquery()
        )
        query = (
            select(Matter, document_count, note_count, allegation_count)
            .join(Matter.client)
            .options(selectinload(Matter.client).selectinload(Client.identifiers))
            .order_by(Matter.created_at.desc(), Matter.id.desc())
        )
        if status:
            query = query.where(Matter.status == status)
        if text and text.strip():
            pattern = f"%{text.strip()}%"
            query = query.where(
                or_(
                    Matter.file_number.ilike(pattern),
                    Matter.caption.ilike(pattern),
                    Matter.docket.ilike(pattern),
                    Client.name.ilike(pattern),
                )
            )
        rows = session.execute(query).all()
        teams = {} if library.is_embedded else _teams(session)
        return [
            MatterSummary(
                matter_record(matter), documents, notes, allegations, teams.get(matter.id, ())
            )
            for matter, documents, notes, allegations in rows
        ]


def _teams(session: Session) -> dict[int, tuple[str, ...]]:
    """The team of each restricted matter this person sees (office mode)."""
    teams: dict[int, list[str]] = {}
    for matter_id, member in session.execute(
        select(MatterTeamMember.matter_id, MatterTeamMember.member)
        .join(MatterRestriction, MatterRestriction.matter_id == MatterTeamMember.matter_id)
        .order_by(MatterTeamMember.matter_id, MatterTeamMember.member)
    ):
        teams.setdefault(matter_id, []).append(member)
    return {matter_id: tuple(members) for matter_id, members in teams.items()}


class Keep(enum.Enum):
    """The "leave it as it is" value for an update argument whose None means "remove"."""

    KEEP = "keep"


KEEP = Keep.KEEP


def update_matter(
    library: Library,
    matter_id: MatterId,
    *,
    caption: str | None = None,
    docket: str | None = None,
    court: str | None = None,
    status: str | None = None,
    client_name: str | None = None,
    client_date_of_birth: date | Keep | None = KEEP,
    client_identifiers: Sequence[tuple[str, str]] | None = None,
    expected_version: int | None = None,
) -> tuple[MatterRecord, MatterRecord]:
    """Change a matter; returns (before, after) so the change can be undone.

    Arguments left out (None, or KEEP for the date of birth) stay as they are; a date of
    birth of None removes it.

    ``client_identifiers`` is the client's complete new list of (kind, value) pairs, other
    names ("aka") included: pairs not in it are removed, new ones added, the rest kept.

    ``expected_version``: the version the editor started from; a change to the client
    raises the matter's version too (see ``edit_versions``)."""
    wanted = None if client_identifiers is None else _identifier_pairs(client_identifiers)
    if status is not None and status not in MATTER_STATUSES:
        raise ValidationError(f"matter status must be one of {', '.join(MATTER_STATUSES)}")
    if caption is not None and not caption.strip():
        raise ValidationError("a matter needs a caption")
    if client_name is not None and not client_name.strip():
        raise ValidationError("a client needs a name")
    with library.write() as session:
        matter = find_matter(session, matter_id)
        check_version(
            session,
            "matter",
            matter.id,
            matter.version,
            expected_version,
            f"matter {matter.file_number}",
        )
        before_record = matter_record(matter)
        before = audit.snapshot(matter)
        if caption is not None:
            matter.caption = caption.strip()
        if docket is not None:
            matter.docket = _clean(docket)
        if court is not None:
            matter.court = _clean(court)
        if status is not None:
            matter.status = status
        audit.record_update(session, matter, before)
        client_changed = False
        if client_name is not None or client_date_of_birth is not KEEP:
            client_before = audit.snapshot(matter.client)
            if client_name is not None:
                matter.client.name = client_name.strip()
            if client_date_of_birth is not KEEP:
                matter.client.date_of_birth = client_date_of_birth
            client_changed = audit.record_update(session, matter.client, client_before) is not None
        if wanted is not None:
            client_changed |= _replace_identifiers(session, matter.client, wanted)
        if client_changed:  # the client is part of the matter: its version goes up too
            before = audit.snapshot(matter)
            matter.updated_at = utc_now()
            audit.record_update(session, matter, before)
        return before_record, matter_record(matter)


def _identifier_pairs(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Checked, trimmed, without empty values or repeats, in the order given."""
    result: list[tuple[str, str]] = []
    for kind, value in pairs:
        _check_identifier_kind(kind)
        pair = (kind, value.strip())
        if pair[1] and pair not in result:
            result.append(pair)
    return result


def _replace_identifiers(session: Session, client: Client, wanted: list[tuple[str, str]]) -> bool:
    """Make the client's identifiers ``wanted``; True when anything changed."""
    missing = list(wanted)
    changed = False
    for row in list(client.identifiers):
        if (row.kind, row.value) in missing:
            missing.remove((row.kind, row.value))
        else:
            audit.record_delete(session, row)
            client.identifiers.remove(row)  # delete-orphan removes the row
            changed = True
    for kind, value in missing:
        row = ClientIdentifier(client=client, kind=kind, value=value)
        session.add(row)
        audit.record_create(session, row)
        changed = True
    session.flush()
    session.refresh(client, ["identifiers"])
    return changed


@dataclass(frozen=True, slots=True)
class DeletedMatter:
    """What ``delete_matter`` removed, enough for ``restore_matter`` to put it back."""

    matter: MatterRecord
    client_created_at: datetime
    client_deleted: bool  # False when the client still has other matters


def delete_matter(library: Library, matter_id: MatterId) -> DeletedMatter:
    """Remove a matter opened by mistake. Only an empty matter can go: one with documents,
    notes or allegations is evidence and is closed instead, never deleted."""
    with library.write() as session:
        matter = find_matter(session, matter_id)
        contents = [
            (label, session.scalar(select(func.count()).where(column == matter.id)))
            for label, column in (
                ("document", Document.matter_id),
                ("note", Note.matter_id),
                ("allegation", Allegation.matter_id),
            )
        ]
        held = [plural(count, label) for label, count in contents if count]
        if held:
            raise ConflictError(
                f"matter {matter.file_number} holds {', '.join(held)}; "
                "close it instead (a matter with evidence is never deleted)"
            )
        client = matter.client
        removed = DeletedMatter(
            matter=matter_record(matter),
            client_created_at=client.created_at,
            client_deleted=len(client.matters) == 1,
        )
        audit.record_delete(session, matter)
        if removed.client_deleted:  # recorded while the matter still names its client
            for row in client.identifiers:
                audit.record_delete(session, row)
            audit.record_delete(session, client)
        session.delete(matter)
        if removed.client_deleted:
            session.delete(client)
        session.flush()
        _remove_empty_folder(library, matter.folder_key)
        return removed


def _remove_empty_folder(library: Library, folder_key: str) -> None:
    """The matter's folders go too when nothing was ever put in them."""
    folder = library.matter_folder(folder_key)
    if not folder.is_dir():
        return
    children = [folder / "documents", folder / "exports"]
    if any(path.is_dir() and any(path.iterdir()) for path in children):
        return
    for path in children:
        if path.is_dir():
            path.rmdir()
    if not any(folder.iterdir()):
        folder.rmdir()


def restore_matter(library: Library, deleted: DeletedMatter) -> MatterRecord:
    """Undo of ``delete_matter``: the same ids, numbers, client and dates."""
    record = deleted.matter
    with library.write() as session:
        taken = session.execute(
            select(Matter.caption).where(Matter.file_number == record.file_number)
        ).first()
        if taken:
            raise ConflictError(f"file number {record.file_number} is now used by {taken[0]}")
        reused = session.get(Matter, record.id)
        if reused is not None:
            raise ConflictError(
                f"matter {record.file_number} cannot come back: matter {reused.file_number} "
                "now has its place in the library"
            )
        client = session.get(Client, record.client.id)
        restored: list[Client | ClientIdentifier] = []
        if client is None:
            client = Client(
                id=record.client.id,
                name=record.client.name,
                date_of_birth=record.client.date_of_birth,
                created_at=deleted.client_created_at,
            )
            restored = [client] + [
                ClientIdentifier(id=item.id, client=client, kind=item.kind, value=item.value)
                for item in record.client.identifiers
            ]
            session.add_all(restored)
        matter = Matter(
            id=record.id,
            file_number=record.file_number,
            caption=record.caption,
            docket=record.docket,
            court=record.court,
            status=record.status,
            client=client,
            folder_key=record.folder_key,
            opened_on=record.opened_on,
            created_at=record.created_at,
            updated_at=record.updated_at,
        )
        session.add(matter)
        keep_version(session, matter, record.version)
        for row in restored:  # recorded once the matter exists (their events name it)
            audit.record_create(session, row)
        audit.record_create(session, matter)
        library.ensure_matter_folders(matter.folder_key)
        session.refresh(client, ["identifiers"])
        return matter_record(matter)


def add_client_identifier(
    library: Library, matter_id: MatterId, kind: str, value: str
) -> ClientIdentifierRecord:
    """Record another name or identifier of the matter's client."""
    _check_identifier_kind(kind)
    if not value.strip():
        raise ValidationError("an identifier needs a value")
    with library.write() as session:
        matter = find_matter(session, matter_id)
        row = ClientIdentifier(client=matter.client, kind=kind, value=value.strip())
        session.add(row)
        audit.record_create(session, row)
        return ClientIdentifierRecord(row.id, row.kind, row.value)


def all_clients(library: Library) -> list[ClientRecord]:
    """Every client with every identifier: what an anonymised export must never contain."""
    with library.read() as session:
        clients = session.execute(
            select(Client).options(selectinload(Client.identifiers)).order_by(Client.id)
        ).scalars()
        return [client_record(client) for client in clients]
