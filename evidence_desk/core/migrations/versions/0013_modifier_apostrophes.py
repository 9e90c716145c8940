"""read the apostrophes some keyboards type as letters (ʼ ʻ ʽ ʹ) as apostrophes: pages indexed again

``normalise`` now folds the modifier letters that stand for an apostrophe to "'", as it
folds curly apostrophes, so that "O'Brien" finds "OʼBrien" (an index reads a modifier
letter as part of its word: "oʼbrien"). Only pages and notes that hold one read
differently, and only they are indexed again:

- SQLite: their rows of the FTS5 tables, with ``searchable_text`` as it is now.
- PostgreSQL: ``evidence_desk_search_words`` (0010) folds the same characters right after
  NFKC, as ``normalise`` does, and the rows holding them are written again so that their
  stored search columns (0010, 0011) are worked out anew. The upgrade runs as the administrator,
  who owns the tables, so walls do not hide any row from it.

Downgrading puts PostgreSQL's function back and works those rows out again with it. On
SQLite the rows stay indexed with the apostrophes as word breaks: the index removes rows
by rowid, so nothing depends on how they were split, and the older version still finds them
by the words typed with a straight apostrophe.

Revision ID: 0013_modifier_apostrophes
Revises: 0012_plain_letters
Create Date: 2026-12-02 08:00:00
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from alembic import op

revision = "0013_modifier_apostrophes"
down_revision = "0012_plain_letters"
branch_labels = None
depends_on = None

APOSTROPHES = "\u02b9\u02bb\u02bc\u02bd"
# What a row must hold to read differently now: one of them, or a character NFKC turns into
# one ("ŉ" is "ʼn", the Greek numeral sign "ʹ"; all such characters in Unicode 14).
HOLDING = APOSTROPHES + "\u0149\u0374"
PAGE_ROW = (
    "SELECT p.id, searchable_text(p.text), 'matter' || d.matter_id "
    "FROM page p JOIN document d ON d.id = p.document_id"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_index_again()
    else:
        _postgres_words_function(apostrophes=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgres_words_function(apostrophes=False)


def _holding(column: str) -> str:
    return "(" + " OR ".join(f"instr({column}, '{mark}') > 0" for mark in HOLDING) + ")"


def _sqlite_index_again() -> None:
    pages = f"SELECT id FROM page WHERE {_holding('text')}"
    notes = f"SELECT id FROM note WHERE {_holding('title')} OR {_holding('body')}"
    op.execute(f"DELETE FROM page_fts WHERE rowid IN ({pages})")
    op.execute(f"INSERT INTO page_fts(rowid, text, matter) {PAGE_ROW} WHERE p.id IN ({pages})")
    op.execute(f"DELETE FROM note_fts WHERE rowid IN ({notes})")
    op.execute(
        "INSERT INTO note_fts(rowid, title, body) "
        f"SELECT id, searchable_text(title), searchable_text(body) FROM note WHERE id IN ({notes})"
    )


def _postgres_words_function(*, apostrophes: bool) -> None:
    """0010's words function, with (or, going down, without) the apostrophes folded; then
    the rows holding one are written again so their generated columns follow."""
    bind = op.get_bind()
    has_icu = bind.exec_driver_sql(
        "SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu' AND collprovider = 'i'"
    ).first()
    collation = '"und-x-icu"' if has_icu else '"default"'
    definition = _migration("0010_postgres_search")._words_function(collation)
    definition = definition.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
    if apostrophes:
        # Folded right after NFKC, as ``normalise`` folds them (NFKC makes some: "ŉ" "ʼn").
        straight = "''" * len(APOSTROPHES)
        if definition.count("normalize(") != 1 or definition.count(", NFKC)") != 1:
            raise RuntimeError("the search words function is not the one 0010 made")
        definition = definition.replace("normalize(", "translate(normalize(").replace(
            ", NFKC)", f", NFKC), '{APOSTROPHES}', '{straight}')"
        )
    op.execute(definition)
    marks = f"'[{HOLDING}]'"
    op.execute(f"UPDATE page SET text = text WHERE text ~ {marks}")
    op.execute(f"UPDATE note SET title = title WHERE title ~ {marks} OR body ~ {marks}")


def _migration(name: str) -> ModuleType:
    """An earlier migration's module (its file beside this one), for what it built."""
    path = Path(__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"_evidence_desk_migration_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
