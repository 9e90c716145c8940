"""The officer dossier: everything known about one officer, in one view and one Word file.

What an attorney takes to a demand for impeachment material (in New York, CPL
245.20(1)(k); Giglio v. United States): who the officer is (names, identifiers over time,
how each roster listed him, records merged into his), the public record (complaints and
their dispositions, lawsuits, credibility findings, each with its source), the office's own
allegations by matter with their pinpoint citations, and the officers accused alongside
him.

The office's allegations are privileged work. A dossier that holds any is marked privileged
on every page; ``include_privileged=False`` leaves them out (and with them any co-accused
known only from them), for a dossier built from public records alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.shared import Pt
from sqlalchemy import select
from sqlalchemy.orm import Session

from .allegations import list_allegations
from .citations import check_note_quotes
from .errors import ValidationError
from .library import Library
from .memo.docx_parts import Footnotes, save_atomically
from .memo.layout import add_table, new_document
from .model import Matter, Officer, PublicRecord, RosterEntry, utc_now
from .officers import MergeRecord, get_officer, list_merges
from .output_files import output_file
from .public_records import PublicRecordRecord, disposition_counts, list_public_records
from .records import AllegationRecord, OfficerRecord
from .taxonomy import list_conduct_types
from .vocabulary import (
    ALLEGATION_STATUSES,
    OFFICER_IDENTIFIER_KINDS,
    OFFICER_ROLES,
    PUBLIC_RECORD_KINDS,
)

PRIVILEGE_LEGEND = "PRIVILEGED & CONFIDENTIAL — ATTORNEY WORK PRODUCT"
_KIND_NOUNS = {
    "complaint": ("complaint allegation", "complaint allegations"),
    "lawsuit": ("lawsuit", "lawsuits"),
    "credibility_finding": ("court finding on credibility", "court findings on credibility"),
}
PUBLIC_LEGEND = "Compiled from public records"


@dataclass(frozen=True, slots=True)
class RosterListing:
    """How one roster last listed the officer."""

    source: str
    as_of: date | None
    status: str | None
    rank: str | None
    command: str | None
    first_imported_at: datetime
    last_imported_at: datetime


@dataclass(frozen=True, slots=True)
class MatterAllegations:
    """The office's allegations about the officer in one matter (privileged)."""

    matter_id: int
    file_number: str
    caption: str
    allegations: tuple[AllegationRecord, ...]


@dataclass(frozen=True, slots=True)
class CoAccused:
    """Another officer accused alongside: in the office's allegations, in public complaints."""

    officer_id: int
    name: str
    rank: str | None
    allegations: int  # privileged allegations naming both
    public_cases: int  # public complaints (same case number and source) naming both
    matters: tuple[str, ...]  # file numbers of the matters they share


@dataclass(frozen=True, slots=True)
class Dossier:
    officer: OfficerRecord
    listings: tuple[RosterListing, ...]
    merges: tuple[MergeRecord, ...]
    matters: tuple[MatterAllegations, ...]
    public_records: tuple[PublicRecordRecord, ...]
    co_accused: tuple[CoAccused, ...]
    conduct_labels: dict[str, str]
    include_privileged: bool
    generated_at: datetime

    @property
    def privileged(self) -> bool:
        """True when the dossier holds the office's privileged work."""
        return bool(self.matters)

    @property
    def allegation_count(self) -> int:
        return sum(len(matter.allegations) for matter in self.matters)


@dataclass(frozen=True, slots=True)
class DossierExport:
    path: Path
    privileged: bool
    allegations: int
    public_records: int
    co_accused: int


