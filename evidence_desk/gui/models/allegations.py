"""Allegation tables: a matter's allegations, an officer's across matters, and citations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from ...core.records import AllegationRecord, CitationRecord
from ...core.vocabulary import ALLEGATION_STATUSES, OFFICER_ROLES
from ..icons import icon
from .table_base import RecordTableModel


def officers_text(record: AllegationRecord) -> str:
    names = []
    for link in record.officers:
        role = "" if link.role == "accused" else f" ({OFFICER_ROLES.get(link.role, link.role)})"
        names.append(link.officer_name + role.lower())
    return "; ".join(names)


class AllegationTableModel(RecordTableModel[AllegationRecord]):
    """Allegations: date, matter, officers, conduct, status, number of citations.

    ``conduct_labels`` (code -> label) turns codes into words; the matter column matters in
    the officer registry, where allegations come from many matters.
    """

    DATE, MATTER, OFFICERS, CONDUCT, STATUS, CITATIONS, SUMMARY = range(7)
    headers = ("Date", "Matter", "Officers", "Conduct", "Status", "Citations", "Summary")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.conduct_labels: dict[str, str] = {}

    def conduct_text(self, record: AllegationRecord) -> str:
        return "; ".join(self.conduct_labels.get(code, code) for code in record.conduct)

    def display(self, record: AllegationRecord, column: int) -> str:
        if column == self.DATE:
            return record.date.display()
        if column == self.MATTER:
            return record.matter_file_number
        if column == self.OFFICERS:
            return officers_text(record)
        if column == self.CONDUCT:
            return self.conduct_text(record)
        if column == self.STATUS:
            return ALLEGATION_STATUSES.get(record.status, record.status)
        if column == self.CITATIONS:
            return str(len(record.citations))
        return record.summary

    def sort_value(self, record: AllegationRecord, column: int) -> Any:
        if column == self.DATE:
            start = record.date.start
            return start.isoformat() if start else ""
        if column == self.CITATIONS:
            return len(record.citations)
        return super().sort_value(record, column)

    def extra(self, record: AllegationRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.CONDUCT:
                return "\n".join(self.conduct_labels.get(c, c) for c in record.conduct)
            return record.narrative[:500] or record.summary
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.CITATIONS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


@dataclass(frozen=True, slots=True)
class CitationRow:
    """A citation as the editor lists it: stored (``record``) or waiting for the save."""

    document_id: int | None
    page_start: int | None
    page_end: int | None
    note_id: int | None
    quote: str
    pinpoint: str
    record: CitationRecord | None = None
    problem: str | None = None  # why saving it would be refused, while it waits

    @property
    def id(self) -> int | None:
        return self.record.id if self.record is not None else None

    @property
    def pending(self) -> bool:
        return self.record is None

    @classmethod
    def stored(cls, record: CitationRecord) -> CitationRow:
        return cls(
            record.document_id,
            record.page_start,
            record.page_end,
            record.note_id,
            record.quote,
            record.pinpoint,
            record,
        )


class CitationTableModel(RecordTableModel[CitationRow]):
    """The citations of one allegation: pinpoint cite and the quoted words."""

    PINPOINT, QUOTE = range(2)
    headers = ("Cited evidence", "Quote")

    def display(self, record: CitationRow, column: int) -> str:
        if column == self.PINPOINT:
            return record.pinpoint + (" (not saved yet)" if record.pending else "")
        return " ".join(record.quote.split())

    def extra(self, record: CitationRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return record.problem or record.quote or record.pinpoint
        if role == Qt.ItemDataRole.DecorationRole and column == self.PINPOINT and record.problem:
            return icon("warning")
        if role == Qt.ItemDataRole.FontRole and record.pending:
            font = QFont()
            font.setItalic(True)
            return font
        return None
