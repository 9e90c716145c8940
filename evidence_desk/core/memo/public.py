"""The public brief: the same pattern, safe to hand to a journalist or print in an op-ed.

Clients become stable pseudonyms (Client A, B, … by client id order, so the same client
has the same letter in every brief made from a library); dates are given to the month;
counts below a threshold are shown as "fewer than N"; officers are "Officer 1", "Officer 2"
unless the office chooses to name them; no file names, captions, docket numbers, Bates
labels, exhibit letters or hashes appear. Quoted evidence and summaries are rewritten by
the ``Pseudonymiser``. Finally, before the file is put in place, every XML part of it is
scanned for every client identifier; one hit and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..dates import PartialDate
from ..library import Library
from ..matters import all_clients, list_matters
from ..vocabulary import DOCUMENT_SOURCES, OFFICER_IDENTIFIER_KINDS
from .anonymise import Pseudonymiser, Replacer, scan_docx
from .content import (
    MemoAllegation,
    MemoCitation,
    MemoContent,
    MemoOfficer,
    date_range_text,
    month_text,
)
from .docx_parts import Footnotes, save_atomically
from .layout import BodyWriter, add_table, conduct_tables, conduct_text, new_document

PROGRESS_EVERY = 25  # allegations between progress reports
DEFAULT_TITLE = "Pattern Brief: Alleged Police Misconduct Reported by Our Clients"


def coarse_date(value: PartialDate) -> str:
    """A date to the month at most: "March 2021", "2021", "March – May 2021"."""
    if value.start is None or value.end is None:
        return "date unknown"
    if value.precision == "year":
        return str(value.start.year)
    if value.precision in ("day", "month"):
        return month_text(value.start)
    return date_range_text(value.start, value.end, by_month=True)


class _OfficerWords:
    """Officer labels, and removal of unnamed officers' names from free text."""

    def __init__(self, content: MemoContent, name_officers: bool) -> None:
        self.name_officers = name_officers
        self.labels: dict[int, str] = {}
        for index, officer in enumerate(content.officers, start=1):
            self.labels[officer.id] = officer.display_name if name_officers else f"Officer {index}"
        self._names = {item.officer_id: item.officer for item in content.report.officers}
        self._scrub: Replacer | None = None
        if not name_officers:
            replacements: list[tuple[str, str]] = []
            identifiers = {officer.id: officer.identifiers for officer in content.officers}
            for officer_id, name in self._names.items():
                label = self.labels.get(officer_id, "another officer")
                replacements.append((name, label))
                surname = name.split()[-1] if name.split() else ""
                if len(surname) >= 3:
                    replacements.append((surname, label))
                # Free text only (never counts), so even a short number ("UC 214") goes.
                for _kind, value in identifiers.get(officer_id, ()):
                    replacements.append((value, "[number withheld]"))
            self._scrub = Replacer(sorted(replacements, key=lambda pair: -len(pair[0])))

    def label(self, officer_id: int) -> str:
        if officer_id in self.labels:
            return self.labels[officer_id]
        return (
            self._names.get(officer_id, "another officer")
            if self.name_officers
            else ("another officer")
        )

    def scrub(self, text: str) -> str:
        """Without ``--name-officers``, officers' names and numbers leave the free text too."""
        return text if self._scrub is None else self._scrub(text)


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
    """Write the brief after the leak scan passes; returns the number of footnotes."""
    clients = all_clients(library)
    matters = [summary.matter for summary in list_matters(library)]
    pseudonyms = Pseudonymiser(clients, matters)
    officers = _OfficerWords(content, name_officers)

    def clean(text: str) -> str:
        return pseudonyms.clean(officers.scrub(text))

    def count(value: int) -> str:
        return f"fewer than {suppress_below}" if value < suppress_below else str(value)

    heading = title or DEFAULT_TITLE
    document = new_document(template, title=heading, author=library.user)
    footnotes = Footnotes(document)
    body = BodyWriter(document)
    labels = content.labels
    body.paragraph(heading, "Title")
    client_ids = {item.client_id for officer in content.officers for item in officer.allegations}
    body.paragraph(
        f"Clients of this office have described the conduct below in {count(len(client_ids))} "
        "separate cases. To protect them, every client is named only by a pseudonym "
        "(Client A, Client B, …), dates are given to the month, "
        + ("" if name_officers else "officers are numbered rather than named, ")
        + f"and counts below {suppress_below} are not given exactly. "
        "Quoted words come from police paperwork, complaints and the defense team's notes."
    )

    body.heading("Summary", 1)
    add_table(
        document,
        ["Officer", "Clients", "Allegations", "Conduct types", "Period"],
        [
            [
                _officer_heading(officer, officers),
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
        body.heading(_officer_heading(officer, officers), 2)
        period = date_range_text(
            officer.pattern.first_date, officer.pattern.last_date, by_month=True
        )
        body.paragraph(
            f"Named by {count(officer.pattern.clients)} clients in "
            f"{count(officer.pattern.allegations)} allegations, {period}."
        )
        for allegation in officer.allegations:
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total, f"Writing accounts about {officers.label(officer.id)}")
            _account(body, footnotes, allegation, officer, labels, pseudonyms, officers, clean)
            done += 1
    if progress is not None:
        progress(total, total, "Checking the brief for client identifiers")

    body.heading("Conduct by officer", 1)
    body.paragraph("Number of allegations of each conduct type against each officer.")
    conduct_tables(
        document,
        content.report.matrix,
        labels,
        [(officer.id, officers.label(officer.id)) for officer in content.officers],
        count,
    )
    body.paragraph()  # Word expects the body to end in a paragraph, not a table
    footnotes.finish()
    save_atomically(document, out, check=lambda path: scan_docx(path, pseudonyms.identifiers))
    return footnotes.count


def _officer_heading(officer: MemoOfficer, officers: _OfficerWords) -> str:
    label = officers.label(officer.id)
    if officers.name_officers and officer.identifiers:
        numbers = ", ".join(
            f"{OFFICER_IDENTIFIER_KINDS.get(kind, kind)} {value}"
            for kind, value in officer.identifiers
        )
        label += f" ({numbers})"
    return label + (f", {officer.command}" if officer.command else "")


def _source_text(citation: MemoCitation) -> str:
    if citation.note_id is not None:
        return "From the defense team's notes"
    source = DOCUMENT_SOURCES.get(citation.source, "a document").lower()
    article = "an" if source[:1] in "aeiou" else "a"
    return f"From {article} {source}"


def _account(
    body: BodyWriter,
    footnotes: Footnotes,
    allegation: MemoAllegation,
    officer: MemoOfficer,
    labels: dict[str, str],
    pseudonyms: Pseudonymiser,
    officers: _OfficerWords,
    clean: Callable[[str], str],
) -> None:
    client = pseudonyms.pseudonym(allegation.client_id)
    paragraph = body.paragraph(space_after=6)
    body.run(paragraph, f"{client}, {coarse_date(allegation.date)}. ", bold=True)
    body.run(paragraph, conduct_text(allegation.conduct, labels) + ". ", italic=True)
    body.run(paragraph, clean(allegation.summary.strip()))
    others = [officers.label(other) for other in allegation.officers if other != officer.id]
    extra = []
    if others:
        extra.append(f"also named: {', '.join(dict.fromkeys(others))}")
    if allegation.status != "alleged":
        extra.append(f"status: {allegation.status}")
    if extra:
        body.run(paragraph, " (" + "; ".join(extra) + ")")
    for citation in allegation.citations:
        lead = f"{_source_text(citation)} in {client}'s case"
        quote = clean(citation.quote.strip())
        pieces = [(lead + ": ", False), (f"“{quote}”.", False)] if quote else [(lead + ".", False)]
        footnotes.add(paragraph, pieces)
