"""The identifier scanner: finds what could name a client, or an officer who is not named.

It is used twice for a public brief: in the review, where every passage is shown with each
suspected identifier highlighted, and as the last check on every part of the written file.

**Normalisation.** Text is compared in a folded form: URL-decoded, format characters (soft
hyphens, zero-width spaces, direction marks) removed, NFKC-normalised, look-alike letters
mapped to the Latin letter they imitate (Cyrillic "а", Greek "ο", dotless "ı"), accents
removed ("Núñez" is "nunez"), case-folded ("ß" is "ss"). Every folded character remembers
where it came from, so a finding can be highlighted in the text as written.

**What is looked for**, for every client of the library:

* names and other names, part by part on word boundaries (in any order, run together as
  "Marykate", with initials "M.R." and "Nadia B."); a part that is also an everyday word,
  month or place (``resources/anonymise/common-word-names.txt``: Will, Rose, Lee, June,
  Brooklyn…) only where it is used as a name: capitalised in running text, beside another
  part of the name, after a title or role ("Ms.", "client", "Det.") or before "said",
  "told", "'s". Elsewhere it is only *possible* (see below);
* the date of birth in any common form (numeric in any order and separator, two- or
  four-digit years, month names and abbreviations, ordinals in words, years in words), and
  ages the client had during the library's matters ("31-year-old", "age 31");
* phone, NYSID, arrest, docket, indictment, file and other numbers by their digits
  whatever the separators, without leading zeros, and in part (the last seven digits of a
  phone number, six or more digits of a long number); a number that looks like a year
  counts only with a word such as "file" or "no." before it, so it never blocks dates;
* addresses by house number and street name, with the usual abbreviations ("123 MAIN
  ST" for "123 Main Street", "W 45" for "West 45th");

and, when officers are not to be named, officers' names, aliases and numbers (an
undercover number with or without leading zeros), including a rank written before them, so
that "P.O. Smith" becomes "Officer 2", not "P.O. Officer 2".

**Certain and possible.** A finding is *certain* (an identifier: a released passage has it
replaced, a written brief holding one is refused) or *possible* (a doubt: shown in the
review, never replaced, never refused). Ordinary words are never rewritten on a guess.

What no scanner can know is a name nobody recorded (a street name, a nickname): the review
says so, and the docs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import unquote_to_bytes

from ...config import resource_path

CERTAIN = "identifier"
POSSIBLE = "possible"

KIND_LABELS = {
    "name": "name",
    "aka": "other name",
    "initials": "initials",
    "date_of_birth": "date of birth",
    "age": "age",
    "file_number": "file number",
    "docket": "docket number",
    "nysid": "NYSID",
    "arrest_number": "arrest number",
    "phone": "phone number",
    "address": "address",
    "email": "email address",
    "other": "identifier",
    "officer_name": "name",
    "officer_alias": "alias",
    "officer_number": "number",
}

# -- normalisation --------------------------------------------------------------------------

# Letters the Unicode confusables table does not fold to one Latin letter.
_EXTRA_FOLDS = {
    "ø": "o",
    "Ø": "o",
    "đ": "d",
    "Đ": "d",
    "ł": "l",
    "Ł": "l",
    "æ": "ae",
    "Æ": "ae",
    "œ": "oe",
    "Œ": "oe",
    "þ": "th",
    "Þ": "th",
    "ð": "d",
    "Ð": "d",
    "ı": "i",
    "ſ": "s",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "`": "'",
    "´": "'",
}
_PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


@lru_cache(maxsize=1)
def _confusables() -> dict[str, str]:
    """Non-ASCII characters that look like an ASCII letter or digit, mapped to it."""
    from confusable_homoglyphs.confusables import confusables_data  # loaded on first use

    mapping: dict[str, str] = {}
    for character, homoglyphs in confusables_data.items():
        if len(character) != 1 or character.isascii():
            continue
        for item in homoglyphs:
            target = item["c"]
            if len(target) == 1 and target.isascii() and target.isalnum():
                # The table folds capital I to lower-case l; a capital look-alike is an I.
                if target == "l" and character.isupper():
                    target = "I"
                mapping[character] = target
                break
    return mapping


@lru_cache(maxsize=65536)
def _fold_character(character: str) -> str:
    if character == "\n":
        return "\n"
    if character.isspace():
        return " "
    if character in _EXTRA_FOLDS:
        return _EXTRA_FOLDS[character]
    if unicodedata.category(character) == "Cf":  # soft hyphen, zero-width, direction marks
        return ""
    if character.isascii():
        return character.lower()
    confusables = _confusables()
    folded = []
    for composed in unicodedata.normalize("NFKC", character):
        composed = _EXTRA_FOLDS.get(composed, confusables.get(composed, composed))
        for part in unicodedata.normalize("NFD", composed):
            if unicodedata.combining(part):
                continue
            folded.append(part.casefold())
    return "".join(folded)


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text and, for each of its characters, the offset it came from."""

    text: str
    origin: Sequence[int]
    source: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The offsets in the original text of folded characters ``start:end``."""
        if not self.origin:
            return 0, 0
        first = self.origin[min(start, len(self.origin) - 1)]
        last = self.origin[min(max(end - 1, start), len(self.origin) - 1)]
        # A last character that folded into several (ß -> ss) ends at its own end.
        return first, last + 1


def fold(text: str) -> Folded:
    """``text`` URL-decoded, stripped of format characters, NFKC, look-alikes, accents, case."""
    if text.isascii() and "%" not in text and "\t" not in text and "\r" not in text:
        return Folded(text.lower(), range(len(text)), text)  # the common case, kept fast
    pieces: list[str] = []
    origin: list[int] = []
    position = 0
    for match in _PERCENT_RUN.finditer(text) if "%" in text else ():
        _fold_into(text, position, match.start(), pieces, origin)
        decoded = unquote_to_bytes(match.group()).decode("utf-8", "replace")
        for character in decoded:
            for folded in _fold_character(character):
                pieces.append(folded)
                origin.append(match.start())
        position = match.end()
    _fold_into(text, position, len(text), pieces, origin)
    return Folded("".join(pieces), origin, text)


# Characters that fold to themselves in lower case: runs of them are folded at once.
_SPECIAL = re.compile(r"[^\x20-\x7e\n]+")


def _fold_into(text: str, start: int, end: int, pieces: list[str], origin: list[int]) -> None:
    position = start
    for match in _SPECIAL.finditer(text, start, end):
        if match.start() > position:
            pieces.append(text[position : match.start()].lower())
            origin.extend(range(position, match.start()))
        _fold_each(text, match.start(), match.end(), pieces, origin)
        position = match.end()
    if end > position:
        pieces.append(text[position:end].lower())
        origin.extend(range(position, end))


def _fold_each(text: str, start: int, end: int, pieces: list[str], origin: list[int]) -> None:
    for index in range(start, end):
        folded = _fold_character(text[index])
        if len(folded) == 1:
            pieces.append(folded)
            origin.append(index)
        else:
            for character in folded:
                pieces.append(character)
                origin.append(index)


def fold_plain(text: str) -> str:
    return fold(text).text


def name_tokens(text: str) -> list[str]:
    """The folded words of a name ("José Núñez-Díaz" -> ["jose", "nunez", "diaz"])."""
    return _WORD.findall(fold_plain(text))


# -- word lists -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def common_word_names() -> dict[str, str]:
    """Name parts that are also everyday words, months or places, with their class."""
    path = resource_path("anonymise", "common-word-names.txt")
    classes: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        word, _, kind = line.partition(" ")
        classes[fold_plain(word)] = kind.strip() or "word"
    return classes


# fmt: off
_HONORIFICS = frozenset((
    "mr", "mrs", "ms", "miss", "mx", "dr", "client", "defendant", "deft", "def", "dft",
    "complainant", "comp", "cw", "witness", "victim", "named", "called", "aka", "nee",
    "mother", "father", "sister", "brother", "daughter", "son", "girlfriend", "boyfriend",
    "wife", "husband", "friend", "cousin", "aunt", "uncle", "subject", "perp", "arrestee",
    "respondent", "petitioner", "officer", "po", "det", "detective", "sgt", "sergeant", "lt",
    "lieutenant", "capt", "captain", "inspector", "insp", "uc", "undercover", "cpl",
    "corporal", "chief", "agent", "trooper"
))
# fmt: on
# fmt: off
_REPORTING = frozenset((
    "said", "says", "told", "tells", "stated", "states", "asked", "asks", "reported",
    "reports", "explained", "recalled", "testified", "admitted", "denied", "texted", "wrote",
    "described", "alleged", "alleges", "claimed", "claims"
))
# fmt: on
# fmt: off
_PLACE_AFTER = frozenset((
    "avenue", "ave", "av", "street", "st", "road", "rd", "boulevard", "blvd", "place", "pl",
    "lane", "ln", "drive", "park", "parkway", "pkwy", "bridge", "heights", "county", "north",
    "south", "east", "west", "criminal", "supreme", "family", "court", "courts", "hospital",
    "center", "centre", "houses", "village", "hall", "precinct", "borough", "terrace", "ter",
    "square", "sq", "expressway", "expy", "highway", "hwy", "beach", "island", "city", "navy",
    "yard", "college", "museum", "library", "station", "vice", "narcotics", "pbbn", "pbbs",
    "pbmn", "pbms", "pbqn", "pbqs", "district", "da"
))
# fmt: on
# fmt: off
_PLACE_BEFORE = frozenset((
    "in", "at", "near", "from", "to", "on", "across", "through", "into", "of", "around",
    "toward", "towards", "outside", "inside", "by"
))
# fmt: on
_RANKS = (
    r"(?:p\s?\.?\s?o|police\s+officer|officer|det|detective|sgt|sergeant|lt|lieutenant|"
    r"capt|captain|insp|inspector|cpl|corporal|u\s?/?\s?c|undercover|agent|trooper|chief)"
)
_RANK_BEFORE = re.compile(rf"(?:{_RANKS}\s?\.?\s?(?:#|no\.?)?\s?)+$")
# fmt: off
_NUMBER_CONTEXT = frozenset((
    "uc", "undercover", "shield", "badge", "no", "number", "num", "tax", "id", "emp",
    "employee", "file", "matter", "docket", "index", "ind", "indictment", "nysid", "arrest",
    "case"
))
# fmt: on

_WORD = re.compile(r"[^\W_]+")
_DOTTED_INITIALS = re.compile(r"(?<![^\W_])(?:[^\W\d_]\.\s?){2,8}")
_LETTER = re.compile(r"[^\W\d_]")
_SEPARATOR_ONLY = re.compile(r"[\s,.\-']{0,3}")
_CLUSTER = re.compile(
    r"(?<![^\W\d_])[a-z]{0,3}\d[^\W_]*(?:[ \t\-./#:()]{1,3}[a-z]{0,3}\d[^\W_]*)*", re.UNICODE
)
_DIGITS = re.compile(r"\d+")

# -- people and their identifiers -----------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Someone whose identifiers must not appear: a client, or an officer not to be named.

    ``label`` is what a released passage says instead of the full name ("Client A",
    "Officer 2"); ``part_label`` instead of a lone name part ("[name withheld]").
    ``numbers`` are (kind, value) pairs compared by their digits; ``ages`` the ages a
    client had while the office's matters ran.
    """

    owner: str  # "client" or "officer"
    id: int
    names: tuple[str, ...]
    label: str
    part_label: str = "[name withheld]"
    other_names: tuple[str, ...] = ()
    date_of_birth: date | None = None
    ages: frozenset[int] = frozenset()
    numbers: tuple[tuple[str, str], ...] = ()
    addresses: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    others: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """One suspected identifier in a text (offsets into the text as written)."""

    start: int
    end: int
    text: str
    kind: str
    certainty: str
    owner: str
    owner_id: int
    value: str
    reason: str
    replacement: str

    @property
    def certain(self) -> bool:
        return self.certainty == CERTAIN

    def describe(self) -> str:
        whose = "a client's" if self.owner == "client" else "an officer's"
        label = KIND_LABELS.get(self.kind, self.kind)
        return f"{whose} {label}: {self.reason}"

    def as_json(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "certainty": self.certainty,
            "owner": self.owner,
            "reason": self.reason,
            "description": self.describe(),
        }


