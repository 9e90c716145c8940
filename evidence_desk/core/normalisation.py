"""Searchable text: the one normalisation used by the search index and by quote checks.

Extracted text shows words the way the PDF stored them, not the way a person types them:
LaTeX and Ghostscript files keep typographic ligatures ("diﬀerently" has one "ﬀ"
character), word processors leave soft hyphens and zero-width characters, lines end in
hyphenated word halves ("differ-\\nently"), and each extraction engine spaces and breaks
lines its own way. ``normalise`` turns such text into what a person would type, so that
search finds every word that is on the page and a quote typed from the page is found
where it is. The exact text is always kept for display; only the index and the quote
matcher see the normalised form.

What it does, in this order (each step is one table or regular expression below):

1. Removes format and control characters that have no glyph: zero-width spaces and
   joiners, the byte-order mark, direction marks, word joiners, and stray control
   characters (``FORMAT_CHARACTERS``).
2. Joins words broken at a soft hyphen (U+00AD) or at the markers some engines put where
   they removed a line-end hyphen (U+0002, U+FFFE), with any line break around it:
   "Po\\n\\u00ad\\nlitik" reads "Politik".
3. Makes superscript and subscript characters words of their own, so that a footnote
   mark does not glue onto its word ("arrest¹" reads "arrest 1", not "arrest1").
4. Unicode NFKC: ligatures become their letters (ﬁ ﬀ ﬂ ﬃ ﬄ ﬅ ﬆ), full-width forms and
   non-breaking or typographic spaces become plain ones, "ſ" becomes "s", "½" "1⁄2".
5. Folds the Unicode hyphens to "-" and curly quotes and apostrophes to straight ones,
   the apostrophes some keyboards type as letters (ʼ, ʻ, ʽ, ʹ: "OʼBrien") included.
6. Joins a word hyphenated at a line end when the line goes on in lower case
   ("differ-\\nently" reads "differently"); any other hyphen at a line end keeps the
   hyphen and loses the line break ("Smith-\\nJones" reads "Smith-Jones", "UC-\\n214"
   "UC-214"). A compound split exactly at its own hyphen at a line end ("self-\\nincrimination")
   therefore reads as one word; the page text cannot tell the two apart.
7. Collapses every run of white space (line breaks, tabs, any Unicode space) into one
   space and trims the ends.

Case and accents are not changed here: the full-text index folds both when it splits the
text into words, and the quote matcher folds case itself.

``searchable`` is what an embedded library's index holds and what its queries are read
as: ``normalise`` and then the letters that carry a mark Unicode does not decompose
(ł, ø, đ, ð, ħ, ı) or that stand for two letters (ß, æ, œ, þ) as the plain letters a
person types for them (``PLAIN_LETTERS``). FTS5's ``remove_diacritics`` takes accents off
only the letters Unicode decomposes, so without this "Walesa" would not find "Wałęsa",
nor "Sorensen" "Sørensen", nor "Strasse" "Straße". The office's index (PostgreSQL) folds
the same letters with ``unaccent``.

``normalise_with_positions`` does the same steps while tracking, for every character of
the result, the index of the character of the original text it came from, so that a
quote found in normalised text is reported (and highlighted) in the exact text. Both go
through the same step functions; a test checks that they agree.

Glued words ("OlegAlexandrov", which pypdf produces where a PDF positions words instead
of spacing them) are not split here: a word boundary cannot be told from the characters
alone. The quote matcher has a spacing-insensitive fallback for them (see
``citations.find_quote``); search finds such words once the page is extracted again.

``register`` installs ``searchable`` as the deterministic SQL function
``searchable_text(text)`` on a SQLite connection: the full-text index's triggers call it
on every write of page or note text, so no writer has to remember to normalise (see
``search_index``). A change to these rules ships with a migration that indexes every
page and note again, as 0007 does, so that old and new pages read alike.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

SQL_FUNCTION = "searchable_text"

# Format characters (Unicode category Cf, except the soft hyphen, handled in step 2) and the
# control characters other than white space and U+0002 (step 2).
FORMAT_CHARACTERS = (
    "\u0000\u0001\u0003-\u0008\u000e-\u001b\u007f-\u0084\u0086-\u009f"
    "\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
WORD_JOINERS = "\u00ad\u0002\ufffe"
# Characters whose compatibility form is <super> or <sub>, except the ordinal indicators
# ª and º, which belong to their word ("1º").
RAISED_CHARACTERS = (
    "\u00b2\u00b3\u00b9\u02b0-\u02b8\u02e0-\u02e4\u10fc\u1d2c-\u1d6a\u1d78\u1d9b-\u1dbf"
    "\u2070-\u209c\u2120\u2122\u2c7c\u2c7d\u2d6f\u3192-\u319f\ua69c\ua69d\ua770\ua7f2-\ua7f4"
    "\ua7f8\ua7f9\uab5c-\uab5f\uab69\U00010781-\U000107ba\U0001f16a-\U0001f16c"
)
# Modifier letters that stand for an apostrophe: a search index reads them as letters, so
# "O'Brien" would not find "O\u02bcBrien" (the apostrophe of a Ukrainian or Hawaiian
# keyboard, and of Word with some layouts). Each is one character, as "'" is.
MODIFIER_APOSTROPHES = "\u02b9\u02bb\u02bc\u02bd"
_FOLDED = str.maketrans(
    {
        **dict.fromkeys(MODIFIER_APOSTROPHES, "'"),
        "\u2010": "-",  # hyphen (NFKC has already made U+2011 one)
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",  # a prime; NFKC has made a double prime two of them
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
    }
)
# Every character that reads as an apostrophe (step 5), and as a regular expression.
APOSTROPHES = "'" + "".join(chr(code) for code, to in _FOLDED.items() if to == "'")
_ANY_APOSTROPHE = f"[{APOSTROPHES}]"
_LINE_BREAK = r"(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])"

_REMOVED = re.compile(f"[{FORMAT_CHARACTERS}]+")
_JOINED = re.compile(rf"\s*[{WORD_JOINERS}]\s*")
_RAISED = re.compile(f"[{RAISED_CHARACTERS}]")
_TYPOGRAPHIC = re.compile("[" + "".join(chr(code) for code in _FOLDED) + "]")
# A hyphen that ends a line after a letter or digit, the line break, and the next character.
# (It starts with the hyphen so that the regular expression engine can skip to hyphens.)
_LINE_END_HYPHEN = re.compile(rf"-(?<=\w-)[^\S\n\r]*{_LINE_BREAK}\s*(?=(\S))")
_SPACE = re.compile(r"\s+")
_UNUSUAL = re.compile(f"[{FORMAT_CHARACTERS}{WORD_JOINERS}{RAISED_CHARACTERS}]")
# The ASCII characters that _UNUSUAL finds, as bytes to delete (a fast test for ASCII pages).
_ASCII_UNUSUAL = bytes(code for code in range(128) if _UNUSUAL.match(chr(code)))

# Letters a person types as plain ones, which neither NFKD nor FTS5 take apart.
PLAIN_LETTERS = str.maketrans(
    {
        "\u0141": "L",  # Ł
        "\u0142": "l",  # ł
        "\u00d8": "O",  # Ø
        "\u00f8": "o",  # ø
        "\u0110": "D",  # Đ
        "\u0111": "d",  # đ
        "\u00d0": "D",  # Ð
        "\u00f0": "d",  # ð
        "\u0126": "H",  # Ħ
        "\u0127": "h",  # ħ
        "\u0131": "i",  # ı
        "\u00df": "ss",  # ß
        "\u1e9e": "SS",  # ẞ
        "\u00c6": "AE",  # Æ
        "\u00e6": "ae",  # æ
        "\u0152": "OE",  # Œ
        "\u0153": "oe",  # œ
        "\u00de": "TH",  # Þ
        "\u00fe": "th",  # þ
    }
)

Positions = list[int] | None


def normalise(text: str) -> str:
    """``text`` as the index and the quote matcher see it (see the module docstring)."""
    return _normalised(text, None)[0]


def normalise_with_positions(text: str) -> tuple[str, list[int]]:
    """``normalise(text)``, and for each of its characters the index it came from in ``text``."""
    result, positions = _normalised(text, list(range(len(text))))
    assert positions is not None
    return result, positions


def searchable(text: str) -> str:
    """``text`` as an embedded library's index holds it and reads a query (see the module
    docstring): ``normalise``, with ``PLAIN_LETTERS`` folded."""
    return plain_letters(normalise(text))


def spelling_pattern(words: str) -> str:
    """A regular expression (for Python's ``re`` and Qt's) that finds ``words`` however a
    page writes their apostrophes (each one a group) and the space between them: "O'Brien
    said" finds "O’Brien⏎said". Case is the caller's to ignore."""
    pieces = []
    for piece in re.split(r"(\s+)", words.strip()):
        if piece.isspace():
            pieces.append(r"\s+")
        else:
            pieces.extend(
                f"({_ANY_APOSTROPHE})" if character in APOSTROPHES else re.escape(character)
                for character in piece
            )
    return "".join(pieces)


