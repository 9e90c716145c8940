"""Matching what a source says about an officer against the registry, honestly.

Clients and paperwork name officers loosely: "PO Smith shield 4521", "UC 214", "Sgt.
Simpkins shield 3202", "Officer Rodriguez". A mention is read into identifier numbers (with
the kind the text names, when it names one), a rank and a name; every registered officer
that could be meant is then weighed on three kinds of evidence:

* an identifier with the same value (leading zeros, spaces and "#" ignored), of the kind
  the text names, valid on the date of the event;
* an alias, the officer as some source already wrote him, compared as a whole;
* the name: surname, then given name or initial, tolerant of misspellings, apostrophes,
  hyphens and word order.

The best evidence sets the score (0-100); a second adds a little, and a rank that agrees a
little more. Each suggestion also carries a **confidence**, because a score alone cannot say
when a match is only a guess:

``high``
    the officer is identified: an identifier and a name that agree; a career-long
    identifier (tax id, employee no., CCRB id) or an undercover number alone; a shield alone
    only when its validity period covers the event's date; or a full name (given name and
    surname) no other officer comes close to.
``possible``
    worth checking: a surname alone, a shield alone (shields are reissued), a name that
    is only similar, or evidence that contradicts itself.
``weak``
    a long shot.

Never ``high``: an identifier whose name contradicts it ("shield 3202 matches but the name
does not"), a same-name officer whose identifier contradicts the text, or officers that tie
("28 officers named Rodriguez: give a shield"); the reason says which.

API, for the officer picker, the CLI and mention detection in discovery::

    suggest(library, text, on_date=None, limit=10) -> list[OfficerSuggestion]
    registry_matcher(library).rank(text, on_date=None, limit=10) -> list[Match]

``OfficerSuggestion`` and ``Match`` both carry ``officer_id``, ``score``, ``confidence``
and ``reason``; a suggestion adds the officer's record. ``registry_matcher`` keeps the
registry in memory and reloads it only when it changed (database triggers count every
change), so ranking many mentions costs no query each. Nothing here changes the registry:
suggestions are for a person to confirm (and perhaps merge).
"""

from __future__ import annotations

import functools
import heapq
import re
import threading
import unicodedata
import weakref
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .library import Library
from .model import Officer, OfficerAlias, OfficerIdentifier, OfficerRegistryState
from .normalisation import MODIFIER_APOSTROPHES
from .officers import UNIDENTIFIED_NAME, normalise_identifier, officer_record
from .records import OfficerRecord
from .vocabulary import STABLE_IDENTIFIER_KINDS

Confidence = Literal["high", "possible", "weak"]

# -- reading a mention --------------------------------------------------------------------

# Rank words, in the spellings sources and rosters use (NYPD abbreviations included), by
# the rank they name. Longest phrases are tried first.
RANK_WORDS: dict[str, tuple[str, ...]] = {
    # A bare "officer" is not here: sources call members of every rank "Officer X".
    "officer": ("police officer", "po", "pom", "pof", "ptl", "patrolman"),
    "detective": (
        "detective specialist",
        "detective spec",
        "det spec",
        "detective investigator",
        "detective",
        "det",
        "dt",
        "dt1",
        "dt2",
        "dt3",
        "dts",
    ),
    "sergeant": ("sergeant", "sgt", "sds", "sgts"),
    "lieutenant": ("lieutenant", "lt", "lcd", "lieut"),
    "captain": ("captain", "capt", "cpt"),
    "inspector": ("deputy inspector", "inspector", "insp", "ins", "dpty insp"),
    "chief": ("assistant chief", "deputy chief", "bureau chief", "chief", "chf", "dc", "ac"),
}
RANK_LABELS = {
    "officer": "police officer",
    "detective": "detective",
    "sergeant": "sergeant",
    "lieutenant": "lieutenant",
    "captain": "captain",
    "inspector": "inspector",
    "chief": "chief",
}
# Words that say what an officer is, not who, and are not ranks.
_TITLE_WORDS = frozenset(
    {"officer", "ofc", "off", "the", "mr", "ms", "mrs", "member", "mos", "agent", "trooper"}
    | {"deputy", "cpl"}
    | {"of", "from", "at", "in", "by", "with"}  # "Capt. Moynihan of the 75th Pct"
    | {"undercover"}  # "undercover officer Smith" when no number follows
)
# Words that announce an identifier and which kind it is.
_KIND_WORDS = {
    "shield": "shield",
    "shld": "shield",
    "badge": "shield",
    "sh": "shield",
    "uc": "uc",
    "undercover": "uc",
    "tax": "tax_id",
    "taxid": "tax_id",
    "employee": "employee",
    "emp": "employee",
    "ccrb": "mos_id",
}
# Words between a kind word and its number ("shield no. 4521", "tax id 9123").
_FILLER_WORDS = frozenset({"no", "nr", "nbr", "num", "number", "id", "reg", "registry"})
# A number followed by these is a precinct or an ordinal, not an identifier.
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_PRECINCT_WORDS = frozenset({"pct", "precinct", "squad", "sqd", "boro", "borough"})

_SHORT_LABELS = {
    "shield": "shield",
    "tax_id": "tax id",
    "employee": "employee no.",
    "uc": "UC",
    "mos_id": "CCRB id",
}

_TOKEN = re.compile(r"[^\W\d_]+(?:['’`-][^\W\d_]+)*|\d+")
_DOTTED = re.compile(r"\b(?:p\s*\.\s*o|u\s*[./]\s*c)\b\.?", re.IGNORECASE)  # P.O., U/C, U.C.


# Dropped from names: straight, curly and backtick apostrophes, and the modifier letters
# some keyboards type for one ("O\u02bcBrien").
_APOSTROPHES = re.compile(f"['’`{MODIFIER_APOSTROPHES}]")


def _fold(text: str) -> str:
    """Lower case without accents: "Núñez" -> "nunez"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name as matching compares it: folded words, apostrophes dropped ("O'Brien" ->
    "obrien"), a hyphenated surname kept whole ("garcialopez") with its parts beside it."""

    words: tuple[str, ...]
    parts: tuple[str, ...] = ()

    @property
    def given(self) -> str | None:
        return self.words[0] if len(self.words) >= 2 else None

    def surname_forms(self) -> list[tuple[str, float]]:
        """Spellings a source may give as the surname, each with its weight: the last
        word, the last words run together ("De La Cruz" -> "delacruz"), and (slightly
        discounted) a middle word or one part of a hyphenated surname."""
        return list(_surname_forms(self))


@functools.lru_cache(maxsize=1 << 16)
def _surname_forms(parts: NameParts) -> tuple[tuple[str, float], ...]:
    """``NameParts.surname_forms``, remembered: a mention is compared with dozens of
    officers, each of whom has the same forms every time."""
    words = parts.words
    if not words:
        return ()
    forms: dict[str, float] = {}
    for count in range(1, max(len(words), 2)):
        if count <= len(words):
            forms.setdefault("".join(words[-count:]), 1.0)
    for word in (*words[1:-1], *parts.parts):
        forms.setdefault(word, 0.95)
    return tuple(forms.items())