@dataclass(frozen=True, slots=True)
class _Part:
    person: Person
    kind: str  # "name" or "aka" (or officer_name / officer_alias)
    name_index: int
    value: str  # the whole recorded name
    word_class: str  # "plain", "word", "place" or "month"
    whole: bool  # the part is the whole name, run together ("mariarivera")


@dataclass(slots=True)
class _Number:
    person: Person
    kind: str
    value: str
    groups: tuple[str, ...]
    digits: str
    year_like: bool
    short: bool
    phone: bool
    anchors: frozenset[str] = frozenset()  # groups without leading zeros
    pieces: tuple[str, ...] = ()  # the shortest digit runs a partial match needs


@dataclass(slots=True)
class _Address:
    person: Person
    value: str
    house: tuple[str, ...]
    street: tuple[str, ...]
    suffix: str | None


_STREET_SUFFIXES = {
    "street": "st",
    "st": "st",
    "str": "st",
    "avenue": "ave",
    "ave": "ave",
    "av": "ave",
    "road": "rd",
    "rd": "rd",
    "boulevard": "blvd",
    "blvd": "blvd",
    "place": "pl",
    "pl": "pl",
    "lane": "ln",
    "ln": "ln",
    "drive": "dr",
    "dr": "dr",
    "court": "ct",
    "ct": "ct",
    "parkway": "pkwy",
    "pkwy": "pkwy",
    "terrace": "ter",
    "ter": "ter",
    "square": "sq",
    "sq": "sq",
    "highway": "hwy",
    "hwy": "hwy",
    "way": "way",
    "plaza": "plz",
    "plz": "plz",
    "circle": "cir",
    "cir": "cir",
    "expressway": "expy",
    "expy": "expy",
    "turnpike": "tpke",
    "tpke": "tpke",
    "walk": "walk",
    "loop": "loop",
}
_DIRECTIONS = {"north": "n", "south": "s", "east": "e", "west": "w", "n": "n", "s": "s", "e": "e"}
_DIRECTIONS["w"] = "w"
_ADDRESS_STOP = frozenset(
    ["apt", "apartment", "unit", "fl", "floor", "suite", "ste", "rm", "room", "bldg"]
)
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")


