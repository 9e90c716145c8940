"""What every view is handed: the open library, the undo stack, the task runner.

Views get this one object instead of reaching into the main window; when a view changes
data it announces what changed through ``changed`` so that every other view refreshes
itself (matters, documents, notes, allegations, officers, tags, taxonomy).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..core.library import Library
from .tasks import TaskRunner

# The kinds of data a change can touch; a view refreshes when one it shows is named.
CHANGE_KINDS = (
    "matters",
    "documents",
    "notes",
    "allegations",
    "officers",
    "tags",
    "taxonomy",
)


class AppContext(QObject):
    """Shared by all views of one window."""

    changed = Signal(str)  # one of CHANGE_KINDS
    status_message = Signal(str)  # a short message for the status bar

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.undo_stack = QUndoStack(self)
        self.runner = TaskRunner(self)
        # (entity, id) -> the edit version this window's last saved step left on the record:
        # what an undo or redo of any of its commands expects to find (see edit_versions).
        self.versions: dict[tuple[str, int], int] = {}

    def announce(self, *kinds: str) -> None:
        for kind in kinds:
            self.changed.emit(kind)