@functools.lru_cache(maxsize=1 << 16)
def name_parts(text: str) -> NameParts:
    words: list[str] = []
    parts: list[str] = []
    for token in re.split(r"[^\w'’`-]+", _fold(text)):
        token = _APOSTROPHES.sub("", token).strip("-_")
        token = re.sub(r"[\d_]", "", token)
        if not token:
            continue
        if "-" in token:
            pieces = [piece for piece in token.split("-") if piece]
            parts.extend(pieces)
            token = "".join(pieces)
        words.append(token)
    return NameParts(tuple(words), tuple(parts))


@dataclass(frozen=True, slots=True)
class ParsedMention:
    """What a text says about an officer: identifier numbers (with kind hint), a rank and a
    name."""

    identifiers: tuple[tuple[str, str | None], ...]  # (normalised value, kind or None)
    name: str
    whole: str  # the text normalised for alias comparison
    rank: str | None = None  # a key of RANK_WORDS
    name_parts: NameParts = field(default_factory=lambda: NameParts(()))


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_DOTTED.sub(lambda m: " PO " if m.group(0)[0] in "pP" else " UC ", text))


def _normalised_whole(text: str) -> str:
    """The text as one comparable string: folded words, one spelling per rank and per
    identifier kind, numbers without leading zeros ("Undercover #0214" -> "uc 214",
    "Police Officer Smyth" -> "officer smyth")."""
    folded = [
        normalise_identifier(token) if token.isdigit() else _fold(token) for token in _tokens(text)
    ]
    parts: list[str] = []
    index = 0
    while index < len(folded):
        rank = _rank_at(folded, index)
        if rank is not None:
            parts.append(rank[1])
            index += len(rank[0])
            continue
        word = folded[index]
        parts.append(_KIND_WORDS.get(word, word) if word not in _FILLER_WORDS else "")
        index += 1
    return " ".join(part for part in parts if part)


_RANK_PHRASES = sorted(
    ((tuple(phrase.split()), rank) for rank, phrases in RANK_WORDS.items() for phrase in phrases),
    key=lambda item: -len(item[0]),
)


_RANK_PHRASES_BY_FIRST_WORD: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _rank in _RANK_PHRASES:
    _RANK_PHRASES_BY_FIRST_WORD.setdefault(_phrase[0], []).append((_phrase, _rank))


def _rank_at(folded: list[str], index: int) -> tuple[tuple[str, ...], str] | None:
    """The rank phrase starting at ``folded[index]`` (longest first) and its rank."""
    for phrase, rank in _RANK_PHRASES_BY_FIRST_WORD.get(folded[index], ()):
        if tuple(folded[index : index + len(phrase)]) == phrase:
            return phrase, rank
    return None


@functools.lru_cache(maxsize=4096)
def rank_class(text: str | None) -> str | None:
    """The rank a rank word or roster title names ("Sgt.", "SGT", "Police Officer") or None."""
    if not text:
        return None
    words = tuple(_fold(token) for token in _tokens(text) if not token.isdigit())
    for phrase, rank in _RANK_PHRASES:
        if words[: len(phrase)] == phrase:
            return rank
    return None


def parse_mention(text: str) -> ParsedMention:
    """Split a mention into identifier numbers, a rank and the name words."""
    tokens = _tokens(text)
    folded = [_fold(token) for token in tokens]
    identifiers: list[tuple[str, str | None]] = []
    name_words: list[str] = []
    rank: str | None = None
    pending_kind: str | None = None
    index = 0
    while index < len(tokens):
        token, lowered = tokens[index], folded[index]
        following = folded[index + 1] if index + 1 < len(tokens) else ""
        previous = folded[index - 1] if index else ""
        if token.isdigit():
            if following in _ORDINAL_SUFFIXES or following in _PRECINCT_WORDS:
                index += 2 if following in _ORDINAL_SUFFIXES else 1
                pending_kind = None
                continue
            if previous in _PRECINCT_WORDS and pending_kind is None:
                index += 1
                continue
            identifiers.append((normalise_identifier(token), pending_kind))
            pending_kind = None
            index += 1
            continue
        if lowered in _KIND_WORDS and not (
            lowered == "undercover" and not _number_follows(folded, index)
        ):
            pending_kind = _KIND_WORDS[lowered]
            index += 1
            continue
        if lowered in _FILLER_WORDS and pending_kind is not None:
            index += 1
            continue
        matched_rank = _rank_at(folded, index)
        if matched_rank is not None:
            phrase, found = matched_rank
            rank = rank or found
            index += len(phrase)
            pending_kind = None
            continue
        if lowered in _TITLE_WORDS or lowered in _FILLER_WORDS or lowered in _PRECINCT_WORDS:
            if lowered not in ("officer", "ofc"):  # "UC officer 214" keeps its kind
                pending_kind = None
            index += 1
            continue
        name_words.append(token)
        pending_kind = None
        index += 1
    name = " ".join(name_words)
    return ParsedMention(tuple(identifiers), name, _normalised_whole(text), rank, name_parts(name))


def _number_follows(folded: list[str], index: int) -> bool:
    """Does a number come within the next three words ("undercover officer no. 214")?"""
    return any(word.isdigit() for word in folded[index + 1 : index + 4])


# -- comparing names ----------------------------------------------------------------------

NameVerdict = Literal["agrees", "unclear", "contradicts", "unknown"]

SURNAME_AGREES = 80.0  # "Smyth" ~ "Smith", "Lopes" ~ "Lopez"
SURNAME_FLOOR = 60.0  # below this the surname is another person's
GIVEN_AGREES = 80.0
GIVEN_FLOOR = 60.0
SWAPPED_FLOOR = 90.0  # "Smith John" for "John Smith"
GIVEN_ONLY_FLOOR = 85.0  # a lone word that is only the first name ("Jon")


@dataclass(frozen=True, slots=True)
class NameComparison:
    """How a name in a text compares with an officer's name.

    ``similarity`` is 0-100; ``verdict`` is ``agrees`` (the surname, and the given name or
    initial when the text gives one), ``unclear`` (only similar), ``contradicts``
    (another surname, or another given name) or ``unknown`` (no name on one side).
    ``full`` is true when a given name and a surname both agree.
    """

    similarity: float
    verdict: NameVerdict
    full: bool = False
    detail: str = ""


_NO_NAME = NameComparison(0.0, "unknown")


