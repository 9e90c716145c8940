"""The patterns view: background analysis, heat map, threshold and filters, export request."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from evidence_desk.core.library import Library
from evidence_desk.core.patterns import PatternFilter, analyse
from evidence_desk.gui.context import AppContext
from evidence_desk.gui.models.patterns import (
    PatternMatrixModel,
    header_lines,
    heat_colour,
    text_colour_on,
)
from evidence_desk.gui.views.patterns_view import PatternsView
from tests.core.memo_data import build_scenario


def wait_for_analysis(qtbot: QtBot, view: PatternsView) -> None:
    qtbot.waitUntil(lambda: view.task is None and view.report is not None, timeout=10000)


def test_matrix_threshold_filters_timeline_and_export(qtbot: QtBot, library: Library) -> None:
    scenario = build_scenario(library)
    smith, jones, brown = (scenario.officers[name] for name in ("smith", "jones", "brown"))
    context = AppContext(library)
    view = PatternsView(context)
    qtbot.addWidget(view)
    view.show()
    wait_for_analysis(qtbot, view)
    shown = {item.officer_id for item in view.model.officers()}
    assert shown == {smith.id, jones.id}  # Brown is in one matter only
    assert "2 officers named in at least 2 matters" in view.summary_label.text()
    codes = view.model.conduct_codes()
    assert "UC.EXPOSURE" in codes and "FORCE.TASER" not in codes
    column = PatternMatrixModel.PERIOD + 1 + codes.index("UC.EXPOSURE")
    smith_row = next(
        row
        for row in range(view.model.rowCount())
        if view.model.officer(row).officer_id == smith.id
    )
    cell = view.model.index(smith_row, column)
    assert cell.data() == "2"
    assert isinstance(cell.data(Qt.ItemDataRole.BackgroundRole), QColor)
    label = " ".join(view.model.headerData(column, Qt.Orientation.Horizontal).split())
    assert label == view.report.conduct_labels["UC.EXPOSURE"]  # type: ignore[union-attr]
    assert label in cell.data(Qt.ItemDataRole.ToolTipRole)

    # The threshold lowered to one matter brings Brown in; a conduct filter narrows again.
    view.min_matters.setValue(1)
    view.run_analysis()
    wait_for_analysis(qtbot, view)
    assert brown.id in {item.officer_id for item in view.model.officers()}
    view.conduct_combo.setCurrentIndex(view.conduct_combo.findData("FORCE"))
    view.run_analysis()
    wait_for_analysis(qtbot, view)
    assert [item.officer_id for item in view.model.officers()] == [brown.id]
    view.conduct_combo.setCurrentIndex(0)
    view.date_from.setText("2022")
    view.run_analysis()
    wait_for_analysis(qtbot, view)
    expected = analyse(library, PatternFilter(min_matters=1, date_from=view.criteria().date_from))
    assert {item.officer_id for item in view.model.officers()} == {
        item.officer_id for item in expected.officers
    }
    view.date_from.setText("2022-13")
    assert view.run_analysis() is None
    assert "no month 13" in view.message.text()
    view.date_from.clear()
    view.run_analysis()
    wait_for_analysis(qtbot, view)

    # Select Smith: the time line shows his months; export hands his id on.
    assert view.select_officer(smith.id)
    assert view.timeline.months == view.report.timeline[smith.id]  # type: ignore[union-attr]
    assert view.timeline.title == smith.name
    view.timeline.grab()  # paints without error
    with qtbot.waitSignal(view.export_requested) as requested:
        view.export_button.click()
    assert requested.args == [(smith.id,)]


def test_heat_scale_contrast() -> None:
    assert text_colour_on(heat_colour(0.0)) == QColor("#000000")
    assert text_colour_on(heat_colour(1.0)) == QColor("#ffffff")
    assert heat_colour(0.5) != heat_colour(0.6)


def test_pattern_model_passes_the_model_tester(qtmodeltester, library: Library) -> None:  # type: ignore[no-untyped-def]
    build_scenario(library)
    model = PatternMatrixModel()
    model.set_report(analyse(library, PatternFilter(min_matters=1)), flagged_only=False)
    assert model.rowCount() == 3
    qtmodeltester.check(model)


def cell_of(view: PatternsView, officer_id: int, code: str | None = None) -> QModelIndex:
    """The proxy index of an officer's row, at a conduct column or the officer column."""
    row = next(
        row
        for row in range(view.model.rowCount())
        if view.model.officer(row).officer_id == officer_id
    )
    column = (
        PatternMatrixModel.PERIOD + 1 + view.model.conduct_codes().index(code)
        if code
        else PatternMatrixModel.OFFICER
    )
    return view.proxy.mapFromSource(view.model.index(row, column))


