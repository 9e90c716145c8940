"""verify, backup and restore: tampering is found, a backup restores to an identical library.

verify runs on both databases. Backup and restore zip the embedded library's SQLite file, so
their tests stay on SQLite (an office library is backed up with pg_dump, and refuses).
"""

from __future__ import annotations

import json
import os
import time
import zipfile
from pathlib import Path

import pytest

from evidence_desk.cli import main
from evidence_desk.core.backup import MANIFEST_NAME, backup_library, restore_library
from evidence_desk.core.documents import list_documents, list_pages
from evidence_desk.core.errors import ConflictError, LibraryError, ValidationError
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.integrity import inspect_library, verify_library
from evidence_desk.core.library import Library
from evidence_desk.core.matters import (
    MatterInput,
    add_matter,
    get_matter_by_file_number,
    list_matters,
)
from evidence_desk.core.notes import add_note
from tests.files import make_pdf

from .tampering import tamper

both_databases = pytest.mark.databases


@pytest.fixture
def filled(library: Library, tmp_path: Path) -> Library:
    """A library with one matter, one imported two-page PDF and one note."""
    roe = add_matter(library, MatterInput("2024-101", "People v. Roe", "Rae Roe")).id
    pdf = make_pdf(
        tmp_path / "incoming" / "arrest report.pdf",
        ["ARREST REPORT page one", "NARRATIVE page two"],
        bates_prefix="NYPD",
        first_bates=41,
    )
    results = import_paths(library, roe, [pdf], workers=1)
    assert [result.status for result in results] == ["ok"]
    add_note(library, roe, "Interview", "Client describes the officer.")
    return library


def _stored_file(library: Library) -> Path:
    (document,) = list_documents(library, get_matter_by_file_number(library, "2024-101").id)
    return library.path / document.stored_path


@both_databases
def test_intact_library_verifies_with_counts(filled: Library) -> None:
    report = inspect_library(filled)
    assert report.ok and report.problems == ()
    assert report.documents == 1 and report.pages == 2
    assert report.audit_events > 3
    assert report.bytes_checked == _stored_file(filled).stat().st_size
    assert verify_library(filled) == []


@both_databases
def test_changed_and_missing_originals_are_reported(filled: Library) -> None:
    stored = _stored_file(filled)
    stored.write_bytes(stored.read_bytes() + b"%% appended")
    (problem,) = verify_library(filled)
    assert problem.kind == "changed" and problem.document_id is not None
    assert "SHA-256" in problem.message
    stored.unlink()
    (problem,) = verify_library(filled)
    assert problem.kind == "missing" and stored.name in problem.message


@both_databases
def test_edit_behind_the_programs_back_is_reported(filled: Library) -> None:
    tamper(filled, "UPDATE matter SET caption = 'People v. Someone Else'")
    problems = verify_library(filled)
    assert [problem.kind for problem in problems] == ["audit"]
    assert "outside Evidence Desk" in problems[0].message


@both_databases
def test_interrupted_import_leftover_is_reported(filled: Library) -> None:
    leftover = _stored_file(filled).parent / (".importing-" + "0" * 64 + "-abc")
    leftover.write_bytes(b"half")
    # A day old: in office mode a fresh one may be another computer's import under way.
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(leftover, (two_days_ago, two_days_ago))
    (problem,) = verify_library(filled)
    assert problem.kind == "leftover" and problem.path is not None
    assert problem.path.endswith(leftover.name)


def test_backup_then_restore_gives_the_same_library(filled: Library, tmp_path: Path) -> None:
    archive = backup_library(filled, tmp_path / "nightly")
    assert archive.name == "nightly.zip" and archive.is_file()
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
        manifest = json.loads(zipped.read(MANIFEST_NAME))
    stored = _stored_file(filled)
    assert "evidence.db" in names
    assert stored.relative_to(filled.path).as_posix() in names
    assert {entry["name"] for entry in manifest["files"]} == names - {MANIFEST_NAME}

    folder, report = restore_library(archive, tmp_path / "restored")
    assert report.ok, report.problems
    assert report.documents == 1 and report.pages == 2
    restored = Library.open(folder, readonly=True)
    try:
        assert [item.matter.caption for item in list_matters(restored)] == ["People v. Roe"]
        (document,) = list_documents(restored, get_matter_by_file_number(restored, "2024-101").id)
        assert (folder / document.stored_path).read_bytes() == stored.read_bytes()
        assert [page.bates for page in list_pages(restored, document.id)] == [
            "NYPD 000041",
            "NYPD 000042",
        ]
    finally:
        restored.close()


