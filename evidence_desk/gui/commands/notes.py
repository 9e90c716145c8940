"""Undoable note edits: add a note, change its title or body, delete it."""

from __future__ import annotations

from ...core import notes
from ...core.records import MatterId, NoteRecord
from ..context import AppContext, Change
from . import ServiceCommand, VersionedCommand


class AddNoteCommand(ServiceCommand):
    """Add a note to a matter; undo deletes it, redo restores it with the same id."""

    touches = Change.NOTES | Change.MATTERS

    def __init__(self, context: AppContext, matter_id: MatterId, title: str, body: str) -> None:
        super().__init__(context, f"Add note “{title.strip()}”")
        self.matter_id = matter_id
        self.title = title
        self.body = body
        self.record: NoteRecord | None = None
        self._deleted: NoteRecord | None = None

    def apply(self) -> None:
        if self.record is None:
            self.record = notes.add_note(
                self.context.library, self.matter_id, self.title, self.body
            )
        elif self._deleted is not None:
            self.record = notes.restore_note(self.context.library, self._deleted)

    def revert(self) -> None:
        assert self.record is not None
        self._deleted = notes.delete_note(self.context.library, self.record.id)


class DeleteNoteCommand(ServiceCommand):
    """Delete a note (refused while an allegation cites it); undo restores it, same id."""

    touches = Change.NOTES | Change.MATTERS

    def __init__(self, context: AppContext, note_id: int, title: str) -> None:
        super().__init__(context, f"Delete note “{title}”")
        self.note_id = note_id
        self._deleted: NoteRecord | None = None

    def apply(self) -> None:
        self._deleted = notes.delete_note(self.context.library, self.note_id)

    def revert(self) -> None:
        assert self._deleted is not None
        notes.restore_note(self.context.library, self._deleted)


class EditNoteCommand(VersionedCommand):
    """Change a note's title and/or body; undo restores the previous text."""

    touches = Change.NOTES
    entity = "note"

    def __init__(
        self,
        context: AppContext,
        note_id: int,
        *,
        title: str | None,
        body: str | None,
        expected_version: int | None = None,
    ) -> None:
        super().__init__(context, "Edit note", note_id, expected_version)
        self.note_id = note_id
        self.changes = {"title": title, "body": body}
        self.previous: dict[str, str | None] = {}

    def apply(self) -> None:
        before, after = notes.update_note(
            self.context.library,
            self.note_id,
            **self.changes,
            expected_version=self.expected_version,
        )
        self.left_version(after.version)
        self.previous = {
            "title": before.title if self.changes["title"] is not None else None,
            "body": before.body if self.changes["body"] is not None else None,
        }
        self.setText(f"Edit note “{after.title}”")

    def revert(self) -> None:
        _, after = notes.update_note(
            self.context.library,
            self.note_id,
            **self.previous,
            expected_version=self.expected_version,
        )
        self.left_version(after.version)