@functools.lru_cache(maxsize=1 << 16)
def compare_names(mention: NameParts, officer: NameParts) -> NameComparison:
    """Compare the name a text gives with an officer's (or an alias's) name (remembered:
    a production names the same surnames again and again, each against dozens of
    officers)."""
    if not mention.words or not officer.words:
        return _NO_NAME
    best, consumed = 0.0, 1
    for mention_count in range(1, min(3, len(mention.words)) + 1):
        mention_form = "".join(mention.words[-mention_count:])
        for form, weight in _surname_forms(officer):
            similarity = fuzz.ratio(mention_form, form) * weight
            # On a tie the longer spelling wins: "De La Cruz" is one surname, not a given
            # name "De" and a surname "Cruz".
            if similarity > best or (similarity == best and mention_count > consumed):
                best, consumed = similarity, mention_count
    surname = best
    given_words = mention.words[:-consumed]
    officer_given = officer.given
    if surname < SURNAME_FLOOR:
        if len(mention.words) >= 2 and len(officer.words) >= 2:
            swapped = fuzz.token_sort_ratio(" ".join(mention.words), " ".join(officer.words))
            if swapped >= SWAPPED_FLOOR:
                return NameComparison(swapped, "agrees", True, "name in another order")
        if len(mention.words) == 1 and officer_given is not None:
            given_only = fuzz.ratio(mention.words[0], officer_given)
            if given_only >= GIVEN_ONLY_FLOOR:
                return NameComparison(given_only * 0.5, "unclear", False, "first name only")
        return NameComparison(0.0, "contradicts", False, "another surname")
    surname_verdict: NameVerdict = "agrees" if surname >= SURNAME_AGREES else "unclear"
    if not given_words or officer_given is None:
        return NameComparison(surname * 0.95, surname_verdict, False, "surname only")
    given = given_words[0]
    if len(given) == 1:
        if given == officer_given[0]:
            return NameComparison(0.6 * surname + 0.4 * 90.0, surname_verdict, False, "initial")
        return NameComparison(surname * 0.6, "contradicts", False, "another initial")
    given_similarity = fuzz.ratio(given, officer_given)
    if len(given) >= 3 and (officer_given.startswith(given) or given.startswith(officer_given)):
        given_similarity = max(given_similarity, 90.0)  # "Rob" for "Robert", "Jon" for "Jonathan"
    similarity = 0.6 * surname + 0.4 * given_similarity
    if given_similarity < GIVEN_FLOOR:
        return NameComparison(surname * 0.6, "contradicts", False, "another first name")
    if given_similarity < GIVEN_AGREES:
        return NameComparison(similarity, "unclear", False, "first name only similar")
    return NameComparison(
        similarity, surname_verdict, surname_verdict == "agrees", "first name and surname"
    )


def name_similarity(left: str, right: str) -> float:
    """0-100: how alike two names are (the mention first, the officer's name second)."""
    return compare_names(name_parts(left), name_parts(right)).similarity


# -- the registry as matching sees it -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Identifier:
    kind: str
    value: str
    normalised: str
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True, slots=True)
class _Alias:
    text: str
    whole: str
    name: NameParts


@dataclass(slots=True)
class RegistryEntry:
    """An officer as matching sees it: plain values, cheap to keep for a whole registry."""

    id: int
    name: str
    rank: str | None  # a key of RANK_WORDS
    name_parts: NameParts  # empty for an unidentified officer's placeholder
    identifiers: list[_Identifier]
    aliases: list[_Alias]
    numbers: frozenset[str] = frozenset()  # the identifiers' normalised values
    kinds: frozenset[str] = frozenset()  # the kinds of identifier the officer holds


def _entry(
    officer_id: int,
    name: str,
    rank: str | None,
    identifiers: list[tuple[str, str, date | None, date | None]],
    aliases: list[str],
) -> RegistryEntry:
    held = [
        _Identifier(kind, value, normalise_identifier(value), valid_from, valid_to)
        for kind, value, valid_from, valid_to in identifiers
    ]
    return RegistryEntry(
        officer_id,
        name,
        rank_class(rank),
        name_parts(name) if name != UNIDENTIFIED_NAME else NameParts(()),
        held,
        [
            _Alias(text, _normalised_whole(text), name_parts(parse_mention(text).name))
            for text in aliases
        ],
        frozenset(item.normalised for item in held),
        frozenset(item.kind for item in held),
    )


def _entry_of(officer: Any) -> RegistryEntry:
    """An entry from anything with id, name, rank, identifiers and aliases (an ORM officer,
    an ``OfficerRecord``)."""
    return _entry(
        officer.id,
        officer.name,
        getattr(officer, "rank", None),
        [(item.kind, item.value, item.valid_from, item.valid_to) for item in officer.identifiers],
        [alias.text for alias in officer.aliases],
    )


# -- weighing the evidence ----------------------------------------------------------------

# What each kind of evidence is worth at most on its own.
IDENTIFIER_VALID_ON_DATE = 88.0
IDENTIFIER_UNDATED = 85.0
IDENTIFIER_PERIOD_NO_DATE = 82.0
IDENTIFIER_OTHER_KIND = 60.0
IDENTIFIER_NOT_VALID_ON_DATE = 45.0
ALIAS_WEIGHT = 0.90
ALIAS_FLOOR = 75.0  # an alias less alike than this says nothing
NAME_WEIGHT = 0.85
SECOND_EVIDENCE_WEIGHT = 0.15
CONTRADICTED_WEIGHT = 0.70  # evidence the rest of the text contradicts
RANK_BONUS = 3.0
MINIMUM_SCORE = 40.0
REASON_MINIMUM = 40.0  # weaker evidence is not worth reading in the reason
HIGH_MARGIN = 8.0  # a high match must lead the next officer by this much
TIE_MARGIN = 1.0  # officers this close to the best tie with it
POSSIBLE_MINIMUM = 55.0  # below this a match is weak whatever it rests on
MANY_TIED = 3  # more officers than this tied on a surname make each a long shot

_STRONG = ("valid_on_date", "undated", "period_no_date")


def _label(kind: str) -> str:
    return _SHORT_LABELS.get(kind, kind)


def _valid_on(identifier: _Identifier, on_date: date) -> bool:
    return (identifier.valid_from is None or identifier.valid_from <= on_date) and (
        identifier.valid_to is None or on_date <= identifier.valid_to
    )


@dataclass(frozen=True, slots=True)
class _IdentifierEvidence:
    score: float = 0.0
    reason: str = ""
    status: str = ""  # one of _STRONG, "other_kind", "not_valid"
    kind: str = ""
    described: str = ""  # "shield 3202"
    key: tuple[str, str] = ("", "")  # (kind, normalised value) matched


_NO_IDENTIFIER = _IdentifierEvidence()


def _identifier_evidence(
    entry: RegistryEntry, mention: ParsedMention, on_date: date | None
) -> _IdentifierEvidence:
    best = _IdentifierEvidence()
    for value, hinted_kind in mention.identifiers:
        for identifier in entry.identifiers:
            if identifier.normalised != value:
                continue
            described = f"{_label(identifier.kind)} {identifier.value}"
            has_period = identifier.valid_from is not None or identifier.valid_to is not None
            period = f"{identifier.valid_from or '…'} to {identifier.valid_to or '…'}"
            if hinted_kind is not None and hinted_kind != identifier.kind:
                score, reason, status = (
                    IDENTIFIER_OTHER_KIND,
                    f"{described} (the text says {_label(hinted_kind)})",
                    "other_kind",
                )
            elif on_date is not None and not _valid_on(identifier, on_date):
                score, reason, status = (
                    IDENTIFIER_NOT_VALID_ON_DATE,
                    f"{described}, but valid {period}, not on {on_date}",
                    "not_valid",
                )
            elif on_date is not None and has_period:
                score, reason, status = (
                    IDENTIFIER_VALID_ON_DATE,
                    f"{described} valid on {on_date}",
                    "valid_on_date",
                )
            elif has_period:
                score, reason, status = (
                    IDENTIFIER_PERIOD_NO_DATE,
                    f"{described} (valid {period})",
                    "period_no_date",
                )
            else:
                score, reason, status = IDENTIFIER_UNDATED, described, "undated"
            if score > best.score:
                best = _IdentifierEvidence(
                    score, reason, status, identifier.kind, described, (identifier.kind, value)
                )
    return best


