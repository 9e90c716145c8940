"""The notes of one matter as a table: title, author, last changed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from ...core.records import NoteRecord
from .table_base import RecordTableModel


class NoteTableModel(RecordTableModel[NoteRecord]):
    TITLE, AUTHOR, UPDATED = range(3)
    headers = ("Title", "Author", "Changed")

    def display(self, record: NoteRecord, column: int) -> str:
        if column == self.TITLE:
            return record.title
        if column == self.AUTHOR:
            return record.author
        return record.updated_at.strftime("%Y-%m-%d %H:%M")

    def sort_value(self, record: NoteRecord, column: int) -> Any:
        if column == self.UPDATED:
            return record.updated_at.isoformat()
        return super().sort_value(record, column)

    def extra(self, record: NoteRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return record.body[:500]
        return None
