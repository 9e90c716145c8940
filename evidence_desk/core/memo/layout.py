"""Layout shared by both memo kinds: the starting document, headings, tables, properties."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Inches, Pt
from docx.table import Table

from ..errors import ValidationError
from .docx_parts import (
    clear_body,
    drop_comments,
    ensure_paragraph_style,
    repeat_header_row,
    set_table_borders,
)


def new_document(template: Path | None, *, title: str, author: str) -> DocumentObject:
    """A fresh document, or the office template emptied of its body.

    From a template we keep styles, page setup, headers, footers and letterhead, and drop
    its body text and comments. Core properties are always rewritten: a template's
    author, subject or comments must not travel into an export.
    """
    if template is None:
        document = docx.Document()
    else:
        path = Path(template)
        if not path.is_file():
            raise ValidationError(f"the memo template {path} does not exist")
        try:
            document = docx.Document(str(path))
        except (PackageNotFoundError, ValueError, KeyError) as error:
            raise ValidationError(
                f"the memo template {path} is not a Word .docx document ({error})"
            ) from None
        clear_body(document)
        drop_comments(document)
    ensure_paragraph_style(document, "Title", size=20)
    ensure_paragraph_style(document, "Heading 1", size=14)
    ensure_paragraph_style(document, "Heading 2", size=12)
    properties = document.core_properties
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    for name in ("subject", "keywords", "comments", "category", "content_status", "identifier"):
        setattr(properties, name, "")
    properties.created = now
    properties.modified = now
    properties.revision = 1
    return document


def has_style(document: DocumentObject, name: str, style_type: WD_STYLE_TYPE) -> bool:
    return any(
        style.type == style_type and (style.name or "").casefold() == name.casefold()
        for style in document.styles
    )


def add_table(
    document: DocumentObject,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    font_size: float = 9,
    widths: Sequence[float] | None = None,
) -> Table:
    """A bordered table with a bold header row that repeats on each page."""
    table = document.add_table(rows=len(rows) + 1, cols=len(headers))
    if has_style(document, "Table Grid", WD_STYLE_TYPE.TABLE):
        table.style = "Table Grid"
    set_table_borders(table)
    size = Pt(font_size)
    for row_index, (row, values) in enumerate(zip(table.rows, [headers, *rows], strict=True)):
        for cell, value in zip(row.cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(str(value))
            run.font.size = size
            if row_index == 0:
                run.bold = True
    repeat_header_row(table)
    if widths:
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=False):
            column.width = Inches(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = Inches(width)
    return table


def centred(document: DocumentObject, text: str, *, bold: bool = False, size: float = 11) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def conduct_text(codes: Sequence[str], labels: dict[str, str]) -> str:
    return "; ".join(labels.get(code, code) for code in codes)


def conduct_tables(
    document: DocumentObject,
    matrix: dict[int, dict[str, int]],
    labels: dict[str, str],
    columns: Sequence[tuple[int, str]],
    count_text: Callable[[int], str] = str,
    *,
    per_table: int = 5,
) -> None:
    """Conduct × officer counts: one row per conduct type, one column per officer.

    Many officers would make one table too wide to print, so columns are split into
    tables of ``per_table`` officers each.
    """
    for start in range(0, len(columns), per_table):
        group = columns[start : start + per_table]
        codes = [
            code
            for code in labels
            if any(matrix.get(officer_id, {}).get(code) for officer_id, _ in group)
        ]
        rows = [
            [labels[code]]
            + [
                count_text(matrix[officer_id][code])
                if matrix.get(officer_id, {}).get(code)
                else "–"
                for officer_id, _ in group
            ]
            for code in codes
        ]
        add_table(document, ["Conduct", *(header for _, header in group)], rows)
        document.add_paragraph()
