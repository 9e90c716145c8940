"""Searchable text: what the index and the quote matcher read for a page's exact text."""

from __future__ import annotations

import random
import sqlite3
import sys
import unicodedata

import pytest

from evidence_desk.core.normalisation import (
    as_written_in,
    normalise,
    normalise_with_positions,
    register,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "di\ufb00erently \ufb01ne \ufb02at o\ufb03ce ba\ufb04e",
            "differently fine flat office baffle",
        ),
        ("soft\u00adhyphen", "softhyphen"),
        ("Po\n\u00ad\nlitik and Immo\u00ad\nbilien", "Politik and Immobilien"),
        ("zero\u200bwidth\ufeff and\u200d joiner\u2060s", "zerowidth and joiners"),
        ("differ-\nently", "differently"),
        ("differ-  \r\n   ently", "differently"),
        ("differ\u2010\nently", "differently"),
        ("Smith-\nJones", "Smith-Jones"),
        ("UC-\n214", "UC-214"),
        ("pre-arranged signal", "pre-arranged signal"),
        ("he said -\nand left", "he said - and left"),
        ("end-", "end-"),
        ("  many \t spaces\r\n\n here \u00a0 and\u2003there\u3000 ", "many spaces here and there"),
        ("the arrest\u00b9 was", "the arrest 1 was"),
        ("Acme\u2122 phone", "Acme TM phone"),
        ("\u201cget in\u201d she\u2019s", '"get in" she\'s'),
        ("\uff21\uff22\uff23 \uff11\uff12", "ABC 12"),
        ("word\x02\nbreak and x\ufffe\ny", "wordbreak and xy"),
        ("nul\x00l and bell\x07", "null and bell"),
        ("Nu\u0301n\u0303ez", "N\u00fa\u00f1ez"),
        ("", ""),
        (" \n\t ", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_every_format_character_is_removed() -> None:
    """All of Unicode's invisible format characters (category Cf), not a chosen few."""
    format_characters = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) == "Cf" and chr(code) != "\u00ad"
    ]
    assert format_characters
    for character in format_characters:
        assert normalise(f"a{character}b") == "ab", hex(ord(character))


def test_every_superscript_and_subscript_stands_alone() -> None:
    raised = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.decomposition(chr(code)).startswith(("<super>", "<sub>"))
        and chr(code) not in "\u00aa\u00ba"  # ordinal indicators stay with their number
    ]
    for character in raised:
        assert normalise(f"a{character}b") == f"a {unicodedata.normalize('NFKC', character)} b"


ALPHABET = [
    *"ab Cd-\n\r\t.,'\"",
    "\ufb00",
    "\ufb01",
    "\u00ad",
    "\u200b",
    "\x02",
    "\ufffe",
    "\u2010",
    "\u2011",
    "\u00b9",
    "\u2122",
    "\u0301",
    "e\u0301",
    "\u00a0",
    "\u2028",
    "\u2019",
    "\u02bc",
    "\u02bb",
    "\u0149",
    "\u0374",
    "\u201c",
    "\u017f",
    "\u00bd",
    "\u1100\u1161",
    "\u11a8",
    "\uff21",
    "\x00",
    "\x1c",
    "\u3000",
    "\u00aa",
    "\u0600",
]


def test_positions_follow_the_same_rules_and_point_into_the_exact_text() -> None:
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 24)))
        normalised, positions = normalise_with_positions(text)
        assert normalised == normalise(text), repr(text)
        assert len(positions) == len(normalised)
        assert positions == sorted(positions)
        assert all(0 <= position < len(text) for position in positions)


def test_positions_name_the_characters_they_came_from() -> None:
    text = "The UC acted di\ufb00er-\nently."
    normalised, positions = normalise_with_positions(text)
    assert normalised == "The UC acted differently."
    start = normalised.index("differently")
    end = start + len("differently")
    assert text[positions[start] : positions[end - 1] + 1] == "di\ufb00er-\nently"


def test_the_sql_function_is_deterministic_and_passes_null_through() -> None:
    connection = sqlite3.connect(":memory:")
    register(connection)
    assert connection.execute("SELECT searchable_text(?)", ("di\ufb00er-\nently",)).fetchone() == (
        "differently",
    )
    assert connection.execute("SELECT searchable_text(NULL)").fetchone() == (None,)
    # Deterministic functions may be used where SQLite requires it, as in an index.
    connection.execute("CREATE TABLE t (x TEXT)")
    connection.execute("CREATE INDEX t_x ON t (searchable_text(x))")


@pytest.mark.parametrize(
    ("words", "text", "expected"),
    [
        ("O'Brien", "P.O. Kevin O\u2019Brien left", "O\u2019Brien"),
        ("o'brien", "P.O. O\u02bcBRIEN", "o\u02bcbrien"),  # its own case
        ("O'Brien", "P.O. O'Brien", "O'Brien"),
        ("O'Brien", "no such name", "O'Brien"),
        ("Smith", "SMITH", "Smith"),  # no apostrophe: as typed (the searches fold case)
        ("D'Amato's car", "D\u2019Amato\u2018s car", "D\u2019Amato\u2018s car"),
        ("O'Brien said", "O\u2019Brien\nsaid so", "O\u2019Brien said"),  # its own spacing
        ("O\u2019Brien", "P.O. O'Brien", "O'Brien"),  # a curly one typed: the page's
        ("a+b (c)", "A+B (C)", "a+b (c)"),
    ],
)
def test_words_are_given_the_apostrophes_the_page_has(words: str, text: str, expected: str) -> None:
    assert as_written_in(words, text) == expected
