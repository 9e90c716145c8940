"""Importing by dropping files on the documents tab or on a matter, with failures listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from evidence_desk.core import documents
from evidence_desk.core.library import Library
from evidence_desk.gui.main_window import MainWindow
from evidence_desk.gui.views.import_flow import ImportDialog
from tests.files import make_truncated_pdf
from tests.gui.gui_helpers import drop_files, make_evidence, make_matter


@pytest.fixture
def window(qtbot: QtBot, library: Library) -> MainWindow:
    main = MainWindow(library)
    qtbot.addWidget(main)
    main.resize(1400, 860)
    main.show()
    return main


def test_drop_files_on_documents_tab_imports_them_and_lists_failures(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    matter = make_matter(window.library)
    window.matter_panel.refresh()
    window.matter_panel.select_matter(matter.id)
    evidence = make_evidence(tmp_path / "production")
    broken = make_truncated_pdf(tmp_path / "production" / "dd5-broken.pdf")

    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as finished:
        assert drop_files(window.documents_tab, [tmp_path / "production"])
        assert window.importer.running
    results = finished.args[0]
    assert sorted(result.file_name for result in results) == sorted(
        [path.name for path in evidence] + [broken.name]
    )
    table = window.documents_tab
    assert table.model.total() == 3  # the unreadable file is kept as evidence too
    titles = {table.model.record(row).file_name for row in range(table.model.rowCount())}
    assert titles == {"arrest-report.pdf", "interview.txt", "dd5-broken.pdf"}
    report = next(
        record for record in table.model.rows() if record.file_name == "arrest-report.pdf"
    )
    assert report.page_count == 3 and report.bates_start == "NYPD 000125"
    # The file that did not import cleanly is listed with the core's reason.
    dialog = window.importer.results_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "dd5-broken.pdf"
    assert dialog.table.item(0, 2).text()
    # The matters list shows the new document count.
    assert window.matter_panel.proxy.index(0, 4).data() == "3"
    assert window.importer.progress_dialog is None


def test_drop_on_a_matter_row_imports_into_that_matter(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    first = make_matter(window.library, "2024-001")
    second = make_matter(window.library, "2024-002")
    window.matter_panel.refresh()
    window.matter_panel.select_matter(first.id)
    view = window.matter_panel.table
    row = window.matter_panel.proxy.mapFromSource(
        window.matter_panel.model.index(window.matter_panel.model.row_of_matter(second.id), 0)
    ).row()
    position = view.visualRect(window.matter_panel.proxy.index(row, 1)).center()
    evidence = make_evidence(tmp_path / "drop")
    with qtbot.waitSignal(window.importer.finished, timeout=60_000):
        assert drop_files(view.viewport(), evidence[:1], position)
    assert [d.file_name for d in documents.list_documents(window.library, second.id)] == [
        "arrest-report.pdf"
    ]
    assert documents.list_documents(window.library, first.id) == []
    assert window.matter_id == second.id


def test_import_dialog_collects_paths_source_and_password(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    matter = make_matter(window.library)
    window.matter_panel.refresh()
    window.matter_panel.select_matter(matter.id)
    evidence = make_evidence(tmp_path / "chosen")

    def exec_(dialog: ImportDialog) -> int:
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        dialog.path_list.addItem(str(evidence[1]))
        dialog.source.setCurrentIndex(dialog.source.findData("client"))
        return ImportDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportDialog, "exec", exec_)
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as finished:
        window.import_action.trigger()
    assert [result.status for result in finished.args[0]] == ["ok"]
    (record,) = documents.list_documents(window.library, matter.id)
    assert record.source == "client"
    assert window.importer.results_dialog is None  # nothing needs attention


def test_cancel_stops_the_import(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    matter = make_matter(window.library)
    window.matter_panel.refresh()
    window.matter_panel.select_matter(matter.id)
    folder = tmp_path / "many"
    for index in range(12):
        make_evidence(folder / f"set-{index}")
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as finished:
        window.importer.start(matter.id, [folder])
        window.importer.cancel()
    assert len(finished.args[0]) < 24
    assert not window.importer.running


def test_progress_names_the_count_and_the_file() -> None:
    from evidence_desk.gui.views.import_flow import progress_text

    assert progress_text(0, 63, "importing 63 files") == "importing 63 files"
    assert (
        progress_text(20, 63, "dd5-0020.pdf: 60 pages") == "20 of 63 files\ndd5-0020.pdf: 60 pages"
    )
    assert progress_text(1, 1, "") == "1 of 1 file"
