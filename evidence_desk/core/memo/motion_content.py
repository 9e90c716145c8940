"""What motion papers say, and about whom: the defendant's own allegations, other clients'
accounts under pseudonyms, the exhibits, and the court's caption.

Motion papers are filed in one matter and may name only that matter's client. Everyone
else this office represents becomes "Client A", "Client B"… in the order the papers first
mention them; their names, other names, dates of birth, file and docket numbers and other
identifiers, in every spelling the identifier scanner knows, are replaced in every summary,
quotation and exhibit title, their events are dated to the month, and the finished file is
scanned for all of those identifiers before it is put in place (``motion_guard.py``).

Privileged words — the team's notes of what a client said, and documents from the client
or from the defense's own investigation — are not quoted unless someone released them
(``releases.py``; the same release a public brief needs): otherwise the papers state those
facts upon information and belief. Police paperwork and other disclosed documents are
quoted with pinpoint cites to lettered exhibits.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date

from ..dates import PartialDate
from ..errors import ValidationError
from ..matters import all_clients, list_matters
from ..records import MatterRecord
from ..releases import list_passages
from .content import MemoAllegation, MemoCitation, MemoContent, MemoOfficer, exhibit_letter
from .motion_guard import MotionGuard

# Document sources whose words are the client's or the defense's own: privileged.
PRIVILEGED_SOURCES = frozenset({"client", "investigation", "note"})

# Summaries are typed about "the client"; in court papers that person is the defendant or
# a pseudonymous other client.
_THE_CLIENT = re.compile(r"\b([Tt])he client\b")
_RUNNING_NUMBER = re.compile(r"^\s*\d{1,4}(?:[\s._-]+|$)")
# A word in capitals with a vowel and four letters or more; NYPD, DD5 or CCRB are acronyms.
_CAPITAL_WORD = re.compile(r"\b(?=[A-Z]*[AEIOU])[A-Z]{4,}(?:-[A-Z]+)*\b")


@dataclass(frozen=True, slots=True)
class MotionExhibit:
    """A document annexed to the affirmation."""

    letter: str
    document_id: int
    title: str
    bates_start: str | None
    bates_end: str | None
    own_matter: bool
    client_label: str  # "" for the defendant's matter, else "Client B"


@dataclass(frozen=True, slots=True)
class Account:
    """One allegation as the papers tell it, already cleaned of other clients' identifiers."""

    allegation: MemoAllegation
    officer_ids: tuple[int, ...]  # the covered officers it names, first the one it is told under
    client_label: str  # "" for the defendant, else "Client B"
    when: str  # "on 9 January 2024" for the defendant, "in January 2024" for another client
    summary: str
    narrative: str  # the defendant's own accounts only
    location: str  # the defendant's own accounts only
    quotes: tuple[tuple[MemoCitation, str], ...]  # disclosed documents: (citation, cleaned quote)
    told: tuple[str, ...] = ()  # the client's words from the team's notes, released, cleaned


@dataclass(frozen=True, slots=True)
class Caption:
    """The court's caption, each part '' when not known (a marked blank in the papers)."""

    court_form: str  # "criminal" or "supreme"
    county: str
    part: str
    number: str  # docket or indictment number

    @property
    def court_line(self) -> str:
        if self.court_form == "supreme":
            return "SUPREME COURT OF THE STATE OF NEW YORK"
        return "CRIMINAL COURT OF THE CITY OF NEW YORK"

    @property
    def number_label(self) -> str:
        return "Indictment No." if self.court_form == "supreme" else "Docket No."


