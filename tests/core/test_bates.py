"""Bates labels: detection on page text, the document range, and numbering by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_desk.core import documents
from evidence_desk.core.errors import ValidationError
from evidence_desk.core.ingest.bates import (
    bates_range,
    detect_bates,
    format_bates,
    parse_prefixes,
    prefix_of,
)
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter
from evidence_desk.core.records import MatterId
from tests.files import make_docx, make_pdf

pytestmark = pytest.mark.databases


@pytest.mark.parametrize(
    ("footer", "expected"),
    [
        ("NYPD 000123", "NYPD 000123"),
        ("DEF-0001234", "DEF-0001234"),
        ("ABC_00012", "ABC_00012"),
        ("Confidential    PEOPLE000456", "PEOPLE000456"),
    ],
)
def test_common_label_forms_are_found_in_the_footer(footer: str, expected: str) -> None:
    page = "COMPLAINT REPORT\nThe officer stated that he observed the defendant.\n" + footer
    assert detect_bates([page]) == [expected]


def test_addresses_page_numbers_and_identifiers_are_not_labels() -> None:
    page = "Precinct 10\n230 West 20th Street, New York, NY 10011\nUC 12345 Tax 938271\nPage 00012"
    assert detect_bates([page]) == [None]


def test_the_dominant_prefix_wins_over_a_stray_match() -> None:
    pages = [
        "REF 99999 header\nbody\nNYPD 000010",
        "XYZ 55555\nbody\nNYPD 000011",
        "body\nNYPD 000012",
    ]
    assert detect_bates(pages) == ["NYPD 000010", "NYPD 000011", "NYPD 000012"]


def test_configured_prefixes_are_found_anywhere_on_the_page() -> None:
    middle = "line\n" * 10 + "see DA 4411 for the plea\n" + "line\n" * 10
    assert detect_bates([middle]) == [None]
    assert detect_bates([middle], parse_prefixes("DA, KCDA")) == ["DA 4411"]


def test_format_range_and_prefix() -> None:
    assert format_bates("NYPD", 123) == "NYPD 000123"
    assert format_bates("DEF-", 7, 7) == "DEF-0000007"
    assert bates_range([None, "A 000001", None, "A 000003"]) == ("A 000001", "A 000003")
    assert bates_range([None]) == (None, None)
    assert prefix_of("DEF-0001234") == "DEF"
    assert prefix_of("NYPD 000123") == "NYPD"


@pytest.fixture
def matter(library: Library) -> MatterId:
    return add_matter(library, MatterInput("2024-001", "People v. Doe", "Jane Doe")).id


def test_stamped_pdf_gets_labels_per_page_and_a_range(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    pdf = make_pdf(
        tmp_path / "dd5.pdf",
        ["DD5 page one", "DD5 page two", "DD5 page three"],
        bates_prefix="NYPD",
        first_bates=120,
    )
    [result] = import_paths(library, matter, [pdf], workers=1)
    assert (result.bates_start, result.bates_end) == ("NYPD 000120", "NYPD 000122")
    pages = documents.list_pages(library, result.id)
    assert [page.bates for page in pages] == ["NYPD 000120", "NYPD 000121", "NYPD 000122"]
    assert documents.get_document(library, result.id).bates_prefix == "NYPD"


def test_assigning_a_range_by_hand(library: Library, matter: MatterId, tmp_path: Path) -> None:
    word = make_docx(tmp_path / "memo.docx", ["one", "two", "three"], page_break_before=[1, 2])
    [result] = import_paths(library, matter, [word], workers=1)
    assert result.pages == 3 and result.bates_start is None
    record = documents.assign_bates(library, result.id, "DEF-", 41, width=7)
    assert (record.bates_start, record.bates_end) == ("DEF-0000041", "DEF-0000043")
    assert [p.bates for p in documents.list_pages(library, result.id)] == [
        "DEF-0000041",
        "DEF-0000042",
        "DEF-0000043",
    ]
    with pytest.raises(ValidationError):
        documents.assign_bates(library, result.id, "  ", 1)
    with pytest.raises(ValidationError):
        documents.assign_bates(library, result.id, "DEF", -1)


def test_renumbering_by_hand_can_be_put_back_exactly(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    pdf = make_pdf(tmp_path / "dd5.pdf", ["one", "two"], bates_prefix="NYPD", first_bates=7)
    [result] = import_paths(library, matter, [pdf], workers=1)
    stamped = documents.bates_state(library, result.id)
    assert stamped.pages == ((1, "NYPD 000007"), (2, "NYPD 000008"))
    documents.assign_bates(library, result.id, "DEF", 1)
    assert documents.list_pages(library, result.id)[1].bates == "DEF 000002"
    restored = documents.restore_bates(library, stamped)
    assert (restored.bates_prefix, restored.bates_start, restored.bates_end) == (
        "NYPD",
        "NYPD 000007",
        "NYPD 000008",
    )
    assert documents.bates_state(library, result.id) == stamped


def test_configured_prefixes_apply_to_later_imports(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    text = "Narrative\n" * 6 + "see DA 4411 for the plea\n" + "Narrative\n" * 6
    first = make_docx(tmp_path / "first.docx", [line for line in text.splitlines()])
    [before] = import_paths(library, matter, [first], workers=1)
    assert before.bates_start is None
    assert documents.set_bates_prefixes(library, ["DA", " KCDA ", "DA"]) == ("DA", "KCDA")
    assert documents.bates_prefixes(library) == ("DA", "KCDA")
    second = make_docx(tmp_path / "second.docx", [*text.splitlines(), "again"])
    [after] = import_paths(library, matter, [second], workers=1)
    assert after.bates_start == "DA 4411"
    with pytest.raises(ValidationError):
        documents.set_bates_prefixes(library, ["--"])
