"""The Document menu: details and Bates numbers (undoable), delete (asked, refused if cited)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from evidence_desk.core import allegations, citations, documents, officers
from evidence_desk.core.library import Library
from evidence_desk.gui.main_window import MainWindow
from evidence_desk.gui.views.document_dialogs import BatesDialog, DocumentDetailsDialog
from tests.gui.gui_helpers import import_evidence, make_matter, when_modal


@pytest.fixture
def window(qtbot: QtBot, library: Library, tmp_path: Path) -> MainWindow:
    matter = make_matter(library)
    import_evidence(library, matter, tmp_path / "evidence")
    main = MainWindow(library)
    qtbot.addWidget(main)
    main.show()
    main.matter_panel.select_matter(matter.id)
    return main


def select(window: MainWindow, file_name: str) -> documents.DocumentRecord:
    tab = window.documents_tab
    (record,) = [tab.model.record(row) for row in range(tab.model.rowCount())
                 if tab.model.record(row).file_name == file_name]  # fmt: skip
    tab.select_documents([record.id])
    return record


def test_actions_need_exactly_one_document(window: MainWindow) -> None:
    actions = window.document_actions
    assert not actions.details_action.isEnabled()
    select(window, "arrest-report.pdf")
    assert all(action.isEnabled() for action in actions.actions)
    window.documents_tab.table.selectAll()
    assert not actions.delete_action.isEnabled()


def test_details_are_checked_inline_saved_and_undone(window: MainWindow) -> None:
    record = select(window, "arrest-report.pdf")
    seen: dict[str, str] = {}

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, DocumentDetailsDialog)
        dialog.title_edit.setText("Arrest Report (Rivera)")
        dialog.source_combo.setCurrentIndex(dialog.source_combo.findData("court"))
        dialog.date_edit.setText("2024-02-30")
        dialog.accept()  # not a real day: refused inline, the dialog stays open
        seen["message"] = dialog.message.text_label.text()
        dialog.date_edit.setText("2024-02-29")
        dialog.accept()

    when_modal(DocumentDetailsDialog, fill)
    assert window.document_actions.edit_details()
    assert "not a real day" in seen["message"]
    after = documents.get_document(window.library, record.id)
    assert (after.title, after.source, after.document_date) == (
        "Arrest Report (Rivera)",
        "court",
        date(2024, 2, 29),
    )
    assert window.context.undo_stack.undoText() == "Edit document Arrest Report (Rivera)"
    window.context.undo_stack.undo()
    before = documents.get_document(window.library, record.id)
    assert (before.title, before.source, before.document_date) == (
        record.title,
        record.source,
        record.document_date,
    )


def test_pages_numbered_by_hand_with_a_preview_and_undo(window: MainWindow) -> None:
    record = select(window, "arrest-report.pdf")
    stamped = [page.bates for page in documents.list_pages(window.library, record.id)]
    previews: list[str] = []

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, BatesDialog)
        dialog.prefix_edit.setText("DEF")
        dialog.first_spin.setValue(41)
        previews.append(dialog.preview.text())
        dialog.accept()

    when_modal(BatesDialog, fill)
    assert window.document_actions.number_pages()
    assert previews == ["DEF 000041 to DEF 000043"]
    labels = [page.bates for page in documents.list_pages(window.library, record.id)]
    assert labels == ["DEF 000041", "DEF 000042", "DEF 000043"]
    window.context.undo_stack.undo()
    assert [page.bates for page in documents.list_pages(window.library, record.id)] == stamped
    assert documents.get_document(window.library, record.id).bates_start == stamped[0]


def test_delete_asks_is_refused_while_cited_and_keeps_the_file(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = window.library
    cited = select(window, "arrest-report.pdf")
    page_text = documents.get_page(library, cited.id, 1).text
    officer = officers.add_officer(library, "John Smith")
    allegations.add_allegation(
        library,
        allegations.AllegationInput(
            matter_id=cited.matter_id,
            officers=(allegations.OfficerLink(officer.id),),
            date="2024-01",
            conduct=("UC.GROPING",),
            summary="Cited report",
            citations=(citations.CitationInput(document_id=cited.id, page_start=1,
                                               quote=page_text.split()[0]),),
        ),
    )  # fmt: skip
    questions: list[str] = []
    warnings: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *args, **kwargs: questions.append(args[2]) or QMessageBox.StandardButton.Yes,
    )
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: warnings.append(args[2]))
    assert not window.document_actions.delete()
    assert "backups/deleted" in questions[0]
    assert "“Arrest Report” is cited by 1 allegation (“Cited report”)" in warnings[0]
    assert documents.get_document(library, cited.id).title == cited.title

    transcript = select(window, "interview.txt")
    stored = library.path / transcript.stored_path
    assert window.document_actions.delete()
    assert [r.file_name for r in documents.list_documents(library, cited.matter_id)] == [
        "arrest-report.pdf"
    ]
    assert not stored.exists()
    kept = list((library.path / "backups" / "deleted").iterdir())
    assert [path.name.endswith("interview.txt") for path in kept] == [True]
    assert window.documents_tab.model.rowCount() == 1
