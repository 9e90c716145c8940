"""Background work for the window: run a core service off the GUI thread.

A ``Task`` wraps one call. The call receives a ``TaskControl`` through which it reports
progress and is told of a cancel; results, errors and progress come back to the GUI thread
as Qt signals (queued across threads), so views never block and never touch a Session.

Cancelling works one way for every task: ``Task.cancel`` sets ``control.cancel_event``,
which the work hands to the core service as its ``cancel`` argument. The service stops at
its next safe point and either returns what it finished (an import keeps the files already
stored) or raises ``core.errors.Cancelled``, which arrives as ``cancelled`` rather than as
a failure.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import Shiboken

from ..core.errors import Cancelled, EvidenceDeskError


class TaskControl:
    """Handed to the work function: report progress; ``cancel_event`` goes to the core."""

    def __init__(self, signals: TaskSignals) -> None:
        self._signals = signals
        self.cancel_event = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def progress(self, done: int, total: int, message: str = "") -> None:
        self._signals.progress.emit(done, total, message)


class TaskSignals(QObject):
    progress = Signal(int, int, str)  # done, total, message
    succeeded = Signal(object)  # the work function's return value
    failed = Signal(str)  # a message for the user
    cancelled = Signal(str)  # the work stopped when asked to; what was (not) done
    finished = Signal()  # after succeeded or failed


class Task(QRunnable):
    """One call of ``work(control)`` on the thread pool."""

    def __init__(self, work: Callable[[TaskControl], Any], description: str = "") -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps it until finished
        self.description = description
        self.ask_before_quit = True
        # Set on the worker thread when the work is over, before the queued "finished"
        # reaches the GUI thread: a task in that gap is not worth asking about.
        self.work_done = threading.Event()
        self.signals = TaskSignals()
        self.control = TaskControl(self.signals)
        self._work = work

    def cancel(self) -> None:
        self.control.cancel_event.set()

    def run(self) -> None:
        try:
            result = self._work(self.control)
        except Cancelled as error:
            self.signals.cancelled.emit(str(error))
        except EvidenceDeskError as error:
            self.signals.failed.emit(str(error))
        except Exception as error:  # a bug: say so plainly, keep the window alive
            traceback.print_exc()
            self.signals.failed.emit(f"Unexpected error: {type(error).__name__}: {error}")
        else:
            self.signals.succeeded.emit(result)
        self.work_done.set()
        self.signals.finished.emit()


class TaskRunner(QObject):
    """Starts tasks on a private thread pool and keeps them alive until they finish."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._running: set[Task] = set()

    def start(
        self,
        work: Callable[[TaskControl], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancelled: Callable[[str], None] | None = None,
        description: str = "",
        ask_before_quit: bool = True,
    ) -> Task:
        """Run ``work`` on the pool. ``ask_before_quit=False`` marks quick, read-only work
        (a search) that quitting may simply abandon. Without ``on_cancelled`` a cancel is
        reported to ``on_failure``."""
        task = Task(work, description)
        task.ask_before_quit = ask_before_quit
        if on_success is not None:
            task.signals.succeeded.connect(self._while_alive(on_success))
        if on_failure is not None:
            task.signals.failed.connect(self._while_alive(on_failure))
        if on_progress is not None:
            task.signals.progress.connect(self._while_alive(on_progress))
        if on_cancelled is not None or on_failure is not None:
            task.signals.cancelled.connect(self._while_alive(on_cancelled or on_failure))
        task.signals.finished.connect(self._while_alive(lambda: self._done(task)))
        self._running.add(task)
        self.busy_changed.emit(True)
        self.pool.start(task)
        return task

    def _while_alive(self, callback: Callable[..., None]) -> Callable[..., None]:
        """Deliver a task's signal only while this runner (and so, normally, the view that
        owns it) still exists: a window closed mid-task must not be called back."""

        def deliver(*arguments: Any) -> None:
            if Shiboken.isValid(self):
                callback(*arguments)

        return deliver

    def _done(self, task: Task) -> None:
        self._running.discard(task)
        if not self._running:
            self.busy_changed.emit(False)

    def cancel_all(self) -> None:
        """Ask every running task to stop at its next cancel check."""
        for task in list(self._running):
            task.cancel()

    def descriptions(self) -> list[str]:
        return [task.description for task in self._running if task.description]

    @property
    def busy(self) -> bool:
        return bool(self._running)

    @property
    def has_work_worth_asking_about(self) -> bool:
        """True while a task runs that the user would not want abandoned unasked."""
        return any(task.ask_before_quit and not task.work_done.is_set() for task in self._running)

    def wait(self, milliseconds: int = -1) -> bool:
        """Block until all tasks are done (tests and shutdown only)."""
        return self.pool.waitForDone(milliseconds)