def _street_word(token: str) -> str:
    match = _ORDINAL.match(token)
    if match:
        return match.group(1)
    return _DIRECTIONS.get(token, token)


def _parse_address(person: Person, value: str) -> _Address | None:
    tokens = _WORD.findall(fold_plain(value.split(",")[0]))
    if len(tokens) < 2 or not tokens[0][:1].isdigit():
        return None
    house = [tokens[0]]
    rest = tokens[1:]
    if rest and rest[0].isdigit() and re.search(r"\d\s*-\s*\d", value):  # Queens 12-34
        house.append(rest[0])
        rest = rest[1:]
    street: list[str] = []
    suffix = None
    for token in rest:
        if token in _ADDRESS_STOP:
            break
        if token in _STREET_SUFFIXES and street:
            suffix = _STREET_SUFFIXES[token]
            break
        street.append(_street_word(token))
    if not street:
        return None
    return _Address(person, value, tuple(house), tuple(street), suffix)


# -- dates ------------------------------------------------------------------------------------

_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_TENS |= {"eighty": 80, "ninety": 90}
_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_MONTH = rf"(?P<month>{_alternatives(_MONTHS)})\.?"
_UNIT_WORD = _alternatives(_UNITS)
_DAY_WORD = (
    rf"(?:(?:twenty|thirty)[\s-]?(?:{_alternatives(_ORDINAL_WORDS)})|"
    rf"{_alternatives(_ORDINAL_WORDS)})"
)
_NUMBER_WORD = (
    rf"(?:(?:{_alternatives(_TENS)})(?:[\s-]?(?:{_UNIT_WORD}))?|{_alternatives(_TEENS)}|"
    rf"{_UNIT_WORD})"
)
_YEAR_WORDS = (
    rf"(?:(?:nineteen|twenty)[\s-](?:hundred(?:\s(?:and\s)?{_NUMBER_WORD})?|oh[\s-]{_UNIT_WORD}|"
    rf"{_NUMBER_WORD})|two\sthousand(?:\s(?:and\s)?{_NUMBER_WORD})?)"
)
_DAY = rf"(?P<day>\d{{1,2}}(?:st|nd|rd|th)?|{_DAY_WORD})"
_YEAR = rf"(?P<year>\d{{4}}|['’]?\d{{2}}|{_YEAR_WORDS})"
_GAP = r"[\s\-.,/]{0,3}"
_DATE_PATTERNS = [
    # 5 April 1993, 05-APR-93, the fifth day of April, 1993, 5th of April '93
    re.compile(
        rf"(?<![^\W_])(?:the\s)?{_DAY}(?:\s(?:day\s)?of)?{_GAP}{_MONTH}{_GAP}"
        rf"(?:in\s(?:the\s)?year\s(?:of\s)?)?{_YEAR}(?![^\W_])"
    ),
    # April 5, 1993, Apr 5 '93, April the fifth 1993
    re.compile(rf"(?<![^\W_]){_MONTH}{_GAP}(?:the\s)?{_DAY}{_GAP}(?:of\s)?{_YEAR}(?![^\W_])"),
    # 1993-04-05, 4/5/93, 05.04.1993, 5 4 93
    re.compile(
        r"(?<![\d])(?P<a>\d{1,4})\s?(?P<sep>[./\- ])\s?(?P<b>\d{1,2})\s?(?P=sep)\s?"
        r"(?P<c>\d{1,4})(?![\d])"
    ),
    # 19930405, 04051993, 040593
    re.compile(r"(?<![\d])(?P<compact>\d{8}|\d{6})(?![\d])"),
]
_PARTIAL_DATES = [
    re.compile(rf"(?<![^\W_]){_MONTH}{_GAP}(?P<year>\d{{4}}|['’]\d{{2}})(?![^\W_])"),
    re.compile(rf"(?<![^\W_]){_MONTH}{_GAP}(?:the\s)?{_DAY}(?![^\W_])"),
    re.compile(rf"(?<![^\W_])(?:the\s)?{_DAY}(?:\sof)?{_GAP}{_MONTH}(?![^\W_])"),
]
_AGES = [
    re.compile(
        rf"(?<![^\W_])(?P<age>\d{{1,3}}|{_NUMBER_WORD})\s?-?\s?(?:years?|yrs?)\s?-?\s?old(?![^\W_])"
    ),
    re.compile(r"(?<![^\W_])(?P<age>\d{1,3})\s?(?:y/o|yo|y\.o\.|yrs?)(?![^\W_])"),
    re.compile(r"(?<![^\W_])aged?\s?:?\s?(?P<age>\d{1,3})(?![^\W_])"),
]


