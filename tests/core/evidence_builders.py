"""Test builders: matters, documents with pages, notes and officers, straight into a library.

Documents are written through the ORM (with the audit record the import pipeline would
write), so tests of citations, memos and patterns do not depend on the import pipeline.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from evidence_desk.core import allegations, audit, matters, notes, officers
from evidence_desk.core.library import Library
from evidence_desk.core.matters import find_matter
from evidence_desk.core.model import Document, Page
from evidence_desk.core.records import MatterId


@dataclass(frozen=True, slots=True)
class BuiltDocument:
    """What a test needs to cite a built document."""

    id: int
    matter_id: MatterId
    title: str
    page_ids: tuple[int, ...]
    bates: tuple[str | None, ...]


def add_matter(
    library: Library, file_number: str = "2024-001", client: str = "Jane Doe"
) -> matters.MatterRecord:
    return matters.add_matter(
        library, matters.MatterInput(file_number, f"People v. {client.split()[-1]}", client)
    )


def add_document(
    library: Library,
    matter_id: MatterId,
    title: str,
    pages: Sequence[str],
    *,
    bates_prefix: str | None = "NYPD ",
    first_bates: int = 1,
    source: str = "discovery",
    file_name: str | None = None,
) -> BuiltDocument:
    """A text document with one Page row per item of ``pages``, Bates-numbered from
    ``first_bates`` ("NYPD 000125") unless ``bates_prefix`` is None."""
    content = "\f".join(pages).encode("utf-8")
    bates = tuple(
        f"{bates_prefix}{first_bates + index:06d}" if bates_prefix is not None else None
        for index in range(len(pages))
    )
    with library.write() as session:
        matter_row = find_matter(session, matter_id)
        name = file_name or f"{title}.txt"
        document = Document(
            matter_id=matter_row.id,
            title=title,
            file_name=name,
            stored_path=f"matters/{matter_row.folder_key}/documents/{name}",
            original_path=None,
            sha256=hashlib.sha256(content + title.encode("utf-8")).hexdigest(),
            size=len(content),
            kind="text",
            status="ok",
            source=source,
            page_count=len(pages),
            bates_prefix=bates_prefix.strip() if bates_prefix else None,
            bates_start=bates[0] if bates else None,
            bates_end=bates[-1] if bates else None,
            imported_by=library.user,
        )
        session.add(document)
        for number, text in enumerate(pages, start=1):
            document.pages.append(Page(number=number, bates=bates[number - 1], text=text))
        audit.record_create(session, document)
        return BuiltDocument(
            id=document.id,
            matter_id=MatterId(matter_row.id),
            title=title,
            page_ids=tuple(page.id for page in document.pages),
            bates=bates,
        )


ARREST_REPORT_PAGES = (
    "NEW YORK CITY POLICE DEPARTMENT\nARREST REPORT\nArrest number K21-000125",
    "DETAILS: At approx. 2315 hrs the UC approached the defendant on the\n"
    "corner of Flatbush Ave. The defendant agreed to an act in exchange for\n"
    "money. UC gave a pre-arranged signal and the field team effected the arr-\n"
    "est without incident.",
    "Property: one cell phone (vouchered), $40 USC.\nNo injuries reported.",
)


@dataclass(frozen=True, slots=True)
class Collision:
    """Matter A (id 1, file number "A-1") and matter B (file number "1"), each with a note,
    a document and an allegation; B's are privileged and must never be reached through A's
    id. Offices use numeric file numbers, so "1" is B's file number while 1 is A's id."""

    a: matters.MatterRecord
    b: matters.MatterRecord
    a_document: BuiltDocument
    b_document: BuiltDocument
    a_note: int
    b_note: int
    a_allegation: int
    b_allegation: int
    officer_id: int


def build_collision(library: Library) -> Collision:
    a = matters.add_matter(library, matters.MatterInput("A-1", "People v. Alpha", "Ann Alpha"))
    b = matters.add_matter(library, matters.MatterInput("1", "People v. Bravo", "Bea Bravo"))
    assert a.id == 1 and b.file_number == "1", "the collision needs A's id to be B's file number"
    a_document = add_document(library, a.id, "Alpha arrest report", ["UC 214 met Ann Alpha."])
    b_document = add_document(
        library, b.id, "Bravo privileged statement", ["Bea Bravo told us the UC exposed himself."]
    )
    a_note = notes.add_note(library, a.id, "Alpha intake", "Ann says the UC bought drinks.")
    b_note = notes.add_note(
        library, b.id, "Bravo privileged interview", "PRIVILEGED: Bea admits the prior case."
    )
    officer = officers.add_officer(library, "John Smith", rank="P.O.")
    allegation_ids = [
        allegations.add_allegation(
            library,
            allegations.AllegationInput(
                matter_id=matter.id,
                officers=(allegations.OfficerLink(officer.id),),
                date=day,
                conduct=(conduct,),
                summary=summary,
            ),
        ).id
        for matter, day, conduct, summary in (
            (a, "2021-03-12", "UC.ALCOHOL", "Alpha: the UC bought drinks"),
            (b, "2021-06-01", "UC.EXPOSURE", "Bravo: the UC exposed himself"),
        )
    ]
    return Collision(
        a,
        b,
        a_document,
        b_document,
        a_note.id,
        b_note.id,
        allegation_ids[0],
        allegation_ids[1],
        officer.id,
    )