def build_dossier(library: Library, officer_id: int, *, include_privileged: bool = True) -> Dossier:
    """Everything known about one officer (see the module docstring)."""
    officer = get_officer(library, officer_id)
    allegations = list_allegations(library, officer=officer.id) if include_privileged else []
    records = list_public_records(library, officer_id=officer.id)
    with library.read() as session:
        check_note_quotes(
            session,
            (
                (allegation.summary, citation.note_id, citation.quote)
                for allegation in allegations
                for citation in allegation.citations
            ),
        )
        listings = tuple(
            RosterListing(
                entry.source,
                entry.as_of,
                entry.status,
                entry.rank,
                entry.command,
                entry.first_imported_at,
                entry.last_imported_at,
            )
            for entry in session.execute(
                select(RosterEntry)
                .where(RosterEntry.officer_id == officer.id)
                .order_by(RosterEntry.last_imported_at.desc(), RosterEntry.id)
            ).scalars()
        )
        matter_ids = sorted({record.matter_id for record in allegations})
        matters = {
            matter_id: (file_number, caption)
            for matter_id, file_number, caption in session.execute(
                select(Matter.id, Matter.file_number, Matter.caption).where(
                    Matter.id.in_(matter_ids)
                )
            )
        }
        co_accused = _co_accused(session, officer.id, allegations, records)
    by_matter = [
        MatterAllegations(
            matter_id,
            matters[matter_id][0],
            matters[matter_id][1],
            tuple(record for record in allegations if record.matter_id == matter_id),
        )
        for matter_id in matter_ids
    ]
    by_matter.sort(key=lambda item: item.file_number)
    return Dossier(
        officer=officer,
        listings=listings,
        merges=tuple(list_merges(library, officer.id)),
        matters=tuple(by_matter),
        public_records=tuple(records),
        co_accused=co_accused,
        conduct_labels={item.code: item.label for item in list_conduct_types(library)},
        include_privileged=include_privileged,
        generated_at=utc_now(),
    )


def _co_accused(
    session: Session,
    officer_id: int,
    allegations: list[AllegationRecord],
    records: list[PublicRecordRecord],
) -> tuple[CoAccused, ...]:
    shared_allegations: Counter[int] = Counter()
    shared_matters: dict[int, set[str]] = {}
    for allegation in allegations:
        for link in allegation.officers:
            if link.officer_id != officer_id:
                shared_allegations[link.officer_id] += 1
                shared_matters.setdefault(link.officer_id, set()).add(allegation.matter_file_number)
    shared_cases: Counter[int] = Counter()
    cases = {
        (record.source, record.case_number)
        for record in records
        if record.kind == "complaint" and record.case_number
    }
    if cases:
        seen: set[tuple[int, str, str]] = set()
        for other, source, case in session.execute(
            select(PublicRecord.officer_id, PublicRecord.source, PublicRecord.case_number).where(
                PublicRecord.case_number.in_({case for _source, case in cases}),
                PublicRecord.officer_id != officer_id,
            )
        ):
            if (source, case) in cases and (other, source, case) not in seen:
                seen.add((other, source, case))
                shared_cases[other] += 1
    ids = set(shared_allegations) | set(shared_cases)
    if not ids:
        return ()
    names = {
        row_id: (name, rank)
        for row_id, name, rank in session.execute(
            select(Officer.id, Officer.name, Officer.rank).where(Officer.id.in_(ids))
        )
    }
    found = [
        CoAccused(
            other,
            names[other][0],
            names[other][1],
            shared_allegations.get(other, 0),
            shared_cases.get(other, 0),
            tuple(sorted(shared_matters.get(other, set()))),
        )
        for other in ids
        if other in names
    ]
    found.sort(
        key=lambda item: (-(item.allegations + item.public_cases), item.name, item.officer_id)
    )
    return tuple(found)


# -- Word -----------------------------------------------------------------------------------


def _identifier_rows(officer: OfficerRecord) -> list[list[str]]:
    return [
        [
            OFFICER_IDENTIFIER_KINDS.get(item.kind, item.kind),
            item.value,
            item.valid_from.isoformat() if item.valid_from else "",
            item.valid_to.isoformat() if item.valid_to else "",
        ]
        for item in officer.identifiers
    ]


def officer_title(officer: OfficerRecord) -> str:
    return " ".join(part for part in (officer.rank, officer.name) if part)