def _number_words(text: str) -> int | None:
    words = [word for word in re.split(r"[\s-]+", text) if word and word != "and"]
    total = 0
    for word in words:
        if word in _UNITS:
            total += _UNITS[word]
        elif word in _TEENS:
            total += _TEENS[word]
        elif word in _TENS:
            total += _TENS[word]
        else:
            return None
    return total


def _year_value(text: str) -> tuple[int, bool] | None:
    """(year, whether only two digits were given)."""
    text = text.strip("'’")
    if text.isdigit():
        return int(text), len(text) <= 2
    words = text.replace("-", " ").split()
    if not words:
        return None
    if words[0] == "two" and len(words) >= 2 and words[1] == "thousand":
        rest = _number_words(" ".join(words[2:])) if len(words) > 2 else 0
        return (2000 + rest, False) if rest is not None else None
    century = {"nineteen": 1900, "twenty": 2000}.get(words[0])
    if century is None:
        return None
    rest_words = words[1:]
    if rest_words[:1] == ["hundred"]:
        rest_words = rest_words[1:]
    if rest_words[:1] == ["oh"]:
        rest_words = rest_words[1:]
    rest = _number_words(" ".join(rest_words)) if rest_words else 0
    return (century + rest, False) if rest is not None and rest < 100 else None


def _day_value(text: str) -> int | None:
    match = re.match(r"(\d{1,2})", text)
    if match:
        return int(match.group(1))
    words = text.replace("-", " ").split()
    if len(words) == 2 and words[0] in ("twenty", "thirty"):
        return {"twenty": 20, "thirty": 30}[words[0]] + _ORDINAL_WORDS.get(words[1], 100)
    return _ORDINAL_WORDS.get(text)


def _same_year(year: int, short: bool, birth: date) -> bool:
    return year == birth.year % 100 if short else year == birth.year


def _numeric_readings(a: str, b: str, c: str) -> list[tuple[int, int, int, bool]]:
    """(year, month, day, short year) readings of three numbers in any common order."""
    readings = []
    if len(a) == 4:
        readings += [(int(a), int(b), int(c), False), (int(a), int(c), int(b), False)]
    elif len(c) in (2, 4):
        short = len(c) == 2
        readings += [(int(c), int(a), int(b), short), (int(c), int(b), int(a), short)]
        if len(a) == 2:  # 93-04-05
            readings.append((int(a), int(b), int(c), True))
    return readings


def _compact_readings(digits: str) -> list[tuple[int, int, int, bool]]:
    if len(digits) == 8:
        return [
            (int(digits[:4]), int(digits[4:6]), int(digits[6:]), False),
            (int(digits[4:]), int(digits[:2]), int(digits[2:4]), False),
            (int(digits[4:]), int(digits[2:4]), int(digits[:2]), False),
        ]
    return [
        (int(digits[4:]), int(digits[:2]), int(digits[2:4]), True),
        (int(digits[4:]), int(digits[2:4]), int(digits[:2]), True),
        (int(digits[:2]), int(digits[2:4]), int(digits[4:]), True),
    ]


# -- the scanner -------------------------------------------------------------------------------


class _Token:
    """A folded word; how it was written (case) is looked up only when a rule needs it."""

    __slots__ = ("_folded", "end", "start", "text")

    def __init__(self, start: int, end: int, text: str, folded: Folded) -> None:
        self.start = start  # folded offsets
        self.end = end
        self.text = text
        self._folded = folded

    @property
    def written(self) -> str:
        first, last = self._folded.span(self.start, self.end)
        return self._folded.source[first:last]

    @property
    def capitalised(self) -> bool:
        letters = [character for character in self.written if character.isalpha()]
        return bool(letters) and letters[0].isupper()

    @property
    def upper(self) -> bool:
        letters = [character for character in self.written if character.isalpha()]
        return bool(letters) and all(character.isupper() for character in letters)


@dataclass
class _Context:
    folded: Folded
    tokens: list[_Token]
    findings: list[Finding] = field(default_factory=list)


