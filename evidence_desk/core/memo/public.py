"""The public brief: an op-ed or oversight brief that cannot name a client.

Built only from structured, non-identifying fields (conduct type, month, command, numbered
officers, counts) and from passages a person **released** after review (``releases.py``).
A released passage still goes through the identifier scanner: certain identifiers are
replaced by the pseudonym or "[withheld]", and inside quoted words every time, address and
number is taken out. Clients are stable pseudonyms (Client A, B… by client id, never a
letter group that is itself an identifier); dates are months; every count below the
threshold, zero included, reads "fewer than N"; officers are "Officer 1", "Officer 2"
unless the office names them. No file names, captions, docket numbers, Bates labels,
exhibit letters or hashes.

An office template contributes its styles and page setup only; headers, footers and
document properties are the brief's own. The title is scanned before it is used anywhere.
Finally ``package.check_package`` removes what cannot be checked and reads every byte of
the file; one certain identifier and nothing is written.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.document import Document as DocumentObject
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from sqlalchemy import select

from ..dates import PartialDate
from ..errors import ValidationError
from ..library import Library
from ..matters import all_clients, list_matters
from ..model import AllegationOfficer, Officer, OfficerAlias, OfficerIdentifier
from ..releases import PassageRecord, list_passages
from ..vocabulary import DOCUMENT_SOURCES, OFFICER_IDENTIFIER_KINDS
from .anonymise import OfficerIdentity, Pseudonymiser
from .content import (
    MemoAllegation,
    MemoCitation,
    MemoContent,
    MemoOfficer,
    date_range_text,
    month_text,
)
from .docx_parts import Footnotes, ensure_paragraph_style, save_atomically
from .layout import BodyWriter, add_table, conduct_text, page_number_footer
from .package import IdentifierLeakError, check_package
from .scanner import Finding

PROGRESS_EVERY = 25  # allegations between progress reports
DEFAULT_TITLE = "Pattern Brief: Alleged Police Misconduct Reported by Our Clients"
CAVEAT = (
    "These are allegations, not findings. They are what clients told their lawyers and what "
    "the records of their arrests show; unless an account says otherwise, no court, "
    "oversight body or police department has decided whether the conduct happened."
)
# Page setup a template may give (children of w:sectPr); its headers and footers are not.
_PAGE_SETUP = ("pgSz", "pgMar", "cols", "docGrid", "textDirection", "bidi", "vAlign")

_TIME = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\b\.?)?|\b\d{1,2}\s*[ap]\.?\s?m\b\.?"
    r"|\b\d{3,4}\s*(?:hours|hrs?\b|h\b)",
    re.IGNORECASE,
)
_STREET_WORDS = (
    r"street|st|avenue|ave|av|road|rd|boulevard|blvd|place|pl|lane|ln|drive|dr|court|ct|"
    r"parkway|pkwy|terrace|ter|square|sq|highway|hwy|way|plaza|expressway|expy|turnpike"
)
_ADDRESS = re.compile(
    rf"\b\d+[A-Za-z]?(?:-\d+)?\s+(?:(?:[NSEW]|north|south|east|west)\.?\s+)?"
    rf"(?:[\w'’-]+\s+){{0,3}}(?:{_STREET_WORDS})\b\.?",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d(?:[\d,./:-]*\d)?(?:st|nd|rd|th)?\b")


def strip_quote(text: str) -> str:
    """Times, addresses and numbers out of quoted words ("at 2140 hours" -> "at [time]")."""
    text = _TIME.sub("[time]", text)
    text = _ADDRESS.sub("[address]", text)
    return _NUMBER.sub("[number]", text)


def coarse_date(value: PartialDate) -> str:
    """A date to the month at most: "March 2021", "2021", "March – May 2021"."""
    if value.start is None or value.end is None:
        return "date unknown"
    if value.precision == "year":
        return str(value.start.year)
    if value.precision in ("day", "month"):
        return month_text(value.start)
    return date_range_text(value.start, value.end, by_month=True)


@dataclass(frozen=True)
class BriefText:
    """Everything that turns a library's words into a public brief's words.

    ``passages`` are the brief's allegations' passages by key, with their release state;
    ``labels`` the officers' labels ("Officer 1", or names when the office names them).
    """

    pseudonyms: Pseudonymiser
    passages: dict[str, PassageRecord]
    labels: dict[int, str]
    name_officers: bool

    def released(self, key: str) -> PassageRecord | None:
        record = self.passages.get(key)
        return record if record is not None and record.released else None

    def summary(self, allegation: MemoAllegation) -> str:
        record = self.released(f"allegation:{allegation.id}")
        return self.pseudonyms.clean(record.text) if record is not None else ""

    def quote(self, citation_id: int) -> str:
        record = self.released(f"citation:{citation_id}")
        return self.clean_quote(record.text) if record is not None else ""

    def clean_quote(self, text: str) -> str:
        """Identifiers replaced, then times, addresses and numbers out of the rest."""
        findings = [item for item in self.pseudonyms.findings(text) if item.certain]
        pieces = []
        position = 0
        for finding in findings:
            pieces.append(strip_quote(text[position : finding.start]))
            pieces.append(finding.replacement)
            position = finding.end
        pieces.append(strip_quote(text[position:]))
        return "".join(pieces)

    def label(self, officer_id: int) -> str:
        return self.labels.get(officer_id, "another officer")


def officer_labels(
    content: MemoContent, name_officers: bool, watched: Sequence[OfficerIdentity] = ()
) -> dict[int, str]:
    """ "Officer 1", "Officer 2"… in the brief's order, skipping every number that names one
    of the officers, so that a label never reads as a shield or UC number: their
    identifiers, and the digits in their names and aliases ("UC #0214"), which the scanner
    watches as their numbers too (``watched``: every officer the brief must not name)."""
    if name_officers:
        return {officer.id: officer.display_name for officer in content.officers}
    texts = [value for officer in content.officers for _kind, value in officer.identifiers]
    for identity in watched:
        texts += [identity.name, *identity.aliases, *(value for _kind, value in identity.numbers)]
    taken = {digits.lstrip("0") for text in texts for digits in re.findall(r"\d+", text)}
    labels: dict[int, str] = {}
    number = 1
    for officer in content.officers:
        while str(number) in taken:
            number += 1
        labels[officer.id] = f"Officer {number}"
        number += 1
    return labels


def _brief_officers(library: Library, allegation_ids: Sequence[int]) -> list[OfficerIdentity]:
    """Every officer linked to the brief's allegations in any role, with aliases and numbers."""
    with library.read() as session:
        officer_ids: set[int] = set()
        for start in range(0, len(allegation_ids), 500):
            chunk = list(allegation_ids[start : start + 500])
            officer_ids.update(
                session.execute(
                    select(AllegationOfficer.officer_id).where(
                        AllegationOfficer.allegation_id.in_(chunk)
                    )
                ).scalars()
            )
        ordered = sorted(officer_ids)
        names: dict[int, str] = {}
        aliases: dict[int, list[str]] = {officer_id: [] for officer_id in ordered}
        numbers: dict[int, list[tuple[str, str]]] = {officer_id: [] for officer_id in ordered}
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            for officer_id, name in session.execute(
                select(Officer.id, Officer.name).where(Officer.id.in_(chunk))
            ):
                names[officer_id] = name
            for officer_id, text in session.execute(
                select(OfficerAlias.officer_id, OfficerAlias.text)
                .where(OfficerAlias.officer_id.in_(chunk))
                .order_by(OfficerAlias.id)
            ):
                aliases[officer_id].append(text)
            for officer_id, kind, value in session.execute(
                select(
                    OfficerIdentifier.officer_id, OfficerIdentifier.kind, OfficerIdentifier.value
                )
                .where(OfficerIdentifier.officer_id.in_(chunk))
                .order_by(OfficerIdentifier.id)
            ):
                numbers[officer_id].append((kind, value))
    return [
        OfficerIdentity(
            officer_id, names[officer_id], tuple(aliases[officer_id]), tuple(numbers[officer_id])
        )
        for officer_id in ordered
        if officer_id in names
    ]


