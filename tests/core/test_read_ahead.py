"""Reading ahead: the import command's workers read its PDFs while the program loads, and
what they read is what is copied, hashed and stored."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidence_desk.cli import main
from evidence_desk.core import documents
from evidence_desk.core.ingest import worker
from evidence_desk.core.ingest.files import read_ahead_order
from evidence_desk.core.ingest.pdf import extract_pdf
from evidence_desk.core.ingest.worker import ExtractionPool, ExtractionTask
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter
from tests.files import (
    make_corrupt_stream_pdf,
    make_docx,
    make_encrypted_pdf,
    make_image_only_pdf,
    make_pdf,
    make_truncated_pdf,
)


def _sources(folder: Path, count: int) -> list[Path]:
    return [
        make_pdf(folder / f"file-{index}.pdf", [f"first reading of file {index}"] * (index + 1))
        for index in range(count)
    ]


def _read_ahead_by(count: int, files: list[Path], password: str | None = None) -> None:
    """Start ``count`` workers reading ``files`` ahead, and wait until they have read all."""
    worker.prestart(count, read_ahead=[str(path) for path in files], password=password)
    deadline = time.monotonic() + 60
    for started in worker._PRESTARTED[-count:]:
        while not started.head_start.done.value:  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "the workers did not read ahead"
            time.sleep(0.02)


def _tasks(files: list[Path], copies: Path, password: str | None = None) -> list[ExtractionTask]:
    copies.mkdir()
    return [
        ExtractionTask(index, str(path), "pdf", str(copies), password)
        for index, path in enumerate(files)
    ]


def test_a_file_read_ahead_is_stored_as_it_was_read(tmp_path: Path) -> None:
    """Each file goes to the worker that holds it, whose copy, digest and text all come
    from the one reading: changing the files afterwards changes nothing of the import."""
    files = _sources(tmp_path / "sources", 5)
    original = {str(path): path.read_bytes() for path in files}
    _read_ahead_by(2, files)
    for index, path in enumerate(files):
        make_pdf(path, [f"second reading of file {index}"])
    outcomes = list(ExtractionPool(2).run(_tasks(files, tmp_path / "copies")))
    assert len(outcomes) == 5
    for outcome in outcomes:
        data = original[outcome.task.source]
        assert outcome.sha256 == hashlib.sha256(data).hexdigest()
        assert Path(outcome.temp_path).read_bytes() == data  # type: ignore[arg-type]
        assert outcome.extraction is not None
        assert all(page.startswith("first reading") for page in outcome.extraction.pages)


def test_a_worker_that_does_not_answer_holds_up_no_other_and_is_replaced(
    tmp_path: Path,
) -> None:
    """A worker stuck on a file it reads ahead (stopped here) does not say what it holds:
    the others store what they hold meanwhile; at the time limit it is replaced and its
    files are read again."""
    files = _sources(tmp_path / "sources", 3)
    _read_ahead_by(1, files[:2])  # the worker that answers holds files 0 and 1
    _read_ahead_by(1, files[2:])  # the one that does not, file 2
    stuck = worker._PRESTARTED[1].process
    os.kill(stuck.pid, signal.SIGSTOP)
    alive_when_read: dict[str, bool] = {}
    try:
        pool = ExtractionPool(2, timeout=5.0)
        for outcome in pool.run(_tasks(files, tmp_path / "copies")):
            alive_when_read[Path(outcome.task.source).name] = stuck.is_alive()
            assert outcome.extraction is not None and outcome.extraction.status == "ok"
    finally:
        if stuck.is_alive():
            os.kill(stuck.pid, signal.SIGKILL)
    stuck.join(timeout=5)
    assert alive_when_read == {"file-0.pdf": True, "file-1.pdf": True, "file-2.pdf": False}


def test_a_file_read_ahead_with_another_password_is_read_again(tmp_path: Path) -> None:
    locked = make_encrypted_pdf(tmp_path / "sources" / "locked.pdf", ["sealed minutes"])
    _read_ahead_by(1, [locked], password="wrong")
    (outcome,) = ExtractionPool(1).run(_tasks([locked], tmp_path / "copies", password="secret"))
    assert outcome.extraction is not None
    assert outcome.extraction.status == "ok"
    assert outcome.extraction.pages == ["sealed minutes"]


def test_a_pdf_read_from_memory_reads_as_from_its_file(tmp_path: Path) -> None:
    """Damaged, locked, scanned and typed PDFs: the same text, states and reasons."""
    files = [
        make_pdf(tmp_path / "typed.pdf", ["a typed page", "and another"], bates_prefix="NYPD"),
        make_encrypted_pdf(tmp_path / "locked.pdf", ["sealed", "minutes"]),
        make_truncated_pdf(tmp_path / "cut.pdf", ["a page", "cut off"]),
        make_corrupt_stream_pdf(tmp_path / "corrupt.pdf"),
        make_image_only_pdf(tmp_path / "scan.pdf"),
        make_docx(tmp_path / "named.pdf", ["a Word file named as a PDF"]),
    ]
    for path in files:
        for password in (None, "secret"):
            from_file = extract_pdf(path, password, name=path.name)
            assert extract_pdf(path.read_bytes(), password, name=path.name) == from_file


def test_the_files_read_ahead_are_the_imports_pdfs_largest_first(tmp_path: Path) -> None:
    folder = tmp_path / "production"
    small = make_pdf(folder / "a-small.pdf", ["one"])
    large = make_pdf(folder / "b-large.pdf", ["page"] * 30)
    make_docx(folder / "memo.docx", ["not read ahead"])
    huge = make_pdf(folder / "c-huge.pdf", ["page"] * 60)
    order = read_ahead_order([folder], library_root=None, limit=huge.stat().st_size - 1)
    assert order == [str(large.resolve()), str(small.resolve())]
    assert read_ahead_order([tmp_path / "missing"], library_root=None, limit=10**9) == []
    assert read_ahead_order([folder], library_root=folder, limit=10**9) == []


def test_the_import_command_reads_ahead_and_stores_what_it_read(
    library: Library, tmp_path: Path
) -> None:
    """The command as a user runs it (its own process, workers forked on Linux): every
    kind of file stored whole, each copy the bytes of its original."""
    matter = add_matter(library, MatterInput("2024-001", "People v. Doe", "Jane Doe")).id
    folder = tmp_path / "production"
    made = [
        *_sources(folder, 4),
        make_encrypted_pdf(folder / "locked.pdf", ["sealed minutes"]),
        make_truncated_pdf(folder / "cut.pdf"),
        make_docx(folder / "memo.docx", ["a memo"]),
    ]
    path = library.path
    library.close()
    result = subprocess.run(
        [sys.executable, "-m", "evidence_desk.cli", "--library", str(path), "import",
         "2024-001", str(folder), "--password", "secret", "--no-ocr", "--quiet"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with Library.open(path, readonly=True) as reopened:
        stored = {record.file_name: record for record in documents.list_documents(reopened, matter)}
        assert set(stored) == {file.name for file in made}
        for file in made:
            record = stored[file.name]
            assert record.sha256 == hashlib.sha256(file.read_bytes()).hexdigest()
            assert reopened.stored_file(record.stored_path).read_bytes() == file.read_bytes()
        assert stored["locked.pdf"].status == "ok"
        assert stored["cut.pdf"].status == "unreadable"
        assert stored["file-3.pdf"].page_count == 4


def test_the_import_commands_arguments_load_no_database_layer() -> None:
    script = (
        "import sys\n"
        "from evidence_desk.cli import build_parser\n"
        "build_parser('import').parse_args(['import', '2024-001', 'folder'])\n"
        "print(sorted(name for name in sys.modules if name.startswith('sqlalchemy')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_main_reads_ahead_in_a_longer_life_too(library: Library, tmp_path: Path) -> None:
    """``main`` called by a test or a script spawns its workers, which read ahead as well."""
    matter = add_matter(library, MatterInput("2024-001", "People v. Doe", "Jane Doe")).id
    files = _sources(tmp_path / "production", 3)
    path = library.path
    library.close()
    code = main(["--library", str(path), "import", "2024-001", str(files[0].parent), "--quiet"])
    assert code == 0
    with Library.open(path, readonly=True) as reopened:
        stored = documents.list_documents(reopened, matter)
    assert sorted(record.page_count for record in stored) == [1, 2, 3]


@pytest.fixture(autouse=True)
def _no_workers_left() -> object:
    yield
    while worker._PRESTARTED:
        worker._PRESTARTED.pop().stop(kill=True)