class IdentifierScanner:
    """Finds the identifiers of ``people`` in text; see the module docstring."""

    def __init__(self, people: Sequence[Person]) -> None:
        self.people = tuple(people)
        classes = common_word_names()
        self._parts: dict[str, list[_Part]] = {}
        self._initials: dict[str, list[tuple[Person, str]]] = {}
        self._numbers: list[_Number] = []
        self._addresses: list[_Address] = []
        self._by_house: dict[str, list[_Address]] = {}
        self._by_street: dict[str, list[_Address]] = {}
        self._births = [person for person in self.people if person.date_of_birth is not None]
        # Indexes, so that a brief is scanned once whatever the number of people.
        self._by_birthday: dict[tuple[int, int], list[Person]] = {}
        self._by_age: dict[int, list[Person]] = {}
        self._by_birth_month_year: dict[tuple[int, int], list[Person]] = {}
        for person in self._births:
            birth = person.date_of_birth
            assert birth is not None
            self._by_birthday.setdefault((birth.month, birth.day), []).append(person)
            for year in (birth.year, birth.year % 100):
                self._by_birth_month_year.setdefault((birth.month, year), []).append(person)
            for age in person.ages:
                self._by_age.setdefault(age, []).append(person)
        self._phrases: dict[str, list[tuple[Person, str, str]]] = {}
        self._phrase_prefixes: set[str] = set()
        for person in self.people:
            officer = person.owner == "officer"
            names = [("officer_name" if officer else "name", name) for name in person.names]
            names += [("officer_alias" if officer else "aka", name) for name in person.other_names]
            for name_index, (kind, name) in enumerate(names):
                tokens = [token for token in name_tokens(name) if not token.isdigit()]
                if officer:
                    tokens = [token for token in tokens if token not in _HONORIFICS]
                for token in tokens:
                    if len(token) < 2:
                        continue
                    word_class = classes.get(token, "plain")
                    self._add_part(token, _Part(person, kind, name_index, name, word_class, False))
                if len(tokens) >= 2:
                    for joined in {"".join(tokens), "".join(reversed(tokens))} | {
                        tokens[index] + tokens[index + 1] for index in range(len(tokens) - 1)
                    }:
                        self._add_part(joined, _Part(person, kind, name_index, name, "plain", True))
                    initials = "".join(token[0] for token in tokens)
                    self._initials.setdefault(initials, []).append((person, name))
                # Numbers inside an alias ("UC #0214") are the officer's numbers too.
                for digits in _DIGITS.findall(fold_plain(name)):
                    self._numbers.append(self._number(person, "officer_number", digits))
            for kind, value in person.numbers:
                if _DIGITS.search(value):
                    self._numbers.append(self._number(person, kind, value))
            for value in person.addresses:
                parsed = _parse_address(person, value)
                if parsed is not None:
                    self._addresses.append(parsed)
                    self._by_house.setdefault(parsed.house[0], []).append(parsed)
                    self._by_street.setdefault(parsed.street[0], []).append(parsed)
            number_kinds = {value: kind for kind, value in person.numbers}
            for kind, values in (("email", person.emails), ("other", person.others)):
                for value in values:
                    # A NYSID or docket written whole is still a NYSID or docket.
                    self._add_phrase(person, number_kinds.get(value, kind), value)
            for value in person.addresses:
                self._add_phrase(person, "address", value)
        self._by_anchor: dict[str, list[_Number]] = {}
        self._by_piece: dict[str, list[_Number]] = {}
        for number in self._numbers:
            for anchor in number.anchors:
                self._by_anchor.setdefault(anchor, []).append(number)
            for piece in number.pieces:
                self._by_piece.setdefault(piece, []).append(number)

    # -- building ------------------------------------------------------------------------------

    def _add_part(self, token: str, part: _Part) -> None:
        self._parts.setdefault(token, []).append(part)

    def _add_phrase(self, person: Person, kind: str, value: str) -> None:
        """A whole value found whatever its spacing (an email, an address written in full)."""
        compact = "".join(_WORD.findall(fold_plain(value)))
        if len(compact) < 5:
            return
        self._phrases.setdefault(compact, []).append((person, kind, value))
        for size in range(1, len(compact)):
            self._phrase_prefixes.add(compact[:size])
        if kind == "email":
            local = "".join(_WORD.findall(fold_plain(value.split("@")[0])))
            if len(local) >= 4:
                part = _Part(person, "email", 0, value, "plain", True)
                self._add_part(local, part)

    @staticmethod
    def _number(person: Person, kind: str, value: str) -> _Number:
        groups = tuple(_DIGITS.findall(fold_plain(value)))
        digits = "".join(groups)
        significant = digits.lstrip("0")
        year_like = len(groups) == 1 and len(digits) == 4 and 1900 <= int(digits) <= 2099
        phone = kind == "phone"
        if phone and len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
            groups = (digits,)
        pieces = {digits}
        if phone and len(digits) >= 10:
            pieces.add(digits[-7:])
        if len(digits) >= 7 and not phone:
            for size in range(6, len(digits)):
                pieces.update((digits[:size], digits[-size:]))
        return _Number(
            person,
            kind,
            value,
            groups,
            digits,
            year_like,
            short=len(significant) < 4,
            phone=phone,
            anchors=_anchors(groups, digits, short=len(significant) < 4 or year_like),
            pieces=tuple(piece for piece in pieces if piece),
        )

    # -- scanning -------------------------------------------------------------------------------

    def scan(self, text: str) -> list[Finding]:
        """Every suspected identifier in ``text``, in order; overlapping ones merged."""
        if not text or not text.strip():
            return []
        folded = fold(text)
        context = _Context(folded, self._tokens(folded))
        self._scan_names(context)
        self._scan_initials(context)
        self._scan_numbers(context)
        self._scan_dates(context)
        self._scan_addresses(context)
        self._scan_phrases(context)
        return _merge(context.findings)

    def has_identifier(self, text: str) -> bool:
        return any(finding.certain for finding in self.scan(text))

    def clean(self, text: str) -> str:
        """``text`` with every certain finding replaced; possible ones are left as written."""
        findings = [finding for finding in self.scan(text) if finding.certain]
        if not findings:
            return text
        pieces = []
        position = 0
        for finding in findings:
            pieces.append(text[position : finding.start])
            pieces.append(finding.replacement)
            position = finding.end
        pieces.append(text[position:])
        return "".join(pieces)

    @staticmethod
    def _tokens(folded: Folded) -> list[_Token]:
        return [
            _Token(match.start(), match.end(), match.group(), folded)
            for match in _WORD.finditer(folded.text)
        ]

    def _add(
        self,
        context: _Context,
        start: int,
        end: int,
        person: Person,
        kind: str,
        value: str,
        certainty: str,
        reason: str,
        replacement: str,
    ) -> None:
        first, last = context.folded.span(start, end)
        context.findings.append(
            Finding(
                first,
                last,
                context.folded.source[first:last],
                kind,
                certainty,
                person.owner,
                person.id,
                value,
                reason,
                replacement,
            )
        )

    # names

    def _adjacent(self, context: _Context, left: int, right: int) -> bool:
        """Whether tokens ``left`` and ``right`` (indexes) stand side by side."""
        if left < 0 or right >= len(context.tokens):
            return False
        gap = context.folded.text[context.tokens[left].end : context.tokens[right].start]
        return _SEPARATOR_ONLY.fullmatch(gap) is not None and "\n" not in gap

    def _same_name_neighbour(self, context: _Context, index: int, part: _Part) -> int | None:
        """Index of a neighbouring token that is another part (or initial) of the same name."""
        tokens = context.tokens
        for other in (index - 1, index + 1):
            if other < 0 or other >= len(tokens):
                continue
            left, right = (other, index) if other < index else (index, other)
            if not self._adjacent(context, left, right):
                continue
            word = tokens[other].text
            for candidate in self._parts.get(word, ()):
                if candidate.person is part.person and candidate.value == part.value:
                    return other
            if len(word) == 1:
                name_initials = {token[0] for token in name_tokens(part.value)}
                written = tokens[other].written
                dotted = context.folded.text[tokens[other].end : tokens[other].end + 1] == "."
                if word in name_initials and (written.isupper() or dotted):
                    return other
        return None

    def _sentence_start(self, context: _Context, index: int) -> bool:
        token = context.tokens[index]
        before = context.folded.text[: token.start].rstrip(" ")
        return not before or before[-1] in ".!?:;\"'“”(\n[-–—•*"

    def _upper_context(self, context: _Context, index: int) -> bool:
        window = context.tokens[max(0, index - 4) : index + 5]
        words = [token for token in window if len(token.text) >= 2 and not token.text.isdigit()]
        others = [token for token in words if token is not context.tokens[index]]
        if not others:
            return context.tokens[index].upper
        return sum(token.upper for token in others) * 5 >= len(others) * 3

    def _name_like(self, context: _Context, index: int) -> bool:
        tokens = context.tokens
        if index > 0 and tokens[index - 1].text in _HONORIFICS:
            return True
        if index > 1 and (tokens[index - 2].text, tokens[index - 1].text) in (
            ("known", "as"),
            ("a", "k"),
            ("k", "a"),
        ):
            return True
        if index + 1 < len(tokens):
            following = tokens[index + 1]
            gap = context.folded.text[tokens[index].end : following.start]
            if following.text == "s" and gap == "'":
                return True
            if following.text in _REPORTING and gap.strip() == "":
                return True
        return False

    def _next_word(self, context: _Context, index: int) -> str:
        if index + 1 < len(context.tokens) and self._adjacent(context, index, index + 1):
            return context.tokens[index + 1].text
        return ""

    def _previous_word(self, context: _Context, index: int) -> str:
        if index > 0:
            return context.tokens[index - 1].text
        return ""

    def _scan_names(self, context: _Context) -> None:
        tokens = context.tokens
        for index, token in enumerate(tokens):
            parts = self._parts.get(token.text)
            if not parts:
                continue
            for part in parts:
                neighbour = self._same_name_neighbour(context, index, part)
                verdict, reason = self._judge(context, index, part, neighbour)
                if verdict is None:
                    continue
                start, end = token.start, token.end
                if neighbour is not None:
                    start = min(start, tokens[neighbour].start)
                    end = max(end, tokens[neighbour].end)
                    if end < len(context.folded.text) and context.folded.text[end] == ".":
                        end += 1 if len(tokens[neighbour].text) == 1 else 0
                person = part.person
                if person.owner == "officer":
                    start = self._absorb_rank(context, start)
                    replacement = person.label
                else:
                    whole = part.whole or neighbour is not None or part.kind == "aka"
                    replacement = person.label if whole else person.part_label
                self._add(
                    context, start, end, person, part.kind, part.value, verdict, reason, replacement
                )

    def _judge(
        self, context: _Context, index: int, part: _Part, neighbour: int | None
    ) -> tuple[str | None, str]:
        token = context.tokens[index]
        recorded = f"recorded name “{part.value}”"
        if part.word_class == "plain":
            return CERTAIN, recorded
        if neighbour is not None:
            return CERTAIN, f"beside another part of the {recorded}"
        # "the UC will return", "the client will testify": a title before an everyday word
        # makes it a name only when it is written as one.
        if token.capitalised and self._name_like(context, index):
            return CERTAIN, f"used as a name; {recorded}"
        following = self._next_word(context, index)
        previous = self._previous_word(context, index)
        if part.word_class == "month" and (following[:1].isdigit() or previous[:1].isdigit()):
            return None, ""
        if not token.capitalised:
            return None, ""
        doubt = f"a capitalised everyday word or place that is also part of the {recorded}"
        if following in _PLACE_AFTER:
            return POSSIBLE, doubt
        if part.word_class in ("place", "month"):
            return POSSIBLE, doubt
        if self._sentence_start(context, index) or self._upper_context(context, index):
            return POSSIBLE, doubt
        return CERTAIN, f"capitalised in running text; {recorded}"

    @staticmethod
    def _absorb_rank(context: _Context, start: int) -> int:
        """Move ``start`` back over a rank written before an officer's name ("P.O.", "Det.")."""
        before = context.folded.text[max(0, start - 40) : start].rsplit("\n", 1)[-1]
        match = _RANK_BEFORE.search(before)
        if match is None or not match.group().strip():
            return start
        prefix = before[: match.start()]
        if prefix and (prefix[-1].isalnum()):
            return start
        return start - (len(before) - match.start())

    def _scan_initials(self, context: _Context) -> None:
        if not self._initials:
            return
        text = context.folded.text
        # Dotted initials: "M.R.", "M. R." (the letters of a name's parts, in order).
        for match in _DOTTED_INITIALS.finditer(text):
            letters = "".join(_LETTER.findall(match.group()))
            end = match.start() + len(match.group().rstrip())
            for person, name in self._initials.get(letters, ()):
                start = match.start()
                if person.owner == "officer":
                    start = self._absorb_rank(context, start)
                self._add(context, start, end, person, "initials", name, CERTAIN,
                          f"initials of “{name}”", person.label)  # fmt: skip
        # Run-together initials in capitals ("MR") are only possible: they are also words.
        for token in context.tokens:
            if len(token.text) >= 2 and token.text in self._initials and token.upper:
                for person, name in self._initials[token.text]:
                    self._add(context, token.start, token.end, person, "initials", name,
                              POSSIBLE, f"the initials of “{name}”", person.label)  # fmt: skip

    # numbers

    def _scan_numbers(self, context: _Context) -> None:
        if not self._numbers:
            return
        text = context.folded.text
        for match in _CLUSTER.finditer(text):
            groups = _DIGITS.findall(match.group())
            if not groups:
                continue
            for number in self._candidates(groups):
                if number.short and number.person.owner == "client":
                    continue  # a client's number under four digits would match every count
                verdict, how = self._number_match(number, groups)
                if verdict is None:
                    continue
                if number.short or number.year_like:
                    # Short and year-like numbers count only after a word that says what they
                    # are ("UC 214", "file 2022"); a bare one is at most possible.
                    if self._number_context(context, match.start()):
                        verdict = CERTAIN
                    elif number.year_like:
                        continue
                    else:
                        verdict = POSSIBLE
                start = match.start()
                replacement = "[withheld]"
                if number.person.owner == "officer":
                    start = self._absorb_rank(context, start)
                    # "UC 0214" names the officer: it reads "Officer 2"; a bare number goes.
                    ranked = start != match.start()
                    replacement = number.person.label if ranked else "[number withheld]"
                self._add(
                    context,
                    start,
                    match.end(),
                    number.person,
                    number.kind,
                    number.value,
                    verdict,
                    how,
                    replacement,
                )

    def _candidates(self, groups: list[str]) -> list[_Number]:
        """The numbers that can match a cluster: one sharing a group (without leading
        zeros), or one with a piece that the cluster's digits hold at group boundaries."""
        found: dict[int, _Number] = {}
        for group in groups:
            for number in self._by_anchor.get(group.lstrip("0"), ()):
                found[id(number)] = number
        joined = "".join(groups)
        boundaries = [0]
        for group in groups:
            boundaries.append(boundaries[-1] + len(group))
        for first, start in enumerate(boundaries):
            for end in boundaries[first + 1 :]:
                for number in self._by_piece.get(joined[start:end], ()):
                    found[id(number)] = number
        return list(found.values())

    def _number_context(self, context: _Context, start: int) -> bool:
        # Context ends at a line break: each paragraph and attribute value stands alone.
        before = context.folded.text[max(0, start - 24) : start].rsplit("\n", 1)[-1]
        attached = re.match(r"[a-z]+", context.folded.text[start : start + 4])
        if attached and attached.group() in _NUMBER_CONTEXT:  # "UC214"
            return True
        if re.search(r"#\s?$", before) or _RANK_BEFORE.search(before):
            return True
        words = _WORD.findall(before)[-2:]
        return any(word in _NUMBER_CONTEXT for word in words)

    @staticmethod
    def _number_match(number: _Number, groups: list[str]) -> tuple[str | None, str]:
        digits = number.digits
        if not digits:
            return None, ""
        joined = "".join(groups)
        boundaries = {0}
        position = 0
        for group in groups:
            position += len(group)
            boundaries.add(position)
        recorded = f"the digits of “{number.value}”"

        def aligned(needle: str) -> bool:
            start = joined.find(needle)
            while start != -1:
                if start in boundaries and start + len(needle) in boundaries:
                    return True
                start = joined.find(needle, start + 1)
            return False

        if number.short or number.year_like:
            stripped = digits.lstrip("0") or "0"
            if any((group.lstrip("0") or "0") == stripped for group in groups):
                return CERTAIN, recorded
            return None, ""
        if aligned(digits):
            return CERTAIN, recorded
        significant = [group.lstrip("0") for group in number.groups]
        text_groups = [group.lstrip("0") for group in groups]
        years = [group for group in number.groups if _yearish(group)]
        serials = [
            group.lstrip("0") for group in number.groups if not _yearish(group) and group.strip("0")
        ]
        if serials and sum(len(serial) for serial in serials) >= 3 and len(number.groups) >= 2:
            serials_found = all(serial in text_groups for serial in serials)
            years_found = all(any(_year_equal(year, group) for group in groups) for year in years)
            if serials_found and years_found:
                return CERTAIN, f"{recorded}, written another way"
        if len(significant) == 1 and len(significant[0]) >= 5 and significant[0] in text_groups:
            return CERTAIN, f"{recorded} without leading zeros"
        if number.phone and len(digits) >= 10 and aligned(digits[-7:]):
            return CERTAIN, f"the local part of the phone number “{number.value}”"
        if len(digits) >= 7 and not number.phone:
            for size in range(len(digits) - 1, 5, -1):
                for piece in (digits[:size], digits[-size:]):
                    # A piece such as "000000" (a colour, a count) says nothing.
                    if len(set(piece)) > 2 and aligned(piece):
                        return CERTAIN, f"part of {recorded}"
        return None, ""

    # dates and ages

    def _scan_dates(self, context: _Context) -> None:
        if not self._births:
            return
        text = context.folded.text
        windows = _date_windows(text)
        for pattern in _DATE_PATTERNS:
            for match in self._date_matches(pattern, text, windows):
                for year, month, day, short in self._readings(match):
                    for person in self._by_birthday.get((month, day), ()):
                        birth = person.date_of_birth
                        assert birth is not None
                        if (month, day) == (birth.month, birth.day) and _same_year(
                            year, short, birth
                        ):
                            self._add(
                                context,
                                match.start(),
                                match.end(),
                                person,
                                "date_of_birth",
                                birth.isoformat(),
                                CERTAIN,
                                "the date of birth, written another way",
                                "[withheld]",
                            )
        for pattern in _PARTIAL_DATES:
            for match in self._date_matches(pattern, text, windows):
                month = _MONTHS[match.group("month")]
                groups = match.groupdict()
                if groups.get("year"):
                    value = _year_value(groups["year"])
                    if value is None:
                        continue
                    year = value[0] if value[1] else value[0] % 100
                    people = self._by_birth_month_year.get((month, year), ())
                else:
                    people = self._by_birthday.get((month, _day_value(groups["day"]) or 0), ())
                for person in people:
                    assert person.date_of_birth is not None
                    self._add(context, match.start(), match.end(), person, "date_of_birth",
                              person.date_of_birth.isoformat(), POSSIBLE,
                              "part of the date of birth", "[withheld]")  # fmt: skip
        for pattern in _AGES:
            for match in self._date_matches(pattern, text, windows):
                raw = match.group("age")
                age = int(raw) if raw.isdigit() else _number_words(raw)
                for person in self._by_age.get(age, ()) if age is not None else ():
                    if age in person.ages:
                        self._add(
                            context,
                            match.start(),
                            match.end(),
                            person,
                            "age",
                            str(age),
                            CERTAIN,
                            "an age the client had while the office's "
                            "matters ran, from the date of birth",
                            "[age withheld]",
                        )

    @staticmethod
    def _date_matches(
        pattern: re.Pattern[str], text: str, windows: list[tuple[int, int]]
    ) -> Iterator[re.Match[str]]:
        for start, end in windows:
            yield from pattern.finditer(text, start, end)

    @staticmethod
    def _readings(match: re.Match[str]) -> list[tuple[int, int, int, bool]]:
        groups = match.groupdict()
        if groups.get("compact"):
            return _compact_readings(groups["compact"])
        if groups.get("a"):
            return _numeric_readings(groups["a"], groups["b"], groups["c"])
        day = _day_value(groups["day"])
        year = _year_value(groups["year"])
        if day is None or year is None:
            return []
        return [(year[0], _MONTHS[groups["month"]], day, year[1])]

    # addresses and whole values

    def _scan_addresses(self, context: _Context) -> None:
        if not self._addresses:
            return
        tokens = context.tokens
        words = [_street_word(token.text) for token in tokens]
        for index, word in enumerate(words):
            for address in self._by_house.get(word, ()):
                self._house_then_street(context, words, index, address)
            for address in self._by_street.get(word, ()):
                self._street_alone(context, words, index, address)

    def _house_then_street(
        self, context: _Context, words: list[str], index: int, address: _Address
    ) -> None:
        tokens = context.tokens
        house, street = address.house, address.street
        if tuple(words[index : index + len(house)]) != house:
            return
        after = index + len(house)
        candidates = [after]
        if after < len(words) and words[after] in ("n", "s", "e", "w"):
            candidates.append(after + 1)  # a direction added or left out
        street_core = street[1:] if street[0] in ("n", "s", "e", "w") else street
        for cursor in candidates:
            for wanted in {street, street_core}:
                if wanted and tuple(words[cursor : cursor + len(wanted)]) == wanted:
                    end = tokens[cursor + len(wanted) - 1].end
                    following = cursor + len(wanted)
                    if following < len(words) and words[following] in _STREET_SUFFIXES:
                        end = tokens[following].end
                    self._add(context, tokens[index].start, end, address.person, "address",
                              address.value, CERTAIN,
                              "house number and street of a recorded address",
                              "[address withheld]")  # fmt: skip

    def _street_alone(
        self, context: _Context, words: list[str], index: int, address: _Address
    ) -> None:
        tokens = context.tokens
        street = address.street
        following = index + len(street)
        if (
            address.suffix
            and tuple(words[index:following]) == street
            and following < len(words)
            and _STREET_SUFFIXES.get(words[following]) == address.suffix
        ):
            self._add(context, tokens[index].start, tokens[following].end, address.person,
                      "address", address.value, POSSIBLE, "the street of a recorded address",
                      "[address withheld]")  # fmt: skip

    def _scan_phrases(self, context: _Context) -> None:
        """Words run together across spaces and separators ("CR 001234 24", "J NUNEZ93")."""
        if not self._phrases:
            return
        tokens = context.tokens
        text = context.folded.text
        for index in range(len(tokens)):
            joined = ""
            cursor = index
            while cursor < len(tokens):
                if cursor > index:
                    gap = text[tokens[cursor - 1].end : tokens[cursor].start]
                    if len(gap) > 3 or "\n" in gap:
                        break
                joined += tokens[cursor].text
                for person, kind, value in self._phrases.get(joined, ()):
                    label = KIND_LABELS.get(kind, kind)
                    self._add(context, tokens[index].start, tokens[cursor].end, person, kind,
                              value, CERTAIN, f"the recorded {label}", "[withheld]")  # fmt: skip
                if joined not in self._phrase_prefixes:
                    break
                cursor += 1


