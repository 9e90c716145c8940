"""Full-text search over page text and notes, ranked, with marked snippets.

The query language is what a person types: words (all must occur), "quoted phrases",
prefixes (``undercov*``), and the operators AND, OR, NOT and parentheses in capitals.
Anything else that would read as syntax (hyphens, colons, apostrophes: ``UC-214``,
``P.O.``) is searched as written. A query that is still not valid (an unclosed quote, a
dangling operator) is refused with a clear message. ``parse_query`` turns the text into
``QueryPart``s once; each storage backend renders them in its own syntax.

Words and phrases are normalised exactly as the index is (``normalisation.searchable``:
ligatures, soft hyphens, zero-width characters, line-end hyphenation, white space, and
letters such as ł, ø and ß as they are typed), so a word pasted with a ligature finds the
page as well as one typed plainly. The index also folds case and accents.

Ranking is BM25, over a bounded set of candidates so that a search answers at once on a
library of a million pages: the newest ``CANDIDATES`` matching pages (newest imports
first) that pass the filters are scored and the best shown. A query matching fewer pages
is ranked exactly, over all of them; one that matches more says so (``SearchResults``:
``ranked_all`` is false). Weighing words costs a read of every index entry of each word
(FTS5 counts its pages for BM25), so when that would exceed ``RANKING_BUDGET`` the
matching pages come newest first instead (``order`` "newest"), which reads only the
first screen of matches. ``exhaustive=True`` ranks every match by relevance, as a
refinement that runs in the background; ``first_screen=True`` bounds a newest-first
search to the newest ``FIRST_SCREEN_PAGES`` pages for a window answering as the user
types (``complete`` says whether it stopped there). The matter filter is applied inside
the index before anything is ranked (see ``search_index``); the other filters narrow the
candidates as they are read. Snippets and titles are fetched only for the page of results
asked for.

Backends: ``_Fts5Backend`` (an embedded library: SQLite FTS5) and
``search_postgres.TsvectorBackend`` (office mode: tsvector, GIN and ts_rank, the query
rendered as a tsquery; its bounded ranking works as here, a first screen ranking fewer
candidates, and it always ranks by relevance).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol

from sqlalchemy import bindparam, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from .errors import ValidationError
from .library import Library
from .matters import find_matter
from .normalisation import PLAIN_LETTERS, normalise, plain_letters
from .records import MatterId
from .search_index import matter_token

HIT_START, HIT_END, ELLIPSIS = "«", "»", "…"
SNIPPET_TOKENS = 14
MAX_LIMIT = 1000
CANDIDATES = 2000  # matching pages ranked by one search (the newest), unless exhaustive
# How many index entries ranking may read to weigh the words (BM25's document frequencies:
# FTS5 counts every page holding each word, about 50 ns an entry), and the newest pages
# whose share of each word estimates that count cheaply.
RANKING_BUDGET = 150_000
FREQUENCY_SAMPLE = 10_000
FIRST_SCREEN_PAGES = 200_000  # newest pages a first screen looks at (see search_results)
# What FTS5's unicode61 tokenizer keeps as parts of a word: letters and digits.
_TOKEN_CHARACTERS = re.compile(r"[^\W_]+")
INDEXED_PREFIXES = frozenset({3, 4})  # prefix='3 4' in migration 0007
PREFIX_WORDS = 200  # a prefix read as at most this many words (see _page_terms)
_VOCABULARY = "page_words USING fts5vocab(main, page_fts, col)"  # the page index's words
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_TOKEN = re.compile(r'"[^"]*"?\*?|[()]|[^\s()"]+')


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


@dataclass(frozen=True)
class SearchResults:
    """The hits asked for, and how they were chosen.

    ``order`` is "relevance" (BM25; ts_rank in office mode) or "newest":
    when the words are so common that weighing them would read a large part of the index,
    the matching pages come newest first (notes, always few, are still ranked and come
    first). ``ranked`` is how many
    matching pages were looked at; ``ranked_all`` is false when more pages match than
    that, so the hits are the best (or the newest) of the newest ``ranked`` matches.
    """

    hits: list[SearchHit]
    ranked_all: bool
    ranked: int
    order: str = "relevance"
    complete: bool = True  # false: a first screen from the newest pages only (see search)

    def how_chosen(self) -> str | None:
        """A sentence saying how the hits were chosen when they may not be all, else None.

        A search that looked at part of the library must never pass for a complete one.
        """
        if not self.complete:
            return (
                f"Only the newest {FIRST_SCREEN_PAGES:,} pages were searched so far, and "
                "too few of them match: search every page for the rest."
            )
        if self.order == "newest":
            return (
                "These words are on very many pages: the newest matching pages come first "
                "instead of the best. Add words to narrow the search, or rank every match."
            )
        if not self.ranked_all:
            return (
                f"More than {self.ranked:,} pages match: these are the best of the newest "
                f"{self.ranked:,}. Add words to narrow the search, or rank every match."
            )
        return None


@dataclass(frozen=True)
class _Ranking:
    chosen: list[_Ranked]
    ranked_all: bool
    ranked: int
    order: str
    complete: bool = True


# -- the query language --------------------------------------------------------------------


@dataclass(frozen=True)
class QueryPart:
    """One piece of a parsed query: a word or phrase (normalised), or an operator."""

    kind: str  # "term", "operator" (AND, OR, NOT) or "group" ( "(" or ")" )
    value: str
    prefix: bool = False  # a term ending in "*"
    phrase: bool = False  # a term typed in quotes


# Typographic double quotes (as a word processor or a phone types them) mark a phrase too.
_PHRASE_QUOTES = str.maketrans(dict.fromkeys("\u201c\u201d\u201e\u201f\uff02", '"'))


def parse_query(query: str) -> list[QueryPart]:
    """The parts of what the user typed (see the module docstring)."""
    if not query or not query.strip():
        raise ValidationError("type a word or phrase to search for")
    query = query.translate(_PHRASE_QUOTES)
    parts: list[QueryPart] = []
    for token in _TOKEN.findall(query):
        if token.startswith('"'):
            prefix = token.endswith("*")
            body = token[:-1] if prefix else token
            if len(body) < 2 or not body.endswith('"'):
                raise ValidationError(
                    f"the search {query!r} has a quote that is not closed; "
                    'close it, as in "took my phone"'
                )
            words = normalise(body[1:-1])
            if words:
                parts.append(QueryPart("term", words, prefix=prefix, phrase=True))
        elif token in ("(", ")"):
            parts.append(QueryPart("group", token))
        elif token in _OPERATORS:
            parts.append(QueryPart("operator", token))
        else:
            prefix = token.endswith("*")
            word = normalise(token.rstrip("*"))
            if not word:
                raise ValidationError(f"the search {query!r} has a '*' without a word before it")
            parts.append(QueryPart("term", word, prefix=prefix))
    if not any(part.kind == "term" for part in parts):
        raise ValidationError("type a word or phrase to search for")
    return parts


def _with_plain_letters(parts: list[QueryPart]) -> list[QueryPart]:
    """The parts as an embedded library's index reads them (``normalisation.searchable``)."""
    return [
        replace(part, value=plain_letters(part.value)) if part.kind == "term" else part
        for part in parts
    ]