@dataclass(frozen=True, slots=True)
class MotionContent:
    matter: MatterRecord
    officers: tuple[MemoOfficer, ...]
    own: tuple[Account, ...]  # the defendant's accounts in this matter, in date order
    others: dict[int, tuple[Account, ...]]  # officer id -> other matters' accounts
    exhibits: tuple[MotionExhibit, ...]
    labels: dict[str, str]  # conduct code -> label
    guard: MotionGuard  # other clients' pseudonyms, the cleaning of text, the final scan

    @property
    def quotes_other_clients(self) -> bool:
        """Whether any other client's own (released) words are quoted."""
        return any(item.told for accounts in self.others.values() for item in accounts)

    @property
    def other_clients(self) -> int:
        return len(
            {
                account.client_label
                for accounts in self.others.values()
                for account in accounts
                if account.client_label
            }
        )

    def letters(self) -> dict[int, str]:
        return {exhibit.document_id: exhibit.letter for exhibit in self.exhibits}

    def own_of(self, officer_id: int) -> tuple[Account, ...]:
        """The defendant's accounts told under an officer (the first covered one named)."""
        return tuple(item for item in self.own if item.officer_ids[0] == officer_id)

    def in_order(self) -> list[Account]:
        """Every account in the order the papers tell them: the defendant's, officer by
        officer, then other clients', officer by officer."""
        own = [item for officer in self.officers for item in self.own_of(officer.id)]
        others = [item for officer in self.officers for item in self.others.get(officer.id, ())]
        return own + others


def is_privileged(citation: MemoCitation) -> bool:
    """The client's own words or the defense's work: never quoted in court papers."""
    return citation.note_id is not None or citation.source in PRIVILEGED_SOURCES


def exhibit_title(title: str) -> str:
    """An exhibit's title as running text can use it: without a running number left from
    its file name ("001 Arrest Report" -> "Arrest Report") and without shouting
    ("PROPERTY CLERK INVOICE (VOUCHER)" -> "Property Clerk Invoice (Voucher)"); acronyms
    such as NYPD or DD5 stay as they are."""
    cleaned = _RUNNING_NUMBER.sub("", title).strip() or title
    return _CAPITAL_WORD.sub(
        lambda match: "-".join(part.capitalize() for part in match.group(0).split("-")), cleaned
    )


def when_phrase(allegation: MemoAllegation) -> str:
    """When the defendant's event happened, to the precision known: "on 9 January 2024",
    "in January 2024", "in 2024", "between 1 and 15 March 2024"."""
    when = allegation.date
    if when.start is None or when.end is None:
        return "on a date not yet known"
    if when.precision == "day":
        return f"on {when.display()}"
    if when.precision in ("month", "year"):
        return f"in {when.display()}"
    first = PartialDate("day", when.start, when.start).display()
    last = PartialDate("day", when.end, when.end).display()
    return f"between {first} and {last}"


def month_of(allegation: MemoAllegation) -> str:
    """Another client's event, to the month at most: "in March 2024", "in 2024"."""
    when = allegation.date
    if when.start is None or when.end is None:
        return "on a date not known"
    if when.precision == "year" or when.start.year != when.end.year:
        years = sorted({when.start.year, when.end.year})
        return "in " + "–".join(str(year) for year in years)
    first, last = when.start.strftime("%B"), when.end.strftime("%B")
    month = first if first == last else f"{first}–{last}"
    return f"in {month} {when.start.year}"


