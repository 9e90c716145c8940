"""Extraction in worker processes, each file under a time and memory limit.

A hostile or broken file can make a parser loop forever or swallow memory. Each worker is
a separate process (spawn start method: safe with Qt threads and in a frozen bundle; the
``import`` command forks its first workers, see ``prestart``) that copies one file into
the matter folder while hashing it, then extracts its text. Its address space is capped
(RLIMIT_AS, where the platform has it) and the pool kills a worker that overruns its
file's time limit; a worker that dies is replaced and its file is reported as unreadable
with the reason, so the import goes on.

Protocol per file, over one pipe per worker:
  pool -> worker   ExtractionTask
  worker -> pool   ("copied", sha256, size, temp_path)      (only when copying)
  pool -> worker   True (extract) or False (a duplicate: stop here)
  worker -> pool   ("done", Extraction) or ("failed", reason)

Workers the ``import`` command starts are told the files it will import before the program
knows where they go (``HeadStart``): while the program loads its database layer and opens
the library, each reads PDFs ahead, whole into memory, hashing and extracting those bytes.
Before its first task the pool asks which files a worker holds:
  pool -> worker   HEAD_START_QUERY
  worker -> pool   ("held", sources)
and gives each worker the files it holds. A held file's copy is written from the very bytes
that were hashed and read, so copy, digest and text still come from one reading.

The same warm workers read scanned pages: an ``ocr.OcrTask`` is answered with
("done", PageOcrResult), so OCR gets the same time and memory limits and cancel.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import queue
import stat
import sys
import threading
import time
import types
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, BinaryIO

from .extraction import Extraction, unreadable

TEMP_PREFIX = ".importing-"
PART_SUFFIX = ".part"
DEFAULT_TIMEOUT = 120.0  # seconds for a file, for every BYTES_PER_TIMEOUT of its size
BYTES_PER_TIMEOUT = 5_000_000
DEFAULT_MEMORY_LIMIT = 2 * 1024**3  # bytes of address space per worker
WORKER_NICENESS = 5  # added to the program's (POSIX): see ``_yield_to_the_program``
FILES_PER_WORKER = 200  # a fresh process now and then keeps memory flat over long imports
READ_AHEAD = 64  # finished files that may wait for the writer (``ReadAhead``)
# What one file may hand to the writer, which has no memory cap of its own: more pages or
# text than this and the file is kept as unreadable, with the reason.
MAX_PAGES_PER_FILE = 50_000
MAX_TEXT_PER_FILE = 64 * 1024**2  # characters
_CHUNK = 1 << 20
# Reading ahead (``HeadStart``): only files up to this size, and up to this much in all per
# worker, are held in memory; the others are read when their turn comes.
HEAD_START_FILE_LIMIT = 32 * 1024**2
HEAD_START_MEMORY = 256 * 1024**2
HEAD_START_QUERY = "held?"


@dataclass(frozen=True)
class ExtractionTask:
    """One file to read."""

    task_id: int
    source: str
    kind: str
    copy_into: str | None  # folder for the hashed copy; None reads ``source`` in place
    password: str | None
    bates_prefixes: tuple[str, ...] = ()
    size_hint: int = 0
    read_mentions: bool = True  # read the pages for officer mentions (else the writer does)
    copy_tag: str = ""  # in the names of this import's copies (see ``remove_copies``)


@dataclass
class TaskOutcome:
    """What became of one task."""

    task: ExtractionTask
    sha256: str | None = None
    size: int = 0
    temp_path: str | None = None
    extraction: Extraction | None = None  # None when skipped or failed
    ocr: Any = None  # an ocr.PageOcrResult, for an OCR task
    skipped: bool = False  # the writer said: a duplicate
    error: str | None = None  # the source could not be read at all: nothing stored


@dataclass(frozen=True)
class HeadStart:
    """What an import was asked to read, for one of ``shares`` workers to read its share
    of the PDFs before the import can hand them out. Each worker lists them itself, in the
    import's order (``files.read_ahead_order``: the walk of a large folder is not left to
    the program as it starts), and takes every ``shares``-th from number ``share`` on:
    the largest files are spread over the workers and nothing is shared between them (no
    lock to leave behind when a worker is killed)."""

    paths: tuple[str, ...]
    library_root: str | None  # never read from the library's own folder
    password: str | None
    share: int
    shares: int
    done: Any  # a flag (multiprocessing RawValue) set once the share is read, for whoever waits


@dataclass
class _Held:
    """One file read ahead: its bytes, their digest and what was read from them."""

    data: bytes
    sha256: str
    password: str | None
    extraction: Extraction


def temp_name(sha256: str, tag: str = "") -> str:
    """The name of a hashed copy waiting for its document to be committed."""
    return f"{TEMP_PREFIX}{sha256}-{tag}{uuid.uuid4().hex[:12]}"


def copy_tag() -> str:
    """A mark for one import's copies: hexadecimal digits and a dot, never in a digest."""
    return f"{uuid.uuid4().hex[:16]}."