def as_written_in(words: str, text: str) -> str:
    """``words`` with the apostrophes ``text`` writes them with, at its first place that
    holds them (case and spacing aside): "O'Brien" becomes "O’Brien" for a page that has
    it so. A PDF viewer's own search matches characters exactly, so it must be given the
    page's; ``words`` as they are when ``text`` does not hold them."""
    if not any(character in APOSTROPHES for character in words):
        return words
    found = re.search(spelling_pattern(words), text, re.IGNORECASE)
    if found is None:
        return words
    marks = iter(found.groups())
    return "".join(next(marks) if character in APOSTROPHES else character for character in words)


def plain_letters(text: str) -> str:
    """``text`` with the letters of ``PLAIN_LETTERS`` as a person types them."""
    return text if text.isascii() else text.translate(PLAIN_LETTERS)


def register(dbapi_connection: Any) -> None:
    """Install ``searchable_text(text)`` on a sqlite3 connection (the index triggers use it)."""
    dbapi_connection.create_function(SQL_FUNCTION, 1, _sql_searchable, deterministic=True)


def _sql_searchable(value: object) -> object:
    return searchable(value) if isinstance(value, str) else value


# -- the steps ---------------------------------------------------------------------------------


def _normalised(text: str, positions: Positions) -> tuple[str, Positions]:
    # A step runs only when the text holds a character it changes (this runs on every page
    # written; most pages are plain ASCII and need only the last two steps).
    if text.isascii():
        unusual = len(text.encode("ascii").translate(None, _ASCII_UNUSUAL)) != len(text)
    else:
        unusual = _UNUSUAL.search(text) is not None
    if unusual:
        text, positions = _substitute(_REMOVED, _nothing, text, positions)
        text, positions = _substitute(_JOINED, _nothing, text, positions)
        text, positions = _substitute(_RAISED, _own_word, text, positions)
    if not text.isascii():
        text, positions = _nfkc(text, positions)
        text, positions = _substitute(_TYPOGRAPHIC, _folded, text, positions)
    if "-" in text:
        text, positions = _substitute(_LINE_END_HYPHEN, _line_end_hyphen, text, positions)
    if positions is None:
        return " ".join(text.split()), None  # str.split's white space is the same as \s
    return _collapsed_spaces(text, positions)