NEW_YORK_COUNTIES = (
    *[
        "Albany",
        "Allegany",
        "Bronx",
        "Broome",
        "Cattaraugus",
        "Cayuga",
        "Chautauqua",
        "Chemung",
        "Chenango",
        "Clinton",
        "Columbia",
        "Cortland",
        "Delaware",
        "Dutchess",
        "Erie",
        "Essex",
        "Franklin",
        "Fulton",
        "Genesee",
        "Greene",
        "Hamilton",
        "Herkimer",
        "Jefferson",
        "Kings",
        "Lewis",
        "Livingston",
        "Madison",
        "Monroe",
        "Montgomery",
        "Nassau",
        "Niagara",
        "Oneida",
        "Onondaga",
        "Ontario",
        "Orange",
        "Orleans",
        "Oswego",
        "Otsego",
        "Putnam",
        "Queens",
        "Rensselaer",
        "Richmond",
        "Rockland",
        "Saratoga",
        "Schenectady",
        "Schoharie",
        "Schuyler",
        "Seneca",
        "Steuben",
        "Suffolk",
        "Sullivan",
        "Tioga",
        "Tompkins",
        "Ulster",
        "Warren",
        "Washington",
        "Wayne",
        "Westchester",
        "Wyoming",
        "Yates",
    ],
    "New York",
    "St. Lawrence",
)
BOROUGHS = {
    "manhattan": "New York",
    "brooklyn": "Kings",
    "staten island": "Richmond",
    "bronx": "Bronx",
    "queens": "Queens",
}
_COUNTY_NAMES = "|".join(re.escape(name) for name in NEW_YORK_COUNTIES)
_COUNTY = re.compile(
    rf"\b(?:({_COUNTY_NAMES}) County|County of ({_COUNTY_NAMES}))\b", re.IGNORECASE
)


def parse_court(text: str | None) -> tuple[str | None, str | None]:
    """(court form, county) a matter's court names: "Supreme Court, Queens County" ->
    ("supreme", "Queens"); None where it does not say (the office settings decide)."""
    if not text:
        return None, None
    lowered = text.lower()
    form = "supreme" if "supreme" in lowered else "criminal" if "criminal" in lowered else None
    county = None
    match = _COUNTY.search(text)
    if match is not None:
        found = (match.group(1) or match.group(2)).casefold()
        county = next(name for name in NEW_YORK_COUNTIES if name.casefold() == found)
    else:
        county = next((name for borough, name in BOROUGHS.items() if borough in lowered), None)
    return form, county


def build_caption(matter: MatterRecord, settings_form: str, county: str, part: str) -> Caption:
    form, matter_county = parse_court(matter.court)
    return Caption(
        court_form=form or settings_form,
        county=(matter_county or county).strip(),
        part=part.strip(),
        number=(matter.docket or "").strip(),
    )


def _client_words(text: str, label: str) -> str:
    """ "the client" -> "the defendant" or "Client B"."""

    def replace(match: re.Match[str]) -> str:
        if label:
            return label
        return f"{match.group(1)}he defendant"

    return _THE_CLIENT.sub(replace, text)


def released_key(citation: MemoCitation) -> str:
    """The passage a citation's quoted words are released under (``releases.py``)."""
    return f"citation:{citation.id}"


def quotable(citation: MemoCitation, released: set[str]) -> bool:
    """Whether court papers may quote a citation's words: disclosed documents always; the
    client's own words and the defense's work only once someone released them."""
    if not citation.quote.strip():
        return False
    return not is_privileged(citation) or released_key(citation) in released


def _words_of(allegation: MemoAllegation, released: set[str]) -> str:
    """Everything of an allegation the papers may print, for finding who it mentions."""
    quotes = [item.quote for item in allegation.citations if quotable(item, released)]
    return "\n".join([allegation.summary, allegation.narrative, *quotes])


