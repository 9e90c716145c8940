"""Finding the same officer again when a roster or a public record names him.

Imports must not guess. A row is the same officer as a registered one when a career-long
identifier agrees (tax id, employee no., CCRB officer id) and the names do not contradict
each other (a married name or a misspelling is fine, another person's name is not), or
when a shield (or undercover number) agrees *together with* the name: shields are reissued,
so a shield alone is never enough. A row whose identifiers point at different officers, or
whose shield and name fit more than one, is ambiguous and left for a person; a row with only
a name is never matched to a namesake. The index also takes officers planned earlier in the
same file, so that a file naming an officer twice (one row per allegation) yields one
officer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .matching import NameParts, compare_names, name_parts
from .model import Officer, OfficerIdentifier
from .officers import UNIDENTIFIED_NAME, normalise_identifier
from .vocabulary import OFFICER_IDENTIFIER_KINDS, STABLE_IDENTIFIER_KINDS

_LABELS = {
    "shield": "shield",
    "tax_id": "tax id",
    "employee": "employee no.",
    "uc": "UC",
    "mos_id": "CCRB id",
}
_WITH_NAME_KINDS = ("shield", "uc")  # identify only together with the name


def identifier_label(kind: str, value: str) -> str:
    return f"{_LABELS.get(kind, OFFICER_IDENTIFIER_KINDS.get(kind, kind))} {value}"


@dataclass(frozen=True, slots=True)
class Resolution:
    """Which officer a row names: ``found`` (``key``), ``new`` or ``ambiguous`` (why)."""

    status: Literal["found", "new", "ambiguous"]
    key: int | None  # an officer id, or a negative key for an officer planned in this file
    reason: str
    candidates: tuple[int, ...] = ()  # the officers an ambiguous row could be


@dataclass(slots=True)
class _Known:
    name: str
    parts: NameParts
    identifiers: dict[str, set[str]]  # kind -> normalised values


class IdentityIndex:
    """Registered (and planned) officers by identifier and by name."""

    def __init__(self) -> None:
        self._known: dict[int, _Known] = {}
        self._by_identifier: dict[tuple[str, str], set[int]] = {}
        self._by_name: dict[tuple[str, ...], set[int]] = {}

    @classmethod
    def load(cls, session: Session) -> IdentityIndex:
        """The live registry (officers merged into another are found through the survivor,
        which holds their identifiers)."""
        index = cls()
        names = {
            officer_id: name
            for officer_id, name in session.execute(
                select(Officer.id, Officer.name).where(Officer.merged_into_id.is_(None))
            )
        }
        identifiers: dict[int, list[tuple[str, str]]] = {}
        for officer_id, kind, value in session.execute(
            select(OfficerIdentifier.officer_id, OfficerIdentifier.kind, OfficerIdentifier.value)
        ):
            if officer_id in names:
                identifiers.setdefault(officer_id, []).append((kind, value))
        for officer_id, name in names.items():
            index.add(officer_id, name, identifiers.get(officer_id, []))
        return index

    def add(self, key: int, name: str, identifiers: list[tuple[str, str]]) -> None:
        """Index an officer (again, after his name or identifiers changed)."""
        known = self._known.get(key)
        if known is None:
            parts = name_parts(name) if name != UNIDENTIFIED_NAME else NameParts(())
            known = _Known(name, parts, {})
            self._known[key] = known
            if parts.words:
                self._by_name.setdefault(parts.words, set()).add(key)
        elif name != known.name:
            self._by_name.get(known.parts.words, set()).discard(key)
            known.name = name
            known.parts = name_parts(name)
            if known.parts.words:
                self._by_name.setdefault(known.parts.words, set()).add(key)
        for kind, value in identifiers:
            normalised = normalise_identifier(value)
            known.identifiers.setdefault(kind, set()).add(normalised)
            self._by_identifier.setdefault((kind, normalised), set()).add(key)

    def identifiers_of(self, key: int) -> dict[str, set[str]]:
        return self._known[key].identifiers

    def name_of(self, key: int) -> str:
        return self._known[key].name

    def _conflict(self, key: int, identifiers: list[tuple[str, str]]) -> str:
        """A career-long identifier of the row that the officer holds with another value."""
        held = self._known[key].identifiers
        for kind, value in identifiers:
            if kind not in STABLE_IDENTIFIER_KINDS:
                continue
            theirs = held.get(kind, set())
            if theirs and normalise_identifier(value) not in theirs:
                return f"{_LABELS[kind]} {value}, but officer has {', '.join(sorted(theirs))}"
        return ""

    def _who(self, key: int) -> str:
        return (
            f"officer {key} ({self._known[key].name})"
            if key > 0
            else (f"{self._known[key].name} (earlier in this file)")
        )

    def resolve(self, name: str, identifiers: list[tuple[str, str]]) -> Resolution:
        """The officer a row names (by its name and its (kind, value) identifiers)."""
        stable = [(kind, value) for kind, value in identifiers if kind in STABLE_IDENTIFIER_KINDS]
        by_stable: dict[int, str] = {}
        for kind, value in stable:
            for key in self._by_identifier.get((kind, normalise_identifier(value)), ()):
                by_stable.setdefault(key, identifier_label(kind, value))
        if len(by_stable) > 1:
            who = "; ".join(f"{label} is {self._who(key)}" for key, label in by_stable.items())
            return Resolution(
                "ambiguous",
                None,
                f"its identifiers name different officers: {who}",
                tuple(by_stable),
            )
        row_name = name_parts(name)
        if by_stable:
            key, label = next(iter(by_stable.items()))
            conflict = self._conflict(key, stable)
            if conflict:
                return Resolution(
                    "ambiguous", None, f"{label} is {self._who(key)}, whose {conflict}", (key,)
                )
            if compare_names(row_name, self._known[key].parts).verdict == "contradicts":
                # A typo in an identifier must not rename an officer: a person decides.
                return Resolution(
                    "ambiguous",
                    None,
                    f"{label} is {self._who(key)}, but the row names {name}",
                    (key,),
                )
            return Resolution("found", key, label)
        fitting: dict[int, str] = {}
        for kind, value in identifiers:
            if kind not in _WITH_NAME_KINDS:
                continue
            for key in self._by_identifier.get((kind, normalise_identifier(value)), ()):
                known = self._known[key]
                if self._conflict(key, stable):
                    continue  # another person who once held the same shield
                if compare_names(row_name, known.parts).verdict == "agrees":
                    fitting.setdefault(key, f"{identifier_label(kind, value)} and the name")
        if len(fitting) > 1:
            who = ", ".join(self._who(key) for key in fitting)
            return Resolution(
                "ambiguous",
                None,
                f"{next(iter(fitting.values()))} fit several officers: {who}",
                tuple(fitting),
            )
        if fitting:
            key, reason = next(iter(fitting.items()))
            return Resolution("found", key, reason)
        if not identifiers and row_name.words:
            namesakes = self._by_name.get(row_name.words, set())
            if namesakes:
                who = ", ".join(self._who(key) for key in sorted(namesakes, key=abs))
                return Resolution(
                    "ambiguous",
                    None,
                    f"no identifier to tell it from {who} of the same name",
                    tuple(sorted(namesakes, key=abs)),
                )
        return Resolution("new", None, "")


def find_registered(session: Session, name: str, identifiers: list[tuple[str, str]]) -> Resolution:
    """``resolve`` against only the registered officers that could be meant (the same
    identifier values, or the same name), for registering one officer in a large registry."""
    normalised = {normalise_identifier(value) for _kind, value in identifiers}
    candidates: set[int] = set()
    if normalised:
        stored = func.upper(func.ltrim(OfficerIdentifier.value, "0"))
        candidates.update(
            officer_id
            for officer_id, value in session.execute(
                select(OfficerIdentifier.officer_id, OfficerIdentifier.value).where(
                    stored.in_({value.lstrip("0") for value in normalised})
                )
            )
            if normalise_identifier(value) in normalised
        )
    if name.strip():
        candidates.update(
            session.execute(
                select(Officer.id).where(func.lower(Officer.name) == name.strip().casefold())
            ).scalars()
        )
    index = IdentityIndex()
    if candidates:
        rows = session.execute(
            select(Officer.id, Officer.name).where(
                Officer.id.in_(candidates), Officer.merged_into_id.is_(None)
            )
        ).all()
        held: dict[int, list[tuple[str, str]]] = {}
        for officer_id, kind, value in session.execute(
            select(
                OfficerIdentifier.officer_id, OfficerIdentifier.kind, OfficerIdentifier.value
            ).where(OfficerIdentifier.officer_id.in_(candidates))
        ):
            held.setdefault(officer_id, []).append((kind, value))
        for officer_id, officer_name in rows:
            index.add(officer_id, officer_name, held.get(officer_id, []))
    resolution = index.resolve(name, identifiers)
    if resolution.status != "new":
        return resolution
    # Registering by hand is warned more readily than an import decides: the same shield
    # or UC number with a name that is only similar ("Tom" for "Thomas") is worth a look.
    row_name = name_parts(name)
    for kind, value in identifiers:
        if kind not in _WITH_NAME_KINDS:
            continue
        for key in sorted(index._by_identifier.get((kind, normalise_identifier(value)), ())):
            if compare_names(row_name, index._known[key].parts).verdict == "unclear":
                return Resolution(
                    "ambiguous",
                    None,
                    f"{identifier_label(kind, value)} is {index._who(key)}, a similar name",
                    (key,),
                )
    return resolution
