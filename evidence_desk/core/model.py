"""The library's tables as SQLAlchemy 2.0 typed ORM classes.

These classes never leave the core: services turn them into records (``records.py``)
before handing anything to the GUI or the CLI. Times are naive UTC. Every schema change
is an Alembic migration (``migrations/``); a test checks that they agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utc_now() -> datetime:
    """Naive UTC "now", the one clock of the library."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    # Named constraints let Alembic's batch mode (SQLite) alter tables reliably.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


@event.listens_for(Base, "attribute_instrument")
def _text_without_nul(_class: type, _key: str, attribute: Any) -> None:
    """Text columns drop NUL characters as they are set (pasted from a PDF or a terminal).

    PostgreSQL cannot store them in text at all; dropping them when the value is set, before
    the audit log hashes it, keeps both databases holding (and hashing) the same text.
    """
    columns = getattr(attribute.property, "columns", None)
    if not columns or not isinstance(columns[0].type, String):
        return

    @event.listens_for(attribute, "set", retval=True)
    def _strip(_target: object, value: object, _old: object, _initiator: object) -> object:
        return value.replace("\x00", "") if isinstance(value, str) else value


class Setting(Base):
    """Library-wide settings (library id, Bates prefixes, ...), as text."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Client(Base):
    """The person represented. Every field here is privileged."""

    __tablename__ = "client"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    identifiers: Mapped[list[ClientIdentifier]] = relationship(
        back_populates="client", cascade="all, delete-orphan", order_by="ClientIdentifier.id"
    )
    matters: Mapped[list[Matter]] = relationship(back_populates="client")


class ClientIdentifier(Base):
    """Another name or identifier of a client (aka, NYSID, phone, ...)."""

    __tablename__ = "client_identifier"
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(String(300))

    client: Mapped[Client] = relationship(back_populates="identifiers")


class Matter(Base):
    """One client's case."""

    __tablename__ = "matter"
    id: Mapped[int] = mapped_column(primary_key=True)
    file_number: Mapped[str] = mapped_column(String(100), unique=True)
    caption: Mapped[str] = mapped_column(String(500))
    docket: Mapped[str | None] = mapped_column(String(100))
    court: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="open")
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    folder_key: Mapped[str] = mapped_column(String(120), unique=True)
    opened_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, onupdate=utc_now)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    client: Mapped[Client] = relationship(back_populates="matters")
    documents: Mapped[list[Document]] = relationship(back_populates="matter")
    notes: Mapped[list[Note]] = relationship(back_populates="matter")
    allegations: Mapped[list[Allegation]] = relationship(back_populates="matter")