def to_fts_query(query: str) -> str:
    """The FTS5 expression for what the user typed (every term quoted, operators kept)."""
    return _fts5_expression(_with_plain_letters(parse_query(query)))


def _fts5_expression(parts: list[QueryPart]) -> str:
    rendered = []
    for part in parts:
        if part.kind == "term":
            quoted = '"' + part.value.replace('"', '""') + '"'
            rendered.append(quoted + ("*" if part.prefix else ""))
        else:
            rendered.append(part.value)
    return " ".join(rendered)


# -- the service ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchFilters:
    """What narrows a search besides its words (all optional)."""

    matter_id: MatterId | None = None
    source: str | None = None
    tag: str | None = None  # lower case
    date_from: date | None = None
    date_to: date | None = None

    @property
    def on_documents(self) -> bool:
        """Whether a filter other than the matter needs the document row."""
        return any(
            value is not None for value in (self.source, self.tag, self.date_from, self.date_to)
        )


@dataclass(frozen=True)
class _Ranked:
    kind: str  # "page" or "note"
    row_id: int
    score: float


class SearchBackend(Protocol):
    """How one kind of database finds, ranks and shows matches."""

    def ranked(
        self,
        session: Session,
        query: list[QueryPart],
        filters: SearchFilters,
        wanted: int,
        scope: str,
    ) -> _Ranking:
        """The ``wanted`` best matches, best first, and how they were chosen."""
        ...

    def hits(
        self, session: Session, query: list[QueryPart], chosen: list[_Ranked]
    ) -> list[SearchHit]:
        """Titles, pages, Bates labels and snippets of the chosen matches, in their order."""
        ...


