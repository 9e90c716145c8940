"""Allegations: validation, officers with roles, conduct, edits, delete and exact restore."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from evidence_desk.core import allegations, audit, officers
from evidence_desk.core.allegations import AllegationInput, CitationInput, OfficerLink
from evidence_desk.core.errors import ConflictError, NotFoundError, ValidationError
from evidence_desk.core.library import Library
from evidence_desk.core.model import AllegationConduct, AllegationOfficer, AuditEvent, Citation
from tests.core.evidence_builders import ARREST_REPORT_PAGES, add_document, add_matter

pytestmark = pytest.mark.databases


@pytest.fixture
def case(library: Library) -> dict[str, int]:
    matter = add_matter(library)
    document = add_document(
        library, matter.id, "Arrest Report", ARREST_REPORT_PAGES, first_bates=124
    )
    smith = officers.add_officer(library, "John Smith")
    jones = officers.add_officer(library, "Robert Jones")
    unknown = officers.add_officer(library, "", description="white male, 40s, UC")
    return {
        "matter": matter.id,
        "document": document.id,
        "smith": smith.id,
        "jones": jones.id,
        "unknown": unknown.id,
    }


def _input(case: dict[str, int], **changes: object) -> AllegationInput:
    data = AllegationInput(
        matter_id=case["matter"],
        officers=(OfficerLink(case["smith"]), OfficerLink(case["jones"], "present")),
        date="2021-03",
        conduct=("uc.exposure", "UC.GROPING"),
        summary="UC exposed himself and groped the client in the car",
        narrative="She says he opened his trousers before giving the signal.",
        time_text="23:15",
        location="Flatbush Ave & Church Ave",
        command="Brooklyn South Vice",
        source="client_statement",
        status="alleged",
        reported_to=("ccrb",),
        citations=(
            CitationInput(document_id=case["document"], page_start=2, quote="pre-arranged signal"),
        ),
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def _verify(library: Library) -> None:
    with library.read() as session:
        assert audit.verify(session)[1] is None


def test_add_allegation_with_everything(library: Library, case: dict[str, int]) -> None:
    record = allegations.add_allegation(library, _input(case))
    assert record.matter_file_number == "2024-001"
    assert record.date.precision == "month" and record.date.text() == "2021-03"
    assert record.date.start == date(2021, 3, 1) and record.date.end == date(2021, 3, 31)
    assert [(o.officer_id, o.role) for o in record.officers] == [
        (case["smith"], "accused"),
        (case["jones"], "present"),
    ]
    assert record.officers[0].officer_name == "John Smith"
    assert record.conduct == ("UC.EXPOSURE", "UC.GROPING")
    assert record.reported_to == ("ccrb",)
    assert record.time_text == "23:15" and record.command == "Brooklyn South Vice"
    (citation,) = record.citations
    assert citation.pinpoint == "Arrest Report, p. 2 (NYPD 000125)"
    assert allegations.get_allegation(library, record.id) == record
    assert officers.get_officer(library, case["smith"]).allegation_count == 1
    _verify(library)


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"summary": "  "}, ValidationError, "needs a summary"),
        ({"matter_id": 999}, NotFoundError, "no matter #999"),
        ({"officers": ()}, ValidationError, "at least one officer"),
        ({"officers": (OfficerLink(999),)}, NotFoundError, "no officer with id 999"),
        ({"officers": (OfficerLink(1, "boss"),)}, ValidationError, "officer role 'boss'"),
        ({"officers": (OfficerLink(1), OfficerLink(1))}, ValidationError, "named twice"),
        ({"conduct": ("UC.FLYING",)}, ValidationError, "'UC.FLYING' is not in the taxonomy"),
        ({"conduct": ()}, ValidationError, "at least one conduct type"),
        ({"date": "2021-13"}, ValidationError, "has no month 13"),
        ({"date": "2021-02-30"}, ValidationError, "not a real day"),
        ({"date": "yesterday"}, ValidationError, "is not YYYY-MM-DD"),
        ({"date": (date.today() + timedelta(days=3)).isoformat()}, ValidationError, "future"),
        ({"date": "2021-05..2021-03"}, ValidationError, "ends before it starts"),
        ({"source": "rumour"}, ValidationError, "source 'rumour'"),
        ({"status": "proven"}, ValidationError, "status 'proven'"),
        ({"reported_to": ("fbi",)}, ValidationError, "reported-to 'fbi'"),
        ({"reported_to": ("none", "iab")}, ValidationError, "cannot be combined"),
        ({"time_text": "x" * 21}, ValidationError, "longer than 20"),
        (
            {"citations": (CitationInput(document_id=1, page_start=2, quote="he kissed me"),)},
            ValidationError,
            "is not on p. 2",
        ),
        (
            {"citations": (CitationInput(document_id=1, page_start=9),)},
            ValidationError,
            "page 9 is beyond its end",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    library: Library,
    case: dict[str, int],
    changes: dict[str, object],
    error: type[Exception],
    message: str,
) -> None:
    with library.read() as session:
        events_before = len(session.execute(select(AuditEvent.id)).all())
    with pytest.raises(error, match=message):
        allegations.add_allegation(library, _input(case, **changes))
    assert allegations.list_allegations(library) == []
    with library.read() as session:
        assert len(session.execute(select(AuditEvent.id)).all()) == events_before


def test_dates_of_every_precision_and_date_order(library: Library, case: dict[str, int]) -> None:
    for text in ("unknown", "2020", "2021-03-12", "2019-06..2019-08", "2021-02"):
        allegations.add_allegation(library, _input(case, date=text, citations=()))
    listed = allegations.list_allegations(library, matter_id=case["matter"])
    assert [item.date.text() for item in listed] == [
        "2019-06-01..2019-08-31",
        "2020",
        "2021-02",
        "2021-03-12",
        "unknown",
    ]
    assert [item.date.precision for item in listed] == ["range", "year", "month", "day", "unknown"]


def test_list_by_officer(library: Library, case: dict[str, int]) -> None:
    first = allegations.add_allegation(library, _input(case, citations=()))
    allegations.add_allegation(
        library, _input(case, officers=(OfficerLink(case["jones"]),), citations=())
    )
    assert [a.id for a in allegations.list_allegations(library, officer=case["smith"])] == [
        first.id
    ]
    assert len(allegations.list_allegations(library, officer=case["jones"])) == 2
    with pytest.raises(NotFoundError):
        allegations.list_allegations(library, officer=999)
    with pytest.raises(ConflictError, match="John Smith is named in the allegation “UC exposed"):
        officers.delete_officer(library, case["smith"])


def test_edit_replaces_officers_and_conduct_and_can_be_undone(
    library: Library, case: dict[str, int]
) -> None:
    record = allegations.add_allegation(library, _input(case))
    before, after = allegations.update_allegation(
        library,
        record.id,
        _input(
            case,
            officers=(
                OfficerLink(case["jones"], "accused"),
                OfficerLink(case["unknown"], "present"),
            ),
            conduct=("UC.EXPOSURE", "SEXUAL.PROPOSITION"),
            date="2021-03-12",
            status="corroborated",
            reported_to=("iab", "da"),
        ),
    )
    assert before == record
    assert [(o.officer_id, o.role) for o in after.officers] == [
        (case["jones"], "accused"),
        (case["unknown"], "present"),
    ]
    assert after.conduct == ("SEXUAL.PROPOSITION", "UC.EXPOSURE")
    assert after.status == "corroborated" and after.reported_to == ("iab", "da")
    assert after.citations == record.citations  # citations have their own calls
    _verify(library)
    # Undo: the before record's values go back in.
    _, undone = allegations.update_allegation(
        library,
        record.id,
        AllegationInput(
            matter_id=before.matter_id,
            officers=tuple(OfficerLink(o.officer_id, o.role) for o in before.officers),
            date=before.date.text(),
            conduct=before.conduct,
            summary=before.summary,
            narrative=before.narrative,
            time_text=before.time_text,
            location=before.location,
            command=before.command,
            source=before.source,
            status=before.status,
            reported_to=before.reported_to,
        ),
    )
    # The same values; the version goes on up (an undo is a saved change too).
    assert undone.version > after.version
    assert replace(undone, updated_at=before.updated_at, version=before.version) == before
    _verify(library)


def test_bad_edit_changes_nothing(library: Library, case: dict[str, int]) -> None:
    record = allegations.add_allegation(library, _input(case))
    with pytest.raises(ValidationError, match="not in the taxonomy"):
        allegations.update_allegation(
            library, record.id, _input(case, conduct=("UC.EXPOSURE", "NOPE"), date="2020")
        )
    assert allegations.get_allegation(library, record.id) == record
    with pytest.raises(NotFoundError, match="no allegation with id 999"):
        allegations.update_allegation(library, 999, _input(case))


def test_unidentified_officer_is_linked_later(library: Library, case: dict[str, int]) -> None:
    record = allegations.add_allegation(
        library,
        _input(case, officers=(OfficerLink(case["unknown"], "unidentified"),), citations=()),
    )
    assert record.officers[0].officer_name == "Unidentified officer"
    # Identified later: merging the description into the named officer moves the link.
    officers.merge_officers(library, case["smith"], case["unknown"], reason="identified in DD5")
    linked = allegations.get_allegation(library, record.id)
    assert [(o.officer_id, o.role) for o in linked.officers] == [(case["smith"], "unidentified")]
    survivor = officers.get_officer(library, case["smith"])
    assert survivor.description == "white male, 40s, UC"
    assert "Unidentified officer" not in [alias.text for alias in survivor.aliases]
    with pytest.raises(
        ValidationError, match="Unidentified officer was merged into John Smith; name John Smith"
    ):
        allegations.add_allegation(
            library, _input(case, officers=(OfficerLink(case["unknown"]),), citations=())
        )


def test_delete_and_restore_give_back_the_same_allegation(
    library: Library, case: dict[str, int]
) -> None:
    record = allegations.add_allegation(library, _input(case))
    deleted = allegations.delete_allegation(library, record.id)
    assert deleted == record
    with library.read() as session:
        for model in (AllegationOfficer, AllegationConduct, Citation):
            assert session.execute(select(model)).first() is None
    with pytest.raises(NotFoundError):
        allegations.get_allegation(library, record.id)
    _verify(library)
    restored = allegations.restore_allegation(library, deleted)
    assert restored == record
    with pytest.raises(ConflictError, match="is already there"):
        allegations.restore_allegation(library, deleted)
    _verify(library)
