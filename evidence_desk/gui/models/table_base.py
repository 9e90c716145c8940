"""The shared shape of the flat table models: a list of records, column constants, a sort role.

Each concrete model names its columns and says how one record shows in each; rows are
replaced whole with ``set_rows`` (a model never queries anything itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

RecordType = TypeVar("RecordType")

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1  # the frozen record of the row
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the record's id
SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # a value that sorts naturally (numbers as numbers)

Index = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel, Generic[RecordType]):
    """A read-only table over frozen records."""

    headers: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RecordType] = []

    # -- subclass hooks ---------------------------------------------------------------------

    def display(self, record: RecordType, column: int) -> str:
        raise NotImplementedError

    def sort_value(self, record: RecordType, column: int) -> Any:
        return self.display(record, column).casefold()

    def record_id(self, record: RecordType) -> int | None:
        return getattr(record, "id", None)

    def extra(self, record: RecordType, column: int, role: int) -> Any:
        """Roles beyond display/sort/record/id (tooltips, alignment, decoration)."""
        return None

    # -- data ----------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[RecordType]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[RecordType]:
        return list(self._rows)

    def record(self, row: int) -> RecordType:
        return self._rows[row]

    def row_of(self, record_id: int) -> int:
        for row, record in enumerate(self._rows):
            if self.record_id(record) == record_id:
                return row
        return -1

    # -- QAbstractItemModel --------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's idiom
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        record = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(record, column)
        if role == SORT_ROLE:
            return self.sort_value(record, column)
        if role == RECORD_ROLE:
            return record
        if role == ID_ROLE:
            return self.record_id(record)
        return self.extra(record, column, role)
