"""Officer tables: the registry list, an officer's identifiers over time, picker suggestions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from ...core.matching import OfficerSuggestion
from ...core.records import OfficerIdentifierRecord, OfficerRecord
from ...core.vocabulary import OFFICER_IDENTIFIER_KINDS
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
    NAME, IDENTIFIERS, ALLEGATIONS, MATTERS, RANK, COMMAND = range(6)
    headers = ("Name", "Identifiers", "Allegations", "Matters", "Rank", "Command")

    def display(self, record: OfficerRecord, column: int) -> str:
        if column == self.NAME:
            if record.merged_into_id is not None:
                return f"{record.name} (merged into {record.merged_into_id})"
            return record.name
        if column == self.RANK:
            return record.rank or ""
        if column == self.COMMAND:
            return record.command or ""
        if column == self.IDENTIFIERS:
            return identifiers_text(record)
        if column == self.ALLEGATIONS:
            return str(record.allegation_count)
        return str(record.matter_count)

    def sort_value(self, record: OfficerRecord, column: int) -> Any:
        if column == self.ALLEGATIONS:
            return record.allegation_count
        if column == self.MATTERS:
            return record.matter_count
        return super().sort_value(record, column)

    def extra(self, record: OfficerRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.ALLEGATIONS, self.MATTERS):
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
    """Officers the typed text may mean, best first, with why each matched."""

    OFFICER, SCORE, REASON = range(3)
    headers = ("Officer", "Score", "Why it matches")

    def display(self, record: OfficerSuggestion, column: int) -> str:
        if column == self.OFFICER:
            return officer_label(record.officer)
        if column == self.SCORE:
            return f"{record.score:.0f}"
        return record.reason

    def sort_value(self, record: OfficerSuggestion, column: int) -> Any:
        if column == self.SCORE:
            return record.score
        return super().sort_value(record, column)

    def extra(self, record: OfficerSuggestion, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{officer_label(record.officer)}\n{record.reason}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
