"""Test data for patterns and memos: matters, officers, stored PDFs and cited allegations.

Matters and officers go through their services; documents (a real PDF written into the
matter folder, so that an exhibit's SHA-256 can be checked against the file) and
allegations are written through the ORM in ``library.write()`` sessions with audit events,
exactly as the services would store them.

The scenario is small enough to count by hand:

============  ========  ===============  ===========================================
matter        client    officer(s)       conduct
============  ========  ===============  ===========================================
2024-001      Rivera    Smith + Jones    UC.EXPOSURE, UC.GROPING      (12 Mar 2021)
2024-001      Rivera    Jones (+ Brown   UC.CONTACT_AFTER_ARREST      (20 Mar 2021)
                        as witness)
2024-002      Okafor    Smith            UC.ALCOHOL                   (June 2021)
2024-002      Okafor    Jones            UC.ALCOHOL, UC.GROPING       (1 Jul 2021)
2024-003      Lindqvist Smith, Jones     UC.EXPOSURE                  (5 Jan 2022)
                        present
2024-004      Baptiste  Brown            FORCE.TASER (unsubstantiated, 2022)
============  ========  ===============  ===========================================

Quoted evidence names clients on purpose ("Maria Rivera", her other name "Mari Cruz", her
date of birth, and "Grace Okafor" inside another client's matter) so that the public brief
has to pseudonymise them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from evidence_desk.core import audit
from evidence_desk.core.dates import parse_partial_date
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter
from evidence_desk.core.model import (
    Allegation,
    AllegationConduct,
    AllegationOfficer,
    Citation,
    Document,
    Page,
)
from evidence_desk.core.notes import add_note
from evidence_desk.core.officers import IdentifierInput, add_officer
from evidence_desk.core.records import MatterRecord, OfficerRecord


def write_pdf(path: Path, pages: list[str], bates: list[str]) -> None:
    """A small real PDF: one text page per entry, stamped with its Bates label."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path), pagesize=letter)
    for text, label in zip(pages, bates, strict=True):
        pdf.drawString(72, 700, text[:90])
        pdf.drawString(450, 40, label)
        pdf.showPage()
    pdf.save()


def add_document(
    library: Library,
    matter: MatterRecord,
    title: str,
    pages: list[str],
    *,
    bates_prefix: str = "NYPD ",
    first_number: int = 1,
    source: str = "discovery",
) -> int:
    """Store a PDF in the matter folder and record it with its pages and Bates labels."""
    labels = [f"{bates_prefix}{first_number + index:06d}" for index in range(len(pages))]
    file_name = title.lower().replace(" ", "-") + ".pdf"
    folder = library.ensure_matter_folders(matter.folder_key) / "documents"
    path = folder / file_name
    write_pdf(path, pages, labels)
    data = path.read_bytes()
    with library.write() as session:
        document = Document(
            matter_id=matter.id,
            title=title,
            file_name=file_name,
            stored_path=path.relative_to(library.path).as_posix(),
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            kind="pdf",
            status="ok",
            source=source,
            page_count=len(pages),
            bates_prefix=bates_prefix.strip() or None,
            bates_start=labels[0],
            bates_end=labels[-1],
            imported_by=library.user,
        )
        session.add(document)
        audit.record_create(session, document)
        for number, (text, label) in enumerate(zip(pages, labels, strict=True), start=1):
            page = Page(document_id=document.id, number=number, bates=label, text=text)
            session.add(page)
            audit.record_create(session, page)
        return document.id


@dataclass(frozen=True)
class Cite:
    """A citation to add: a document page range, or a note, with the quoted words."""

    quote: str
    document_id: int | None = None
    page_start: int | None = None
    page_end: int | None = None
    note_id: int | None = None


def add_allegation(
    library: Library,
    matter_id: int,
    officers: list[tuple[int, str]],
    date_text: str,
    conduct: list[str],
    summary: str,
    citations: list[Cite] = (),  # type: ignore[assignment]
    *,
    status: str = "alleged",
    command: str | None = None,
) -> int:
    """Record an allegation with its officers (id, role), conduct and citations."""
    when = parse_partial_date(date_text)
    with library.write() as session:
        allegation = Allegation(
            matter_id=matter_id,
            date_precision=when.precision,
            date_start=when.start,
            date_end=when.end,
            command=command,
            summary=summary,
            narrative="",
            source="client_statement",
            status=status,
            reported_to=[],
            created_by=library.user,
        )
        session.add(allegation)
        audit.record_create(session, allegation)
        for officer_id, role in officers:
            link = AllegationOfficer(allegation_id=allegation.id, officer_id=officer_id, role=role)
            session.add(link)
            audit.record_create(session, link)
        for code in conduct:
            row = AllegationConduct(allegation_id=allegation.id, conduct_code=code)
            session.add(row)
            audit.record_create(session, row)
        for cite in citations:
            citation = Citation(
                allegation_id=allegation.id,
                document_id=cite.document_id,
                page_start=cite.page_start,
                page_end=cite.page_end if cite.page_end is not None else cite.page_start,
                note_id=cite.note_id,
                quote=cite.quote,
                quote_page=cite.page_start,
            )
            session.add(citation)
            audit.record_create(session, citation)
        return allegation.id


@dataclass
class Scenario:
    """What ``build_scenario`` made, by short name."""

    library: Library
    matters: dict[str, MatterRecord] = field(default_factory=dict)
    officers: dict[str, OfficerRecord] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)
    allegations: dict[str, int] = field(default_factory=dict)


