"""Global search: type in the box, see hits with bold words, Enter opens the hit's page."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from evidence_desk.core import notes
from evidence_desk.core.library import Library
from evidence_desk.gui.main_window import MainWindow
from evidence_desk.gui.models.search_results import HEADING_ROLE, SNIPPET_ROLE
from tests.gui.gui_helpers import import_evidence, make_matter

pytest.importorskip("evidence_desk.core.search")


@pytest.fixture
def window(qtbot: QtBot, library: Library) -> MainWindow:
    main = MainWindow(library)
    qtbot.addWidget(main)
    main.resize(1400, 860)
    main.show()
    return main


def test_find_text_and_open_the_hit(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    first = make_matter(window.library, "2024-001")
    other = make_matter(window.library, "2024-002")
    import_evidence(window.library, first, tmp_path / "a")
    window.matter_panel.refresh()
    window.matter_panel.select_matter(other.id)

    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    panel = window.search_panel
    assert window.search_dock.isVisible()
    qtbot.waitUntil(lambda: panel.box.hasFocus())
    qtbot.keyClicks(panel.box, "exposed")
    qtbot.keyClick(panel.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0 and not panel.searching, timeout=10_000)
    index = panel.model.index(0, 0)
    assert "<b>exposed</b>" in index.data(SNIPPET_ROLE).lower()
    assert "p. 2 (NYPD 000126)" in index.data(HEADING_ROLE)
    assert "hit" in panel.summary.text()
    qtbot.waitUntil(lambda: panel.results.hasFocus())

    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    viewer = window.viewer
    assert viewer.record is not None and viewer.record.file_name == "arrest-report.pdf"
    assert viewer.page == 2
    assert viewer.bates_label.text() == "Bates NYPD 000126"
    assert viewer.highlight.lower() == "exposed"
    assert viewer.pdf_hits_on_page() == 1
    # The window followed the hit into its matter.
    assert window.matter_id == first.id
    assert window.documents_tab.selected_document_ids() == [viewer.record.id]


def test_note_hits_open_the_note(qtbot: QtBot, window: MainWindow) -> None:
    matter = make_matter(window.library)
    note = notes.add_note(
        window.library, matter.id, "Interview", "The UC called her after release."
    )
    window.matter_panel.refresh()
    window.show_search()
    window.search_panel.search("called")
    panel = window.search_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0 and not panel.searching, timeout=10_000)
    panel.results.setCurrentIndex(panel.model.index(0, 0))
    panel.open_current()
    assert window.matter_tabs.currentWidget() is window.notes_tab
    assert window.notes_tab.current is not None and window.notes_tab.current.id == note.id


def test_nothing_found_says_so(qtbot: QtBot, window: MainWindow) -> None:
    window.search_panel.search("zzyzx")
    panel = window.search_panel
    qtbot.waitUntil(lambda: not panel.searching, timeout=10_000)
    assert panel.model.rowCount() == 0
    assert "Nothing found" in panel.summary.text()


def test_results_warn_about_scans_not_searched_yet(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from evidence_desk.core.ingest.pipeline import import_paths
    from tests.files import make_pdf, make_scanned_pdf

    matter = make_matter(window.library)
    scan = make_scanned_pdf(tmp_path / "scan.pdf", [["ARREST REPORT"]] * 2, bates_prefix="NYPD")
    typed = make_pdf(tmp_path / "typed.pdf", ["the officer exposed himself"])
    import_paths(window.library, matter.id, [scan, typed], workers=1)
    window.search_panel.search("exposed")
    panel = window.search_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0 and not panel.searching, timeout=10_000)
    assert panel.summary.text() == (
        "1 hit for “exposed”\nNot searched: 2 scanned pages in 1 document need OCR."
    )


def test_a_bounded_search_says_so_and_ranks_every_match_on_request(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evidence_desk.core.ingest.pipeline import import_paths
    from tests.files import make_pdf

    matter = make_matter(window.library)
    reports = [
        make_pdf(tmp_path / f"dd5-{n}.pdf", [f"the officer wrote report {n}"]) for n in range(4)
    ]
    import_paths(window.library, matter.id, reports, workers=1)
    monkeypatch.setattr("evidence_desk.core.search.CANDIDATES", 2)
    monkeypatch.setattr("evidence_desk.gui.views.search_panel.RESULT_LIMIT", 2)
    window.show_search()
    panel = window.search_panel
    panel.search("officer")
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0 and not panel.searching, timeout=10_000)
    assert "these are the best of the newest 2" in panel.summary.text()
    assert panel.whole_search.isVisible() and panel.whole_search.text() == "Rank every match"

    qtbot.mouseClick(panel.whole_search, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.searching, timeout=10_000)
    assert panel.summary.text() == "2+ hits for “officer”"
    assert panel.model.rowCount() == 2 and not panel.whole_search.isVisible()


def test_a_first_screen_from_the_newest_pages_offers_every_page(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evidence_desk.core.ingest.pipeline import import_paths
    from tests.files import make_pdf

    matter = make_matter(window.library)
    oldest = make_pdf(tmp_path / "old.pdf", ["a vehicle statuette was seized"])
    newer = make_pdf(tmp_path / "new.pdf", [f"page {n} of the roll" for n in range(5)])
    import_paths(window.library, matter.id, [oldest], workers=1)
    import_paths(window.library, matter.id, [newer], workers=1)
    monkeypatch.setattr("evidence_desk.core.search.RANKING_BUDGET", 0)
    monkeypatch.setattr("evidence_desk.core.search.FIRST_SCREEN_PAGES", 3)
    window.show_search()
    panel = window.search_panel
    panel.search('"vehicle statuette"')
    qtbot.waitUntil(lambda: not panel.searching, timeout=10_000)
    assert panel.model.rowCount() == 0
    assert "Only the newest 3 pages were searched so far" in panel.summary.text()
    assert panel.whole_search.isVisible() and panel.whole_search.text() == "Search every page"

    qtbot.mouseClick(panel.whole_search, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.searching, timeout=10_000)
    assert panel.model.rowCount() == 1 and panel.summary.text() == '1 hit for “"vehicle statuette"”'