document_tag = Table(
    "document_tag",
    Base.metadata,
    Column("document_id", ForeignKey("document.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Document(Base):
    """An imported file. The original is kept byte for byte in the matter folder."""

    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("matter_id", "sha256", name="uq_document_matter_sha256"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    file_name: Mapped[str] = mapped_column(String(500))  # the name it had when imported
    stored_path: Mapped[str] = mapped_column(String(1000))  # relative to the library folder
    original_path: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    status_reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(40), default="discovery")
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    bates_prefix: Mapped[str | None] = mapped_column(String(50))
    bates_start: Mapped[str | None] = mapped_column(String(80))
    bates_end: Mapped[str | None] = mapped_column(String(80))
    meta_title: Mapped[str | None] = mapped_column(Text)
    meta_author: Mapped[str | None] = mapped_column(Text)
    meta_created: Mapped[str | None] = mapped_column(String(40))
    document_date: Mapped[date | None] = mapped_column(Date)
    text_sha256: Mapped[str | None] = mapped_column(String(64))  # page_text.text_digest
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    imported_by: Mapped[str] = mapped_column(String(200))

    matter: Mapped[Matter] = relationship(back_populates="documents")
    pages: Mapped[list[Page]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Page.number"
    )
    tags: Mapped[list[Tag]] = relationship(secondary=document_tag, back_populates="documents")


class Page(Base):
    """One page of a document with its text, Bates label and where the text came from."""

    __tablename__ = "page"
    __table_args__ = (UniqueConstraint("document_id", "number", name="uq_page_document_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)  # 1-based
    bates: Mapped[str | None] = mapped_column(String(80), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    # vocabulary.PAGE_STATUSES: "text", "needs_ocr", "ocr", "empty", "unreadable", "locked".
    # The pages still "needs_ocr" are the OCR queue: a run picks up where the last stopped.
    status: Mapped[str] = mapped_column(String(20), default="text", server_default="text")

    document: Mapped[Document] = relationship(back_populates="pages")
    ocr: Mapped[PageOcr | None] = relationship(cascade="all, delete-orphan", passive_deletes=True)


Index("ix_page_status", Page.status)


class PageOcr(Base):
    """What OCR made of one page: confidence, word boxes for highlighting, or the error."""

    __tablename__ = "page_ocr"
    page_id: Mapped[int] = mapped_column(
        ForeignKey("page.id", ondelete="CASCADE"), primary_key=True
    )
    engine: Mapped[str] = mapped_column(String(60))  # "tesseract 5.3.0"
    languages: Mapped[str] = mapped_column(String(100))  # "eng+deu"
    confidence: Mapped[float | None] = mapped_column(Float)  # mean word confidence, 0-100
    # JSON: [[start, end, left, top, right, bottom], ...] per word: character offsets in
    # page.text and the box as fractions of the page (0-1, top-left origin).
    words: Mapped[str] = mapped_column(Text, default="[]")
    error: Mapped[str | None] = mapped_column(Text)  # why OCR failed on this page
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    done_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class Tag(Base):
    """A label on documents ("Hot", "DD5", "Body-cam")."""

    __tablename__ = "tag"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    colour: Mapped[str] = mapped_column(String(9), default="#808080")

    documents: Mapped[list[Document]] = relationship(secondary=document_tag, back_populates="tags")


class Note(Base):
    """The team's own text in a matter; searchable and citable."""

    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, onupdate=utc_now)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    matter: Mapped[Matter] = relationship(back_populates="notes")


class Officer(Base):
    """A member of service, shared by all matters. May be only a description until named."""

    __tablename__ = "officer"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    rank: Mapped[str | None] = mapped_column(String(100))
    command: Mapped[str | None] = mapped_column(String(200))
    agency: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)  # "white male, 40s, UC"
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, onupdate=utc_now)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    identifiers: Mapped[list[OfficerIdentifier]] = relationship(
        back_populates="officer", cascade="all, delete-orphan", order_by="OfficerIdentifier.id"
    )
    aliases: Mapped[list[OfficerAlias]] = relationship(
        back_populates="officer", cascade="all, delete-orphan", order_by="OfficerAlias.id"
    )


class OfficerIdentifier(Base):
    """Shield, tax id, employee or undercover number, valid for a period when known."""

    __tablename__ = "officer_identifier"
    __table_args__ = (Index("ix_officer_identifier_kind_value", "kind", "value"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(
        ForeignKey("officer.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(50))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    officer: Mapped[Officer] = relationship(back_populates="identifiers")


class OfficerAlias(Base):
    """A spelling of the officer as a source wrote it ("P.O. Smyth", "UC #0214")."""

    __tablename__ = "officer_alias"
    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(
        ForeignKey("officer.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(300))
    source: Mapped[str | None] = mapped_column(String(300))

    officer: Mapped[Officer] = relationship(back_populates="aliases")


class OfficerMerge(Base):
    """A merge of one officer into another, with what is needed to undo it exactly."""

    __tablename__ = "officer_merge"
    id: Mapped[int] = mapped_column(primary_key=True)
    survivor_id: Mapped[int] = mapped_column(ForeignKey("officer.id"), index=True)
    merged_id: Mapped[int] = mapped_column(ForeignKey("officer.id"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[str] = mapped_column(Text)  # JSON: rows moved, as they were
    merged_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    merged_by: Mapped[str] = mapped_column(String(200))
    unmerged_at: Mapped[datetime | None] = mapped_column(DateTime)


class OfficerRegistryState(Base):
    """One row whose ``version`` goes up with every change to an officer, identifier or alias.

    Database triggers (migration 0003) keep it, whoever writes, so that matching can tell in
    one cheap query whether the registry it holds in memory is still the registry on disk.
    """

    __tablename__ = "officer_registry_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class RosterEntry(Base):
    """An officer as one roster (a public list of members of service) last listed him."""

    __tablename__ = "roster_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id"), index=True)
    source: Mapped[str] = mapped_column(String(300))
    line: Mapped[int] = mapped_column(Integer)  # the row's line in the file last imported
    status: Mapped[str | None] = mapped_column(String(20))  # "active", "inactive"
    rank: Mapped[str | None] = mapped_column(String(100))
    command: Mapped[str | None] = mapped_column(String(200))
    as_of: Mapped[date | None] = mapped_column(Date)
    first_imported_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    last_imported_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class PublicRecord(Base):
    """A row of public misconduct data about one officer, always with its source.

    Kept apart from the office's privileged allegations: public records may go into a
    public brief, allegations never.
    """

    __tablename__ = "public_record"
    __table_args__ = (
        UniqueConstraint("source", "record_key", name="uq_public_record_source_record_key"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # complaint, lawsuit, credibility_finding
    source: Mapped[str] = mapped_column(String(300))
    source_file: Mapped[str] = mapped_column(String(500))
    source_line: Mapped[int] = mapped_column(Integer)
    record_key: Mapped[str] = mapped_column(String(64))  # the same row in a later import
    case_number: Mapped[str | None] = mapped_column(String(100), index=True)
    date_precision: Mapped[str] = mapped_column(String(10), default="unknown")
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    category: Mapped[str | None] = mapped_column(String(200))
    allegation: Mapped[str | None] = mapped_column(Text)
    disposition: Mapped[str | None] = mapped_column(String(300))
    outcome: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(200))
    command: Mapped[str | None] = mapped_column(String(200))
    rank: Mapped[str | None] = mapped_column(String(100))
    court: Mapped[str | None] = mapped_column(String(200))
    caption: Mapped[str | None] = mapped_column(String(500))
    written_name: Mapped[str | None] = mapped_column(String(300))  # the officer as written
    details: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # the other columns
    link_reason: Mapped[str] = mapped_column(String(300))  # how the row found its officer
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    imported_by: Mapped[str] = mapped_column(String(200))


class Mention(Base):
    """A place on a page where discovery names an officer, as detection read it.

    Derived from the page's text (like the search index, not audited): detection may
    rebuild the mentions nobody has decided on. ``officer_id`` is the registry's best
    match (None when nothing matched) with its ``confidence`` and ``reason``, as the
    registry stood at ``registry_version``. A person's verdict is a ``MentionDecision``.
    """

    __tablename__ = "mention"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    page_id: Mapped[int] = mapped_column(ForeignKey("page.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)  # character offsets in page.text
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(300))  # the words as the page has them
    form: Mapped[str] = mapped_column(String(20))  # "name", "identifier", "name+identifier"
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("officer.id", ondelete="SET NULL"), index=True
    )
    confidence: Mapped[str | None] = mapped_column(String(10))  # high, possible, weak
    score: Mapped[float] = mapped_column(Float, default=0.0)
    reason: Mapped[str] = mapped_column(Text, default="")
    event_date: Mapped[date | None] = mapped_column(Date)  # the day identifiers were checked on
    registry_version: Mapped[int] = mapped_column(Integer, default=0)
    detected_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class MentionDecision(Base):
    """A person's verdict on a mention: confirmed (as ``officer_id``, perhaps another
    officer than the one proposed) or rejected (``officer_id`` is the officer refused, or
    None when the words name no officer). Audited; undone by deleting it."""

    __tablename__ = "mention_decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    mention_id: Mapped[int] = mapped_column(ForeignKey("mention.id"), unique=True)
    verdict: Mapped[str] = mapped_column(String(10))  # "confirmed" or "rejected"
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"), index=True)
    proposed_officer_id: Mapped[int | None] = mapped_column(Integer)  # what detection said
    proposed_confidence: Mapped[str | None] = mapped_column(String(10))
    alias_id: Mapped[int | None] = mapped_column(Integer)  # the alias this confirmation added
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class MentionScan(Base):
    """A document whose pages mention detection has read, and with which detector."""

    __tablename__ = "mention_scan"
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    detector_version: Mapped[int] = mapped_column(Integer)
    scanned_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class ConductType(Base):
    """A code of the conduct taxonomy; hierarchical through ``parent_code``."""

    __tablename__ = "conduct_type"
    code: Mapped[str] = mapped_column(String(80), primary_key=True)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("conduct_type.code"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    builtin: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Allegation(Base):
    """One alleged act by one or more officers, in one matter."""

    __tablename__ = "allegation"
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id"), index=True)
    date_precision: Mapped[str] = mapped_column(String(10), default="unknown")
    date_start: Mapped[date | None] = mapped_column(Date, index=True)
    date_end: Mapped[date | None] = mapped_column(Date)
    time_text: Mapped[str | None] = mapped_column(String(20))
    location: Mapped[str | None] = mapped_column(Text)
    command: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    narrative: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(40), default="client_statement")
    status: Mapped[str] = mapped_column(String(40), default="alleged")
    reported_to: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, onupdate=utc_now)
    created_by: Mapped[str] = mapped_column(String(200))
    # Goes up with every saved change: a save from an editor opened at an older version is
    # refused (``concurrency``) instead of silently overwriting another person's change.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    matter: Mapped[Matter] = relationship(back_populates="allegations")
    officers: Mapped[list[AllegationOfficer]] = relationship(
        back_populates="allegation", cascade="all, delete-orphan"
    )
    conduct: Mapped[list[AllegationConduct]] = relationship(
        back_populates="allegation", cascade="all, delete-orphan"
    )
    citations: Mapped[list[Citation]] = relationship(
        back_populates="allegation", cascade="all, delete-orphan", order_by="Citation.id"
    )


class AllegationOfficer(Base):
    """An officer's part in an allegation (accused, present, witness, unidentified)."""

    __tablename__ = "allegation_officer"
    allegation_id: Mapped[int] = mapped_column(
        ForeignKey("allegation.id", ondelete="CASCADE"), primary_key=True
    )
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(20), default="accused")

    allegation: Mapped[Allegation] = relationship(back_populates="officers")
    officer: Mapped[Officer] = relationship()


class AllegationConduct(Base):
    """A conduct type an allegation describes."""

    __tablename__ = "allegation_conduct"
    allegation_id: Mapped[int] = mapped_column(
        ForeignKey("allegation.id", ondelete="CASCADE"), primary_key=True
    )
    conduct_code: Mapped[str] = mapped_column(
        ForeignKey("conduct_type.code"), primary_key=True, index=True
    )

    allegation: Mapped[Allegation] = relationship(back_populates="conduct")


class Citation(Base):
    """Evidence for an allegation: a page range of a document, or a note, with the quote."""

    __tablename__ = "citation"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN document_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN note_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_target",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    allegation_id: Mapped[int] = mapped_column(
        ForeignKey("allegation.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    page_start: Mapped[int | None] = mapped_column(Integer)
    page_end: Mapped[int | None] = mapped_column(Integer)
    note_id: Mapped[int | None] = mapped_column(ForeignKey("note.id"), index=True)
    quote: Mapped[str] = mapped_column(Text, default="")
    quote_page: Mapped[int | None] = mapped_column(Integer)  # page the quote was found on
    quote_start: Mapped[int | None] = mapped_column(Integer)  # character offsets in that text
    quote_end: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    allegation: Mapped[Allegation] = relationship(back_populates="citations")
    document: Mapped[Document | None] = relationship()
    note: Mapped[Note | None] = relationship()


class AuditEvent(Base):
    """One change, chained to the one before it by hash (append-only)."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    user: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(100))
    before: Mapped[str | None] = mapped_column(Text)  # canonical JSON, hashed as stored
    after: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    seal: Mapped[str | None] = mapped_column(String(64))  # HMAC of hash, key outside the DB
    key_id: Mapped[str | None] = mapped_column(String(16))  # which key made the seal
    # The matter the changed row belongs to (None: library-wide). Not hashed: it is what
    # walls a restricted matter's events off (see ``walls``), not part of what happened.
    matter_id: Mapped[int | None] = mapped_column(Integer, index=True)


Index("ix_audit_event_entity", AuditEvent.entity, AuditEvent.entity_id)


class PassageRelease(Base):
    """A passage (an allegation's summary or a citation's quoted words) released for a
    public brief by a person who reviewed it.

    The release holds the SHA-256 of the words released: when the words change, the
    passage is no longer released. No foreign key: a release outlives an allegation that
    is deleted and restored with the same words (undo), and means nothing otherwise.
    """

    __tablename__ = "passage_release"
    __table_args__ = (UniqueConstraint("passage", "target_id", name="uq_passage_release_target"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    passage: Mapped[str] = mapped_column(String(20))  # "allegation" or "citation"
    target_id: Mapped[int] = mapped_column(Integer)
    text_sha256: Mapped[str] = mapped_column(String(64))
    released_by: Mapped[str] = mapped_column(String(200))
    released_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class MatterRestriction(Base):
    """A matter behind an ethical wall: only its team (``MatterTeamMember``) sees it.

    Office mode only; the server enforces it with row-level security (``walls``). No
    foreign key: a deleted matter's audit history stays walled, and an undone deletion
    comes back walled.
    """

    __tablename__ = "matter_restriction"
    matter_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    restricted_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    restricted_by: Mapped[str] = mapped_column(String(200))


class MatterTeamMember(Base):
    """A database role (a person, or a group role standing for several) on a matter's team."""

    __tablename__ = "matter_team"
    matter_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    member: Mapped[str] = mapped_column(String(63), primary_key=True)  # a role name
