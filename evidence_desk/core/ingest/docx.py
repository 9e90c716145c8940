"""Word documents (python-docx): paragraphs and tables as text, in body order.

A .docx has no fixed pages; it is one page unless it carries explicit page breaks, which
start new pages so that citations to "page 2" of a typed statement mean something.
Table rows become lines with cells separated by tabs.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .extraction import Extraction, mislabelled, unreadable

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_parts(element: object) -> list[str]:
    """The paragraph's text, split at explicit page breaks (one part per page)."""
    parts = [""]
    for node in element.iter():  # type: ignore[attr-defined]
        tag = node.tag
        if tag == f"{_W}t":
            parts[-1] += node.text or ""
        elif tag == f"{_W}tab":
            parts[-1] += "\t"
        elif tag in (f"{_W}br", f"{_W}cr"):
            if node.get(f"{_W}type") == "page":
                parts.append("")
            else:
                parts[-1] += "\n"
    return parts


def _table_lines(table: object) -> list[str]:
    lines = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        for cell in row.cells:
            value = cell.text.strip()
            if not cells or cells[-1] != value:  # merged cells repeat their text
                cells.append(value)
        lines.append("\t".join(cells))
    return lines


def extract_docx(path: Path, *, name: str = "") -> Extraction:
    """Read one Word file (``name``: the file's own name, when ``path`` is a copy's)."""
    with path.open("rb") as handle:
        head = handle.read(64)
    if not head.startswith(b"PK"):
        return mislabelled("docx", name or path.name, head)
    try:
        from docx import Document
        from docx.table import Table

        document = Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        return unreadable("docx", f"the Word file is damaged or not a .docx ({error})")
    except Exception as error:
        return unreadable("docx", f"the Word file could not be read ({error})")

    pages: list[list[str]] = [[]]
    try:
        for child in document.element.body.iterchildren():
            if child.tag == f"{_W}p":
                if child.find(f"{_W}pPr/{_W}pageBreakBefore") is not None and pages[-1]:
                    pages.append([])
                parts = _paragraph_parts(child)
                pages[-1].append(parts[0])
                for part in parts[1:]:
                    pages.append([part])
            elif child.tag == f"{_W}tbl":
                pages[-1].extend(_table_lines(Table(child, document)))
    except Exception as error:
        return unreadable("docx", f"the Word file's content is damaged ({error})")
    texts = ["\n".join(lines).strip("\n") for lines in pages]
    properties = document.core_properties
    created = properties.created.replace(tzinfo=None).isoformat() if properties.created else None
    has_text = any(text.strip() for text in texts)
    return Extraction(
        kind="docx",
        status="ok" if has_text else "no_text",
        reason=None if has_text else "the Word file holds no text",
        pages=texts,
        meta_title=(properties.title or "").strip() or None,
        meta_author=(properties.author or "").strip() or None,
        meta_created=created,
    )
