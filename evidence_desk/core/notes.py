"""Notes: the team's own text in a matter (interviews, observations); searchable and citable."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from . import audit
from .citations import find_quote, short_quote
from .edit_versions import check_version, keep_version
from .errors import ConflictError, NotFoundError, ValidationError
from .library import Library
from .matters import find_matter
from .model import Allegation, Citation, Matter, Note
from .records import MatterId, NoteRecord
from .wording import quoted


def note_record(note: Note) -> NoteRecord:
    return NoteRecord(
        id=note.id,
        matter_id=MatterId(note.matter_id),
        title=note.title,
        body=note.body,
        author=note.author,
        created_at=note.created_at,
        updated_at=note.updated_at,
        version=note.version,
    )


def add_note(
    library: Library, matter_id: MatterId, title: str, body: str, *, author: str | None = None
) -> NoteRecord:
    if not title.strip():
        raise ValidationError("a note needs a title")
    with library.write() as session:
        matter_row = find_matter(session, matter_id)
        note = Note(
            matter_id=matter_row.id,
            title=title.strip(),
            body=body,
            author=(author or library.user).strip() or library.user,
        )
        session.add(note)
        audit.record_create(session, note)
        return note_record(note)


def list_notes(library: Library, matter_id: MatterId) -> list[NoteRecord]:
    with library.read() as session:
        matter_row = find_matter(session, matter_id)
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
    library: Library,
    note_id: int,
    *,
    title: str | None = None,
    body: str | None = None,
    expected_version: int | None = None,
) -> tuple[NoteRecord, NoteRecord]:
    """Edit a note; returns (before, after) for undo. ``expected_version``: the version the
    editor started from (a save over someone else's later change is refused)."""
    if title is not None and not title.strip():
        raise ValidationError("a note needs a title")
    with library.write() as session:
        # Locked (office mode) so that nobody cites the old words while they change.
        note = session.get(Note, note_id, with_for_update=True)
        if note is None:
            raise NotFoundError(f"no note with id {note_id}")
        check_version(
            session, "note", note.id, note.version, expected_version, f"note “{note.title}”"
        )
        before_record = note_record(note)
        before = audit.snapshot(note)
        if title is not None:
            note.title = title.strip()
        if body is not None and body != note.body:
            _keep_quotes(session, note, body)
            note.body = body
        audit.record_update(session, note, before)
        return before_record, note_record(note)


def _keep_quotes(session: Session, note: Note, body: str) -> None:
    """Refuse a new text that no longer has the words an allegation quotes from the note: a
    memo would quote them as the note's. A quote the new text still has keeps its place."""
    rows = session.execute(
        select(Citation, Allegation.summary)
        .join(Allegation, Allegation.id == Citation.allegation_id)
        .where(Citation.note_id == note.id)
        .order_by(Citation.id)
    ).all()
    lost: list[str] = []
    for citation, summary in rows:
        if not citation.quote:
            continue
        found = find_quote(body, citation.quote)
        if found is None:
            lost.append(f"the allegation {quoted(summary)} ({short_quote(citation.quote)!r})")
        elif (citation.quote_start, citation.quote_end) != found:
            before = audit.snapshot(citation)
            citation.quote_start, citation.quote_end = found
            audit.record_update(session, citation, before)
    if lost:
        shown = "; ".join(lost[:3]) + (f"; and {len(lost) - 3} more" if len(lost) > 3 else "")
        raise ValidationError(
            f"the note {quoted(note.title)} is quoted by {shown}: keep those words, or change "
            "or remove the citation first"
        )


def delete_note(library: Library, note_id: int) -> NoteRecord:
    """Delete a note; refused while an allegation cites it (remove those citations first).
    The returned record puts it back through ``restore_note``."""
    with library.write() as session:
        note = session.get(Note, note_id)
        if note is None:
            raise NotFoundError(f"no note with id {note_id}")
        cited_by = session.execute(
            select(Allegation.summary)
            .join(Citation, Citation.allegation_id == Allegation.id)
            .where(Citation.note_id == note.id)
            .limit(1)
        ).scalar_one_or_none()
        if cited_by is not None:
            raise ConflictError(
                f"the note {quoted(note.title)} is cited by the allegation {quoted(cited_by)}; "
                "remove the citation first"
            )
        record = note_record(note)
        audit.record_delete(session, note)
        session.delete(note)
        return record


def restore_note(library: Library, record: NoteRecord) -> NoteRecord:
    """Undo of ``delete_note``: the same id, text, author and dates."""
    with library.write() as session:
        if session.get(Note, record.id) is not None:
            raise ConflictError(f"the note {quoted(record.title)} is already there")
        if session.get(Matter, record.matter_id) is None:
            raise ConflictError(
                f"the note {quoted(record.title)} cannot come back: its matter is gone"
            )
        note = Note(
            id=record.id,
            matter_id=record.matter_id,
            title=record.title,
            body=record.body,
            author=record.author,
            created_at=record.created_at,
            updated_at=record.updated_at,
        )
        session.add(note)
        keep_version(session, note, record.version)
        audit.record_create(session, note)
        return note_record(note)


def find_notes(
    library: Library, text: str, *, matter_id: MatterId | None = None
) -> list[NoteRecord]:
    """Notes whose title or body contains ``text`` (any case), newest first.

    A plain look-up for pickers (choosing a note to cite); ranked full-text search over
    notes and pages together is the search module's job.
    """
    words = text.split()
    with library.read() as session:
        query = select(Note).order_by(Note.created_at.desc(), Note.id.desc())
        if matter_id is not None:
            query = query.where(Note.matter_id == find_matter(session, matter_id).id)
        for word in words:
            pattern = f"%{word}%"
            query = query.where(or_(Note.title.ilike(pattern), Note.body.ilike(pattern)))
        return [note_record(note) for note in session.execute(query).scalars()]
