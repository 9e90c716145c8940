"""Officer tables: the registry list, an officer's identifiers over time, picker suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette

from ...core.matching import OfficerSuggestion, filter_key
from ...core.officer_duplicates import PossibleDuplicate
from ...core.public_records import PublicRecordRecord
from ...core.records import OfficerIdentifierRecord, OfficerRecord
from ...core.vocabulary import MATCH_CONFIDENCES, OFFICER_IDENTIFIER_KINDS
from .table_base import RecordTableModel


def identifier_text(item: OfficerIdentifierRecord) -> str:
    """ "UC 214" style: the kind's short label and the value."""
    return short_identifier(item.kind, item.value)


def short_identifier(kind: str, value: str) -> str:
    """ "UC 214", "Shield 4521": an identifier as a list or a heading names it."""
    label = {"shield": "Shield", "tax_id": "Tax id", "employee": "Emp.", "uc": "UC"}.get(
        kind, OFFICER_IDENTIFIER_KINDS.get(kind, kind)
    )
    return f"{label} {value}"


def identifiers_text(record: OfficerRecord) -> str:
    return ", ".join(identifier_text(item) for item in record.identifiers)


def officer_label(record: OfficerRecord) -> str:
    """The name as a list shows it, with rank and the first identifier to tell officers apart."""
    parts = [record.name]
    if record.rank:
        parts.insert(0, record.rank)
    label = " ".join(parts)
    if record.identifiers:
        label += f" ({identifier_text(record.identifiers[0])})"
    if record.description and record.name == "Unidentified officer":
        label += f" – {record.description}"
    return label