def remove_copies(folder: Path, tag: str) -> None:
    """Remove the temporary copies (partial or whole) that one import made with ``tag``.

    An import that is cancelled or fails removes its own copies this way; in office mode other
    computers may be importing into the same folder, and their copies are left alone.
    """
    for item in folder.glob(f"{TEMP_PREFIX}*"):
        if tag and tag in item.name:
            item.unlink(missing_ok=True)


def sha256_of_temp(name: str) -> str | None:
    """The SHA-256 a temporary copy's name carries (None for a partial copy)."""
    if not name.startswith(TEMP_PREFIX) or name.endswith(PART_SUFFIX):
        return None
    digest = name[len(TEMP_PREFIX) : len(TEMP_PREFIX) + 64]
    return digest if len(digest) == 64 else None


# The source path is already resolved: a link put in its place since is not followed.
_SOURCE_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def copy_and_hash(source: Path, folder: Path, tag: str = "") -> tuple[str, int, Path]:
    """Copy ``source`` into ``folder`` under a temporary name, hashing the same bytes."""
    # Opened first: a source that cannot be read leaves nothing behind.
    with open(os.open(source, _SOURCE_FLAGS), "rb") as reader:

        def fill(writer: BinaryIO) -> str:
            digest = hashlib.sha256()
            while chunk := reader.read(_CHUNK):
                digest.update(chunk)
                writer.write(chunk)
            return digest.hexdigest()

        return _copy_into(folder, tag, fill)


def write_copy(data: bytes, sha256: str, folder: Path, tag: str = "") -> tuple[str, int, Path]:
    """Write bytes already read and hashed into ``folder``, as ``copy_and_hash`` copies."""

    def fill(writer: BinaryIO) -> str:
        writer.write(data)
        return sha256

    return _copy_into(folder, tag, fill)


def _copy_into(folder: Path, tag: str, fill: Callable[[BinaryIO], str]) -> tuple[str, int, Path]:
    """A new file in ``folder`` that ``fill`` writes (returning the digest of what it wrote),
    on disk, named after that digest: (sha256, size, path)."""
    partial = folder / f"{TEMP_PREFIX}{tag}{uuid.uuid4().hex}{PART_SUFFIX}"
    # No more open than its folder: a worker started before the library was opened does
    # not have the owner-only file creation an embedded library sets (``private_file_creation``).
    private = os.name != "nt" and stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0
    mode = 0o600 if private else 0o666
    try:
        target_flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        with open(os.open(partial, target_flags, mode), "wb") as writer:
            sha = fill(writer)
            writer.flush()
            os.fsync(writer.fileno())  # the copy must be on disk before the DB says so
            size = writer.tell()
        target = folder / temp_name(sha, tag)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return sha, size, target