def _identifier_contradiction(
    entry: RegistryEntry, mention: ParsedMention, on_date: date | None
) -> str:
    """ "his shield is 9999, not 3202" when the text gives a number of a kind the officer
    holds (at the time, if the date is known) under another value; "" otherwise."""
    for value, hinted_kind in mention.identifiers:
        if any(identifier.normalised == value for identifier in entry.identifiers):
            continue
        kinds = (hinted_kind,) if hinted_kind is not None else ("shield", "uc")
        held = [
            identifier
            for identifier in entry.identifiers
            if identifier.kind in kinds and (on_date is None or _valid_on(identifier, on_date))
        ]
        if held:
            values = ", ".join(identifier.value for identifier in held)
            return f"his {_label(held[0].kind)} is {values}, not {value}"
    return ""


def _alias_evidence(entry: RegistryEntry, mention: ParsedMention) -> tuple[float, str]:
    """The alias most like the whole text (weighted score, alias text), if alike enough."""
    best = (0.0, "")
    if not mention.whole:
        return best
    for alias in entry.aliases:
        similarity = float(fuzz.ratio(mention.whole, alias.whole))
        if similarity >= ALIAS_FLOOR and similarity * ALIAS_WEIGHT > best[0]:
            best = (similarity * ALIAS_WEIGHT, alias.text)
    return best


NameCache = dict[NameParts, NameComparison]


def _compare_cached(
    mention: ParsedMention, parts: NameParts, cache: NameCache | None
) -> NameComparison:
    """``compare_names`` remembered per spelling: a registry has hundreds of officers named
    "Michael Rodriguez", and one mention is compared with each of them."""
    if cache is None:
        return compare_names(mention.name_parts, parts)
    found = cache.get(parts)
    if found is None:
        found = cache[parts] = compare_names(mention.name_parts, parts)
    return found


def _name_evidence(
    entry: RegistryEntry, mention: ParsedMention, cache: NameCache | None = None
) -> tuple[NameComparison, str | None]:
    """The text's name against the officer's name and every alias: the most alike that
    does not contradict, else the officer's own name (which then contradicts). The second
    value is the alias that matched (None for the officer's own name)."""
    if not mention.name_parts.words:
        return _NO_NAME, None
    own = _compare_cached(mention, entry.name_parts, cache) if entry.name_parts.words else _NO_NAME
    if not entry.aliases:
        return own, None
    compared: list[tuple[NameComparison, str | None]] = []
    if entry.name_parts.words:
        compared.append((own, None))
    for alias in entry.aliases:
        compared.append((compare_names(mention.name_parts, alias.name), alias.text))
    fitting = [item for item in compared if item[0].verdict in ("agrees", "unclear")]
    if fitting:
        return max(fitting, key=lambda item: (item[0].verdict == "agrees", item[0].similarity))
    contradicting = [item for item in compared if item[0].verdict == "contradicts"]
    return contradicting[0] if contradicting else (_NO_NAME, None)


@dataclass(frozen=True, slots=True)
class Assessment:
    """One officer weighed against one mention, with what the reason is made of.

    The reason is written only when asked for (``reason``): a mention is weighed against
    hundreds of officers and only a few are shown.
    """

    score: float
    confidence: Confidence
    identifier_key: tuple[str, str]  # the identifier that matched, ("", "") if none
    surname: str  # the officer's surname folded, for "N officers named X"
    officer_name: str
    identifier: _IdentifierEvidence
    identifier_score: float  # after any contradiction
    alias_score: float
    alias_text: str
    name: NameComparison
    name_written: str | None  # the alias the name matched, None for the officer's own name
    name_score: float  # after any contradiction
    contradiction: str  # "his shield is 9999, not 3202" when the name matched
    rank: str | None  # the rank, when the text's agrees with the officer's
    hint: str = ""  # what is missing for a sure match, or what the officer ties with

    @property
    def contradicted(self) -> bool:
        return bool(
            (self.identifier.score and self.name.verdict == "contradicts")
            or (self.contradiction and self.name_score)
        )

    @property
    def warnings(self) -> tuple[str, ...]:
        found = []
        if self.identifier.score and self.name.verdict == "contradicts":
            found.append(
                f"{self.identifier.described} matches but the name does not ({self.officer_name})"
            )
        if self.contradiction and self.name_score:
            found.append(f"the name matches but {self.contradiction}")
        return tuple(found)

    @property
    def evidence(self) -> str:
        name_reason = ""
        if self.name.verdict != "unknown":
            if self.name_written is None:
                name_reason = f"name {self.officer_name!r} ({self.name.similarity:.0f}%)"
            else:
                name_reason = f"name as written {self.name_written!r} ({self.name.similarity:.0f}%)"
        alias_reason = ""
        if self.alias_score:
            alias_reason = f"alias {self.alias_text!r} ({self.alias_score / ALIAS_WEIGHT:.0f}%)"
        weighed = sorted(
            (
                (self.identifier_score, self.identifier.reason),
                (self.alias_score, alias_reason),
                (self.name_score, name_reason),
            ),
            key=lambda item: item[0],
            reverse=True,
        )
        reasons = [reason for value, reason in weighed if reason and value >= REASON_MINIMUM]
        if not reasons and weighed[0][0]:
            reasons = [weighed[0][1]]
        if self.rank is not None:
            reasons.append(f"rank agrees ({RANK_LABELS[self.rank]})")
        return "; ".join(reasons)

    @property
    def reason(self) -> str:
        return "; ".join(part for part in (*self.warnings, self.hint, self.evidence) if part)


def assess(
    entry: RegistryEntry,
    mention: ParsedMention,
    on_date: date | None,
    cache: NameCache | None = None,
) -> Assessment:
    """One officer on his own evidence (other officers are weighed in ``rank_entries``)."""
    identifier = (
        _identifier_evidence(entry, mention, on_date) if mention.identifiers else _NO_IDENTIFIER
    )
    alias_score, alias_text = _alias_evidence(entry, mention) if entry.aliases else (0.0, "")
    name, name_written = _name_evidence(entry, mention, cache)
    name_score = name.similarity * NAME_WEIGHT  # a first name that differs still counts a little
    identifier_score = identifier.score
    contradicted = False
    if identifier_score and name.verdict == "contradicts":
        identifier_score *= CONTRADICTED_WEIGHT
        contradicted = True
    contradiction = ""
    if mention.identifiers and not identifier.score and name_score:
        contradiction = _identifier_contradiction(entry, mention, on_date)
        if contradiction:
            name_score *= CONTRADICTED_WEIGHT
            contradicted = True
    weights = [identifier_score, alias_score, name_score]
    if alias_score and name_written is not None and name_written == alias_text:
        # One alias read twice (as a whole and as a name) is one piece of evidence.
        weights = [identifier_score, max(alias_score, name_score), 0.0]
    first, second, _third = sorted(weights, reverse=True)
    score = first + SECOND_EVIDENCE_WEIGHT * second
    rank_agrees = bool(score and mention.rank is not None and entry.rank == mention.rank)
    if rank_agrees:
        score += RANK_BONUS
    score = round(min(100.0, score), 1)
    confidence = _confidence(identifier, name, alias_score, contradicted, score)
    hint = (
        ""
        if confidence == "high" or contradicted
        else _what_is_missing(identifier, name, mention, on_date)
    )
    return Assessment(
        score,
        confidence,
        identifier.key,
        entry.name_parts.words[-1] if entry.name_parts.words else "",
        entry.name,
        identifier,
        identifier_score,
        alias_score,
        alias_text,
        name,
        name_written,
        name_score,
        contradiction,
        mention.rank if rank_agrees else None,
        hint,
    )


