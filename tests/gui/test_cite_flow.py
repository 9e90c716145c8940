"""open_cite_flow: cite a quote into a new or an existing allegation; refused quotes inline."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from evidence_desk.core import allegations, officers
from evidence_desk.core.library import Library
from evidence_desk.core.officers import IdentifierInput
from evidence_desk.gui.context import AppContext
from evidence_desk.gui.views.allegation_editor import AllegationEditor, CitationInputDialog
from evidence_desk.gui.views.cite_flow import CiteDialog, open_cite_flow
from evidence_desk.gui.views.quote_picker import PagePlace
from tests.core.evidence_builders import ARREST_REPORT_PAGES, add_document, add_matter
from tests.gui.gui_helpers import when_modal


def test_cite_quote_into_a_new_allegation(qtbot: QtBot, library: Library) -> None:
    context = AppContext(library)
    matter = add_matter(library)
    document = add_document(library, matter.id, "Arrest Report", list(ARREST_REPORT_PAGES))
    officer = officers.add_officer(
        library, "John Smith", identifiers=[IdentifierInput("uc", "214")]
    )
    seen: dict[str, str] = {}

    def fill_editor(editor: QWidget) -> None:
        assert isinstance(editor, AllegationEditor)
        seen["citation"] = editor.citation_model.index(0, 0).data()
        editor.picker.search_edit.setText("UC 214")
        editor.picker.refresh_suggestions()
        editor.picker.add_suggestion(0)
        editor.summary_edit.setText("Arrest after a pre-arranged signal")
        editor.date_edit.setText("2021-03-12")
        model = editor.conduct_model
        model.setData(
            model.index_of("UC.EXPOSURE"), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
        )
        editor.save()

    def choose_new(dialog: QWidget) -> None:
        assert isinstance(dialog, CiteDialog)
        seen["cite_enabled"] = str(dialog.cite_button.isEnabled())
        when_modal(AllegationEditor, fill_editor)
        dialog.new_button.click()

    when_modal(CiteDialog, choose_new)
    stored = open_cite_flow(
        None, context, matter.id, document.id, 2, "UC gave a pre-arranged signal"
    )
    assert stored
    assert seen["cite_enabled"] == "False"  # no allegation to choose yet
    assert "Arrest Report, p. 2" in seen["citation"]
    [record] = allegations.list_allegations(library, matter_id=matter.id)
    assert record.officers[0].officer_id == officer.id
    assert [(c.document_id, c.page_start, c.quote) for c in record.citations] == [
        (document.id, 2, "UC gave a pre-arranged signal")
    ]


def test_cite_into_existing_allegation_refuses_a_wrong_quote_inline(
    qtbot: QtBot, library: Library
) -> None:
    context = AppContext(library)
    matter = add_matter(library)
    document = add_document(library, matter.id, "Arrest Report", list(ARREST_REPORT_PAGES))
    officer = officers.add_officer(library, "John Smith")
    record = allegations.add_allegation(
        library,
        allegations.AllegationInput(
            matter_id=matter.id,
            officers=(allegations.OfficerLink(officer.id),),
            date="2021-03",
            conduct=("UC.EXPOSURE",),
            summary="Exposure",
        ),
    )
    dialog = CiteDialog(context, matter.id, document.id, 3, "the officer punched him")
    qtbot.addWidget(dialog)
    assert dialog.cite_button.isEnabled()
    assert not dialog.cite_selected()
    assert not dialog.message.isHidden()
    assert "not on p. 3" in dialog.message.text()
    assert allegations.get_allegation(library, record.id).citations == ()
    dialog.quote_edit.setPlainText("No injuries reported")
    assert dialog.cite_selected()
    assert dialog.allegation_id == record.id
    cited = allegations.get_allegation(library, record.id).citations
    assert [(c.page_start, c.quote) for c in cited] == [(3, "No injuries reported")]
    context.undo_stack.undo()
    assert allegations.get_allegation(library, record.id).citations == ()
    context.undo_stack.redo()
    assert len(allegations.get_allegation(library, record.id).citations) == 1


def test_the_cite_dialog_shows_the_page_text_beside_the_quote(
    qtbot: QtBot, library: Library
) -> None:
    context = AppContext(library)
    matter = add_matter(library)
    document = add_document(library, matter.id, "Arrest Report", list(ARREST_REPORT_PAGES))
    dialog = CiteDialog(context, matter.id, document.id, 3, "")
    qtbot.addWidget(dialog)
    picker = dialog.picker
    assert picker.page_text.toPlainText() == ARREST_REPORT_PAGES[2]
    assert picker.page_text.isReadOnly() and "Text of page 3" in picker.page_label.text()
    # Selecting words in the page text puts them in the quote box, checked against the page.
    text = picker.page_text.toPlainText()
    start = text.index("No injuries")
    cursor = picker.page_text.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("No injuries reported"), QTextCursor.MoveMode.KeepAnchor)
    picker.page_text.setTextCursor(cursor)
    assert picker.quote() == "No injuries reported"
    assert picker.quote_is_on_page() and "on the page" in picker.found_label.text()
    picker.set_quote("the officer punched him")
    assert picker.quote_is_on_page() is False
    assert "not on the page" in picker.found_label.text()


def test_add_citation_opens_on_the_viewers_page_with_its_text(
    qtbot: QtBot, library: Library
) -> None:
    context = AppContext(library)
    matter = add_matter(library)
    add_document(library, matter.id, "Property Voucher", ["VOUCHER\nOne phone."])
    document = add_document(library, matter.id, "Arrest Report", list(ARREST_REPORT_PAGES))
    dialog = CitationInputDialog(
        context,
        matter.id,
        place=lambda: PagePlace(document.id, 3, "No injuries reported"),
    )
    qtbot.addWidget(dialog)
    assert dialog.document_combo.currentData()[0] == document.id
    assert (dialog.first_page.value(), dialog.last_page.value()) == (3, 3)
    assert dialog.picker.page_text.toPlainText() == ARREST_REPORT_PAGES[2]
    assert dialog.citation().quote == "No injuries reported"
    # Two pages: both texts are shown; a quote on neither is refused here, inline.
    dialog.first_page.setValue(2)
    assert ARREST_REPORT_PAGES[1] in dialog.picker.page_text.toPlainText()
    dialog.picker.set_quote("he kissed me")
    dialog.buttons.accepted.emit()
    assert dialog.result() != CitationInputDialog.DialogCode.Accepted
    assert "not on pp. 2-3" in dialog.message.text()


def test_the_editors_warning_goes_with_the_bad_citation(qtbot: QtBot, library: Library) -> None:
    context = AppContext(library)
    matter = add_matter(library)
    document = add_document(library, matter.id, "Arrest Report", list(ARREST_REPORT_PAGES))
    editor = AllegationEditor(context, matter.id)
    qtbot.addWidget(editor)
    editor.add_pending_citation(document.id, 3, 3, "No injuries reported")
    assert editor.message.isHidden()
    editor.add_pending_citation(document.id, 2, 2, "he kissed me")
    assert not editor.message.isHidden() and "not on p. 2" in editor.message.text()
    bad = editor.citation_model.record(1)
    assert bad.problem is not None and editor.citation_model.record(0).problem is None
    assert not editor.citation_model.index(1, 0).data(Qt.ItemDataRole.DecorationRole).isNull()
    editor.citation_view.setCurrentIndex(editor.citation_model.index(1, 0))
    editor.remove_selected_citation()
    assert editor.message.isHidden()  # the warning left with the citation
    assert editor.citation_model.rowCount() == 1
