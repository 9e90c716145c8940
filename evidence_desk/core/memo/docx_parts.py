"""The Word parts python-docx has no API for: real footnotes, table borders, a clean body.

A real Word footnote needs four things, all written here: the ``/word/footnotes.xml`` part
(related from the main document, which also gives it its content-type override), the two
separator footnotes Word expects at the top of that part (and names in ``settings.xml``),
the "footnote text" and "footnote reference" styles, and in the body a run holding
``w:footnoteReference`` in the FootnoteReference style. Word and LibreOffice then number,
place and renumber the notes themselves, and the navigation pane and cross-references work
as with notes typed by hand.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import register_element_cls
from docx.oxml.text.run import CT_Text
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from ..errors import ValidationError

FOOTNOTES_PARTNAME = "/word/footnotes.xml"

# What XML 1.0, and so Word, cannot hold: C0 controls other than tab, line feed and carriage
# return, lone surrogates, and U+FFFE/U+FFFF. Real PDFs put such bytes in their text.
_BREAKS = str.maketrans({"\x0b": " ", "\x0c": " "})  # vertical tab, form feed: a break
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")

# Tag and attribute names, resolved once: a long memo adds tens of thousands of notes.
_FOOTNOTE, _REFERENCE, _FOOTNOTE_REF = (
    qn("w:footnote"),
    qn("w:footnoteReference"),
    qn("w:footnoteRef"),
)
_PARAGRAPH, _PARAGRAPH_PROPERTIES, _PARAGRAPH_STYLE = qn("w:p"), qn("w:pPr"), qn("w:pStyle")
_RUN, _RUN_PROPERTIES, _RUN_STYLE, _ITALIC, _TEXT = (
    qn("w:r"),
    qn("w:rPr"),
    qn("w:rStyle"),
    qn("w:i"),
    qn("w:t"),
)
_ID, _VAL = qn("w:id"), qn("w:val")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

_SEPARATORS = (
    f'<w:footnote {nsdecls("w")} w:type="separator" w:id="-1">'
    '<w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>",
    f'<w:footnote {nsdecls("w")} w:type="continuationSeparator" w:id="0">'
    '<w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>",
)

# settings.xml children that come after w:footnotePr in the schema's fixed order.
AFTER_FOOTNOTE_PR = (
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


def insert_in_order(
    parent: etree._Element, element: etree._Element, later: tuple[str, ...]
) -> None:
    """Put ``element`` before the first child named in ``later`` (local names), else last:
    Word refuses a part whose children are out of the schema's fixed order."""
    anchor = next((child for child in parent if etree.QName(child).localname in later), None)
    if anchor is None:
        parent.append(element)
    else:
        anchor.addprevious(element)


def _style_id(document: DocumentObject, name: str, style_type: WD_STYLE_TYPE) -> str | None:
    """The id of a style named ``name`` (Word's built-in names are case-insensitive)."""
    for style in document.styles:
        if style.type == style_type and (style.name or "").casefold() == name.casefold():
            return style.style_id
    return None