def _confidence(
    identifier: _IdentifierEvidence,
    name: NameComparison,
    alias_score: float,
    contradicted: bool,
    score: float,
) -> Confidence:
    """This officer's confidence on his own evidence (ties are judged afterwards)."""
    if score < POSSIBLE_MINIMUM:
        return "weak"
    if contradicted:
        return "possible"
    alias_exact = alias_score >= 97 * ALIAS_WEIGHT
    if identifier.status in _STRONG:
        if name.verdict == "agrees" or alias_exact:
            return "high"
        if name.verdict == "unknown":
            if identifier.kind in STABLE_IDENTIFIER_KINDS or identifier.kind == "uc":
                return "high"
            if identifier.status == "valid_on_date":
                return "high"
            return "possible"  # a shield alone: shields are reissued
        return "possible"
    if identifier.score:
        return "possible" if name.verdict == "agrees" else "weak"
    if name.full or (alias_exact and name.verdict == "agrees"):
        return "high"
    if name.verdict == "agrees":
        return "possible"
    return "weak"


def _what_is_missing(
    identifier: _IdentifierEvidence,
    name: NameComparison,
    mention: ParsedMention,
    on_date: date | None,
) -> str:
    """Why a match on its own evidence is not high, when the evidence does not say it."""
    if identifier.status in _STRONG and identifier.kind == "shield" and not mention.name:
        return "a shield alone: shields are reissued, give a name" + (
            " or the date" if on_date is None else ""
        )
    if not identifier.score and name.verdict == "agrees" and not name.full:
        return "surname only: give a first name or a shield"
    return ""


# -- ranking a mention against the whole registry ----------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    """A registered officer the text may mean: the result mention detection uses."""

    officer_id: int
    name: str
    score: float  # 0-100
    confidence: Confidence
    reason: str


@dataclass(frozen=True, slots=True)
class OfficerSuggestion:
    """A registered officer that may be the one the text means, with why and how sure."""

    officer_id: int
    score: float  # 0-100
    confidence: Confidence
    reason: str
    officer: OfficerRecord


def score_officer(officer: Any, mention: ParsedMention, on_date: date | None) -> tuple[float, str]:
    """The score (0-100) and reason of one officer on his own evidence.

    ``officer`` is anything with ``id``, ``name``, ``rank``, ``identifiers`` (kind, value,
    valid_from, valid_to) and ``aliases`` (text): an ORM ``Officer`` or an ``OfficerRecord``.
    """
    assessment = assess(_entry_of(officer), mention, on_date)
    return assessment.score, assessment.reason


def _tie_reason(
    tied: list[tuple[RegistryEntry, Assessment]], mention: ParsedMention, on_date: date | None
) -> tuple[str, bool]:
    """What the tied officers share, and whether it is a surname (a weak guess when many
    officers have it)."""
    count = len(tied)
    keys = {assessment.identifier_key for _, assessment in tied}
    if len(keys) == 1 and next(iter(keys)) != ("", ""):
        kind, value = next(iter(keys))
        wanted = "a name" if not mention.name else ("the date" if on_date is None else "more")
        return f"{_label(kind)} {value} is held by {count} officers: give {wanted}", False
    surnames = {assessment.surname for _, assessment in tied}
    if len(surnames) == 1 and next(iter(surnames)):
        written = tied[0][0].name.split()[-1]
        wanted = "a shield" if not mention.identifiers else "a first name"
        return f"{count} officers named {written}: give {wanted}", True
    return f"{count} officers match about equally: give more to tell them apart", False


@dataclass(frozen=True, slots=True)
class _QuickAssessment:
    """An officer below those shown: his score, and what a tie is judged on."""

    score: float
    entry: RegistryEntry

    @property
    def identifier_key(self) -> tuple[str, str]:
        return ("", "")

    @property
    def surname(self) -> str:
        return self.entry.name_parts.words[-1] if self.entry.name_parts.words else ""


_ORDER: tuple[Confidence, ...] = ("weak", "possible", "high")


def _at_most(confidence: Confidence, ceiling: Confidence) -> Confidence:
    return confidence if _ORDER.index(confidence) <= _ORDER.index(ceiling) else ceiling


def rank_entries(
    entries: list[RegistryEntry],
    mention: ParsedMention,
    on_date: date | None,
    limit: int | None = None,
    ceilings: _Ceilings | None = None,
) -> list[tuple[RegistryEntry, Assessment]]:
    """The best ``limit`` entries (all with None), best first, with ties and near misses
    judged together: only the best officer can be ``high``, and only with a clear lead.

    ``ceilings``, when given, caps the score of officers known to the text by name only,
    one cap for all officers of the same surname and a lower one for all of the same name:
    officers whose cap is below the ``limit``-th score (the runner-up's at least) and below
    the tie margin of the best are then never compared in full, because they could change
    nothing that is returned (``_add_bounded``).
    """
    cache: NameCache = {}
    numbered = {value for value, _kind in mention.identifiers}
    kinds = {kind or "shield" for _value, kind in mention.identifiers} | (
        {"uc"} if any(kind is None for _value, kind in mention.identifiers) else set()
    )
    quick: list[tuple[float, RegistryEntry]] = []
    weighed: dict[int, Assessment] = {}
    # Officers known by name only, by surname spellings and name profile (``_Ceilings``).
    named: dict[int, dict[int, list[RegistryEntry]]] = {}
    profile_of = ceilings.profile_of if ceilings is not None else {}
    for entry in entries:
        if entry.aliases or (numbered and not numbered.isdisjoint(entry.numbers)):
            assessment = assess(entry, mention, on_date, cache)
            if assessment.score >= MINIMUM_SCORE:
                weighed[entry.id] = assessment
                quick.append((assessment.score, entry))
        elif ceilings is None:
            score = _quick_score(entry, mention, on_date, kinds, cache)
            if score >= MINIMUM_SCORE:
                quick.append((score, entry))
        else:
            found = profile_of.get(entry.id)
            if found is None:
                continue  # no name (an unidentified officer's placeholder): scores 0
            spellings, profile = found
            same_surname = named.get(spellings)
            if same_surname is None:
                named[spellings] = {profile: [entry]}
            elif profile in same_surname:
                same_surname[profile].append(entry)
            else:
                same_surname[profile] = [entry]
    if named and ceilings is not None:
        _add_bounded(quick, named, ceilings, mention, on_date, kinds, cache, limit)
    quick.sort(key=lambda item: (-item[0], item[1].id))
    if not quick:
        return []
    shown = {entry.id for score, entry in quick[: limit if limit is not None else len(quick)]}
    shown |= {entry.id for score, entry in quick[:2]}  # the best and the runner-up decide "high"
    scored = [
        (
            entry,
            weighed.get(entry.id) or assess(entry, mention, on_date, cache)
            if entry.id in shown
            else _QuickAssessment(score, entry),
        )
        for score, entry in quick
    ]
    top = scored[0][1].score
    tied = [item for item in scored if item[1].score >= top - TIE_MARGIN]
    tie_text, surname_tie = _tie_reason(tied, mention, on_date) if len(tied) > 1 else ("", False)
    ceiling: Confidence = "weak" if surname_tie and len(tied) > MANY_TIED else "possible"
    judged: list[tuple[RegistryEntry, Assessment]] = []
    for position, (entry, assessment) in enumerate(scored[:limit]):
        confidence, hint = assessment.confidence, assessment.hint
        if position < len(tied) and tie_text:
            confidence, hint = _at_most(confidence, ceiling), tie_text
        elif position == 0 and confidence == "high" and len(scored) > 1:
            runner, runner_up = scored[1]
            if runner_up.score > assessment.score - HIGH_MARGIN:
                confidence = "possible"
                hint = f"officer {runner.id} ({runner.name}) scores nearly as high"
        elif position > 0:
            confidence = _at_most(confidence, "possible")
        judged.append((entry, replace(assessment, confidence=confidence, hint=hint)))
    return judged