def export_dossier(
    library: Library,
    officer_id: int,
    out: Path | str,
    *,
    overwrite: bool = False,
    include_privileged: bool = True,
) -> DossierExport:
    """Write the dossier as a Word file; an existing ``out`` is refused unless
    ``overwrite``, and nothing is left half written on failure."""
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise ValidationError(f"a dossier is written as a .docx file, not {out.name!r}")
    with output_file(out, library, overwrite=overwrite) as written_to:
        dossier = build_dossier(library, officer_id, include_privileged=include_privileged)
        document = write_dossier(dossier, author=library.user)
        save_atomically(document, written_to)
    return DossierExport(
        out,
        dossier.privileged,
        dossier.allegation_count,
        len(dossier.public_records),
        len(dossier.co_accused),
    )


def write_dossier(dossier: Dossier, *, author: str) -> DocumentObject:
    """The dossier as a python-docx document (not saved)."""
    officer = dossier.officer
    title = f"Officer dossier: {officer_title(officer)}"
    legend = PRIVILEGE_LEGEND if dossier.privileged else PUBLIC_LEGEND
    document = new_document(None, title=title, author=author, running_header=legend)
    footnotes = Footnotes(document)
    document.add_paragraph(title, style="Title")
    prepared = document.add_paragraph()
    prepared.add_run(
        f"Prepared {dossier.generated_at:%d %B %Y} by {author}. "
        + (
            "Holds the office's privileged work product: not for disclosure."
            if dossier.privileged
            else "Compiled from public records and the office's officer registry only."
        )
    ).italic = True
    document.add_paragraph(
        "Everything the office knows about this officer: who he is and the identifiers he "
        "has held, public records of misconduct complaints, lawsuits and findings on his "
        "credibility, "
        + (
            "the office's own allegations with their evidence, "
            if dossier.include_privileged
            else ""
        )
        + "and the officers accused alongside him. For a demand for impeachment material "
        "(CPL 245.20(1)(k); Giglio v. United States, 405 U.S. 150 (1972))."
    )

    document.add_paragraph("Identification", style="Heading 1")
    status = next((listing.status for listing in dossier.listings if listing.status), None)
    for label, value in (
        ("Name", officer.name),
        ("Rank", officer.rank),
        ("Command", officer.command),
        ("Agency", officer.agency),
        ("Status (last roster)", status),
        ("Description", officer.description),
        ("Also written", "; ".join(alias.text for alias in officer.aliases)),
        ("Registry id", str(officer.id)),
    ):
        if value:
            line = document.add_paragraph()
            line.paragraph_format.space_after = Pt(0)
            line.add_run(f"{label}: ").bold = True
            line.add_run(value)
    document.add_paragraph("Identifiers over time", style="Heading 2")
    rows = _identifier_rows(officer)
    if rows:
        add_table(document, ["Kind", "Value", "Valid from", "Valid to"], rows)
        document.add_paragraph(
            "Shield numbers are reissued: a shield identifies this officer only for the "
            "period it was his."
        ).runs[0].font.size = Pt(9)
    else:
        document.add_paragraph("No identifier is recorded.")
    if dossier.listings:
        document.add_paragraph("Rosters that list him", style="Heading 2")
        add_table(
            document,
            ["Source", "As of", "Status", "Rank", "Command", "Last imported"],
            [
                [
                    listing.source,
                    listing.as_of.isoformat() if listing.as_of else "",
                    listing.status or "",
                    listing.rank or "",
                    listing.command or "",
                    f"{listing.last_imported_at:%Y-%m-%d}",
                ]
                for listing in dossier.listings
            ],
            widths=[2.3, 0.8, 0.7, 1.1, 1.0, 0.9],
        )
    merged_in = [merge for merge in dossier.merges if merge.unmerged_at is None]
    if merged_in:
        document.add_paragraph("Records merged into this officer", style="Heading 2")
        for merge in merged_in:
            document.add_paragraph(
                f"Officer {merge.merged_id} merged into officer {merge.survivor_id} on "
                f"{merge.merged_at:%Y-%m-%d} by {merge.merged_by}"
                + (f": {merge.reason}" if merge.reason else ""),
                style="List Bullet",
            )

    _public_section(document, dossier)
    if dossier.include_privileged:
        _privileged_section(document, dossier, footnotes)
    _co_accused_section(document, dossier)
    footnotes.finish()
    return document


