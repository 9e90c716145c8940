"""Every byte of a written public brief: parts that cannot be checked go, the rest is read.

A .docx is a zip of parts. ``check_package`` rewrites a brief so that it holds only parts
the identifier scanner can read, and reads all of them:

* **Removed, not trusted**: every part that is not XML (thumbnails, images, embedded
  files and fonts, macros, printer settings), embedded HTML and other alternative-format
  chunks (``altChunk``), custom XML data, the glossary, the Word 2010 copy of the styles,
  and any element that pointed at a removed part. Revision-session ids (``w:rsid…``) and
  font signature bit fields go too: numbers that mean nothing to a reader, and so do the
  styles' optional "latent style" defaults. XML comments
  and processing instructions are dropped when a part is parsed.
* **Read**: in every remaining part, the text of each paragraph (Word splits words across
  runs), all other text, and every attribute value (alt text, tooltips, content-control
  tags, style names, field codes); relationship targets URL-decoded; the part names.

What is read is exactly what is written: each part is parsed, cleaned, scanned and
serialised from the same tree into a fresh zip (no zip comment or extra fields). One
certain finding anywhere and ``IdentifierLeakError`` is raised; the caller writes nothing.
"""

from __future__ import annotations

import os
import posixpath
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Protocol

import docx
from lxml import etree

from ..errors import ValidationError
from .scanner import KIND_LABELS, Finding

_CONTENT_TYPES = "[Content_Types].xml"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARAGRAPH = f"{{{_W_NS}}}p"
# Parts kept only if they are XML and not one of these.
_DROPPED_PREFIXES = ("customXml/", "word/glossary/", "word/embeddings/", "word/media/")
_DROPPED_NAMES = frozenset({"word/stylesWithEffects.xml", "word/vbaData.xml"})
_DROPPED_RELATIONSHIP_TYPES = ("/aFChunk", "/thumbnail", "/attachedTemplate", "/customXml")
# Elements that only make sense with a part we removed: they go with it.
_CONTAINERS = frozenset(
    f"{{{_W_NS}}}{name}" for name in ("altChunk", "drawing", "pict", "object", "control")
)
_RSID_PREFIX = "rsid"
# Optional elements made only of numbers (revision ids, font signature bit fields): they
# mean nothing to a reader and could read as someone's number, so they go.
_OPTIONAL_NUMBERS = frozenset({"rsids", "sig", "latentStyles"})
# A short whole number in a formatting attribute is a size, a spacing or an id (1440 is an
# inch), not anyone's number: it is not read as one. Elements whose values are words the
# user typed (content-control tags and aliases, document variables) are read in full.
_MEASURE = re.compile(r"-?\d{1,5}")
_WORDED_ELEMENTS = frozenset({"tag", "alias", "docVar", "textpath", "docPr", "cNvPr"})
# The document's own dates (when it was written, saved, printed). Their clock time is read
# as nothing: "00:55:12" is a moment, and read as digits it would be shield 5512 and refuse a
# brief written at that second. The date is read, as words, like any date in the text.
_CORE = "docProps/core.xml"
_TIMESTAMPS = frozenset({"created", "modified", "lastPrinted"})
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:\d{2})?"
)


class IdentifierLeakError(ValidationError):
    """A public brief would contain an identifier; nothing was written."""

    def __init__(self, finding: Finding, part: str) -> None:
        self.finding = finding
        self.identifier_kind = finding.kind
        self.identifier = finding.value
        self.found = finding.text
        self.part = part
        whose = "a client's" if finding.owner == "client" else "an officer's"
        label = KIND_LABELS.get(finding.kind, finding.kind)
        written = "" if finding.text == finding.value else f" (written {finding.text!r})"
        super().__init__(
            f"the public brief was not written: it would contain {whose} {label} "
            f"{finding.value!r}{written} in {part}"
        )


class Scanner(Protocol):
    """What finds identifiers in a text: the ``IdentifierScanner``, or a motion's guard."""

    def scan(self, text: str) -> list[Finding]: ...