def _quick_score(
    entry: RegistryEntry,
    mention: ParsedMention,
    on_date: date | None,
    kinds: set[str],
    cache: NameCache,
) -> float:
    """The score of an officer known to the text by name only (no alias, no identifier it
    gives), worked out in a few operations: whose own number of a kind the text gives
    (held on the date, when it is known) contradicts it. ``assess`` gives the same score;
    it is asked for the officers that are shown."""
    name = _compare_cached(mention, entry.name_parts, cache) if entry.name_parts.words else _NO_NAME
    score = name.similarity * NAME_WEIGHT
    if (
        score
        and mention.identifiers
        and kinds & entry.kinds
        and (on_date is None or _identifier_contradiction(entry, mention, on_date))
    ):
        score *= CONTRADICTED_WEIGHT
    if score and mention.rank is not None and entry.rank == mention.rank:
        score += RANK_BONUS
    return round(min(100.0, score), 1)


def _add_bounded(
    quick: list[tuple[float, RegistryEntry]],
    named: dict[int, dict[int, list[RegistryEntry]]],
    ceilings: _Ceilings,
    mention: ParsedMention,
    on_date: date | None,
    kinds: set[str],
    cache: NameCache,
    limit: int | None,
) -> None:
    """Add to ``quick`` the scores of the officers known by name only (``named``, by
    surname spellings and name profile) that can matter.

    Surnames are taken by falling cap, the names of a surname by falling cap, and an
    officer is compared in full unless a cap on his score (his surname's, his name's, or
    his name's without the rank bonus when his rank is not the text's) is below both the
    ``wanted``-th score found so far and the best score less the tie margin (those only
    grow). An officer left out then scores strictly less than each officer shown (so he
    could not come before one, even on a tie broken by id), and strictly less than a tie
    with the best. When only the best is shown, the runner-up counts only when he comes
    within ``HIGH_MARGIN`` of the best: once a second officer is found, one whose cap is
    further behind is left out too."""
    if limit is None:
        wanted = len(quick) + sum(
            len(group) for profiles in named.values() for group in profiles.values()
        )
    else:
        wanted = max(limit, 2)
    best = heapq.nlargest(wanted, (score for score, _entry in quick))
    heapq.heapify(best)  # the ``wanted`` best scores so far, the lowest first
    top = max(best, default=0.0)
    rank = mention.rank

    def out_of_reach(ceiling: float) -> bool:
        if ceiling < MINIMUM_SCORE:
            return True
        if len(best) < wanted or ceiling >= top - TIE_MARGIN:
            return False
        if ceiling < best[0]:
            return True
        # Only the best is shown: the runner-up matters only when he scores within
        # HIGH_MARGIN of the best (he then takes "high" away and is named).
        return limit is not None and limit <= 1 and ceiling < top - HIGH_MARGIN

    surnames = sorted(
        ((ceilings.surname_cap(spellings), profiles) for spellings, profiles in named.items()),
        key=lambda item: -item[0],
    )
    for surname_cap, profiles in surnames:
        if out_of_reach(surname_cap):
            break
        names = sorted(
            ((*ceilings.name_caps(profile), group) for profile, group in profiles.items()),
            key=lambda item: -item[0],
        )
        for name_cap, other_rank_cap, group in names:
            if out_of_reach(name_cap):
                break
            for entry in group:
                if (rank is None or entry.rank != rank) and out_of_reach(other_rank_cap):
                    continue
                score = _quick_score(entry, mention, on_date, kinds, cache)
                if score < MINIMUM_SCORE:
                    continue
                quick.append((score, entry))
                top = max(top, score)
                if len(best) < wanted:
                    heapq.heappush(best, score)
                elif score > best[0]:
                    heapq.heapreplace(best, score)


_SEARCHES_REMEMBERED = 50_000


@dataclass(frozen=True, slots=True)
class _Found:
    """What one index search found: the officers, and each key found with its score."""

    owners: frozenset[int]
    scores: dict[str, float]


_NOTHING_FOUND = _Found(frozenset(), {})

# Room for floating-point rounding between the searches' scores and ``compare_names``'s:
# a ceiling may be a little too high, never too low.
_SLACK = 1e-6


