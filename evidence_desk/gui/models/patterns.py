"""The officer × conduct matrix of a pattern analysis, as a colour-scaled table (heat map).

Rows are officers (those meeting the threshold unless all are asked for), the first
columns their totals, then one column per conduct type seen, in taxonomy order. A cell's
background runs along one fixed sequential scale (pale yellow to deep red) with its text
in black or white by contrast, so it reads the same in light and dark palettes; empty
cells keep the palette's own background.
"""

from __future__ import annotations

import textwrap
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ...core.patterns import OfficerPattern, PatternReport
from ...core.wording import plural
from .officers import short_identifier

Index = QModelIndex | QPersistentModelIndex

OFFICER_ID_ROLE = Qt.ItemDataRole.UserRole + 2
CONDUCT_CODE_ROLE = Qt.ItemDataRole.UserRole + 4
COUNT_ROLE = Qt.ItemDataRole.UserRole + 5
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

HEADER_WIDTH = 14  # characters per line of a conduct column's heading

# ColorBrewer "YlOrRd": a sequential scale readable by most colour-blind viewers.
HEAT_STOPS = ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026")


def heat_colour(fraction: float) -> QColor:
    """The scale's colour at ``fraction`` (0 = lowest count, 1 = highest)."""
    fraction = min(max(fraction, 0.0), 1.0)
    position = fraction * (len(HEAT_STOPS) - 1)
    low = int(position)
    high = min(low + 1, len(HEAT_STOPS) - 1)
    weight = position - low
    first, second = QColor(HEAT_STOPS[low]), QColor(HEAT_STOPS[high])
    return QColor(
        round(first.red() + (second.red() - first.red()) * weight),
        round(first.green() + (second.green() - first.green()) * weight),
        round(first.blue() + (second.blue() - first.blue()) * weight),
    )


def text_colour_on(background: QColor) -> QColor:
    """Black or white, whichever contrasts more with ``background`` (relative luminance)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = (
        0.2126 * channel(background.red())
        + 0.7152 * channel(background.green())
        + 0.0722 * channel(background.blue())
    )
    return QColor("#000000") if luminance > 0.179 else QColor("#ffffff")


class PatternMatrixModel(QAbstractTableModel):
    """Officer rows × (totals + conduct) columns over one ``PatternReport``."""

    OFFICER, MATTERS, ALLEGATIONS, PERIOD = range(4)
    FIXED_HEADERS = ("Officer", "Matters", "Allegations", "Period")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.report: PatternReport | None = None
        self._rows: list[OfficerPattern] = []
        self._codes: list[str] = []
        self._maximum = 0

    def set_report(self, report: PatternReport | None, *, flagged_only: bool = True) -> None:
        self.beginResetModel()
        self.report = report
        rows = list(report.officers) if report else []
        self._rows = [row for row in rows if row.flagged or not flagged_only]
        shown = (
            {code for row in self._rows for code in report.matrix.get(row.officer_id, {})}
            if report
            else set()
        )
        order = list(report.conduct_labels) if report else []
        self._codes = [code for code in order if code in shown] + sorted(shown - set(order))
        self._maximum = max(
            (
                count
                for row in self._rows
                for count in (report.matrix.get(row.officer_id, {}) if report else {}).values()
            ),
            default=0,
        )
        self.endResetModel()

    def officer(self, row: int) -> OfficerPattern:
        return self._rows[row]

    def officers(self) -> list[OfficerPattern]:
        return list(self._rows)

    def conduct_codes(self) -> list[str]:
        return list(self._codes)

    def code_of(self, column: int) -> str | None:
        offset = column - len(self.FIXED_HEADERS)
        return self._codes[offset] if 0 <= offset < len(self._codes) else None

    def count(self, row: int, column: int) -> int:
        code = self.code_of(column)
        if code is None or self.report is None:
            return 0
        return self.report.matrix.get(self._rows[row].officer_id, {}).get(code, 0)

    def label(self, code: str) -> str:
        return self.report.conduct_labels.get(code, code) if self.report else code

    # -- QAbstractItemModel ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.FIXED_HEADERS) + len(self._codes)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or section < 0:
            return None
        code = self.code_of(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section < len(self.FIXED_HEADERS):
                return self.FIXED_HEADERS[section]
            # Long labels wrap onto short lines so the conduct columns stay narrow.
            return (
                textwrap.fill(
                    self.label(code),
                    HEADER_WIDTH,
                    break_long_words=False,
                    break_on_hyphens=False,
                )
                if code
                else None
            )
        if role == Qt.ItemDataRole.ToolTipRole and code:
            return f"{self.label(code)} ({code})"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, column = index.row(), index.column()
        pattern = self._rows[row]
        if role == OFFICER_ID_ROLE:
            return pattern.officer_id
        if column < len(self.FIXED_HEADERS):
            return self._fixed(pattern, column, role)
        count = self.count(row, column)
        code = self.code_of(column)
        if role == Qt.ItemDataRole.DisplayRole:
            return str(count) if count else ""
        if role in (SORT_ROLE, COUNT_ROLE):
            return count
        if role == CONDUCT_CODE_ROLE:
            return code
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if count and role == Qt.ItemDataRole.BackgroundRole:
            return heat_colour(count / self._maximum if self._maximum else 0)
        if count and role == Qt.ItemDataRole.ForegroundRole:
            return text_colour_on(heat_colour(count / self._maximum if self._maximum else 0))
        if role == Qt.ItemDataRole.ToolTipRole and code:
            return f"{pattern.officer}: {plural(count, 'allegation')} of {self.label(code)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{pattern.officer}, {self.label(code or '')}: {count}"
        return None

    def _fixed(self, pattern: OfficerPattern, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.OFFICER:
                return officer_heading(pattern)
            if column == self.MATTERS:
                return str(pattern.matters)
            if column == self.ALLEGATIONS:
                return str(pattern.allegations)
            return period_text(pattern)
        if role == SORT_ROLE:
            if column == self.MATTERS:
                return pattern.matters
            if column == self.ALLEGATIONS:
                return pattern.allegations
            if column == self.PERIOD:
                return pattern.first_date.isoformat() if pattern.first_date else ""
            return pattern.officer.casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.MATTERS, self.ALLEGATIONS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                pattern.officer,
                f"{pattern.matters} matters, {pattern.clients} clients, "
                f"{pattern.allegations} allegations",
            ]
            if pattern.commands:
                lines.append("Commands: " + ", ".join(pattern.commands))
            return "\n".join(lines)
        return None


def officer_heading(pattern: OfficerPattern) -> str:
    """The officer as sources name them: "Victor Sampleton (UC 214, Shield 4471)"."""
    if not pattern.identifiers:
        return pattern.officer
    numbers = ", ".join(short_identifier(kind, value) for kind, value in pattern.identifiers)
    return f"{pattern.officer} ({numbers})"


def header_lines(model: PatternMatrixModel) -> int:
    """How many lines the tallest column heading takes once its label is wrapped."""
    return max(
        (
            str(model.headerData(column, Qt.Orientation.Horizontal) or "").count("\n") + 1
            for column in range(model.columnCount())
        ),
        default=1,
    )


def period_text(pattern: OfficerPattern) -> str:
    if pattern.first_date is None or pattern.last_date is None:
        return ""
    first = f"{pattern.first_date:%b %Y}"
    last = f"{pattern.last_date:%b %Y}"
    return first if first == last else f"{first} – {last}"
