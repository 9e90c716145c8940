"""Undoable allegation edits: add, edit (with its citations), delete; add and remove citations.

Each command keeps ids and the records the core handed back, so undo and redo call the
core services both ways and the library ends exactly as it was (same ids included).
"""

from __future__ import annotations

from ...core import allegations, citations
from ...core.allegations import AllegationInput, input_from_record
from ...core.citations import CitationInput
from ...core.records import AllegationRecord, CitationRecord
from ..context import AppContext, Change
from . import ServiceCommand, VersionedCommand

# An allegation's officers and counts show in the registry too.
TOUCHES = Change.ALLEGATIONS | Change.OFFICERS


def short_name(record: AllegationRecord | AllegationInput) -> str:
    summary = record.summary.strip()
    return summary if len(summary) <= 40 else summary[:37] + "..."


class AddAllegationCommand(ServiceCommand):
    """Record a new allegation (with its first citations); undo deletes it again."""

    touches = TOUCHES

    def __init__(self, context: AppContext, data: AllegationInput) -> None:
        super().__init__(context, f"Add allegation “{short_name(data)}”")
        self.data = data
        self.record: AllegationRecord | None = None
        self._deleted: AllegationRecord | None = None

    def apply(self) -> None:
        if self._deleted is None:
            self.record = allegations.add_allegation(self.context.library, self.data)
        else:
            self.record = allegations.restore_allegation(self.context.library, self._deleted)

    def revert(self) -> None:
        assert self.record is not None
        self._deleted = allegations.delete_allegation(self.context.library, self.record.id)


class EditAllegationCommand(VersionedCommand):
    """Change an allegation's details and, in the same step, add or remove citations.

    If any part is refused (a quote not on the page, say) the parts already done are put
    back before the error reaches the editor, so a failed save changes nothing.

    ``expected_version`` is the version the editor showed: if someone else saved since,
    the core refuses (``EditConflictError``). Undo and redo expect the version this
    window's last step left (``VersionedCommand``), so they never overwrite a later change
    by someone else.
    """

    touches = TOUCHES
    entity = "allegation"

    def __init__(
        self,
        context: AppContext,
        allegation_id: int,
        data: AllegationInput,
        *,
        add_citations: tuple[CitationInput, ...] = (),
        remove_citations: tuple[int, ...] = (),
        expected_version: int | None = None,
    ) -> None:
        super().__init__(
            context, f"Edit allegation “{short_name(data)}”", allegation_id, expected_version
        )
        self.allegation_id = allegation_id
        self.data = data
        self.add_citations = add_citations
        self.remove_citation_ids = remove_citations
        self.before: AllegationRecord | None = None
        self.after: AllegationRecord | None = None
        self._added: list[CitationRecord] = []  # stored on the first redo, restored later
        self._removed: list[CitationRecord] = []

    def apply(self) -> None:
        library = self.context.library
        first_time = self.before is None
        before, self.after = allegations.update_allegation(
            library, self.allegation_id, self.data, expected_version=self.expected_version
        )
        self.left_version(self.after.version)
        if first_time:
            self.before = before
        done_removed: list[CitationRecord] = []
        done_added: list[CitationRecord] = []
        try:
            for citation_id in self.remove_citation_ids:
                done_removed.append(citations.remove_citation(library, citation_id))
            if first_time:
                for item in self.add_citations:
                    done_added.append(citations.add_citation(library, self.allegation_id, item))
            else:
                for record in self._added:
                    done_added.append(citations.restore_citation(library, record))
        except Exception:
            for record in done_added:
                citations.remove_citation(library, record.id)
            for record in reversed(done_removed):
                citations.restore_citation(library, record)
            assert self.before is not None
            _, reverted = allegations.update_allegation(
                library, self.allegation_id, input_from_record(self.before)
            )
            self.left_version(reverted.version)
            raise
        self._removed = done_removed
        self._added = done_added

    def revert(self) -> None:
        library = self.context.library
        for record in self._added:
            citations.remove_citation(library, record.id)
        for record in reversed(self._removed):
            citations.restore_citation(library, record)
        assert self.before is not None
        _, reverted = allegations.update_allegation(
            library,
            self.allegation_id,
            input_from_record(self.before),
            expected_version=self.expected_version,
        )
        self.left_version(reverted.version)


class DeleteAllegationCommand(ServiceCommand):
    """Delete an allegation with its links and citations; undo restores all of it."""

    touches = TOUCHES

    def __init__(self, context: AppContext, allegation_id: int, label: str = "") -> None:
        super().__init__(context, f"Delete allegation{f' “{label}”' if label else ''}")
        self.allegation_id = allegation_id
        self.record: AllegationRecord | None = None

    def apply(self) -> None:
        self.record = allegations.delete_allegation(self.context.library, self.allegation_id)

    def revert(self) -> None:
        assert self.record is not None
        allegations.restore_allegation(self.context.library, self.record)


class AddCitationCommand(ServiceCommand):
    """Cite evidence for an allegation (the core checks the quote); undo removes it."""

    touches = Change.ALLEGATIONS

    def __init__(self, context: AppContext, allegation_id: int, data: CitationInput) -> None:
        super().__init__(context, "Add citation")
        self.allegation_id = allegation_id
        self.data = data
        self.record: CitationRecord | None = None

    def apply(self) -> None:
        if self.record is None:
            self.record = citations.add_citation(
                self.context.library, self.allegation_id, self.data
            )
            self.setText(f"Cite {self.record.pinpoint}")
        else:
            citations.restore_citation(self.context.library, self.record)

    def revert(self) -> None:
        assert self.record is not None
        citations.remove_citation(self.context.library, self.record.id)


class RemoveCitationCommand(ServiceCommand):
    """Remove one citation; undo puts the same citation back."""

    touches = Change.ALLEGATIONS

    def __init__(self, context: AppContext, citation_id: int) -> None:
        super().__init__(context, "Remove citation")
        self.citation_id = citation_id
        self.record: CitationRecord | None = None

    def apply(self) -> None:
        self.record = citations.remove_citation(self.context.library, self.citation_id)
        self.setText(f"Remove citation {self.record.pinpoint}")

    def revert(self) -> None:
        assert self.record is not None
        citations.restore_citation(self.context.library, self.record)
