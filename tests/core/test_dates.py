"""Dates with precision."""

from __future__ import annotations

from datetime import date

import pytest

from evidence_desk.core.dates import parse_partial_date
from evidence_desk.core.errors import ValidationError

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "precision", "start", "end"),
    [
        ("2021-03-12", "day", date(2021, 3, 12), date(2021, 3, 12)),
        ("2021-02", "month", date(2021, 2, 1), date(2021, 2, 28)),
        ("2020", "year", date(2020, 1, 1), date(2020, 12, 31)),
        ("2021-03..2021-05-02", "range", date(2021, 3, 1), date(2021, 5, 2)),
        ("unknown", "unknown", None, None),
        ("", "unknown", None, None),
    ],
)
def test_precision_is_kept(text: str, precision: str, start: date, end: date) -> None:
    parsed = parse_partial_date(text, today=TODAY)
    assert (parsed.precision, parsed.start, parsed.end) == (precision, start, end)
    assert parse_partial_date(parsed.text(), today=TODAY) == parsed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2021-13", "no month 13"),
        ("2021-02-30", "not a real day"),
        ("12/03/2021", "not YYYY-MM-DD"),
        ("2027-01-01", "in the future"),
        ("2021-05..2021-03", "ends before it starts"),
    ],
)
def test_bad_dates_are_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_partial_date(text, today=TODAY)


def test_display_reads_like_a_memo() -> None:
    assert parse_partial_date("2021-03-12", today=TODAY).display() == "12 March 2021"
    assert parse_partial_date("2021-03", today=TODAY).display() == "March 2021"
