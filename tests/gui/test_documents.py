"""The documents tab: only the selected matter's rows, filtering, sorting, bulk tags + undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from evidence_desk.core import documents, tags
from evidence_desk.core.library import Library
from evidence_desk.gui.main_window import MainWindow
from evidence_desk.gui.models.documents import DocumentTableModel
from tests.gui.gui_helpers import import_evidence, make_matter


@pytest.fixture
def window(qtbot: QtBot, library: Library) -> MainWindow:
    main = MainWindow(library)
    qtbot.addWidget(main)
    main.show()
    return main


def test_only_the_selected_matters_documents_are_shown(window: MainWindow, tmp_path: Path) -> None:
    first = make_matter(window.library, "2024-001")
    second = make_matter(window.library, "2024-002")
    import_evidence(window.library, first, tmp_path / "a")
    window.matter_panel.refresh()
    window.matter_panel.select_matter(first.id)
    tab = window.documents_tab
    assert tab.model.total() == 2
    assert tab.count_label.text() == "2 documents"
    window.matter_panel.select_matter(second.id)
    assert tab.model.total() == 0
    assert not tab.tag_button.isEnabled()


def test_filter_and_sort(window: MainWindow, tmp_path: Path) -> None:
    matter = make_matter(window.library)
    import_evidence(window.library, matter, tmp_path / "a")
    window.matter_panel.refresh()
    window.matter_panel.select_matter(matter.id)
    tab = window.documents_tab
    tab.filter_box.setText("NYPD 000125")
    assert tab.proxy.rowCount() == 1
    assert (
        tab.proxy.index(0, DocumentTableModel.TITLE)
        .data(Qt.ItemDataRole.ToolTipRole)
        .startswith("arrest-report.pdf")
    )
    assert tab.count_label.text() == "1 of 2 documents"
    tab.filter_box.clear()
    tab.table.sortByColumn(DocumentTableModel.PAGES, Qt.SortOrder.DescendingOrder)
    assert tab.proxy.index(0, DocumentTableModel.PAGES).data() == "3"
    tab.table.sortByColumn(DocumentTableModel.PAGES, Qt.SortOrder.AscendingOrder)
    assert tab.proxy.index(0, DocumentTableModel.PAGES).data() == "1"


def tagged(library: Library, name: str) -> list[int]:
    return tags.tagged_documents(library, tags.get_tag_by_name(library, name).id)


def test_bulk_tagging_creates_the_tag_and_undo_removes_it(
    window: MainWindow, tmp_path: Path
) -> None:
    matter = make_matter(window.library)
    ids = import_evidence(window.library, matter, tmp_path / "a")
    window.matter_panel.refresh()
    window.matter_panel.select_matter(matter.id)
    tab = window.documents_tab
    tab.table.selectAll()
    assert sorted(tab.selected_document_ids()) == sorted(ids)
    assert tab.tag_button.isEnabled()
    tab.apply_tag("Brady", tab.selected_document_ids())
    assert all("Brady" in record.tags for record in tab.model.rows())
    assert sorted(tagged(window.library, "Brady")) == sorted(ids)
    # The tag filter now offers the tag, and the selection survived the refresh.
    assert tab.tag_filter.findData("Brady") > 0
    assert sorted(tab.selected_document_ids()) == sorted(ids)

    window.undo_action.trigger()
    assert [tag.name for tag in tags.list_tags(window.library)] == []
    assert all(record.tags == () for record in tab.model.rows())
    window.redo_action.trigger()
    assert sorted(tagged(window.library, "Brady")) == sorted(ids)


def test_removing_a_tag_from_some_documents_and_undo(window: MainWindow, tmp_path: Path) -> None:
    matter = make_matter(window.library)
    ids = import_evidence(window.library, matter, tmp_path / "a")
    hot = tags.add_tag(window.library, "Hot", "#cc3300")
    tags.apply_tag(window.library, hot.id, ids)
    window.matter_panel.refresh()
    window.matter_panel.select_matter(matter.id)
    tab = window.documents_tab
    tab.tag_filter.setCurrentIndex(tab.tag_filter.findData("Hot"))
    assert tab.proxy.rowCount() == 2
    tab.apply_tag("Hot", ids[:1], remove=True)
    assert tab.proxy.rowCount() == 1
    assert tagged(window.library, "Hot") == ids[1:]
    window.context.undo_stack.undo()
    assert sorted(tagged(window.library, "Hot")) == sorted(ids)
    assert tab.proxy.rowCount() == 2


def test_double_click_opens_the_document_in_the_viewer(window: MainWindow, tmp_path: Path) -> None:
    matter = make_matter(window.library)
    import_evidence(window.library, matter, tmp_path / "a")
    window.matter_panel.refresh()
    window.matter_panel.select_matter(matter.id)
    tab = window.documents_tab
    tab.filter_box.setText("arrest")
    tab.table.doubleClicked.emit(tab.proxy.index(0, 0))
    assert window.viewer.record is not None
    assert window.viewer.record.file_name == "arrest-report.pdf"
    assert window.viewer.mode == "pdf"
    assert window.viewer.bates_label.text() == "Bates NYPD 000125"


def test_open_matter_folder_uses_the_desktop(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    matter = make_matter(window.library)
    window.matter_panel.refresh()
    window.matter_panel.select_matter(matter.id)
    window.matter_actions.folder_action.trigger()
    assert opened == [str(window.library.matter_folder(matter.folder_key))]
    assert documents.list_documents(window.library, matter.id) == []
