"""The matters list: a table model over MatterSummary and a proxy for status and text.

All matters are loaded (an office has hundreds, not millions); their documents are not —
those load only for the selected matter (see ``documents.py``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

from ...core.records import MatterId, MatterSummary
from ..icons import icon
from .table_base import SORT_ROLE, RecordTableModel


class MatterTableModel(RecordTableModel[MatterSummary]):
    FILE_NUMBER, CAPTION, CLIENT, STATUS, DOCUMENTS = range(5)
    headers = ("File no.", "Caption", "Client", "Status", "Docs")

    def display(self, record: MatterSummary, column: int) -> str:
        matter = record.matter
        if column == self.FILE_NUMBER:
            return matter.file_number
        if column == self.CAPTION:
            return matter.caption
        if column == self.CLIENT:
            return matter.client.name
        if column == self.STATUS:
            return matter.status.capitalize()
        return str(record.documents)

    def sort_value(self, record: MatterSummary, column: int) -> Any:
        if column == self.DOCUMENTS:
            return record.documents
        return super().sort_value(record, column)

    def extra(self, record: MatterSummary, column: int, role: int) -> Any:
        matter = record.matter
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [f"{matter.file_number} — {matter.caption}", f"Client: {matter.client.name}"]
            if matter.docket:
                parts.append(f"Docket: {matter.docket}")
            if matter.court:
                parts.append(f"Court: {matter.court}")
            parts.append(
                f"{record.documents} documents, {record.notes} notes, "
                f"{record.allegations} allegations"
            )
            if record.restricted:
                parts.append(f"Restricted: only its team sees it ({', '.join(record.team)})")
            return "\n".join(parts)
        if role == Qt.ItemDataRole.DecorationRole and column == self.FILE_NUMBER:
            return icon("lock") if record.restricted else None
        if role == Qt.ItemDataRole.FontRole and matter.status == "closed":
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.DOCUMENTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def record_id(self, record: MatterSummary) -> int | None:
        return record.matter.id

    def row_of_matter(self, matter_id: MatterId) -> int:
        return self.row_of(matter_id)


class MatterFilterProxy(QSortFilterProxyModel):
    """Shows open, closed or all matters whose number, caption, client or docket match."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._status: str | None = "open"
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_status(self, status: str | None) -> None:
        self.beginFilterChange()
        self._status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self,
        source_row: int,
        source_parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        model = self.sourceModel()
        if not isinstance(model, MatterTableModel):
            return True
        summary = model.record(source_row)
        matter = summary.matter
        if self._status and matter.status != self._status:
            return False
        if not self._words:
            return True
        haystack = " ".join(
            [
                matter.file_number,
                matter.caption,
                matter.client.name,
                *matter.client.other_names,
                matter.docket or "",
                matter.court or "",
            ]
        ).casefold()
        return all(word in haystack for word in self._words)