def test_double_clicking_a_count_lists_the_allegations_behind_it(
    qtbot: QtBot, library: Library
) -> None:
    scenario = build_scenario(library)
    smith = scenario.officers["smith"]
    view = PatternsView(AppContext(library))
    qtbot.addWidget(view)
    view.show()
    wait_for_analysis(qtbot, view)
    cell = cell_of(view, smith.id, "UC.EXPOSURE")
    assert cell.data() == "2"
    view.table.doubleClicked.emit(cell)
    qtbot.waitUntil(lambda: view.drilldown is not None and view.drilldown.isVisible())
    dialog = view.drilldown
    assert dialog is not None
    shown = {dialog.model.record(row).id for row in range(dialog.model.rowCount())}
    assert shown == {
        scenario.allegations["rivera_exposure"],
        scenario.allegations["lindqvist_exposure"],
    }
    assert "UC 214" in dialog.windowTitle() and "Exposure" in dialog.windowTitle()
    # The first (earliest) allegation's first cited page opens in the viewer.
    with qtbot.waitSignal(view.open_document_requested) as opened:
        dialog.page_button.click()
    assert opened.args == [
        scenario.documents["rivera_arrest"],
        2,
        "UC 214 states he met the defendant (a.k.a. Mari Cruz)",
    ]
    with qtbot.waitSignal(view.edit_allegation_requested) as edit:
        dialog.edit_button.click()
    assert edit.args == [scenario.matters["rivera"].id, scenario.allegations["rivera_exposure"]]
    # The officer's own column lists every allegation counted for him.
    view.table.doubleClicked.emit(cell_of(view, smith.id))
    qtbot.waitUntil(
        lambda: (
            view.drilldown is not None
            and view.drilldown.model.rowCount() == view.model.officer(cell.row()).allegations
        )
    )


def test_uc_and_shield_numbers_name_the_officer(qtbot: QtBot, library: Library) -> None:
    scenario = build_scenario(library)
    view = PatternsView(AppContext(library))
    qtbot.addWidget(view)
    view.show()
    wait_for_analysis(qtbot, view)
    heading = cell_of(view, scenario.officers["smith"].id).data()
    assert heading == "John Smith (UC 214, Shield 1234)"


def test_the_officer_column_stays_while_the_conduct_columns_scroll(
    qtbot: QtBot, library: Library
) -> None:
    scenario = build_scenario(library)
    view = PatternsView(AppContext(library))
    qtbot.addWidget(view)
    view.all_officers.setChecked(True)
    view.resize(520, 500)  # the patterns page of a window 1024 pixels wide, or less
    view.show()
    wait_for_analysis(qtbot, view)
    table = view.table
    bar = table.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    assert table.columnViewportPosition(PatternMatrixModel.OFFICER) < 0  # scrolled away...
    frozen = table.frozen
    assert frozen.isVisible() and frozen.x() <= table.frameWidth() + 1  # ...but still shown
    first_row = frozen.visualRect(frozen.model().index(0, 0))
    assert (
        frozen.indexAt(first_row.center()).data()
        == cell_of(view, view.model.officer(0).officer_id).data()
    )
    assert frozen.width() == table.columnWidth(PatternMatrixModel.OFFICER)
    # Every line of a wrapped conduct heading has room.
    header = table.horizontalHeader()
    assert header.height() >= header.fontMetrics().lineSpacing() * header_lines(view.model)
    assert header_lines(view.model) >= 2
    # Clicking an officer's name in the frozen column selects that officer for a memo.
    smith = scenario.officers["smith"].id
    table.selectionModel().select(
        cell_of(view, smith), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    assert view.selected_officer_ids() == (smith,)


def test_export_from_patterns_uses_the_selected_officer_and_the_matters_caption(
    qtbot: QtBot, library: Library
) -> None:
    from evidence_desk.gui.main_window import MainWindow
    from evidence_desk.gui.views.export_dialog import ExportDialog

    scenario = build_scenario(library)
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()
    rivera = scenario.matters["rivera"].id
    window.matter_panel.select_matter(rivera)
    window.pages.setCurrentIndex(2)
    view = window.patterns_view
    wait_for_analysis(qtbot, view)
    jones = scenario.officers["jones"].id
    assert view.select_officer(jones)
    for trigger in (window.export_action.trigger, view.export_button.click):
        before = set(window.findChildren(ExportDialog))
        trigger()
        (dialog,) = set(window.findChildren(ExportDialog)) - before
        assert dialog.officer_ids == (jones,)
        assert dialog.matter_combo.currentData() == rivera  # a real caption
        assert "Jones" in dialog.officer_label.text()
        dialog.close()
    # A drilled-down allegation opens in its matter's editor, beside the evidence.
    window.edit_allegation(scenario.matters["okafor"].id, scenario.allegations["okafor_groping"])
    assert window.matter_id == scenario.matters["okafor"].id
    editor = window.allegations_tab.editor
    assert editor is not None and editor.allegation_id == scenario.allegations["okafor_groping"]
    editor.reject()


def test_the_allegations_behind_a_count_by_keyboard(qtbot: QtBot, library: Library) -> None:
    scenario = build_scenario(library)
    view = PatternsView(AppContext(library))
    qtbot.addWidget(view)
    view.show()
    wait_for_analysis(qtbot, view)
    assert view.table.hasFocus() or view.table.currentIndex().isValid()
    view.table.setFocus()
    target = cell_of(view, scenario.officers["smith"].id, "UC.EXPOSURE")
    view.table.setCurrentIndex(view.proxy.index(target.row(), 0))
    for _ in range(target.column()):
        qtbot.keyClick(view.table, Qt.Key.Key_Right)
    assert view.table.currentIndex() == target
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.drilldown is not None and view.drilldown.isVisible())
    assert view.drilldown is not None and view.drilldown.model.rowCount() == 2
