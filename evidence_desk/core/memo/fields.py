"""Word fields for court papers: bookmarks, page references, the tables of contents and
authorities, and page numbering that restarts with each paper.

python-docx has no API for fields. A complex field is three ``w:fldChar`` runs (begin,
separate, end) around the instruction, with the last computed result between separate and
end. Word recomputes results when the document asks it to (``w:updateFields`` in the
settings makes Word offer to update every field on opening); LibreOffice computes page
references itself, and rebuilds a table of contents with Tools ▸ Update ▸ Update All.

The table of contents is a real ``TOC`` field over the Heading 1–2 paragraphs; its stored
result lists the headings with ``PAGEREF`` page numbers, as Word itself writes it. The
table of authorities is one ``TOA`` field per category fed by ``TA`` fields at each
citation (so Word can rebuild it), with a stored result whose page numbers are
``PAGEREF`` fields to bookmarks at those citations (so it is right before any update).
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.document import Document as DocumentObject
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches
from docx.text.paragraph import Paragraph
from lxml import etree

from .docx_parts import AFTER_FOOTNOTE_PR, insert_in_order

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# sectPr children that come after w:pgNumType (and w:titlePg's followers), in order.
AFTER_TITLE_PAGE = ("textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings")
AFTER_PAGE_NUMBERING = ("cols", "formProt", "vAlign", "noEndnote", "titlePg", *AFTER_TITLE_PAGE)
# settings.xml children that come after w:updateFields in the schema's fixed order.
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", *AFTER_FOOTNOTE_PR)


def _run(parent: etree._Element, *, italic: bool = False) -> etree._Element:
    run = etree.SubElement(parent, qn("w:r"))
    if italic:
        etree.SubElement(etree.SubElement(run, qn("w:rPr")), qn("w:i"))
    return run


def text_run(parent: etree._Element, text: str, *, italic: bool = False) -> None:
    element = etree.SubElement(_run(parent, italic=italic), qn("w:t"))
    element.text = text
    element.set(_XML_SPACE, "preserve")


def field_begin(parent: etree._Element, instruction: str) -> None:
    """Begin a complex field: its begin mark, instruction and separator."""
    etree.SubElement(_run(parent), qn("w:fldChar")).set(qn("w:fldCharType"), "begin")
    instr = etree.SubElement(_run(parent), qn("w:instrText"))
    instr.text = f" {instruction} "
    instr.set(_XML_SPACE, "preserve")
    etree.SubElement(_run(parent), qn("w:fldChar")).set(qn("w:fldCharType"), "separate")


def field_end(parent: etree._Element) -> None:
    etree.SubElement(_run(parent), qn("w:fldChar")).set(qn("w:fldCharType"), "end")


def hidden_field(parent: etree._Element, instruction: str) -> None:
    """A field with no result, such as a TA entry (Word shows it only with marks on)."""
    etree.SubElement(_run(parent), qn("w:fldChar")).set(qn("w:fldCharType"), "begin")
    instr = etree.SubElement(_run(parent), qn("w:instrText"))
    instr.text = f" {instruction} "
    instr.set(_XML_SPACE, "preserve")
    field_end(parent)


def page_reference(parent: etree._Element, bookmark: str) -> None:
    """The page number of ``bookmark`` (computed by Word on update, by LibreOffice live)."""
    field_begin(parent, f"PAGEREF {bookmark} \\h")
    field_end(parent)


class Bookmarks:
    """Unique bookmark ids for one document."""

    def __init__(self) -> None:
        self._next = 1

    def around(self, paragraph: Paragraph, name: str, first: etree._Element | None = None) -> None:
        """Bookmark ``name`` from ``first`` (default: the paragraph's start) to its end."""
        bookmark_id = str(self._next)
        self._next += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), bookmark_id)
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), bookmark_id)
        if first is not None:
            first.addprevious(start)
        else:
            properties = paragraph._p.pPr
            if properties is not None:
                properties.addnext(start)
            else:
                paragraph._p.insert(0, start)
        paragraph._p.append(end)

    def point(self, paragraph: Paragraph, name: str) -> None:
        """An empty bookmark at the current end of ``paragraph``."""
        bookmark_id = str(self._next)
        self._next += 1
        start = etree.SubElement(paragraph._p, qn("w:bookmarkStart"))
        start.set(qn("w:id"), bookmark_id)
        start.set(qn("w:name"), name)
        etree.SubElement(paragraph._p, qn("w:bookmarkEnd")).set(qn("w:id"), bookmark_id)


def right_tab_with_dots(paragraph: Paragraph, position: float = 6.5) -> None:
    paragraph.paragraph_format.tab_stops.add_tab_stop(
        Inches(position), alignment=WD_TAB_ALIGNMENT.RIGHT, leader=WD_TAB_LEADER.DOTS
    )


def toc_entries(
    paragraphs: list[Paragraph], entries: Iterable[tuple[str, str, int]], width: float
) -> None:
    """Fill ``paragraphs`` (one per entry, in order) with a TOC field's stored result.

    ``entries`` are (text, bookmark, level). The field begins in the first paragraph and
    ends in the last, as Word writes it.
    """
    entries = list(entries)
    for index, (paragraph, (text, bookmark, level)) in enumerate(
        zip(paragraphs, entries, strict=True)
    ):
        paragraph.paragraph_format.left_indent = Inches(0.4 * (level - 1))
        right_tab_with_dots(paragraph, width)
        if index == 0:
            field_begin(paragraph._p, 'TOC \\o "1-2" \\h \\z \\u')
        link = etree.SubElement(paragraph._p, qn("w:hyperlink"))
        link.set(qn("w:anchor"), bookmark)
        link.set(qn("w:history"), "1")
        text_run(link, text)
        etree.SubElement(_run(link), qn("w:tab"))
        page_reference(link, bookmark)
        if index == len(entries) - 1:
            field_end(paragraph._p)


def update_fields_on_open(document: DocumentObject) -> None:
    """Ask Word to offer updating every field (tables, page references) on opening."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    insert_in_order(settings, element, _AFTER_UPDATE_FIELDS)


def restart_page_numbers(section_properties: etree._Element, number_format: str) -> None:
    """Number this section's pages from 1 in ``number_format`` (decimal, lowerRoman)."""
    for existing in section_properties.findall(qn("w:pgNumType")):
        section_properties.remove(existing)
    element = OxmlElement("w:pgNumType")
    element.set(qn("w:fmt"), number_format)
    element.set(qn("w:start"), "1")
    # pgNumType follows pgMar/paperSrc/pgBorders/lnNumType in the schema's order.
    insert_in_order(section_properties, element, AFTER_PAGE_NUMBERING)
