"""Importing evidence: every file kind and failure status, with real files, nothing lost."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import psutil
import pytest
from sqlalchemy import func, select

from evidence_desk.core import audit, documents
from evidence_desk.core.errors import NotFoundError, ValidationError
from evidence_desk.core.ingest.pipeline import (
    ImportProgress,
    import_paths,
    recover_interrupted_imports,
)
from evidence_desk.core.ingest.text import decode_text
from evidence_desk.core.ingest.worker import (
    TEMP_PREFIX,
    copy_and_hash,
    copy_tag,
    remove_copies,
    temp_name,
)
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter
from evidence_desk.core.model import AuditEvent, Document, Page
from evidence_desk.core.records import MatterId
from tests.files import (
    make_decompression_bomb_pdf,
    make_docx,
    make_empty,
    make_encrypted_pdf,
    make_image_only_pdf,
    make_jpeg,
    make_pdf,
    make_png,
    make_text,
    make_tiff,
    make_truncated_pdf,
)

pytestmark = pytest.mark.databases


@pytest.fixture
def matter(library: Library) -> MatterId:
    return add_matter(library, MatterInput("2024-001", "People v. Doe", "Jane Doe")).id


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_nothing_lost(library: Library, sources: list[Path]) -> None:
    """Every source file is stored in the matter folder with the hash the DB records."""
    with library.read() as session:
        rows = session.execute(select(Document)).scalars().all()
        stored = {row.sha256: row.stored_path for row in rows}
        for document in rows:
            pages = session.execute(
                select(func.count()).where(Page.document_id == document.id)
            ).scalar_one()
            assert pages == document.page_count, document.file_name
    for source in sources:
        digest = sha256(source)
        assert digest in stored, f"{source.name} is not in the library"
        path = library.path / stored[digest]
        assert path.is_file() and sha256(path) == digest
    leftovers = list(library.path.glob(f"matters/*/documents/{TEMP_PREFIX}*"))
    assert leftovers == []


@pytest.fixture
def production(tmp_path: Path) -> dict[str, Path]:
    """One file of every kind and every failure, in a folder tree."""
    root = tmp_path / "production"
    return {
        "stamped": make_pdf(
            root / "complaint.pdf",
            ["COMPLAINT REPORT\nP.O. Smyth observed the defendant.", "Page two narrative."],
            bates_prefix="NYPD",
            first_bates=123,
            title="Complaint Report",
            author="Det. Ortiz",
            created=datetime(2024, 3, 5, 14, 30),
        ),
        "encrypted": make_encrypted_pdf(
            root / "sealed" / "sealed.pdf", ["sealed grand jury minutes"], password="s3cret"
        ),
        "truncated": make_truncated_pdf(root / "cut.pdf", ["text " * 300] * 3),
        "empty": make_empty(root / "empty.pdf"),
        "png_as_pdf": make_png(root / "photo.pdf", colour="maroon"),
        "scan": make_image_only_pdf(root / "scan.pdf", pages=2),
        "word": make_docx(
            root / "statement.docx",
            ["Statement of the witness", "He took my phone."],
            table=[["Officer", "Shield"], ["Smyth", "4411"]],
        ),
        "text": make_text(root / "notes" / "call log.txt", "Caller said the UC came back.\n"),
        "markdown": make_text(root / "notes" / "summary.md", "# Summary\nNothing returned."),
        "png": make_png(root / "images" / "scene.png"),
        "jpeg": make_jpeg(root / "images" / "scene.jpg"),
        "tiff": make_tiff(root / "images" / "fax.tif", frames=3),
        "other": make_text(root / "export.xlsx", "not really a spreadsheet"),
    }


def test_a_production_folder_imports_every_kind_and_status(
    library: Library, matter: MatterId, production: dict[str, Path]
) -> None:
    results = import_paths(library, matter, [production["stamped"].parent], workers=2)
    by_name = {result.file_name: result for result in results}
    assert len(results) == len(production)
    expected = {
        "complaint.pdf": "ok",
        "sealed.pdf": "encrypted",
        "cut.pdf": "unreadable",
        "empty.pdf": "unreadable",
        "photo.pdf": "unreadable",
        "scan.pdf": "needs_ocr",
        "statement.docx": "ok",
        "call log.txt": "ok",
        "summary.md": "ok",
        "scene.png": "needs_ocr",
        "scene.jpg": "needs_ocr",
        "fax.tif": "needs_ocr",
        "export.xlsx": "no_text",
    }
    assert {name: result.status for name, result in by_name.items()} == expected
    assert "PNG" in by_name["photo.pdf"].message
    assert "empty" in by_name["empty.pdf"].message
    assert by_name["cut.pdf"].message
    assert by_name["scan.pdf"].pages == 2 and by_name["fax.tif"].pages == 3
    assert_nothing_lost(library, list(production.values()))

    kinds = {doc.file_name: doc.kind for doc in documents.list_documents(library, matter)}
    assert kinds["statement.docx"] == "docx" and kinds["export.xlsx"] == "other"
    assert kinds["scene.png"] == "image" and kinds["call log.txt"] == "text"

    complaint = documents.get_document(library, by_name["complaint.pdf"].id)
    assert complaint.meta_title == "Complaint Report" and complaint.meta_author == "Det. Ortiz"
    assert complaint.meta_created == "2024-03-05T14:30:00"
    assert complaint.original_path == str(production["stamped"])
    assert (
        complaint.imported_by == library.user
        and complaint.size == production["stamped"].stat().st_size
    )
    assert complaint.stored_path == "matters/2024-001/documents/complaint.pdf"
    page = documents.get_page(library, complaint.id, 1)
    assert "P.O. Smyth observed the defendant." in page.text
    assert documents.document_path(library, complaint.id).read_bytes() == (
        production["stamped"].read_bytes()
    )
    with pytest.raises(NotFoundError):
        documents.get_page(library, complaint.id, 3)

    scan_pages = documents.list_pages(library, by_name["scan.pdf"].id)
    assert [p.text for p in scan_pages] == ["", ""]

    word = documents.list_pages(library, by_name["statement.docx"].id)
    assert len(word) == 1
    assert "He took my phone." in word[0].text and "Smyth\t4411" in word[0].text

    with library.read() as session:  # one audit event per document, none per page
        events = session.execute(
            select(func.count()).where(AuditEvent.entity == "document")
        ).scalar_one()
        page_events = session.execute(
            select(func.count()).where(AuditEvent.entity == "page")
        ).scalar_one()
    assert events == len(production) and page_events == 0


def test_the_same_bytes_twice_are_a_duplicate_and_names_never_clash(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    first = make_pdf(tmp_path / "a" / "report.pdf", ["first report"])
    copy = tmp_path / "b" / "copy of report.pdf"
    copy.parent.mkdir()
    copy.write_bytes(first.read_bytes())
    other = make_pdf(tmp_path / "c" / "report.pdf", ["a different report"])
    results = import_paths(library, matter, [first, copy, other], workers=1)
    statuses = [(r.file_name, r.status) for r in results]
    assert sorted(statuses) == sorted(
        [("report.pdf", "ok"), ("copy of report.pdf", "duplicate"), ("report.pdf", "ok")]
    )
    duplicate = next(r for r in results if r.status == "duplicate")
    assert (
        duplicate.id
        == next(r for r in results if r.sha256 == duplicate.sha256 and r.status == "ok").id
    )
    stored = sorted(
        d.stored_path.rsplit("/", 1)[1] for d in documents.list_documents(library, matter)
    )
    assert stored == ["report (2).pdf", "report.pdf"]
    again = import_paths(library, matter, [tmp_path], workers=1)
    assert [r.status for r in again] == ["duplicate"] * 3
    assert len(documents.list_documents(library, matter)) == 2
    assert_nothing_lost(library, [first, copy, other])


def test_an_encrypted_pdf_is_kept_and_unlocked_later(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    sealed = make_encrypted_pdf(
        tmp_path / "sealed.pdf",
        ["grand jury minutes", "second page"],
        password="s3cret",
        bates_prefix="DA",
        first_bates=7,
    )
    [result] = import_paths(library, matter, [sealed], workers=1)
    assert result.status == "encrypted" and "password" in result.message
    assert documents.get_document(library, result.id).page_count == 2
    with pytest.raises(ValidationError):
        documents.unlock_document(library, result.id, "wrong")
    unlocked = documents.unlock_document(library, result.id, "s3cret")
    assert unlocked.status == "ok" and unlocked.bates_start == "DA 000007"
    assert "grand jury minutes" in documents.get_page(library, result.id, 1).text
    with pytest.raises(ValidationError):
        documents.unlock_document(library, result.id, "s3cret")  # no longer encrypted


def test_a_password_at_import_opens_new_and_already_stored_pdfs(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    first = make_encrypted_pdf(tmp_path / "one.pdf", ["first sealed"], password="pw")
    second = make_encrypted_pdf(
        tmp_path / "two.pdf", ["second sealed"], password="pw", algorithm="RC4-128"
    )
    [locked] = import_paths(library, matter, [first], workers=1)
    assert locked.status == "encrypted"
    results = import_paths(library, matter, [first, second], password="pw", workers=1)
    by_name = {r.file_name: r for r in results}
    assert by_name["one.pdf"].status == "ok" and by_name["one.pdf"].id == locked.id
    assert "unlocked" in by_name["one.pdf"].message
    assert by_name["two.pdf"].status == "ok"
    assert "second sealed" in documents.get_page(library, by_name["two.pdf"].id, 1).text


def test_a_pdf_with_an_empty_user_password_opens_without_asking(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    owner_only = make_encrypted_pdf(tmp_path / "print-locked.pdf", ["open to read"], password="")
    [result] = import_paths(library, matter, [owner_only], workers=1)
    assert result.status == "ok"


def test_text_is_decoded_whatever_its_encoding(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    assert decode_text("café".encode("cp1252")) == ("café", "cp1252")
    assert decode_text("naïve".encode())[0] == "naïve"
    assert decode_text("\ufeffbom".encode("utf-16"))[0].lstrip("\ufeff") == "bom"
    assert decode_text(bytes([0x81, 0x8D, 0xFF]))[1] == "latin-1"
    sources = [
        make_text(tmp_path / "w.txt", "Señor Núñez said «no»", encoding="cp1252"),
        make_text(
            tmp_path / "u.eml", "Subject: call\n\nThe officer called twice.", encoding="utf-16"
        ),
        make_text(tmp_path / "pages.txt", "page one\fpage two\f"),
    ]
    results = {r.file_name: r for r in import_paths(library, matter, sources, workers=1)}
    assert documents.get_page(library, results["w.txt"].id, 1).text == "Señor Núñez said «no»"
    assert "officer called twice" in documents.get_page(library, results["u.eml"].id, 1).text
    assert [p.text for p in documents.list_pages(library, results["pages.txt"].id)] == [
        "page one",
        "page two",
    ]


def test_docx_page_breaks_make_pages(library: Library, matter: MatterId, tmp_path: Path) -> None:
    word = make_docx(
        tmp_path / "typed.docx",
        ["first page", "second page", "third page"],
        page_break_before=[1, 2],
        table=[["a", "b"]],
        title="Typed statement",
    )
    [result] = import_paths(library, matter, [word], workers=1)
    pages = [p.text for p in documents.list_pages(library, result.id)]
    assert pages == ["first page", "second page", "third page\na\tb"]
    assert documents.get_document(library, result.id).meta_title == "Typed statement"


def test_progress_is_reported_and_cancel_stops_between_files(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    sources = [make_pdf(tmp_path / f"doc{index}.pdf", [f"doc {index}"] * 3) for index in range(8)]
    cancel = threading.Event()
    reports: list[ImportProgress] = []

    def progress(report: ImportProgress) -> None:
        reports.append(report)
        if report.done == 2:
            cancel.set()

    results = import_paths(library, matter, sources, progress=progress, cancel=cancel, workers=2)
    assert len(results) == 2
    assert reports[0].done == 0 and reports[0].total == 8
    assert [r.done for r in reports[1:3]] == [1, 2] and reports[-1].message == "cancelled"
    stored = documents.list_documents(library, matter)
    assert len(stored) == 2
    assert_nothing_lost(library, [Path(r.source_path) for r in results])
    rest = import_paths(library, matter, sources, workers=2)
    assert sorted(r.status for r in rest) == ["duplicate"] * 2 + ["ok"] * 6
    assert_nothing_lost(library, sources)


def test_a_stopped_import_removes_its_own_copies_and_no_one_elses(tmp_path: Path) -> None:
    """Also copies its pool never heard of: a worker stopped just after making one."""
    folder = tmp_path / "documents"
    folder.mkdir()
    source = make_text(tmp_path / "a.txt", "statement")
    mine, other = copy_tag(), copy_tag()
    sha, _size, copied = copy_and_hash(source, folder, mine)
    (folder / f"{TEMP_PREFIX}{mine}{'0' * 32}.part").write_bytes(b"half")
    _sha, _size, elsewhere = copy_and_hash(source, folder, other)  # another computer's import
    untagged = folder / temp_name(sha)
    untagged.write_bytes(b"an older import's copy")
    assert copied.name.startswith(f"{TEMP_PREFIX}{sha}-{mine}")
    remove_copies(folder, mine)
    assert sorted(item.name for item in folder.iterdir()) == sorted([elsewhere.name, untagged.name])


def test_a_file_that_overruns_its_time_limit_is_kept_as_unreadable(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    slow = make_pdf(tmp_path / "slow.pdf", ["words " * 400] * 40)  # ~0.1 s of reading
    [result] = import_paths(library, matter, [slow], workers=1, timeout=0.001)
    assert result.status == "unreadable" and "longer than" in result.message
    assert_nothing_lost(library, [slow])


def test_a_file_that_explodes_in_memory_is_kept_as_unreadable(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    bomb = make_decompression_bomb_pdf(tmp_path / "bomb.pdf", megabytes=12)
    fine = make_text(tmp_path / "fine.txt", "fine")
    results = import_paths(library, matter, [bomb, fine], workers=1, memory_limit=200 * 1024**2)
    by_name = {r.file_name: r for r in results}
    assert by_name["bomb.pdf"].status == "unreadable", by_name["bomb.pdf"]
    assert "memory" in by_name["bomb.pdf"].message or "stopped" in by_name["bomb.pdf"].message
    assert by_name["fine.txt"].status == "ok"
    assert_nothing_lost(library, [bomb, fine])


def test_leftovers_of_a_killed_import_are_cleared_and_nothing_is_destroyed(
    library: Library, matter: MatterId, tmp_path: Path, database: str
) -> None:
    pdf = make_pdf(tmp_path / "kept.pdf", ["kept"])
    [result] = import_paths(library, matter, [pdf], workers=1)
    folder = documents.document_path(library, result.id).parent
    # Killed mid-copy, after the copy, and after naming the copy but before the commit:
    leftovers = [
        folder / f"{TEMP_PREFIX}abc.part",
        folder / temp_name("0" * 64),
        folder / "named.pdf",
    ]
    for leftover, content in zip(
        leftovers, [b"half a copy", b"an uncommitted copy", b"named, never committed"], strict=True
    ):
        leftover.write_bytes(content)
        two_days_ago = time.time() - 2 * 24 * 3600
        os.utime(leftover, (two_days_ago, two_days_ago))
    # Just written: in office mode another computer may be importing it right now.
    (folder / f"{TEMP_PREFIX}fresh.part").write_bytes(b"being copied elsewhere")
    if database == "postgresql":
        assert recover_interrupted_imports(library) == 3
        remaining = ["kept.pdf", f"{TEMP_PREFIX}fresh.part"]
    else:  # the writer lock means no other import is running
        assert recover_interrupted_imports(library) == 4
        remaining = ["kept.pdf"]
    assert sorted(item.name for item in folder.iterdir()) == sorted(remaining)
    kept = library.path / "backups" / "interrupted-imports" / "2024-001" / "named.pdf"
    assert kept.read_bytes() == b"named, never committed"
    assert documents.document_path(library, result.id).read_bytes() == pdf.read_bytes()


def test_missing_paths_and_unknown_sources_are_refused(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        import_paths(library, matter, [tmp_path / "nowhere.pdf"])
    with pytest.raises(ValidationError, match="source"):
        import_paths(library, matter, [tmp_path], source="bogus")
    with pytest.raises(NotFoundError):
        import_paths(library, MatterId(999), [tmp_path])


def _check_consistent(library: Library) -> int:
    """Every document has all its pages and its stored file with the recorded hash."""
    with library.read() as session:
        rows = session.execute(select(Document)).scalars().all()
        for document in rows:
            pages = session.execute(
                select(func.count()).where(Page.document_id == document.id)
            ).scalar_one()
            assert pages == document.page_count > 0, document.file_name
            stored = library.path / document.stored_path
            assert stored.is_file() and sha256(stored) == document.sha256
        _events, problem = audit.verify(session)
    assert problem is None, problem
    return len(rows)


def test_an_import_killed_midway_leaves_a_consistent_library_and_resumes(
    library: Library, matter: MatterId, tmp_path: Path, database: str
) -> None:
    folder = tmp_path / "production"
    # More files than one write batch holds (pipeline.BATCH_FILES), so that a fast machine
    # cannot read and commit the whole production before the kill.
    sources = [
        make_pdf(
            folder / f"dd5-{index:03d}.pdf",
            [f"report {index} page {n}" for n in range(3)],
            bates_prefix="NYPD",
            first_bates=index * 100,
        )
        for index in range(160)
    ]
    library_path = library.path
    library.close()  # the command takes the write lock itself
    command = [
        sys.executable, "-m", "evidence_desk.cli", "--library", str(library_path),
        "import", "2024-001", str(folder), "--json", "--workers", "2",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watcher = Library.open(library_path, readonly=True)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and process.poll() is None:
            with watcher.read() as session:
                count = session.execute(select(func.count()).select_from(Document)).scalar_one()
            if count >= 5:
                break
            time.sleep(0.01)
    finally:
        watcher.close()
    assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
    workers = psutil.Process(process.pid).children(recursive=True)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    psutil.wait_procs(workers, timeout=30)  # orphaned workers see the pipe close and exit
    if database == "postgresql":
        # Another computer may be importing into the same folder: an office library clears
        # only leftovers a day old, so resume as if a day later.
        two_days_ago = time.time() - 2 * 24 * 3600
        for stored in (library_path / "matters").glob("*/documents/*"):
            os.utime(stored, (two_days_ago, two_days_ago))

    reopened = Library.open(library_path)
    try:
        stored_before = _check_consistent(reopened)
        assert 5 <= stored_before < len(sources)
        results = import_paths(reopened, matter, [folder], workers=2)
        statuses = [result.status for result in results]
        assert statuses.count("duplicate") == stored_before
        assert statuses.count("ok") == len(sources) - stored_before
        assert _check_consistent(reopened) == len(sources)
        assert_nothing_lost(reopened, sources)
        names = sorted(d.file_name for d in documents.list_documents(reopened, matter))
        stored_names = sorted(
            d.stored_path.rsplit("/", 1)[1] for d in documents.list_documents(reopened, matter)
        )
        assert names == stored_names == sorted(source.name for source in sources)
    finally:
        reopened.close()


def test_a_file_that_cannot_be_stored_does_not_hold_back_its_batch(
    library: Library, matter: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files are committed in batches; one that fails is retried alone and reported."""
    from evidence_desk.core.ingest import pipeline

    sources = [make_pdf(tmp_path / f"doc{index}.pdf", [f"doc {index}"]) for index in range(4)]
    original = pipeline._page_rows

    def refuse_doc_2(document_id: int, extraction: object) -> object:
        if "doc 2" in extraction.pages[0]:  # type: ignore[attr-defined]
            raise ValueError("disk trouble")
        return original(document_id, extraction)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_page_rows", refuse_doc_2)
    results = import_paths(library, matter, sources, workers=2)
    by_name = {result.file_name: result for result in results}
    assert by_name["doc2.pdf"].status == "failed"
    assert by_name["doc2.pdf"].message == "could not be stored: disk trouble"
    assert sorted(r.status for r in results) == ["failed", "ok", "ok", "ok"]
    assert_nothing_lost(library, [source for source in sources if source.name != "doc2.pdf"])
    assert len(documents.list_documents(library, matter)) == 3


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("D:20240305143000-05'00'", "2024-03-05T14:30:00"),
        ("D:20261201152812Z'", "2026-12-01T15:28:12"),
        ("D:20000101000000+00'00'", "2000-01-01T00:00:00"),
        ("D:2023", "2023-01-01T00:00:00"),
        ("D:202311", "2023-11-01T00:00:00"),
        ("20231102", "2023-11-02T00:00:00"),
        ("2024-03-05", "2024-03-05"),  # not a PDF date: kept as written
        ("D:20241399", "D:20241399"),  # no 99th day
        ("D:2023013", "D:2023013"),
        ("  ", None),
        (None, None),
    ],
)
def test_pdf_creation_dates_are_read_as_the_file_states_them(
    written: str | None, read: str | None
) -> None:
    from evidence_desk.core.ingest.pdf import pdf_date

    assert pdf_date(written) == read
