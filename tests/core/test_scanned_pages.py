"""Per-page text: scans are told from text pages, damage from scans, ligatures are undone."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command

from evidence_desk.core import documents
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.library import Library, alembic_config
from evidence_desk.core.matters import MatterInput, add_matter
from evidence_desk.core.records import MatterId
from evidence_desk.core.search import search
from tests.files import (
    make_corrupt_stream_pdf,
    make_ligature_pdf,
    make_pdf,
    make_scanned_pdf,
    make_truncated_pdf,
)

pytestmark = pytest.mark.databases

REPORT = [
    "COMPLAINT REPORT 2024-017",
    "Reporting officer P.O. Smyth, shield 4411.",
    "The defendant was approached on Jamaica Avenue.",
]


@pytest.fixture
def matter(library: Library) -> MatterId:
    return add_matter(library, MatterInput("2024-001", "People v. Doe", "Jane Doe")).id


def _import_one(library: Library, matter: MatterId, path: Path):  # type: ignore[no-untyped-def]
    (result,) = import_paths(library, matter, [path], workers=1)
    return result


def test_a_scan_whose_only_text_is_its_bates_stamp_needs_ocr(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    path = make_scanned_pdf(tmp_path / "scan.pdf", [REPORT, REPORT], bates_prefix="NYPD")
    result = _import_one(library, matter, path)
    assert result.status == "needs_ocr"
    assert result.message == (
        "all 2 pages are scans without a text layer: they need OCR to be searched"
    )
    assert (result.bates_start, result.bates_end) == ("NYPD 000001", "NYPD 000002")
    pages = documents.list_pages(library, result.id)
    assert [page.status for page in pages] == ["needs_ocr", "needs_ocr"]
    assert [page.bates for page in pages] == ["NYPD 000001", "NYPD 000002"]


def test_a_hidden_label_on_a_scan_is_not_text(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    path = make_scanned_pdf(tmp_path / "label.pdf", [REPORT], hidden_label="Background")
    result = _import_one(library, matter, path)
    assert result.status == "needs_ocr"
    (page,) = documents.list_pages(library, result.id)
    assert page.status == "needs_ocr" and "Background" in page.text
    assert documents.get_document(library, result.id).title == "Label"  # not "Background"


def test_the_status_counts_the_pages_that_need_ocr(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    """Three typed pages and two scans merged into one production."""
    from pypdf import PdfReader, PdfWriter

    typed = make_pdf(tmp_path / "typed.pdf", ["first typed page", "second", "third"])
    scans = make_scanned_pdf(tmp_path / "scans.pdf", [REPORT, REPORT])
    writer = PdfWriter()
    for source in (typed, scans):
        for page in PdfReader(source).pages:
            writer.add_page(page)
    merged = tmp_path / "merged.pdf"
    with merged.open("wb") as handle:
        writer.write(handle)
    result = _import_one(library, matter, merged)
    assert result.status == "needs_ocr"
    assert result.message == "2 of 5 pages need OCR (scanned without a text layer)"
    statuses = [page.status for page in documents.list_pages(library, result.id)]
    assert statuses == ["text", "text", "text", "needs_ocr", "needs_ocr"]
    document = documents.get_document(library, result.id)
    assert document.status == "needs_ocr" and document.status_reason == result.message


def test_a_scan_with_a_text_layer_is_text(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    """A copier's searchable PDF: the image plus invisible text of the whole page."""
    words = " ".join(REPORT * 6)
    path = make_scanned_pdf(tmp_path / "searchable.pdf", [REPORT], hidden_label=words)
    result = _import_one(library, matter, path)
    assert result.status == "ok"
    assert documents.list_pages(library, result.id)[0].status == "text"