def _public_section(document: DocumentObject, dossier: Dossier) -> None:
    records = dossier.public_records
    document.add_paragraph(f"Public records ({len(records)})", style="Heading 1")
    if not records:
        document.add_paragraph("No public record about this officer has been imported.")
        return
    kinds = Counter(record.kind for record in records)
    sources = Counter((record.source, record.source_file) for record in records)
    document.add_paragraph(
        "; ".join(
            f"{count} {_KIND_NOUNS.get(kind, kind)[0 if count == 1 else 1]}"
            for kind, count in kinds.most_common()
        )
        + ". Dispositions: "
        + "; ".join(f"{name} ({count})" for name, count in disposition_counts(records))
        + "."
    )
    # A column that says the same on every row is said once, above, instead.
    show_kind = len(kinds) > 1
    show_source = len({source for source, _file in sources}) > 1
    headers = ["Date", *(["Kind"] if show_kind else []), "Case no.", "What", "Disposition"]
    headers += ["Outcome", *(["Source"] if show_source else [])]
    widths = [
        0.9,
        *([0.9] if show_kind else []),
        0.8,
        2.0,
        1.3,
        1.4,
        *([1.0] if show_source else []),
    ]
    add_table(
        document,
        headers,
        [
            [
                record.date.display() if record.date.is_known else "",
                *([PUBLIC_RECORD_KINDS.get(record.kind, record.kind)] if show_kind else []),
                record.case_number or "",
                record.what,
                record.disposition or "",
                record.outcome or "",
                *([record.source] if show_source else []),
            ]
            for record in records
        ],
        font_size=8,
        widths=widths,
    )
    document.add_paragraph("Sources", style="Heading 2")
    for (source, file_name), count in sorted(sources.items()):
        document.add_paragraph(
            f"{source} (file {file_name}): {count} record{'' if count == 1 else 's'}",
            style="List Bullet",
        )


def _privileged_section(document: DocumentObject, dossier: Dossier, footnotes: Footnotes) -> None:
    document.add_paragraph(
        f"The office's allegations ({dossier.allegation_count}) — privileged",
        style="Heading 1",
    )
    if not dossier.matters:
        document.add_paragraph("No allegation in the office's matters names this officer.")
        return
    for matter in dossier.matters:
        document.add_paragraph(f"{matter.file_number} — {matter.caption}", style="Heading 2")
        for allegation in matter.allegations:
            role = next(
                (
                    OFFICER_ROLES.get(link.role, link.role)
                    for link in allegation.officers
                    if link.officer_id == dossier.officer.id
                ),
                "",
            )
            conduct = "; ".join(
                dossier.conduct_labels.get(code, code) for code in allegation.conduct
            )
            heading = document.add_paragraph()
            heading.add_run(allegation.date.display()).bold = True
            heading.add_run(
                f" — {conduct or 'conduct not coded'}"
                f" ({role}; {ALLEGATION_STATUSES.get(allegation.status, allegation.status)})"
            )
            body = document.add_paragraph(allegation.summary)
            others = [
                link.officer_name
                for link in allegation.officers
                if link.officer_id != dossier.officer.id
            ]
            if others:
                body.add_run(f" With: {', '.join(others)}.")
            for citation in allegation.citations:
                pieces = [(citation.pinpoint, False)]
                if citation.quote:
                    pieces.append((f": “{citation.quote}”", True))
                footnotes.add(body, pieces)


def _co_accused_section(document: DocumentObject, dossier: Dossier) -> None:
    visible = [
        item
        for item in dossier.co_accused
        if item.public_cases or (dossier.include_privileged and item.allegations)
    ]
    document.add_paragraph(f"Officers accused alongside him ({len(visible)})", style="Heading 1")
    if not visible:
        document.add_paragraph("None recorded.")
        return
    headers = ["Officer", "Public complaints together"]
    if dossier.include_privileged:
        headers += ["Office allegations together", "Matters"]
    rows = []
    for item in visible:
        row = [
            " ".join(part for part in (item.rank, item.name) if part) + f" (id {item.officer_id})",
            str(item.public_cases),
        ]
        if dossier.include_privileged:
            row += [str(item.allegations), ", ".join(item.matters)]
        rows.append(row)
    add_table(document, headers, rows)
