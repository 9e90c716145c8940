"""Small helpers for the sentences the program says to people."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """ "1 page", "3 pages", "1,200 pages": a count with its noun, never "page(s)"."""
    return f"{count:,} {noun if count == 1 else noun + 's'}"
