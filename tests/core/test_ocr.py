"""OCR of scanned pages with Tesseract: searchable, citable, resumable, optional."""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from evidence_desk.cli import main
from evidence_desk.core import documents
from evidence_desk.core.allegations import AllegationInput, OfficerLink, add_allegation
from evidence_desk.core.citations import CitationInput
from evidence_desk.core.ingest.ocr import OcrError, parse_tsv
from evidence_desk.core.ingest.ocr_run import (
    OcrProgress,
    ocr_settings,
    pending_pages,
    run_ocr,
    set_ocr_settings,
)
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter
from evidence_desk.core.model import PageOcr
from evidence_desk.core.officers import add_officer
from evidence_desk.core.records import MatterId
from evidence_desk.core.search import search
from tests.files import make_scanned_pdf, render_scan

pytestmark = [
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract"),
    pytest.mark.databases,
]

REPORT = [
    "POLICE REPORT",
    "Officer Smyth searched the vehicle without consent.",
    "The defendant complained of pain in her wrist.",
]


@pytest.fixture
def matter(library: Library) -> MatterId:
    return add_matter(library, MatterInput("2024-001", "People v. Doe", "Jane Doe")).id


def _cli(library: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--library", str(library), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_scanned_report_is_read_found_and_cited_with_its_bates_number(
    library: Library, matter: MatterId, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scan = make_scanned_pdf(
        tmp_path / "report.pdf",
        [REPORT, ["CONTINUATION", "The officer took her phone and kept it."]],
        bates_prefix="NYPD",
        first_bates=41,
        speckle=0.001,
        blur=0.5,
        skew_degrees=0.6,
    )
    original = hashlib.sha256(scan.read_bytes()).hexdigest()
    library.close()
    code, out, err = _cli(library.path, "import", "2024-001", str(scan), "--json", capsys=capsys)
    assert code == 0, err
    (result,) = json.loads(out)
    assert result["status"] == "ok"
    assert result["message"].startswith("text of 2 pages read by OCR, mean confidence")

    code, out, _err = _cli(library.path, "search", "consent", "--json", capsys=capsys)
    hits = json.loads(out)
    assert [(hit["page"], hit["bates"]) for hit in hits] == [(1, "NYPD 000041")]
    code, out, _err = _cli(library.path, "search", '"took her phone"', "--json", capsys=capsys)
    assert [(hit["page"], hit["bates"]) for hit in json.loads(out)] == [(2, "NYPD 000042")]

    reopened = Library.open(library.path)
    try:
        page = documents.get_page(reopened, result["id"], 1)
        assert page.status == "ocr" and "without consent" in page.text
        words = documents.page_words(reopened, result["id"], 1)
        assert words.confidence is not None and words.confidence > 80
        consent = [box for box in words.boxes if page.text[box.start : box.end] == "consent."]
        assert len(consent) == 1 and 0 < consent[0].left < consent[0].right < 1
        officer = add_officer(reopened, "Smyth")
        allegation = add_allegation(
            reopened,
            AllegationInput(
                matter_id=matter,
                officers=(OfficerLink(officer.id),),
                date="2024-03",
                conduct=("ABUSE.FRISK_SEARCH",),
                summary="Search without consent",
                citations=(
                    CitationInput(
                        document_id=result["id"], page_start=1, quote="searched the vehicle"
                    ),
                ),
            ),
        )
        (citation,) = allegation.citations
        assert citation.ocr and citation.pinpoint == "Police Report, p. 1 (NYPD 000041) [OCR text]"
        stored = documents.document_path(reopened, result["id"])
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == original
    finally:
        reopened.close()


def test_no_ocr_leaves_pages_for_a_later_run_that_can_be_cancelled_and_resumed(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    scan = make_scanned_pdf(tmp_path / "three.pdf", [REPORT] * 3, bates_prefix="NYPD")
    (result,) = import_paths(library, matter, [scan], workers=1)
    assert result.status == "needs_ocr" and pending_pages(library, matter) == 3

    cancel = threading.Event()
    reports: list[OcrProgress] = []

    def stop_after_first(report: OcrProgress) -> None:
        reports.append(report)
        if report.done == 1:
            cancel.set()

    summary = run_ocr(library, matter, progress=stop_after_first, cancel=cancel, workers=1)
    assert summary.cancelled and summary.pages_read == 1 and summary.pages_left == 2
    assert reports[0].done == 0 and reports[0].total == 3
    assert pending_pages(library, matter) == 2
    document = documents.get_document(library, result.id)
    assert document.status == "needs_ocr"
    assert document.status_reason.startswith("2 of 3 pages need OCR")

    summary = run_ocr(library, matter, workers=2)
    assert (summary.pages_read, summary.pages_left, summary.documents_completed) == (2, 0, 1)
    assert [page.status for page in documents.list_pages(library, result.id)] == ["ocr"] * 3
    assert documents.get_document(library, result.id).status == "ok"
    assert run_ocr(library, matter).message() == "No page needs OCR."


def test_images_and_every_frame_of_a_tiff_are_read(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    first = render_scan(["FAX COVER SHEET", "Precinct detective squad"], dpi=200)
    second = render_scan(["Second page of the complaint follows"], dpi=200)
    tiff = tmp_path / "fax.tif"
    first.save(tiff, format="TIFF", save_all=True, append_images=[second], dpi=(200, 200))  # type: ignore[attr-defined]
    png = tmp_path / "note.png"
    render_scan(["Handwritten note from the desk sergeant"], dpi=200).save(png, dpi=(200, 200))  # type: ignore[attr-defined]
    results = import_paths(library, matter, [tiff, png], workers=1)
    assert [result.status for result in results] == ["needs_ocr", "needs_ocr"]
    run_ocr(library, matter, workers=2)
    by_name = {result.file_name: result.id for result in results}
    fax = documents.list_pages(library, by_name["fax.tif"])
    assert "COVER SHEET" in fax[0].text and "complaint follows" in fax[1].text
    assert [hit.page for hit in search(library, "sergeant")] == [1]


def test_without_tesseract_everything_else_works_and_says_how_to_enable_ocr(
    library: Library,
    matter: MatterId,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("EVIDENCE_DESK_TESSERACT", raising=False)
    scan = make_scanned_pdf(tmp_path / "scan.pdf", [REPORT], bates_prefix="NYPD")
    library.close()
    code, out, err = _cli(library.path, "import", "2024-001", str(scan), capsys=capsys)
    assert code == 0
    assert "needs_ocr" in out
    assert "1 document with scanned pages not read: OCR is not available" in err
    assert "tesseract-ocr" in err
    code, _out, err = _cli(library.path, "ocr", "2024-001", capsys=capsys)
    assert code == 1 and err.startswith("evidence-desk: error: OCR is not available: install")
    code, _out, err = _cli(library.path, "search", "report", capsys=capsys)
    assert code == 0 and "1 scanned page in 1 document needs OCR" in err


def test_ocr_can_be_switched_off_and_languages_are_checked(
    library: Library, matter: MatterId, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ocr_settings(library).enabled and ocr_settings(library).languages == "eng"
    with pytest.raises(Exception, match="tesseract-ocr-xyz"):
        set_ocr_settings(library, languages="eng+xyz")
    set_ocr_settings(library, enabled=False)
    with pytest.raises(OcrError, match="switched off"):
        run_ocr(library)
    scan = make_scanned_pdf(tmp_path / "scan.pdf", [REPORT])
    library.close()
    code, _out, err = _cli(library.path, "import", "2024-001", str(scan), capsys=capsys)
    assert code == 0 and "switched off" in err
    code, out, _err = _cli(library.path, "ocr-settings", "--on", "--json", capsys=capsys)
    assert json.loads(out) == {"enabled": True, "languages": "eng"}
    other = make_scanned_pdf(tmp_path / "other.pdf", [REPORT[:2]])
    code, out, err = _cli(library.path, "import", "2024-001", str(other), "--no-ocr", capsys=capsys)
    assert code == 0 and "left for OCR (run: evidence-desk ocr)" in err
    code, out, err = _cli(library.path, "ocr", "2024-001", capsys=capsys)
    assert code == 0 and out.startswith("OCR read 2 pages (mean confidence")


def test_a_page_tesseract_cannot_read_is_recorded_and_not_retried_unless_asked(
    library: Library, matter: MatterId, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = make_scanned_pdf(tmp_path / "scan.pdf", [REPORT])
    import_paths(library, matter, [scan], workers=1)
    broken = tmp_path / "tesseract"
    real = shutil.which("tesseract")
    broken.write_text(
        f'#!/bin/sh\nif [ "$1" = stdin ]; then echo "Error: page damaged" >&2; exit 1; fi\n'
        f'exec {real} "$@"\n'
    )
    broken.chmod(0o755)
    monkeypatch.setenv("EVIDENCE_DESK_TESSERACT", str(broken))
    summary = run_ocr(library, matter, workers=1)
    assert (summary.pages_read, summary.pages_failed) == (0, 1)
    with library.read() as session:
        (row,) = session.execute(select(PageOcr)).scalars()
        assert row.error == "Tesseract failed (Error: page damaged)"
    assert pending_pages(library, matter) == 0
    assert documents.unsearched_pages(library, matter).needs_ocr == 1
    monkeypatch.delenv("EVIDENCE_DESK_TESSERACT")
    summary = run_ocr(library, matter, retry_failed=True, workers=1)
    assert summary.pages_read == 1


def test_tsv_words_become_text_with_offsets() -> None:
    header = "\t".join(
        [
            "level",
            "page_num",
            "block_num",
            "par_num",
            "line_num",
            "word_num",
            "left",
            "top",
            "width",
            "height",
            "conf",
            "text",
        ]
    )
    rows = [
        "1\t1\t0\t0\t0\t0\t0\t0\t1000\t2000\t-1\t",
        "5\t1\t1\t1\t1\t1\t100\t200\t100\t20\t90\tThe",
        "5\t1\t1\t1\t1\t2\t220\t200\t150\t20\t80\tofficer",
        "5\t1\t1\t1\t2\t1\t100\t240\t100\t20\t70\tleft.",
        "5\t1\t2\t1\t1\t1\t100\t400\t100\t20\t60\tEnd",
    ]
    result = parse_tsv("\n".join([header, *rows]))
    assert result.text == "The officer\nleft.\n\nEnd"
    assert result.confidence == 75.0
    assert result.words[1] == (4, 11, 0.22, 0.1, 0.37, 0.11)


def test_word_boxes_are_found_whatever_apostrophe_the_page_has() -> None:
    """OCR reads "O’Brien" where a person types "O'Brien": the hit is still marked."""
    text = "Then P.O. O\u2019Brien left"
    start = text.index("O\u2019Brien")
    box = documents.WordBox(start, start + 7, 0.3, 0.1, 0.4, 0.12)
    other = documents.WordBox(0, 4, 0.1, 0.1, 0.15, 0.12)
    words = documents.PageWords(1, 1, 91.0, "tesseract", (other, box))
    assert words.hit_boxes(text, "O'Brien") == [box]
    assert words.hit_boxes(text, "Then") == [other]
    # Both spellings on one page, and a line break where a space is typed.
    text = "O'Brien met\nO\u2019Brien"
    first = documents.WordBox(0, 7, 0.1, 0.1, 0.2, 0.12)
    met = documents.WordBox(8, 11, 0.25, 0.1, 0.3, 0.12)
    second = documents.WordBox(12, 19, 0.1, 0.2, 0.2, 0.22)
    words = documents.PageWords(1, 1, 91.0, "tesseract", (first, met, second))
    assert words.hit_boxes(text, "o'brien") == [first, second]
    assert words.hit_boxes(text, "met  O'Brien") == [met, second]