def build_scenario(library: Library) -> Scenario:
    """The four-matter, three-officer scenario described in the module docstring."""
    built = Scenario(library)
    m = built.matters
    m["rivera"] = add_matter(
        library,
        MatterInput(
            "2024-001",
            "People v. Maria Rivera",
            "Maria Rivera",
            client_other_names=("Mari Cruz",),
            client_date_of_birth=date(1990, 4, 2),
            client_identifiers=(("nysid", "12345678K"),),
            docket="CR-001234-24",
            court="Criminal Court, Kings County",
        ),
    )
    m["okafor"] = add_matter(
        library,
        MatterInput("2024-002", "People v. Okafor", "Grace Okafor", docket="CR-002345-24"),
    )
    m["lindqvist"] = add_matter(
        library,
        MatterInput("2024-003", "People v. Lindqvist", "Sofia Lindqvist", docket="CR-003456-24"),
    )
    m["baptiste"] = add_matter(
        library,
        MatterInput("2024-004", "People v. Baptiste", "Nadia Baptiste", docket="CR-004567-24"),
    )
    o = built.officers
    o["smith"] = add_officer(
        library,
        "John Smith",
        rank="P.O.",
        command="Vice Enforcement",
        identifiers=[IdentifierInput("uc", "214"), IdentifierInput("shield", "1234")],
    )
    o["jones"] = add_officer(library, "Paul Jones", rank="Det.", command="Vice Enforcement")
    o["brown"] = add_officer(library, "Alan Brown", rank="Sgt.", command="75 Precinct")

    d = built.documents
    d["rivera_arrest"] = add_document(
        library,
        m["rivera"],
        "Arrest Report",
        [
            "Arrest report. Defendant Maria Rivera, DOB 04/02/1990, arrested 12 March 2021.",
            "UC 214 states he met the defendant (a.k.a. Mari Cruz) at the hotel.",
            "Supervising officer approved the arrest.",
        ],
        first_number=101,
    )
    d["rivera_dd5"] = add_document(
        library, m["rivera"], "DD5 Follow-up", ["Follow-up 1", "Follow-up 2"], first_number=104
    )
    d["okafor_complaint"] = add_document(
        library,
        m["okafor"],
        "Complaint Report",
        [
            "Complaint report page one. Grace Okafor told the UC she did not drink.",
            "Complaint report page two",
        ],
        first_number=201,
    )
    d["lindqvist_arrest"] = add_document(
        library,
        m["lindqvist"],
        "Arrest Report",
        ["Arrest paperwork, Lindqvist", "Narrative", "Property voucher"],
        bates_prefix="KCDA-",
        first_number=1,
    )
    note = add_note(
        library,
        m["rivera"].id,
        "Client interview",
        "Client described the hotel room. Maria said he took his pants off first.",
    )

    a = built.allegations
    smith, jones, brown = o["smith"].id, o["jones"].id, o["brown"].id
    a["rivera_exposure"] = add_allegation(
        library,
        m["rivera"].id,
        [(smith, "accused"), (jones, "accused")],
        "2021-03-12",
        ["UC.EXPOSURE", "UC.GROPING"],
        "The UC exposed himself and grabbed the client before signalling the arrest.",
        [
            Cite(
                "UC 214 states he met the defendant (a.k.a. Mari Cruz)",
                document_id=d["rivera_arrest"],
                page_start=2,
            ),
            Cite(
                "Maria Rivera, DOB 04/02/1990",
                document_id=d["rivera_arrest"],
                page_start=1,
                page_end=2,
            ),
            Cite("Maria said he took his pants off first", note_id=note.id),
        ],
    )
    a["rivera_contact"] = add_allegation(
        library,
        m["rivera"].id,
        [(jones, "accused"), (brown, "witness")],
        "2021-03-20",
        ["UC.CONTACT_AFTER_ARREST"],
        "Detective Jones called the client twice after her release.",
        [Cite("Follow-up 2", document_id=d["rivera_dd5"], page_start=2)],
    )
    a["okafor_alcohol"] = add_allegation(
        library,
        m["okafor"].id,
        [(smith, "accused")],
        "2021-06",
        ["UC.ALCOHOL"],
        "The UC bought the client several drinks before the arrest.",
        [
            Cite(
                "Grace Okafor told the UC she did not drink",
                document_id=d["okafor_complaint"],
                page_start=1,
            )
        ],
    )
    a["okafor_groping"] = add_allegation(
        library,
        m["okafor"].id,
        [(jones, "accused")],
        "2021-07-01",
        ["UC.ALCOHOL", "UC.GROPING"],
        "Jones poured drinks and groped Ms. Okafor in the car.",
        [Cite("Complaint report page two", document_id=d["okafor_complaint"], page_start=2)],
    )
    a["lindqvist_exposure"] = add_allegation(
        library,
        m["lindqvist"].id,
        [(smith, "accused"), (jones, "present")],
        "2022-01-05",
        ["UC.EXPOSURE"],
        "The UC exposed himself; Sofia Lindqvist said the same of Maria Rivera's case.",
        [
            Cite(
                "Narrative",
                document_id=d["lindqvist_arrest"],
                page_start=2,
                page_end=3,
            )
        ],
    )
    a["baptiste_taser"] = add_allegation(
        library,
        m["baptiste"].id,
        [(brown, "accused")],
        "2022",
        ["FORCE.TASER"],
        "The sergeant used a taser on a handcuffed client.",
        status="unsubstantiated",
    )
    return built