_DATE_ANCHOR = re.compile(
    rf"\d|\b(?:{_alternatives(_MONTHS)}|{_alternatives(_ORDINAL_WORDS)}|twenty|thirty|"
    rf"{_alternatives(_TENS)}|{_alternatives(_TEENS)}|{_UNIT_WORD}|age)"
)


def _date_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around digits, month names and number words: the only places a
    date or an age can be, so the long date patterns need not try every character."""
    windows: list[tuple[int, int]] = []
    for match in _DATE_ANCHOR.finditer(text):
        start = max(0, match.start() - 12)
        end = min(len(text), match.end() + 60)
        start = text.rfind("\n", 0, start) + 1 if "\n" in text[start : match.start()] else start
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    # A window starts and ends at a word edge, so no pattern sees half a word.
    return [(_word_start(text, start), _word_end(text, end)) for start, end in windows]


def _word_start(text: str, position: int) -> int:
    while position > 0 and text[position - 1].isalnum():
        position -= 1
    return position


def _word_end(text: str, position: int) -> int:
    while position < len(text) and text[position].isalnum():
        position += 1
    return position


def _anchors(groups: tuple[str, ...], digits: str, *, short: bool) -> frozenset[str]:
    """The groups (without leading zeros) at least one of which a match must contain."""
    if short:
        return frozenset({digits.lstrip("0") or "0"})
    return frozenset(
        group.lstrip("0") for group in groups if not _yearish(group) and len(group.lstrip("0")) >= 3
    )


def _yearish(group: str) -> bool:
    return len(group) == 2 or (len(group) == 4 and 1900 <= int(group) <= 2099)


def _year_equal(year: str, group: str) -> bool:
    if year == group:
        return True
    return (len(year) == 2 and len(group) == 4 and group[2:] == year) or (
        len(year) == 4 and len(group) == 2 and year[2:] == group
    )


def _merge(findings: list[Finding]) -> list[Finding]:
    """Overlapping findings become one: certain wins over possible, the wider span wins."""
    ordered = sorted(findings, key=lambda item: (item.start, -(item.end - item.start)))
    merged: list[Finding] = []
    for finding in ordered:
        if merged and finding.start < merged[-1].end:
            last = merged[-1]
            keep = last
            if finding.certain and not last.certain:
                keep = finding
            start, end = min(last.start, finding.start), max(last.end, finding.end)
            if (start, end) != (keep.start, keep.end):
                source_text = last.text if keep is last else finding.text
                keep = _widen(keep, start, end, last, finding, source_text)
            merged[-1] = keep
        else:
            merged.append(finding)
    return merged


def _widen(
    keep: Finding, start: int, end: int, first: Finding, second: Finding, _text: str
) -> Finding:
    # Rebuild the written text of the union from the two pieces.
    pieces = sorted((first, second), key=lambda item: item.start)
    text = pieces[0].text + pieces[1].text[max(0, pieces[0].end - pieces[1].start) :]
    return Finding(
        start,
        end,
        text,
        keep.kind,
        keep.certainty,
        keep.owner,
        keep.owner_id,
        keep.value,
        keep.reason,
        keep.replacement,
    )
