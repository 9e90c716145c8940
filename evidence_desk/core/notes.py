"""Notes: the team's own text in a matter (interviews, observations); searchable and citable."""

from __future__ import annotations

from sqlalchemy import select

from . import audit
from .errors import NotFoundError, ValidationError
from .library import Library
from .matters import find_matter
from .model import Note
from .records import NoteRecord


def note_record(note: Note) -> NoteRecord:
    return NoteRecord(
        id=note.id,
        matter_id=note.matter_id,
        title=note.title,
        body=note.body,
        author=note.author,
        created_at=note.created_at,
        updated_at=note.updated_at,
    )


def add_note(
    library: Library, matter: str | int, title: str, body: str, *, author: str | None = None
) -> NoteRecord:
    if not title.strip():
        raise ValidationError("a note needs a title")
    with library.write() as session:
        matter_row = find_matter(session, matter)
        note = Note(
            matter_id=matter_row.id,
            title=title.strip(),
            body=body,
            author=(author or library.user).strip() or library.user,
        )
        session.add(note)
        audit.record_create(session, note)
        return note_record(note)


def list_notes(library: Library, matter: str | int) -> list[NoteRecord]:
    with library.read() as session:
        matter_row = find_matter(session, matter)
        notes = session.execute(
            select(Note).where(Note.matter_id == matter_row.id).order_by(Note.created_at, Note.id)
        ).scalars()
        return [note_record(note) for note in notes]


def get_note(library: Library, note_id: int) -> NoteRecord:
    with library.read() as session:
        note = session.get(Note, note_id)
        if note is None:
            raise NotFoundError(f"no note with id {note_id}")
        return note_record(note)


def update_note(
    library: Library, note_id: int, *, title: str | None = None, body: str | None = None
) -> tuple[NoteRecord, NoteRecord]:
    """Edit a note; returns (before, after) for undo."""
    if title is not None and not title.strip():
        raise ValidationError("a note needs a title")
    with library.write() as session:
        note = session.get(Note, note_id)
        if note is None:
            raise NotFoundError(f"no note with id {note_id}")
        before_record = note_record(note)
        before = audit.snapshot(note)
        if title is not None:
            note.title = title.strip()
        if body is not None:
            note.body = body
        audit.record_update(session, note, before)
        return before_record, note_record(note)
