"""The full-text index of an embedded library (SQLite FTS5): how text gets into it.

Every writer of page or note text (import, OCR, unlocking an encrypted document, editing a
note, anything later) just writes the ``page`` or ``note`` row. Triggers made by migration
0007 index the row at once, passing the text through ``searchable_text(...)``, the SQL
function form of ``normalisation.normalise`` that ``register`` installs on every
connection the library opens. A writer therefore cannot forget to normalise, and a
connection without the function (a stray SQLite tool) cannot write page text at all
rather than write it unsearchable.

Design, as measured on the search benchmark's libraries (figures in docs/speed.md):

* ``page_fts`` is an ordinary FTS5 table holding its own normalised copy of each page's
  text, not an external-content table over ``page``. The copy costs disk (about the size
  of the text again) and buys three things: snippets are cut from the normalised text
  without normalising anything at search time; a row leaves the index by its rowid, so
  removing a page never depends on recomputing exactly the tokens it was indexed with
  (an external-content or contentless table needs that, and would be corrupted by any
  later change to the rules); and each row carries its matter.
* The second column, ``matter``, holds one token per page ("matter12", from its
  document). A search within one matter adds ``matter : "matter12"`` to the FTS5 query,
  so the index itself intersects the words with the matter's pages before anything is
  ranked. Triggers keep the token right when a document moves to another matter. User
  queries are confined to the ``text`` column, and ranking gives the column no weight.
* ``prefix='3 4'`` keeps prefix indexes for 3- and 4-character prefixes: without them a
  query such as ``stat*`` merges every doclist of every word that starts so before it
  can return anything (over a second on a million pages); with them it reads one
  doclist, in order, as far as needed.
* Notes (``note_fts``: title, body) are few; a matter filter joins the note table.

``bulk_indexing`` is for writers of many pages at once (an import batch): inside it, the
insert trigger stands aside on that connection and the pages inserted are indexed with one
statement when the block ends, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from . import normalisation

# A function the page insert trigger asks whether this connection indexes pages itself.
DEFERRED_FUNCTION = "search_index_deferred"

PAGE_COLUMNS = "text, matter"
PAGE_ROW = (
    "SELECT p.id, searchable_text(p.text), 'matter' || d.matter_id "
    "FROM page p JOIN document d ON d.id = p.document_id"
)


def matter_token(matter_id: int) -> str:
    """The token that marks a page of this matter in the index's ``matter`` column."""
    return f"matter{int(matter_id)}"


def register(dbapi_connection: Any) -> None:
    """Install the SQL functions the index triggers call on a new sqlite3 connection."""
    normalisation.register(dbapi_connection)
    _set_deferred(dbapi_connection, False)


def _set_deferred(dbapi_connection: Any, deferred: bool) -> None:
    value = 1 if deferred else 0
    dbapi_connection.create_function(DEFERRED_FUNCTION, 0, lambda: value)


def _dbapi_connection(session: Session) -> Any:
    return session.connection().connection.dbapi_connection


@contextmanager
def bulk_indexing(session: Session) -> Iterator[None]:
    """Index the pages inserted inside the block with one statement at its end.

    For writers that insert many pages in one transaction (an import batch)::

        with bulk_indexing(session):
            session.execute(insert(Page), rows)

    Pages inserted in the block are searchable once it ends (before the caller commits,
    in the same transaction); updates and deletes are indexed at once as always. On an
    error the block indexes nothing and the caller's transaction rolls back as a whole.
    Outside an embedded library (office mode) it does nothing.
    """
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    before = session.execute(text("SELECT coalesce(max(id), 0) FROM page")).scalar_one()
    dbapi = _dbapi_connection(session)
    _set_deferred(dbapi, True)
    try:
        yield
        session.flush()
    finally:
        _set_deferred(dbapi, False)
    session.execute(
        text(f"INSERT INTO page_fts(rowid, {PAGE_COLUMNS}) {PAGE_ROW} WHERE p.id > :before"),
        {"before": before},
    )
