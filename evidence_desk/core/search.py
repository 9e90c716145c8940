"""Full-text search over page text and notes (SQLite FTS5), ranked, with marked snippets.

The query language is what a person types: words (all must occur), "quoted phrases",
prefixes (``undercov*``), and the operators AND, OR, NOT and parentheses in capitals.
Anything else that FTS5 would read as syntax (hyphens, colons, apostrophes: ``UC-214``,
``P.O.``) is quoted so that it is searched as written. A query that is still not valid
(an unclosed quote, a dangling operator) is refused with a clear message.

Ranking is BM25. To stay fast on large libraries the search runs in two steps: the
ranked ids first (only the filters join other tables), then snippets and titles for the
one page of results asked for. A query that matches more than ``RANKING_WINDOW`` pages is
ranked within the newest windows of that many matches (see ``_ranked_pages``).

Office mode (PostgreSQL) has no FTS5 tables; there the search falls back to a slower
substring match with the same results shape.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from .errors import ValidationError
from .library import Library
from .matters import find_matter
from .records import MatterId

HIT_START, HIT_END, ELLIPSIS = "«", "»", "…"
SNIPPET_TOKENS = 14
MAX_LIMIT = 1000
RANKING_WINDOW = 12_000  # matching pages ranked exactly in one pass (see _ranked_pages)
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_TOKEN = re.compile(r'"[^"]*"?\*?|[()]|[^\s()"]+')
_BAREWORD = re.compile(r"^[\w]+$", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    """One page or note that matches, with its snippet (hits between « and »)."""

    kind: str  # "page" or "note"
    document_id: int | None
    note_id: int | None
    matter_id: MatterId
    matter_file_number: str
    title: str
    page: int | None
    bates: str | None
    snippet: str
    score: float = 0.0  # BM25: lower is a better match


def to_fts_query(query: str) -> str:
    """The FTS5 expression for what the user typed (see the module docstring)."""
    if not query or not query.strip():
        raise ValidationError("type a word or phrase to search for")
    parts: list[str] = []
    for token in _TOKEN.findall(query):
        if token.startswith('"'):
            prefix = token.endswith("*")
            body = token[:-1] if prefix else token
            if len(body) < 2 or not body.endswith('"'):
                raise ValidationError(
                    f"the search {query!r} has a quote that is not closed; "
                    'close it, as in "took my phone"'
                )
            parts.append(body + ("*" if prefix else ""))
        elif token in ("(", ")") or token in _OPERATORS:
            parts.append(token)
        else:
            prefix = token.endswith("*")
            word = token.rstrip("*")
            if not word:
                raise ValidationError(f"the search {query!r} has a '*' without a word before it")
            quoted = '"' + word.replace('"', '""') + '"'
            parts.append(quoted + ("*" if prefix else ""))
    return " ".join(parts)


def _invalid(query: str, error: Exception) -> ValidationError:
    detail = str(getattr(error, "orig", error)).removeprefix("fts5: ")
    return ValidationError(
        f"the search {query!r} is not valid ({detail}); "
        "put words in quotes to search for them as written"
    )


def search(
    library: Library,
    query: str,
    *,
    matter_id: MatterId | None = None,
    source: str | None = None,
    tag: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[SearchHit]:
    """Ranked hits over pages and notes; filters narrow by matter, source, tag and date.

    The date filter uses a document's date (its import date when it has none) and a
    note's creation date. Notes have no source or tag, so those filters leave them out.
    """
    if limit < 1 or limit > MAX_LIMIT:
        raise ValidationError(f"the number of results must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise ValidationError("the result offset cannot be negative")
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ValidationError("the start date is after the end date")
    expression = to_fts_query(query)
    with library.read() as session:
        if matter_id is not None:
            find_matter(session, matter_id)  # refuses a file number, reports a deleted matter
        filters = _Filters(
            matter_id, source, tag.strip().lower() if tag else None, date_from, date_to
        )
        if session.get_bind().dialect.name != "sqlite":
            return _substring_search(session, query, filters, limit, offset)
        wanted = offset + limit
        try:
            ranked = _ranked_pages(session, expression, filters, wanted)
            if filters.source is None and filters.tag is None:
                ranked += _ranked_notes(session, expression, filters, wanted)
        except (OperationalError, sqlite3.OperationalError) as error:
            raise _invalid(query, error) from None
        ranked.sort(key=lambda item: item[2])
        chosen = ranked[offset:wanted]
        pages = _page_hits(session, expression, [item[1] for item in chosen if item[0] == "page"])
        notes = _note_hits(session, expression, [item[1] for item in chosen if item[0] == "note"])
        hits = []
        for kind, row_id, score in chosen:
            hit = (pages if kind == "page" else notes).get(row_id)
            if hit is not None:
                hits.append(_with_score(hit, score))
        return hits


@dataclass(frozen=True)
class _Filters:
    matter_id: MatterId | None
    source: str | None
    tag: str | None
    date_from: date | None
    date_to: date | None

    @property
    def on_documents(self) -> bool:
        return any(
            value is not None
            for value in (self.matter_id, self.source, self.tag, self.date_from, self.date_to)
        )


def _document_conditions(filters: _Filters, params: dict[str, object]) -> list[str]:
    conditions = []
    if filters.matter_id is not None:
        conditions.append("d.matter_id = :matter_id")
        params["matter_id"] = filters.matter_id
    if filters.source is not None:
        conditions.append("d.source = :source")
        params["source"] = filters.source
    if filters.tag is not None:
        conditions.append(
            "d.id IN (SELECT dt.document_id FROM document_tag dt JOIN tag t ON t.id = dt.tag_id"
            " WHERE lower(t.name) = :tag)"
        )
        params["tag"] = filters.tag
    day = "coalesce(d.document_date, date(d.imported_at))"
    if filters.date_from is not None:
        conditions.append(f"{day} >= :date_from")
        params["date_from"] = filters.date_from.isoformat()
    if filters.date_to is not None:
        conditions.append(f"{day} <= :date_to")
        params["date_to"] = filters.date_to.isoformat()
    return conditions


def _ranked_pages(
    session: Session, expression: str, filters: _Filters, wanted: int
) -> list[tuple[str, int, float]]:
    """The ``wanted`` best pages as (kind, page id, BM25 score).

    Scoring costs about a microsecond per matching page, so a word found on most of a
    large library would take far too long to rank in full. Up to ``RANKING_WINDOW``
    matches are ranked exactly; beyond that the matches are ranked in windows of that many
    pages, newest first, until enough pages pass the filters (finding the window bounds
    costs little: FTS5 reads rowids without scoring them).
    """
    params: dict[str, object] = {"query": expression, "wanted": wanted}
    joins = ""
    conditions = ["page_fts MATCH :query"]
    if filters.on_documents:
        joins = "JOIN page p ON p.id = page_fts.rowid JOIN document d ON d.id = p.document_id "
        conditions += _document_conditions(filters, params)
    total = session.execute(
        text("SELECT count(*) FROM page_fts WHERE page_fts MATCH :query"), {"query": expression}
    ).scalar_one()
    if total == 0:
        return []

    def ranked(lower: int | None, upper: int | None) -> list[tuple[str, int, float]]:
        window = list(conditions)
        if lower is not None:
            window.append("page_fts.rowid >= :lower")
        if upper is not None:
            window.append("page_fts.rowid < :upper")
        sql = (
            f"SELECT page_fts.rowid, bm25(page_fts) FROM page_fts {joins}"
            f"WHERE {' AND '.join(window)} ORDER BY 2 LIMIT :wanted"
        )
        rows = session.execute(text(sql), {**params, "lower": lower, "upper": upper})
        return [("page", row_id, score) for row_id, score in rows]

    if total <= RANKING_WINDOW:
        return ranked(None, None)
    found: list[tuple[str, int, float]] = []
    upper: int | None = None
    while len(found) < wanted:
        bound = "AND rowid < :upper " if upper is not None else ""
        lower = session.execute(
            text(
                f"SELECT rowid FROM page_fts WHERE page_fts MATCH :query {bound}"
                "ORDER BY rowid DESC LIMIT 1 OFFSET :window"
            ),
            {"query": expression, "upper": upper, "window": RANKING_WINDOW - 1},
        ).scalar_one_or_none()
        found += ranked(lower, upper)
        if lower is None:
            break
        upper = lower
    found.sort(key=lambda item: item[2])
    return found[:wanted]


def _ranked_notes(
    session: Session, expression: str, filters: _Filters, wanted: int
) -> list[tuple[str, int, float]]:
    params: dict[str, object] = {"query": expression, "wanted": wanted}
    conditions = ["note_fts MATCH :query"]
    if filters.matter_id is not None:
        conditions.append("n.matter_id = :matter_id")
        params["matter_id"] = filters.matter_id
    if filters.date_from is not None:
        conditions.append("date(n.created_at) >= :date_from")
        params["date_from"] = filters.date_from.isoformat()
    if filters.date_to is not None:
        conditions.append("date(n.created_at) <= :date_to")
        params["date_to"] = filters.date_to.isoformat()
    sql = (
        "SELECT note_fts.rowid, bm25(note_fts) FROM note_fts JOIN note n ON n.id = note_fts.rowid "
        f"WHERE {' AND '.join(conditions)} ORDER BY 2 LIMIT :wanted"
    )
    return [("note", row_id, score) for row_id, score in session.execute(text(sql), params)]


def _snippet_sql(table: str, column: int) -> str:
    return f"snippet({table}, {column}, '{HIT_START}', '{HIT_END}', '{ELLIPSIS}', {SNIPPET_TOKENS})"


def _page_hits(session: Session, expression: str, ids: list[int]) -> dict[int, SearchHit]:
    if not ids:
        return {}
    sql = text(
        f"SELECT p.id, p.document_id, p.number, p.bates, d.title, d.matter_id, m.file_number, "
        f"{_snippet_sql('page_fts', 0)} "
        "FROM page_fts JOIN page p ON p.id = page_fts.rowid "
        "JOIN document d ON d.id = p.document_id JOIN matter m ON m.id = d.matter_id "
        "WHERE page_fts MATCH :query AND page_fts.rowid IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    hits = {}
    for row in session.execute(sql, {"query": expression, "ids": ids}):
        hits[row[0]] = SearchHit(
            kind="page",
            document_id=row[1],
            note_id=None,
            matter_id=row[5],
            matter_file_number=row[6],
            title=row[4],
            page=row[2],
            bates=row[3],
            snippet=_tidy(row[7]),
        )
    return hits


def _note_hits(session: Session, expression: str, ids: list[int]) -> dict[int, SearchHit]:
    if not ids:
        return {}
    sql = text(
        "SELECT n.id, n.title, n.matter_id, m.file_number, "
        f"{_snippet_sql('note_fts', -1)} "
        "FROM note_fts JOIN note n ON n.id = note_fts.rowid JOIN matter m ON m.id = n.matter_id "
        "WHERE note_fts MATCH :query AND note_fts.rowid IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    hits = {}
    for row in session.execute(sql, {"query": expression, "ids": ids}):
        hits[row[0]] = SearchHit(
            kind="note",
            document_id=None,
            note_id=row[0],
            matter_id=row[2],
            matter_file_number=row[3],
            title=row[1],
            page=None,
            bates=None,
            snippet=_tidy(row[4]),
        )
    return hits


def _tidy(snippet: str | None) -> str:
    """One line: page text is full of line breaks that a result list cannot show."""
    return re.sub(r"\s+", " ", snippet or "").strip()


def _with_score(hit: SearchHit, score: float) -> SearchHit:
    from dataclasses import replace

    return replace(hit, score=float(score))


# -- office mode -----------------------------------------------------------------------------


def _plain_terms(query: str) -> list[str]:
    terms = []
    for token in _TOKEN.findall(query):
        if token in ("(", ")") or token in _OPERATORS:
            continue
        word = token.strip('"*').strip()
        if word:
            terms.append(word)
    return terms


def _marked(text_value: str, terms: list[str]) -> str:
    lowered = text_value.lower()
    first = min((lowered.find(t.lower()) for t in terms if t.lower() in lowered), default=0)
    start = max(0, first - 60)
    window = text_value[start : start + 160]
    for term in terms:
        window = re.sub(
            re.escape(term), lambda m: f"{HIT_START}{m.group(0)}{HIT_END}", window, flags=re.I
        )
    return (ELLIPSIS if start else "") + _tidy(window) + ELLIPSIS


def _substring_search(
    session: Session, query: str, filters: _Filters, limit: int, offset: int
) -> list[SearchHit]:
    """Every term as a case-blind substring; no ranking beyond document and page order."""
    terms = _plain_terms(query)
    if not terms:
        raise ValidationError("type a word or phrase to search for")
    params: dict[str, object] = {"limit": limit, "offset": offset}
    conditions = _document_conditions(filters, params)
    for index, term in enumerate(terms):
        conditions.append(f"lower(p.text) LIKE :term{index}")
        params[f"term{index}"] = f"%{term.lower()}%"
    sql = (
        "SELECT p.document_id, p.number, p.bates, d.title, d.matter_id, m.file_number, p.text "
        "FROM page p JOIN document d ON d.id = p.document_id JOIN matter m ON m.id = d.matter_id "
        f"WHERE {' AND '.join(conditions)} ORDER BY p.document_id, p.number "
        "LIMIT :limit OFFSET :offset"
    )
    return [
        SearchHit(
            kind="page",
            document_id=row[0],
            note_id=None,
            matter_id=row[4],
            matter_file_number=row[5],
            title=row[3],
            page=row[1],
            bates=row[2],
            snippet=_marked(row[6], terms),
        )
        for row in session.execute(text(sql), params)
    ]
