"""The officer registry: list, detail, merge with conflicts (undo, redo), edits undoable."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from evidence_desk.core import allegations, officers
from evidence_desk.core.library import Library
from evidence_desk.core.officers import IdentifierInput
from evidence_desk.gui.context import AppContext, Change
from evidence_desk.gui.models.officers import IdentifierTableModel, OfficerTableModel
from evidence_desk.gui.views.officer_picker import NewOfficerDialog
from evidence_desk.gui.views.officer_registry import MergeDialog, OfficerRegistry
from tests.core.evidence_builders import ARREST_REPORT_PAGES, add_document, add_matter
from tests.gui.gui_helpers import when_modal


def build(library: Library) -> tuple[int, int, int]:
    matter = add_matter(library)
    other_matter = add_matter(library, "2024-002", "Ana Okafor")
    document = add_document(library, matter.id, "Arrest Report", list(ARREST_REPORT_PAGES))
    smith = officers.add_officer(
        library,
        "John Smith",
        identifiers=[IdentifierInput("shield", "1234", date(2019, 1, 1), date(2022, 12, 31))],
    )
    smyth = officers.add_officer(
        library,
        "J. Smyth",
        identifiers=[IdentifierInput("shield", "9876", date(2021, 1, 1), None)],
    )
    for matter_id, officer_id in ((matter.id, smith.id), (other_matter.id, smyth.id)):
        allegations.add_allegation(
            library,
            allegations.AllegationInput(
                matter_id=matter_id,
                officers=(allegations.OfficerLink(officer_id),),
                date="2021-06",
                conduct=("UC.EXPOSURE",),
                summary="Exposure",
                citations=(
                    (allegations.CitationInput(document.id, 2, 2, quote="pre-arranged signal"),)
                    if matter_id == matter.id
                    else ()
                ),
            ),
        )
    return smith.id, smyth.id, document.id


def test_merge_shows_conflicts_then_undo_and_redo(qtbot: QtBot, library: Library) -> None:
    smith_id, smyth_id, document_id = build(library)
    context = AppContext(library)
    registry = OfficerRegistry(context)
    qtbot.addWidget(registry)
    registry.show()
    assert sorted(registry.officer_ids()) == sorted([smith_id, smyth_id])
    assert registry.select_officer(smith_id)
    assert registry.current is not None and registry.current.id == smith_id
    assert registry.identifier_model.rowCount() == 1
    assert registry.allegation_model.rowCount() == 1
    with qtbot.waitSignal(registry.open_document_requested) as opened:
        registry.allegation_view.doubleClicked.emit(registry.allegation_proxy.index(0, 0))
    assert opened.args == [document_id, 2]

    registry.select_officer(smyth_id, add=True)
    assert registry.merge_button.isEnabled()
    seen: dict[str, object] = {}

    def confirm(dialog: QWidget) -> None:
        assert isinstance(dialog, MergeDialog)
        keep_smith = dialog.keep_first if dialog.first.id == smith_id else dialog.keep_second
        keep_smith.setChecked(True)
        seen["conflicts"] = [
            dialog.conflict_list.item(row).text() for row in range(dialog.conflict_list.count())
        ]
        seen["blocked"] = not dialog.ok_button.isEnabled()
        dialog.confirm_box.setChecked(True)
        dialog.reason_edit.setText("same officer, shield reissued")
        dialog.ok_button.click()

    when_modal(MergeDialog, confirm)
    merge = registry.merge_selected()
    assert merge is not None and merge.survivor_id == smith_id and merge.merged_id == smyth_id
    assert seen["blocked"] is True
    assert any("1234" in text and "9876" in text for text in seen["conflicts"])  # type: ignore[union-attr]
    assert registry.officer_ids() == [smith_id]
    assert registry.current is not None and registry.current.id == smith_id
    assert registry.allegation_model.rowCount() == 2
    assert registry.merge_list.count() == 1

    context.undo_stack.undo()
    assert sorted(registry.officer_ids()) == sorted([smith_id, smyth_id])
    assert officers.get_officer(library, smyth_id).merged_into_id is None
    assert len(allegations.list_allegations(library, officer=smyth_id)) == 1
    context.undo_stack.redo()
    assert registry.officer_ids() == [smith_id]
    assert officers.get_officer(library, smyth_id).merged_into_id == smith_id

    # Unmerge from the detail pane, undoable too.
    registry.select_officer(smith_id)
    assert registry.unmerge_button.isEnabled()
    assert registry.unmerge_selected(confirm=False)
    assert sorted(registry.officer_ids()) == sorted([smith_id, smyth_id])
    context.undo_stack.undo()
    assert registry.officer_ids() == [smith_id]


def test_edit_identifier_and_alias_are_undoable(qtbot: QtBot, library: Library) -> None:
    smith_id, _smyth_id, _document = build(library)
    context = AppContext(library)
    registry = OfficerRegistry(context)
    qtbot.addWidget(registry)
    registry.select_officer(smith_id)
    registry.field_edits["rank"].setText("Det.")
    assert registry.save_details()
    assert officers.get_officer(library, smith_id).rank == "Det."
    assert registry.add_identifier(IdentifierInput("uc", "214"))
    assert registry.add_alias("P.O. Smyth")
    assert not registry.add_alias("P.O. Smyth")  # a duplicate is refused inline
    assert "already has the alias" in registry.message.text()
    record = officers.get_officer(library, smith_id)
    assert {item.value for item in record.identifiers} == {"1234", "214"}
    assert [alias.text for alias in record.aliases] == ["P.O. Smyth"]
    for _ in range(3):
        context.undo_stack.undo()
    record = officers.get_officer(library, smith_id)
    assert record.rank is None and record.aliases == () and len(record.identifiers) == 1
    context.undo_stack.redo()
    assert officers.get_officer(library, smith_id).rank == "Det."


def test_officer_models_pass_the_model_tester(qtmodeltester, library: Library) -> None:  # type: ignore[no-untyped-def]
    build(library)
    model = OfficerTableModel()
    model.set_rows(officers.list_officers(library))
    qtmodeltester.check(model)
    identifiers = IdentifierTableModel()
    identifiers.set_rows(officers.list_officers(library)[0].identifiers)
    qtmodeltester.check(identifiers)


def test_new_officer_from_the_registry_is_selected_and_undoable(
    qtbot: QtBot, library: Library
) -> None:
    context = AppContext(library)
    registry = OfficerRegistry(context)
    qtbot.addWidget(registry)
    registry.filter_edit.setText("UC 377")

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, NewOfficerDialog)
        assert dialog.identifier_edit.text() == "377"  # what was typed in the filter
        dialog.name_edit.setText("Owen Placeholder")
        dialog.accept()

    when_modal(NewOfficerDialog, fill)
    record = registry.new_officer()
    assert record is not None and record.name == "Owen Placeholder"
    assert [item.value for item in record.identifiers] == ["377"]
    assert [officer.id for officer in registry.selected_officers()] == [record.id]
    context.undo_stack.undo()
    assert registry.model.rowCount() == 0
    context.undo_stack.redo()
    assert registry.model.rowCount() == 1
    assert officers.get_officer(library, record.id) == record


def test_details_typed_for_one_officer_are_kept_when_choosing_another(
    qtbot: QtBot, library: Library
) -> None:
    smith_id, smyth_id, _document = build(library)
    context = AppContext(library)
    registry = OfficerRegistry(context)
    qtbot.addWidget(registry)
    registry.select_officer(smith_id)
    registry.field_edits["command"].setText("Vice Enforcement")
    registry.select_officer(smyth_id)
    qtbot.waitUntil(lambda: officers.get_officer(library, smith_id).command is not None)
    assert officers.get_officer(library, smith_id).command == "Vice Enforcement"
    assert registry.current is not None and registry.current.id == smyth_id
    assert registry.field_edits["command"].text() == ""
    context.undo_stack.undo()
    assert officers.get_officer(library, smith_id).command is None


def test_the_count_matches_the_filter_and_merges_read_by_name(
    qtbot: QtBot, library: Library
) -> None:
    smith_id, smyth_id, _document_id = build(library)
    for name in ("Ann Cole", "Bea Diaz", "Carl Eng"):
        officers.add_officer(library, name)
    context = AppContext(library)
    registry = OfficerRegistry(context)
    qtbot.addWidget(registry)
    registry.show()
    assert registry.count_label.text() == "5 officers"
    registry.filter_edit.setText("sm")
    registry.apply_filter()  # what the typing pause does
    assert registry.proxy.rowCount() == 2
    assert registry.count_label.text() == "2 of 5 officers"
    registry.filter_edit.setText("")
    registry.apply_filter()
    assert registry.count_label.text() == "5 officers"

    officers.merge_officers(library, smith_id, smyth_id, force=True)
    context.announce(Change.OFFICERS)
    registry.select_officer(smith_id)
    [merge_text] = [registry.merge_list.item(0).text()]
    assert merge_text.startswith("J. Smyth merged into John Smith (shield 1234) on ")
    registry.show_merged.setChecked(True)
    assert registry.select_officer(smyth_id)
    assert registry.heading.text() == "J. Smyth (merged into John Smith (Shield 1234))"
    assert registry.count_label.text() == "5 officers"
    registry.unmerge_selected(confirm=False)  # on the survivor's merge list
    assert context.undo_stack.undoText() == "Unmerge J. Smyth from John Smith (shield 1234)"