class _Ceilings:
    """Ceilings on ``compare_names(mention, officer).similarity`` for one mention, per
    officer name profile (surname spellings, given name, words).

    ``compare_names`` takes as the surname similarity ``S`` the best ``fuzz.ratio`` of the
    text's last 1-3 words run together with one of the officer's surname spellings, times
    the spelling's weight (≤ 1). The surname searches return every key with a ratio of at
    least ``SURNAME_FLOOR``; a spelling they did not return has a ratio below it. So when
    the best returned value reaches the floor, it is ``S``; else ``S`` is below the floor.
    From there on ``compare_names`` gives, with ``G`` the given-name similarity it works
    out (≤ 100): ``0.95 S`` (no given name on one side, or the text's words all taken as
    the surname), ``0.6 S + 0.4 G`` or ``0.6 S`` (a given name; ``0.6 S + 36`` or ``0.6 S``
    for an initial) when ``S`` reaches the floor; below it, the swapped name's or the lone
    first name's similarity, worked out as ``compare_names`` does, or 0. Each ceiling takes
    the largest value a case that can occur allows."""

    def __init__(
        self,
        mention: ParsedMention,
        scores: list[dict[str, float]],
        profile_of: dict[int, tuple[int, int]],
        spellings: list[tuple[tuple[str, float], ...]],
        profiles: list[tuple[int, str | None, tuple[str, ...]]],
    ) -> None:
        # Officer id -> (surname spellings, profile), for the officers with a name.
        self.profile_of = profile_of
        self._words = mention.name_parts.words
        self._scores = scores
        self._spellings = spellings
        self._profiles = profiles
        self._bonus = RANK_BONUS if mention.rank is not None else 0.0
        self._surnames: dict[int, tuple[float, bool, bool]] = {}
        self._givens: dict[str, float] = {}

    def name_caps(self, profile: int) -> tuple[float, float]:
        """Caps on the score (``_quick_score``) of each officer with this name profile,
        with the rank bonus when the text gives a rank, and without it: the contradiction
        weight only lowers a score, and rounding never turns a lower score higher."""
        if not self._words:
            return 0.0, 0.0  # no name in the text: an officer known to it by name scores 0
        weighed = self._similarity(*self._profiles[profile]) * NAME_WEIGHT
        return round(min(100.0, weighed + self._bonus), 1), round(min(100.0, weighed), 1)

    def surname_cap(self, spellings: int) -> float:
        """A cap on the score of each officer with these surname spellings, whatever his
        given name (as ``_similarity``, with any given-name similarity up to 100)."""
        if not self._words:
            return 0.0
        words = self._words
        best, _all_words, fewer = self._surname(spellings)
        ceiling = 0.0
        if best >= SURNAME_FLOOR - _SLACK:
            surname = max(best, SURNAME_FLOOR) + _SLACK
            ceiling = 0.95 * surname
            if fewer:
                ceiling = max(ceiling, 0.6 * surname + 0.4 * 100.0)
        if best < SURNAME_FLOOR + _SLACK:
            ceiling = max(ceiling, 100.0 if len(words) >= 2 else 50.0)
        weighed = (ceiling + _SLACK) * NAME_WEIGHT
        return round(min(100.0, weighed + self._bonus), 1)

    def _given(self, officer_given: str) -> float:
        """``compare_names``'s given-name similarity for the text's first word."""
        found = self._givens.get(officer_given)
        if found is None:
            given = self._words[0]
            found = float(fuzz.ratio(given, officer_given))
            if len(given) >= 3 and (
                officer_given.startswith(given) or given.startswith(officer_given)
            ):
                found = max(found, 90.0)
            self._givens[officer_given] = found
        return found

    def _surname(self, spellings: int) -> tuple[float, bool, bool]:
        """The best surname value from the searches (-1 when no spelling was returned: the
        value is then below the floor), and whether all the text's words, or fewer, can
        be the ones taken as the surname."""
        found = self._surnames.get(spellings)
        if found is not None:
            return found
        forms = self._spellings[spellings]
        words = self._words
        by_count: list[float] = []
        for table in self._scores:
            value = -1.0
            for form, weight in forms:
                score = table.get(form)
                if score is not None and score * weight > value:
                    value = score * weight
            by_count.append(value)
        best = max(by_count)
        # A tie goes to the larger count: all the words as the surname leave no given
        # name; fewer leave the first word as the given name.
        all_words = len(words) <= 3 and by_count[-1] >= best - _SLACK
        fewer = len(words) > 3 or (
            len(words) >= 2 and any(value >= best - _SLACK for value in by_count[:-1])
        )
        found = self._surnames[spellings] = (best, all_words, fewer)
        return found

    def _similarity(
        self, spellings: int, officer_given: str | None, officer_words: tuple[str, ...]
    ) -> float:
        words = self._words
        best, all_words, fewer = self._surname(spellings)
        ceiling = 0.0
        if best >= SURNAME_FLOOR - _SLACK:
            surname = max(best, SURNAME_FLOOR) + _SLACK
            if officer_given is None or all_words:
                ceiling = 0.95 * surname
            if officer_given is not None and fewer:
                given = words[0]
                if len(given) == 1:
                    given_part = 0.4 * 90.0 if given == officer_given[0] else 0.0
                else:
                    given_part = 0.4 * (self._given(officer_given) + _SLACK)
                ceiling = max(ceiling, 0.6 * surname + given_part)
        if best < SURNAME_FLOOR + _SLACK:
            # What ``compare_names`` works out below the floor, worked out the same way.
            if len(words) >= 2 and len(officer_words) >= 2:
                swapped = fuzz.token_sort_ratio(" ".join(words), " ".join(officer_words))
                if swapped >= SWAPPED_FLOOR - _SLACK:
                    ceiling = max(ceiling, swapped)
            elif len(words) == 1 and officer_given is not None:
                given_only = fuzz.ratio(words[0], officer_given)
                if given_only >= GIVEN_ONLY_FLOOR - _SLACK:
                    ceiling = max(ceiling, given_only * 0.5)
        return ceiling + _SLACK


class RegistryMatcher:
    """The registry (officers not merged away) held in memory and indexed for matching."""

    def __init__(self, version: int, entries: dict[int, RegistryEntry]) -> None:
        self.version = version
        self.entries = entries
        self._by_identifier: dict[str, list[int]] = {}
        surname_owners: dict[str, set[int]] = {}
        given_owners: dict[str, set[int]] = {}
        full_owners: dict[str, set[int]] = {}
        alias_owners: dict[str, set[int]] = {}
        for entry in entries.values():
            for identifier in entry.identifiers:
                self._by_identifier.setdefault(identifier.normalised, []).append(entry.id)
            names = [entry.name_parts, *(alias.name for alias in entry.aliases)]
            for parts in names:
                if not parts.words:
                    continue
                for form, _weight in parts.surname_forms():
                    surname_owners.setdefault(form, set()).add(entry.id)
                if parts.given:
                    given_owners.setdefault(parts.given, set()).add(entry.id)
                # Words in order, so that plain ``ratio`` scores what ``token_sort_ratio``
                # would, without sorting every key again for every mention.
                full_owners.setdefault(" ".join(sorted(parts.words)), set()).add(entry.id)
            for alias in entry.aliases:
                if alias.whole:
                    alias_owners.setdefault(alias.whole, set()).add(entry.id)
        self._surnames = surname_owners
        self._surname_keys = list(surname_owners)
        self._givens = given_owners
        self._given_keys = list(given_owners)
        self._fulls = full_owners
        self._full_keys = list(full_owners)
        # The swapped-name search wants 90 % alike: only keys of about the query's length
        # can be (``_search``).
        self._full_keys_by_length: dict[int, list[str]] = {}
        for key in self._full_keys:
            self._full_keys_by_length.setdefault(len(key), []).append(key)
        self._aliases = alias_owners
        self._alias_keys = list(alias_owners)
        # What each search found: a production writes the same surnames page after page.
        self._searched: dict[tuple[int, str], _Found] = {}
        # Each officer's name as the score ceiling reads it (``_ceilings``): his surname
        # spellings, given name and words, numbered so that officers with the same name
        # share one ceiling.
        surnames: dict[tuple[tuple[str, float], ...], int] = {}
        profiles: dict[tuple[int, str | None, tuple[str, ...]], int] = {}
        self._profile_of: dict[int, tuple[int, int]] = {}
        for entry in entries.values():
            parts = entry.name_parts
            if parts.words:
                spellings = surnames.setdefault(_surname_forms(parts), len(surnames))
                profile = (spellings, parts.given, parts.words)
                self._profile_of[entry.id] = (
                    spellings,
                    profiles.setdefault(profile, len(profiles)),
                )
        self._spellings = list(surnames)
        self._profiles = list(profiles)

    def _search(
        self,
        query: str,
        keys: list[str],
        owners: dict[str, set[int]],
        scorer: Any,
        cutoff: float,
        by_length: dict[int, list[str]] | None = None,
    ) -> _Found:
        """The officers owning a key that scores at least ``cutoff`` against ``query``,
        and each such key's score.

        ``by_length`` (the same keys by length, for ``fuzz.ratio``) narrows the search to
        the keys long enough and short enough to reach ``cutoff``: ``fuzz.ratio`` is
        ``100 (1 - d / (m + n))`` with ``d`` the insertions and deletions that turn one
        string into the other, at least ``|m - n|``, so it is at most
        ``200 min(m, n) / (m + n)``."""
        if not query or not keys:
            return _NOTHING_FOUND
        remembered = (id(keys), query)  # each index is searched with one scorer and floor
        found = self._searched.get(remembered)
        if found is not None:
            return found
        matched: set[int] = set()
        scores: dict[str, float] = {}
        size = len(query)
        for choices in (
            [keys]
            if by_length is None
            else [
                same_length
                for length, same_length in by_length.items()
                if 200.0 * min(size, length) / (size + length) >= cutoff - _SLACK
            ]
        ):
            for key, score, _index in process.extract(
                query, choices, scorer=scorer, limit=None, score_cutoff=cutoff
            ):
                matched |= owners[key]
                scores[key] = score
        if len(self._searched) >= _SEARCHES_REMEMBERED:
            self._searched.clear()
        found = self._searched[remembered] = _Found(frozenset(matched), scores)
        return found

    def _surname_searches(self, mention: ParsedMention) -> list[_Found]:
        """For the text's last one, two and three name words run together (the spellings
        ``compare_names`` tries as the surname), the surname keys scoring at least
        ``SURNAME_FLOOR`` with their ``fuzz.ratio``, and their officers (none without a
        name)."""
        words = mention.name_parts.words
        return [
            self._search(
                "".join(words[-count:]),
                self._surname_keys,
                self._surnames,
                fuzz.ratio,
                SURNAME_FLOOR,
            )
            for count in range(1, min(3, len(words)) + 1)
        ]

    def _ceilings(self, mention: ParsedMention) -> _Ceilings:
        """Caps on the scores of the officers known to ``mention`` by name only."""
        scores = [searched.scores for searched in self._surname_searches(mention)]
        return _Ceilings(mention, scores, self._profile_of, self._spellings, self._profiles)

    def candidates(self, mention: ParsedMention) -> set[int]:
        """Every officer that can score at all: found through the indexes and rapidfuzz's
        batch scorers with the same floors ``assess`` applies, so that the full weighing
        runs on a few dozen officers rather than the whole registry."""
        found: set[int] = set()
        for value, _kind in mention.identifiers:
            found.update(self._by_identifier.get(value, ()))
        found |= self._search(
            mention.whole, self._alias_keys, self._aliases, fuzz.ratio, ALIAS_FLOOR
        ).owners
        for searched in self._surname_searches(mention):
            found |= searched.owners
        words = mention.name_parts.words
        if words:
            if len(words) >= 2:
                found |= self._search(
                    " ".join(sorted(words)),
                    self._full_keys,
                    self._fulls,
                    fuzz.ratio,
                    SWAPPED_FLOOR,
                    self._full_keys_by_length,
                ).owners
            else:
                found |= self._search(
                    words[0], self._given_keys, self._givens, fuzz.ratio, GIVEN_ONLY_FLOOR
                ).owners
        return found

    def rank(
        self, text: str, *, on_date: date | None = None, limit: int = 10, _exhaustive: bool = False
    ) -> list[Match]:
        """Officers ``text`` may mean, best first, each with a confidence and the reason.

        (``_exhaustive`` compares every officer found in full, without the score ceiling:
        the same answer, more slowly; the tests compare both.)"""
        if not self.entries:  # an empty registry (a new library): nobody to rank
            return []
        mention = parse_mention(text or "")
        if not mention.identifiers and not mention.name and not mention.whole:
            return []
        entries = [self.entries[officer_id] for officer_id in self.candidates(mention)]
        ceilings = None if _exhaustive else self._ceilings(mention)
        ranked = rank_entries(entries, mention, on_date, max(limit, 0), ceilings)
        return [
            Match(entry.id, entry.name, assessment.score, assessment.confidence, assessment.reason)
            for entry, assessment in ranked
        ]