def _read_whole(source: str, limit: int) -> bytes | None:
    """A regular file's bytes, or None when it is larger than ``limit``."""
    with open(os.open(source, _SOURCE_FLAGS | getattr(os, "O_NONBLOCK", 0)), "rb") as reader:
        status = os.fstat(reader.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
            return None
        data = reader.read(limit + 1)
    return data if len(data) <= limit else None


def extract(path: Path, kind: str, password: str | None, name: str = "") -> Extraction:
    """Dispatch to the reader for the kind; an empty file is unreadable whatever its kind.
    ``name`` is the file's own name (``path`` is usually its temporary copy)."""
    if path.stat().st_size == 0:
        return unreadable(kind, "the file is empty (0 bytes)")
    if kind == "other":
        with path.open("rb") as handle:
            if handle.read(1024).lstrip().startswith(b"%PDF-"):
                kind = "pdf"  # a PDF whatever its name says
    if kind == "pdf":
        from .pdf import extract_pdf

        return extract_pdf(path, password, name=name)
    if kind == "docx":
        from .docx import extract_docx

        return extract_docx(path, name=name)
    if kind == "text":
        from .text import extract_text_file

        return extract_text_file(path)
    if kind == "image":
        from .images import extract_image

        return extract_image(path, name=name)
    return Extraction(kind="other", status="no_text", reason="a kind of file that has no text")


def run_task(task: ExtractionTask, path: Path) -> Extraction:
    """Extract and label Bates numbers (runs in the worker)."""
    return finish_task(task, read_file(task.kind, task.password, path, Path(task.source).name))


def read_file(kind: str, password: str | None, path: Path | bytes, name: str) -> Extraction:
    """What a file holds, within the limits; a PDF may be given as its bytes (read ahead)."""
    try:
        if isinstance(path, bytes):
            from .pdf import extract_pdf

            if kind != "pdf":
                raise ValueError("only PDFs are read from memory")
            if not path:
                return unreadable(kind, "the file is empty (0 bytes)")
            result = extract_pdf(path, password, name=name)
        else:
            result = extract(path, kind, password, name)
    except MemoryError:
        return unreadable(kind, "reading the file needed more memory than allowed")
    except Exception as error:
        return unreadable(kind, f"the file could not be read ({type(error).__name__}: {error})")
    if len(result.pages) > MAX_PAGES_PER_FILE:
        return unreadable(
            kind,
            f"it has {len(result.pages):,} pages, more than the {MAX_PAGES_PER_FILE:,} "
            "one file may have (split it to read it)",
        )
    if sum(map(len, result.pages)) > MAX_TEXT_PER_FILE:
        return unreadable(
            kind,
            f"its text is longer than the {MAX_TEXT_PER_FILE // 1024**2} million characters "
            "one file may hold (split it to read it)",
        )
    return result


def finish_task(task: ExtractionTask, result: Extraction) -> Extraction:
    """Label Bates numbers, settle page states and read mentions: the part of reading a
    file that needs the import's settings."""
    from .bates import detect_bates
    from .scans import settle

    if result.pages and any(page.strip() for page in result.pages):
        result.bates = detect_bates(result.pages, task.bates_prefixes)
    else:
        result.bates = [None] * len(result.pages)
    result = settle(result, task.bates_prefixes)
    if task.read_mentions:
        # Officer mentions are read here, in parallel, rather than by the one writer.
        result.read_pages()
    return result


def _limit_memory(limit: int | None) -> None:
    if not limit:
        return
    try:
        import resource
    except ImportError:  # Windows: no RLIMIT_AS; the time limit still applies
        return
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):
        pass


def _yield_to_the_program() -> None:
    """Run below the program's priority: when the cores are short, the one writer that
    stores what the workers read (and the window) goes first, and the workers take what
    is left. Measured on 2 cores, in turns with workers at the program's priority: the
    import of the synthetic production 1.65 -> 1.51 s, of the real-world mix 0.87 -> 0.82 s
    (medians of 8 and 12 runs)."""
    if hasattr(os, "nice"):
        with suppress(OSError):
            os.nice(WORKER_NICENESS)


