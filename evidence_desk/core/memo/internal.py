"""The internal memo: full, cited and privileged, for the defense team and supervisors.

Caption from the matter it is filed in; a summary table (officer × matters, allegations,
conduct, dates); one section per officer with the allegations in date order, each with its
pinpoint citations and quoted words as real Word footnotes; a conduct × officer table; and
an exhibit index giving each cited document's letter, title, Bates range and SHA-256.

It names every client (it never leaves the office) and carries the privilege legend on
every page. Court papers are ``motion.py``; the anonymised brief is ``public.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from ..library import Library
from ..wording import plural
from .content import MemoAllegation, MemoCitation, MemoContent, MemoOfficer
from .docx_parts import Footnotes, save_atomically
from .layout import (
    BodyWriter,
    add_table,
    centred,
    conduct_tables,
    conduct_text,
    new_document,
    sentence,
    unbreakable,
)

DEFAULT_TITLE = "Memorandum: Pattern of Alleged Police Misconduct"
PRIVILEGE_LEGEND = "PRIVILEGED AND CONFIDENTIAL · ATTORNEY WORK PRODUCT"
PROGRESS_EVERY = 25  # allegations between progress reports
IDENTIFIER_LABELS = {"shield": "shield", "tax_id": "tax id", "employee": "emp. no.", "uc": "UC"}


def officer_heading(officer: MemoOfficer) -> str:
    """ "Detective Victor Sampleton · UC 214, shield 4471 · Vice Enforcement Squad".

    Separated by middle dots rather than wrapped in parentheses: a command such as
    "Precinct 99 (fictional)" would otherwise close two parentheses at once.
    """
    identifiers = ", ".join(
        f"{IDENTIFIER_LABELS.get(kind, kind)} {value}" for kind, value in officer.identifiers
    )
    return " · ".join(part for part in (officer.display_name, identifiers, officer.command) if part)


def officer_period(officer: MemoOfficer) -> str:
    """First to last allegation, each with the precision it was given ("June 2021")."""
    known = [item.date for item in officer.allegations if item.date.start and item.date.end]
    if not known:
        return "date unknown"
    first = min(known, key=lambda value: value.start).display()
    last = max(known, key=lambda value: value.end).display()
    return first if first == last else f"{first} – {last}"


def footnote_pieces(
    citation: MemoCitation, letters: dict[int, str], allegation: MemoAllegation
) -> list[tuple[str, bool]]:
    """The footnote for one citation: exhibit letter, pinpoint, then the quoted words.

    A note is dated by the events it records (the allegation's date), not by the day it
    was typed or imported.
    """
    if citation.document_id is not None:
        lead = f"Ex. {letters[citation.document_id]}, {citation.pinpoint}"
    else:
        known = allegation.date.start is not None
        events = f" (events of {allegation.date.display()})" if known else ""
        lead = f"{citation.pinpoint}{events}"
    quote = citation.quote.strip()
    if not quote:
        return [(lead + ".", False)]
    return [(lead + ": ", False), (sentence(f"“{quote}”"), False)]


def write_internal(
    library: Library,
    content: MemoContent,
    out: Path,
    *,
    template: Path | None,
    title: str | None,
    progress: Callable[[int, int, str], None] | None = None,
) -> tuple[int, int]:
    """Write the memo; returns (footnotes, exhibits)."""
    heading = title or DEFAULT_TITLE
    document = new_document(
        template, title=heading, author=library.user, running_header=PRIVILEGE_LEGEND
    )
    footnotes = Footnotes(document)
    body = BodyWriter(document)
    labels = content.labels
    letters = content.exhibit_letters()
    names = {item.officer_id: item.officer for item in content.report.officers}
    matter = content.caption_matter
    if matter is not None:
        if matter.court:
            centred(document, matter.court.upper(), bold=True)
        centred(document, matter.caption, bold=True, size=13)
        numbers = [f"File No. {matter.file_number}"]
        if matter.docket:
            numbers.append(f"Docket No. {matter.docket}")
        centred(document, "   ·   ".join(numbers))
    centred(document, PRIVILEGE_LEGEND, bold=True, size=9)
    body.paragraph(heading, "Title")

    matters = {item.matter_id for officer in content.officers for item in officer.allegations}
    body.paragraph(
        f"This memorandum sets out {plural(content.allegation_count, 'allegation')} against "
        f"{plural(len(content.officers), 'officer')}, made in {plural(len(matters), 'matter')} "
        "of this office. Each allegation is cited to the evidence in the footnotes (document, "
        "page and Bates number, with the words quoted); the cited documents are listed in the "
        "exhibit index with the SHA-256 digest recorded when each was imported."
    )

    body.heading("Summary", 1)
    add_table(
        document,
        ["Officer", "Matters", "Allegations", "Conduct types", "Date range"],
        [
            [
                officer_heading(officer),
                str(officer.pattern.matters),
                str(officer.pattern.allegations),
                conduct_text(officer.pattern.conduct, labels),
                officer_period(officer),
            ]
            for officer in content.officers
        ],
        widths=(1.4, 0.72, 1.0, 1.83, 1.05),
    )

    body.heading("Allegations by officer", 1)
    total = sum(len(officer.allegations) for officer in content.officers)
    done = 0
    for officer in content.officers:
        body.heading(officer_heading(officer), 2)
        pattern = officer.pattern
        body.paragraph(
            f"{plural(pattern.allegations, 'allegation')} in {plural(pattern.matters, 'matter')} "
            f"({plural(pattern.clients, 'client')}), {officer_period(officer)}."
        )
        for allegation in officer.allegations:
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total, f"Writing allegations against {officer.name}")
            _allegation_paragraph(body, footnotes, allegation, officer, labels, letters, names)
            done += 1
    if progress is not None:
        progress(total, total, "Writing tables and exhibit index")

    body.heading("Conduct by officer", 1)
    body.paragraph("Number of allegations of each conduct type against each officer.")
    conduct_tables(
        document,
        content.report.matrix,
        labels,
        [(officer.id, officer.display_name) for officer in content.officers],
    )

    body.heading("Exhibit index", 1)
    if content.exhibits:
        _exhibit_index(document, content)
    else:
        body.paragraph("No documents are cited.")
    body.paragraph()  # Word expects the body to end in a paragraph, not a table
    footnotes.finish()
    save_atomically(document, out)
    return footnotes.count, len(content.exhibits)


def _exhibit_index(document, content: MemoContent) -> None:  # type: ignore[no-untyped-def]
    """Letter, title, matter and Bates range, with the SHA-256 on a full-width line below.

    A digest is 64 characters: in a column of its own it would be cut across lines, and a
    reader compares it character by character. File numbers and Bates labels are kept on
    one line by no-break spaces and hyphens.
    """
    rows: list[list[str]] = []
    for exhibit in content.exhibits:
        rows.append(
            [
                exhibit.letter,
                exhibit.title,
                exhibit.matter_file_number,
                _bates_range(exhibit.bates_start, exhibit.bates_end),
            ]
        )
        rows.append([f"SHA-256 {exhibit.sha256}", "", "", ""])
    table = add_table(
        document,
        ["Exhibit", "Document", "Matter", "Bates range"],
        rows,
        widths=(0.8, 2.45, 1.25, 2.0),
    )
    # Straight on the XML: python-docx's cell merging re-measures the whole grid each time,
    # which took seconds for an index of a few hundred exhibits.
    full_width = sum(int(cell.get(qn("w:w"), "0")) for cell in table._tbl.tblGrid)
    for index, row in enumerate(table._tbl.tr_lst[1:]):
        cells = row.tc_lst
        if index % 2 == 0:
            unbreakable(cells[2].p_lst[0])
            unbreakable(cells[3].p_lst[0])
            for cell in cells:  # an exhibit's two rows stay on one page
                cell.p_lst[0].get_or_add_pPr().keepNext_val = True
            continue
        first = cells[0]
        for cell in cells[1:]:
            row.remove(cell)
        first.grid_span = len(cells)
        if full_width:
            first.width = Twips(full_width)
        for run in first.p_lst[0].r_lst:
            font = run.get_or_add_rPr()
            font.sz_val = Pt(8)
            font.rFonts_ascii = "Courier New"
            font.rFonts_hAnsi = "Courier New"


def _bates_range(start: str | None, end: str | None) -> str:
    if not start:
        return "not Bates-stamped"
    return start if not end or end == start else f"{start} – {end}"


def _allegation_paragraph(
    body: BodyWriter,
    footnotes: Footnotes,
    allegation: MemoAllegation,
    officer: MemoOfficer,
    labels: dict[str, str],
    letters: dict[int, str],
    names: dict[int, str],
) -> None:
    """Date, matter, conduct and the summary, its footnotes after the full stop; then who
    else was named and the status, as sentences of their own."""
    paragraph = body.paragraph(space_after=6)
    body.run(
        paragraph,
        f"{allegation.date.display()} · {allegation.matter_caption} · "
        f"{allegation.matter_file_number}. ",
        bold=True,
    )
    body.run(paragraph, sentence(conduct_text(allegation.conduct, labels)) + " ", italic=True)
    body.run(paragraph, sentence(allegation.summary))
    for citation in allegation.citations:
        footnotes.add(paragraph, footnote_pieces(citation, letters, allegation))
    others = [
        names.get(other, f"officer {other}") for other in allegation.officers if other != officer.id
    ]
    if others:
        body.run(paragraph, f" Also named: {', '.join(others)}.")
    if allegation.status != "alleged":
        body.run(paragraph, f" Status: {allegation.status}.")