class Footnotes:
    """Adds real footnotes to a python-docx document; call ``finish`` before saving."""

    def __init__(self, document: DocumentObject) -> None:
        self.document = document
        self.count = 0
        self._part = self._find_part()
        if self._part is None:
            self._root = etree.fromstring(
                f"<w:footnotes {nsdecls('w', 'r')}>{''.join(_SEPARATORS)}</w:footnotes>".encode()
            )
        else:
            # An office template may carry footnotes of its own: keep only the separators
            # (the body they belonged to has been cleared).
            blob = (
                etree.tostring(self._part.element)
                if isinstance(self._part, XmlPart)
                else self._part.blob
            )
            self._root = etree.fromstring(blob, parser=etree.XMLParser(resolve_entities=False))
            for note in list(self._root.findall(qn("w:footnote"))):
                if note.get(qn("w:type")) not in ("separator", "continuationSeparator"):
                    self._root.remove(note)
            if not len(self._root):
                for xml in _SEPARATORS:
                    self._root.append(etree.fromstring(xml.encode()))
        separator_ids = [int(note.get(qn("w:id"), "0")) for note in self._root]
        self._next_id = max([0, *separator_ids]) + 1
        self.text_style = self._ensure_styles()
        self._ensure_settings(separator_ids)

    def _find_part(self) -> Part | None:
        for rel in self.document.part.rels.values():
            if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES and not rel.is_external:
                return rel.target_part
        return None

    def _ensure_styles(self) -> str:
        styles = self.document.styles.element
        text_id = _style_id(self.document, "footnote text", WD_STYLE_TYPE.PARAGRAPH)
        if text_id is None:
            text_id = "FootnoteText"
            normal = self.document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
            based_on = f'<w:basedOn w:val="{normal.style_id}"/>' if normal is not None else ""
            styles.append(
                parse_xml(
                    f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{text_id}">'
                    f'<w:name w:val="footnote text"/>{based_on}<w:uiPriority w:val="99"/>'
                    "<w:unhideWhenUsed/>"
                    '<w:pPr><w:spacing w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>'
                    '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>'
                )
            )
        reference_id = _style_id(self.document, "footnote reference", WD_STYLE_TYPE.CHARACTER)
        if reference_id is None:
            reference_id = "FootnoteReference"
            styles.append(
                parse_xml(
                    f'<w:style {nsdecls("w")} w:type="character" w:styleId="{reference_id}">'
                    '<w:name w:val="footnote reference"/><w:uiPriority w:val="99"/>'
                    "<w:unhideWhenUsed/>"
                    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
                )
            )
        self.reference_style = reference_id
        return text_id

    def _ensure_settings(self, separator_ids: list[int]) -> None:
        settings = self.document.settings.element
        existing = settings.find(qn("w:footnotePr"))
        if existing is not None:
            for child in list(existing):
                if child.tag == qn("w:footnote"):
                    existing.remove(child)
            target = existing
        else:
            target = etree.Element(qn("w:footnotePr"))
            insert_in_order(settings, target, AFTER_FOOTNOTE_PR)
        for note_id in separator_ids:
            reference = etree.SubElement(target, qn("w:footnote"))
            reference.set(qn("w:id"), str(note_id))

    def add(self, paragraph: Paragraph, pieces: Iterable[tuple[str, bool]]) -> int:
        """Put a footnote reference at the end of ``paragraph``; ``pieces`` are (text, italic).

        Returns the footnote's id (Word shows its own running number).
        """
        note_id = self._next_id
        self._next_id += 1
        self.count += 1
        paragraph_element = paragraph._p
        last = paragraph_element[-1] if len(paragraph_element) else None
        if last is not None and last.find(_REFERENCE) is not None:
            # Several notes on one sentence read "1,2" rather than "12".
            comma = self._styled_run(paragraph_element)
            etree.SubElement(comma, _TEXT).text = ","
        reference = etree.SubElement(self._styled_run(paragraph_element), _REFERENCE)
        reference.set(_ID, str(note_id))
        note = etree.SubElement(self._root, _FOOTNOTE)
        note.set(_ID, str(note_id))
        body = etree.SubElement(note, _PARAGRAPH)
        properties = etree.SubElement(body, _PARAGRAPH_PROPERTIES)
        etree.SubElement(properties, _PARAGRAPH_STYLE).set(_VAL, self.text_style)
        etree.SubElement(self._styled_run(body), _FOOTNOTE_REF)
        first = True
        for text, italic in pieces:
            text_run = etree.SubElement(body, _RUN)
            if italic:
                etree.SubElement(etree.SubElement(text_run, _RUN_PROPERTIES), _ITALIC)
            element = etree.SubElement(text_run, _TEXT)
            element.text = word_text((" " + text) if first else text)  # plain lxml here
            element.set(_XML_SPACE, "preserve")
            first = False
        return note_id

    def _styled_run(self, parent: etree._Element) -> etree._Element:
        """A new run at the end of ``parent`` in the footnote reference style."""
        run = etree.SubElement(parent, _RUN)
        properties = etree.SubElement(run, _RUN_PROPERTIES)
        etree.SubElement(properties, _RUN_STYLE).set(_VAL, self.reference_style)
        return run

    def finish(self) -> None:
        """Write the footnotes into their part (creating and relating it if needed)."""
        blob = etree.tostring(self._root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if self._part is None:
            package = self.document.part.package
            self._part = Part(
                PackURI(FOOTNOTES_PARTNAME), CONTENT_TYPE.WML_FOOTNOTES, blob, package
            )
            self.document.part.relate_to(self._part, RELATIONSHIP_TYPE.FOOTNOTES)
        elif isinstance(self._part, XmlPart):
            self._part._element = parse_xml(blob)
        else:
            self._part._blob = blob


def word_text(text: str) -> str:
    """``text`` as Word can hold it: breaks become spaces, other controls are dropped."""
    text = _SURROGATE.sub("\ufffd", text.translate(_BREAKS))
    return _NOT_XML.sub("", text)


class _WordText(CT_Text):
    """``w:t``, the element every run of text in a Word document is stored in.

    Whatever sets its text in a part python-docx parsed (``add_run``, a table cell, a run
    written by hand with lxml), the value passes ``word_text`` first, so a quote or summary
    holding control characters never breaks an export of any kind ("All strings must be
    XML compatible"). The footnotes part, kept as plain XML for speed, and the core
    properties pass it explicitly.
    """

    @property
    def text(self) -> str | None:  # type: ignore[override]
        return etree._Element.text.__get__(self)  # type: ignore[attr-defined,no-any-return]

    @text.setter
    def text(self, value: str | None) -> None:
        cleaned = word_text(value) if isinstance(value, str) else value
        etree._Element.text.__set__(self, cleaned)  # type: ignore[attr-defined]


register_element_cls("w:t", _WordText)


def clear_body(document: DocumentObject) -> None:
    """Empty a template's body but keep its final section (page setup, headers, footers)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def drop_comments(document: DocumentObject) -> None:
    """Remove a template's comments part: its anchors went with the cleared body."""
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.COMMENTS and not rel.is_external:
            del document.part.rels[rel_id]


def ensure_paragraph_style(
    document: DocumentObject, name: str, *, size: float, bold: bool = True
) -> None:
    """Make sure a built-in style such as "Heading 1" exists (an office template may lack it)."""
    if _style_id(document, name, WD_STYLE_TYPE.PARAGRAPH) is not None:
        return
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.paragraph_format.space_before = Pt(12)
    style.paragraph_format.keep_with_next = True


def set_table_borders(table: Table) -> None:
    """Single-line borders on every cell, whatever table styles the template has."""
    properties = table._tbl.tblPr
    for existing in properties.findall(qn("w:tblBorders")):
        properties.remove(existing)
    edges = "".join(
        f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    borders = parse_xml(f"<w:tblBorders {nsdecls('w')}>{edges}</w:tblBorders>")
    # Word refuses table properties out of the schema's order: borders go before these.
    later = {qn(f"w:{name}") for name in ("shd", "tblLayout", "tblCellMar", "tblLook")}
    anchor = next((child for child in properties if child.tag in later), None)
    if anchor is None:
        properties.append(borders)
    else:
        anchor.addprevious(borders)


def repeat_header_row(table: Table) -> None:
    """The first row repeats on every page the table runs over."""
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    row_properties.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))


def save_atomically(
    document: DocumentObject, out: Path, check: Callable[[Path], None] | None = None
) -> None:
    """Save next to ``out`` under a temporary name, run ``check`` on it, then rename.

    Nothing is ever left half written at ``out``: a failed save or a failed check removes
    the temporary file and leaves any earlier file at ``out`` as it was.
    """
    folder = out.parent
    if not folder.is_dir():
        raise ValidationError(f"cannot write {out}: the folder {folder} does not exist")
    handle, temporary_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        document.save(str(temporary))
        if check is not None:
            check(temporary)
        os.replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