def _warm_up() -> None:
    """Load the readers while the writer is still getting ready: the first file of an
    import then waits for nothing, and each worker serves many files (``FILES_PER_WORKER``).
    pypdf is left to the damaged or locked file that needs it: loading it costs a worker
    more than reading a dozen pages."""
    try:
        import pypdfium2  # noqa: F401

        from .. import mention_text  # noqa: F401
        from . import bates, pdf, scans  # noqa: F401
    except ImportError:  # reported, with its reason, by the first file that needs it
        pass


def _read_ahead(connection: Connection, head_start: HeadStart | None) -> dict[str, _Held]:
    """Read this worker's share of ``head_start`` until the pool speaks (checked between
    files) or its share of memory is used."""
    held: dict[str, _Held] = {}
    if head_start is None:
        return held
    from .files import read_ahead_order

    root = None if head_start.library_root is None else Path(head_start.library_root)
    files = read_ahead_order(head_start.paths, library_root=root, limit=HEAD_START_FILE_LIMIT)
    share = iter(files[head_start.share :: head_start.shares])
    room = HEAD_START_MEMORY
    while not connection.poll():
        source = next(share, None)
        if source is None:
            head_start.done.value = 1
            break
        try:
            data = _read_whole(source, min(HEAD_START_FILE_LIMIT, room))
        except OSError:
            continue  # its task reads it again, and says why it cannot
        if data is None:
            continue
        room -= len(data)
        extraction = read_file("pdf", head_start.password, data, Path(source).name)
        digest = hashlib.sha256(data).hexdigest()
        held[source] = _Held(data, digest, head_start.password, extraction)
    return held


def worker_main(
    connection: Connection,
    memory_limit: int | None,
    parent_ends: Sequence[Connection] = (),
    head_start: HeadStart | None = None,
) -> None:
    """The loop of one worker process. ``parent_ends``: the program's ends of the pipes a
    forked worker was born holding (its own and its elder siblings'), closed at once, so
    that each pipe ends when the program does. ``head_start``: files to read while the
    pool is not ready for the worker yet."""
    for end in parent_ends:
        end.close()
    _limit_memory(memory_limit)
    _yield_to_the_program()
    gc.enable()  # a forked worker inherits the command's start-up, collector off
    _warm_up()
    # The collector need not walk the readers' modules again, on every full pass and at exit.
    gc.freeze()
    held = _read_ahead(connection, head_start)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            if task == HEAD_START_QUERY:
                connection.send(("held", tuple(held)))
            elif isinstance(task, ExtractionTask):
                _serve(connection, task, held.pop(task.source, None))
            else:  # an ocr.OcrTask
                from .ocr import run_ocr_task

                connection.send(("done", run_ocr_task(task)))
        except (EOFError, BrokenPipeError):
            return


def _serve(connection: Connection, task: ExtractionTask, early: _Held | None) -> None:
    """Copy, hash and read one file (``early``: the file as it was read ahead)."""
    if early is not None and (
        task.copy_into is None or task.kind != "pdf" or task.password != early.password
    ):
        early = None  # read for another purpose than this task's: read again
    if task.copy_into is None:
        path = Path(task.source)
    else:
        try:
            if early is not None:
                sha, size, path = write_copy(
                    early.data, early.sha256, Path(task.copy_into), task.copy_tag
                )
            else:
                sha, size, path = copy_and_hash(
                    Path(task.source), Path(task.copy_into), task.copy_tag
                )
        except OSError as error:
            connection.send(("failed", f"cannot read the file: {error.strerror or error}"))
            return
        connection.send(("copied", sha, size, str(path)))
        if not connection.recv():
            return
    if early is not None:
        connection.send(("done", finish_task(task, early.extraction)))
    else:
        connection.send(("done", run_task(task, path)))


