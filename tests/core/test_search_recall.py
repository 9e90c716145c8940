"""Search recall on generated pages: every word on a page is found, as a person types it.

Hypothesis writes pages the way discovery reads once its text is extracted: words in mixed
case, names with accents and apostrophes (José, Müller, O'Brien, O’Brien, OʼBrien), hyphens and
dashes (DD-5, Smith-Jones, Smith–Jones), identifiers and numbers (Shield #4521,
10/12/2024, 5953.0, 10:45), Bates labels (NYPD 000123, DEF-000045, KCDA_001301),
punctuation glued to words, and the text layer's own habits: ligatures (ﬁ, ﬂ, ﬃ),
full-width forms, words hyphenated at a line end ("inves-\\ntigation"), zero-width
characters inside words and non-breaking spaces between them.

The pages are written through the real path (the page insert trigger, or the bulk indexing
an import uses), on an embedded library and on an office library (PostgreSQL), and each
word is searched for as printed, in lower case, without its accents, with a straight
apostrophe for a curly one, as pasted from the text layer, as a quoted two-word phrase
and as a prefix of three letters or more, across the library and within the page's
matter. The page must be among the hits every time, and never among the hits of a
search within another matter.

The examples are derandomised (the ``recall`` profile), so a run on CI always sees the same
pages; ``HYPOTHESIS_PROFILE=recall-explore`` draws new ones, many more, while developing.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert

from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter
from evidence_desk.core.model import Document, Page
from evidence_desk.core.records import MatterId
from evidence_desk.core.search import MAX_LIMIT, parse_query, search
from evidence_desk.core.search_index import bulk_indexing

_SHARED = {
    "deadline": None,
    "database": None,  # nothing written into the checkout
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "print_blob": True,
}
settings.register_profile("recall", max_examples=100, derandomize=True, **_SHARED)
settings.register_profile("recall-explore", max_examples=2000, **_SHARED)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "recall")
if not PROFILE.startswith("recall"):
    PROFILE = "recall"  # another module's profile name means nothing here

pytestmark = pytest.mark.databases

# -- what a page holds ---------------------------------------------------------------------

# Words of police paperwork, some with the letter pairs typesetters set as ligatures. The
# query operators (AND, OR, NOT) are left out: typed in capitals they are operators.
PLAIN_WORDS = [
    "officer", "firearm", "flight", "affidavit", "sheriff", "fled", "identified",
    "confiscated", "difficult", "Clifford", "office", "waffle", "baffled", "scuffle",
    "undercover", "arrest", "vehicle", "precinct", "statement", "witness", "complaint",
    "sergeant", "detective", "phone", "investigation", "supervisor", "property",
    "handcuffed", "transported", "approached", "defendant", "narcotics", "field",
]  # fmt: skip
NAMES = [
    "José", "Müller", "Nuñez", "Núñez", "François", "Zoë", "Ramírez", "Goñi", "Björn",
    "Sørensen", "Łukasz", "Straße", "Đorđe", "Æsir", "Œuvre", "Ødegaard", "Wałęsa",
    "Yıldız", "Þórunn", "Guðrún",
    "O'Brien", "O’Brien", "OʼBrien", "D'Angelo", "D’Angelo", "DʻAngelo", "Smith-Jones",
    "Smith–Jones",
    "García-López", "Renée", "Hernández",
]  # fmt: skip
ACCENTED_LETTERS = "áéíóúñüöäçèàâêîôûëïåøłæœßđ"


@dataclass(frozen=True)
class Word:
    """One word of a page: as it reads on the page, and as its text layer holds it."""

    printed: str
    stored: str

    @property
    def alphabetic(self) -> bool:
        return self.printed.isalpha()


def _case(draw: st.DrawFn, word: str) -> str:
    style = draw(st.sampled_from(["as is", "lower", "upper", "title", "mixed"]))
    if style == "lower":
        return word.lower()
    if style == "upper":
        return word.upper()
    if style == "title":
        return word[:1].upper() + word[1:].lower()
    if style == "mixed":
        flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
        return "".join(c.upper() if up else c.lower() for c, up in zip(word, flips, strict=True))
    return word


@st.composite
def printed_words(draw: st.DrawFn) -> str:
    """A word, name, identifier, number or Bates label as a page prints it."""
    kind = draw(
        st.sampled_from(["plain", "plain", "name", "name", "made up", "number", "bates", "id"])
    )
    if kind == "plain":
        word = _case(draw, draw(st.sampled_from(PLAIN_WORDS)))
    elif kind == "name":
        word = _case(draw, draw(st.sampled_from(NAMES)))
    elif kind == "made up":
        letters = st.sampled_from("abcdefghijklmnopqrstuvwxyz" + ACCENTED_LETTERS)
        word = _case(draw, "".join(draw(st.lists(letters, min_size=2, max_size=10))))
    elif kind == "number":
        digits = st.integers(min_value=0, max_value=99999)
        word = draw(
            st.sampled_from(
                [
                    f"#{draw(digits)}",
                    f"{draw(st.integers(1, 12))}/{draw(st.integers(1, 31))}/"
                    f"{draw(st.integers(1990, 2030))}",
                    f"{draw(digits)}.{draw(st.integers(0, 99))}",
                    f"{draw(st.integers(0, 23))}:{draw(st.integers(0, 59)):02d}",
                    str(draw(digits)),
                ]
            )
        )
    elif kind == "bates":
        prefix = draw(st.sampled_from(["NYPD", "DEF", "KCDA", "CCRB", "PD"]))
        separator = draw(st.sampled_from(["-", "_", "", " "]))
        word = f"{prefix}{separator}{draw(st.integers(0, 999999)):06d}"
    else:
        prefix = draw(st.sampled_from(["DD", "UC", "P.O.", "Sgt.", "Det.", "Shield", "Tax"]))
        separator = draw(st.sampled_from(["-", "", "#", " #", " "]))
        word = f"{prefix}{separator}{draw(st.integers(1, 9999))}"
    assume(word not in ("AND", "OR", "NOT"))
    return word


LIGATURES = [
    ("ffi", "\ufb03"),
    ("ffl", "\ufb04"),
    ("ff", "\ufb00"),
    ("fi", "\ufb01"),
    ("fl", "\ufb02"),
]


@st.composite
def stored_words(draw: st.DrawFn, printed: str) -> Word:
    """The word as a PDF's text layer may hold it."""
    stored = printed
    for letters, ligature in LIGATURES:
        if letters in stored and draw(st.booleans()):
            stored = stored.replace(letters, ligature)
    if stored.isascii() and draw(st.integers(0, 5)) == 0:  # full-width forms
        stored = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in stored)
    inside = [
        at for at in range(1, len(stored)) if not (stored[at - 1].isspace() or stored[at].isspace())
    ]
    if inside and draw(st.integers(0, 4)) == 0:  # within a word, as word processors leave them
        invisible = draw(st.sampled_from(["\u200b", "\u00ad", "\u200d", "\u2060", "\ufeff"]))
        at = draw(st.sampled_from(inside))
        stored = stored[:at] + invisible + stored[at:]
    return Word(printed, stored)


