"""The patterns view: background analysis, heat map, threshold and filters, export request."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from evidence_desk.core.library import Library
from evidence_desk.core.patterns import PatternFilter, analyse
from evidence_desk.gui.context import AppContext
from evidence_desk.gui.models.patterns import PatternMatrixModel, heat_colour, text_colour_on
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
