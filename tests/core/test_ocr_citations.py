"""Quotes from text that OCR read say so, in the citation and in every memo's footnotes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update

from evidence_desk.core.allegations import list_allegations
from evidence_desk.core.library import Library
from evidence_desk.core.matters import get_matter_by_file_number
from evidence_desk.core.memo import MemoOptions, export_memo
from evidence_desk.core.model import Page
from evidence_desk.core.office_settings import save_office_settings

from .docx_reading import footnote_texts
from .test_memo_motion import OFFICE, three_clients

pytestmark = pytest.mark.databases


def test_citations_of_ocr_text_are_marked_in_records_and_memos(
    library: Library, tmp_path: Path
) -> None:
    clients = three_clients(library)
    save_office_settings(library, OFFICE)
    scanned = clients.documents["rivera"]
    with library.write() as session:  # as OCR leaves a scanned document's pages
        session.execute(update(Page).where(Page.document_id == scanned).values(status="ocr"))

    cited = [
        citation
        for allegation in list_allegations(library)
        for citation in allegation.citations
        if citation.document_id is not None
    ]
    assert {citation.ocr for citation in cited if citation.document_id == scanned} == {True}
    assert {citation.ocr for citation in cited if citation.document_id != scanned} == {False}
    marked = [citation.pinpoint for citation in cited if citation.ocr]
    assert marked and all(pinpoint.endswith(" [OCR text]") for pinpoint in marked)

    for kind in ("internal", "motion"):
        out = tmp_path / f"{kind}.docx"
        rivera = get_matter_by_file_number(library, "2024-001").id
        options = MemoOptions(kind=kind, matter_id=rivera, dated=date(2027, 3, 9))
        export_memo(library, options, out)
        notes = list(footnote_texts(out).values())
        marked = [note for note in notes if "[OCR text]" in note]
        # The scanned exhibit's cites are marked (each time it is cited), no other.
        assert marked and len(marked) < len(notes), (kind, notes)
        assert all("000102" in note for note in marked), (kind, notes)
