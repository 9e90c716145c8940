"""The extraction pool as the import drives it: workers that never wait for the writer,
started early, the largest files first."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import psutil
import pytest

from evidence_desk.core import documents
from evidence_desk.core.ingest import pipeline, worker
from evidence_desk.core.ingest.pipeline import ImportProgress, import_paths
from evidence_desk.core.ingest.worker import (
    ExtractionPool,
    ExtractionTask,
    ReadAhead,
    TaskOutcome,
    remove_copies,
)
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter
from evidence_desk.core.records import DocumentRecord, MatterId
from tests.files import make_pdf


@pytest.fixture
def matter(library: Library) -> MatterId:
    return add_matter(library, MatterInput("2024-001", "People v. Doe", "Jane Doe")).id


@pytest.fixture
def long_linger(monkeypatch: pytest.MonkeyPatch) -> None:
    """A small batch waits (far longer than any test) for another file before it commits."""
    monkeypatch.setattr(pipeline, "BATCH_LINGER", 30.0)
    monkeypatch.setattr(pipeline, "BATCH_SECONDS", 60.0)


def _production(folder: Path, count: int, pages: int = 1) -> list[Path]:
    """``count`` PDFs in a new ``folder``, in name order, each page saying which file it is."""
    folder.mkdir(parents=True)
    return [
        make_pdf(folder / f"file-{index:02}.pdf", [f"Page of file {index}"] * pages)
        for index in range(count)
    ]


def _tasks(folder: Path, count: int, tag: str = "") -> list[ExtractionTask]:
    copies = folder / "copies"
    copies.mkdir()
    return [
        ExtractionTask(index, str(path), "pdf", str(copies), None, copy_tag=tag)
        for index, path in enumerate(_production(folder / "sources", count))
    ]


def _stored(library_path: Path, matter: MatterId) -> list[DocumentRecord]:
    """The matter's documents, as the library on disk holds them after a command."""
    with Library.open(library_path, readonly=True) as library:
        return documents.list_documents(library, matter)


def test_workers_go_on_while_the_writer_is_busy(tmp_path: Path) -> None:
    """While the caller holds one finished file (a writer committing a batch), the other
    files are still copied, hashed and read: ``keep`` is asked for every one of them."""
    tasks = _tasks(tmp_path, 6)
    asked: list[str] = []
    everyone_asked = threading.Event()

    def keep(outcome: TaskOutcome) -> bool:
        asked.append(outcome.task.source)
        if len(asked) == len(tasks):
            everyone_asked.set()
        return True

    reader = ReadAhead(ExtractionPool(2), tasks, keep=keep)
    try:
        outcomes = iter(reader)
        first = next(outcomes)
        # The caller does nothing with the pool now; the workers must not need it to.
        assert everyone_asked.wait(timeout=60), f"only {len(asked)} of 6 files were read"
        deadline = time.monotonic() + 60
        while not reader.waiting() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert reader.waiting()
        rest = list(outcomes)
    finally:
        reader.close()
    finished = [first, *rest]
    assert sorted(outcome.task.task_id for outcome in finished) == list(range(6))
    assert all(outcome.extraction and outcome.extraction.status == "ok" for outcome in finished)


def test_closing_the_reader_stops_the_workers_and_marks_what_it_leaves(tmp_path: Path) -> None:
    """Closing abandons the files under way; every copy left behind (the file the caller
    took, finished files not taken, partial copies of files cut short) carries the
    import's tag, which is how the import removes them (``remove_copies``)."""
    tasks = _tasks(tmp_path, 6, tag="0123abcd.")
    pool = ExtractionPool(2)
    reader = ReadAhead(pool, tasks)
    next(iter(reader))
    reader.close()
    assert pool._workers == []
    assert not reader._thread.is_alive()
    copies = tmp_path / "copies"
    assert all("0123abcd." in item.name for item in copies.iterdir())
    remove_copies(copies, "0123abcd.")
    assert list(copies.iterdir()) == []


def test_an_error_in_the_pool_reaches_the_caller(tmp_path: Path) -> None:
    tasks = _tasks(tmp_path, 2)

    def keep(_outcome: TaskOutcome) -> bool:
        raise RuntimeError("the writer's check failed")

    reader = ReadAhead(ExtractionPool(1), tasks, keep=keep)
    try:
        with pytest.raises(RuntimeError, match="the writer's check failed"):
            list(reader)
    finally:
        reader.close()


