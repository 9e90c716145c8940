"""A table whose first column stays in place while the others scroll sideways.

The patterns matrix has a column per conduct type; on a narrow window the officer's name
would scroll out of sight and the counts would belong to nobody. ``FrozenColumnTable``
lays a second view over the first column (Qt's "frozen column" pattern): both share the
model and the selection, scroll together vertically, and the overlay follows the first
column's width.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class FrozenColumnTable(QTableView):
    """``frozen`` shows column 0 over the table; everything else is a plain QTableView."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frozen = QTableView(self)
        self.frozen.setObjectName("frozen_column")
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setFrameShape(QTableView.Shape.NoFrame)
        self.viewport().stackUnder(self.frozen)
        self.horizontalHeader().sectionResized.connect(self._section_resized)
        self.verticalHeader().sectionResized.connect(
            lambda row, _old, size: self.frozen.setRowHeight(row, size)
        )
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.doubleClicked.connect(self.doubleClicked)
        self.frozen.horizontalHeader().sectionClicked.connect(
            lambda _section: self.sortByColumn(
                0, self.frozen.horizontalHeader().sortIndicatorOrder()
            )
        )

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        if model is not None:
            for signal in (model.modelReset, model.layoutChanged, model.columnsInserted):
                signal.connect(self._show_first_column_only)
        self._show_first_column_only()

    def setSortingEnabled(self, enable: bool) -> None:
        super().setSortingEnabled(enable)
        self.frozen.horizontalHeader().setSortIndicatorShown(enable)
        self.frozen.horizontalHeader().setSectionsClickable(enable)

    def setItemDelegate(self, delegate) -> None:  # type: ignore[no-untyped-def]
        super().setItemDelegate(delegate)
        self.frozen.setItemDelegate(delegate)

    def _show_first_column_only(self, *_args: object) -> None:
        model = self.model()
        if model is None:
            return
        for column in range(model.columnCount()):
            self.frozen.setColumnHidden(column, column != 0)
        self.frozen.setColumnWidth(0, self.columnWidth(0))
        for row in range(model.rowCount()):
            self.frozen.setRowHeight(row, self.rowHeight(row))
        self._place_frozen()

    def _section_resized(self, section: int, _old: int, size: int) -> None:
        if section == 0:
            self.frozen.setColumnWidth(0, size)
            self._place_frozen()

    def _place_frozen(self) -> None:
        frame = self.frameWidth()
        self.frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        self.frozen.setGeometry(
            self.verticalHeader().width() + frame,
            frame,
            self.columnWidth(0),
            self.viewport().height() + self.horizontalHeader().height(),
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_frozen()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        self._place_frozen()

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Moving left with the keyboard onto columns hidden under the frozen one scrolls
        them back into sight."""
        current = super().moveCursor(action, modifiers)
        if (
            action == QAbstractItemView.CursorAction.MoveLeft
            and current.column() > 0
            and self.visualRect(current).left() < self.frozen.columnWidth(0)
        ):
            offset = self.visualRect(current).left() - self.frozen.columnWidth(0)
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + offset)
        return current

    def scrollTo(
        self,
        index: QModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        """The first column is always in sight: going to it scrolls up or down only."""
        keep = self.horizontalScrollBar().value()
        super().scrollTo(index, hint)
        if index.column() == 0:
            self.horizontalScrollBar().setValue(keep)
