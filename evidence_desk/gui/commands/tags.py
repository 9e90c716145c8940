"""Undoable bulk tagging: apply a tag to many documents, or remove it from them.

The services return only the documents whose tagging really changed, so undo touches
exactly those and leaves documents that already had (or lacked) the tag alone. Applying
a tag name that does not exist yet creates the tag; undo removes it again.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...core import tags
from ...core.errors import NotFoundError
from ...core.records import TagRecord
from ..context import AppContext, Change
from . import ServiceCommand


class ApplyTagCommand(ServiceCommand):
    touches = Change.TAGS | Change.DOCUMENTS

    def __init__(self, context: AppContext, tag: str, document_ids: Sequence[int]) -> None:
        count = len(document_ids)
        super().__init__(context, f"Tag {count} document{'s' * (count != 1)} “{tag}”")
        self.tag = tag
        self.document_ids = list(document_ids)
        self.changed_ids: list[int] = []
        self.created: TagRecord | None = None

    def apply(self) -> None:
        library = self.context.library
        if self.created is not None:
            tags.restore_tag(library, self.created)
        else:
            try:
                tags.get_tag(library, self.tag)
            except NotFoundError:
                self.created = tags.add_tag(library, self.tag)
        tag = self.created.id if self.created is not None else self.tag
        self.changed_ids = list(tags.apply_tag(library, tag, self.document_ids))

    def revert(self) -> None:
        library = self.context.library
        tag = self.created.id if self.created is not None else self.tag
        if self.changed_ids:
            tags.remove_tag(library, tag, self.changed_ids)
        if self.created is not None:
            tags.delete_tag(library, self.created.id)


class RemoveTagCommand(ServiceCommand):
    touches = Change.TAGS | Change.DOCUMENTS

    def __init__(self, context: AppContext, tag: str, document_ids: Sequence[int]) -> None:
        count = len(document_ids)
        super().__init__(context, f"Untag {count} document{'s' * (count != 1)} “{tag}”")
        self.tag = tag
        self.document_ids = list(document_ids)
        self.changed_ids: list[int] = []

    def apply(self) -> None:
        self.changed_ids = list(tags.remove_tag(self.context.library, self.tag, self.document_ids))

    def revert(self) -> None:
        if self.changed_ids:
            tags.apply_tag(self.context.library, self.tag, self.changed_ids)
