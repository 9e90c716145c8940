"""What extracting one file yields, and how a file's kind is told.

An ``Extraction`` is a plain, picklable value: it travels from a worker process to the
writer. The kind comes from the file name's extension; the first bytes are checked as
well, so that a file whose name lies about its content is reported as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..mention_text import PageReading


PDF_SUFFIXES = frozenset({".pdf"})
DOCX_SUFFIXES = frozenset({".docx", ".docm"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".eml", ".csv", ".log"})
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff"})

# Leading bytes of formats a mislabelled file commonly turns out to be.
_SIGNATURES = (
    (b"%PDF-", "a PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or Office file)"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office file (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"<html", "an HTML page"),
    (b"<!DOCTYPE html", "an HTML page"),
)


@dataclass
class Extraction:
    """Text and facts read from one file."""

    kind: str  # vocabulary.DOCUMENT_KINDS
    status: str  # vocabulary.DOCUMENT_STATUSES
    reason: str | None = None  # why the status is not "ok", in one sentence
    pages: list[str] = field(default_factory=list)  # text per page, may be empty strings
    bates: list[str | None] = field(default_factory=list)  # filled by the worker
    # Per page: a vocabulary.PAGE_STATUSES code, and the share of the page images cover
    # (measured only on pages with little text: ``scans.few_letters``). Left empty by
    # readers that only know text; ``scans.settle`` fills and weighs them.
    page_states: list[str] = field(default_factory=list)
    image_coverage: list[float] = field(default_factory=list)
    meta_title: str | None = None
    meta_author: str | None = None
    meta_created: str | None = None  # ISO date-time as the file states it
    # Per page: its officer mentions and event date, read by the worker (``read_pages``)
    # so that the one writer only matches them; empty when nobody read them.
    readings: list[PageReading] = field(default_factory=list)

    def first_page_text(self) -> str:
        """The first page's own text, for a title: none when it is a scan (whose only text
        may be a stamp or a hidden label) until OCR has read it."""
        if not self.pages or (self.page_states and self.page_states[0] != "text"):
            return ""
        return self.pages[0]

    def read_pages(self) -> None:
        """Read each page for officer mentions, as the writer will store its text."""
        from ..mention_text import read_page  # in the workers; the writer only unpickles

        self.readings = [read_page(text.replace("\x00", "")) for text in self.pages]

    def page_readings(self) -> list[PageReading] | None:
        """The readings of the pages as they are now (None when they are not read)."""
        return self.readings if len(self.readings) == len(self.pages) else None

    def page_rows(self, document_id: int) -> list[dict[str, object]]:
        """The page table's rows for this extraction (after ``scans.settle``)."""
        count = len(self.pages)
        labels = self.bates if len(self.bates) == count else [None] * count
        states = self.page_states if len(self.page_states) == count else ["text"] * count
        return [
            {
                "document_id": document_id,
                "number": number,
                "bates": label,
                "text": text.replace("\x00", ""),
                "status": state,
            }
            for number, (text, label, state) in enumerate(
                zip(self.pages, labels, states, strict=True), start=1
            )
        ]


def kind_for(path: Path | str) -> str:
    """The document kind its name claims (a trailing dot or space, dropped by Windows, aside)."""
    suffix = Path(str(path).rstrip(". ")).suffix.lower()
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    return "other"


def describe_content(head: bytes) -> str:
    """What the first bytes of a file look like, for a mislabelled-file message."""
    stripped = head.lstrip()
    for signature, description in _SIGNATURES:
        if stripped[: len(signature)].lower() == signature.lower():
            return description
    if b"\x00" in head[:512]:
        return "binary data of an unknown kind"
    return "text or an unknown format"


def unreadable(kind: str, reason: str) -> Extraction:
    """A file that is kept but could not be read."""
    return Extraction(kind=kind, status="unreadable", reason=reason)
