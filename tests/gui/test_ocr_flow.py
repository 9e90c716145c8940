"""Scanned pages in the window: OCR runs in the background after an import, hits show."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from evidence_desk.core import documents
from evidence_desk.core.ingest.ocr_run import pending_pages
from evidence_desk.core.library import Library
from evidence_desk.gui.main_window import MainWindow
from evidence_desk.gui.views.scan_highlight import page_rect
from tests.files import make_scanned_pdf
from tests.gui.gui_helpers import make_matter

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract")

REPORT = [
    "POLICE REPORT",
    "Officer Smyth searched the vehicle without consent.",
    "The defendant complained of pain in her wrist.",
]


@pytest.fixture
def window(qtbot: QtBot, library: Library) -> MainWindow:
    main = MainWindow(library)
    qtbot.addWidget(main)
    main.resize(1400, 860)
    main.show()
    return main


def test_scans_are_read_after_import_and_hits_are_marked_on_the_page(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    matter = make_matter(window.library)
    scan = make_scanned_pdf(
        tmp_path / "report.pdf", [["COVER PAGE"], REPORT], bates_prefix="NYPD", first_bates=7
    )
    window.importer.show_results = False
    window.set_matter(matter.id)
    with qtbot.waitSignal(window.ocr.finished, timeout=120_000):
        window.importer.start(matter.id, [scan])
        qtbot.waitUntil(lambda: window.ocr.running, timeout=60_000)
        assert window.ocr.status.isVisible()
    assert not window.ocr.status.isVisible()
    (document,) = documents.list_documents(window.library, matter.id)
    assert document.status == "ok"

    window.search_panel.search("consent")
    panel = window.search_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0 and not panel.searching, timeout=10_000)
    panel.results.setCurrentIndex(panel.model.index(0, 0))
    panel.open_current()
    viewer = window.viewer
    assert viewer.page == 2 and viewer.bates_label.text() == "Bates NYPD 000008"
    assert viewer.pdf_hits_on_page() == 0  # no text layer for QtPdf to find it in
    assert viewer.scan_hits_on_page() == 1
    qtbot.waitUntil(lambda: viewer.pdf_view.pageNavigator().currentPage() == 1)

    # The marker sits on the drawn page where OCR found the word.
    (marker,) = viewer.scan_highlight.marker_rects()
    page = page_rect(viewer.pdf_view, 1)
    assert page.contains(marker)
    words = documents.page_words(window.library, document.id, 2)
    (box,) = words.hit_boxes(viewer.page_text(2), "consent")
    assert abs(marker.left() + 2 - (page.left() + box.left * page.width())) < 1
    qtbot.wait(300)  # let the view render the page
    image = viewer.pdf_view.viewport().grab().toImage()
    inside = QColor(image.pixel(int(page.left()) + 4, int(page.top()) + 4))
    outside = QColor(image.pixel(max(0, int(page.left()) - 3), int(page.top()) + 4))
    assert inside.lightness() > 240 and outside.lightness() < inside.lightness()


def test_ocr_can_be_cancelled_and_goes_on_later(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from evidence_desk.core.ingest.pipeline import import_paths

    matter = make_matter(window.library)
    scan = make_scanned_pdf(tmp_path / "long.pdf", [REPORT] * 4)
    import_paths(window.library, matter.id, [scan], workers=1)
    window.set_matter(matter.id)
    with qtbot.waitSignal(window.ocr.finished, timeout=120_000) as finished:
        window.read_scans()
        assert window.ocr.running
        window.ocr.cancel()
    summary = finished.args[0]
    assert summary.cancelled and summary.pages_left > 0
    assert pending_pages(window.library, matter.id) == summary.pages_left
    assert "still to do" in window.statusBar().currentMessage()