def _collapsed_spaces(text: str, positions: list[int]) -> tuple[str, Positions]:
    text, carried = _substitute(_SPACE, lambda _match: " ", text, positions)
    assert carried is not None
    start = 1 if text[:1] == " " else 0
    end = len(text) - 1 if len(text) > start and text[-1] == " " else len(text)
    return text[start:end], carried[start:end]


def _nothing(_match: re.Match[str]) -> str:
    return ""


def _own_word(match: re.Match[str]) -> str:
    return f" {match.group()} "


def _folded(match: re.Match[str]) -> str:
    return match.group().translate(_FOLDED)


def _line_end_hyphen(match: re.Match[str]) -> str:
    following = match.group(1)
    before = match.string[match.start() - 1]
    if before.isalpha() and following.isalpha() and following.islower():
        return ""  # "differ-\nently": one word hyphenated by the typesetter
    return "-"  # "Smith-\nJones", "UC-\n214": the hyphen is part of the text


def _substitute(
    pattern: re.Pattern[str],
    replacement: Any,
    text: str,
    positions: Positions,
) -> tuple[str, Positions]:
    """``pattern.sub`` that also carries positions: new characters take their match's start."""
    if positions is None:
        return pattern.sub(replacement, text), None
    pieces: list[str] = []
    carried: list[int] = []
    done = 0
    for match in pattern.finditer(text):
        pieces.append(text[done : match.start()])
        carried.extend(positions[done : match.start()])
        new = replacement(match)
        pieces.append(new)
        if new == "-" and match.group().startswith("-"):
            carried.append(positions[match.start()])  # the hyphen that stays is the page's own
        else:
            carried.extend([positions[match.start()]] * len(new))
        done = match.end()
    pieces.append(text[done:])
    carried.extend(positions[done:])
    return "".join(pieces), carried


def _nfkc(text: str, positions: Positions) -> tuple[str, Positions]:
    if unicodedata.is_normalized("NFKC", text):
        return text, positions
    if positions is None:
        return unicodedata.normalize("NFKC", text), None
    # Normalise one cluster (a character and the marks that combine with it) at a time, so
    # every resulting character is known to come from its cluster's first character.
    pieces: list[str] = []
    carried: list[int] = []
    index = 0
    while index < len(text):
        end = index + 1
        while end < len(text) and _combines(text[end]):
            end += 1
        piece = unicodedata.normalize("NFKC", text[index:end])
        pieces.append(piece)
        carried.extend([positions[index]] * len(piece))
        index = end
    return "".join(pieces), carried


def _combines(character: str) -> bool:
    """Whether NFKC may merge ``character`` into the one before it."""
    return (
        unicodedata.combining(character) != 0
        or unicodedata.category(character).startswith("M")
        or "\u1160" <= character <= "\u11ff"  # Hangul vowel and final consonant jamo
    )