def test_a_pool_adopts_workers_started_early_and_stops_the_rest() -> None:
    worker.prestart(3)
    started = list(worker._PRESTARTED)
    pool = ExtractionPool(2)
    try:
        assert worker._PRESTARTED == []
        assert len(pool._workers) == 2
        assert all(item in started for item in pool._workers)
        stopped = [item for item in started if item not in pool._workers]
        assert len(stopped) == 1 and not stopped[0].process.is_alive()
    finally:
        pool.close()


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities here")
def test_workers_run_below_the_programs_priority(tmp_path: Path) -> None:
    """When the cores are short the writer (and the window) go first."""
    pool = ExtractionPool(1)
    seen: list[int] = []

    def keep(_outcome: TaskOutcome) -> bool:  # asked while the worker is at work
        seen.extend(psutil.Process(item.process.pid).nice() for item in pool._workers)
        return True

    list(pool.run(_tasks(tmp_path, 1), keep=keep))
    assert seen == [os.nice(0) + worker.WORKER_NICENESS]


def test_a_prestarted_worker_reads_files(tmp_path: Path) -> None:
    worker.prestart(1)
    tasks = _tasks(tmp_path, 2)
    pool = ExtractionPool(1)
    finished = list(pool.run(tasks))
    assert sorted(outcome.task.task_id for outcome in finished) == [0, 1]
    assert all(outcome.extraction and outcome.extraction.pages for outcome in finished)


_FRESH_PROGRAM = """
import json, os, signal
from pathlib import Path
from evidence_desk.core.ingest import worker
from evidence_desk.core.ingest.worker import ExtractionPool, ExtractionTask

worker.prestart(2, fresh_process=True)
started = list(worker._PRESTARTED)
report = {{"pids": [item.process.pid for item in started],
          "methods": [item.process._popen.method for item in started]}}
if {kill}:
    Path({out!r}).write_text(json.dumps(report))
    os.kill(os.getpid(), signal.SIGKILL)  # the program dies without stopping its workers
folder = Path({folder!r})
tasks = [ExtractionTask(index, str(path), "pdf", None, None)
         for index, path in enumerate(sorted(folder.glob("*.pdf")))]
report["pages"] = sorted(outcome.extraction.pages[0] for outcome in ExtractionPool(2).run(tasks))
Path({out!r}).write_text(json.dumps(report))
"""


def _run_fresh_program(tmp_path: Path, *, kill: bool) -> dict[str, list]:
    import json

    folder = tmp_path / "files"
    _production(folder, 3)
    out = tmp_path / "report.json"
    script = _FRESH_PROGRAM.format(folder=str(folder), out=str(out), kill=kill)
    # Output to a file, not a pipe: a worker left behind would hold a pipe open for ever.
    with (tmp_path / "output.txt").open("wb") as output:
        subprocess.run(
            [sys.executable, "-c", textwrap.dedent(script)],
            stdout=output,
            stderr=output,
            timeout=60,
            check=not kill,
        )
    return json.loads(out.read_text())


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_a_fresh_program_forks_its_first_workers_and_they_read(tmp_path: Path) -> None:
    report = _run_fresh_program(tmp_path, kill=False)
    assert report["methods"] == ["fork", "fork"]
    assert report["pages"] == [f"Page of file {index}" for index in range(3)]


