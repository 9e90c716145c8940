"""Full-text search of an office library on PostgreSQL: tsvector, GIN, ts_rank.

The same query language as an embedded library (``search.parse_query``), rendered as a
tsquery: every word of a term quoted (``'took' <-> 'my' <-> 'phone'`` for a phrase,
``'undercov':*`` for a prefix), AND as ``&``, OR as ``|``, NOT as ``& !`` (FTS5's NOT takes
what is before it, as here), words side by side as ``&``. A query whose operators or
parentheses do not fit together is refused before it reaches the server, with the message
an embedded library gives.

The words come from ``page.search_vector`` and ``note.search_vector`` (migration 0010),
made by the server from ``evidence_desk_search_words(text)``: the normalised text split
into letters and digits as FTS5 splits it, in lower case without accents. Ranking is
``ts_rank`` over the newest ``search.CANDIDATES`` matching pages
(``FIRST_SCREEN_CANDIDATES`` for a first screen, all of them when exhaustive), as the
FTS5 backend bounds BM25; scores are negated so that, as there, lower
is better. Pages are found by ``evidence_desk_search_pages`` (migration 0011), which
applies the ethical wall itself so that the word index can be used (row-level security
would otherwise test ``@@`` on page after page); a phrase is narrowed through the index
of word pairs (``word_pairs``). Snippets are cut in Python from the page's normalised
text (``marked_snippet``), so they mark exactly the words and phrases the query matched.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache
from itertools import islice

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from . import search
from .errors import ValidationError
from .normalisation import normalise, plain_letters
from .search import (
    _TOKEN_CHARACTERS,
    ELLIPSIS,
    HIT_END,
    HIT_START,
    SNIPPET_TOKENS,
    QueryPart,
    SearchFilters,
    SearchHit,
    _Ranked,
    _Ranking,
    _tidy,
)

CONFIGURATION = "evidence_desk_search"  # made by migration 0010
# Matching pages a first screen ranks (the newest; ``search.CANDIDATES`` for a whole
# answer). The server reads each candidate's words to rank it, about 5 µs a page, so a
# screen that answers while the user types ranks fewer than an embedded library does;
# when more match, the results say so and "Rank every match" ranks them all.
FIRST_SCREEN_CANDIDATES = 500
_TSQUERY = f"to_tsquery('{CONFIGURATION}', :tsquery)"
_OPERATORS = {"AND": "&", "OR": "|", "NOT": "& !"}
# The newest matching pages with their ts_rank, behind the page wall (migration 0011).
_PAGES = (
    f"evidence_desk_search_pages({_TSQUERY}, CAST(:pairs AS tsquery), "
    "CAST(:matter_id AS integer), CAST(:source AS varchar), CAST(:tag AS varchar), "
    "CAST(:date_from AS date), CAST(:date_to AS date), CAST(:at_most AS integer))"
)
# Words whose lexeme is simply their lower case (the pairs index holds lexemes); in ASCII
# text, the tokens (and every other character a word break).
_PLAIN_WORD = _ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+")
_ASCII_BREAKS = str.maketrans({chr(code): " " for code in range(128) if not chr(code).isalnum()})


def to_tsquery(query: str, parts: list[QueryPart]) -> str:
    """The tsquery text for a parsed query; ``query`` (as typed) names it in a refusal."""
    _check_structure(query, parts)
    rendered: list[str] = []
    operand_before = False
    for part in parts:
        starts_operand = part.kind == "term" or part.value == "("
        if starts_operand and operand_before:
            rendered.append("&")
        if part.kind == "term":
            rendered.append(_term(query, part))
        elif part.kind == "operator":
            rendered.append(_OPERATORS[part.value])
        else:
            rendered.append(part.value)
        operand_before = part.kind == "term" or part.value == ")"
    return " ".join(rendered)


def _term(query: str, part: QueryPart) -> str:
    words = _TOKEN_CHARACTERS.findall(part.value)
    if not words:
        raise ValidationError(
            f"the search {query!r} has {part.value!r}, which holds no letters or digits to "
            "search for"
        )
    quoted = [f"'{word}'" for word in words]  # letters and digits only: nothing to escape
    if part.prefix:
        quoted[-1] += ":*"
    return quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")"


def word_pairs(parts: list[QueryPart]) -> str | None:
    """The word pairs every match must hold, as a tsquery for the pairs index, or None.

    A phrase ("took my phone", or UC-214) is found through its adjacent pairs
    (``'took my' & 'my phone'``; a prefix ends the last pair: ``'my ph':*``) instead of
    the positions of every page holding all its words. Only for a query whose terms must
    all match (no operators or parentheses), and only of plain letters and digits, whose
    lexemes are their lower case whatever the server's dictionaries; anything else is
    left to the words alone, which always decide.
    """
    if any(part.kind != "term" for part in parts):
        return None
    pairs: list[str] = []
    for part in parts:
        words = _TOKEN_CHARACTERS.findall(part.value)
        if len(words) < 2 or not all(_PLAIN_WORD.fullmatch(word) for word in words):
            continue
        lowered = [word.lower() for word in words]
        for position in range(len(lowered) - 1):
            pair = f"'{lowered[position]} {lowered[position + 1]}'"
            last = position == len(lowered) - 2
            pairs.append(pair + (":*" if part.prefix and last else ""))
    return " & ".join(dict.fromkeys(pairs)) or None


def _check_structure(query: str, parts: list[QueryPart]) -> None:
    """Refuse what FTS5 would refuse: an operator without a word on each side, an
    unbalanced parenthesis."""

    def refuse(detail: str) -> ValidationError:
        return ValidationError(
            f"the search {query!r} is not valid ({detail}); "
            "put words in quotes to search for them as written"
        )

    depth = 0
    expecting_operand = True
    for part in parts:
        if part.kind == "operator":
            if expecting_operand:
                raise refuse(f'syntax error near "{part.value}"')
            expecting_operand = True
        elif part.value == ")":
            if expecting_operand or depth == 0:
                raise refuse('syntax error near ")"')
            depth -= 1
        else:  # a term or "(": an operand starts
            if part.value == "(":
                depth += 1
                expecting_operand = True
                continue
            expecting_operand = False
    if expecting_operand:
        raise refuse("syntax error at the end")
    if depth:
        raise refuse("a parenthesis is not closed")


class TsvectorBackend:
    """``search.SearchBackend`` for PostgreSQL."""

    def __init__(self, query: str, parts: list[QueryPart]) -> None:
        self._tsquery = to_tsquery(query, parts)
        self._pairs = word_pairs(parts)

    def ranked(
        self,
        session: Session,
        query: list[QueryPart],
        filters: SearchFilters,
        wanted: int,
        scope: str,
    ) -> _Ranking:
        ranking = self._ranked_pages(session, filters, wanted, scope)
        if filters.source is not None or filters.tag is not None:
            return ranking  # notes have neither
        notes = self._ranked_notes(session, filters, wanted)
        chosen = sorted(ranking.chosen + notes, key=lambda item: item.score)[:wanted]
        return replace(ranking, chosen=chosen)

    def _ranked_pages(
        self, session: Session, filters: SearchFilters, wanted: int, scope: str
    ) -> _Ranking:
        exhaustive = scope == "exhaustive"
        # Read here: tests change them.
        bound = FIRST_SCREEN_CANDIDATES if scope == "first screen" else search.CANDIDATES
        candidates = max(bound, wanted)
        params: dict[str, object] = {
            "tsquery": self._tsquery,
            "pairs": self._pairs,
            "matter_id": filters.matter_id,
            "source": filters.source,
            "tag": filters.tag,
            "date_from": filters.date_from,
            "date_to": filters.date_to,
            # One more than are ranked: whether older matches remain, in the same reading.
            "at_most": None if exhaustive else candidates + 1,
            "candidates": candidates,
            "wanted": wanted,
        }
        rows = session.execute(
            text(
                "SELECT id, -score, found FROM ("
                "SELECT id, score, count(*) OVER () AS found, "
                f"row_number() OVER (ORDER BY id DESC) AS newest FROM {_PAGES}) m "
                + ("" if exhaustive else "WHERE newest <= :candidates ")
                + "ORDER BY 2, 1 DESC LIMIT :wanted"
            ),
            params,
        ).all()
        if not rows:
            return _Ranking([], True, 0, "relevance")
        found = rows[0][2]
        ranked_all = exhaustive or found <= candidates
        chosen = [_Ranked("page", row_id, float(score)) for row_id, score, _found in rows]
        return _Ranking(
            chosen, ranked_all, found if exhaustive else min(found, candidates), "relevance"
        )

    def _ranked_notes(self, session: Session, filters: SearchFilters, wanted: int) -> list[_Ranked]:
        params: dict[str, object] = {"tsquery": self._tsquery, "wanted": wanted}
        conditions = ["n.search_vector @@ q.query"]
        if filters.matter_id is not None:
            conditions.append("n.matter_id = :matter_id")
            params["matter_id"] = filters.matter_id
        if filters.date_from is not None:
            conditions.append("CAST(n.created_at AS date) >= :date_from")
            params["date_from"] = filters.date_from
        if filters.date_to is not None:
            conditions.append("CAST(n.created_at AS date) <= :date_to")
            params["date_to"] = filters.date_to
        sql = (
            "SELECT n.id, -ts_rank(n.search_vector, q.query) AS score FROM note n "
            f"CROSS JOIN (SELECT {_TSQUERY} AS query) q "
            f"WHERE {' AND '.join(conditions)} ORDER BY score, n.id DESC LIMIT :wanted"
        )
        return [
            _Ranked("note", row_id, float(score))
            for row_id, score in session.execute(text(sql), params)
        ]

    def hits(
        self, session: Session, query: list[QueryPart], chosen: list[_Ranked]
    ) -> list[SearchHit]:
        found: dict[tuple[str, int], SearchHit] = {}
        page_ids = [item.row_id for item in chosen if item.kind == "page"]
        if page_ids:
            sql = text(
                "SELECT p.id, p.document_id, p.number, p.bates, d.title, d.matter_id, "
                "m.file_number, p.text FROM page p JOIN document d ON d.id = p.document_id "
                "JOIN matter m ON m.id = d.matter_id WHERE p.id IN :ids"
            ).bindparams(bindparam("ids", expanding=True))
            for row in session.execute(sql, {"ids": page_ids}):
                found["page", row[0]] = SearchHit(
                    kind="page",
                    document_id=row[1],
                    note_id=None,
                    matter_id=row[5],
                    matter_file_number=row[6],
                    title=row[4],
                    page=row[2],
                    bates=row[3],
                    snippet=marked_snippet(row[7], query),
                )
        note_ids = [item.row_id for item in chosen if item.kind == "note"]
        if note_ids:
            sql = text(
                "SELECT n.id, n.title, n.matter_id, m.file_number, n.body FROM note n "
                "JOIN matter m ON m.id = n.matter_id WHERE n.id IN :ids"
            ).bindparams(bindparam("ids", expanding=True))
            for row in session.execute(sql, {"ids": note_ids}):
                body = marked_snippet(row[4], query)
                found["note", row[0]] = SearchHit(
                    kind="note",
                    document_id=None,
                    note_id=row[0],
                    matter_id=row[2],
                    matter_file_number=row[3],
                    title=row[1],
                    page=None,
                    bates=None,
                    # The body unless only the title holds the words (FTS5's best column).
                    snippet=body if HIT_START in body else marked_snippet(row[1], query),
                )
        return [
            replace(found[item.kind, item.row_id], score=item.score)
            for item in chosen
            if (item.kind, item.row_id) in found
        ]


# -- snippets ---------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def _folded(word: str) -> str:
    """A word as the index compares it: lower case, without accents, letters such as ł and
    ø read plainly (kept: a page's words repeat, and the snippets of a screen of hits fold
    thousands of them)."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", plain_letters(word).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def marked_snippet(page_text: str, query: list[QueryPart], size: int = SNIPPET_TOKENS) -> str:
    """About ``size`` words of the normalised text around the most matches, each word or
    phrase the query names between « and », with … where the text goes on."""
    normalised = normalise(page_text)
    if normalised.isascii():  # the common case, at C speed: lower case is all the folding
        folded = normalised.lower().translate(_ASCII_BREAKS).split()
        pattern = _ASCII_TOKEN
    else:
        folded = [_folded(word) for word in _TOKEN_CHARACTERS.findall(normalised)]
        pattern = _TOKEN_CHARACTERS
    if not folded:
        return _tidy(normalised)
    spans: list[tuple[int, int]] = []  # (first token, last token) of each match
    for part in query:
        if part.kind != "term":
            continue
        words = [_folded(word) for word in _TOKEN_CHARACTERS.findall(part.value)]
        if not words:
            continue
        spans += _term_spans(folded, words, part.prefix)
    spans = _merged(spans)
    first = _best_window(spans, len(folded), size)
    last = min(len(folded), first + size) - 1
    # Where in the text the window's tokens are (only those are looked up).
    window = list(islice(pattern.finditer(normalised), first, last + 1))

    def start_of(token: int) -> int:
        return window[token - first].start()

    def end_of(token: int) -> int:
        return window[token - first].end()

    pieces: list[str] = []
    position = start_of(first)
    for span_start, span_end in spans:
        if span_end < first or span_start > last:
            continue
        start, end = max(span_start, first), min(span_end, last)
        pieces.append(normalised[position : start_of(start)])
        pieces.append(HIT_START + normalised[start_of(start) : end_of(end)] + HIT_END)
        position = end_of(end)
    at_end = last == len(folded) - 1
    pieces.append(normalised[position : None if at_end else end_of(last)])
    lead = ELLIPSIS if first > 0 else ""
    trail = "" if at_end else ELLIPSIS
    return lead + _tidy("".join(pieces)) + trail


