"""Tags: labels on documents ("Hot", "DD5", "Body-cam"), applied and removed in bulk.

Each tag-to-document link is audited as a ``document_tag`` event ("document_id:tag_id"),
so the log shows who tagged what and when. Bulk calls return exactly the documents they
changed, which is what an undo needs to reverse them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from . import audit
from .errors import ConflictError, NotFoundError, ValidationError
from .library import Library
from .model import Document, Tag, document_tag
from .records import ID_MARK, TagRecord, checked_id, marked_id

_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
DEFAULT_COLOUR = "#808080"


def _check_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("a tag needs a name")
    if len(name) > 100:
        raise ValidationError("a tag name is at most 100 characters")
    if marked_id(name) is not None:
        raise ValidationError(f"a tag cannot be called {name} ({ID_MARK} and a number is an id)")
    return name


def _check_colour(colour: str) -> str:
    colour = (colour or "").strip()
    if not _COLOUR.match(colour):
        raise ValidationError(f"colour {colour!r} is not of the form #RRGGBB")
    return colour.lower()


def _count(session: Session, tag_id: int) -> int:
    return int(
        session.execute(
            select(func.count()).select_from(document_tag).where(document_tag.c.tag_id == tag_id)
        ).scalar_one()
    )


def _record(session: Session, tag: Tag) -> TagRecord:
    return TagRecord(tag.id, tag.name, tag.colour, _count(session, tag.id))


def _name_taken(session: Session, name: str, except_id: int | None = None) -> Tag | None:
    query = select(Tag).where(func.lower(Tag.name) == name.lower())
    if except_id is not None:
        query = query.where(Tag.id != except_id)
    return session.execute(query).scalars().first()


def find_tag(session: Session, tag_id: int) -> Tag:
    """A tag by id. A name goes through ``find_tag_by_name``: a tag may be called "5"."""
    row = session.get(Tag, checked_id(tag_id, "tag"))
    if row is None:
        raise NotFoundError(f"no tag #{tag_id} (it may have been deleted)")
    return row


def find_tag_by_name(session: Session, name: str) -> Tag:
    """A tag by its name, in any case."""
    if not isinstance(name, str):
        raise TypeError(f"a tag name is text, not {type(name).__name__}")
    text = " ".join(name.split())
    row = _name_taken(session, text)
    if row is None:
        raise NotFoundError(f"no tag named {text!r}")
    return row


def add_tag(library: Library, name: str, colour: str = DEFAULT_COLOUR) -> TagRecord:
    """Create a tag; names are unique regardless of case."""
    name = _check_name(name)
    colour = _check_colour(colour)
    with library.write() as session:
        if _name_taken(session, name) is not None:
            raise ConflictError(f"there is already a tag named {name!r}")
        tag = Tag(name=name, colour=colour)
        session.add(tag)
        audit.record_create(session, tag)
        return _record(session, tag)


def get_tag(library: Library, tag_id: int) -> TagRecord:
    with library.read() as session:
        return _record(session, find_tag(session, tag_id))


def get_tag_by_name(library: Library, name: str) -> TagRecord:
    with library.read() as session:
        return _record(session, find_tag_by_name(session, name))


def rename_tag(library: Library, tag_id: int, name: str) -> tuple[TagRecord, TagRecord]:
    """Rename a tag; returns (before, after) for undo."""
    name = _check_name(name)
    with library.write() as session:
        tag = find_tag(session, tag_id)
        if _name_taken(session, name, except_id=tag.id) is not None:
            raise ConflictError(f"there is already a tag named {name!r}")
        before_record = _record(session, tag)
        before = audit.snapshot(tag)
        tag.name = name
        audit.record_update(session, tag, before)
        return before_record, _record(session, tag)


def set_tag_colour(library: Library, tag_id: int, colour: str) -> tuple[TagRecord, TagRecord]:
    """Change a tag's colour; returns (before, after) for undo."""
    colour = _check_colour(colour)
    with library.write() as session:
        tag = find_tag(session, tag_id)
        before_record = _record(session, tag)
        before = audit.snapshot(tag)
        tag.colour = colour
        audit.record_update(session, tag, before)
        return before_record, _record(session, tag)


