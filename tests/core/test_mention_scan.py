"""The quick scans of mention detection find exactly what the case-blind patterns find."""

from __future__ import annotations

import random
import re
import string
import sys

import pytest

from evidence_desk.core import mention_text
from evidence_desk.core.mention_text import _CASE_TRAPS, _Page, _Scan

SCANS: list[tuple[str, _Scan]] = [
    ("rank", mention_text._RANK_SCAN),
    ("field", mention_text._FIELD_SCAN),
    ("date", mention_text._DATE_LABEL_SCAN),
    *mention_text._IDENTIFIER_SCANS,
]

# Pieces police paperwork (and OCR) makes pages of, in every case below.
_PIECES = (
    *(
        "police officer",
        "police  0fficer",
        "p.o.",
        "p . 0 .",
        "p.o",
        "po",
        "pom",
        "pof",
        "ptl.",
        "patrolman",
        "detective specialist",
        "detective investigator",
        "detective",
        "det.",
        "det spec.",
        "det.spec",
        "dt.3",
        "dt2",
        "sergeant",
        "sgt.",
        "lieutenant",
        "lieut.",
        "lt.",
        "captain",
        "capt.",
        "cpt",
        "deputy inspector",
        "inspector",
        "insp.",
        "deputy chief",
        "assistant chief",
        "bureau chief",
        "chief",
        "undercover officer",
        "u.c. officer",
        "u/c 0fficer",
        "officer",
        "0fficer",
        "ofc.",
        "trooper",
        "special agent",
        "agent",
    ),
    *(
        "arresting officer:",
        "reporting officer's name :",
        "assigned mos:",
        "subject member:",
        "officer name:",
        "mos name:",
        "member of service name:",
        "rank/name:",
        "name / rank:",
        "complainant detective:",
        "investigating  officer :",
    ),
    *(
        "shield no. ",
        "sh1eld #",
        "shie|d",
        "shld.",
        "badge",
        "tax reg. #",
        "tax registry id",
        "tax id:",
        "undercover officer no.",
        "u.c. #",
        "u/c",
        "uc#",
        "employee id",
        "emp. id",
        "ernployee",
        "emp",
        "nr.",
        "num.",
        "number",
        "#",
    ),
    *(
        "date of arrest:",
        "date  of occurrence",
        "arrest date #",
        "incident date:",
        "offense date",
        "event date",
        "date of offence",
        "prevent date",
    ),
    "4521",
    "4S21",
    "O214",
    "0214",
    "943123",
    "l2|3",
    "B8",
    "03/12/2021",
    "3.4.21",
    "2020-11-02",
    "13/45/2021",
    "John",
    "SMITH",
    "Smith,",
    "De La Cruz",
    "O'Brien",
    "Box",
    "Squad",
)
_GLUE = (" ", " ", " ", "", "\n", "\t", ".", ",", "(", ")", ":", "-", "/", "x", "_", "0",
         "\u00a0", "\u2003", "é", "’", "\u212a")  # fmt: skip


def _cased(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return text.upper()
    if roll < 0.5:
        return text.title()
    if roll < 0.7:
        return "".join(ch.upper() if rng.random() < 0.5 else ch for ch in text)
    return text


def _page(rng: random.Random, traps: bool) -> str:
    words = []
    for _ in range(rng.randint(5, 60)):
        words.append(_cased(rng.choice(_PIECES), rng))
        words.append(rng.choice(_GLUE))
        if traps and rng.random() < 0.05:
            words.append(rng.choice(_CASE_TRAPS))
    return "".join(words)


def _found(scan: _Scan, text: str, quick: bool) -> list[tuple[tuple[int, int], ...]]:
    matches = scan.finditer(_Page.of(text)) if quick else scan.blind.finditer(text)
    return [
        (match.span(), *(match.span(group) for group in scan.blind.groupindex)) for match in matches
    ]


@pytest.mark.parametrize("traps", [False, True])
def test_quick_scans_find_what_the_case_blind_patterns_find(traps: bool) -> None:
    rng = random.Random(17 + traps)
    pages = [_page(rng, traps) for _ in range(600)]
    for name, scan in SCANS:
        found_any = False
        for text in pages:
            quick = _found(scan, text, quick=True)
            assert quick == _found(scan, text, quick=False), (name, text)
            found_any = found_any or bool(quick)
        assert found_any, name  # the pages exercise every pattern


def test_a_page_with_a_case_trap_is_scanned_case_blind() -> None:
    # re reads "ſ" as "s" and "ı" as "i", which lower case does not; "İ" grows in it.
    for text in ("ſhield 4521", "Det. John Smıth, Shıeld 4521", "İnsp. Jones"):
        assert _Page.of(text).lower is None
    assert [span.query for span in mention_text.find_mentions("P.O. Smith, ſhield 4521")] == [
        "P.O. Smith Shield 4521"
    ]
    assert _Page.of("Officer \u212aelly").lower == "officer kelly"  # the Kelvin sign: "k" both ways


def test_lower_case_folds_as_case_blind_matching_does_for_every_other_character() -> None:
    """Where a character's lower case is another character, re's case-blind matching and
    its classes (\\w, \\s, \\d) must treat both alike; the traps are the exceptions."""
    letter = re.compile(r"[a-z]", re.IGNORECASE)
    classes = [re.compile(pattern) for pattern in (r"\w", r"\s", r"\d")]
    exceptions = set()
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lower = char.lower()
        if code < 128 or lower == char:
            if code >= 128 and letter.match(char):
                exceptions.add(char)  # folds to a letter that its lower case is not
            continue
        if len(lower) != 1:
            exceptions.add(char)
            continue
        if any(bool(cls.match(char)) != bool(cls.match(lower)) for cls in classes):
            exceptions.add(char)
        if letter.match(char) and lower not in string.ascii_lowercase:
            exceptions.add(char)
    assert exceptions == set(_CASE_TRAPS)


def test_the_import_workers_read_each_page_for_mentions(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from evidence_desk.core.ingest.worker import ExtractionTask, run_task

    path = tmp_path / "report.txt"
    path.write_text("ARREST REPORT\nDate of Arrest: 03/12/2021\nDet. John Smith, Shield 4521\n")
    task = ExtractionTask(0, str(path), "text", None, None)
    read = run_task(task, path)
    assert read.page_readings() == [mention_text.read_page(text) for text in read.pages]
    (reading,) = read.readings
    assert [span.query for span in reading.spans] == ["Det. John Smith Shield 4521"]
    assert str(reading.event_date) == "2021-03-12"
    # Asked not to, the worker leaves the reading to the writer.
    unread = run_task(ExtractionTask(0, str(path), "text", None, None, read_mentions=False), path)
    assert unread.page_readings() is None
