"""Who motion papers must not name: every other client, through the identifier scanner.

Motion papers are filed in one matter. They name that matter's client (the defendant),
the officers, the authorities and the office; every other client of the library is watched
by the identifier scanner (``scanner.py``) with every spelling it knows: accents and case
("JOSE NUNEZ" is José Núñez), look-alike letters, soft hyphens, initials ("J. Nunez"),
reversed names ("Nunez, Jose"), dates of birth in any form, ages, numbers whatever their
separators, addresses.

``MotionGuard`` does two things with it:

* ``clean`` rewrites a summary, quotation or exhibit title: another client's name in any of
  those forms becomes their pseudonym ("Client B", given in the order the papers first
  mention them, never a letter group that is itself someone's name or initials), a lone
  name part "[name withheld]", a date of birth, number or address "[withheld]";
* ``scan`` is the last check on every part of the written file (``package.check_package``)
  and on the title before it is used.

A finding is excused where the papers' own words stand: inside what the scanner finds for
the defendant or for an officer the papers name (a first name the defendant shares with
another client cannot be told apart, so it stays, as does "Det. Victor Sampleton" when
another client is called Victor), or inside one of the papers' fixed phrases (an
authority's citation such as "People v. Smith", the office's signature block). Only certain
findings count: a doubtful one (an everyday word that is also a name: "he will arrest",
"near Lee Avenue") is neither replaced nor a reason to refuse court papers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from ..errors import ValidationError
from ..records import ClientRecord, MatterRecord
from .anonymise import (
    OfficerIdentity,
    client_people,
    forbidden_letters,
    officer_people,
    pseudonyms_in_order,
)
from .content import MemoOfficer
from .scanner import KIND_LABELS, Finding, IdentifierScanner

ANOTHER_CLIENT = "another client"  # what a name says before its client has a pseudonym


def refusal(finding: Finding, part: str) -> ValidationError:
    """Why motion papers were not written: the kind of identifier, as written, and where;
    whose it is stays "another client's"."""
    label = KIND_LABELS.get(finding.kind, finding.kind)
    return ValidationError(
        f"the motion was not written: it would contain another client's {label} "
        f"{finding.text!r} in {part}; fix the title, the template or the evidence"
    )


class MotionGuard:
    """Other clients' identifiers for one motion: pseudonyms, cleaning and the final scan."""

    def __init__(
        self,
        defendant: ClientRecord,
        clients: Sequence[ClientRecord],
        matters: Sequence[MatterRecord],
        officers: Iterable[MemoOfficer] = (),
    ) -> None:
        ordered = sorted(clients, key=lambda client: client.id)
        if all(client.id != defendant.id for client in ordered):
            ordered.append(defendant)
        people = client_people(ordered, matters, {client.id: ANOTHER_CLIENT for client in ordered})
        self._others = IdentifierScanner([person for person in people if person.id != defendant.id])
        named = [
            OfficerIdentity(officer.id, officer.name, (officer.display_name,), officer.identifiers)
            for officer in officers
        ]
        own = [person for person in people if person.id == defendant.id]
        self._own = IdentifierScanner(own + officer_people(named, {}))
        self._phrases: list[re.Pattern[str]] = []
        self._pseudonyms: Iterator[str] = pseudonyms_in_order(forbidden_letters(ordered))
        self.labels: dict[int, str] = {}

    # -- pseudonyms ---------------------------------------------------------------------

    def label(self, client_id: int) -> str:
        """The client's pseudonym, given now if the papers have not mentioned them yet."""
        if client_id not in self.labels:
            self.labels[client_id] = next(self._pseudonyms)
        return self.labels[client_id]

    def label_mentions(self, text: str) -> None:
        """Give the other clients ``text`` names their pseudonyms, in the order it names them."""
        for finding in self.scan(text):
            if finding.replacement == ANOTHER_CLIENT:
                self.label(finding.owner_id)

    # -- finding and cleaning ------------------------------------------------------------

    def add_phrases(self, phrases: Iterable[str]) -> None:
        """Words the papers print by design (citations, the signature block): a finding
        inside one of them is not another client's."""
        for phrase in phrases:
            words = phrase.split()
            if words:
                pattern = r"\s+".join(re.escape(word) for word in words)
                self._phrases.append(re.compile(pattern, re.IGNORECASE))

    def scan(self, text: str) -> list[Finding]:
        """Certain findings of other clients in ``text`` that the papers' own words do not
        explain (see the module docstring)."""
        findings = [finding for finding in self._others.scan(text) if finding.certain]
        if not findings:
            return []
        # The papers' own words around each finding: a name, number or phrase never runs
        # across a line, so only the lines holding a finding are scanned again.
        own: dict[int, list[tuple[int, int]]] = {}
        kept = []
        for finding in findings:
            start = text.rfind("\n", 0, finding.start) + 1
            if start not in own:
                end = text.find("\n", finding.end)
                own[start] = self._own_spans(text[start : len(text) if end == -1 else end], start)
            if not any(low <= finding.start and finding.end <= high for low, high in own[start]):
                kept.append(finding)
        return kept

    def _own_spans(self, line: str, offset: int) -> list[tuple[int, int]]:
        """Where the defendant, the named officers and the papers' phrases stand in a line."""
        spans = [(item.start, item.end) for item in self._own.scan(line)]
        for pattern in self._phrases:
            spans.extend(match.span() for match in pattern.finditer(line))
        return [(start + offset, end + offset) for start, end in spans]

    def clean(self, text: str) -> str:
        """``text`` with every other client's identifier replaced (names by the pseudonym)."""
        if not text:
            return text
        pieces: list[str] = []
        position = 0
        for finding in self.scan(text):
            replacement = finding.replacement
            if replacement == ANOTHER_CLIENT:
                replacement = self.labels.get(finding.owner_id, ANOTHER_CLIENT)
            pieces.append(text[position : finding.start])
            pieces.append(replacement)
            position = finding.end
        pieces.append(text[position:])
        return "".join(pieces)

    def check_title(self, title: str) -> None:
        """The title is scanned before it goes into the papers and their properties."""
        for finding in self.scan(title):
            raise refusal(finding, "the title")
