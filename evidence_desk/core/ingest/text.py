"""Plain text (TXT, Markdown, e-mail saved as text): decoded robustly, split at form feeds.

Old productions come in every encoding. A byte-order mark decides; otherwise UTF-8 is
tried strictly, then Windows-1252 (what most US office software wrote), then Latin-1,
which accepts any byte so that text is never refused.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from .extraction import Extraction

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding used) for bytes of unknown encoding; never fails."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def extract_text_file(path: Path) -> Extraction:
    """One page per form-feed-separated part (a printout saved as text keeps its pages)."""
    text, encoding = decode_text(path.read_bytes())
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    pages = text.split("\f") if "\f" in text else [text]
    if pages and not pages[-1].strip() and len(pages) > 1:
        pages.pop()  # a trailing form feed does not start a page
    has_text = any(page.strip() for page in pages)
    return Extraction(
        kind="text",
        status="ok" if has_text else "no_text",
        reason=None if has_text else f"the file holds no text (decoded as {encoding})",
        pages=pages,
    )
