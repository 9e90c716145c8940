"""index letters such as ł, ø and ß as they are typed: every page and note indexed again

``searchable_text(text)`` now folds the letters that Unicode does not decompose (ł, ø, đ,
ð, ħ, ı) or that stand for two (ß, æ, œ, þ) to the plain letters a person types for them
(``normalisation.PLAIN_LETTERS``), so "Walesa" finds "Wałęsa". Pages and notes indexed
before read them as extracted; they are indexed again here so that old and new pages
read alike. SQLite only: the office's index (PostgreSQL) folds them with ``unaccent``.

Revision ID: 0012_plain_letters
Revises: 0011_office_search_speed
Create Date: 2026-12-02 05:00:00
"""

from __future__ import annotations

from alembic import op

from evidence_desk.core import normalisation

revision = "0012_plain_letters"
down_revision = "0011_office_search_speed"
branch_labels = None
depends_on = None

PAGE_ROW = (
    "SELECT p.id, searchable_text(p.text), 'matter' || d.matter_id "
    "FROM page p JOIN document d ON d.id = p.document_id"
)
# Only text holding a folded letter reads differently; the rest of the index stays as it is.
FOLDED = "".join(chr(code) for code in normalisation.PLAIN_LETTERS)


def _holding_folded(column: str) -> str:
    return "(" + " OR ".join(f"instr({column}, '{letter}') > 0" for letter in FOLDED) + ")"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _index_again()


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # The older version's index holds the letters as extracted: index them again with its
    # rules (``normalise`` alone), then give the connection back the current function.
    dbapi = op.get_bind().connection.dbapi_connection
    dbapi.create_function(normalisation.SQL_FUNCTION, 1, _normalised, deterministic=True)
    try:
        _index_again()
    finally:
        normalisation.register(dbapi)


def _normalised(value: object) -> object:
    return normalisation.normalise(value) if isinstance(value, str) else value


def _index_again() -> None:
    pages = f"SELECT id FROM page WHERE {_holding_folded('text')}"
    notes = f"SELECT id FROM note WHERE {_holding_folded('title')} OR {_holding_folded('body')}"
    op.execute(f"DELETE FROM page_fts WHERE rowid IN ({pages})")
    op.execute(f"INSERT INTO page_fts(rowid, text, matter) {PAGE_ROW} WHERE p.id IN ({pages})")
    op.execute(f"DELETE FROM note_fts WHERE rowid IN ({notes})")
    op.execute(
        "INSERT INTO note_fts(rowid, title, body) "
        f"SELECT id, searchable_text(title), searchable_text(body) FROM note WHERE id IN ({notes})"
    )
