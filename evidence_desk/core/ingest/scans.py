"""Which pages are scans: the per-page "needs OCR" decision and the document's status.

A page is decided on its own, by the amount of text it carries against the share of it
that images cover. A scanned page often has *some* text: the production's Bates stamp
added by the reviewing software, a "CONFIDENTIAL" legend, a hidden label a converter
left behind. None of that makes the page's own words searchable, so a page mostly
covered by images whose text, once the stamp is set aside, is only a few words needs
OCR. A page with text and no images is a text page however little it says; a page with
nothing drawn on it is blank (``empty``), one whose content cannot be read is
``unreadable`` (damage, never "a scan"), and an encrypted document's pages are ``locked``
until its password is given.

The document's status then says how many pages need OCR ("3 of 12 pages need OCR"); a
document with no text page and no scanned page keeps the status its reader gave it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..wording import plural
from .bates import MAX_LABEL, page_candidates
from .extraction import Extraction

# A page at least this much covered by images is a scan unless it carries real text.
SCAN_COVERAGE = 0.4
# Letters and digits (the Bates stamp set aside) a scanned page must carry to count as
# text: a legend, a fax header or a hidden label is shorter; a page of text is far longer.
MIN_LETTERS = 80

PAGE_TEXT = "text"
PAGE_NEEDS_OCR = "needs_ocr"
PAGE_OCR = "ocr"
PAGE_EMPTY = "empty"
PAGE_UNREADABLE = "unreadable"
PAGE_LOCKED = "locked"  # an encrypted document's pages, until its password is given
SEARCHABLE_STATES = frozenset({PAGE_TEXT, PAGE_OCR})


# Letters are counted a slice at a time: a page of text passes after its first lines, so
# the decision costs the same for a long page as for a short one.
_SLICE = 512


def few_letters(text: str) -> bool:
    """Whether a page's text is short enough that its image coverage must be weighed."""
    wanted = MIN_LETTERS + MAX_LABEL
    counted = 0
    for start in range(0, len(text), _SLICE):
        counted += sum(map(str.isalnum, text[start : start + _SLICE]))
        if counted >= wanted:
            return False
    return True


def own_letters(text: str, prefixes: Sequence[str] = ()) -> int:
    """Letters and digits on a page once Bates-like labels are set aside."""
    for label in page_candidates(text, prefixes):
        text = text.replace(label.text, " ")
    return sum(map(str.isalnum, text))


def page_state(text: str, coverage: float, reader_state: str, prefixes: Sequence[str] = ()) -> str:
    """The state of one page (``vocabulary.PAGE_STATUSES``)."""
    if reader_state != PAGE_TEXT:
        return reader_state
    if not text.strip():
        # Something is drawn but no text: shapes, or text turned into outlines.
        return PAGE_NEEDS_OCR
    if coverage >= SCAN_COVERAGE and own_letters(text, prefixes) < MIN_LETTERS:
        return PAGE_NEEDS_OCR
    return PAGE_TEXT


def needs_ocr_reason(needing: int, total: int) -> str:
    """The status line of a document with pages that need OCR."""
    if needing == total:
        if total == 1:
            return "the page is a scan without a text layer: it needs OCR to be searched"
        return f"all {total} pages are scans without a text layer: they need OCR to be searched"
    return f"{needing} of {plural(total, 'page')} need OCR (scanned without a text layer)"


def settle(result: Extraction, prefixes: Sequence[str] = ()) -> Extraction:
    """Fill in every page's state and set the document's status from them (in place)."""
    count = len(result.pages)
    if not result.page_states:
        default = PAGE_NEEDS_OCR if result.status == "needs_ocr" else None
        result.page_states = [
            default or (PAGE_TEXT if text.strip() else PAGE_EMPTY) for text in result.pages
        ]
    if len(result.image_coverage) != count:
        result.image_coverage = [0.0] * count
    if result.status == "encrypted":
        result.page_states = [PAGE_LOCKED] * count
        return result
    if result.status == "unreadable":
        result.page_states = [PAGE_UNREADABLE] * count
        return result
    result.page_states = [
        page_state(text, coverage, state, prefixes)
        for text, coverage, state in zip(
            result.pages, result.image_coverage, result.page_states, strict=True
        )
    ]
    needing = result.page_states.count(PAGE_NEEDS_OCR)
    if needing:
        result.status = "needs_ocr"
        scans = needs_ocr_reason(needing, count)
        result.reason = f"{scans}; {result.reason}" if result.reason else scans
    return result
