"""Undoable document edits: title, source and date; Bates numbers assigned by hand."""

from __future__ import annotations

from typing import Any

from ...core import documents
from ...core.documents import BatesState
from ..context import AppContext, Change
from . import ServiceCommand

TOUCHES = Change.DOCUMENTS


class EditDocumentCommand(ServiceCommand):
    """Change a document's title, source or date; undo puts the old values back."""

    touches = TOUCHES

    def __init__(self, context: AppContext, document_id: int, changes: dict[str, Any]) -> None:
        super().__init__(context, "Edit document")
        self.document_id = document_id
        self.changes = dict(changes)
        self.previous: dict[str, Any] = {}

    def apply(self) -> None:
        before, after = documents.update_document(
            self.context.library, self.document_id, **self.changes
        )
        old = {
            "title": before.title,
            "source": before.source,
            "document_date": before.document_date,
        }
        self.previous = {key: old[key] for key in self.changes}
        self.setText(f"Edit document {after.title}")

    def revert(self) -> None:
        documents.update_document(self.context.library, self.document_id, **self.previous)


class AssignBatesCommand(ServiceCommand):
    """Number a document's pages by hand; undo restores the labels it had before."""

    touches = TOUCHES

    def __init__(
        self, context: AppContext, document_id: int, prefix: str, first: int, width: int
    ) -> None:
        super().__init__(context, "Number pages")
        self.document_id = document_id
        self.prefix, self.first, self.width = prefix, first, width
        self.before: BatesState | None = None

    def apply(self) -> None:
        library = self.context.library
        self.before = documents.bates_state(library, self.document_id)
        record = documents.assign_bates(
            library, self.document_id, self.prefix, self.first, self.width
        )
        self.setText(f"Number pages of {record.title}")

    def revert(self) -> None:
        assert self.before is not None
        documents.restore_bates(self.context.library, self.before)
