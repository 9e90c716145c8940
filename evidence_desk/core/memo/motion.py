"""The motion memo: full, cited and privileged, for a discovery motion or a referral.

Caption from the matter it is filed in; a summary table (officer × matters, allegations,
conduct, dates); one section per officer with the allegations in date order, each with its
pinpoint citations and quoted words as real Word footnotes; a conduct × officer table; and
an exhibit index giving each cited document's letter, title, Bates range and SHA-256.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx.shared import Pt

from ..library import Library
from .content import MemoAllegation, MemoCitation, MemoContent, MemoOfficer
from .docx_parts import Footnotes, save_atomically
from .layout import BodyWriter, add_table, centred, conduct_tables, conduct_text, new_document

DEFAULT_TITLE = "Memorandum: Pattern of Alleged Police Misconduct"
PRIVILEGE_LEGEND = "PRIVILEGED AND CONFIDENTIAL · ATTORNEY WORK PRODUCT"
PROGRESS_EVERY = 25  # allegations between progress reports
IDENTIFIER_LABELS = {"shield": "shield", "tax_id": "tax id", "employee": "emp. no.", "uc": "UC"}


def officer_heading(officer: MemoOfficer) -> str:
    identifiers = ", ".join(
        f"{IDENTIFIER_LABELS.get(kind, kind)} {value}" for kind, value in officer.identifiers
    )
    extras = [part for part in (identifiers, officer.command) if part]
    return officer.display_name + (f" ({'; '.join(extras)})" if extras else "")


def officer_period(officer: MemoOfficer) -> str:
    """First to last allegation, each with the precision it was given ("June 2021")."""
    known = [item.date for item in officer.allegations if item.date.start and item.date.end]
    if not known:
        return "date unknown"
    first = min(known, key=lambda value: value.start).display()
    last = max(known, key=lambda value: value.end).display()
    return first if first == last else f"{first} – {last}"


def footnote_pieces(citation: MemoCitation, letters: dict[int, str]) -> list[tuple[str, bool]]:
    """The footnote for one citation: exhibit letter, pinpoint, then the quoted words."""
    if citation.document_id is not None:
        lead = f"Ex. {letters[citation.document_id]}, {citation.pinpoint}"
    else:
        written = f" (written {citation.note_date:%d %B %Y})" if citation.note_date else ""
        lead = f"{citation.pinpoint}{written}"
    if not citation.quote.strip():
        return [(lead + ".", False)]
    return [(lead + ": ", False), (f"“{citation.quote.strip()}”", False), (".", False)]


def write_motion(
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
        f"This memorandum sets out {content.allegation_count} allegations against "
        f"{len(content.officers)} officers, made in {len(matters)} matters of this office. "
        "Each allegation is cited to the evidence in the footnotes (document, page and Bates "
        "number, with the words quoted); the cited documents are listed in the exhibit index "
        "with the SHA-256 digest recorded when each was imported."
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
            f"Named in {pattern.matters} matters ({pattern.clients} clients), "
            f"{pattern.allegations} allegations, "
            f"{officer_period(officer)}."
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
        table = add_table(
            document,
            ["Exhibit", "Document", "Matter", "Bates range", "SHA-256"],
            [
                [
                    exhibit.letter,
                    exhibit.title,
                    exhibit.matter_file_number,
                    _bates_range(exhibit.bates_start, exhibit.bates_end),
                    exhibit.sha256,
                ]
                for exhibit in content.exhibits
            ],
            widths=(0.7, 1.4, 0.95, 1.2, 1.75),
        )
        for row in table.rows[1:]:
            for run in row.cells[4].paragraphs[0].runs:
                run.font.size = Pt(6.5)
                run.font.name = "Courier New"
    else:
        body.paragraph("No documents are cited.")
    body.paragraph()  # Word expects the body to end in a paragraph, not a table
    footnotes.finish()
    save_atomically(document, out)
    return footnotes.count, len(content.exhibits)


def _bates_range(start: str | None, end: str | None) -> str:
    if not start:
        return "(not Bates-stamped)"
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
    paragraph = body.paragraph(space_after=6)
    body.run(
        paragraph,
        f"{allegation.date.display()} · {allegation.matter_caption} "
        f"({allegation.matter_file_number}). ",
        bold=True,
    )
    body.run(paragraph, conduct_text(allegation.conduct, labels) + ". ", italic=True)
    body.run(paragraph, allegation.summary.strip())
    others = [names.get(other, f"officer {other}") for other in allegation.officers]
    others = [
        name for other, name in zip(allegation.officers, others, strict=True) if other != officer.id
    ]
    extra = []
    if others:
        extra.append(f"Also named: {', '.join(others)}")
    if allegation.status != "alleged":
        extra.append(f"Status: {allegation.status}")
    if extra:
        body.run(paragraph, " (" + "; ".join(extra) + ")")
    for citation in allegation.citations:
        footnotes.add(paragraph, footnote_pieces(citation, letters))