@dataclass(frozen=True, slots=True)
class PackageReport:
    """What ``check_package`` did: the parts it kept and read, and those it removed."""

    checked: tuple[str, ...]
    removed: tuple[str, ...]
    characters: int


def _is_xml(name: str, content_types: dict[str, str], defaults: dict[str, str]) -> bool:
    content_type = content_types.get("/" + name) or defaults.get(
        PurePosixPath(name).suffix.lstrip(".").lower(), ""
    )
    return name.endswith((".xml", ".rels")) and (
        content_type.endswith("xml") or name.endswith(".rels") or content_type == ""
    )


def _parse(data: bytes) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
        load_dtd=False,
    )
    root = etree.fromstring(data, parser=parser)
    for entity in [node for node in root.iter() if isinstance(node, etree._Entity)]:
        # An entity we did not resolve could hide text: it goes.
        parent = entity.getparent()
        if parent is not None:
            parent.remove(entity)
    return root


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _source_of_rels(rels: str) -> str:
    folder, base = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")])


def _target_name(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


@lru_cache(maxsize=1)
def builtin_style_names() -> frozenset[str]:
    """Word's own style names ("Placeholder Text", "Intense Quote"), from python-docx's
    default template: words of Word's, not of a client's, whatever an officer is called."""
    document = docx.Document()
    root = document.part._styles_part.element
    names = {
        value
        for element in root.iter()
        if isinstance(element.tag, str)
        for key, value in element.attrib.items()
        if _local(key) in ("val", "name") and _local(element.tag) in ("name", "lsdException")
    }
    return frozenset(names)


def texts(root: etree._Element, *, skip: frozenset[str] = frozenset()) -> Iterator[str]:
    """The text of one part: paragraphs joined, other text, and every attribute value
    (except values in ``skip``: Word's own style names in the styles part)."""

    def values(element: etree._Element) -> Iterator[str]:
        measured = _local(element.tag) not in _WORDED_ELEMENTS
        for value in element.attrib.values():
            if value in skip or (measured and _MEASURE.fullmatch(value)):
                continue
            yield value

    def visit(element: etree._Element) -> Iterator[str]:
        yield from values(element)
        if element.tag == _PARAGRAPH:
            yield "".join(element.itertext())
            for child in element.iter():
                if child is not element and isinstance(child.tag, str):
                    yield from values(child)
            return
        if element.text and element.text.strip():
            yield element.text
        for child in element:
            if isinstance(child.tag, str):
                yield from visit(child)
            if child.tail and child.tail.strip():
                yield child.tail

    yield from visit(root)


def check_package(
    source: Path, out: Path, scanner: Scanner, *, keep_images: bool = False
) -> PackageReport:
    """Write ``source`` cleaned to ``out`` after reading every part; raise on an identifier.

    ``out`` is written only when nothing certain was found. With ``keep_images`` the
    pictures of the document (an office's letterhead in court papers) stay, their
    descriptions read like every attribute; thumbnails and every other part that cannot be
    read still go.
    """
    with zipfile.ZipFile(source) as archive:
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
        raw = {name: archive.read(name) for name in names}
    if _CONTENT_TYPES not in raw:
        raise ValidationError(f"{source.name} is not a Word package (no content types)")
    types_root = _parse(raw[_CONTENT_TYPES])
    overrides = {
        item.get("PartName", ""): item.get("ContentType", "")
        for item in types_root.iter(f"{{{_CT_NS}}}Override")
    }
    defaults = {
        item.get("Extension", "").lower(): item.get("ContentType", "")
        for item in types_root.iter(f"{{{_CT_NS}}}Default")
    }
    removed: set[str] = set()
    images: dict[str, bytes] = {}
    for name in names:
        if name == _CONTENT_TYPES or name.endswith(".rels"):
            continue
        if keep_images and _is_image(name, overrides, defaults):
            images[name] = raw[name]
            continue
        if (
            name.startswith(_DROPPED_PREFIXES)
            or name in _DROPPED_NAMES
            or not _is_xml(name, overrides, defaults)
        ):
            removed.add(name)
    trees = {
        name: _parse(data)
        for name, data in raw.items()
        if name not in removed and name not in images and name != _CONTENT_TYPES
    }
    # Relationships to removed parts (or of removed types) go, and so do the elements
    # that used them.
    dropped_ids: dict[str, set[str]] = {}
    for name, root in list(trees.items()):
        if not name.endswith(".rels"):
            continue
        owner = _source_of_rels(name)
        if owner in removed:
            removed.add(name)
            del trees[name]
            continue
        for relationship in list(root):
            target = relationship.get("Target", "")
            kind = relationship.get("Type", "")
            external = relationship.get("TargetMode") == "External"
            target_name = _target_name(owner, target) if not external else ""
            if kind.endswith(_DROPPED_RELATIONSHIP_TYPES) or (
                not external and target_name in removed
            ):
                dropped_ids.setdefault(owner, set()).add(relationship.get("Id", ""))
                root.remove(relationship)
    for owner, identifiers in dropped_ids.items():
        root = trees.get(owner)
        if root is None:
            continue
        for element in list(root.iter()):
            if not isinstance(element.tag, str):
                continue
            uses = any(
                key.startswith(f"{{{_R_NS}}}") and value in identifiers
                for key, value in element.attrib.items()
            )
            if uses:
                container = element
                cursor = element
                while cursor is not None:
                    if cursor.tag in _CONTAINERS:
                        container = cursor
                        break
                    cursor = cursor.getparent()
                parent = container.getparent()
                if parent is not None:
                    parent.remove(container)
    for root in trees.values():
        for element in list(root.iter()):
            if not isinstance(element.tag, str):
                continue
            for key in [key for key in element.attrib if _local(key).startswith(_RSID_PREFIX)]:
                del element.attrib[key]
            if _local(element.tag) in _OPTIONAL_NUMBERS:
                element.getparent().remove(element)  # type: ignore[union-attr]
    for item in list(types_root):
        if item.get("PartName", "").lstrip("/") in removed:
            types_root.remove(item)
    trees[_CONTENT_TYPES] = types_root

    characters = 0
    for name in sorted(trees):
        skip = builtin_style_names() if name == "word/styles.xml" else frozenset()
        # Each distinct text once: a styles part repeats the same few values thousands of times.
        read = _dated(trees[name]) if name == _CORE else trees[name]
        pieces = list(dict.fromkeys([name, *texts(read, skip=skip)]))
        joined = "\n".join(pieces)
        characters += len(joined)
        for finding in scanner.scan(joined):
            if finding.certain:
                raise IdentifierLeakError(finding, name)
    _write(trees, images, out)
    return PackageReport(tuple(sorted(trees)), tuple(sorted(removed)), characters)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _dated(root: etree._Element) -> etree._Element:
    """A copy of the properties part to read, its timestamps written as dates in words
    ("1 December 2026"); anything that is not a well-formed timestamp is read as it is."""
    copy = etree.fromstring(etree.tostring(root))
    for element in copy.iter():
        if not isinstance(element.tag, str) or _local(element.tag) not in _TIMESTAMPS:
            continue
        match = _TIMESTAMP.fullmatch((element.text or "").strip())
        if match is None:
            continue
        try:
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
        element.text = f"{day.day} {day:%B} {day.year}"
    return copy


def _is_image(name: str, content_types: dict[str, str], defaults: dict[str, str]) -> bool:
    """A picture in the document's media folder (not a thumbnail, font or embedded file)."""
    content_type = content_types.get("/" + name) or defaults.get(
        PurePosixPath(name).suffix.lstrip(".").lower(), ""
    )
    return name.startswith("word/media/") and content_type.startswith("image/")


def _write(trees: dict[str, etree._Element], images: dict[str, bytes], out: Path) -> None:
    handle, temporary_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".zip", dir=out.parent)
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            # The content types first, as Office expects.
            order = [_CONTENT_TYPES, *sorted(name for name in trees if name != _CONTENT_TYPES)]
            parts = [
                (
                    name,
                    etree.tostring(
                        trees[name], xml_declaration=True, encoding="UTF-8", standalone=True
                    ),
                )
                for name in order
            ] + sorted(images.items())
            for name, data in parts:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
        os.replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
