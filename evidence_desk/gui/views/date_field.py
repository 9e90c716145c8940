"""A field for a day typed the way people write it, with what it understood beside it.

"07/02/1996" means 2 July in the United States and 7 February in Britain: the field reads
figures in the order of the user's locale (``QLocale``), and ISO ``1996-07-02`` always. The
line under the field says the day in words ("2 July 1996") as soon as it is one, or what
is wrong with it, so a misread day is seen before it is saved.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from ...core.dates import DayOrder, parse_numeric_date
from ...core.errors import ValidationError
from .inline_message import sentence


def locale_day_order(locale: QLocale | None = None) -> DayOrder:
    """The order of day, month and year in the locale's short date format."""
    pattern = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    positions = {"D": pattern.find("d"), "M": pattern.find("M"), "Y": pattern.find("y")}
    order = "".join(sorted(positions, key=lambda part: positions[part]))
    if min(positions.values()) < 0 or order not in ("MDY", "DMY", "YMD"):
        return "MDY"
    return order  # type: ignore[return-value]


def example_for(order: DayOrder) -> str:
    return {"MDY": "MM/DD/YYYY", "DMY": "DD/MM/YYYY", "YMD": "YYYY-MM-DD"}[order]


class DateField(QWidget):
    """A line edit for one day, and a line under it: the day in words, or the problem."""

    changed = Signal()

    def __init__(self, what: str = "date", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.order = locale_day_order()
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(f"{example_for(self.order)} or YYYY-MM-DD")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(f"{what.capitalize()} as read")
        self.setFocusProxy(self.edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        self.edit.textChanged.connect(self._update_hint)
        self._update_hint()

    def text(self) -> str:
        return self.edit.text()

    def set_date(self, value: date | None) -> None:
        """Show a stored day in the locale's own numeric spelling."""
        if value is None:
            self.edit.clear()
            return
        pattern = {"MDY": "%m/%d/%Y", "DMY": "%d/%m/%Y", "YMD": "%Y-%m-%d"}[self.order]
        self.edit.setText(value.strftime(pattern))

    def value(self) -> date | None:
        """The day typed, None when the field is empty; raises ``ValidationError``."""
        text = self.edit.text().strip()
        if not text:
            return None
        return parse_numeric_date(text, order=self.order, what=self.what)

    def problem(self) -> str | None:
        try:
            self.value()
        except ValidationError as error:
            return sentence(str(error))
        return None

    def show_problem(self, message: str) -> None:
        self.hint.setText(f"⚠ {message}")
        self.hint.setAccessibleDescription(message)

    def _update_hint(self) -> None:
        try:
            value = self.value()
        except ValidationError as error:
            # Only once something has been typed that could be a whole day.
            typed = self.edit.text().strip()
            self.show_problem(sentence(str(error)) if len(typed) >= 6 else "")
            if len(typed) < 6:
                self.hint.clear()
        else:
            long_form = QLocale.FormatType.LongFormat
            self.hint.setText(self.locale().toString(value, long_form) if value else "")
            self.hint.setAccessibleDescription(self.hint.text())
        self.changed.emit()
