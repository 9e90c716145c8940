"""Privilege by construction: pseudonyms for clients, and the leak scan of a finished brief.

Every client identifier lives in ``Client``/``ClientIdentifier`` (plus the matter's file and
docket numbers), so the anonymiser knows exactly what must never appear. Two tools use the
same matching rule:

* ``Pseudonymiser.clean`` rewrites free text (summaries, quoted evidence) before it goes
  into a public brief: a client's full name or other name becomes their pseudonym
  ("Client A"), a lone first or last name becomes "[name withheld]", a date of birth,
  docket, file number or other identifier becomes "[withheld]".
* ``scan_docx`` reads every XML part of the written file (body, tables, headers, footers,
  footnotes, comments, core and custom properties) and raises ``IdentifierLeakError``
  naming the identifier and the part at the first one it finds.

Matching ignores case and spacing: "Maria Rivera", "MARIA  RIVERA", "maria-rivera" and
"MariaRivera" are the same identifier, as are "CR-001234-24" and "CR 001234 24". It
respects word edges, so the name "Al" is not found inside "also". Purely numeric values
shorter than four digits (a file number "17") are not treated as identifying: they would
match every count in the brief.
"""

from __future__ import annotations

import re
import string
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree

from ..errors import ValidationError
from ..records import ClientRecord, MatterRecord
from ..vocabulary import CLIENT_IDENTIFIER_KINDS

IDENTIFIER_KIND_LABELS = {
    "name": "name",
    "aka": "other name",
    "date_of_birth": "date of birth",
    "file_number": "file number",
    "docket": "docket number",
    **{kind: label.lower() for kind, label in CLIENT_IDENTIFIER_KINDS.items() if kind != "aka"},
}

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class IdentifierLeakError(ValidationError):
    """A public brief would contain a client identifier; nothing was written."""

    def __init__(self, identifier_kind: str, identifier: str, part: str) -> None:
        self.identifier_kind = identifier_kind
        self.identifier = identifier
        self.part = part
        label = IDENTIFIER_KIND_LABELS.get(identifier_kind, identifier_kind)
        super().__init__(
            f"the public brief was not written: it would contain a client's {label} "
            f"{identifier!r} in {part}"
        )


@dataclass(frozen=True, slots=True)
class Identifier:
    """One value that names a client, with what kind of value it is."""

    client_id: int
    kind: str
    value: str


def normalise(text: str) -> str:
    """Compatibility-normalised, case-folded text (so "ﬁ" is "fi" and "É" is "é")."""
    return unicodedata.normalize("NFKC", text).casefold()


def compact(text: str) -> str:
    """Only the letters and digits of ``text``, normalised: the spacing-blind form."""
    return "".join(character for character in normalise(text) if character.isalnum())


def date_spellings(value: date) -> list[str]:
    """A date of birth as people write it: ISO, US and European numeric, with month names."""
    month = _MONTHS[value.month - 1]
    year, short_year = f"{value.year:04d}", f"{value.year % 100:02d}"
    day, month_number = value.day, value.month
    spellings = {
        value.isoformat(),
        f"{month_number:02d}/{day:02d}/{year}",
        f"{month_number}/{day}/{year}",
        f"{month_number:02d}/{day:02d}/{short_year}",
        f"{month_number}/{day}/{short_year}",
        f"{day:02d}/{month_number:02d}/{year}",
        f"{day}/{month_number}/{year}",
        f"{day:02d}.{month_number:02d}.{year}",
        f"{month} {day}, {year}",
        f"{day} {month} {year}",
        f"{month[:3]} {day}, {year}",
        f"{day} {month[:3]} {year}",
        f"{day}{_ordinal(day)} {month} {year}",
        f"{month} {day}{_ordinal(day)}, {year}",
    }
    return sorted(spellings)


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def is_identifying(value: str) -> bool:
    """Whether a value is specific enough to look for (see the module docstring)."""
    letters_digits = compact(value)
    if not letters_digits:
        return False
    return not (letters_digits.isdigit() and len(letters_digits) < 4)


def identifier_pattern(value: str) -> re.Pattern[str]:
    """A regex finding ``value`` whatever its case and spacing, at word edges."""
    characters = compact(value)
    separator = r"[\W_]{0,3}"
    body = separator.join(re.escape(character) for character in characters)
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])", re.IGNORECASE)


