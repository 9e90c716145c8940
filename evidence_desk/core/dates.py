"""Dates as clients and paperwork give them: a day, a month, a year, a range, or unknown.

An allegation keeps the precision it was given ("March 2021" is not "1 March 2021"), so a
date is stored as a first and last possible day plus its precision.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .errors import ValidationError

Precision = Literal["day", "month", "year", "range", "unknown"]
PRECISIONS: tuple[Precision, ...] = ("day", "month", "year", "range", "unknown")

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date with its precision; ``start``/``end`` are the first and last possible days."""

    precision: Precision
    start: date | None = None
    end: date | None = None

    @property
    def is_known(self) -> bool:
        return self.precision != "unknown"

    def text(self) -> str:
        """The canonical spelling, which ``parse_partial_date`` reads back."""
        if self.start is None or self.end is None:
            return "unknown"
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.precision == "year":
            return f"{self.start.year:04d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def display(self) -> str:
        """A human spelling for memos and tables: "12 March 2021", "March 2021", "2021"."""
        if self.start is None or self.end is None:
            return "date unknown"
        if self.precision == "day":
            return f"{self.start.day} {calendar.month_name[self.start.month]} {self.start.year}"
        if self.precision == "month":
            return f"{calendar.month_name[self.start.month]} {self.start.year}"
        if self.precision == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    def __str__(self) -> str:
        return self.text()


def parse_date(text: str, *, what: str = "date") -> date:
    """Parse ``YYYY-MM-DD`` strictly, with a message that names the field."""
    match = _DAY.match(text.strip())
    if not match:
        raise ValidationError(f"{what} {text!r} is not a date of the form YYYY-MM-DD")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as error:
        raise ValidationError(f"{what} {text!r} is not a real day ({error})") from None


def parse_partial_date(
    text: str | None, *, what: str = "date", allow_future: bool = False, today: date | None = None
) -> PartialDate:
    """Read ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``START..END`` or ``unknown``.

    Dates after today are refused unless ``allow_future``: an allegation cannot be about an
    event that has not happened, and a typo in the year is the usual cause.
    """
    raw = (text or "").strip()
    if raw == "" or raw.lower() == "unknown":
        return PartialDate("unknown")
    if ".." in raw:
        first_text, _, last_text = raw.partition("..")
        first = parse_partial_date(first_text, what=what, allow_future=allow_future, today=today)
        last = parse_partial_date(last_text, what=what, allow_future=allow_future, today=today)
        if not first.is_known or not last.is_known:
            raise ValidationError(f"{what} range {raw!r} needs both a start and an end")
        assert first.start and last.end
        if last.end < first.start:
            raise ValidationError(f"{what} range {raw!r} ends before it starts")
        return PartialDate("range", first.start, last.end)
    result: PartialDate
    if _DAY.match(raw):
        day = parse_date(raw, what=what)
        result = PartialDate("day", day, day)
    elif match := _MONTH.match(raw):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValidationError(f"{what} {raw!r} has no month {month}")
        last_day = calendar.monthrange(year, month)[1]
        result = PartialDate("month", date(year, month, 1), date(year, month, last_day))
    elif match := _YEAR.match(raw):
        year = int(match[1])
        result = PartialDate("year", date(year, 1, 1), date(year, 12, 31))
    else:
        raise ValidationError(
            f"{what} {raw!r} is not YYYY-MM-DD, YYYY-MM, YYYY, START..END or 'unknown'"
        )
    current = today or date.today()
    if not allow_future and result.start and result.start > current:
        raise ValidationError(f"{what} {raw!r} is in the future")
    return result


def from_stored(precision: str, start: date | None, end: date | None) -> PartialDate:
    """Rebuild a ``PartialDate`` from its stored columns."""
    if precision not in PRECISIONS:
        raise ValidationError(f"stored date precision {precision!r} is not known")
    return PartialDate(precision, start, end)  # type: ignore[arg-type]


DayOrder = Literal["MDY", "DMY", "YMD"]
_NUMERIC = re.compile(r"^(\d{1,4})[./\- ](\d{1,2})[./\- ](\d{1,4})$")


def parse_numeric_date(
    text: str, *, order: DayOrder = "MDY", what: str = "date", today: date | None = None
) -> date:
    """Read a day written in figures: ISO ``1996-07-02`` always, otherwise in the order of
    the user's locale (``07/02/1996`` is 2 July 1996 in the United States, 7 February in
    Britain). Two-digit years are taken as the most recent such year not after today, as
    for a date of birth ("7/2/96" is 1996). Dates after today are refused."""
    raw = text.strip()
    current = today or date.today()
    if _DAY.match(raw):
        day = parse_date(raw, what=what)
    else:
        match = _NUMERIC.match(raw)
        if match is None:
            example = {"MDY": "MM/DD/YYYY", "DMY": "DD/MM/YYYY", "YMD": "YYYY/MM/DD"}[order]
            raise ValidationError(f"{what} {raw!r} is not a date: write {example} or YYYY-MM-DD")
        first, second, third = match[1], match[2], match[3]
        if len(first) == 4 or order == "YMD":  # a year first is always year, month, day
            year_text, month, day_number = first, int(second), int(third)
        elif order == "DMY":
            day_number, month, year_text = int(first), int(second), third
        else:
            month, day_number, year_text = int(first), int(second), third
        if len(year_text) not in (2, 4):
            raise ValidationError(f"{what} {raw!r} needs a year of four (or two) digits")
        year = int(year_text)
        if len(year_text) == 2:
            year += current.year // 100 * 100
            if year > current.year:
                year -= 100
        try:
            day = date(year, month, day_number)
        except ValueError:
            raise ValidationError(
                f"{what} {raw!r} is not a real day (month {month}, day {day_number})"
            ) from None
    if day > current:
        raise ValidationError(f"{what} {raw!r} is in the future")
    return day