class OfficerTableModel(RecordTableModel[OfficerRecord]):
    """The registry: one officer a row with identifiers and counts."""

    # Identifiers and counts first: they tell officers apart and show who matters most.
    NAME, IDENTIFIERS, ALLEGATIONS, MATTERS, PUBLIC, RANK, COMMAND = range(7)
    headers = ("Name", "Identifiers", "Allegations", "Matters", "Public records", "Rank", "Command")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._filter_keys: dict[int, str] = {}
        self._row_of_id: dict[int, int] | None = None

    def set_rows(
        self, rows: Sequence[OfficerRecord], filter_keys: dict[int, str] | None = None
    ) -> None:
        """Replace the rows; ``filter_keys`` ({officer id: key}) when already worked out
        (off the GUI thread, for a large registry)."""
        self._filter_keys = dict(filter_keys or {})
        self._row_of_id = None
        super().set_rows(rows)

    def filter_key(self, row: int) -> str:
        """What the filter box searches in a row (worked out when first needed, and kept
        until the next reload: a roster has tens of thousands of officers)."""
        record = self._rows[row]
        key = self._filter_keys.get(record.id)
        if key is None:
            key = self._filter_keys[record.id] = filter_key(record)
        return key

    def row_of(self, record_id: int) -> int:
        if self._row_of_id is None:
            self._row_of_id = {record.id: row for row, record in enumerate(self._rows)}
        return self._row_of_id.get(record_id, -1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows in Python, once: a proxy sorting tens of thousands of rows asks
        the model for each value over and over, which takes seconds."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        moved = [(self._rows[index.row()].id, index.column()) for index in persistent]
        keys = [self.sort_value(record, column) for record in self._rows]
        order_of_rows = sorted(
            range(len(self._rows)),
            key=lambda row: (keys[row], self._rows[row].id),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._rows = [self._rows[row] for row in order_of_rows]
        self._row_of_id = None
        self.changePersistentIndexList(
            persistent,
            [self.index(self.row_of(officer_id), column) for officer_id, column in moved],
        )
        self.layoutChanged.emit()

    def display(self, record: OfficerRecord, column: int) -> str:
        if column == self.NAME:
            if record.merged_into_id is not None:
                row = self.row_of(record.merged_into_id)
                survivor = self.record(row).name if row >= 0 else "another officer"
                return f"{record.name} (merged into {survivor})"
            return record.name
        if column == self.RANK:
            return record.rank or ""
        if column == self.COMMAND:
            return record.command or ""
        if column == self.IDENTIFIERS:
            return identifiers_text(record)
        if column == self.ALLEGATIONS:
            return str(record.allegation_count)
        if column == self.PUBLIC:
            return str(record.public_record_count)
        return str(record.matter_count)

    def sort_value(self, record: OfficerRecord, column: int) -> Any:
        if column == self.ALLEGATIONS:
            return record.allegation_count
        if column == self.MATTERS:
            return record.matter_count
        if column == self.PUBLIC:
            return record.public_record_count
        return super().sort_value(record, column)

    def extra(self, record: OfficerRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.ALLEGATIONS,
            self.MATTERS,
            self.PUBLIC,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [record.name]
            if record.description:
                lines.append(record.description)
            if record.aliases:
                lines.append("Also written: " + "; ".join(a.text for a in record.aliases))
            return "\n".join(lines)
        return None


class IdentifierTableModel(RecordTableModel[OfficerIdentifierRecord]):
    """One officer's identifiers with their validity periods (shields are reissued)."""

    KIND, VALUE, FROM, TO = range(4)
    headers = ("Kind", "Value", "Valid from", "Valid to")

    def display(self, record: OfficerIdentifierRecord, column: int) -> str:
        if column == self.KIND:
            return OFFICER_IDENTIFIER_KINDS.get(record.kind, record.kind)
        if column == self.VALUE:
            return record.value
        if column == self.FROM:
            return record.valid_from.isoformat() if record.valid_from else ""
        return record.valid_to.isoformat() if record.valid_to else ""


class SuggestionTableModel(RecordTableModel[OfficerSuggestion]):
    """Officers the typed text may mean, best first, with how sure and why each matched."""

    OFFICER, CONFIDENCE, SCORE, REASON = range(4)
    headers = ("Officer", "Match", "Score", "Why it matches")

    def display(self, record: OfficerSuggestion, column: int) -> str:
        if column == self.OFFICER:
            return officer_label(record.officer)
        if column == self.CONFIDENCE:
            return MATCH_CONFIDENCES.get(record.confidence, record.confidence)
        if column == self.SCORE:
            return f"{record.score:.0f}"
        return record.reason

    def sort_value(self, record: OfficerSuggestion, column: int) -> Any:
        if column == self.SCORE:
            return record.score
        if column == self.CONFIDENCE:
            return ("weak", "possible", "high").index(record.confidence)
        return super().sort_value(record, column)

    def extra(self, record: OfficerSuggestion, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{officer_label(record.officer)}\n"
                f"{MATCH_CONFIDENCES.get(record.confidence, record.confidence)} match: "
                f"{record.reason}"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (
            role == Qt.ItemDataRole.FontRole
            and column == self.CONFIDENCE
            and record.confidence == "high"
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and record.confidence == "weak":
            return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None


class PublicRecordTableModel(RecordTableModel[PublicRecordRecord]):
    """An officer's public records: complaints and dispositions, lawsuits, findings."""

    DATE, KIND, CASE, WHAT, DISPOSITION, SOURCE = range(6)
    headers = ("Date", "Kind", "Case no.", "What", "Disposition", "Source")

    def display(self, record: PublicRecordRecord, column: int) -> str:
        if column == self.DATE:
            return record.date.text() if record.date.is_known else ""
        if column == self.KIND:
            return record.kind_label
        if column == self.CASE:
            return record.case_number or ""
        if column == self.WHAT:
            return record.what
        if column == self.DISPOSITION:
            return record.disposition or ""
        return record.source

    def sort_value(self, record: PublicRecordRecord, column: int) -> Any:
        if column == self.DATE:
            return record.date.start.isoformat() if record.date.start else ""
        return super().sort_value(record, column)

    def extra(self, record: PublicRecordRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [record.what or record.kind_label]
            if record.outcome:
                lines.append(f"Outcome: {record.outcome}")
            if record.place:
                lines.append(f"Place: {record.place}")
            if record.command or record.rank:
                lines.append(f"Then: {' '.join(filter(None, (record.rank, record.command)))}")
            lines.append(
                f"Source: {record.source} ({record.source_file}, line {record.source_line})"
            )
            lines.append(f"Linked by {record.link_reason}")
            return "\n".join(lines)
        return None


class DuplicateTableModel(RecordTableModel[PossibleDuplicate]):
    """Pairs of records that may be one officer, surest first."""

    FIRST, SECOND, CONFIDENCE, REASON = range(4)
    headers = ("Officer", "May be the same as", "Match", "Why")

    def display(self, record: PossibleDuplicate, column: int) -> str:
        if column == self.FIRST:
            return f"{officer_label(record.first)} [{record.first.id}]"
        if column == self.SECOND:
            return f"{officer_label(record.second)} [{record.second.id}]"
        if column == self.CONFIDENCE:
            return MATCH_CONFIDENCES.get(record.confidence, record.confidence)
        return record.reason

    def record_id(self, record: PossibleDuplicate) -> int | None:
        return None
