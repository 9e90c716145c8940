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

Motion papers name their own client and choose their pseudonyms in order of mention: they
build on the same people and letters (``motion_guard.py``).
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from ..records import ClientRecord, MatterRecord
from .package import IdentifierLeakError
from .scanner import (
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
    "forbidden_letters",
    "officer_people",
    "pseudonym_for",
    "pseudonyms_in_order",
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


def forbidden_letters(clients: Iterable[ClientRecord]) -> set[str]:
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


def pseudonyms_in_order(forbidden: set[str]) -> Iterator[str]:
    """ "Client A", "Client B", … skipping a letter group in ``forbidden``."""
    index = 0
    while True:
        if fold_plain(_letters(index)) not in forbidden:
            yield pseudonym_for(index)
        index += 1


def assign_pseudonyms(clients: Sequence[ClientRecord]) -> dict[int, str]:
    """Pseudonyms in the order clients were entered: the same letter in every brief."""
    pseudonyms = pseudonyms_in_order(forbidden_letters(clients))
    return {client.id: next(pseudonyms) for client in sorted(clients, key=lambda item: item.id)}


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
