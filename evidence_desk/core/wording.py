"""Small helpers for the sentences the program says to people.

Messages name things the way a person knows them (a document by its title, an officer by
rank, name and shield, a matter by its file number), never by an internal id.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """ "1 page", "3 pages", "1,200 pages": a count with its noun, never "page(s)".
    ``nouns`` is the plural where adding an s is wrong ("match", "matches")."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


def of_total(shown: int, total: int, noun: str) -> str:
    """ "3 of 40 officers" when a filter hides some, "40 officers" when it hides none."""
    if shown == total:
        return plural(total, noun)
    return f"{shown:,} of {plural(total, noun)}"


def quoted(text: str, limit: int = 60) -> str:
    """A title or summary as a message names it: “Arrest Report”, cut with … when long."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{text}”"


def joined(items: Sequence[str], last: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


class _Identifier(Protocol):
    kind: str
    value: str


class _Officer(Protocol):
    name: str
    rank: str | None

    @property
    def identifiers(self) -> Sequence[_Identifier]: ...


_IDENTIFIER_WORDS = {"shield": "shield", "tax_id": "tax id", "employee": "emp.", "uc": "UC"}


def officer_words(officer: _Officer) -> str:
    """ "P.O. John Smith (shield 4521)": rank, name and the first identifier, which tells
    apart two officers of the same name."""
    words = f"{officer.rank} {officer.name}" if officer.rank else officer.name
    if officer.identifiers:
        first = officer.identifiers[0]
        words += f" ({_IDENTIFIER_WORDS.get(first.kind, first.kind)} {first.value})"
    return words
