"""Citations: how an allegation points at its evidence, and how that reads in a memo."""

from __future__ import annotations


def page_text(page_start: int, page_end: int | None) -> str:
    """ "p. 3" or "pp. 3-5"."""
    if page_end is None or page_end == page_start:
        return f"p. {page_start}"
    return f"pp. {page_start}-{page_end}"


def bates_text(bates_start: str | None, bates_end: str | None) -> str | None:
    """ "NYPD 000125" or "NYPD 000125-000127" (the shared prefix is not repeated)."""
    if not bates_start:
        return None
    if not bates_end or bates_end == bates_start:
        return bates_start
    prefix_length = 0
    for left, right in zip(bates_start, bates_end, strict=False):
        if left != right or left.isdigit():
            break
        prefix_length += 1
    return f"{bates_start}-{bates_end[prefix_length:]}"


def pinpoint(
    title: str,
    page_start: int | None,
    page_end: int | None = None,
    bates_start: str | None = None,
    bates_end: str | None = None,
) -> str:
    """A pinpoint cite: "Arrest Report, p. 3 (NYPD 000125)"."""
    parts = title
    if page_start is not None:
        parts += f", {page_text(page_start, page_end)}"
    bates = bates_text(bates_start, bates_end)
    if bates:
        parts += f" ({bates})"
    return parts