def test_backup_into_a_folder_names_the_file_and_never_overwrites(
    filled: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "backups-elsewhere"
    folder.mkdir()
    archive = backup_library(filled, folder)
    assert archive.parent == folder.resolve() and archive.name.startswith("evidence-desk-backup-")
    with pytest.raises(ConflictError, match="already exists"):
        backup_library(filled, archive)
    assert not list(folder.glob("*.part"))


def test_restore_refuses_a_damaged_backup_and_leaves_nothing(
    filled: Library, tmp_path: Path
) -> None:
    archive = backup_library(filled, tmp_path / "good.zip")
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith(".pdf"):
                data = data[:100] + bytes([data[100] ^ 1]) + data[101:]  # one bit flipped
            target.writestr(item, data)
    with pytest.raises(ValidationError, match="damaged"):
        restore_library(damaged, tmp_path / "from-damaged")
    assert not (tmp_path / "from-damaged").exists()
    assert not list(tmp_path.glob(".from-damaged.restoring-*"))


def test_restore_refuses_an_existing_library_and_a_foreign_zip(
    filled: Library, tmp_path: Path
) -> None:
    archive = backup_library(filled, tmp_path / "good.zip")
    with pytest.raises(ConflictError, match="already a library"):
        restore_library(archive, filled.path)
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "something.txt").write_text("keep me")
    with pytest.raises(ConflictError, match="not empty"):
        restore_library(archive, occupied)
    foreign = tmp_path / "foreign.zip"
    with zipfile.ZipFile(foreign, "w") as zipped:
        zipped.writestr("readme.txt", "not a backup")
    with pytest.raises(ValidationError, match="not an Evidence Desk backup"):
        restore_library(foreign, tmp_path / "from-foreign")


def test_restore_refuses_a_backup_from_a_newer_program(filled: Library, tmp_path: Path) -> None:
    archive = backup_library(filled, tmp_path / "good.zip")
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(newer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == MANIFEST_NAME:
                manifest = json.loads(data)
                manifest["schema"] = "9999_from_the_future"
                data = json.dumps(manifest).encode()
            target.writestr(item, data)
    with pytest.raises(ValidationError, match="newer Evidence Desk"):
        restore_library(newer, tmp_path / "from-newer")
    assert not (tmp_path / "from-newer").exists()


@both_databases
def test_office_library_backup_is_refused_with_a_reason(
    filled: Library, tmp_path: Path, database: str
) -> None:
    if database == "sqlite":
        filled.url = "postgresql+psycopg://office/evidence"  # only the URL decides the mode
    with pytest.raises(LibraryError, match="pg_dump"):
        backup_library(filled, tmp_path / "office.zip")


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@both_databases
def test_cli_verify(filled: Library, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(filled.path)
    code, out, _ = _cli(capsys, "--library", path, "verify", "--json")
    assert code == 0 and json.loads(out)["ok"] is True
    stored = _stored_file(filled)
    stored.write_bytes(b"not the original")
    code, out, err = _cli(capsys, "--library", path, "verify")
    assert code == 1 and "changed:" in out and "1 problem" in err
    code, out, _ = _cli(capsys, "--library", path, "verify", "--json")
    assert code == 1 and json.loads(out)["problems"][0]["kind"] == "changed"


def test_cli_backup_restore(
    filled: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(filled.path)
    code, out, _ = _cli(capsys, "--library", path, "backup", str(tmp_path / "cli.zip"), "--json")
    assert code == 0 and Path(json.loads(out)["path"]).is_file()
    code, out, _ = _cli(capsys, "restore", str(tmp_path / "cli.zip"), str(tmp_path / "cli-lib"))
    assert code == 0 and "Library intact" in out
    code, _, err = _cli(capsys, "restore", str(tmp_path / "cli.zip"), str(tmp_path / "cli-lib"))
    assert code != 0 and err.count("\n") == 1 and "already a library" in err
