"""Patterns across matters: the officer × conduct heat map, a time line per officer, filters.

The analysis runs in the background whenever a filter changes (after a short pause), so
the window never waits on it. The officer column stays in place while the conduct columns
scroll sideways. Double-clicking a count lists the allegations behind it. Selecting cells
or officers and choosing "Export memo…" hands their ids on (``export_requested``) to open
the export dialog.
"""

from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtCore import (
    QItemSelectionModel,
    QMetaMethod,
    QModelIndex,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPalette, QPen, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ...core import taxonomy
from ...core.dates import parse_partial_date
from ...core.errors import EvidenceDeskError
from ...core.patterns import PatternFilter, PatternReport, allegations_behind, analyse
from ...core.records import AllegationRecord
from ...core.vocabulary import ALLEGATION_STATUSES
from ...core.wording import plural
from ..context import AppContext, Change
from ..models.patterns import (
    OFFICER_ID_ROLE,
    SORT_ROLE,
    PatternMatrixModel,
    header_lines,
    officer_heading,
)
from ..tasks import Task, TaskControl
from .export_dialog import ExportDialog
from .frozen_table import FrozenColumnTable
from .inline_message import InlineMessage
from .pattern_allegations import PatternAllegationsDialog

ANALYSE_DELAY_MS = 300


def _months_between(first: date, last: date) -> list[date]:
    months = []
    current = first.replace(day=1)
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


class TimelineChart(QWidget):
    """Allegations per month for one officer: a small bar chart in palette colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.months: tuple[tuple[date, int], ...] = ()
        self.setAccessibleName("Time line")
        self.setMinimumHeight(self.fontMetrics().height() * 7)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 60, self.fontMetrics().height() * 9)

    def set_series(self, title: str, months: tuple[tuple[date, int], ...]) -> None:
        self.title = title
        self.months = tuple(months)
        total = sum(count for _month, count in months)
        self.setAccessibleDescription(
            f"{title}: {total} dated allegations over {plural(len(months), 'month')}"
            if title
            else ""
        )
        self.setToolTip(
            "\n".join(f"{month:%B %Y}: {count}" for month, count in months) if months else ""
        )
        self.update()

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = self.fontMetrics()
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(8, 4, -8, -4)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        if not self.months:
            painter.drawText(
                area,
                Qt.AlignmentFlag.AlignCenter,
                "Select an officer to see allegations per month"
                if not self.title
                else f"{self.title}: no dated allegations",
            )
            return
        painter.drawText(
            QRectF(area.left(), area.top(), area.width(), line),
            Qt.AlignmentFlag.AlignLeft,
            f"{self.title}: allegations per month",
        )
        counts = dict(self.months)
        months = _months_between(self.months[0][0], self.months[-1][0])
        peak = max(counts.values())
        # Room for the title and, above the tallest bar, its count.
        chart = QRectF(
            area.left(), area.top() + line * 2.3, area.width(), area.height() - line * 3.6
        )
        width = chart.width() / len(months)
        bar_colour = palette.color(QPalette.ColorRole.Highlight)
        axis_colour = palette.color(QPalette.ColorRole.Mid)
        painter.setPen(axis_colour)
        painter.drawLine(chart.bottomLeft(), chart.bottomRight())
        label_every = max(1, int((metrics.horizontalAdvance("Mmm 0000") + 6) // max(width, 1)) + 1)
        for position, month in enumerate(months):
            count = counts.get(month, 0)
            left = chart.left() + position * width
            if count:
                height = chart.height() * count / peak
                bar = QRectF(left + width * 0.15, chart.bottom() - height, width * 0.7, height)
                painter.fillRect(bar, bar_colour)
                if width >= metrics.horizontalAdvance("00"):
                    painter.setPen(palette.color(QPalette.ColorRole.WindowText))
                    painter.drawText(
                        QRectF(left, bar.top() - line, width, line),
                        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                        str(count),
                    )
            if position % label_every == 0:
                painter.setPen(palette.color(QPalette.ColorRole.WindowText))
                painter.drawText(
                    QRectF(left, chart.bottom() + 2, width * label_every, line),
                    Qt.AlignmentFlag.AlignLeft,
                    f"{calendar.month_abbr[month.month]} {month.year}",
                )


class HeatCellDelegate(QStyledItemDelegate):
    """Keeps a selected count cell in its heat colour and marks the selection with a frame,
    so selecting officers for a memo does not hide the pattern being selected."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if not (selected and isinstance(background, QColor)):
            super().paint(painter, option, index)
            return
        painter.save()
        painter.fillRect(option.rect, background)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.setPen(foreground if isinstance(foreground, QColor) else QColor("#000000"))
        painter.drawText(option.rect, Qt.AlignmentFlag.AlignCenter, str(index.data() or ""))
        frame = QPen(option.palette.color(QPalette.ColorRole.Highlight))
        frame.setWidth(max(2, round(option.rect.height() / 12)))
        painter.setPen(frame)
        half = frame.width() // 2
        painter.drawRect(option.rect.adjusted(half, half, -half - 1, -half - 1))
        painter.restore()


class PatternsView(QWidget):
    export_requested = Signal(tuple)  # officer ids
    open_document_requested = Signal(int, int, str)  # document, page, words (a drill-down)
    edit_allegation_requested = Signal(int, int)  # matter id, allegation id

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.report: PatternReport | None = None
        self.task: Task | None = None
        self._pending = False

        # Filters
        self.min_matters = QSpinBox()
        self.min_matters.setRange(1, 100)
        self.min_matters.setValue(2)
        self.min_matters.setAccessibleName("Minimum matters")
        self.min_matters.setToolTip("Show officers named in at least this many matters")
        self.date_from = QLineEdit()
        self.date_from.setAccessibleName("Period from")
        self.date_from.setPlaceholderText("from (YYYY, YYYY-MM…)")
        self.date_to = QLineEdit()
        self.date_to.setAccessibleName("Period to")
        self.date_to.setPlaceholderText("to")
        self.conduct_combo = QComboBox()
        self.conduct_combo.setAccessibleName("Conduct filter")
        self.command_edit = QLineEdit()
        self.command_edit.setAccessibleName("Command filter")
        self.command_edit.setPlaceholderText("commands, comma-separated")
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Status filter")
        self.status_combo.addItem("Any status", None)
        for code, label in ALLEGATION_STATUSES.items():
            self.status_combo.addItem(label, code)
        self.all_officers = QCheckBox("Show &all officers")
        self.all_officers.setToolTip("Also list officers below the minimum number of matters")
        for combo in (self.conduct_combo, self.status_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        for edit in (self.date_from, self.date_to, self.command_edit):
            edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 7)
        self._fill_conduct()
        filters = QGroupBox("Filters")
        # Two rows, so that the view fits a narrow window.
        filter_layout = QGridLayout(filters)
        period = QHBoxLayout()
        period.addWidget(self.date_from, 1)
        period.addWidget(QLabel("–"))
        period.addWidget(self.date_to, 1)
        for row, column, label, widget, field in (
            (0, 0, "&Min. matters:", self.min_matters, self.min_matters),
            (0, 2, "&Period:", self.date_from, period),
            (0, 4, "&Status:", self.status_combo, self.status_combo),
            (1, 0, "&Conduct:", self.conduct_combo, self.conduct_combo),
            (1, 2, "Co&mmand:", self.command_edit, self.command_edit),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filter_layout.addWidget(caption, row, column)
            if isinstance(field, QHBoxLayout):
                filter_layout.addLayout(field, row, column + 1)
            elif field is self.min_matters:
                filter_layout.addWidget(field, row, column + 1, Qt.AlignmentFlag.AlignLeft)
            else:
                filter_layout.addWidget(field, row, column + 1)
        filter_layout.addWidget(self.all_officers, 1, 4, 1, 2)
        for column in (1, 3, 5):
            filter_layout.setColumnStretch(column, 1)

        # Matrix
        self.model = PatternMatrixModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = FrozenColumnTable()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Officer by conduct matrix")
        self.table.setToolTip("Double-click a count to see the allegations behind it")
        self.table.setSortingEnabled(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setItemDelegate(HeatCellDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.doubleClicked.connect(self.open_cell)
        self.table.activated.connect(self.open_cell)
        self.drilldown: PatternAllegationsDialog | None = None
        self.table.selectionModel().currentChanged.connect(lambda *_: self._show_timeline())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_export())
        self.timeline = TimelineChart()
        self.summary_label = QLabel()
        self.summary_label.setAccessibleName("Pattern summary")
        self.summary_label.setWordWrap(True)
        self.message = InlineMessage()
        self.export_button = QPushButton("&Export memo…")
        self.export_button.setToolTip(
            "Export a memo about the selected officers (or every officer shown) (Ctrl+Shift+M)"
        )
        self.export_button.clicked.connect(self.request_export)
        QShortcut(QKeySequence("Ctrl+Shift+M"), self, self.request_export).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.clicked.connect(self.run_analysis)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary_label, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.export_button)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.timeline)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(ANALYSE_DELAY_MS)
        self._timer.timeout.connect(self.run_analysis)
        self.min_matters.valueChanged.connect(self.schedule)
        for edit in (self.date_from, self.date_to, self.command_edit):
            edit.textChanged.connect(self.schedule)
        self.conduct_combo.currentIndexChanged.connect(self.schedule)
        self.status_combo.currentIndexChanged.connect(self.schedule)
        self.all_officers.toggled.connect(lambda *_: self._show_report())
        context.changed.connect(self._on_changed)
        self._stale = True  # analysed when first shown, not while the tab is hidden
        self._update_export()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The page opens on the matrix, so the arrow keys and Enter work at once.
        self.table.setFocus()
        if self._stale:
            self.run_analysis()

    # -- filters ---------------------------------------------------------------------------

    def _fill_conduct(self) -> None:
        current = self.conduct_combo.currentData()
        self.conduct_combo.blockSignals(True)
        self.conduct_combo.clear()
        self.conduct_combo.addItem("Any conduct", None)
        for record in taxonomy.list_conduct_types(self.context.library):
            self.conduct_combo.addItem("    " * record.depth + record.label, record.code)
        self.conduct_combo.setCurrentIndex(max(self.conduct_combo.findData(current), 0))
        self.conduct_combo.blockSignals(False)

    def criteria(self) -> PatternFilter:
        """The filter as the core takes it; a bad date raises ``ValidationError``."""
        first = parse_partial_date(self.date_from.text(), what="period start")
        last = parse_partial_date(self.date_to.text(), what="period end")
        conduct = self.conduct_combo.currentData()
        status = self.status_combo.currentData()
        commands = tuple(
            item.strip() for item in self.command_edit.text().split(",") if item.strip()
        )
        return PatternFilter(
            conduct=(conduct,) if conduct else (),
            commands=commands,
            statuses=(status,) if status else (),
            date_from=first.start,
            date_to=last.end,
            min_matters=self.min_matters.value(),
        )

    def _on_changed(self, change: Change) -> None:
        if change & Change.TAXONOMY:
            self._fill_conduct()
        if change & (Change.ALLEGATIONS | Change.OFFICERS | Change.TAXONOMY | Change.MATTERS):
            self.schedule()

    def schedule(self, *_args: object) -> None:
        """Analyse again after a pause in typing; a hidden view waits until it is shown."""
        self._stale = True
        if self.isVisible():
            self._timer.start()

    # -- analysis ------------------------------------------------------------------------------

    def run_analysis(self) -> Task | None:
        """Start the analysis in the background (one at a time; a later request waits)."""
        self._timer.stop()
        try:
            criteria = self.criteria()
        except EvidenceDeskError as error:
            self.message.show_error(str(error))
            return None
        self.message.clear()
        self._stale = False
        if self.task is not None:
            self._pending = True
            return self.task
        library = self.context.library

        def work(_control: TaskControl) -> PatternReport:
            return analyse(library, criteria)

        self.summary_label.setText("Analysing…")
        self.task = self.context.runner.start(
            work,
            on_success=self._analysed,
            on_failure=self._failed,
            description="Find patterns",
            ask_before_quit=False,  # read-only: quitting may simply abandon it
        )
        return self.task

    def _after_task(self) -> None:
        self.task = None
        if self._pending:
            self._pending = False
            self.run_analysis()

    def _analysed(self, report: object) -> None:
        assert isinstance(report, PatternReport)
        self.report = report
        self._show_report()
        self._after_task()

    def _failed(self, message: str) -> None:
        self.message.show_error(message)
        self.summary_label.clear()
        self._after_task()

    def _show_report(self) -> None:
        keep = self.selected_officer_ids()
        self.model.set_report(self.report, flagged_only=not self.all_officers.isChecked())
        # Every line of a wrapped conduct label shows: "Sexually motivated frisk" and
        # "Sexually motivated search" must not both read "Sexually motivated".
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        header.setMinimumHeight(metrics.lineSpacing() * header_lines(self.model) + metrics.height())
        self.table.resizeColumnsToContents()
        report = self.report
        if report is not None:
            flagged = sum(1 for item in report.officers if item.flagged)
            threshold = self.min_matters.value()
            self.summary_label.setText(
                f"{plural(flagged, 'officer')} named in at least {plural(threshold, 'matter')} "
                f"({plural(len(report.officers), 'officer')} with allegations in the period)."
            )
        for officer_id in keep:
            self.select_officer(officer_id, add=True)
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            # A place for the keyboard to start from (without selecting anyone).
            self.table.selectionModel().setCurrentIndex(
                self.proxy.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        self._show_timeline()
        self._update_export()

    # -- selection -----------------------------------------------------------------------------

    def select_officer(self, officer_id: int, *, add: bool = False) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(OFFICER_ID_ROLE) == officer_id:
                selection = self.table.selectionModel()
                flags = (
                    selection.SelectionFlag.Select
                    if add
                    else selection.SelectionFlag.ClearAndSelect
                ) | selection.SelectionFlag.Rows
                selection.select(index, flags)
                selection.setCurrentIndex(index, selection.SelectionFlag.NoUpdate)
                self._show_timeline()
                return True
        return False

    def selected_officer_ids(self) -> tuple[int, ...]:
        """Officers of the selected cells and rows, in table order."""
        selection = self.table.selectionModel()
        if selection is None:
            return ()
        rows = sorted({index.row() for index in selection.selectedIndexes()})
        return tuple(self.proxy.index(row, 0).data(OFFICER_ID_ROLE) for row in rows)

    def _show_timeline(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() or self.report is None:
            self.timeline.set_series("", ())
            return
        officer_id = index.data(OFFICER_ID_ROLE)
        pattern = self.model.officer(self.proxy.mapToSource(index).row())
        self.timeline.set_series(pattern.officer, self.report.timeline.get(officer_id, ()))

    def _update_export(self) -> None:
        self.export_button.setEnabled(self.model.rowCount() > 0)
        count = len(self.selected_officer_ids())
        self.export_button.setText(
            f"&Export memo ({plural(count, 'officer')})…" if count else "&Export memo…"
        )

    # -- the allegations behind a count ---------------------------------------------------

    def open_cell(self, index: QModelIndex) -> Task | None:
        """List the allegations a cell counts (a conduct cell: that conduct; the officer's
        own columns: all of the officer's), read in the background."""
        if not index.isValid() or self.report is None:
            return None
        try:
            criteria = self.criteria()
        except EvidenceDeskError as error:
            self.message.show_error(str(error))
            return None
        source = self.proxy.mapToSource(index)
        pattern = self.model.officer(source.row())
        code = self.model.code_of(source.column())
        if code is not None and not self.model.count(source.row(), source.column()):
            return None  # an empty cell: nothing behind it
        heading = officer_heading(pattern) + (f" — {self.model.label(code)}" if code else "")
        library = self.context.library
        labels = dict(self.report.conduct_labels)

        def work(_control: TaskControl) -> list[AllegationRecord]:
            return allegations_behind(library, criteria, pattern.officer_id, code)

        return self.context.runner.start(
            work,
            on_success=lambda records: self._show_allegations(heading, records, labels),
            on_failure=self.message.show_error,
            description="List allegations",
            ask_before_quit=False,
        )

    def _show_allegations(
        self, heading: str, records: list[AllegationRecord], labels: dict[str, str]
    ) -> None:
        if self.drilldown is not None:
            self.drilldown.close()
        dialog = PatternAllegationsDialog(heading, records, labels, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_document_requested.connect(self.open_document_requested)
        dialog.edit_requested.connect(self.edit_allegation_requested)
        dialog.finished.connect(lambda _result, closed=dialog: self._drilldown_closed(closed))
        self.drilldown = dialog
        dialog.resize(dialog.sizeHint())
        dialog.show()

    def _drilldown_closed(self, dialog: PatternAllegationsDialog) -> None:
        if self.drilldown is dialog:
            self.drilldown = None

    def request_export(self) -> None:
        """Hand the selected officers (or all shown) to whoever opens the export dialog."""
        ids = self.selected_officer_ids() or tuple(
            item.officer_id for item in self.model.officers()
        )
        if not ids:
            return
        signal = QMetaMethod.fromSignal(self.export_requested)
        if self.isSignalConnected(signal):
            self.export_requested.emit(ids)
        else:
            dialog = ExportDialog(self.context, self, officer_ids=ids)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.show()
