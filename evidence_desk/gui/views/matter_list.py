"""The left-hand panel: a search box, an open/closed/all switch and the matters table."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core import matters
from ...core.records import MatterId, MatterRecord
from ..context import AppContext, Change
from ..models.matters import MatterFilterProxy, MatterTableModel

# Characters of the caption the list keeps in sight however narrow the window gets:
# "People v. Sampl…" tells one client's matter from another's at a glance.
CAPTION_MIN_CHARS = 16


class MatterListPanel(QWidget):
    """Lists matters; emits ``matter_selected`` with the chosen matter's id (or None)."""

    matter_selected = Signal(object)  # int | None
    files_dropped = Signal(int, list)  # matter id, list[Path] dropped on that matter's row

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = MatterTableModel(self)
        self.proxy = MatterFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Filter matters…")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Filter matters")
        self.search_box.textChanged.connect(self.proxy.set_text)
        self.status_filter = QComboBox()
        self.status_filter.addItem("Open", "open")
        self.status_filter.addItem("Closed", "closed")
        self.status_filter.addItem("All", None)
        self.status_filter.setAccessibleName("Matter status")
        self.status_filter.currentIndexChanged.connect(
            lambda _index: self.proxy.set_status(self.status_filter.currentData())
        )

        self.table = _MatterTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Matters")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep the service's order
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # Tab leaves the list: walking it cell by cell would switch the selected matter
        # (and close the open document) at every row. The arrow keys move between matters.
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(MatterTableModel.CAPTION, QHeaderView.ResizeMode.Stretch)
        # A count needs little room; the caption is what people read.
        header.setSectionResizeMode(
            MatterTableModel.DOCUMENTS, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.setColumnHidden(MatterTableModel.STATUS, True)
        self.table.setColumnHidden(MatterTableModel.CLIENT, True)
        # The file number and document count set the list's narrowest width (with the
        # start of the caption), so that width follows them when they change.
        header.sectionResized.connect(self._column_resized)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.proxy.layoutChanged.connect(self._keep_selection_visible)

        filters = QHBoxLayout()
        filters.addWidget(self.search_box, 1)
        filters.addWidget(self.status_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.search_box, self.status_filter)
        self.setTabOrder(self.status_filter, self.table)
        context.changed.connect(self._on_changed)
        self.refresh()

    # -- data ----------------------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.current_matter_id()
        self.model.set_rows(matters.list_matters(self.context.library))
        if selected is not None:
            self.select_matter(selected, emit=False)

    def _on_changed(self, change: Change) -> None:
        # The list counts documents, notes and allegations per matter.
        if change & (Change.MATTERS | Change.DOCUMENTS | Change.NOTES | Change.ALLEGATIONS):
            self.refresh()

    # -- selection -----------------------------------------------------------------------

    def current_matter_id(self) -> MatterId | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        source = self.proxy.mapToSource(index)
        return self.model.record(source.row()).matter.id

    def current_matter(self) -> MatterRecord | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.record(self.proxy.mapToSource(index).row()).matter

    def select_matter(self, matter_id: MatterId, *, emit: bool = True) -> bool:
        """Select a matter, switching the status filter and clearing the text if needed."""
        row = self.model.row_of_matter(matter_id)
        if row < 0:
            return False
        source_index = self.model.index(row, 0)
        proxy_index = self.proxy.mapFromSource(source_index)
        if not proxy_index.isValid():
            self.search_box.clear()
            self.status_filter.setCurrentIndex(self.status_filter.findData(None))
            proxy_index = self.proxy.mapFromSource(source_index)
        blocker = None if emit else self.table.selectionModel().blockSignals(True)
        self.table.selectionModel().setCurrentIndex(
            proxy_index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        if blocker is not None:
            self.table.selectionModel().blockSignals(blocker)
        self.table.scrollTo(proxy_index)
        return True

    def select_first(self) -> bool:
        """Select the top row of the list as shown (the newest matter by default)."""
        index = self.proxy.index(0, 0)
        if not index.isValid():
            return False
        return self.select_matter(self.model.record(self.proxy.mapToSource(index).row()).matter.id)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            row = self.proxy.mapToSource(current).row()
            self.matter_selected.emit(self.model.record(row).matter.id)
        else:
            self.matter_selected.emit(None)

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if column != MatterTableModel.CAPTION:
            self.table.updateGeometry()

    def _keep_selection_visible(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.table.scrollTo(index)


class _MatterTableView(QTableView):
    """Accepts files dropped on a matter row: they are imported into that matter."""

    def __init__(self, panel: MatterListPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def minimumSizeHint(self) -> QSize:
        """Room for the file number, the count and the start of the caption: the window
        takes space from the other panes before the list is cut down to bare numbers."""
        header = self.horizontalHeader()
        shown = [
            column
            for column in range(header.count())
            if column != MatterTableModel.CAPTION and not header.isSectionHidden(column)
        ]
        width = (
            sum(header.sectionSize(column) for column in shown)
            + self.fontMetrics().averageCharWidth() * CAPTION_MIN_CHARS
            + self.verticalScrollBar().sizeHint().width()
            + 2 * self.frameWidth()
        )
        return QSize(width, super().minimumSizeHint().height())

    def empty_text(self) -> str:
        """What the empty list says: how to start, or that the filter hides every matter."""
        if self.panel.proxy.rowCount() > 0:
            return ""
        if self.panel.model.rowCount() == 0:
            return "No matters yet.\nMatter ▸ New matter… (Ctrl+N)"
        return "No matter matches the filter."

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        text = self.empty_text()
        if text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            area = self.viewport().rect().adjusted(8, 24, -8, 0)
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            painter.drawText(area, int(flags) | int(Qt.TextFlag.TextWordWrap), text)
            painter.end()

    def _matter_at(self, event) -> MatterId | None:
        index = self.indexAt(event.position().toPoint())
        if not index.isValid():
            return None
        row = self.panel.proxy.mapToSource(index).row()
        return self.panel.model.record(row).matter.id

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls() and self._matter_at(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        from .import_flow import local_paths

        matter_id = self._matter_at(event)
        paths = local_paths(event.mimeData())
        if matter_id is None or not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.panel.files_dropped.emit(matter_id, paths)
