"""Layout shared by the memo kinds: the starting document, headings, tables, properties."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Emu, Inches, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from ..errors import ValidationError
from .docx_parts import (
    clear_body,
    drop_comments,
    ensure_paragraph_style,
    repeat_header_row,
    set_table_borders,
    word_text,
)

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def new_document(
    template: Path | None,
    *,
    title: str,
    author: str,
    running_header: str = "",
    footer: Callable[[Section], None] | None = None,
) -> DocumentObject:
    """A fresh document, or the office template emptied of its body.

    From a template we keep styles, page setup, headers, footers and letterhead, and drop
    its body text and comments. Core properties are always rewritten: a template's
    author, subject or comments must not travel into an export. Without a template the
    pages get ``footer`` (default "Page N of M": readers cite memo pages) and, when given,
    a running header such as the privilege legend.
    """
    if template is None:
        document = docx.Document()
        section = document.sections[0]
        (footer or page_number_footer)(section)
        if running_header:
            header = section.header.paragraphs[0]
            header.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = header.add_run(running_header)
            run.font.size = Pt(8)
            run.bold = True
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
    # Core properties are not runs of text: they pass the same filter here.
    properties.title = word_text(title)
    properties.author = word_text(author)
    properties.last_modified_by = word_text(author)
    for name in ("subject", "keywords", "comments", "category", "content_status", "identifier"):
        setattr(properties, name, "")
    properties.created = now
    properties.modified = now
    properties.revision = 1
    return document


def simple_field(paragraph: Paragraph, instruction: str, shown: str, half_points: int) -> None:
    """A simple Word field (PAGE, NUMPAGES) that Word and LibreOffice compute on display."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(half_points))
    properties.append(size)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def page_number_footer(section: Section) -> None:
    """ "Page 3 of 12", centred in the footer."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ").font.size = Pt(9)
    simple_field(paragraph, "PAGE", "1", 18)
    paragraph.add_run(" of ").font.size = Pt(9)
    simple_field(paragraph, "NUMPAGES", "1", 18)


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
    # Through the body directly: ``document.add_table`` looks for the last section by
    # searching the whole document every time.
    section = Section(document.element.body.sectPr, document.part)
    width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    table = document._body.add_table(len(rows) + 1, len(headers), width)
    if has_style(document, "Table Grid", WD_STYLE_TYPE.TABLE):
        table.style = "Table Grid"
    set_table_borders(table)
    size = str(round(font_size * 2))
    for row_index, (row, values) in enumerate(
        zip(table._tbl.tr_lst, [headers, *rows], strict=True)
    ):
        for cell, value in zip(row.tc_lst, values, strict=True):
            run = etree.SubElement(cell.p_lst[0], qn("w:r"))
            properties = etree.SubElement(run, qn("w:rPr"))
            if row_index == 0:
                etree.SubElement(properties, qn("w:b"))
            etree.SubElement(properties, qn("w:sz")).set(qn("w:val"), size)
            text = etree.SubElement(run, qn("w:t"))
            text.text = str(value)
            text.set(_XML_SPACE, "preserve")
    repeat_header_row(table)
    if widths:
        # Relative widths, fitted to the template's text width.
        table.autofit = False
        scale = width / Inches(sum(widths)) if width else 1.0
        lengths = [Emu(int(Inches(share) * scale)) for share in widths]
        for column, length in zip(table.columns, lengths, strict=False):
            column.width = length
        # Each cell's own width too (Word reads those), set on the XML directly: through
        # python-docx's cell objects this took most of the time of a long exhibit index.
        twips = [str(Emu(length).twips) for length in lengths]
        for row in table._tbl.tr_lst:
            for cell, value in zip(row.tc_lst, twips, strict=False):
                properties = cell.get_or_add_tcPr()
                cell_width = properties.find(qn("w:tcW"))
                if cell_width is None:
                    cell_width = etree.SubElement(properties, qn("w:tcW"))
                    properties.insert(0, cell_width)
                cell_width.set(qn("w:w"), value)
                cell_width.set(qn("w:type"), "dxa")
    return table


NO_BREAK_SPACE = "\u00a0"
RANGE_DASH = " – "  # where a range of numbers may break


def sentence(text: str) -> str:
    """``text`` ending in sentence punctuation, so a footnote mark can follow it.

    A closing quotation mark keeps its place after the full stop: "…signal”" -> "…signal.”".
    """
    text = text.strip()
    quotes = ""
    while text and text[-1] in "”’\"'":
        quotes = text[-1] + quotes
        text = text[:-1]
    if text and text[-1] not in ".?!":
        text += "."
    return text + quotes


def unbreakable(paragraph: etree._Element) -> None:
    """Keep a cell's text on one line where it can: spaces become no-break spaces and
    hyphens Word's no-break hyphen, so a file number or Bates label never splits. A range
    ("ECPD 000101 – ECPD 000102") may still break after its dash."""
    for run in list(paragraph.iter(qn("w:r"))):
        for text in list(run.findall(qn("w:t"))):
            value = text.text or ""
            if "-" not in value and " " not in value:
                continue
            kept = RANGE_DASH.join(
                part.replace(" ", NO_BREAK_SPACE) for part in value.split(RANGE_DASH)
            )
            pieces = kept.split("-")
            anchor = text
            text.text = pieces[0]
            for piece in pieces[1:]:
                hyphen = OxmlElement("w:noBreakHyphen")
                anchor.addnext(hyphen)
                anchor = hyphen
                if piece:
                    following = OxmlElement("w:t")
                    following.text = piece
                    following.set(_XML_SPACE, "preserve")
                    anchor.addnext(following)
                    anchor = following


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


class BodyWriter:
    """Appends paragraphs to the end of the body in constant time.

    python-docx finds the insertion point again for every paragraph it adds, which grows
    with the body: a memo of thousands of allegations spent most of its time there. This
    keeps the final section properties at hand and inserts before them directly; the
    paragraphs it returns are ordinary python-docx paragraphs.
    """

    def __init__(self, document: DocumentObject) -> None:
        self.document = document
        self._body = document.element.body
        self._section = self._body.find(qn("w:sectPr"))
        self._style_ids: dict[str, str] = {}

    def style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = self.document.styles[name].style_id
        return self._style_ids[name]

    def paragraph(
        self, text: str = "", style: str | None = None, *, space_after: float | None = None
    ) -> Paragraph:
        """A new last paragraph; ``space_after`` in points."""
        element = OxmlElement("w:p")
        if style is not None or space_after is not None:
            properties = etree.SubElement(element, qn("w:pPr"))
            if style is not None:
                style_id = self.style_id(style)
                etree.SubElement(properties, qn("w:pStyle")).set(qn("w:val"), style_id)
            if space_after is not None:
                spacing = etree.SubElement(properties, qn("w:spacing"))
                spacing.set(qn("w:after"), str(round(space_after * 20)))
        if self._section is not None:
            self._section.addprevious(element)
        else:
            self._body.append(element)
        paragraph = Paragraph(element, self.document._body)
        if text:
            self.run(paragraph, text)
        return paragraph

    def heading(self, text: str, level: int) -> Paragraph:
        return self.paragraph(text, f"Heading {level}")

    @staticmethod
    def run(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False) -> None:
        run = etree.SubElement(paragraph._p, qn("w:r"))
        if bold or italic:
            properties = etree.SubElement(run, qn("w:rPr"))
            if bold:
                etree.SubElement(properties, qn("w:b"))
            if italic:
                etree.SubElement(properties, qn("w:i"))
        element = etree.SubElement(run, qn("w:t"))
        element.text = text
        element.set(_XML_SPACE, "preserve")
