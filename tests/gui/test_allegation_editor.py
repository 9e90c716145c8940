"""The allegation editor: officers from live suggestions, conduct ticks, date, a citation."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from evidence_desk.core import allegations, officers, taxonomy
from evidence_desk.core.library import Library
from evidence_desk.core.matching import suggest
from evidence_desk.core.officers import IdentifierInput
from evidence_desk.gui.commands.allegations import AddAllegationCommand
from evidence_desk.gui.context import AppContext
from evidence_desk.gui.models.allegations import (
    AllegationTableModel,
    CitationRow,
    CitationTableModel,
)
from evidence_desk.gui.models.officers import SuggestionTableModel
from evidence_desk.gui.models.taxonomy import ConductTreeModel
from evidence_desk.gui.views.allegations_tab import AllegationsTab
from evidence_desk.gui.views.officer_picker import NewOfficerDialog, OfficerPicker
from tests.core.evidence_builders import ARREST_REPORT_PAGES, add_document, add_matter
from tests.gui.gui_helpers import answer_message_box, when_modal


@pytest.fixture
def context(qtbot: QtBot, library: Library) -> AppContext:
    return AppContext(library)


def tick(model: ConductTreeModel, code: str) -> None:
    assert model.setData(
        model.index_of(code), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )


def test_create_allegation_with_suggestions_conduct_and_citation(
    qtbot: QtBot, context: AppContext
) -> None:
    library = context.library
    matter = add_matter(library)
    document = add_document(library, matter.id, "Arrest Report", list(ARREST_REPORT_PAGES))
    smith = officers.add_officer(
        library,
        "John Smith",
        rank="P.O.",
        identifiers=[IdentifierInput("uc", "214", date(2020, 1, 1), date(2022, 12, 31))],
    )
    officers.add_officer(library, "Mary Smythe", identifiers=[IdentifierInput("shield", "5531")])

    tab = AllegationsTab(context)
    qtbot.addWidget(tab)
    tab.set_matter(matter.id)
    editor = tab.new_allegation()
    assert editor is not None and editor.isVisible()

    editor.date_edit.setText("2021-03")
    assert "month only" in editor.date_hint.text()
    qtbot.keyClicks(editor.picker.search_edit, "UC #0214")
    qtbot.waitUntil(lambda: editor.picker.suggestions.rowCount() > 0, timeout=2000)
    first = editor.picker.suggestions.record(0)
    assert first.officer.id == smith.id
    reason = editor.picker.suggestions.index(0, SuggestionTableModel.REASON).data()
    assert "214" in reason  # the match reason is shown next to the officer
    shown = editor.picker.suggestions.index(0, SuggestionTableModel.CONFIDENCE).data()
    assert shown == "High"  # and how sure the match is
    qtbot.keyClick(editor.picker.search_edit, Qt.Key.Key_Return)
    assert [link.officer_id for link in editor.picker.links()] == [smith.id]
    assert not editor.message.isVisible()  # Enter added the officer; it did not try to save
    editor.picker.set_role(smith.id, "accused")

    # Inline validation before the core is asked: no summary, no conduct yet.
    assert not editor.save()
    assert editor.message.isVisible() and "summary" in editor.message.text().lower()
    editor.summary_edit.setText("UC exposed himself before the arrest")
    assert not editor.save()
    assert "conduct" in editor.message.text().lower()
    tick(editor.conduct_model, "UC.EXPOSURE")
    tick(editor.conduct_model, "ABUSE.THREAT_ARREST")
    assert "Exposure" in editor.conduct_chosen.text() or "xposure" in editor.conduct_chosen.text()
    editor.reported_boxes["ccrb"].setChecked(True)
    editor.time_edit.setText("23:15")
    editor.command_edit.setText("Vice")

    # A quote that is not on the page is refused inline; nothing is stored.
    editor.add_pending_citation(document.id, 2, 2, "the officer hit him")
    assert not editor.save()
    assert "not on p. 2" in editor.message.text()
    assert allegations.list_allegations(library, matter_id=matter.id) == []
    editor.citation_view.selectRow(0)
    editor.remove_selected_citation()
    editor.add_pending_citation(document.id, 2, 2, "UC gave a pre-arranged signal")
    with qtbot.waitSignal(editor.saved, timeout=2000):
        assert editor.save()

    stored = allegations.list_allegations(library, matter_id=matter.id)
    assert len(stored) == 1
    record = stored[0]
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)  # the list is read in the background
    assert record.date.precision == "month"
    assert set(record.conduct) == {"UC.EXPOSURE", "ABUSE.THREAT_ARREST"}
    assert record.reported_to == ("ccrb",)
    assert record.command == "Vice" and record.time_text == "23:15"
    assert [c.page_start for c in record.citations] == [2]
    assert tab.model.rowCount() == 1
    assert tab.model.index(0, AllegationTableModel.CITATIONS).data() == "1"
    assert context.undo_stack.count() == 1
    assert isinstance(context.undo_stack.command(0), AddAllegationCommand)


def test_edit_existing_allegation_and_open_citation(qtbot: QtBot, context: AppContext) -> None:
    library = context.library
    matter = add_matter(library)
    document = add_document(library, matter.id, "Arrest Report", list(ARREST_REPORT_PAGES))
    officer = officers.add_officer(library, "Ann Brown")
    record = allegations.add_allegation(
        library,
        allegations.AllegationInput(
            matter_id=matter.id,
            officers=(allegations.OfficerLink(officer.id),),
            date="2021-03-12",
            conduct=("UC.EXPOSURE",),
            summary="Exposure",
            citations=(allegations.CitationInput(document.id, 3, 3, quote="No injuries"),),
        ),
    )
    tab = AllegationsTab(context)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.loaded):
        tab.set_matter(matter.id)
    tab.table.selectRow(0)
    editor = tab.edit_selected()
    assert editor is not None
    assert editor.summary_edit.text() == "Exposure"
    assert editor.conduct_model.checked_codes() == ("UC.EXPOSURE",)
    with qtbot.waitSignal(tab.open_document_requested) as opened:
        editor.citation_view.doubleClicked.emit(editor.citation_model.index(0, 0))
    assert opened.args == [document.id, 3]

    editor.summary_edit.setText("Exposure in the car")
    editor.citation_view.selectRow(0)
    editor.remove_selected_citation()
    editor.add_pending_citation(document.id, 1, 1, "ARREST REPORT")
    assert editor.save()
    after = allegations.get_allegation(library, record.id)
    assert after.summary == "Exposure in the car"
    assert [c.page_start for c in after.citations] == [1]
    context.undo_stack.undo()
    back = allegations.get_allegation(library, record.id)
    assert back.summary == "Exposure"
    assert [c.page_start for c in back.citations] == [3]


def test_models_pass_the_model_tester(qtmodeltester, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    model = ConductTreeModel()
    model.set_conduct_types(taxonomy.list_conduct_types(context.library))
    model.set_checked_codes(["FORCE", "UC.EXPOSURE"])
    qtmodeltester.check(model)
    assert model.checked_codes() == ("FORCE", "UC.EXPOSURE")

    library = context.library
    matter = add_matter(library)
    document = add_document(library, matter.id, "Arrest Report", list(ARREST_REPORT_PAGES))
    officer = officers.add_officer(
        library, "John Smith", identifiers=[IdentifierInput("uc", "214")]
    )
    record = allegations.add_allegation(
        library,
        allegations.AllegationInput(
            matter_id=matter.id,
            officers=(allegations.OfficerLink(officer.id),),
            date="2021",
            conduct=("UC.EXPOSURE",),
            summary="Exposure",
            citations=(allegations.CitationInput(document.id, 2, 3, quote="UC gave"),),
        ),
    )
    table = AllegationTableModel()
    table.set_rows([record])
    qtmodeltester.check(table)
    citation_rows = CitationTableModel()
    citation_rows.set_rows([CitationRow.stored(item) for item in record.citations])
    qtmodeltester.check(citation_rows)
    suggestion_rows = SuggestionTableModel()
    suggestion_rows.set_rows(suggest(library, "UC 214"))
    assert suggestion_rows.rowCount() == 1
    qtmodeltester.check(suggestion_rows)


def test_register_an_unidentified_officer_from_the_picker(
    qtbot: QtBot, context: AppContext
) -> None:
    picker = OfficerPicker(context)
    qtbot.addWidget(picker)
    picker.search_edit.setText("tall UC with a beard")
    picker.refresh_suggestions()
    assert picker.suggestions.rowCount() == 0
    assert "New officer" in picker.status_label.text()
    seen: dict[str, str] = {}

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, NewOfficerDialog)
        dialog.unidentified.setChecked(True)
        dialog.accept()  # no description yet: refused inline, dialog stays open
        seen["message"] = dialog.message.text()
        dialog.description_edit.setPlainText("Tall, beard, grey hoodie; called 'Mike' by the team")
        dialog.accept()

    when_modal(NewOfficerDialog, fill)
    record = picker.register_new_officer()
    assert record is not None and record.name == "Unidentified officer"
    assert "Describe" in seen["message"]
    assert officers.get_officer(context.library, record.id).description.startswith("Tall")
    assert [(link.officer_id, link.role) for link in picker.links()] == [
        (record.id, "unidentified")
    ]
    # Registering is a step of its own on the undo stack.
    assert context.undo_stack.undoText() == "New officer Unidentified officer"
    context.undo_stack.undo()
    assert officers.list_officers(context.library) == []
    context.undo_stack.redo()
    assert officers.get_officer(context.library, record.id) == record
    # The Delete key on the chosen list removes the officer again.
    picker.show()
    with qtbot.waitActive(picker):
        picker.activateWindow()
    picker.chosen.setFocus()
    picker.chosen.selectRow(0)
    qtbot.keyClick(picker.chosen, Qt.Key.Key_Delete)
    assert picker.links() == ()


def test_closing_an_edited_allegation_asks_before_dropping_it(
    qtbot: QtBot, context: AppContext
) -> None:
    from PySide6.QtWidgets import QMessageBox

    library = context.library
    matter = add_matter(library)
    officer = officers.add_officer(library, "John Smith")
    tab = AllegationsTab(context)
    qtbot.addWidget(tab)
    tab.set_matter(matter.id)

    untouched = tab.new_allegation()
    assert untouched is not None and not untouched.has_unsaved_changes()
    untouched.reject()  # nothing typed: closes without a question
    assert not untouched.isVisible()

    editor = tab.new_allegation()
    assert editor is not None
    editor.picker.add_link(officer.id, officer.name, "accused")
    editor.summary_edit.setText("Supplied alcohol before the arrest")
    editor.date_edit.setText("2024-03")
    editor.conduct_model.set_checked_codes(("UC.ALCOHOL",))
    editor.narrative_edit.setPlainText("Two hours of narrative the attorney typed.")
    assert editor.has_unsaved_changes()

    answer_message_box(QMessageBox.StandardButton.Cancel)
    editor.reject()
    assert editor.isVisible()  # kept open, text intact
    assert "Two hours" in editor.narrative_edit.toPlainText()

    answer_message_box(QMessageBox.StandardButton.Save)
    editor.reject()
    assert not editor.isVisible()
    (stored,) = allegations.list_allegations(library, matter_id=matter.id)
    assert stored.narrative == "Two hours of narrative the attorney typed."

    again = tab.new_allegation()
    assert again is not None
    again.summary_edit.setText("Scratch")
    answer_message_box(QMessageBox.StandardButton.Discard)
    again.reject()
    assert not again.isVisible()
    assert len(allegations.list_allegations(library, matter_id=matter.id)) == 1


def mnemonic(text: str) -> str | None:
    """The Alt letter of a label or button text ("Co&mmand:" -> "m")."""
    text = text.replace("&&", "")
    position = text.find("&")
    return text[position + 1].casefold() if 0 <= position < len(text) - 1 else None


def test_every_alt_letter_in_the_editor_leads_to_one_place(
    qtbot: QtBot, context: AppContext
) -> None:
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    from evidence_desk.gui.views.allegation_editor import AllegationEditor

    matter = add_matter(context.library)
    editor = AllegationEditor(context, matter.id)
    qtbot.addWidget(editor)
    editor.show()
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        letters: dict[str, list[str]] = {}
        for tab in range(editor.tabs.count()):
            letter = mnemonic(editor.tabs.tabText(tab))
            assert letter is not None
            letters.setdefault(letter, []).append(editor.tabs.tabText(tab))
        for widget in (
            editor.findChildren(QLabel)
            + editor.findChildren(QAbstractButton)
            + (editor.findChildren(QGroupBox))
        ):
            if not widget.isVisible():
                continue
            text = widget.title() if isinstance(widget, QGroupBox) else widget.text()
            letter = mnemonic(text)
            if letter is not None:
                letters.setdefault(letter, []).append(text)
        clashes = {letter: texts for letter, texts in letters.items() if len(texts) > 1}
        assert clashes == {}, f"on {editor.tabs.tabText(index)}: {clashes}"
    editor.reject()


def test_conduct_is_ticked_with_the_keyboard_alone(qtbot: QtBot, context: AppContext) -> None:
    from PySide6.QtWidgets import QMessageBox

    from evidence_desk.gui.views.allegation_editor import AllegationEditor

    matter = add_matter(context.library)
    editor = AllegationEditor(context, matter.id)
    qtbot.addWidget(editor)
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    qtbot.keyClick(editor.summary_edit, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert editor.tabs.currentWidget() is editor.conduct_page
    assert editor.conduct_filter.hasFocus()  # the tab's first field, ready for typing
    qtbot.keyClicks(editor.conduct_filter, "Exposure")
    qtbot.keyClick(editor.conduct_filter, Qt.Key.Key_Return)
    assert editor.conduct_view.hasFocus()
    qtbot.keyClick(editor.conduct_view, Qt.Key.Key_Space)
    assert editor.conduct_model.checked_codes() == ("UC.EXPOSURE",)
    assert editor.tabs.tabText(editor.tabs.currentIndex()) == "&Conduct (1)"
    assert editor.message.isHidden()  # Enter in the filter did not try to save
    answer_message_box(QMessageBox.StandardButton.Discard)  # the ticked conduct is not kept
    editor.reject()
    assert not editor.isVisible()
