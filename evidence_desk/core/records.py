"""Frozen records handed across the service boundary.

The GUI and the CLI see only these: plain, immutable, safe to keep after the session that
made them has closed, and turned into JSON by ``as_json``.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from typing import Any, NewType

from .dates import PartialDate

MatterId = NewType("MatterId", int)
"""A matter's database id. Never a file number: offices use numeric file numbers, so a
number that could be either would sooner or later open another client's matter. A file
number is looked up by name (``matters.find_matter_by_file_number``)."""


def checked_id(value: object, what: str) -> int:
    """``value`` when it is a real ``int``; anything else (a file number or other text, a
    bool) is a programming error, refused here so that no code path can guess."""
    if type(value) is not int:
        raise TypeError(f"{what} ids are ints, not {type(value).__name__} {value!r}")
    return value


def checked_matter_id(value: object) -> MatterId:
    """``value`` as a ``MatterId``; text (a file number) or a bool raises ``TypeError``."""
    return MatterId(checked_id(value, "matter"))


ID_MARK = "#"  # where a person types an id instead of a name, it is marked: "#12"
_MARKED_ID = re.compile(r"^#(\d+)$")


def marked_id(text: str) -> int | None:
    """The id in "#12", or None when ``text`` is a name (a file number, a tag name)."""
    match = _MARKED_ID.match(text.strip())
    return int(match.group(1)) if match else None


def as_json(record: Any) -> Any:
    """A record (or list of them) as JSON-ready dicts, dates as ISO text."""
    if isinstance(record, list | tuple):
        return [as_json(item) for item in record]
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        if isinstance(record, PartialDate):
            return record.text()
        return {
            field.name: as_json(getattr(record, field.name)) for field in dataclasses.fields(record)
        }
    if isinstance(record, dict):
        return {key: as_json(value) for key, value in record.items()}
    if isinstance(record, datetime | date):
        return record.isoformat()
    return record


@dataclasses.dataclass(frozen=True, slots=True)
class ClientIdentifierRecord:
    id: int
    kind: str
    value: str


@dataclasses.dataclass(frozen=True, slots=True)
class ClientRecord:
    id: int
    name: str
    date_of_birth: date | None
    identifiers: tuple[ClientIdentifierRecord, ...] = ()

    @property
    def other_names(self) -> tuple[str, ...]:
        return tuple(item.value for item in self.identifiers if item.kind == "aka")


@dataclasses.dataclass(frozen=True, slots=True)
class MatterRecord:
    id: MatterId
    file_number: str
    caption: str
    docket: str | None
    court: str | None
    status: str
    folder_key: str
    opened_on: date | None
    created_at: datetime
    updated_at: datetime
    client: ClientRecord
    version: int = 0  # raised by every saved change (see core.edit_versions)


@dataclasses.dataclass(frozen=True, slots=True)
class MatterSummary:
    """A matter with the counts a list shows."""

    matter: MatterRecord
    documents: int
    notes: int
    allegations: int
    # An office library's restricted matter: the team it is walled to (only its members
    # see it at all). Empty when everyone in the office sees the matter.
    team: tuple[str, ...] = ()

    @property
    def restricted(self) -> bool:
        return bool(self.team)


@dataclasses.dataclass(frozen=True, slots=True)
class TagRecord:
    id: int
    name: str
    colour: str
    documents: int = 0


@dataclasses.dataclass(frozen=True, slots=True)
class DocumentRecord:
    id: int
    matter_id: MatterId
    title: str
    file_name: str
    stored_path: str
    original_path: str | None
    sha256: str
    size: int
    kind: str
    status: str
    status_reason: str | None
    source: str
    page_count: int
    bates_prefix: str | None
    bates_start: str | None
    bates_end: str | None
    meta_title: str | None
    meta_author: str | None
    meta_created: str | None
    document_date: date | None
    imported_at: datetime
    imported_by: str
    tags: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class PageRecord:
    id: int
    document_id: int
    number: int
    bates: str | None
    text: str
    status: str = "text"  # vocabulary.PAGE_STATUSES; "ocr" when OCR read the text


@dataclasses.dataclass(frozen=True, slots=True)
class NoteRecord:
    id: int
    matter_id: MatterId
    title: str
    body: str
    author: str
    created_at: datetime
    updated_at: datetime
    version: int = 0


@dataclasses.dataclass(frozen=True, slots=True)
class OfficerIdentifierRecord:
    id: int
    officer_id: int
    kind: str
    value: str
    valid_from: date | None
    valid_to: date | None


@dataclasses.dataclass(frozen=True, slots=True)
class OfficerAliasRecord:
    id: int
    officer_id: int
    text: str
    source: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class OfficerRecord:
    id: int
    name: str
    rank: str | None
    command: str | None
    agency: str | None
    description: str | None
    merged_into_id: int | None
    created_at: datetime
    updated_at: datetime
    identifiers: tuple[OfficerIdentifierRecord, ...] = ()
    aliases: tuple[OfficerAliasRecord, ...] = ()
    allegation_count: int = 0
    matter_count: int = 0
    public_record_count: int = 0  # public misconduct records (complaints, lawsuits...)
    version: int = 0


@dataclasses.dataclass(frozen=True, slots=True)
class ConductTypeRecord:
    code: str
    parent_code: str | None
    label: str
    description: str | None
    builtin: bool
    position: int
    depth: int = 0


@dataclasses.dataclass(frozen=True, slots=True)
class AllegationOfficerRecord:
    officer_id: int
    officer_name: str
    role: str


@dataclasses.dataclass(frozen=True, slots=True)
class CitationRecord:
    id: int
    allegation_id: int
    document_id: int | None
    page_start: int | None
    page_end: int | None
    note_id: int | None
    quote: str
    quote_page: int | None
    quote_start: int | None
    quote_end: int | None
    pinpoint: str  # "Arrest Report, p. 3 (NYPD 000125)", "... [OCR text]" for OCR text
    bates_start: str | None = None
    bates_end: str | None = None
    ocr: bool = False  # the cited pages' text was read from a scan by OCR


@dataclasses.dataclass(frozen=True, slots=True)
class AllegationRecord:
    id: int
    matter_id: MatterId
    matter_file_number: str
    date: PartialDate
    time_text: str | None
    location: str | None
    command: str | None
    summary: str
    narrative: str
    source: str
    status: str
    reported_to: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    created_by: str
    officers: tuple[AllegationOfficerRecord, ...] = ()
    conduct: tuple[str, ...] = ()
    citations: tuple[CitationRecord, ...] = ()
    version: int = 0


@dataclasses.dataclass(frozen=True, slots=True)
class AuditEventRecord:
    id: int
    at: datetime
    user: str
    action: str
    entity: str
    entity_id: str
    before: str | None
    after: str | None
    hash: str