def _registry_version(session: Session) -> int:
    return int(
        session.execute(
            select(OfficerRegistryState.version).where(OfficerRegistryState.id == 1)
        ).scalar_one_or_none()
        or 0
    )


def _load_entries(session: Session) -> dict[int, RegistryEntry]:
    rows: dict[int, tuple[str, str | None]] = {
        officer_id: (name, rank)
        for officer_id, name, rank in session.execute(
            select(Officer.id, Officer.name, Officer.rank).where(Officer.merged_into_id.is_(None))
        )
    }
    identifiers: dict[int, list[tuple[str, str, date | None, date | None]]] = {}
    for officer_id, kind, value, valid_from, valid_to in session.execute(
        select(
            OfficerIdentifier.officer_id,
            OfficerIdentifier.kind,
            OfficerIdentifier.value,
            OfficerIdentifier.valid_from,
            OfficerIdentifier.valid_to,
        ).order_by(OfficerIdentifier.id)
    ):
        if officer_id in rows:
            identifiers.setdefault(officer_id, []).append((kind, value, valid_from, valid_to))
    aliases: dict[int, list[str]] = {}
    for officer_id, text in session.execute(
        select(OfficerAlias.officer_id, OfficerAlias.text).order_by(OfficerAlias.id)
    ):
        if officer_id in rows:
            aliases.setdefault(officer_id, []).append(text)
    return {
        officer_id: _entry(
            officer_id, name, rank, identifiers.get(officer_id, []), aliases.get(officer_id, [])
        )
        for officer_id, (name, rank) in rows.items()
    }


_MATCHERS: weakref.WeakKeyDictionary[Library, RegistryMatcher] = weakref.WeakKeyDictionary()
_MATCHERS_LOCK = threading.Lock()


def registry_matcher(library: Library) -> RegistryMatcher:
    """The registry of ``library`` ready for matching; loaded again only after a change."""
    with library.read() as session:
        version = _registry_version(session)
        cached = _MATCHERS.get(library)
        if cached is not None and cached.version == version:
            return cached
        with _MATCHERS_LOCK:
            cached = _MATCHERS.get(library)
            if cached is not None and cached.version == version:
                return cached
            matcher = RegistryMatcher(version, _load_entries(session))
            _MATCHERS[library] = matcher
            return matcher


def suggest(
    library: Library, text: str, *, on_date: date | None = None, limit: int = 10
) -> list[OfficerSuggestion]:
    """Registered officers (not merged away) that ``text`` may mean, best first.

    ``on_date`` is the date of the event: identifiers are checked against their validity
    period on that day. Officers scoring under ``MINIMUM_SCORE`` are left out.
    """
    matches = registry_matcher(library).rank(text, on_date=on_date, limit=limit)
    if not matches:
        return []
    with library.read() as session:
        officers = {
            officer.id: officer
            for officer in session.execute(
                select(Officer)
                .where(Officer.id.in_([match.officer_id for match in matches]))
                .options(selectinload(Officer.identifiers), selectinload(Officer.aliases))
            ).scalars()
        }
        return [
            OfficerSuggestion(
                match.officer_id,
                match.score,
                match.confidence,
                match.reason,
                officer_record(officers[match.officer_id]),
            )
            for match in matches
            if match.officer_id in officers
        ]


# -- the registry filter ------------------------------------------------------------------


def filter_key(record: OfficerRecord) -> str:
    """What the registry's filter box searches for one officer: folded name, aliases, rank,
    command and every identifier with its kind, numbers without leading zeros."""
    parts = [record.name, record.rank or "", record.command or "", record.description or ""]
    parts.extend(alias.text for alias in record.aliases)
    for item in record.identifiers:
        parts.append(f"{_label(item.kind)} {item.value}")
    return " " + _normalised_whole(" ".join(parts)) + " "


def filter_terms(text: str) -> list[str]:
    """The filter box's words as ``filter_key`` spells them ("UC 0214" -> ["uc", "214"])."""
    return _normalised_whole(text).split()


def matches_filter(key: str, terms: list[str]) -> bool:
    """Every word typed is found in the key; a number only from its first digit, so that
    "214" finds UC 0214 (and, while typing, 2140) but not shield 1214."""
    return all((f" {term}" in key) if term.isdigit() else (term in key) for term in terms)