@contextmanager
def _without_main_module() -> Iterator[None]:
    """Start processes that do not import the program's main module again.

    A spawned process first re-imports the parent's ``__main__`` (the ``evidence-desk``
    script, which loads every command, or the window's module, which loads Qt): well over a
    CPU-second per worker for nothing, since the worker's code lives in this module. Hiding
    ``__main__`` while the process starts skips that. A frozen bundle starts its workers its
    own way (``multiprocessing.freeze_support``) and is left alone.
    """
    main = sys.modules.get("__main__")
    if getattr(sys, "frozen", False) or main is None:
        yield
        return
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


_PRESTARTED: list[_Worker] = []


def prestart(
    count: int | None = None,
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
    *,
    fresh_process: bool = False,
    read_ahead: Sequence[Path | str] = (),
    library_root: Path | None = None,
    password: str | None = None,
) -> None:
    """Start extraction workers now, for the next ``ExtractionPool`` of this process to adopt.

    A worker needs a fifth of a second to start; the ``import`` command starts its workers
    before it loads the database layer (over half a second), so that both happen at once.
    ``fresh_process``: the caller is a program that has just started and holds no thread,
    no open file or connection and hardly any module (the ``evidence-desk`` program before
    it reads its command). On Linux its workers are then forked rather than spawned, which
    spares each a new interpreter and the loading of modules the program already has (a
    tenth of a CPU-second each, on an import of a few dozen files that takes one in all).
    Anywhere else, and for workers started later, they are spawned: a larger process (a
    test run, the window) would hand its threads' state and its whole address space, which
    counts against the worker's memory limit, to each worker.
    ``read_ahead``: the files and folders an import will read; the workers read their PDFs
    while they wait (``HeadStart``), with ``password``.
    """
    forks = fresh_process and sys.platform == "linux" and threading.active_count() == 1
    method = "fork" if forks else "spawn"
    context = multiprocessing.get_context(method)
    shares = max(1, count or os.cpu_count() or 1)
    root = None if library_root is None else str(library_root)
    paths = tuple(map(str, read_ahead))
    for share in range(shares):
        head_start = None
        if paths:
            head_start = HeadStart(paths, root, password, share, shares, context.RawValue("b", 0))
        _PRESTARTED.append(_Worker(context, memory_limit, head_start))