@dataclass(frozen=True)
class PageText:
    """A page's text, its words, and the pairs of them that read as a phrase."""

    words: list[Word]
    text: str
    phrases: list[tuple[Word, Word]]


@st.composite
def pages(draw: st.DrawFn) -> PageText:
    """Words joined as extraction joins them: spaces of every kind, line breaks, line-end
    hyphenation and punctuation glued to the words."""
    words: list[Word] = []
    for printed in draw(st.lists(printed_words(), min_size=2, max_size=7)):
        words.append(draw(stored_words(printed)))
    pieces: list[str] = []
    phrases: list[tuple[Word, Word]] = []
    for index, word in enumerate(words):
        stored = word.stored
        # A word hyphenated by the typesetter at a line end (its second half in lower case).
        if word.alphabetic and len(word.printed) >= 4 and draw(st.integers(0, 3)) == 0:
            at = draw(st.integers(2, len(word.printed) - 2))
            if word.printed[at:].islower() and word.stored == word.printed:
                hyphen = draw(st.sampled_from(["-", "-", "\u2010", "\u00ad"]))
                line_break = draw(st.sampled_from(["\n", "\r\n", " \n", "\n  "]))
                stored = word.printed[:at] + hyphen + line_break + word.printed[at:]
        before = draw(st.sampled_from(["", "", "", "(", "\u201c", '"', "\u2018"]))
        after = draw(
            st.sampled_from(["", "", "", ",", ".", ";", ":", ")", "\u201d", "\u2019s", "'s", "?"])
        )
        pieces.append(before + stored + after)
        if index < len(words) - 1 and not any(c.isalpha() for c in after):
            phrases.append((word, words[index + 1]))  # "Müller's José" is no "Müller José"
        if index < len(words) - 1:
            pieces.append(
                draw(
                    st.sampled_from(
                        [" ", " ", " ", "  ", "\n", "\r\n", "\t", "\u00a0", " \u2014 ", " \u2013 "]
                    )
                )
            )
    return PageText(words, "".join(pieces), phrases)


