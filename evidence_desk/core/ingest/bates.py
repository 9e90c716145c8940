"""Bates numbers: finding the stamp on each page, and numbering unstamped productions.

A production stamps every page with a label made of a prefix and a zero-padded number,
usually in a bottom corner: "NYPD 000123", "DEF-0001234", "ABC_00012". The label is read
from the page text. Without configured prefixes the detector looks only at the first and
last lines of a page (where stamps sit) and ignores words that precede numbers for other
reasons (ZIP codes, "Page", "Tax", "UC"); with a configured prefix list (library setting
``bates_prefixes``) a label with one of those prefixes is found anywhere on the page. Over a
whole document the most common prefix wins, so a stray match on one page does not
interrupt the range.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SETTING_KEY = "bates_prefixes"
EDGE_LINES = 4  # stamps sit in the header or footer: this many lines at each end
MAX_LABEL = 80

# A generic label: an upper-case prefix (optionally two parts, "NYPD-IAB"), an optional
# separator, and five to ten digits standing alone.
_GENERIC = re.compile(
    r"(?<![\w-])(?P<prefix>[A-Z][A-Z0-9]{1,11}(?:[-_][A-Z][A-Z0-9]{0,11})?)"
    r"(?P<separator>[ _-]?)(?P<number>\d{5,10})(?![\w-])"
)
# Words that precede long numbers without being Bates prefixes.
_NOT_PREFIXES = frozenset(
    {
        "PAGE", "PG", "TEL", "FAX", "PHONE", "CELL", "ZIP", "NO", "NUM", "NUMBER", "CASE",
        "DOCKET", "INDEX", "IND", "ID", "TAX", "SHIELD", "UC", "ARREST", "COMPLAINT",
        "NYSID", "CC", "DD", "ICAD", "JOB", "REF", "INV", "ORDER", "SSN", "DOB", "APT",
        "ROOM", "SUITE", "BOX", "PO", "USA", "US",
    }
)  # fmt: skip
_US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "DC",
        "PR",
    ]
)


@dataclass(frozen=True, slots=True)
class BatesLabel:
    """One label as found on a page."""

    prefix: str  # without the separator: "NYPD"
    separator: str  # "", " ", "-" or "_"
    number: int
    width: int  # digits as printed, leading zeros included
    text: str  # as stored: prefix + separator + digits

    @property
    def key(self) -> str:
        """What identifies one production's numbering: the prefix with its separator."""
        return self.prefix + self.separator


def format_bates(prefix: str, number: int, width: int = 6) -> str:
    """The label for ``number``: "NYPD" -> "NYPD 000123"; "DEF-" -> "DEF-000123".

    A prefix that ends in a letter or digit gets a space before the number, the way most
    stamps print it; one that ends in a separator is used as given.
    """
    prefix = prefix.strip()
    joiner = " " if prefix and prefix[-1].isalnum() else ""
    return f"{prefix}{joiner}{number:0{width}d}"


def parse_prefixes(text: str | None) -> tuple[str, ...]:
    """The configured prefixes from the setting's text (comma- or line-separated)."""
    if not text:
        return ()
    parts = re.split(r"[,\n;]+", text)
    return tuple(dict.fromkeys(part.strip() for part in parts if part.strip()))


def _label(prefix: str, separator: str, digits: str) -> BatesLabel:
    return BatesLabel(prefix, separator, int(digits), len(digits), f"{prefix}{separator}{digits}")


def _generic_candidates(text: str) -> list[BatesLabel]:
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > 2 * EDGE_LINES:
        lines = lines[:EDGE_LINES] + lines[-EDGE_LINES:]
    found = []
    for line in lines:
        for match in _GENERIC.finditer(line):
            prefix, digits = match["prefix"], match["number"]
            head = re.split(r"[-_]", prefix)[0]
            if prefix in _NOT_PREFIXES or head in _NOT_PREFIXES:
                continue
            if prefix in _US_STATES and len(digits) in (5, 9):
                continue  # "NY 10007" is an address
            found.append(_label(prefix, match["separator"], digits))
    return found


def _configured_candidates(text: str, prefixes: Iterable[str]) -> list[BatesLabel]:
    found = []
    for configured in prefixes:
        bare = configured.rstrip(" -_")
        if not bare:
            continue
        pattern = re.compile(
            rf"(?<![\w-])(?P<prefix>{re.escape(bare)})"
            r"(?P<separator>[ _-]?)(?P<number>\d{3,12})(?!\d)",
            re.IGNORECASE,
        )
        for match in pattern.finditer(text):
            found.append(_label(match["prefix"], match["separator"], match["number"]))
    return found


def page_candidates(text: str, prefixes: Sequence[str] = ()) -> list[BatesLabel]:
    """Every plausible label on one page, configured prefixes first."""
    candidates = _configured_candidates(text, prefixes) if prefixes else []
    return candidates or _generic_candidates(text)


def detect_bates(pages: Sequence[str], prefixes: Sequence[str] = ()) -> list[str | None]:
    """The Bates label of each page (None where the page has none)."""
    per_page = [page_candidates(text, prefixes) for text in pages]
    counts = Counter(label.key.upper() for labels in per_page for label in labels)
    if not counts:
        return [None] * len(pages)
    labels: list[str | None] = []
    for candidates in per_page:
        # Prefer the document's dominant numbering; the last match on a page is the
        # footer stamp more often than the first.
        ranked = sorted(
            enumerate(candidates), key=lambda item: (counts[item[1].key.upper()], item[0])
        )
        labels.append(ranked[-1][1].text[:MAX_LABEL] if ranked else None)
    return labels


def bates_range(labels: Sequence[str | None]) -> tuple[str | None, str | None]:
    """The first and last label of a document's pages."""
    present = [label for label in labels if label]
    return (present[0], present[-1]) if present else (None, None)


def prefix_of(label: str | None) -> str | None:
    """The prefix of a stored label ("NYPD 000123" -> "NYPD")."""
    if not label:
        return None
    match = re.match(r"^(?P<prefix>.*?)[ _-]?\d+$", label)
    return match["prefix"] if match and match["prefix"] else None
