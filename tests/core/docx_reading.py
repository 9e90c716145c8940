"""Reading a written .docx in tests: XML parts, footnotes, paragraphs and every part's text.

Memo tests open the file itself (raw XML through zipfile and lxml, and python-docx), never
the writer's own structures, so they see what Word would see.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


def xml_part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def footnote_texts(path: Path) -> dict[str, str]:
    """Footnote id -> its text (the separator notes left out)."""
    root = xml_part(path, "word/footnotes.xml")
    return {
        note.get(f"{W}id"): "".join(note.itertext())
        for note in root.findall("w:footnote", NS)
        if note.get(f"{W}type") is None
    }


def paragraph_notes(path: Path) -> list[tuple[str, list[str]]]:
    """(paragraph text, footnote ids referenced in it) for every body paragraph."""
    body = xml_part(path, "word/document.xml")
    result = []
    for paragraph in body.iter(f"{W}p"):
        ids = [ref.get(f"{W}id") for ref in paragraph.iter(f"{W}footnoteReference")]
        text = "".join(node.text or "" for node in paragraph.iter(f"{W}t"))
        result.append((text, ids))
    return result


def paragraph_text(paragraph: etree._Element) -> str:
    """A paragraph's text with its tabs, and its field instructions."""
    words = []
    for node in paragraph.iter(f"{W}t", f"{W}instrText", f"{W}tab"):
        if node.tag == f"{W}tab":
            if node.getparent().tag == f"{W}r":  # not a tab stop's definition
                words.append("\t")
        else:
            words.append(node.text or "")
    return "".join(words)


def part_texts(path: Path) -> dict[str, str]:
    """Every XML part's words: paragraphs' text joined run by run (one paragraph a line),
    field instructions included, and for parts without paragraphs the bare text."""
    texts: dict[str, str] = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            data = archive.read(name)
            root = etree.fromstring(data)
            paragraphs = list(root.iter(f"{W}p"))
            if paragraphs:
                texts[name] = "\n".join(paragraph_text(paragraph) for paragraph in paragraphs)
            else:
                texts[name] = re.sub(r"<[^>]+>", " ", data.decode("utf-8"))
    return texts


SINGULAR_PLURALS = re.compile(
    r"\b1 (allegations|matters|officers|clients|footnotes|exhibits|documents|pages|notes)\b"
)


def text_before_references(path: Path) -> list[str]:
    """For each footnote mark in the body, the text written just before it (a comma
    between two marks reads as the mark before it)."""
    body = xml_part(path, "word/document.xml")
    found = []
    for paragraph in body.iter(f"{W}p"):
        text = ""
        for run in paragraph.iter(f"{W}r"):
            if run.find(f"{W}footnoteReference") is not None:
                found.append(text)
                text = "¹"  # what a following comma or mark follows
                continue
            words = "".join(node.text or "" for node in run.iter(f"{W}t"))
            if words:
                text = words if not (text == "¹" and words == ",") else "¹"
        del text
    return found