class _Worker:
    def __init__(
        self, context: Any, memory_limit: int | None, head_start: HeadStart | None = None
    ) -> None:
        self.connection, child = context.Pipe()
        forked = context.get_start_method() == "fork"
        # A forked worker is born holding the program's ends of its pipe and of its elder
        # siblings' (a spawned one is handed only its own end).
        parent_ends = (self.connection, *(worker.connection for worker in _PRESTARTED))
        self.process = context.Process(
            target=worker_main,
            args=(child, memory_limit, parent_ends if forked else (), head_start),
            daemon=True,
            name="evidence-extract",
        )
        if forked:
            # What the command printed must not be printed again by the worker's exit.
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:  # None: started with the descriptor closed
                    with suppress(OSError, ValueError):
                        stream.flush()
        with _without_main_module():
            self.process.start()
        child.close()
        self.memory_limit = memory_limit
        self.files = 0
        self.outcome: TaskOutcome | None = None
        self.deadline = 0.0
        self.head_start = head_start
        self.reads_ahead = head_start is not None  # until the pool has asked what it holds
        # The files it read ahead that the pool has yet to give it (a worker that is
        # replaced takes them with it).
        self.held: set[str] = set()

    def stop(self, *, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.connection.send(None)
            except OSError:
                self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


class ExtractionPool:
    """A fixed number of extraction processes fed one file at a time."""

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
    ) -> None:
        self.size = max(1, workers or os.cpu_count() or 1)
        self.timeout = timeout
        self.memory_limit = memory_limit
        self._context = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        # Workers asked which files they hold, until they answer (``_ask_what_is_held``).
        self._asking: dict[Connection, _Worker] = {}
        self._answer_by = 0.0
        while _PRESTARTED:  # started early by ``prestart``: adopt what fits, stop the rest
            worker = _PRESTARTED.pop()
            if (
                len(self._workers) < self.size
                and worker.memory_limit == memory_limit
                and worker.process.is_alive()
            ):
                self._workers.append(worker)
            else:
                worker.stop()

    def _time_limit(self, task: ExtractionTask) -> float:
        return self.timeout * max(1.0, task.size_hint / BYTES_PER_TIMEOUT)

    def run(
        self,
        tasks: Iterable[ExtractionTask],
        *,
        keep: Callable[[TaskOutcome], bool] = lambda _outcome: True,
        cancel: threading.Event | None = None,
    ) -> Iterator[TaskOutcome]:
        """Outcomes as files finish (not in task order).

        ``keep`` is asked once a file is copied and hashed: False skips its extraction (a
        duplicate). When ``cancel`` is set no new file starts and files under way are
        abandoned (their workers killed, their copies removed) and not yielded.
        """
        pending = deque(tasks)
        busy: dict[Connection, _Worker] = {}
        try:
            self._ask_what_is_held()
            while pending or busy:
                if cancel is not None and cancel.is_set():
                    return
                while pending and len(busy) < self.size:
                    found = next(
                        (
                            (worker, task)
                            for worker in self._idle_workers(busy)
                            if (task := self._next_task(worker, pending)) is not None
                        ),
                        None,
                    )
                    if found is None:
                        if busy or self._asking:
                            break  # what is left waits for the workers that read it ahead
                        # All idle and none holds what is left (no run gets here): in order.
                        for worker in self._workers:
                            worker.held.clear()
                        continue
                    worker, task = found
                    worker.outcome = TaskOutcome(task)
                    worker.deadline = time.monotonic() + self._time_limit(task)
                    worker.files += 1
                    worker.connection.send(task)
                    busy[worker.connection] = worker
                now = time.monotonic()
                deadlines = [worker.deadline for worker in busy.values()]
                if self._asking:
                    deadlines.append(self._answer_by)
                wait_for = min(deadlines, default=now) - now
                if cancel is not None:
                    wait_for = min(wait_for, 0.2)
                sentinels = {worker.process.sentinel: worker for worker in busy.values()}
                ready = wait([*busy, *sentinels, *self._asking], timeout=max(0.0, wait_for))
                answered = self._take_answers(ready)
                handled: set[int] = set()
                for item in ready:
                    if item in answered:
                        continue
                    worker = busy.get(item) or sentinels.get(item)  # type: ignore[arg-type]
                    if worker is None or id(worker) in handled:
                        continue
                    handled.add(id(worker))
                    finished = self._receive(worker, keep)
                    if finished is not None:
                        del busy[worker.connection]
                        yield finished
                now = time.monotonic()
                for connection, worker in list(busy.items()):
                    if worker.deadline <= now and id(worker) not in handled:
                        limit = self._time_limit(worker.outcome.task)  # type: ignore[union-attr]
                        del busy[connection]
                        yield self._abandon(
                            worker, f"reading the file took longer than {limit:g} seconds"
                        )
        finally:
            for worker in busy.values():
                self._discard(worker)
            self.close()

    def _idle_workers(self, busy: dict[Connection, _Worker]) -> Iterator[_Worker]:
        """The workers free for a file (a worn-out or dead one replaced first); a new one
        when all are busy and there is room for one."""
        in_use = set(map(id, [*busy.values(), *self._asking.values()]))
        found = False
        for index, worker in enumerate(self._workers):
            if id(worker) in in_use:
                continue
            if worker.files >= FILES_PER_WORKER or not worker.process.is_alive():
                worker.stop(kill=not worker.process.is_alive())
                self._workers[index] = worker = _Worker(self._context, self.memory_limit)
            found = True
            yield worker
        if not found and len(self._workers) < self.size:
            worker = _Worker(self._context, self.memory_limit)
            self._workers.append(worker)
            yield worker

    def _ask_what_is_held(self) -> None:
        """Ask each worker that has been reading ahead which files it holds; it answers
        between files (``_take_answers``). Until then no other worker takes a file it
        may hold."""
        for worker in list(self._workers):
            if worker.reads_ahead:
                worker.reads_ahead = False
                try:
                    worker.connection.send(HEAD_START_QUERY)
                except OSError:
                    self._replace(worker)
                    continue
                self._asking[worker.connection] = worker
        self._answer_by = time.monotonic() + self.timeout

    def _take_answers(self, ready: Sequence[Any]) -> set[Any]:
        """Record the answers among ``ready`` (the connections that gave them). A worker
        that has not answered within the time limit is stuck on a file no task has given
        it yet: it is replaced, and the file is read again in its turn, under its own
        time limit, by whichever worker takes it."""
        answered = {item for item in ready if item in self._asking}
        for connection in answered:
            worker = self._asking.pop(connection)
            try:
                _tag, sources = worker.connection.recv()
            except (EOFError, OSError):
                self._replace(worker)
                continue
            worker.held = set(sources)
        if self._asking and time.monotonic() >= self._answer_by:
            for worker in list(self._asking.values()):
                self._replace(worker)
            self._asking.clear()
        return answered

    def _next_task(self, worker: _Worker, pending: deque[Any]) -> Any | None:
        """The next file for an idle worker: one it read ahead, else the first that no
        other worker holds; None when every file left is held by another worker (who
        stores it soonest) or may be (a worker that has not said yet what it holds)."""
        holders = [item for item in self._workers if item.held]
        if not holders and not self._asking:
            return pending.popleft()
        if not worker.held and self._asking:
            return None
        choice = None
        for index, task in enumerate(pending):
            source = getattr(task, "source", "")
            holder = next((item for item in holders if source in item.held), None)
            if holder is worker:
                choice = index
                break
            if holder is None and choice is None and not self._asking:
                choice = index
                if not worker.held:
                    break
        if choice is None:
            return None
        task = pending[choice]
        del pending[choice]
        for holder in holders:
            holder.held.discard(getattr(task, "source", ""))
        return task

    def _receive(self, worker: _Worker, keep: Callable[[TaskOutcome], bool]) -> TaskOutcome | None:
        """Handle one message; the outcome when the file is finished, else None."""
        outcome = worker.outcome
        assert outcome is not None
        try:
            if not worker.connection.poll():
                raise EOFError
            message = worker.connection.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=1)
            code = worker.process.exitcode
            return self._abandon(
                worker,
                "the reader stopped abruptly (it crashed or ran out of memory"
                + (f", exit code {code})" if code is not None else ")"),
            )
        if message[0] == "copied":
            _tag, outcome.sha256, outcome.size, outcome.temp_path = message
            go_on = keep(outcome)
            worker.connection.send(go_on)
            if go_on:
                return None
            outcome.skipped = True
        elif message[0] == "done":
            if isinstance(message[1], Extraction):
                outcome.extraction = message[1]
            else:
                outcome.ocr = message[1]
        else:
            outcome.error = message[1]
        worker.outcome = None
        return outcome

    def _abandon(self, worker: _Worker, reason: str) -> TaskOutcome:
        """Kill a worker whose file overran or crashed it; the file is kept as unreadable."""
        outcome = worker.outcome
        assert outcome is not None
        worker.outcome = None
        self._replace(worker)
        task = outcome.task
        if not isinstance(task, ExtractionTask):  # an OCR task: the page just stays unread
            outcome.error = reason
            return outcome
        if outcome.temp_path is None and task.copy_into is not None:
            try:
                outcome.sha256, outcome.size, path = copy_and_hash(
                    Path(task.source), Path(task.copy_into), task.copy_tag
                )
                outcome.temp_path = str(path)
            except OSError as error:
                outcome.error = f"cannot read the file: {error.strerror or error}"
                return outcome
        outcome.extraction = unreadable(task.kind, reason)
        return outcome

    def _discard(self, worker: _Worker) -> None:
        """Abandon a file under way at a cancel: nothing of it may remain."""
        outcome = worker.outcome
        self._replace(worker, restart=False)
        if outcome is not None and outcome.temp_path:
            Path(outcome.temp_path).unlink(missing_ok=True)

    def _replace(self, worker: _Worker, *, restart: bool = True) -> None:
        worker.stop(kill=True)
        index = next(i for i, item in enumerate(self._workers) if item is worker)
        if restart:
            self._workers[index] = _Worker(self._context, self.memory_limit)
        else:
            del self._workers[index]

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._workers.clear()


