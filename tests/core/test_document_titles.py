"""Readable titles for imported documents: metadata title, first heading, or the file name."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_desk.core import documents
from evidence_desk.core.document_titles import readable_title
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter
from tests.files import make_docx, make_pdf, make_text

pytestmark = pytest.mark.databases


@pytest.mark.parametrize(
    ("file_name", "meta_title", "first_page", "expected"),
    [
        # A real metadata title wins.
        ("scan_0042.pdf", "Complaint Report 2024-117", "", "Complaint Report 2024-117"),
        # Placeholder and file-name "titles" are passed over for the page's heading.
        ("arrest_report.pdf", "untitled", "ARREST REPORT\nArrest no. A-1", "Arrest Report"),
        ("x.pdf", "Microsoft Word - arrest_report.docx", "COMPLAINT REPORT", "Complaint Report"),
        ("arrest_report.pdf", "arrest_report", "", "Arrest report"),
        # Words in capitals read as a title; abbreviations keep their capitals.
        ("a.pdf", "ARREST REPORT (fictional demo data)", "", "Arrest Report (fictional demo data)"),
        ("a.pdf", "NYPD ARREST REPORT", "", "NYPD Arrest Report"),
        ("a.pdf", "NYPD UC 214 report", "", "NYPD UC 214 report"),
        # The heading naming the paperwork beats the agency's name above it; page and
        # Bates lines are not headings; abbreviations keep their capitals.
        (
            "dd5-0020.pdf",
            None,
            "NYPD 000123\nNEW YORK CITY POLICE DEPARTMENT\nPage 1 of 3\n"
            "FOLLOW-UP REPORT (DD5) OF THE UC\nThe UC stated that...",
            "Follow-Up Report (DD5) of the UC",
        ),
        # A sentence is not a heading: the file name is used, made readable.
        ("arrest_report.pdf", None, "The defendant was stopped at 23:15.", "Arrest report"),
        ("client-interview.txt", None, "", "Client interview"),
        ("DD5 0020.pdf", None, "", "DD5 0020"),
    ],
)
def test_readable_title(
    file_name: str, meta_title: str | None, first_page: str, expected: str
) -> None:
    assert readable_title(file_name, meta_title, first_page) == expected


def test_import_gives_documents_readable_titles(library: Library, tmp_path: Path) -> None:
    matter_id = add_matter(library, MatterInput("2024-001", "People v. Doe", "Jane Doe")).id
    files = [
        # reportlab writes "untitled" when no title is set
        make_pdf(
            tmp_path / "arrest_report.pdf",
            ["ARREST REPORT\nThe defendant was stopped."],
            bates_prefix="NYPD",
        ),
        make_pdf(tmp_path / "scan_0001.pdf", ["x"], title="Property Voucher P-1"),
        make_docx(tmp_path / "stmt.docx", ["Typed statement of the client", "I was in the car."]),
        make_text(tmp_path / "call_log.txt", "called twice after release."),
    ]
    results = import_paths(library, matter_id, files, workers=1)
    titles = {
        result.file_name: documents.get_document(library, result.id).title
        for result in results
        if result.id is not None
    }
    assert titles == {
        "arrest_report.pdf": "Arrest Report",
        "scan_0001.pdf": "Property Voucher P-1",
        "stmt.docx": "Typed statement of the client",
        "call_log.txt": "Call log",
    }
    # The title is the user's to change; the file name is kept as it was.
    document_id = next(r.id for r in results if r.file_name == "arrest_report.pdf")
    assert document_id is not None
    _before, after = documents.update_document(library, document_id, title="Arrest report (Rivera)")
    assert after.title == "Arrest report (Rivera)" and after.file_name == "arrest_report.pdf"