def search(library: Library, query: str, **options: Any) -> list[SearchHit]:
    """Ranked hits over pages and notes; takes the same options as ``search_results``."""
    return search_results(library, query, **options).hits


def search_results(
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
    exhaustive: bool = False,
    first_screen: bool = False,
) -> SearchResults:
    """Ranked hits over pages and notes; filters narrow by matter, source, tag and date.

    The date filter uses a document's date (its import date when it has none) and a
    note's creation date. Notes have no source or tag, so those filters leave them out.
    With ``exhaustive`` every matching page is ranked, however many there are (slower).
    With ``first_screen`` (for a window answering as the user types) a search whose words
    are too common to weigh looks only at the newest ``FIRST_SCREEN_PAGES`` pages when
    it finds fewer than ``limit`` matches there; ``complete`` is then false, and the same
    search without ``first_screen`` gives the whole answer.
    """
    if limit < 1 or limit > MAX_LIMIT:
        raise ValidationError(f"the number of results must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise ValidationError("the result offset cannot be negative")
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ValidationError("the start date is after the end date")
    parts = parse_query(query)
    with library.read() as session:
        if matter_id is not None:
            find_matter(session, matter_id)  # refuses a file number, reports a deleted matter
        filters = SearchFilters(
            matter_id, source, tag.strip().lower() if tag else None, date_from, date_to
        )
        backend: SearchBackend
        if session.get_bind().dialect.name == "sqlite":
            backend = _Fts5Backend()
            parts = _with_plain_letters(parts)
        else:  # imported here: it builds on this module's query parts and results
            from .search_postgres import TsvectorBackend

            backend = TsvectorBackend(query, parts)
        try:
            if exhaustive and first_screen:
                raise ValidationError("a search is either exhaustive or a first screen")
            scope = "exhaustive" if exhaustive else "first screen" if first_screen else "bounded"
            ranking = backend.ranked(session, parts, filters, offset + limit, scope)
            hits = backend.hits(session, parts, ranking.chosen[offset : offset + limit])
        except (OperationalError, sqlite3.OperationalError) as error:
            raise _invalid(query, error) from None
        return SearchResults(
            hits, ranking.ranked_all, ranking.ranked, ranking.order, ranking.complete
        )


def _invalid(query: str, error: Exception) -> ValidationError:
    detail = str(getattr(error, "orig", error)).removeprefix("fts5: ")
    return ValidationError(
        f"the search {query!r} is not valid ({detail}); "
        "put words in quotes to search for them as written"
    )


def _document_conditions(filters: SearchFilters, params: dict[str, object]) -> list[str]:
    """SQL conditions on ``document d`` for the filters other than the matter."""
    conditions = []
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


def _tidy(snippet: str | None) -> str:
    """One line: page text is full of line breaks that a result list cannot show."""
    return re.sub(r"\s+", " ", snippet or "").strip()


# A letter ``normalisation.PLAIN_LETTERS`` folds (a quick test, at C speed, for a page),
# and those it folds into two letters.
_FOLDED_LETTER = re.compile("[" + "".join(map(chr, PLAIN_LETTERS)) + "]")
_DOUBLED_LETTER = re.compile(
    "[" + "".join(chr(code) for code, to in PLAIN_LETTERS.items() if len(to) == 2) + "]"
)


def _as_written(snippet: str | None, *texts: str | None) -> str | None:
    """An embedded library's snippet with the letters its index reads plainly
    (``normalisation.PLAIN_LETTERS``: "Walesa" for "Wałęsa") as the text has them.

    FTS5 cuts the snippet from the index's copy of the text, which holds them plainly; a
    result list must not misspell a name the page spells right. The snippet (markers and
    ellipses aside) is a piece of that copy: found in one of ``texts`` read the same way,
    it is written with that text's letters, else it is left as it is.
    """
    if not snippet:
        return snippet
    body = snippet.removeprefix(ELLIPSIS).removesuffix(ELLIPSIS)
    bare = body.replace(HIT_START, "").replace(HIT_END, "")
    if not bare:
        return snippet
    for source in texts:
        if not source or source.isascii() or not _FOLDED_LETTER.search(source):
            continue  # nothing the index read plainly (most pages): as it is
        written = normalise(source)
        at = written.translate(PLAIN_LETTERS).find(bare)
        if at < 0:
            continue
        # The letters read as two (ß as "ss") shift the index copy's positions.
        doubled = [match.start() for match in _DOUBLED_LETTER.finditer(written)]
        shift = 0
        for place in doubled:  # in order; in the copy, each stands ``shift`` further on
            if place + shift >= at:
                break
            shift += 1
        index = at - shift
        restored: list[str] = []
        second_half = False
        for character in body:
            if character in (HIT_START, HIT_END):
                restored.append(character)
            elif not second_half and index in doubled:
                restored.append(written[index])
                second_half = True
            else:
                if not second_half:
                    restored.append(written[index])
                second_half = False
                index += 1
        return snippet.replace(body, "".join(restored), 1)
    return snippet


# -- embedded libraries: SQLite FTS5 -------------------------------------------------------


class _Fts5Backend:
    """Search through the FTS5 tables that ``search_index`` describes (one per search)."""

    def __init__(self) -> None:
        self._terms: dict[int, str] | None = None
        # Set when the chosen pages are the newest matches of ``_newest_match``, in order.
        self._newest_match: str | None = None

    def _page_terms(self, session: Session, query: list[QueryPart]) -> dict[int, str]:
        if self._terms is None:  # read once: a prefix's words come from the vocabulary
            self._terms = _page_terms(session, query)
        return self._terms

    def ranked(
        self,
        session: Session,
        query: list[QueryPart],
        filters: SearchFilters,
        wanted: int,
        scope: str,
    ) -> _Ranking:
        ranking = self._ranked_pages(session, query, filters, wanted, scope)
        if filters.source is not None or filters.tag is not None:
            return ranking
        notes = self._ranked_notes(session, _fts5_expression(query), filters, wanted)
        if ranking.order == "relevance":
            chosen = sorted(ranking.chosen + notes, key=lambda item: item.score)[:wanted]
        else:
            chosen = (notes + ranking.chosen)[:wanted]
        return replace(ranking, chosen=chosen)

    def _ranked_pages(
        self,
        session: Session,
        query: list[QueryPart],
        filters: SearchFilters,
        wanted: int,
        scope: str,
    ) -> _Ranking:
        """The best pages among the newest candidates (or among all, when exhaustive).

        FTS5 reads matches newest first and stops after ``candidates``, so finding them
        costs little however large the library; the matter token narrows the matches
        inside the index and the document filters are checked as rows are read. Ranking
        them costs more: BM25 needs each word's document frequency, and FTS5 counts it
        by reading every entry of the word in the index, whichever pages are ranked. When
        that would read more than ``RANKING_BUDGET`` entries (common words in a large
        library), the candidates are shown newest first instead.
        """
        terms = self._page_terms(session, query)
        match = f"{{text}} : ({' '.join(terms.values())})"
        params: dict[str, object] = {}
        if filters.matter_id is not None:
            match += f' AND matter : "{matter_token(filters.matter_id)}"'
        params["match"] = match
        joins, conditions = "", ["page_fts MATCH :match"]
        if filters.on_documents:
            joins = "JOIN page p ON p.id = page_fts.rowid JOIN document d ON d.id = p.document_id "
            conditions += _document_conditions(filters, params)
        where = " AND ".join(conditions)
        exhaustive = scope == "exhaustive"
        if not exhaustive and not _affordable(session, query, terms):
            # The newest ``wanted`` matches are all that is read; for a first screen, only
            # among the newest FIRST_SCREEN_PAGES pages.
            bound, low = "", None
            if scope == "first screen":
                low = _newest_pages_bound(session)
                bound = "AND page_fts.rowid > :low " if low is not None else ""
            newest = (
                session.execute(
                    text(
                        f"SELECT page_fts.rowid FROM page_fts {joins}WHERE {where} {bound}"
                        "ORDER BY page_fts.rowid DESC LIMIT :limit"
                    ),
                    {**params, "limit": wanted + 1, "low": low},
                )
                .scalars()
                .all()
            )
            chosen = [_Ranked("page", row_id, 0.0) for row_id in newest[:wanted]]
            if not filters.on_documents:
                self._newest_match = match
            complete = bool(bound == "" or len(newest) > wanted)
            return _Ranking(
                chosen, len(newest) <= wanted and complete, len(chosen), "newest", complete
            )
        scored = (
            f"SELECT page_fts.rowid AS id, bm25(page_fts, 1.0, 0.0) AS score "
            f"FROM page_fts {joins}WHERE {where} ORDER BY page_fts.rowid DESC"
        )
        if not exhaustive:
            scored += " LIMIT :candidates"
            params["candidates"] = max(CANDIDATES, wanted)
        # The best ``wanted``, how many were ranked and the oldest of them, chosen by SQLite.
        rows = session.execute(
            text(
                f"SELECT id, score, count(*) OVER (), min(id) OVER () FROM ({scored}) "
                "ORDER BY score LIMIT :wanted"
            ),
            {**params, "wanted": wanted},
        ).all()
        if not rows:
            return _Ranking([], True, 0, "relevance")
        count, oldest = rows[0][2], rows[0][3]
        ranked_all = exhaustive or count < max(CANDIDATES, wanted)
        if not ranked_all:  # exactly as many as asked: are there older matches?
            ranked_all = (
                session.execute(
                    text(
                        f"SELECT page_fts.rowid FROM page_fts {joins}WHERE {where} "
                        "AND page_fts.rowid < :oldest ORDER BY page_fts.rowid DESC LIMIT 1"
                    ),
                    {**params, "oldest": oldest},
                ).first()
                is None
            )
        chosen = [_Ranked("page", row_id, value) for row_id, value, _count, _oldest in rows]
        return _Ranking(chosen, ranked_all, count, "relevance")

    @staticmethod
    def _ranked_notes(
        session: Session, expression: str, filters: SearchFilters, wanted: int
    ) -> list[_Ranked]:
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
            "SELECT note_fts.rowid, bm25(note_fts) FROM note_fts "
            "JOIN note n ON n.id = note_fts.rowid "
            f"WHERE {' AND '.join(conditions)} ORDER BY 2 LIMIT :wanted"
        )
        return [
            _Ranked("note", row_id, value) for row_id, value in session.execute(text(sql), params)
        ]

    def hits(
        self, session: Session, query: list[QueryPart], chosen: list[_Ranked]
    ) -> list[SearchHit]:
        page_ids = [c.row_id for c in chosen if c.kind == "page"]
        if self._newest_match is not None:
            pages = self._page_hits(session, self._newest_match, page_ids, newest=True)
        else:
            match = f"{{text}} : ({' '.join(self._page_terms(session, query).values())})"
            pages = self._page_hits(session, match, page_ids)
        notes = self._note_hits(
            session, _fts5_expression(query), [c.row_id for c in chosen if c.kind == "note"]
        )
        hits = []
        for item in chosen:
            hit = (pages if item.kind == "page" else notes).get(item.row_id)
            if hit is not None:
                hits.append(replace(hit, score=float(item.score)))
        return hits

    @staticmethod
    def _page_hits(
        session: Session, match: str, ids: list[int], *, newest: bool = False
    ) -> dict[int, SearchHit]:
        if not ids:
            return {}
        columns = (
            "SELECT p.id, p.document_id, p.number, p.bates, d.title, d.matter_id, m.file_number, "
            f"{_snippet_sql('page_fts', 0)}, p.text "
            "FROM page_fts JOIN page p ON p.id = page_fts.rowid "
            "JOIN document d ON d.id = p.document_id JOIN matter m ON m.id = d.matter_id "
            "WHERE page_fts MATCH :query "
        )
        params: dict[str, object] = {"query": match}
        if newest and len(ids) > 1:
            # The newest matches of ``match``: those between the first and the last shown
            # are exactly those shown, so read them in one pass rather than looking each
            # one up in the index again.
            sql = text(columns + "AND page_fts.rowid BETWEEN :low AND :high")
            params.update(low=ids[-1], high=ids[0])
        else:
            sql = text(columns + "AND page_fts.rowid IN :ids").bindparams(
                bindparam("ids", expanding=True)
            )
            params["ids"] = ids
        wanted = set(ids)
        hits = {}
        for row in session.execute(sql, params):
            if row[0] not in wanted:
                continue
            hits[row[0]] = SearchHit(
                kind="page",
                document_id=row[1],
                note_id=None,
                matter_id=row[5],
                matter_file_number=row[6],
                title=row[4],
                page=row[2],
                bates=row[3],
                snippet=_tidy(_as_written(row[7], row[8])),
            )
        return hits

    @staticmethod
    def _note_hits(session: Session, expression: str, ids: list[int]) -> dict[int, SearchHit]:
        if not ids:
            return {}
        sql = text(
            "SELECT n.id, n.title, n.matter_id, m.file_number, "
            f"{_snippet_sql('note_fts', -1)}, n.body "
            "FROM note_fts JOIN note n ON n.id = note_fts.rowid "
            "JOIN matter m ON m.id = n.matter_id "
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
                snippet=_tidy(_as_written(row[4], row[5], row[1])),
            )
        return hits


