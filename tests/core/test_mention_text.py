"""Finding where police paperwork names officers: forms, combinations, OCR misreadings."""

from __future__ import annotations

from datetime import date

import pytest

from evidence_desk.core.mention_text import event_date, find_mentions


def _found(text: str) -> list[tuple[str, str, str]]:
    return [(text[span.start : span.end], span.form, span.query) for span in find_mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Det. John Smith arrived.", ("Det. John Smith", "name", "Det. John Smith")),
        ("seen by P.O. J. SMITH at", ("P.O. J. SMITH", "name", "P.O. J. SMITH")),
        ("SGT SMITH APPROVED", ("SGT SMITH", "name", "SGT SMITH")),
        (
            "Police Officer Maria Lopez",
            ("Police Officer Maria Lopez", "name", "Police Officer Maria Lopez"),
        ),
        ("with Lt. A. O'Brien-Walsh.", ("Lt. A. O'Brien-Walsh", "name", "Lt. A. O'Brien-Walsh")),
        ("Sgt. Ana De La Cruz said", ("Sgt. Ana De La Cruz", "name", "Sgt. Ana De La Cruz")),
        ("Shield No. 4521", ("Shield No. 4521", "identifier", "Shield 4521")),
        ("Tax Reg. #943123", ("Tax Reg. #943123", "identifier", "Tax Reg. 943123")),
        ("UC #0214 made the buy", ("UC #0214", "identifier", "UC 0214")),
        ("Employee 82350 signed", ("Employee 82350", "identifier", "Employee 82350")),
        (
            "Det. John Smith, Shield 4521, Tax Reg. #943123 took",
            (
                "Det. John Smith, Shield 4521, Tax Reg. #943123",
                "name+identifier",
                "Det. John Smith Shield 4521 Tax Reg. 943123",
            ),
        ),
        ("P.O. SMITH #4521 WAS", ("P.O. SMITH #4521", "name+identifier", "P.O. SMITH #4521")),
        (
            "Arresting Officer: SMITH, JOHN     Shield: 4521",
            ("SMITH, JOHN     Shield: 4521", "name+identifier", "JOHN SMITH Shield 4521"),
        ),
    ],
)
def test_each_way_paperwork_names_an_officer_is_found(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert _found(text) == [expected]


def test_an_apostrophe_typed_as_a_letter_reads_as_an_apostrophe() -> None:
    """Some keyboards type the apostrophe as a modifier letter (ʼ): the name goes on past it,
    and the matcher reads it as it reads "O'Brien"; the span is the page's own."""
    text = "Then P.O. O\u02bcBrien #4521 and Sgt. D\u02bbAmato arrived"
    assert _found(text) == [
        ("P.O. O\u02bcBrien #4521", "name+identifier", "P.O. O'Brien #4521"),
        ("Sgt. D\u02bbAmato", "name", "Sgt. D'Amato"),
    ]
    # A typewriter's backtick, an acute accent and a left quote stand for one too (OCR).
    for mark in ("`", "\u00b4", "\u2018", "\u2032"):
        text = f"Seen by P.O. Kevin O{mark}Brien."
        assert _found(text) == [(f"P.O. Kevin O{mark}Brien", "name", "P.O. Kevin O'Brien")], repr(
            mark
        )


def test_ocr_misreadings_are_put_right_for_the_matcher_but_the_page_words_are_kept() -> None:
    text = "Sh1eld No. 4S21 / UC #O214 / Det. John Sm1th / Det. John Srnith"
    found = find_mentions(text)
    assert [text[span.start : span.end] for span in found] == [
        "Sh1eld No. 4S21",
        "UC #O214",
        "Det. John Sm1th",
        "Det. John Srnith",
    ]
    assert [span.query for span in found[:3]] == ["Shield 4521", "UC 0214", "Det. John Smlth"]
    assert found[3].variants() == ("Det. John Srnith", "Det. John Smith")


@pytest.mark.parametrize(
    "text",
    [
        "Mail to P.O. Box 112, Brooklyn",
        "the detective said he would call",
        "Det. Squad was notified",
        "the officer observed the defendant",
        "Shield of the law",
        "75th Pct. sector 4",
    ],
)
def test_words_that_name_no_officer_are_left_alone(text: str) -> None:
    assert find_mentions(text) == []


def test_two_officers_on_one_line_stay_two_mentions() -> None:
    text = "P.O. SMITH #4521    P.O. JONES #1234"
    assert [span.query for span in find_mentions(text)] == ["P.O. SMITH #4521", "P.O. JONES #1234"]


def test_capitals_after_a_name_that_are_words_end_the_name() -> None:
    assert _found("P.O. J. SMITH OBSERVED DEFENDANT") == [
        ("P.O. J. SMITH", "name", "P.O. J. SMITH")
    ]


def test_a_form_states_the_date_of_arrest() -> None:
    assert event_date("ARREST REPORT\nDate of Arrest: 03/12/2021\n") == date(2021, 3, 12)
    assert event_date("Occurrence Date: 2020-11-02") == date(2020, 11, 2)
    assert event_date("Date of Arrest: 13/45/2021") is None
    assert event_date("no date here") is None


def test_a_line_break_joins_only_a_wrapped_mention() -> None:
    wrapped = "seen by Det. John Smith,\nShield 4521 at the scene"
    assert [span.query for span in find_mentions(wrapped)] == ["Det. John Smith Shield 4521"]
    form = "Arresting Officer: Det. John Smith, Shield 4521\nUC #0214 made the buy"
    assert [span.query for span in find_mentions(form)] == [
        "Det. John Smith Shield 4521",
        "UC 0214",
    ]


def test_a_form_label_above_a_rank_is_not_part_of_the_mention() -> None:
    # A form's box: the label "ARRESTING OFFICER" on one line, the officer on the next.
    form = "ARRESTING OFFICER\nP.O. Tess Fixture, Shield 10101\nSUPERVISOR\nSgt. Ada Stubbs"
    assert _found(form) == [
        (
            "P.O. Tess Fixture, Shield 10101",
            "name+identifier",
            "P.O. Tess Fixture Shield 10101",
        ),
        ("Sgt. Ada Stubbs", "name", "Sgt. Ada Stubbs"),
    ]
