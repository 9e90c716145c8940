"""Tags on documents: create, rename, colour, bulk apply/remove, filter, all audited."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from evidence_desk.core import audit, tags
from evidence_desk.core.errors import ConflictError, NotFoundError, ValidationError
from evidence_desk.core.library import Library
from evidence_desk.core.model import AuditEvent
from tests.core.evidence_builders import add_document, add_matter

pytestmark = pytest.mark.databases


@pytest.fixture
def documents(library: Library) -> list[int]:
    matter = add_matter(library)
    return [
        add_document(library, matter.id, f"Document {index}", [f"page of {index}"]).id
        for index in range(4)
    ]


def _verify(library: Library) -> None:
    with library.read() as session:
        assert audit.verify(session)[1] is None


def test_create_rename_colour_and_list(library: Library) -> None:
    hot = tags.add_tag(library, "  Hot ", "#FF0000")
    assert (hot.name, hot.colour, hot.documents) == ("Hot", "#ff0000", 0)
    tags.add_tag(library, "DD5")
    before, after = tags.rename_tag(library, hot.id, "Very hot")
    assert before.name == "Hot" and after.name == "Very hot"
    before, after = tags.set_tag_colour(library, hot.id, "#00ff00")
    assert before.colour == "#ff0000" and after.colour == "#00ff00"
    assert [t.name for t in tags.list_tags(library)] == ["DD5", "Very hot"]
    _verify(library)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda lib: tags.add_tag(lib, "hot"), ConflictError, "already a tag named"),
        (lambda lib: tags.add_tag(lib, "  "), ValidationError, "needs a name"),
        (lambda lib: tags.add_tag(lib, "Red", "red"), ValidationError, "#RRGGBB"),
        (lambda lib: tags.add_tag(lib, "#12"), ValidationError, "cannot be called #12"),
        (lambda lib: tags.rename_tag(lib, 1, "dd5"), ConflictError, "already a tag"),
        (lambda lib: tags.rename_tag(lib, 99, "x"), NotFoundError, "no tag #99"),
        (lambda lib: tags.apply_tag(lib, 1, [999]), NotFoundError, "no document with id 999"),
        (lambda lib: tags.apply_tag(lib, 1, []), ValidationError, "at least one document"),
        (lambda lib: tags.get_tag_by_name(lib, "Nope"), NotFoundError, "no tag named 'Nope'"),
        (lambda lib: tags.apply_tag(lib, "1", [1]), TypeError, "tag ids are ints"),
    ],
)
def test_bad_tag_input_changes_nothing(
    library: Library, documents: list[int], call: object, error: type[Exception], message: str
) -> None:
    tags.add_tag(library, "Hot")
    tags.add_tag(library, "DD5")
    before = tags.list_tags(library)
    with pytest.raises(error, match=message):
        call(library)  # type: ignore[operator]
    assert tags.list_tags(library) == before


def test_bulk_apply_and_remove_return_what_changed(library: Library, documents: list[int]) -> None:
    hot = tags.add_tag(library, "Hot")
    assert tags.apply_tag(library, hot.id, documents[:2]) == documents[:2]
    # Re-applying to a tagged document is not a change, so undo will not untag it.
    assert tags.apply_tag(library, hot.id, documents[1:3]) == [documents[2]]
    assert tags.tagged_documents(library, tags.get_tag_by_name(library, "hot").id) == documents[:3]
    assert tags.list_tags(library)[0].documents == 3
    assert [title for _, title in tags.tagged_document_titles(library, hot.id)] == [
        "Document 0",
        "Document 1",
        "Document 2",
    ]
    assert tags.remove_tag(library, hot.id, [documents[0], documents[3]]) == [documents[0]]
    assert tags.tagged_documents(library, hot.id) == documents[1:3]
    with library.read() as session:
        events = session.execute(
            select(AuditEvent.action, AuditEvent.entity_id, AuditEvent.after)
            .where(AuditEvent.entity == "document_tag")
            .order_by(AuditEvent.id)
        ).all()
    assert [(e.action, e.entity_id) for e in events] == [
        ("create", f"{documents[0]}:{hot.id}"),
        ("create", f"{documents[1]}:{hot.id}"),
        ("create", f"{documents[2]}:{hot.id}"),
        ("delete", f"{documents[0]}:{hot.id}"),
    ]
    assert json.loads(events[0].after) == {"document_id": documents[0], "tag_id": hot.id}
    _verify(library)


def test_delete_and_restore_a_tag(library: Library, documents: list[int]) -> None:
    hot = tags.add_tag(library, "Hot", "#ff0000")
    tags.apply_tag(library, hot.id, documents)
    tagged = tags.tagged_documents(library, hot.id)
    deleted = tags.delete_tag(library, hot.id)
    assert deleted.documents == 4
    assert tags.list_tags(library) == []
    restored = tags.restore_tag(library, deleted)
    assert (restored.id, restored.name, restored.colour) == (hot.id, "Hot", "#ff0000")
    assert tags.apply_tag(library, restored.id, tagged) == documents
    _verify(library)
