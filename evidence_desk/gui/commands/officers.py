"""Undoable registry edits: new officers, officer details, identifiers, aliases, merge and unmerge.

A merge is undone by ``unmerge_officer`` (which puts back every moved row), and an unmerge
by merging again; each redo records a new merge, whose id the command keeps.
"""

from __future__ import annotations

from typing import Any

from ...core import officers
from ...core.officers import IdentifierInput, MergeRecord
from ...core.records import OfficerAliasRecord, OfficerIdentifierRecord, OfficerRecord
from ...core.wording import officer_words
from ..context import AppContext, Change
from . import ServiceCommand, VersionedCommand

# Officer changes show in allegation lists (names) as well as in the registry.
TOUCHES = Change.OFFICERS | Change.ALLEGATIONS

EDITABLE_FIELDS = ("name", "rank", "command", "agency", "description")


def editable_values(record: OfficerRecord) -> dict[str, Any]:
    """An officer's editable fields as ``update_officer`` takes them ("" clears a field)."""
    return {name: getattr(record, name) or "" for name in EDITABLE_FIELDS}


class AddOfficerCommand(ServiceCommand):
    """Register an officer; undo removes him again (refused once an allegation names him,
    which the undo stack's order normally rules out)."""

    touches = TOUCHES

    def __init__(self, context: AppContext, name: str, **details: Any) -> None:
        super().__init__(context, "New officer")
        self.name = name
        self.details = details
        self.record: OfficerRecord | None = None
        self._deleted: OfficerRecord | None = None

    def apply(self) -> None:
        if self._deleted is None:
            self.record = officers.add_officer(self.context.library, self.name, **self.details)
            self.setText(f"New officer {self.record.name}")
        else:
            self.record = officers.restore_officer(self.context.library, self._deleted)

    def revert(self) -> None:
        assert self.record is not None
        self._deleted = officers.delete_officer(self.context.library, self.record.id)


class EditOfficerCommand(VersionedCommand):
    """Change some of an officer's details; undo puts the old values back."""

    touches = TOUCHES
    entity = "officer"

    def __init__(
        self,
        context: AppContext,
        officer_id: int,
        changes: dict[str, str],
        expected_version: int | None = None,
    ) -> None:
        super().__init__(context, "Edit officer", officer_id, expected_version)
        self.officer_id = officer_id
        self.changes = dict(changes)
        self.previous: dict[str, str] = {}

    def apply(self) -> None:
        before, after = officers.update_officer(
            self.context.library,
            self.officer_id,
            **self.changes,
            expected_version=self.expected_version,
        )
        self.left_version(after.version)
        old = editable_values(before)
        self.previous = {key: old[key] for key in self.changes}
        self.setText(f"Edit officer {after.name}")

    def revert(self) -> None:
        _, after = officers.update_officer(
            self.context.library,
            self.officer_id,
            **self.previous,
            expected_version=self.expected_version,
        )
        self.left_version(after.version)


class AddIdentifierCommand(ServiceCommand):
    """Give an officer an identifier; undo removes it (redo restores the same row)."""

    touches = TOUCHES

    def __init__(self, context: AppContext, officer_id: int, item: IdentifierInput) -> None:
        super().__init__(context, f"Add identifier {item.value}")
        self.officer_id = officer_id
        self.item = item
        self.record: OfficerIdentifierRecord | None = None

    def apply(self) -> None:
        if self.record is None:
            self.record = officers.add_identifier(self.context.library, self.officer_id, self.item)
        else:
            officers.restore_identifier(self.context.library, self.record)

    def revert(self) -> None:
        assert self.record is not None
        officers.remove_identifier(self.context.library, self.record.id)


class RemoveIdentifierCommand(ServiceCommand):
    touches = TOUCHES

    def __init__(self, context: AppContext, identifier_id: int) -> None:
        super().__init__(context, "Remove identifier")
        self.identifier_id = identifier_id
        self.record: OfficerIdentifierRecord | None = None

    def apply(self) -> None:
        self.record = officers.remove_identifier(self.context.library, self.identifier_id)
        self.setText(f"Remove identifier {self.record.value}")

    def revert(self) -> None:
        assert self.record is not None
        officers.restore_identifier(self.context.library, self.record)


class AddAliasCommand(ServiceCommand):
    """Record a spelling of the officer; undo removes it (redo restores the same row)."""

    touches = TOUCHES

    def __init__(
        self, context: AppContext, officer_id: int, text: str, source: str | None = None
    ) -> None:
        super().__init__(context, f"Add alias “{text.strip()}”")
        self.officer_id = officer_id
        self.text = text
        self.source = source
        self.record: OfficerAliasRecord | None = None

    def apply(self) -> None:
        if self.record is None:
            self.record = officers.add_alias(
                self.context.library, self.officer_id, self.text, self.source
            )
        else:
            officers.restore_alias(self.context.library, self.record)

    def revert(self) -> None:
        assert self.record is not None
        officers.remove_alias(self.context.library, self.record.id)


class RemoveAliasCommand(ServiceCommand):
    touches = TOUCHES

    def __init__(self, context: AppContext, alias_id: int) -> None:
        super().__init__(context, "Remove alias")
        self.alias_id = alias_id
        self.record: OfficerAliasRecord | None = None

    def apply(self) -> None:
        self.record = officers.remove_alias(self.context.library, self.alias_id)
        self.setText(f"Remove alias “{self.record.text}”")

    def revert(self) -> None:
        assert self.record is not None
        officers.restore_alias(self.context.library, self.record)


class MergeOfficersCommand(ServiceCommand):
    """Fold ``other`` into ``keep``; undo unmerges, redo merges again (forced: the user
    already confirmed any conflicts)."""

    touches = TOUCHES

    def __init__(
        self,
        context: AppContext,
        keep_id: int,
        other_id: int,
        *,
        reason: str = "",
        force: bool = False,
    ) -> None:
        keep, other = (
            officer_words(officers.get_officer(context.library, officer_id))
            for officer_id in (keep_id, other_id)
        )
        super().__init__(context, f"Merge {other} into {keep}")
        self.keep_id = keep_id
        self.other_id = other_id
        self.reason = reason
        self.force = force
        self.merge: MergeRecord | None = None

    def apply(self) -> None:
        self.merge = officers.merge_officers(
            self.context.library,
            self.keep_id,
            self.other_id,
            reason=self.reason,
            force=self.force or self.merge is not None,
        )

    def revert(self) -> None:
        assert self.merge is not None
        officers.unmerge_officer(self.context.library, self.merge.id)


class UnmergeOfficerCommand(ServiceCommand):
    """Undo a recorded merge; undoing this merges the two officers again."""

    touches = TOUCHES

    def __init__(self, context: AppContext, merge: MergeRecord) -> None:
        super().__init__(context, f"Unmerge {merge.merged} from {merge.survivor}")
        self.merge = merge

    def apply(self) -> None:
        officers.unmerge_officer(self.context.library, self.merge.id)

    def revert(self) -> None:
        self.merge = officers.merge_officers(
            self.context.library,
            self.merge.survivor_id,
            self.merge.merged_id,
            reason=self.merge.reason,
            force=True,
        )