def test_workers_started_in_a_longer_life_are_spawned() -> None:
    """A process that has done other things (this test run) spawns even its first workers."""
    worker.prestart(1, fresh_process=False)
    try:
        assert [item.process._popen.method for item in worker._PRESTARTED] == ["spawn"]
    finally:
        while worker._PRESTARTED:
            worker._PRESTARTED.pop().stop()


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_forked_workers_end_when_the_program_is_killed(tmp_path: Path) -> None:
    """Each forked worker is born holding the program's end of its own pipe (and of its
    elder siblings'); unless it closes them, a killed import leaves its workers waiting
    for ever."""
    pids = _run_fresh_program(tmp_path, kill=True)["pids"]
    assert len(pids) == 2
    deadline = time.monotonic() + 15
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in pids if _running(pid)]
        time.sleep(0.1)
    for pid in alive:  # do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert alive == []


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_the_largest_files_are_read_first(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    folder = tmp_path / "production"
    folder.mkdir()
    for name, pages in (("a-short.pdf", 1), ("b-long.pdf", 40), ("c-middle.pdf", 8)):
        make_pdf(folder / name, [f"{name} page {number}" for number in range(pages)])
    order: list[str] = []

    def progress(report: ImportProgress) -> None:
        if report.file_name:
            order.append(report.file_name)

    import_paths(library, matter, [folder], workers=1, progress=progress)
    assert order == ["b-long.pdf", "c-middle.pdf", "a-short.pdf"]


def test_what_wait_takes_is_handed_out_in_turn(tmp_path: Path) -> None:
    tasks = _tasks(tmp_path, 3)
    reader = ReadAhead(ExtractionPool(1), tasks)
    try:
        assert reader.wait(60)
        assert reader.waiting()
        finished = list(reader)
    finally:
        reader.close()
    assert sorted(outcome.task.task_id for outcome in finished) == [0, 1, 2]


def test_the_end_is_known_once_every_file_is_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopping the workers takes them a while: a caller that waits for another file after
    the last one would wait for that too."""
    stopping = threading.Event()
    close = ExtractionPool.close

    def slow_close(pool: ExtractionPool) -> None:
        stopping.wait(timeout=30)
        close(pool)

    monkeypatch.setattr(ExtractionPool, "close", slow_close)
    tasks = _tasks(tmp_path, 2)
    reader = ReadAhead(ExtractionPool(1), tasks)
    try:
        outcomes = iter(reader)
        taken = [next(outcomes), next(outcomes)]
        assert reader.waiting()  # the workers are still being stopped
        started = time.monotonic()
        assert reader.wait(30.0)
        assert time.monotonic() - started < 15  # not the 30 s the stopping is held back
        assert list(outcomes) == []
    finally:
        stopping.set()
        reader.close()
    assert sorted(outcome.task.task_id for outcome in taken) == [0, 1]


@pytest.mark.usefixtures("long_linger")
def test_small_files_read_one_after_another_are_committed_together(
    library: Library, matter: MatterId, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that keeps up with its workers waits a little for the next file rather than
    commit each small file in a transaction of its own."""
    batches: list[int] = []
    store_batch = pipeline._Writer.store_batch

    def counted(writer: pipeline._Writer, outcomes: list[TaskOutcome]) -> list:
        if outcomes:
            batches.append(len(outcomes))
        return store_batch(writer, outcomes)

    monkeypatch.setattr(pipeline._Writer, "store_batch", counted)
    folder = tmp_path / "production"
    _production(folder, 6)
    results = import_paths(library, matter, [folder], workers=1)
    assert [result.status for result in results] == ["ok"] * 6
    assert batches == [6]


@pytest.mark.usefixtures("long_linger")
def test_files_reported_as_read_are_kept_when_the_import_is_interrupted(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    """Ctrl-C at the command line while a small batch waits for company: the files the
    command has reported as read are in the library all the same."""
    reported: list[str] = []

    def progress(report: ImportProgress) -> None:
        if report.file_name:
            reported.append(report.file_name)
        if len(reported) == 2:
            raise KeyboardInterrupt

    folder = tmp_path / "production"
    _production(folder, 4)
    with pytest.raises(KeyboardInterrupt):
        import_paths(library, matter, [folder], workers=1, progress=progress)
    stored = sorted(record.file_name for record in documents.list_documents(library, matter))
    assert stored == sorted(reported)


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
@pytest.mark.parametrize("closed", [1, 2])
def test_the_import_command_works_with_an_output_closed(
    library: Library, matter: MatterId, tmp_path: Path, closed: int
) -> None:
    """Started with its standard output or error closed (as some launchers start programs),
    the command forks its workers and imports all the same."""
    library.close()  # the command opens it itself
    production = tmp_path / "production"
    _production(production, 1)
    completed = subprocess.run(
        [sys.executable, "-m", "evidence_desk.cli", "--library", str(library.path),
         "import", "2024-001", str(production), "--no-ocr"],
        stdout=subprocess.PIPE if closed == 2 else None,
        stderr=subprocess.PIPE if closed == 1 else None,
        preexec_fn=lambda: os.close(closed),
        timeout=120,
        check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr or completed.stdout
    assert [record.status for record in _stored(library.path, matter)] == ["ok"]


@pytest.mark.skipif(os.name == "nt", reason="Ctrl+C is a console event there, not SIGINT")
def test_ctrl_c_stops_the_import_command_between_files_and_keeps_what_it_listed(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    library.close()  # the command opens it itself
    production = tmp_path / "production"
    _production(production, 40, pages=5)
    process = subprocess.Popen(
        [sys.executable, "-m", "evidence_desk.cli", "--library", str(library.path),
         "import", "2024-001", str(production), "--no-ocr", "--workers", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    lines = []
    for line in process.stderr:
        lines.append(line)
        if line.startswith("[1/40]"):
            process.send_signal(signal.SIGINT)
            break
    lines.extend(process.stderr)
    assert process.wait(timeout=120) == 130, "".join(lines)
    assert process.stdout is not None
    table = process.stdout.read()  # what was stored is listed, as after a whole import
    listed = {line.split("] ", 1)[1].split(":", 1)[0] for line in lines if line.startswith("[")}
    assert any("interrupted:" in line for line in lines), "".join(lines)
    stored = {record.file_name for record in _stored(library.path, matter)}
    assert stored == listed
    assert 1 <= len(stored) < 40
    assert all(name in table for name in stored), table
    leftovers = [path for path in library.path.rglob("*") if path.name.startswith(".importing-")]
    assert leftovers == []