def _affordable(session: Session, query: list[QueryPart], terms: dict[int, str]) -> bool:
    """Whether BM25 can weigh the query's words without reading too much of the index.

    Each word's document frequency is estimated from its share of the newest
    ``FREQUENCY_SAMPLE`` pages (a rowid range FTS5 reads directly).
    """
    # Two subqueries: SQLite answers min() and max() from the ends of the index only
    # when each stands alone.
    first, last = session.execute(
        text("SELECT (SELECT min(id) FROM page), (SELECT max(id) FROM page)")
    ).one()
    if first is None:
        return True
    pages = last - first + 1
    sample = min(pages, FREQUENCY_SAMPLE)
    probes: list[str] = []
    for index, part in enumerate(query):
        if part.kind != "term":
            continue
        if terms[index] != _fts5_expression([part]):  # a prefix read as the words it begins
            probes.append(terms[index])
            continue
        words = _TOKEN_CHARACTERS.findall(part.value)
        for position, word in enumerate(words):
            prefix = "*" if part.prefix and position == len(words) - 1 else ""
            probes.append(f'"{word}"{prefix}')
    entries = 0.0
    for probe in probes:
        found = session.execute(
            text("SELECT count(*) FROM page_fts WHERE page_fts MATCH :probe AND rowid > :low"),
            {"probe": f"{{text}} : ({probe})", "low": last - sample},
        ).scalar_one()
        entries += found * pages / sample
        if entries > RANKING_BUDGET:
            return False
    return True