def brief_text(library: Library, content: MemoContent, name_officers: bool) -> BriefText:
    """The pseudonyms, scanner, labels and passages for a brief of ``content``."""
    allegation_ids = sorted(
        {item.id for officer in content.officers for item in officer.allegations}
    )
    officers = [] if name_officers else _brief_officers(library, allegation_ids)
    labels = officer_labels(content, name_officers, officers)
    clients = all_clients(library)
    matters = [summary.matter for summary in list_matters(library)]
    pseudonyms = Pseudonymiser(clients, matters, officers, labels)
    passages = {record.key: record for record in list_passages(library, allegation_ids)}
    return BriefText(pseudonyms, passages, labels, name_officers)


def fixed_texts(content: MemoContent, title: str) -> list[tuple[str, str]]:
    """(where, text) of the words a brief takes from the library besides passages."""
    texts = [("the title", title)]
    for officer in content.officers:
        if officer.command:
            texts.append(("an officer's command", officer.command))
    for code in {code for officer in content.officers for code in officer.pattern.conduct}:
        texts.append(("a conduct type", content.labels.get(code, code)))
    return texts


def check_title(text: BriefText, title: str) -> None:
    """The title is scanned before it goes anywhere (body or document properties)."""
    for finding in text.pseudonyms.findings(title):
        if finding.certain:
            raise IdentifierLeakError(finding, "the title")


