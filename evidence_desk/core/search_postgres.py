"""Full-text search of an office library on PostgreSQL: tsvector, GIN, ts_rank.

The same query language as an embedded library (``search.parse_query``), rendered as a
tsquery: every word of a term quoted (``'took' <-> 'my' <-> 'phone'`` for a phrase,
``'undercov':*`` for a prefix), AND as ``&``, OR as ``|``, NOT as ``& !`` (FTS5's NOT takes
what is before it, as here), words side by side as ``&``. A query whose operators or
parentheses do not fit together is refused before it reaches the server, with the message
an embedded library gives.

The words come from ``page.search_vector`` and ``note.search_vector`` (migration 0009),
made by the server from ``evidence_desk_search_words(text)``: the normalised text split
into letters and digits as FTS5 splits it, in lower case without accents. Ranking is
``ts_rank`` over the newest ``search.CANDIDATES`` matching pages (all of them when
exhaustive), as the FTS5 backend bounds BM25; scores are negated so that, as there, lower
is better. Snippets are cut in Python from the page's normalised text (``marked_snippet``),
so they mark exactly the words and phrases the query matched.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from . import search
from .errors import ValidationError
from .normalisation import normalise
from .search import (
    _TOKEN_CHARACTERS,
    ELLIPSIS,
    HIT_END,
    HIT_START,
    SNIPPET_TOKENS,
    QueryPart,
    SearchFilters,
    SearchHit,
    _document_conditions,
    _Ranked,
    _Ranking,
    _tidy,
)

CONFIGURATION = "evidence_desk_search"  # made by migration 0009
_TSQUERY = f"to_tsquery('{CONFIGURATION}', :tsquery)"
_OPERATORS = {"AND": "&", "OR": "|", "NOT": "& !"}


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

    def ranked(
        self,
        session: Session,
        query: list[QueryPart],
        filters: SearchFilters,
        wanted: int,
        scope: str,
    ) -> _Ranking:
        ranking = self._ranked_pages(session, filters, wanted, scope == "exhaustive")
        if filters.source is not None or filters.tag is not None:
            return ranking  # notes have neither
        notes = self._ranked_notes(session, filters, wanted)
        chosen = sorted(ranking.chosen + notes, key=lambda item: item.score)[:wanted]
        return replace(ranking, chosen=chosen)

    def _ranked_pages(
        self, session: Session, filters: SearchFilters, wanted: int, exhaustive: bool
    ) -> _Ranking:
        params: dict[str, object] = {"tsquery": self._tsquery, "wanted": wanted}
        joins, conditions = "", ["p.search_vector @@ q.query"]
        if filters.matter_id is not None or filters.on_documents:
            joins = "JOIN document d ON d.id = p.document_id "
            conditions += _document_conditions(filters, params)
            if filters.matter_id is not None:
                conditions.append("d.matter_id = :matter_id")
                params["matter_id"] = filters.matter_id
        where = " AND ".join(conditions)
        matching = (
            f"SELECT p.id, -ts_rank(p.search_vector, q.query) AS score "
            f"FROM page p {joins}CROSS JOIN (SELECT {_TSQUERY} AS query) q "
            f"WHERE {where} ORDER BY p.id DESC"
        )
        candidates = max(search.CANDIDATES, wanted)  # read here: tests change it
        if not exhaustive:
            matching += " LIMIT :candidates"
            params["candidates"] = candidates
        rows = session.execute(
            text(
                f"SELECT id, score, count(*) OVER (), min(id) OVER () FROM ({matching}) m "
                "ORDER BY score, id DESC LIMIT :wanted"
            ),
            params,
        ).all()
        if not rows:
            return _Ranking([], True, 0, "relevance")
        count, oldest = rows[0][2], rows[0][3]
        ranked_all = exhaustive or count < candidates
        if not ranked_all:  # exactly as many as the bound: are there older matches?
            older = session.execute(
                text(
                    f"SELECT p.id FROM page p {joins}"
                    f"CROSS JOIN (SELECT {_TSQUERY} AS query) q "
                    f"WHERE {where} AND p.id < :oldest LIMIT 1"
                ),
                {**params, "oldest": oldest},
            ).first()
            ranked_all = older is None
        chosen = [_Ranked("page", row_id, float(score)) for row_id, score, _c, _o in rows]
        return _Ranking(chosen, ranked_all, count, "relevance")

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


def _folded(word: str) -> str:
    """A word as the index compares it: lower case, without accents."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def marked_snippet(page_text: str, query: list[QueryPart], size: int = SNIPPET_TOKENS) -> str:
    """About ``size`` words of the normalised text around the most matches, each word or
    phrase the query names between « and », with … where the text goes on."""
    normalised = normalise(page_text)
    tokens = list(_TOKEN_CHARACTERS.finditer(normalised))
    if not tokens:
        return _tidy(normalised)
    folded = [_folded(token.group()) for token in tokens]
    spans: list[tuple[int, int]] = []  # (first token, last token) of each match
    for part in query:
        if part.kind != "term":
            continue
        words = [_folded(word) for word in _TOKEN_CHARACTERS.findall(part.value)]
        if not words:
            continue
        for start in range(len(folded) - len(words) + 1):
            if all(
                folded[start + offset].startswith(word)
                if part.prefix and offset == len(words) - 1
                else folded[start + offset] == word
                for offset, word in enumerate(words)
            ):
                spans.append((start, start + len(words) - 1))
    spans = _merged(spans)
    first = _best_window(spans, len(tokens), size)
    last = min(len(tokens), first + size) - 1
    pieces: list[str] = []
    position = tokens[first].start()
    for span_start, span_end in spans:
        if span_end < first or span_start > last:
            continue
        start, end = max(span_start, first), min(span_end, last)
        pieces.append(normalised[position : tokens[start].start()])
        pieces.append(HIT_START + normalised[tokens[start].start() : tokens[end].end()] + HIT_END)
        position = tokens[end].end()
    at_end = last == len(tokens) - 1
    pieces.append(normalised[position : None if at_end else tokens[last].end()])
    lead = ELLIPSIS if first > 0 else ""
    trail = "" if at_end else ELLIPSIS
    return lead + _tidy("".join(pieces)) + trail


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