def _newest_pages_bound(session: Session) -> int | None:
    """The page id below the newest ``FIRST_SCREEN_PAGES`` pages, or None for a smaller library."""
    first = session.execute(text("SELECT min(id) FROM page")).scalar()
    last = session.execute(text("SELECT max(id) FROM page")).scalar()
    if first is None or last - first < FIRST_SCREEN_PAGES:
        return None
    return int(last - FIRST_SCREEN_PAGES)


def _page_terms(session: Session, query: list[QueryPart]) -> dict[int, str]:
    """The FTS5 text of each part of the query, by its position, for the page index.

    The page index keeps prefix indexes for 3 and 4 characters (``search_index``). A
    prefix of another length would make FTS5 merge, in full, the entries of every word
    that starts so, each time it is read; such a prefix is read instead as the words of
    the index that begin with it ("office*": ``("office" OR "officer" OR ...)``), taken
    from the index's own vocabulary. Prefixes that are not plain letters and digits, or
    that begin more than ``PREFIX_WORDS`` words, are left to FTS5.
    """
    rendered: dict[int, str] = {}
    for index, part in enumerate(query):
        rendered[index] = _fts5_expression([part])
        if part.kind != "term" or not part.prefix:
            continue
        words = _TOKEN_CHARACTERS.findall(part.value)
        if not words:
            continue
        stem = words[-1].lower()
        if len(stem) in INDEXED_PREFIXES or not (stem.isascii() and stem.isalnum()):
            continue
        session.execute(text(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_VOCABULARY}"))
        expansions = (
            session.execute(
                text(
                    "SELECT term FROM temp.page_words WHERE term >= :stem AND term < :after "
                    "AND col = 'text' LIMIT :most"
                ),
                {
                    "stem": stem,
                    "after": stem[:-1] + chr(ord(stem[-1]) + 1),
                    "most": PREFIX_WORDS + 1,
                },
            )
            .scalars()
            .all()
        )
        if not expansions or len(expansions) > PREFIX_WORDS:
            continue
        leading = " ".join(words[:-1])
        phrases = [f'"{leading} {word}"' if leading else f'"{word}"' for word in expansions]
        rendered[index] = "(" + " OR ".join(phrases) + ")"
    return rendered


def _snippet_sql(table: str, column: int) -> str:
    return f"snippet({table}, {column}, '{HIT_START}', '{HIT_END}', '{ELLIPSIS}', {SNIPPET_TOKENS})"
