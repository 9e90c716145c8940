"""Reading older documents for officers, in the background, after an upgrade.

A library made before mentions existed holds documents nobody has read for officers (and
a changed detector marks older readings as due again). ``MentionScanController`` reads
them when the window opens, on a runner of its own (one thread: it may take minutes on a
large library, and the window's shared runner must stay free for searches and imports),
with its progress and a Cancel button in the status bar. A cancelled run keeps what it
finished; the next start goes on with the rest. It also matches again the undecided
mentions made against an older registry.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ...core import mentions
from ..context import AppContext, Change
from ..tasks import Task, TaskControl, TaskRunner
from .background_status import BackgroundStatus


class MentionScanStatus(BackgroundStatus):
    """The status bar's corner for reading documents for officers."""

    def __init__(self) -> None:
        super().__init__(
            label_name="Reading documents for officers",
            bar_name="Documents read for officers",
            cancel_text="Cancel reading",
            cancel_tip="Stop reading documents for officers; the next start goes on from here",
        )


class MentionScanController(QObject):
    """One background reading of unread documents at a time."""

    finished = Signal(object)  # the ScanSummary

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = TaskRunner(self, max_threads=1)
        self.status = MentionScanStatus()
        self.status.cancel_button.clicked.connect(self.cancel)
        self.task: Task | None = None

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(self) -> Task | None:
        """Read every document not read yet (nothing to do: returns at once, unseen)."""
        library = self.context.library
        if library.readonly or self.task is not None:
            return None

        def work(control: TaskControl) -> mentions.ScanSummary:
            return mentions.scan_library(
                library,
                progress=lambda step: control.progress(step.done, step.total, step.message),
                cancel=control.cancel_event,
            )

        self.task = self.runner.start(
            work,
            on_success=self._succeeded,
            on_failure=self._failed,
            on_progress=self._progress,
            description="Reading documents for officers",
            ask_before_quit=False,
        )
        return self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.cancel_button.setEnabled(False)
            self.status.label.setText("Stopping after the documents under way…")

    def stop(self, milliseconds: int = 30_000) -> None:
        """Cancel and wait (the window is closing): the rest is read next time."""
        self.cancel()
        self.runner.wait(milliseconds)

    def _progress(self, done: int, total: int, message: str) -> None:
        if self.task is None or self.task.control.cancelled or not total:
            return
        if not self.status.isVisible():
            self.status.begin("Reading documents for officers…")
        self.status.advance(done, total, f"Officers: {done} of {total} documents read")
        self.status.label.setToolTip(message)

    def _finish(self) -> None:
        self.task = None
        self.status.hide()

    def _succeeded(self, summary: mentions.ScanSummary) -> None:
        self._finish()
        if summary.documents or summary.refreshed or summary.documents_left:
            self.context.status_message.emit(summary.message())
            self.context.announce(Change.DOCUMENTS)  # the matter's panel lists what was found
        self.finished.emit(summary)

    def _failed(self, message: str) -> None:
        self._finish()
        self.context.status_message.emit(f"Documents were not read for officers: {message}")
