"""Background tasks: results reach the GUI thread; a runner deleted mid-task is left alone."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QEventLoop
from pytestqt.qtbot import QtBot

from evidence_desk.gui.tasks import TaskControl, TaskRunner


def test_progress_and_result_arrive_and_busy_goes_back_to_false(qtbot: QtBot) -> None:
    runner = TaskRunner()
    seen: list[object] = []

    def work(control: TaskControl) -> int:
        control.progress(1, 2, "half")
        return 42

    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: busy is False):
        runner.start(work, on_success=seen.append, on_progress=lambda *p: seen.append(p))
    assert seen == [(1, 2, "half"), 42]
    assert not runner.busy


def test_a_runner_deleted_while_its_task_runs_is_not_called_back(qtbot: QtBot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    delivered: list[object] = []
    task = runner.start(lambda _control: release.wait(5), on_success=delivered.append)
    runner.deleteLater()
    QCoreApplication.sendPostedEvents(None, 0)  # deferred deletes are delivered here
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
    finished: list[bool] = []
    task.signals.finished.connect(lambda: finished.append(True))
    release.set()
    qtbot.waitUntil(lambda: finished == [True], timeout=5000)
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
    assert delivered == []


def test_quitting_asks_only_while_work_really_runs(qtbot: QtBot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    runner.start(lambda _control: release.wait(10), description="Import")
    runner.start(lambda _control: None, description="Search", ask_before_quit=False)
    assert runner.has_work_worth_asking_about
    release.set()
    # The work is over but its "finished" has not reached this thread yet (no event loop
    # ran): nothing is left to ask about, though the runner still counts it as busy.
    assert runner.pool.waitForDone(10_000)
    assert runner.busy
    assert not runner.has_work_worth_asking_about
    qtbot.waitUntil(lambda: not runner.busy)