def build_motion_content(library, content: MemoContent, matter: MatterRecord) -> MotionContent:  # type: ignore[no-untyped-def]
    """Split ``content`` into the defendant's accounts and other clients' accounts."""
    clients = all_clients(library)
    matters = [summary.matter for summary in list_matters(library)]
    defendant = matter.client
    names = MotionGuard(defendant, clients, matters, content.officers)
    covered = {officer.id for officer in content.officers}

    own_ids: list[int] = []
    own_seen: set[int] = set()
    by_id: dict[int, MemoAllegation] = {}
    for officer in content.officers:
        for allegation in officer.allegations:
            by_id[allegation.id] = allegation
            if allegation.matter_id == matter.id and allegation.id not in own_seen:
                own_seen.add(allegation.id)
                own_ids.append(allegation.id)
    own_ids.sort(key=lambda item: (by_id[item].date.start or date.min, item))
    # Passages whose words someone released, unchanged since: those may be quoted.
    released = {record.key for record in list_passages(library, by_id) if record.released}

    def account(allegation: MemoAllegation, first_officer: int) -> Account:
        label = "" if allegation.client_id == defendant.id else names.label(allegation.client_id)
        quotes = [
            (citation, names.clean(citation.quote.strip()))
            for citation in allegation.citations
            if citation.document_id is not None and quotable(citation, released)
        ]
        told = [
            names.clean(citation.quote.strip())
            for citation in allegation.citations
            if citation.note_id is not None and quotable(citation, released)
        ]
        others_named = [item for item in allegation.officers if item in covered]
        ordered = (first_officer, *[item for item in others_named if item != first_officer])
        own = allegation.matter_id == matter.id
        return Account(
            allegation=allegation,
            officer_ids=ordered,
            client_label=label,
            when=when_phrase(allegation) if not label else month_of(allegation),
            summary=_client_words(names.clean(allegation.summary.strip()), label),
            narrative=_client_words(names.clean(allegation.narrative.strip()), label)
            if own
            else "",
            location=names.clean(allegation.location or "") if own else "",
            quotes=tuple(quotes),
            told=tuple(_client_words(text, label) for text in told),
        )

    own_plan: list[tuple[MemoAllegation, int]] = []
    for allegation_id in own_ids:
        allegation = by_id[allegation_id]
        own_plan.append((allegation, next(item for item in allegation.officers if item in covered)))
    other_plan: dict[int, list[MemoAllegation]] = {}
    told: set[int] = set()
    for officer in content.officers:
        other_plan[officer.id] = []
        for allegation in officer.allegations:
            if allegation.matter_id == matter.id or allegation.id in told:
                continue
            told.add(allegation.id)
            other_plan[officer.id].append(allegation)

    # Pseudonyms follow the order of first mention in the papers: the defendant's own
    # accounts (which may name another client) come first, officer by officer.
    for officer in content.officers:
        for allegation, first in own_plan:
            if first == officer.id:
                names.label_mentions(_words_of(allegation, released))
    for officer in content.officers:
        for allegation in other_plan[officer.id]:
            if allegation.client_id != defendant.id:
                names.label(allegation.client_id)
            names.label_mentions(_words_of(allegation, released))

    own_accounts = [account(allegation, first) for allegation, first in own_plan]
    others = {
        officer_id: tuple(account(allegation, officer_id) for allegation in allegations)
        for officer_id, allegations in other_plan.items()
    }

    if not own_accounts and not any(others.values()):
        raise ValidationError("the motion has no allegations to tell")
    motion = MotionContent(
        matter=matter,
        officers=content.officers,
        own=tuple(own_accounts),
        others=others,
        exhibits=(),
        labels=content.labels,
        guard=names,
    )
    exhibits = _exhibits(content, matter, motion.in_order(), names)
    return dataclasses.replace(motion, exhibits=exhibits)


def _exhibits(
    content: MemoContent, matter: MatterRecord, accounts: list[Account], names: MotionGuard
) -> tuple[MotionExhibit, ...]:
    """Disclosed documents the papers quote, lettered in the order the papers cite them."""
    known = {exhibit.document_id: exhibit for exhibit in content.exhibits}
    order: list[tuple[int, str, bool]] = []
    seen: set[int] = set()
    for item in accounts:
        for citation, _quote in item.quotes:
            document_id = citation.document_id
            if document_id is None or document_id in seen:
                continue
            seen.add(document_id)
            own_matter = item.allegation.matter_id == matter.id
            order.append((document_id, item.client_label, own_matter))
    return tuple(
        MotionExhibit(
            letter=exhibit_letter(index),
            document_id=document_id,
            title=exhibit_title(names.clean(known[document_id].title)),
            bates_start=known[document_id].bates_start,
            bates_end=known[document_id].bates_end,
            own_matter=own_matter,
            client_label=label,
        )
        for index, (document_id, label, own_matter) in enumerate(order)
    )