def _term_spans(folded: list[str], words: list[str], prefix: bool) -> list[tuple[int, int]]:
    """Where the folded words of one term (a word, a phrase; its last word a prefix when
    ``prefix``) occur in a page's folded tokens, as (first token, last token)."""
    last = len(words) - 1

    def matches(token: str, offset: int) -> bool:
        if prefix and offset == last:
            return token.startswith(words[offset])
        return token == words[offset]

    # The first word rules out most tokens at once; only then the rest of a phrase.
    first, reach = words[0], len(folded) - last
    if prefix and last == 0:
        starts = [start for start in range(reach) if folded[start].startswith(first)]
    else:
        starts = [start for start in range(reach) if folded[start] == first]
    return [
        (start, start + last)
        for start in starts
        if all(matches(folded[start + offset], offset) for offset in range(1, last + 1))
    ]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _best_window(spans: list[tuple[int, int]], count: int, size: int) -> int:
    """The first token of the ``size``-token window holding the most matches (the earliest
    of equals), starting a little before its first match."""
    if not spans:
        return 0
    best, best_start = -1, 0
    for span_start, _end in spans:
        start = max(0, min(span_start - size // 4, count - size))
        inside = sum(1 for s, e in spans if s >= start and e < start + size)
        if inside > best:
            best, best_start = inside, start
    return best_start
