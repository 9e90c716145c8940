"""Undoable edits: QUndoCommands that call core services one way on redo and back on undo.

A command holds ids and plain before/after values, never ORM objects. The first ``redo``
(run by ``QUndoStack.push``) does the edit; if the service refuses, the error propagates out
of ``push_command`` and nothing is left on the stack.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ..context import AppContext, Change


class ServiceCommand(QUndoCommand):
    """A command whose redo/undo call core services and then announce what changed.

    The first ``redo`` is the edit itself (``push_command`` raises its error to the
    caller). A later redo or an undo that the core refuses (the data changed meanwhile)
    says so in the status bar and leaves the stack, in the same way for both directions.
    """

    touches: Change = Change(0)  # what redo and undo change, for the views to refresh

    def __init__(self, context: AppContext, text: str) -> None:
        super().__init__(text)
        self.context = context
        self.error: Exception | None = None
        self._done_once = False

    def apply(self) -> None:  # the edit
        raise NotImplementedError

    def revert(self) -> None:  # its inverse
        raise NotImplementedError

    def redo(self) -> None:
        try:
            self.apply()
        except Exception as error:
            self._refused("redo", error)
            return
        self._done_once = True
        self.context.announce(self.touches)

    def undo(self) -> None:
        try:
            self.revert()
        except Exception as error:
            self._refused("undo", error)
            return
        self.context.announce(self.touches)

    def _refused(self, step: str, error: Exception) -> None:
        self.error = error
        self.setObsolete(True)
        if step == "undo" or self._done_once:
            # Not the first redo (whose caller sees the error): nobody else will say it.
            self.context.status_message.emit(f"Cannot {step} {self.text()}: {error}")


class VersionedCommand(ServiceCommand):
    """A command that saves over a record with an edit version (matter, note, officer,
    allegation). Its first step expects the version the editor showed; each undo and redo
    the version this window's last step on that record left, so that undoing several edits
    in turn works, and a change by someone else in between is still refused."""

    entity = ""

    def __init__(
        self, context: AppContext, text: str, entity_id: int, expected_version: int | None
    ) -> None:
        super().__init__(context, text)
        self._version_key = (self.entity, int(entity_id))
        self._shown_version = expected_version
        self._stepped = False

    @property
    def expected_version(self) -> int | None:
        if not self._stepped:
            return self._shown_version
        return self.context.versions.get(self._version_key, self._shown_version)

    def left_version(self, version: int) -> None:
        """Record the version a step of this command left on its record."""
        self._stepped = True
        self.context.versions[self._version_key] = version


def push_command(context: AppContext, command: ServiceCommand) -> None:
    """Run ``command`` through the undo stack; re-raise the service's error if it failed."""
    context.undo_stack.push(command)
    if command.error is not None:
        raise command.error
