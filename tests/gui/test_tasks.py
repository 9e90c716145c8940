"""Background tasks: results reach the GUI thread; a runner deleted mid-task is left alone;
one way to cancel."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop
from pytestqt.qtbot import QtBot

from evidence_desk.core.errors import Cancelled
from evidence_desk.core.library import Library
from evidence_desk.gui.context import AppContext
from evidence_desk.gui.tasks import TaskControl, TaskRunner
from evidence_desk.gui.views.export_dialog import ExportDialog
from tests.core.memo_data import build_scenario


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


def test_cancel_is_one_mechanism_an_export_stopped_before_it_ran(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    """Stop sets the task's cancel event, the core export honours it and raises
    ``Cancelled``, which reaches the dialog as a stop (not a failure); nothing is written."""
    scenario = build_scenario(library)
    context = AppContext(library)
    release = threading.Event()
    for _slot in range(context.runner.pool.maxThreadCount()):  # the export has to wait
        context.runner.start(lambda _control: release.wait(10))
    dialog = ExportDialog(context, matter_id=scenario.matters["rivera"].id)
    qtbot.addWidget(dialog)
    out = tmp_path / "motion.docx"
    dialog.output_edit.setText(str(out))
    outcomes: list[object] = []
    dialog.finished_export.connect(outcomes.append)
    task = dialog.start_export()
    assert task is not None
    dialog.cancel_export()
    assert task.control.cancel_event.is_set()
    release.set()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=30_000)
    assert outcomes == ["the export was stopped; nothing was written"]
    assert not dialog.message.is_error and "stopped" in dialog.message.text()
    assert not out.exists()
    assert dialog.task is None and dialog.cancel_button.isHidden()  # ready for another go


def test_a_cancelled_core_call_arrives_as_cancelled_not_as_failure(qtbot: QtBot) -> None:
    runner = TaskRunner()
    seen: list[tuple[str, str]] = []

    def work(control: TaskControl) -> None:
        assert control.cancel_event.wait(5)
        raise Cancelled("stopped")

    task = runner.start(
        work,
        on_failure=lambda message: seen.append(("failed", message)),
        on_cancelled=lambda message: seen.append(("cancelled", message)),
    )
    task.cancel()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [("cancelled", "stopped")]