# -- how a person types it -----------------------------------------------------------------

# Letters that Unicode does not decompose but that a person types without their mark.
_PLAIN_LETTERS = str.maketrans(
    {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "ß": "ss",
     "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "Þ": "Th"}
)  # fmt: skip


def without_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.translate(_PLAIN_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def typed_forms(word: Word) -> set[str]:
    """The ways a person may type (or paste) one word of the page."""
    printed = word.printed
    forms = {
        printed,
        printed.lower(),
        without_accents(printed),
        without_accents(printed).lower(),
        printed.replace("\u2019", "'").replace("\u02bc", "'").replace("\u02bb", "'"),
        word.stored,  # pasted from the page's text
    }
    return {form for form in forms if form not in ("AND", "OR", "NOT")}


def prefixes(word: Word, length: int) -> set[str]:
    """Prefix queries of ``length`` letters (three or more) for a word of letters."""
    if not word.alphabetic or len(word.printed) <= length:
        return set()
    stem = word.printed[:length]
    return {stem + "*", without_accents(stem).lower() + "*"}


# -- storing pages -------------------------------------------------------------------------


@pytest.fixture
def matters(library: Library) -> Iterator[tuple[MatterId, MatterId]]:
    own = add_matter(library, MatterInput("R-1", "People v. Page", "Pat Page"))
    other = add_matter(library, MatterInput("R-2", "People v. Other", "Olive Other"))
    yield own.id, other.id


def _store(library: Library, matter_id: MatterId, texts: list[str], bulk: bool) -> int:
    """A document of ``texts`` as its pages, indexed by trigger or as an import batch."""
    with library.write() as session:
        document_id = session.execute(
            insert(Document).returning(Document.id),
            [
                {
                    "matter_id": matter_id,
                    "title": "Generated",
                    "file_name": "generated.pdf",
                    "stored_path": "matters/R-1/documents/generated.pdf",
                    "sha256": os.urandom(32).hex(),
                    "size": 1,
                    "kind": "pdf",
                    "status": "ok",
                    "page_count": len(texts),
                    "imported_by": "test",
                }
            ],
        ).scalar_one()
        rows = [
            {"document_id": document_id, "number": number, "text": text}
            for number, text in enumerate(texts, start=1)
        ]
        if bulk:
            with bulk_indexing(session):
                session.execute(insert(Page), rows)
        else:
            for row in rows:
                session.execute(insert(Page).values(**row))
    return int(document_id)


def _remove(library: Library, document_id: int) -> None:
    with library.write() as session:
        session.execute(delete(Page).where(Page.document_id == document_id))
        session.execute(delete(Document).where(Document.id == document_id))


def _found(library: Library, query: str, matter_id: MatterId | None = None) -> set[tuple]:
    hits = search(library, query, matter_id=matter_id, limit=MAX_LIMIT)
    return {(hit.document_id, hit.page) for hit in hits}


def _distinct(queries: set[str]) -> list[str]:
    """One query of each set that reads the same, but for case, which the index folds
    (keeps the module fast: a page's forms mostly read alike)."""
    chosen: dict[tuple, str] = {}
    for query in sorted(queries):
        key = tuple(replace(part, value=part.value.lower()) for part in parse_query(query))
        chosen.setdefault(key, query)
    return list(chosen.values())


def _quoted_phrase(first: Word, second: Word) -> str:
    return f'"{first.printed} {second.printed}"'


@given(
    page_texts=st.lists(pages(), min_size=1, max_size=2),
    bulk=st.booleans(),
    prefix_length=st.integers(3, 8),
)
@settings(settings.get_profile(PROFILE))
def test_every_word_on_a_page_is_found_as_typed(
    library: Library,
    matters: tuple[MatterId, MatterId],
    page_texts: list[PageText],
    bulk: bool,
    prefix_length: int,
) -> None:
    own, other = matters
    document_id = _store(library, own, [page.text for page in page_texts], bulk)
    try:
        for number, page in enumerate(page_texts, start=1):
            where = (document_id, number)
            for word in page.words:
                queries = _distinct(typed_forms(word) | prefixes(word, prefix_length))
                for index, query in enumerate(queries):
                    # Across the library and within the matter, in turn.
                    assert where in _found(library, query, own if index % 2 else None), (
                        query,
                        page.text,
                    )
            for first, second in page.phrases:
                phrase = _quoted_phrase(first, second)
                assert where in _found(library, phrase), (phrase, page.text)
            for word in page.words[:1]:
                assert where in _found(library, word.printed, own), (word, page.text)
                assert where not in _found(library, word.printed, other), (word, page.text)
    finally:
        _remove(library, document_id)