def _public_document(template: Path | None) -> DocumentObject:
    """A fresh document; from a template, only its styles and page setup are taken."""
    document = docx.Document()
    if template is not None:
        path = Path(template)
        if not path.is_file():
            raise ValidationError(f"the memo template {path} does not exist")
        try:
            source = docx.Document(str(path))
        except (PackageNotFoundError, ValueError, KeyError) as error:
            raise ValidationError(
                f"the memo template {path} is not a Word .docx document ({error})"
            ) from None
        styles_part = document.part._styles_part
        styles_part._element = copy.deepcopy(source.part._styles_part.element)
        target = document.element.body.sectPr
        given = source.element.body.sectPr
        if target is not None and given is not None:
            for name in _PAGE_SETUP:
                for old in target.findall(qn(f"w:{name}")):
                    target.remove(old)
            for child in given:
                if child.tag.rsplit("}", 1)[-1] in _PAGE_SETUP:
                    target.append(copy.deepcopy(child))
    page_number_footer(document.sections[0])
    ensure_paragraph_style(document, "Title", size=20)
    ensure_paragraph_style(document, "Heading 1", size=14)
    ensure_paragraph_style(document, "Heading 2", size=12)
    return document


def _set_properties(document: DocumentObject, title: str) -> None:
    properties = document.core_properties
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    properties.title = title
    for name in (
        "author",
        "last_modified_by",
        "subject",
        "keywords",
        "comments",
        "category",
        "content_status",
        "identifier",
        "language",
        "version",
    ):
        setattr(properties, name, "")
    properties.created = now
    properties.modified = now
    properties.revision = 1


def write_public(
    library: Library,
    content: MemoContent,
    out: Path,
    *,
    template: Path | None,
    title: str | None,
    name_officers: bool,
    suppress_below: int,
    progress: Callable[[int, int, str], None] | None = None,
) -> int:
    """Write the brief after every part has been checked; returns the number of footnotes."""
    text = brief_text(library, content, name_officers)
    heading = (title or DEFAULT_TITLE).strip()
    check_title(text, heading)

    def count(value: int) -> str:
        return f"fewer than {suppress_below}" if value < suppress_below else str(value)

    document = _public_document(template)
    _set_properties(document, heading)
    footnotes = Footnotes(document)
    body = BodyWriter(document)
    labels = content.labels
    body.paragraph(heading, "Title")
    _opening(body, content, text, count, suppress_below)

    body.heading("Summary", 1)
    add_table(
        document,
        ["Officer", "Clients", "Allegations", "Conduct types", "Period"],
        [
            [
                _officer_heading(officer, text),
                count(officer.pattern.clients),
                count(officer.pattern.allegations),
                conduct_text(officer.pattern.conduct, labels),
                date_range_text(
                    officer.pattern.first_date, officer.pattern.last_date, by_month=True
                ),
            ]
            for officer in content.officers
        ],
        widths=(1.4, 0.72, 1.0, 1.83, 1.05),
    )

    body.heading("What clients describe", 1)
    total = sum(len(officer.allegations) for officer in content.officers)
    done = 0
    for officer in content.officers:
        body.heading(_officer_heading(officer, text), 2)
        period = date_range_text(
            officer.pattern.first_date, officer.pattern.last_date, by_month=True
        )
        clients = count(officer.pattern.clients)
        allegations = count(officer.pattern.allegations)
        body.paragraph(f"Clients: {clients}. Allegations: {allegations}. Period: {period}.")
        for allegation in officer.allegations:
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total, f"Writing accounts about {text.label(officer.id)}")
            _account(body, footnotes, allegation, officer, labels, text)
            done += 1

    body.heading("Conduct by officer", 1)
    body.paragraph(
        f"Number of allegations of each conduct type against each officer; every number "
        f"below {suppress_below}, zero included, is shown as “fewer than {suppress_below}”."
    )
    _conduct_tables(document, body, content, text, count)
    footnotes.finish()
    if progress is not None:
        progress(total, total, "Checking every part of the brief for identifiers")

    def check(path: Path) -> None:
        check_package(path, path, text.pseudonyms.scanner)

    save_atomically(document, out, check=check)
    return footnotes.count


