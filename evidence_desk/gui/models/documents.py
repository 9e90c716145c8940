"""The documents of one matter: a lazily exposed table model and a filtering proxy.

Only the selected matter's documents are ever loaded. The rows are handed to the view in
batches through ``canFetchMore``/``fetchMore`` so that a matter with tens of thousands of
documents shows its first screen at once and the rest as the user scrolls.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from ...core.citations import bates_text
from ...core.records import DocumentRecord
from ...core.vocabulary import DOCUMENT_SOURCES, DOCUMENT_STATUSES
from .table_base import SORT_ROLE, RecordTableModel

BATCH_SIZE = 500


def bates_range(record: DocumentRecord) -> str:
    """ "ECPD 000601-000602": the shared prefix once, as in a pinpoint cite."""
    return bates_text(record.bates_start, record.bates_end) or ""


class DocumentTableModel(RecordTableModel[DocumentRecord]):
    TITLE, KIND, SOURCE, PAGES, BATES, STATUS, TAGS, IMPORTED = range(8)
    headers = ("Title", "Kind", "Source", "Pages", "Bates range", "Status", "Tags", "Imported")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._pending: list[DocumentRecord] = []  # loaded, not yet shown
        self.tag_colours: dict[str, str] = {}

    def set_rows(self, rows: Sequence[DocumentRecord]) -> None:
        self.beginResetModel()
        everything = list(rows)
        self._rows = everything[:BATCH_SIZE]
        self._pending = everything[BATCH_SIZE:]
        self.endResetModel()

    def rows(self) -> list[DocumentRecord]:
        return self._rows + self._pending

    def total(self) -> int:
        return len(self._rows) + len(self._pending)

    def fetch_all(self) -> None:
        """Expose every loaded row (before sorting or filtering over all of them)."""
        while self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def row_of(self, record_id: int) -> int:
        row = super().row_of(record_id)
        if row < 0 and any(record.id == record_id for record in self._pending):
            self.fetch_all()
            row = super().row_of(record_id)
        return row

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and bool(self._pending)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if parent.isValid() or not self._pending:
            return
        batch = self._pending[:BATCH_SIZE]
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        self._rows.extend(batch)
        del self._pending[: len(batch)]
        self.endInsertRows()

    def display(self, record: DocumentRecord, column: int) -> str:
        if column == self.TITLE:
            return record.title
        if column == self.KIND:
            return record.kind.upper() if record.kind == "pdf" else record.kind.capitalize()
        if column == self.SOURCE:
            return DOCUMENT_SOURCES.get(record.source, record.source)
        if column == self.PAGES:
            return str(record.page_count)
        if column == self.BATES:
            return bates_range(record)
        if column == self.STATUS:
            return DOCUMENT_STATUSES.get(record.status, record.status)
        if column == self.TAGS:
            return ", ".join(record.tags)
        return record.imported_at.strftime("%Y-%m-%d %H:%M")

    def sort_value(self, record: DocumentRecord, column: int) -> Any:
        if column == self.PAGES:
            return record.page_count
        if column == self.IMPORTED:
            return record.imported_at.isoformat()
        if column == self.BATES:
            return record.bates_start or ""
        return super().sort_value(record, column)

    def extra(self, record: DocumentRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.STATUS and record.status_reason:
                return record.status_reason
            if column == self.TITLE:
                return f"{record.file_name}\nSHA-256 {record.sha256}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.PAGES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and column == self.TAGS and record.tags:
            # Tag colours are the user's own choice, so they are shown as chosen.
            colour = self.tag_colours.get(record.tags[0])
            return QColor(colour) if colour else None
        return None


class DocumentFilterProxy(QSortFilterProxyModel):
    """Filters by words (title, file name, Bates, tags) and optionally by one tag."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._tag: str | None = None
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self._expose_all()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_tag(self, tag: str | None) -> None:
        self.beginFilterChange()
        self._tag = tag or None
        self._expose_all()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column >= 0:
            self._expose_all()  # sorting a half-loaded table would mislead
        super().sort(column, order)

    def _expose_all(self) -> None:
        model = self.sourceModel()
        if isinstance(model, DocumentTableModel) and (self._words or self._tag):
            model.fetch_all()

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        if not isinstance(model, DocumentTableModel):
            return True
        record = model.record(source_row)
        if self._tag and self._tag not in record.tags:
            return False
        if not self._words:
            return True
        haystack = " ".join(
            [
                record.title,
                record.file_name,
                record.bates_start or "",
                record.bates_end or "",
                *record.tags,
            ]
        ).casefold()
        return all(word in haystack for word in self._words)