def delete_tag(library: Library, tag_id: int) -> TagRecord:
    """Delete a tag and take it off every document. The record says how many it was on;
    ``tagged_documents`` before the delete gives the ids an undo re-applies."""
    with library.write() as session:
        tag = find_tag(session, tag_id)
        record = _record(session, tag)
        document_ids = _tagged(session, tag.id)
        _unlink(session, tag.id, document_ids)
        audit.record_delete(session, tag)
        session.delete(tag)
        return record


def restore_tag(library: Library, record: TagRecord) -> TagRecord:
    """Undo of ``delete_tag`` for the tag itself (same id, name and colour)."""
    with library.write() as session:
        if session.get(Tag, record.id) is not None:
            raise ConflictError(f"the tag {record.name!r} is already there")
        if _name_taken(session, record.name) is not None:
            raise ConflictError(f"there is already a tag named {record.name!r}")
        tag = Tag(id=record.id, name=record.name, colour=record.colour)
        session.add(tag)
        audit.record_create(session, tag)
        return _record(session, tag)


def list_tags(library: Library) -> list[TagRecord]:
    """Every tag with how many documents carry it, by name."""
    with library.read() as session:
        counts = dict(
            session.execute(
                select(document_tag.c.tag_id, func.count()).group_by(document_tag.c.tag_id)
            ).all()
        )
        tags = session.execute(select(Tag).order_by(func.lower(Tag.name))).scalars()
        return [TagRecord(tag.id, tag.name, tag.colour, counts.get(tag.id, 0)) for tag in tags]


def _tagged(session: Session, tag_id: int) -> list[int]:
    return list(
        session.execute(
            select(document_tag.c.document_id)
            .where(document_tag.c.tag_id == tag_id)
            .order_by(document_tag.c.document_id)
        ).scalars()
    )


def tagged_documents(library: Library, tag_id: int) -> list[int]:
    """Ids of the documents that carry a tag (the filter behind "show documents tagged X")."""
    with library.read() as session:
        return _tagged(session, find_tag(session, tag_id).id)


def _check_documents(session: Session, document_ids: Sequence[int]) -> list[int]:
    wanted = list(dict.fromkeys(int(item) for item in document_ids))
    if not wanted:
        raise ValidationError("name at least one document")
    known = set(session.execute(select(Document.id).where(Document.id.in_(wanted))).scalars())
    missing = [item for item in wanted if item not in known]
    if missing:
        raise NotFoundError(f"no document with id {missing[0]}")
    return wanted


def _unlink(session: Session, tag_id: int, document_ids: list[int]) -> None:
    for document_id in document_ids:
        link = {"document_id": document_id, "tag_id": tag_id}
        audit.append(session, "delete", "document_tag", f"{document_id}:{tag_id}", link, None)
    if document_ids:
        session.execute(
            delete(document_tag).where(
                document_tag.c.tag_id == tag_id, document_tag.c.document_id.in_(document_ids)
            )
        )


def apply_tag(library: Library, tag_id: int, document_ids: Sequence[int]) -> list[int]:
    """Tag documents; returns the ids that were newly tagged (those already tagged are
    left alone), which is what an undo removes again."""
    with library.write() as session:
        row = find_tag(session, tag_id)
        wanted = _check_documents(session, document_ids)
        already = set(_tagged(session, row.id))
        new = [item for item in wanted if item not in already]
        if new:
            session.execute(
                insert(document_tag), [{"document_id": item, "tag_id": row.id} for item in new]
            )
        for document_id in new:
            link = {"document_id": document_id, "tag_id": row.id}
            audit.append(session, "create", "document_tag", f"{document_id}:{row.id}", None, link)
        return new


def remove_tag(library: Library, tag_id: int, document_ids: Sequence[int]) -> list[int]:
    """Untag documents; returns the ids that carried the tag (for undo to re-apply)."""
    with library.write() as session:
        row = find_tag(session, tag_id)
        wanted = _check_documents(session, document_ids)
        already = set(_tagged(session, row.id))
        removed = [item for item in wanted if item in already]
        _unlink(session, row.id, removed)
        return removed


def tagged_document_titles(library: Library, tag_id: int) -> list[tuple[int, str]]:
    """(id, title) of the documents that carry a tag, by id."""
    with library.read() as session:
        row = find_tag(session, tag_id)
        return [
            (document_id, title)
            for document_id, title in session.execute(
                select(Document.id, Document.title)
                .join(document_tag, document_tag.c.document_id == Document.id)
                .where(document_tag.c.tag_id == row.id)
                .order_by(Document.id)
            ).all()
        ]
