"""Matching what a source says about an officer against the registry.

Clients and paperwork name officers loosely: "PO Smith shield 4521", "UC 214", "Officer Jon
Smyth". ``suggest`` reads such a text into identifier numbers (with the kind the text
names, when it names one) and a name, then scores every registered officer on three
independent kinds of evidence:

* an identifier with the same value, of the kind the text names, valid on the date of the
  event (shield numbers are reissued, so a shield valid in 2015 says little about 2021);
* an alias, the officer as some source already wrote him, compared as a whole;
* name similarity (rapidfuzz), tolerant of misspellings, missing first names and word order.

The best of the three sets the score; the second best adds a little, so that a shield and
a name that agree outrank either alone. Nothing here changes the registry: suggestions are
for a person to confirm (and perhaps merge).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .library import Library
from .model import Officer, OfficerAlias, OfficerIdentifier
from .officers import UNIDENTIFIED_NAME, normalise_identifier, officer_record
from .records import OfficerRecord

# Words that say what an officer is, not who: left out of the name that is compared.
_TITLE_WORDS = frozenset(
    {
        "po",
        "officer",
        "off",
        "ofc",
        "det",
        "detective",
        "sgt",
        "sergeant",
        "lt",
        "lieutenant",
        "capt",
        "captain",
        "insp",
        "inspector",
        "chief",
        "cpl",
        "trooper",
        "agent",
        "deputy",
        "mr",
        "ms",
        "mrs",
        "the",
    }
)
# Words that announce an identifier and which kind it is.
_KIND_WORDS = {
    "shield": "shield",
    "badge": "shield",
    "sh": "shield",
    "uc": "uc",
    "undercover": "uc",
    "tax": "tax_id",
    "taxid": "tax_id",
    "employee": "employee",
    "emp": "employee",
}
# Words between a kind word and its number ("shield no. 4521", "tax id 9123").
_FILLER_WORDS = frozenset({"no", "nr", "nbr", "num", "number", "id", "reg"})

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+")
_PO = re.compile(r"\bp\.\s*o\b\.?", re.IGNORECASE)

_SHORT_LABELS = {"shield": "shield", "tax_id": "tax id", "employee": "employee no.", "uc": "UC"}

# Weights: what each kind of evidence is worth at most on its own.
IDENTIFIER_VALID_ON_DATE = 88.0
IDENTIFIER_UNDATED = 85.0
IDENTIFIER_PERIOD_NO_DATE = 82.0
IDENTIFIER_OTHER_KIND = 60.0
IDENTIFIER_NOT_VALID_ON_DATE = 45.0
ALIAS_WEIGHT = 0.90
NAME_WEIGHT = 0.85
SECOND_EVIDENCE_WEIGHT = 0.15
MINIMUM_SCORE = 40.0
# Raw similarity below which an officer cannot reach MINIMUM_SCORE on that evidence even
# with the bonus of a second (MINIMUM_SCORE / (1 + SECOND_EVIDENCE_WEIGHT) / ALIAS_WEIGHT).
_CUTOFF = 33.0
REASON_MINIMUM = 40.0  # weaker evidence is not worth reading in the reason


@dataclass(frozen=True, slots=True)
class OfficerSuggestion:
    """A registered officer that may be the one the text means, with why."""

    officer: OfficerRecord
    score: float  # 0-100
    reason: str


@dataclass(frozen=True, slots=True)
class ParsedMention:
    """What a text says about an officer: identifier numbers (with kind hint) and a name."""

    identifiers: tuple[tuple[str, str | None], ...]  # (normalised value, kind or None)
    name: str
    whole: str  # the text normalised for alias comparison


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_PO.sub(" PO ", text))


def _normalised_whole(text: str) -> str:
    """Lower-case words and numbers without leading zeros: "UC #0214" -> "uc 214"."""
    parts = []
    for token in _tokens(text):
        parts.append(normalise_identifier(token) if token.isdigit() else token.casefold())
    return " ".join(parts)


def parse_mention(text: str) -> ParsedMention:
    """Split a mention into identifier numbers and the name words."""
    tokens = _tokens(text)
    identifiers: list[tuple[str, str | None]] = []
    name_words: list[str] = []
    pending_kind: str | None = None
    for token in tokens:
        lowered = token.casefold()
        if token.isdigit():
            identifiers.append((normalise_identifier(token), pending_kind))
            pending_kind = None
        elif lowered in _KIND_WORDS:
            pending_kind = _KIND_WORDS[lowered]
        elif lowered in _FILLER_WORDS and pending_kind is not None:
            continue
        elif lowered in _TITLE_WORDS or lowered in _FILLER_WORDS:
            pending_kind = None
        else:
            name_words.append(token)
            pending_kind = None
    return ParsedMention(tuple(identifiers), " ".join(name_words), _normalised_whole(text))


def name_similarity(left: str, right: str) -> float:
    """0-100: how alike two names are, ignoring case, punctuation and word order.

    A name that is wholly contained in the other ("Smith" in "John Smith") scores just
    below an exact match.
    """
    if not left.strip() or not right.strip():
        return 0.0
    ordered = fuzz.token_sort_ratio(left, right, processor=default_process)
    contained = fuzz.token_set_ratio(left, right, processor=default_process) * 0.95
    return float(max(ordered, contained, _surname_similarity(left, right)))


def _surname_similarity(mention: str, name: str) -> float:
    """A surname alone, or an initial and a surname ("Smyth", "J. Smith"), against a name.

    Sources often give only the surname, misspelt: compare it with the registered surname,
    and when an initial is given, require that it agrees with the first name.
    """
    mention_words = default_process(mention).split()
    name_words = default_process(name).split()
    if not mention_words or len(name_words) < 2:
        return 0.0
    surname_ratio = fuzz.ratio(mention_words[-1], name_words[-1])
    if len(mention_words) == 1:
        return surname_ratio * 0.95
    initials = mention_words[:-1]
    if all(len(word) == 1 for word in initials) and initials[0] == name_words[0][:1]:
        return surname_ratio * 0.95
    return 0.0


def _valid_on(identifier: Any, on_date: date) -> bool:
    return (identifier.valid_from is None or identifier.valid_from <= on_date) and (
        identifier.valid_to is None or on_date <= identifier.valid_to
    )


def _identifier_evidence(
    officer: Any, mention: ParsedMention, on_date: date | None
) -> tuple[float, str]:
    best = (0.0, "")
    for value, hinted_kind in mention.identifiers:
        for identifier in officer.identifiers:
            if normalise_identifier(identifier.value) != value:
                continue
            label = _SHORT_LABELS.get(identifier.kind, identifier.kind)
            described = f"{label} {identifier.value}"
            has_period = identifier.valid_from is not None or identifier.valid_to is not None
            period = f"{identifier.valid_from or '…'} to {identifier.valid_to or '…'}"
            if hinted_kind is not None and hinted_kind != identifier.kind:
                hinted = _SHORT_LABELS.get(hinted_kind, hinted_kind)
                candidate = (IDENTIFIER_OTHER_KIND, f"{described} (the text says {hinted})")
            elif on_date is not None and not _valid_on(identifier, on_date):
                candidate = (
                    IDENTIFIER_NOT_VALID_ON_DATE,
                    f"{described}, but valid {period}, not on {on_date}",
                )
            elif on_date is not None and has_period:
                candidate = (IDENTIFIER_VALID_ON_DATE, f"{described} valid on {on_date}")
            elif has_period:
                candidate = (IDENTIFIER_PERIOD_NO_DATE, f"{described} (valid {period})")
            else:
                candidate = (IDENTIFIER_UNDATED, described)
            if candidate[0] > best[0]:
                best = candidate
    return best


def _alias_evidence(officer: Any, mention: ParsedMention) -> tuple[float, str]:
    best = (0.0, "")
    if not mention.whole:
        return best
    for alias in officer.aliases:
        similarity = float(fuzz.ratio(mention.whole, _normalised_whole(alias.text)))
        if similarity * ALIAS_WEIGHT > best[0]:
            best = (similarity * ALIAS_WEIGHT, f"alias {alias.text!r} ({similarity:.0f}%)")
    return best


def _name_evidence(officer: Any, mention: ParsedMention) -> tuple[float, str]:
    if not mention.name:
        return 0.0, ""
    best = (0.0, "")
    if officer.name != UNIDENTIFIED_NAME:  # a placeholder, not a name to compare
        similarity = name_similarity(mention.name, officer.name)
        best = (similarity * NAME_WEIGHT, f"name {officer.name!r} ({similarity:.0f}%)")
    for alias in officer.aliases:
        alias_name = parse_mention(alias.text).name
        alias_similarity = name_similarity(mention.name, alias_name)
        if alias_similarity * NAME_WEIGHT > best[0]:
            best = (
                alias_similarity * NAME_WEIGHT,
                f"name as written {alias.text!r} ({alias_similarity:.0f}%)",
            )
    return best


def score_officer(officer: Any, mention: ParsedMention, on_date: date | None) -> tuple[float, str]:
    """The combined score (0-100) and the reasons, strongest evidence first.

    ``officer`` is anything with ``name``, ``identifiers`` (kind, value, valid_from,
    valid_to) and ``aliases`` (text): an ORM ``Officer`` or the registry entries below.
    """
    evidence = sorted(
        (
            _identifier_evidence(officer, mention, on_date),
            _alias_evidence(officer, mention),
            _name_evidence(officer, mention),
        ),
        key=lambda item: item[0],
        reverse=True,
    )
    score = min(100.0, evidence[0][0] + SECOND_EVIDENCE_WEIGHT * evidence[1][0])
    reasons = [reason for value, reason in evidence if reason and value >= REASON_MINIMUM]
    if not reasons and evidence[0][1]:
        reasons = [evidence[0][1]]
    return round(score, 1), "; ".join(reasons)


@dataclass(frozen=True, slots=True)
class _Identifier:
    kind: str
    value: str
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True, slots=True)
class _Alias:
    text: str


@dataclass(slots=True)
class _Entry:
    """An officer as matching sees it: plain values, cheap to load for a whole registry."""

    id: int
    name: str
    identifiers: list[_Identifier]
    aliases: list[_Alias]


def _load_registry(session: Session) -> dict[int, _Entry]:
    entries = {
        officer_id: _Entry(officer_id, name, [], [])
        for officer_id, name in session.execute(
            select(Officer.id, Officer.name).where(Officer.merged_into_id.is_(None))
        )
    }
    for officer_id, kind, value, valid_from, valid_to in session.execute(
        select(
            OfficerIdentifier.officer_id,
            OfficerIdentifier.kind,
            OfficerIdentifier.value,
            OfficerIdentifier.valid_from,
            OfficerIdentifier.valid_to,
        ).order_by(OfficerIdentifier.id)
    ):
        if officer_id in entries:
            entries[officer_id].identifiers.append(_Identifier(kind, value, valid_from, valid_to))
    for officer_id, text in session.execute(
        select(OfficerAlias.officer_id, OfficerAlias.text).order_by(OfficerAlias.id)
    ):
        if officer_id in entries:
            entries[officer_id].aliases.append(_Alias(text))
    return entries


def _candidates(entries: dict[int, _Entry], mention: ParsedMention) -> set[int]:
    """Officers with any evidence worth scoring, found with rapidfuzz's batch scorers so
    that the full (per-officer) scoring runs on a handful rather than the whole registry."""
    found: set[int] = set()
    wanted = {value for value, _kind in mention.identifiers}
    if wanted:
        for entry in entries.values():
            if any(normalise_identifier(item.value) in wanted for item in entry.identifiers):
                found.add(entry.id)
    alias_owner: dict[int, int] = {}
    alias_whole: dict[int, str] = {}
    alias_names: dict[int, str] = {}
    for entry in entries.values():
        for alias in entry.aliases:
            key = len(alias_owner)
            alias_owner[key] = entry.id
            alias_whole[key] = _normalised_whole(alias.text)
            alias_names[key] = parse_mention(alias.text).name
    if mention.whole and alias_whole:
        for _text, _score, key in process.extract(
            mention.whole, alias_whole, scorer=fuzz.ratio, limit=None, score_cutoff=_CUTOFF
        ):
            found.add(alias_owner[key])
    if mention.name:
        names = {entry.id: entry.name for entry in entries.values()}
        surnames = {
            entry.id: entry.name.split()[-1] for entry in entries.values() if entry.name.split()
        }
        alias_surnames = {key: name.split()[-1] for key, name in alias_names.items() if name}
        searches: list[tuple[str, dict[int, str], Any, dict[int, int] | None]] = [
            (mention.name, names, fuzz.token_sort_ratio, None),
            (mention.name, names, fuzz.token_set_ratio, None),
            (mention.name.split()[-1], surnames, fuzz.ratio, None),
            (mention.name, alias_names, fuzz.token_sort_ratio, alias_owner),
            (mention.name, alias_names, fuzz.token_set_ratio, alias_owner),
            (mention.name.split()[-1], alias_surnames, fuzz.ratio, alias_owner),
        ]
        for query, choices, scorer, owners in searches:
            for _text, _score, key in process.extract(
                query,
                choices,
                scorer=scorer,
                processor=default_process,
                limit=None,
                score_cutoff=_CUTOFF,
            ):
                found.add(owners[key] if owners is not None else key)
    return found


def suggest(
    library: Library, text: str, *, on_date: date | None = None, limit: int = 10
) -> list[OfficerSuggestion]:
    """Registered officers (not merged away) that ``text`` may mean, best first.

    ``on_date`` is the date of the event: identifiers are checked against their validity
    period on that day. Officers scoring under ``MINIMUM_SCORE`` are left out.
    """
    mention = parse_mention(text or "")
    if not mention.identifiers and not mention.name and not mention.whole:
        return []
    with library.read() as session:
        entries = _load_registry(session)
        scored: list[tuple[float, str, int]] = []
        for officer_id in _candidates(entries, mention):
            score, reason = score_officer(entries[officer_id], mention, on_date)
            if score >= MINIMUM_SCORE:
                scored.append((score, reason, officer_id))
        scored.sort(key=lambda item: (-item[0], item[2]))
        best = scored[: max(limit, 0)]
        officers = {
            officer.id: officer
            for officer in session.execute(
                select(Officer)
                .where(Officer.id.in_([officer_id for _, _, officer_id in best]))
                .options(selectinload(Officer.identifiers), selectinload(Officer.aliases))
            ).scalars()
        }
        return [
            OfficerSuggestion(officer_record(officers[officer_id]), score, reason)
            for score, reason, officer_id in best
        ]
