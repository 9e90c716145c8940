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
from ...core.wording import plural
from ..context import AppContext, Change
from . import ServiceCommand


class ApplyTagCommand(ServiceCommand):
    touches = Change.TAGS | Change.DOCUMENTS

    def __init__(self, context: AppContext, tag: str, document_ids: Sequence[int]) -> None:
        count = len(document_ids)
        super().__init__(context, f"Tag {plural(count, 'document')} “{tag}”")
        self.tag = tag
        self.document_ids = list(document_ids)
        self.changed_ids: list[int] = []
        self.created: TagRecord | None = None
        self.tag_id = 0  # known once applied: the name is looked up (or created) then

    def apply(self) -> None:
        library = self.context.library
        if self.created is not None:
            self.tag_id = tags.restore_tag(library, self.created).id
        else:
            try:
                self.tag_id = tags.get_tag_by_name(library, self.tag).id
            except NotFoundError:
                self.created = tags.add_tag(library, self.tag)
                self.tag_id = self.created.id
        self.changed_ids = list(tags.apply_tag(library, self.tag_id, self.document_ids))

    def revert(self) -> None:
        library = self.context.library
        if self.changed_ids:
            tags.remove_tag(library, self.tag_id, self.changed_ids)
        if self.created is not None:
            tags.delete_tag(library, self.created.id)


class RemoveTagCommand(ServiceCommand):
    touches = Change.TAGS | Change.DOCUMENTS

    def __init__(self, context: AppContext, tag: str, document_ids: Sequence[int]) -> None:
        count = len(document_ids)
        super().__init__(context, f"Untag {plural(count, 'document')} “{tag}”")
        self.tag = tag
        self.document_ids = list(document_ids)
        self.changed_ids: list[int] = []
        self.tag_id = 0  # known once applied

    def apply(self) -> None:
        library = self.context.library
        self.tag_id = tags.get_tag_by_name(library, self.tag).id
        self.changed_ids = list(tags.remove_tag(library, self.tag_id, self.document_ids))

    def revert(self) -> None:
        if self.changed_ids:
            tags.apply_tag(self.context.library, self.tag_id, self.changed_ids)