_NOTHING = object()


class ReadAhead:
    """``ExtractionPool.run``, driven by a thread of its own from the moment it is made.

    The workers are answered and fed while the caller is busy: committing a batch takes the
    writer tenths of a second, during which every worker would otherwise wait for its next
    file. At most ``ahead`` finished files wait for the caller (a slow caller then holds
    the workers back rather than piling up their text in memory); ``waiting`` tells the
    caller whether one is ready now, ``wait`` waits a little for one. ``keep`` is called on
    the thread. ``close`` (or ``cancel``) stops the workers as ``run`` does; outcomes not
    yet taken are dropped, and their copies stay for the caller to remove
    (``remove_copies``).
    """

    def __init__(
        self,
        pool: ExtractionPool,
        tasks: Iterable[ExtractionTask],
        *,
        keep: Callable[[TaskOutcome], bool] = lambda _outcome: True,
        cancel: threading.Event | None = None,
        ahead: int = READ_AHEAD,
    ) -> None:
        self._cancel = cancel
        self._stop = threading.Event()
        self._finished: queue.Queue[TaskOutcome | BaseException | None] = queue.Queue()
        self._room = threading.Semaphore(ahead)
        self._held: Any = _NOTHING  # what ``wait`` took from the queue, until it is iterated
        # Files still to come back: once all have, the end is known without waiting for the
        # workers to stop (which takes them a while).
        self._left = len(tasks) if isinstance(tasks, Sized) else -1
        self._thread = threading.Thread(
            target=self._drive, args=(pool, tasks, keep), name="evidence-extract-feed", daemon=True
        )
        self._thread.start()

    def _drive(
        self,
        pool: ExtractionPool,
        tasks: Iterable[ExtractionTask],
        keep: Callable[[TaskOutcome], bool],
    ) -> None:
        try:
            for outcome in pool.run(tasks, keep=keep, cancel=self._stop):
                while not self._room.acquire(timeout=0.1):
                    if self._stop.is_set():
                        return
                self._finished.put(outcome)
        except BaseException as error:  # handed to the caller, which raises it
            self._finished.put(error)
        finally:
            self._finished.put(None)

    def waiting(self) -> bool:
        """Whether a finished file (or the end) is ready to be taken without waiting."""
        return self._left == 0 or self._held is not _NOTHING or not self._finished.empty()

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for a finished file (or the end); whether one is
        ready to be taken now."""
        if self._held is _NOTHING and timeout > 0 and self._left != 0:
            with suppress(queue.Empty):
                self._held = self._finished.get(timeout=timeout)
        return self.waiting()

    def __iter__(self) -> Iterator[TaskOutcome]:
        while self._left != 0:
            if self._held is not _NOTHING:
                item, self._held = self._held, _NOTHING
            else:
                try:
                    item = self._finished.get(timeout=0.2)
                except queue.Empty:
                    if self._cancel is not None and self._cancel.is_set():
                        return
                    continue
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            self._room.release()
            self._left -= 1
            yield item
            if self._cancel is not None and self._cancel.is_set():
                return

    def close(self) -> None:
        """Stop the workers (files under way are abandoned) and wait for the thread."""
        self._stop.set()
        self._thread.join()