def client_identifiers(
    clients: Iterable[ClientRecord], matters: Iterable[MatterRecord]
) -> list[Identifier]:
    """Everything that identifies a client: names, other names, birth date, numbers."""
    found: list[Identifier] = []
    for client in clients:
        found.append(Identifier(client.id, "name", client.name))
        for item in client.identifiers:
            found.append(Identifier(client.id, item.kind, item.value))
        if client.date_of_birth is not None:
            found.extend(
                Identifier(client.id, "date_of_birth", spelling)
                for spelling in date_spellings(client.date_of_birth)
            )
    for matter in matters:
        found.append(Identifier(matter.client.id, "file_number", matter.file_number))
        if matter.docket:
            found.append(Identifier(matter.client.id, "docket", matter.docket))
    unique = {
        (item.kind, compact(item.value)): item for item in found if is_identifying(item.value)
    }
    # Longest first, so that "Maria Rivera" is replaced before "Maria" could be.
    return sorted(unique.values(), key=lambda item: -len(compact(item.value)))


def pseudonym_for(index: int) -> str:
    """ "Client A" … "Client Z", "Client AA", … for the index-th client (0-based)."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return f"Client {letters}"


class Replacer:
    """Replaces values in text, each matched as ``identifier_pattern`` matches it.

    Values are tried in the order given (put longer ones first). A spacing-blind substring
    test picks the few values that can occur in a text before any regex runs, which keeps
    a brief of thousands of quotes against hundreds of identifiers fast.
    """

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._items = [
            (compact(value), value, replacement) for value, replacement in pairs if compact(value)
        ]
        self._patterns: dict[str, re.Pattern[str]] = {}  # compiled on first use

    def __call__(self, text: str) -> str:
        if not text:
            return text
        text = unicodedata.normalize("NFKC", text)
        spacing_blind = compact(text)
        for compact_value, value, replacement in self._items:
            if compact_value in spacing_blind:
                pattern = self._patterns.get(value)
                if pattern is None:
                    pattern = self._patterns[value] = identifier_pattern(value)
                text = pattern.sub(replacement, text)
        return text


class Pseudonymiser:
    """Stable pseudonyms (by client id order, so the same client is always the same
    letter in every export of a library) and the rewriting of free text."""

    def __init__(self, clients: list[ClientRecord], matters: list[MatterRecord]) -> None:
        ordered = sorted(clients, key=lambda client: client.id)
        self.pseudonyms = {client.id: pseudonym_for(index) for index, client in enumerate(ordered)}
        self.identifiers = client_identifiers(ordered, matters)
        pairs: list[tuple[str, str]] = []
        for item in self.identifiers:
            replacement = (
                self.pseudonyms[item.client_id] if item.kind in ("name", "aka") else "[withheld]"
            )
            pairs.append((item.value, replacement))
        # Lone name parts ("Maria", "Rivera"): withheld without naming anyone, since two
        # clients may share a first name.
        parts: set[str] = set()
        for client in ordered:
            for name in (client.name, *client.other_names):
                parts.update(part for part in re.split(r"[\W_]+", name) if len(part) >= 3)
        pairs.extend((part, "[name withheld]") for part in sorted(parts, key=len, reverse=True))
        self._replace = Replacer(pairs)

    def pseudonym(self, client_id: int) -> str:
        return self.pseudonyms[client_id]

    def clean(self, text: str) -> str:
        """``text`` with every client identifier replaced (see the module docstring)."""
        return self._replace(text)


# Attributes that hold words (alt text, names, authors, link targets, content-control
# tags); the many numeric attributes (ids, widths, sizes) would only give false alarms.
_TEXT_ATTRIBUTES = frozenset({"descr", "title", "name", "alias", "tag", "Target", "author"})
_DOC_VAR = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docVar"


def _part_texts(data: bytes) -> Iterator[str]:
    """The text of one XML part: each paragraph joined (Word splits words across runs),
    text outside paragraphs (core properties), and attribute values (alt text, names)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.fromstring(data, parser=parser)
    paragraph_tag = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"

    def visit(element: etree._Element) -> Iterator[str]:
        if not isinstance(element.tag, str):
            return
        for name, value in element.attrib.items():
            local = etree.QName(name).localname
            if local in _TEXT_ATTRIBUTES or (local == "val" and element.tag == _DOC_VAR):
                yield value
        if element.tag == paragraph_tag:
            yield "".join(element.itertext())
            return
        if element.text and element.text.strip():
            yield element.text
        for child in element:
            yield from visit(child)
            if child.tail and child.tail.strip():
                yield child.tail

    yield from visit(root)


def scan_docx(path: Path, identifiers: list[Identifier]) -> None:
    """Raise ``IdentifierLeakError`` at the first client identifier in any part of ``path``."""
    prepared = [(item, compact(item.value)) for item in identifiers]
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.filename.endswith((".xml", ".rels")):
                continue
            texts = list(_part_texts(archive.read(info)))
            joined = "\n".join(texts)
            spacing_blind = compact(joined)
            folded = normalise(joined)
            for item, compact_value in prepared:
                # The cheap spacing-blind test first; the word-edge regex only on a hit.
                if compact_value in spacing_blind and identifier_pattern(item.value).search(folded):
                    raise IdentifierLeakError(item.kind, item.value, info.filename)
