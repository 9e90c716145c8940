"""What every view is handed: the open library, the undo stack, the task runner.

Views get this one object instead of reaching into the main window; when a view changes
data it announces what changed through ``changed`` (a ``Change``) so that every other view
refreshes itself. ``Change`` is a flag enum: one announcement may name several kinds, and a
view tests the kinds it shows with ``&``, so a misspelt kind fails at once instead of
silently never matching.
"""

from __future__ import annotations

import enum
from functools import reduce
from operator import or_

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..core.library import Library
from .tasks import TaskRunner


class Change(enum.Flag):
    """The kinds of data a change can touch; a view refreshes when one it shows is named."""

    MATTERS = enum.auto()
    DOCUMENTS = enum.auto()
    NOTES = enum.auto()
    ALLEGATIONS = enum.auto()
    OFFICERS = enum.auto()
    TAGS = enum.auto()
    TAXONOMY = enum.auto()


class AppContext(QObject):
    """Shared by all views of one window."""

    changed = Signal(object)  # a Change: every kind of data the change touched
    status_message = Signal(str)  # a short message for the status bar

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.undo_stack = QUndoStack(self)
        self.runner = TaskRunner(self)
        # (entity, id) -> the edit version this window's last saved step left on the record:
        # what an undo or redo of any of its commands expects to find (see edit_versions).
        self.versions: dict[tuple[str, int], int] = {}

    def announce(self, *changes: Change) -> None:
        """Tell every view what changed, in one signal."""
        for change in changes:
            if not isinstance(change, Change):  # a string would reach no view: say so now
                raise TypeError(f"announce takes Change members, not {change!r}")
        if changes:
            self.changed.emit(reduce(or_, changes))
