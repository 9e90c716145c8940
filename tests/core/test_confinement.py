"""Staying inside the library: stored paths confined, files owner-only, imports told apart."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from evidence_desk.core import documents
from evidence_desk.core.errors import UnsafePathError
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.ingest.worker import temp_name
from evidence_desk.core.integrity import inspect_library, verify_library
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter
from tests.files import make_pdf, make_text

from .tampering import tamper


@pytest.fixture
def stored(library: Library, tmp_path: Path) -> int:
    """A matter with one imported text file; returns the document's id."""
    matter_id = add_matter(library, MatterInput("2024-001", "People v. Doe", "Jane Doe")).id
    [result] = import_paths(library, matter_id, [make_text(tmp_path / "a.txt", "text")])
    assert result.id is not None
    return result.id


# Paths on the shared drive are checked alike in office mode: these run on both databases.
both_databases = pytest.mark.databases


@both_databases
def test_a_stored_path_leading_outside_is_never_used(
    library: Library, stored: int, tmp_path: Path
) -> None:
    victim = make_text(tmp_path / "outside" / "victim.txt", "an outside file")
    escape = "../outside/victim.txt"
    tamper(library, "UPDATE document SET stored_path = ? WHERE id = ?", escape, stored)
    with pytest.raises(UnsafePathError, match="outside the library"):
        documents.document_path(library, stored)
    with pytest.raises(UnsafePathError, match="outside the library"):
        documents.delete_document(library, stored)
    assert victim.read_text() == "an outside file"
    assert documents.get_document(library, stored).id == stored  # nothing was deleted
    kinds = {problem.kind for problem in verify_library(library)}
    assert "unsafe" in kinds


@both_databases
def test_a_link_inside_the_library_leading_outside_is_not_followed(
    library: Library, stored: int, tmp_path: Path
) -> None:
    victim = make_text(tmp_path / "secret.txt", "outside secret")
    original = documents.document_path(library, stored)
    original.unlink()
    original.symlink_to(victim)
    with pytest.raises(UnsafePathError):
        documents.document_path(library, stored)
    problems = verify_library(library)
    assert [problem.kind for problem in problems] == ["unsafe"]


@both_databases
def test_a_matter_folder_key_leading_outside_is_refused_at_import(
    library: Library, stored: int, tmp_path: Path
) -> None:
    matter_id = documents.get_document(library, stored).matter_id
    tamper(library, "UPDATE matter SET folder_key = '../../escaped'")
    with pytest.raises(UnsafePathError, match="not a plain folder name"):
        import_paths(library, matter_id, [make_text(tmp_path / "b.txt", "more")])
    assert not (library.path.parent / "escaped").exists()
    assert "unsafe" in {problem.kind for problem in verify_library(library)}


# On SQLite only: the embedded library's own files (a shared drive has the server's rights).
@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_the_library_and_everything_in_it_is_owner_only(
    library: Library, stored: int, tmp_path: Path
) -> None:
    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    assert mode(library.path) == 0o700
    assert mode(library.path / "evidence.db") == 0o600
    assert mode(documents.document_path(library, stored)) == 0o600
    assert mode(documents.document_path(library, stored).parent) == 0o700
    for path in library.path.rglob("*"):
        assert mode(path) & 0o077 == 0, path


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_the_import_command_keeps_the_library_owner_only(
    library: Library, stored: int, tmp_path: Path
) -> None:
    """The command starts its workers before it opens the library (and so before the
    library makes its files owner-only): their copies are owner-only all the same."""
    production = tmp_path / "production"
    make_pdf(production / "dd5.pdf", ["Officer Smith arrived"], bates_prefix="NYPD")
    make_text(production / "note.txt", "Called the precinct at noon")
    library.close()  # the command opens it itself
    completed = subprocess.run(
        [sys.executable, "-m", "evidence_desk.cli", "--library", str(library.path),
         "import", "2024-001", str(production), "--json", "--no-ocr"],
        capture_output=True, text=True, umask=0o022, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert [result["status"] for result in json.loads(completed.stdout)] == ["ok", "ok"]
    for path in [library.path, *library.path.rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_a_library_made_world_readable_is_tightened_when_opened(
    library: Library, stored: int
) -> None:
    path = library.path
    library.close()
    for item in [path, *path.rglob("*")]:
        item.chmod(0o755 if item.is_dir() else 0o644)
    Library.open(path, readonly=True).close()
    for item in [path, *path.rglob("*")]:
        assert stat.S_IMODE(item.stat().st_mode) & 0o077 == 0, item


# On SQLite only: the import lock file; an office library waits a day before it reports copies.
def test_verify_during_an_import_does_not_report_its_temporary_copies(
    library: Library, stored: int
) -> None:
    folder = documents.document_path(library, stored).parent
    copy = folder / temp_name("1" * 64)
    copy.write_bytes(b"a copy an import is still reading")
    started, finish = threading.Event(), threading.Event()

    def running_import() -> None:
        with library.importing():
            started.set()
            finish.wait(10)

    worker = threading.Thread(target=running_import)
    worker.start()
    try:
        assert started.wait(10)
        assert library.import_running()
        assert inspect_library(library).ok
        other = Library.open(library.path, readonly=True)  # another program's view
        try:
            assert other.import_running() and inspect_library(other).ok
        finally:
            other.close()
    finally:
        finish.set()
        worker.join()
    assert not library.import_running()
    assert [problem.kind for problem in verify_library(library)] == ["leftover"]
