"""Undoable matter edits: create, edit (caption, docket, court, client name), close, reopen,
restrict to a team (office mode)."""

from __future__ import annotations

from typing import Any

from ...core import matters, walls
from ...core.records import MatterId, MatterRecord
from ...core.walls import WallRecord
from ..context import AppContext, Change
from . import ServiceCommand, VersionedCommand

# Fields of ``update_matter`` the matter dialog can change, read from a MatterRecord.
EDITABLE_FIELDS = ("caption", "docket", "court", "status", "client_name")


def editable_values(record: MatterRecord) -> dict[str, Any]:
    return {
        "caption": record.caption,
        "docket": record.docket or "",
        "court": record.court or "",
        "status": record.status,
        "client_name": record.client.name,
        "client_date_of_birth": record.client.date_of_birth,
        "client_identifiers": [(item.kind, item.value) for item in record.client.identifiers],
    }


class CreateMatterCommand(ServiceCommand):
    """Open a new matter; undo removes it again (only while it is still empty)."""

    touches = Change.MATTERS

    def __init__(self, context: AppContext, data: matters.MatterInput) -> None:
        super().__init__(context, f"New matter {data.file_number}")
        self.data = data
        self.record: MatterRecord | None = None
        self._deleted: matters.DeletedMatter | None = None

    def apply(self) -> None:
        if self.record is None:
            self.record = matters.add_matter(self.context.library, self.data)
        elif self._deleted is not None:
            self.record = matters.restore_matter(self.context.library, self._deleted)

    def revert(self) -> None:
        assert self.record is not None
        self._deleted = matters.delete_matter(self.context.library, self.record.id)


class DeleteMatterCommand(ServiceCommand):
    """Remove an empty matter opened by mistake (the core refuses one holding evidence);
    undo puts it back with the same ids."""

    touches = Change.MATTERS

    def __init__(self, context: AppContext, record: MatterRecord) -> None:
        super().__init__(context, f"Delete matter {record.file_number}")
        self.matter_id = record.id
        self._deleted: matters.DeletedMatter | None = None

    def apply(self) -> None:
        self._deleted = matters.delete_matter(self.context.library, self.matter_id)

    def revert(self) -> None:
        assert self._deleted is not None
        matters.restore_matter(self.context.library, self._deleted)


class EditMatterCommand(VersionedCommand):
    """Change some fields of a matter; undo puts the old values back."""

    touches = Change.MATTERS
    entity = "matter"

    def __init__(
        self,
        context: AppContext,
        matter_id: MatterId,
        changes: dict[str, Any],
        text: str = "",
        expected_version: int | None = None,
    ) -> None:
        super().__init__(context, text or "Edit matter", matter_id, expected_version)
        self.matter_id = matter_id
        self.changes = dict(changes)
        self.previous: dict[str, Any] = {}
        self._named = bool(text)

    def apply(self) -> None:
        before, after = matters.update_matter(
            self.context.library,
            self.matter_id,
            **self.changes,
            expected_version=self.expected_version,
        )
        self.left_version(after.version)
        old = editable_values(before)
        self.previous = {key: old[key] for key in self.changes}
        if not self._named:
            self.setText(f"Edit matter {after.file_number}")

    def revert(self) -> None:
        _, after = matters.update_matter(
            self.context.library,
            self.matter_id,
            **self.previous,
            expected_version=self.expected_version,
        )
        self.left_version(after.version)


def set_status_command(context: AppContext, record: MatterRecord, status: str) -> EditMatterCommand:
    verb = "Close" if status == "closed" else "Reopen"
    return EditMatterCommand(
        context, record.id, {"status": status}, text=f"{verb} {record.file_number}"
    )


class WallMatterCommand(ServiceCommand):
    """Restrict a matter to a team, change its team, or lift its wall (office mode); undo
    puts the wall it had back."""

    touches = Change.MATTERS

    def __init__(
        self, context: AppContext, matter_id: MatterId, team: tuple[str, ...], before: WallRecord
    ) -> None:
        verb = "Restrict" if team else "Unrestrict"
        super().__init__(context, f"{verb} matter {before.file_number}")
        self.matter_id = matter_id
        self.team = team
        self.before = before

    def _set(self, team: tuple[str, ...]) -> None:
        if team:
            walls.restrict_matter(self.context.library, self.matter_id, team)
        elif walls.matter_wall(self.context.library, self.matter_id).restricted:
            walls.unrestrict_matter(self.context.library, self.matter_id)

    def apply(self) -> None:
        self._set(self.team)

    def revert(self) -> None:
        self._set(self.before.team if self.before.restricted else ())