def test_a_damaged_text_pdf_is_unreadable_never_a_scan(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    cut = make_truncated_pdf(tmp_path / "cut.pdf", ["text " * 300] * 3, keep=0.5)
    result = _import_one(library, matter, cut)
    assert result.status == "unreadable" and "damaged" in result.message

    path = make_corrupt_stream_pdf(tmp_path / "garbled.pdf")
    result = _import_one(library, matter, path)
    assert result.status == "unreadable", result.message
    assert "damaged" in result.message and "OCR" not in result.message
    assert [page.status for page in documents.list_pages(library, result.id)] == ["unreadable"]


def test_a_blank_page_is_blank_not_a_scan(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    path = make_pdf(tmp_path / "with blank.pdf", ["the first page", "", "the third page"])
    result = _import_one(library, matter, path)
    assert result.status == "ok"
    statuses = [page.status for page in documents.list_pages(library, result.id)]
    assert statuses == ["text", "empty", "text"]


def test_ligatures_and_word_spacing_survive_extraction(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    path = make_ligature_pdf(
        tmp_path / "typeset.pdf",
        ["We searched di\ufb00erently for the \ufb01le.\nO\ufb03cer Oleg Alexandrov \ufb02ed."],
    )
    result = _import_one(library, matter, path)
    text = documents.get_page(library, result.id, 1).text
    assert "differently" in text and "file" in text and "Officer Oleg Alexandrov fled" in text
    hits = search(library, "differently")
    assert [(hit.document_id, hit.page) for hit in hits] == [(result.id, 1)]


# On SQLite only: upgrades an embedded library's database file written by an older schema.
def test_pages_of_an_older_library_get_their_status(library_path: Path) -> None:
    library = Library.create(library_path, user="tester")
    add_matter(library, MatterInput("2024-001", "People v. Doe", "Jane Doe"))
    library.close()
    database = library_path / "evidence.db"
    engine_url = f"sqlite:///{database}"
    from sqlalchemy import create_engine

    engine = create_engine(engine_url)
    with engine.begin() as connection:
        command.downgrade(
            alembic_config(connection), "0003"
        )  # the revision before pages had a status
    engine.dispose()
    raw = sqlite3.connect(database)
    raw.execute(
        "INSERT INTO document (id, matter_id, title, file_name, stored_path, sha256, size, kind,"
        " status, source, page_count, imported_at, imported_by) VALUES"
        " (1, 1, 'scan', 'scan.pdf', 'x/scan.pdf', 'a', 1, 'pdf', 'needs_ocr', 'discovery', 2,"
        " '2024-01-01', 'tester'),"
        " (2, 1, 'report', 'report.pdf', 'x/report.pdf', 'b', 1, 'pdf', 'ok', 'discovery', 2,"
        " '2024-01-01', 'tester')"
    )
    raw.execute(
        "INSERT INTO page (document_id, number, text) VALUES"
        " (1, 1, ''), (1, 2, ''), (2, 1, 'typed words'), (2, 2, '  ')"
    )
    raw.commit()
    raw.close()
    library = Library.open(library_path)
    try:
        assert [page.status for page in documents.list_pages(library, 1)] == [
            "needs_ocr",
            "needs_ocr",
        ]
        assert [page.status for page in documents.list_pages(library, 2)] == ["text", "empty"]
        assert [hit.document_id for hit in search(library, "typed")] == [2]
    finally:
        library.close()


def test_search_says_which_pages_it_cannot_see(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    roe = add_matter(library, MatterInput("2024-002", "People v. Roe", "Rita Roe")).id
    make_scanned_pdf(tmp_path / "a" / "scan.pdf", [REPORT] * 3, bates_prefix="NYPD")
    make_pdf(tmp_path / "a" / "typed.pdf", ["typed"])
    make_pdf(tmp_path / "b" / "typed.pdf", ["typed elsewhere"])
    import_paths(library, matter, [tmp_path / "a"], workers=1)
    import_paths(library, roe, [tmp_path / "b"], workers=1)

    unsearched = documents.unsearched_pages(library, matter)
    assert (unsearched.needs_ocr, unsearched.needs_ocr_documents) == (3, 1)
    assert unsearched.message() == "Not searched: 3 scanned pages in 1 document need OCR."
    assert documents.unsearched_pages(library, roe).message() is None
    assert documents.unsearched_pages(library).total == 3


def test_the_search_command_warns_about_unsearched_pages(
    library: Library, matter: MatterId, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from evidence_desk.cli import main

    import_paths(library, matter, [make_scanned_pdf(tmp_path / "scan.pdf", [REPORT])], workers=1)
    library.close()
    for extra in ([], ["--json"]):
        code = main(["--library", str(library.path), "search", "defendant", *extra])
        captured = capsys.readouterr()
        assert code == 0
        assert "Not searched: 1 scanned page in 1 document needs OCR." in captured.err


@pytest.mark.parametrize(
    ("text", "few"),
    [
        ("", True),
        ("NYPD 000123", True),
        ("x" * 159, True),  # fewer than MIN_LETTERS + MAX_LABEL (160)
        ("word " * 40, False),  # 160 letters
        # Letters spread thin over many slices are still all counted.
        (("." * 700 + "abcdefghij") * 15, True),  # 150 letters
        (("." * 700 + "abcdefghij") * 17, False),  # 170 letters
        ("Ré" * 80, False),  # letters of any script count
    ],
)
def test_pages_with_few_letters_are_told_from_pages_of_text(text: str, few: bool) -> None:
    from evidence_desk.core.ingest.bates import MAX_LABEL
    from evidence_desk.core.ingest.scans import MIN_LETTERS, few_letters

    assert MIN_LETTERS + MAX_LABEL == 160  # the threshold the cases are written for
    assert few_letters(text) is few
