"""Privilege by construction: pseudonyms for clients and who the identifier scanner watches.

Every client identifier lives in ``Client``/``ClientIdentifier`` (plus the matter's file and
docket numbers), so the anonymiser knows exactly what must never appear. This module turns
those records (and, when officers are not to be named, the officers') into the ``Person``
entries the scanner (``scanner.py``) looks for, and chooses the pseudonyms:

* clients are "Client A", "Client B", … in the order they were entered in the library, so
  the same client has the same letter in every export; a letter group that equals
  something identifying (a client known as "AJ", a client's initials) is skipped, so a
  pseudonym never reads as an identifier;
* ``Pseudonymiser.clean`` rewrites a passage: a full name or other name becomes the
  pseudonym, a lone name part "[name withheld]", a date of birth, age, number or address
  "[withheld]"; an unnamed officer's name, alias or number, with the rank written before
  it, becomes "Officer 2". Only certain findings are replaced: a doubtful one (an everyday
  word that is also a name) is left as written and shown in the review.

Motion papers use the exact-value helpers at the end (``client_identifiers``, ``Replacer``,
``scan_docx``): they name their own client, so only other clients' recorded values count.
"""

from __future__ import annotations

import re
import string
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree

from ..records import ClientRecord, MatterRecord
from .package import IdentifierLeakError
from .scanner import (
    CERTAIN,
    KIND_LABELS,
    Finding,
    IdentifierScanner,
    Person,
    fold_plain,
    name_tokens,
)

IDENTIFIER_KIND_LABELS = KIND_LABELS
AGE_YEARS_BEFORE_MATTER = 5  # an arrest (and the paperwork giving an age) precedes the matter

__all__ = [
    "IDENTIFIER_KIND_LABELS",
    "IdentifierLeakError",
    "OfficerIdentity",
    "Pseudonymiser",
    "client_people",
    "officer_people",
    "pseudonym_for",
]

_NUMBER_KINDS = frozenset({"nysid", "arrest_number", "phone", "docket", "file_number"})


@dataclass(frozen=True, slots=True)
class OfficerIdentity:
    """What names an officer: names, aliases as sources wrote them, numbers."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()
    numbers: tuple[tuple[str, str], ...] = ()


def pseudonym_for(index: int) -> str:
    """ "Client A" … "Client Z", "Client AA", … for the index-th letter group (0-based)."""
    return f"Client {_letters(index)}"


def _letters(index: int) -> str:
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return letters


def _forbidden_letters(clients: Iterable[ClientRecord]) -> set[str]:
    """Folded letter groups a pseudonym must not use: name parts, other names, initials."""
    forbidden: set[str] = set()
    for client in clients:
        for name in (client.name, *client.other_names):
            tokens = name_tokens(name)
            forbidden.update(tokens)
            forbidden.add("".join(tokens))
            if len(tokens) >= 2:
                forbidden.add("".join(token[0] for token in tokens))
    return forbidden


def assign_pseudonyms(clients: Sequence[ClientRecord]) -> dict[int, str]:
    forbidden = _forbidden_letters(clients)
    pseudonyms: dict[int, str] = {}
    index = 0
    for client in sorted(clients, key=lambda item: item.id):
        while fold_plain(_letters(index)) in forbidden:
            index += 1
        pseudonyms[client.id] = pseudonym_for(index)
        index += 1
    return pseudonyms


def _ages(birth: date, earliest: date, today: date) -> frozenset[int]:
    def age_on(day: date) -> int:
        return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))

    start = date(max(earliest.year - AGE_YEARS_BEFORE_MATTER, birth.year), 1, 1)
    return frozenset(range(max(age_on(start), 0), age_on(today) + 1))


def client_people(
    clients: Sequence[ClientRecord],
    matters: Sequence[MatterRecord],
    pseudonyms: dict[int, str],
    *,
    today: date | None = None,
) -> list[Person]:
    """Every client as the scanner sees them, with their matters' file and docket numbers."""
    today = today or date.today()
    by_client: dict[int, list[MatterRecord]] = {}
    for matter in matters:
        by_client.setdefault(matter.client.id, []).append(matter)
    people = []
    for client in clients:
        numbers: list[tuple[str, str]] = []
        addresses: list[str] = []
        emails: list[str] = []
        others: list[str] = []
        for item in client.identifiers:
            if item.kind == "aka":
                continue
            if item.kind == "address":
                addresses.append(item.value)
            elif item.kind == "email":
                emails.append(item.value)
            else:
                if item.kind in _NUMBER_KINDS or any(c.isdigit() for c in item.value):
                    numbers.append((item.kind, item.value))
                others.append(item.value)
        dates = []
        for matter in by_client.get(client.id, ()):
            numbers.append(("file_number", matter.file_number))
            if matter.docket:
                numbers.append(("docket", matter.docket))
                others.append(matter.docket)
            dates.append(matter.opened_on or matter.created_at.date())
        ages: frozenset[int] = frozenset()
        if client.date_of_birth is not None:
            ages = _ages(client.date_of_birth, min(dates, default=today), today)
        people.append(
            Person(
                owner="client",
                id=client.id,
                names=(client.name,),
                label=pseudonyms[client.id],
                other_names=client.other_names,
                date_of_birth=client.date_of_birth,
                ages=ages,
                numbers=tuple(numbers),
                addresses=tuple(addresses),
                emails=tuple(emails),
                others=tuple(value for value in others if not value.isdigit()),
            )
        )
    return people


def officer_people(officers: Iterable[OfficerIdentity], labels: dict[int, str]) -> list[Person]:
    """Officers not to be named: each replaced by their label or "another officer"."""
    return [
        Person(
            owner="officer",
            id=officer.id,
            names=(officer.name,),
            label=labels.get(officer.id, "another officer"),
            part_label=labels.get(officer.id, "another officer"),
            other_names=officer.aliases,
            numbers=officer.numbers,
        )
        for officer in officers
    ]


class Pseudonymiser:
    """Stable pseudonyms and the rewriting of passages (see the module docstring)."""

    def __init__(
        self,
        clients: Sequence[ClientRecord],
        matters: Sequence[MatterRecord],
        officers: Iterable[OfficerIdentity] = (),
        officer_labels: dict[int, str] | None = None,
    ) -> None:
        ordered = sorted(clients, key=lambda client: client.id)
        self.pseudonyms = assign_pseudonyms(ordered)
        people = client_people(ordered, matters, self.pseudonyms)
        people += officer_people(officers, officer_labels or {})
        self.scanner = IdentifierScanner(people)

    def pseudonym(self, client_id: int) -> str:
        return self.pseudonyms[client_id]

    def findings(self, text: str) -> list[Finding]:
        return self.scanner.scan(text)

    def clean(self, text: str) -> str:
        """``text`` with every certain finding replaced."""
        return self.scanner.clean(text)


# -- exact values, for court papers ----------------------------------------------------------
#
# Motion papers name their own client and must not name the others. They replace and look
# for other clients' recorded values exactly (ignoring case, accents in the text and
# spacing), since a lone first name there may well be the defendant's own.

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
                    finding = Finding(
                        0, 0, item.value, item.kind, CERTAIN, "client", item.client_id,
                        item.value, "a recorded value", "",
                    )  # fmt: skip
                    raise IdentifierLeakError(finding, info.filename)