def _opening(
    body: BodyWriter,
    content: MemoContent,
    text: BriefText,
    count: Callable[[int], str],
    threshold: int,
) -> None:
    """A short narrative from the structured fields, the caveat, and how the brief is made."""
    allegations = [item for officer in content.officers for item in officer.allegations]
    clients = len({item.client_id for item in allegations})
    known = [item.date for item in allegations if item.date.start and item.date.end]
    period = ""
    if known:
        first = min(value.start for value in known if value.start)
        last = max(value.end for value in known if value.end)
        period = f"Between {month_text(first)} and {month_text(last)}, "
        if month_text(first) == month_text(last):
            period = f"In {month_text(first)}, "
    tally: dict[str, int] = {}
    for item in allegations:
        for code in item.conduct:
            tally[code] = tally.get(code, 0) + 1
    top = [content.labels.get(code, code).lower() for code, _ in sorted(
        tally.items(), key=lambda pair: (-pair[1], pair[0]))[:3]]  # fmt: skip
    what = (
        ", ".join(top[:-1]) + (" and " if len(top) > 1 else "") + top[-1] if top else "misconduct"
    )
    officers = (
        "the same officer" if len(content.officers) == 1 else f"{len(content.officers)} officers"
    )
    start = period or ""
    lead = "c" if start else "C"
    body.paragraph(
        f"{start}{lead}lients of this office, arrested in {count(clients)} separate cases, "
        f"described {what} by {officers}. None of these accounts alone proves a pattern; "
        "together they describe one that a court, an oversight body or a newsroom can check."
    )
    body.paragraph(CAVEAT, "Intense Quote" if _has_style(body, "Intense Quote") else None)
    named = "" if text.name_officers else "officers are numbered rather than named, "
    body.paragraph(
        "To protect our clients, each is named only by a pseudonym (Client A, Client B, …), "
        f"dates are given to the month, {named}every count below {threshold}, zero "
        f"included, is shown as “fewer than {threshold}”, and words are quoted only where a "
        "lawyer of this office released them after review, with times, addresses and "
        "numbers taken out."
    )


def _has_style(body: BodyWriter, name: str) -> bool:
    try:
        body.style_id(name)
    except KeyError:
        return False
    return True


def _officer_heading(officer: MemoOfficer, text: BriefText) -> str:
    label = text.label(officer.id)
    if text.name_officers and officer.identifiers:
        numbers = ", ".join(
            f"{OFFICER_IDENTIFIER_KINDS.get(kind, kind)} {value}"
            for kind, value in officer.identifiers
        )
        label += f" ({numbers})"
    return label + (f", {officer.command}" if officer.command else "")


def _source_text(citation: MemoCitation) -> str:
    if citation.note_id is not None:
        return "The defense team's notes"
    source = DOCUMENT_SOURCES.get(citation.source, "a document").lower()
    article = "An" if source[:1] in "aeiou" else "A"
    return f"{article} {source}"


def _account(
    body: BodyWriter,
    footnotes: Footnotes,
    allegation: MemoAllegation,
    officer: MemoOfficer,
    labels: dict[str, str],
    text: BriefText,
) -> None:
    client = text.pseudonyms.pseudonym(allegation.client_id)
    paragraph = body.paragraph(space_after=6)
    body.run(paragraph, f"{client}, {coarse_date(allegation.date)}. ", bold=True)
    body.run(paragraph, conduct_text(allegation.conduct, labels) + ".", italic=True)
    summary = text.summary(allegation)
    if summary:
        body.run(paragraph, " " + summary.rstrip(".") + ".")
    others = [text.label(other) for other in allegation.officers if other != officer.id]
    extra = []
    if others:
        extra.append(f"also named: {', '.join(dict.fromkeys(others))}")
    if allegation.status != "alleged":
        extra.append(f"status: {allegation.status}")
    if extra:
        body.run(paragraph, " (" + "; ".join(extra) + ")")
    for citation in allegation.citations:
        lead = f"{_source_text(citation)} in {client}'s case"
        quote = text.quote(citation.id) if citation.id is not None else ""
        if quote:
            footnotes.add(paragraph, [(f"{lead}: “{quote.rstrip('.')}”.", False)])
        else:
            footnotes.add(paragraph, [(f"{lead} (not quoted).", False)])


def _conduct_tables(
    document: DocumentObject,
    body: BodyWriter,
    content: MemoContent,
    text: BriefText,
    count: Callable[[int], str],
    per_table: int = 5,
) -> None:
    """Conduct × officer counts, every cell through the same suppression, zeros included."""
    matrix = content.report.matrix
    columns = [(officer.id, text.label(officer.id)) for officer in content.officers]
    for start in range(0, len(columns), per_table):
        group = columns[start : start + per_table]
        codes = [
            code
            for code in content.labels
            if any(matrix.get(officer_id, {}).get(code) for officer_id, _ in group)
        ]
        rows = [
            [content.labels[code]]
            + [count(matrix.get(officer_id, {}).get(code, 0)) for officer_id, _ in group]
            for code in codes
        ]
        add_table(document, ["Conduct", *(header for _, header in group)], rows)
        body.paragraph()


def findings_outside_passages(
    text: BriefText, fixed: list[tuple[str, str]]
) -> list[tuple[str, str, Finding]]:
    """Suspected identifiers in the title, commands and conduct labels (for the review)."""
    found = []
    for where, words in fixed:
        for finding in text.pseudonyms.findings(words):
            found.append((where, words, finding))
    return found
