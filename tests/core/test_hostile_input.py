"""Hostile input at import: links out of a folder, page floods, odd names, big files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evidence_desk.core import documents
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.ingest.worker import MAX_PAGES_PER_FILE
from evidence_desk.core.integrity import verify_library
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter
from evidence_desk.core.records import MatterId
from tests.files import make_pdf, make_text

pytestmark = pytest.mark.databases


@pytest.fixture
def matter(library: Library) -> MatterId:
    return add_matter(library, MatterInput("2024-001", "People v. Doe", "Jane Doe")).id


def _library_bytes(library: Library) -> bytes:
    """Every byte stored under the library's matters folder."""
    files = sorted((library.path / "matters").rglob("*"))
    return b"".join(path.read_bytes() for path in files if path.is_file())


def test_links_inside_an_imported_folder_are_not_followed_and_are_reported(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = make_text(outside / "id_rsa", "PRIVATE KEY never to be copied")
    (outside / "more").mkdir()
    make_text(outside / "more" / "diary.txt", "diary never to be copied")
    folder = tmp_path / "production"
    make_text(folder / "real.txt", "a real statement")
    (folder / "key.txt").symlink_to(secret)
    (folder / "linked-folder").symlink_to(outside / "more", target_is_directory=True)

    results = import_paths(library, matter, [folder], workers=1)

    by_name = {result.file_name: result for result in results}
    assert by_name["real.txt"].status == "ok"
    assert by_name["key.txt"].status == "skipped" and "link" in by_name["key.txt"].message
    assert by_name["linked-folder"].status == "skipped"
    assert "link" in by_name["linked-folder"].message
    assert [record.file_name for record in documents.list_documents(library, matter)] == [
        "real.txt"
    ]
    stored = _library_bytes(library)
    assert b"PRIVATE KEY" not in stored and b"diary" not in stored


def test_a_flood_of_form_feeds_is_kept_as_unreadable_not_millions_of_pages(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    flood = tmp_path / "flood.txt"
    flood.write_bytes(b"\f" * (4 * 1024 * 1024))
    [result] = import_paths(library, matter, [flood], workers=1)
    assert result.status == "unreadable" and result.pages == 0
    assert f"{MAX_PAGES_PER_FILE:,}" in result.message
    record = documents.get_document(library, result.id)
    assert record.page_count == 0 and record.status_reason == result.message
    assert documents.document_path(library, result.id).read_bytes() == flood.read_bytes()


def test_a_file_whose_text_cannot_be_stored_is_kept_as_unreadable_with_the_reason(
    library: Library, matter: MatterId, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer running out of memory keeps the file, marked with why."""
    big = make_text(tmp_path / "big.txt", "lorem ipsum " * 1000)
    from evidence_desk.core.ingest import pipeline

    original = pipeline._page_rows

    def exhausted(*args: object, **kwargs: object) -> object:
        rows = original(*args, **kwargs)  # type: ignore[arg-type]
        if rows:
            raise MemoryError
        return rows

    monkeypatch.setattr(pipeline, "_page_rows", exhausted)
    [result] = import_paths(library, matter, [big], workers=1)
    assert result.status == "unreadable" and result.id is not None
    assert "memory" in result.message
    assert documents.document_path(library, result.id).read_bytes() == big.read_bytes()
    assert verify_library(library) == []


def test_an_invalid_utf8_file_name_is_stored_under_a_safe_name(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    raw_name = os.fsdecode(b"caf\xe9 statement.txt")
    (folder / raw_name).write_bytes(b"the statement")
    [result] = import_paths(library, matter, [folder], workers=1)
    assert result.status == "ok", result
    assert result.file_name == "caf\ufffd statement.txt"
    json.dumps(result.file_name).encode("utf-8")  # a valid UTF-8 string, no surrogates
    record = documents.get_document(library, result.id)
    assert record.file_name == "caf\ufffd statement.txt"
    assert record.original_path is not None and record.original_path.endswith(
        "caf\\xe9 statement.txt"
    )
    assert "not valid UTF-8" in result.message
    assert documents.document_path(library, result.id).read_bytes() == b"the statement"
    assert verify_library(library) == []


def test_import_json_stays_valid_utf8_with_an_invalid_file_name(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / os.fsdecode(b"r\xe9sum\xe9.txt")).write_bytes(b"text")
    library_path = library.path
    library.close()
    completed = subprocess.run(
        [
            *(sys.executable, "-m", "evidence_desk.cli", "--library", str(library_path)),
            *("import", "2024-001", str(folder), "--json", "--workers", "1"),
        ],
        capture_output=True,
        env={**os.environ, "LC_ALL": "C", "PYTHONIOENCODING": ""},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    [result] = json.loads(completed.stdout.decode("utf-8"))
    assert result["status"] == "ok" and result["file_name"] == "r\ufffdsum\ufffd.txt"


def test_names_ending_in_a_dot_and_odd_names_are_read_by_content(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    folder = tmp_path / "incoming"
    pdf = make_pdf(folder / "report.pdf", ["ARREST REPORT"])
    dotted = pdf.rename(folder / "report.pdf.")
    named_unknown = make_pdf(folder / "scan.bin", ["SCANNED STATEMENT"])
    odd = make_text(folder / "Smith\\Jones statement.txt", "he said")
    importing = make_text(folder / ".importing-notes.txt", "looks like a temporary copy")
    results = {result.file_name: result for result in import_paths(library, matter, [folder])}
    assert results[dotted.name].status == "ok" and results[dotted.name].pages == 1
    assert results[named_unknown.name].status == "ok"
    assert results[odd.name].status == "ok" and results[importing.name].status == "ok"
    stored = {
        record.file_name: Path(record.stored_path).name
        for record in documents.list_documents(library, matter)
    }
    assert stored[dotted.name] == "report.pdf"
    assert "\\" not in stored[odd.name]
    assert not stored[importing.name].startswith(".")
    assert verify_library(library) == []


def test_a_library_whose_database_is_not_one_gets_one_clear_error(tmp_path: Path) -> None:
    from evidence_desk.core.errors import LibraryError

    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "evidence.db").write_bytes(b"this is not a database " * 200)
    with pytest.raises(LibraryError, match="cannot read the library's database"):
        Library.open(folder)
