"""full-text search: FTS5 tables over page text and notes

External-content FTS5 tables index the text where it already lives (``page.text``,
``note.title``/``note.body``) without storing it twice; triggers keep them in step with
every insert, update and delete. Existing rows (a library made before this revision) are
indexed by a rebuild. SQLite only: office mode on PostgreSQL searches with its own
full-text machinery and gets nothing here.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 06:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# unicode61 folds case and (with remove_diacritics 2) accents, so "Nunez" finds "Núñez".
TOKENIZE = "unicode61 remove_diacritics 2"

STATEMENTS = [
    f"""CREATE VIRTUAL TABLE page_fts USING fts5(
        text, content='page', content_rowid='id', tokenize='{TOKENIZE}')""",
    """CREATE TRIGGER page_fts_insert AFTER INSERT ON page BEGIN
        INSERT INTO page_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER page_fts_delete AFTER DELETE ON page BEGIN
        INSERT INTO page_fts(page_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER page_fts_update AFTER UPDATE OF text ON page BEGIN
        INSERT INTO page_fts(page_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO page_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    f"""CREATE VIRTUAL TABLE note_fts USING fts5(
        title, body, content='note', content_rowid='id', tokenize='{TOKENIZE}')""",
    """CREATE TRIGGER note_fts_insert AFTER INSERT ON note BEGIN
        INSERT INTO note_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER note_fts_delete AFTER DELETE ON note BEGIN
        INSERT INTO note_fts(note_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER note_fts_update AFTER UPDATE OF title, body ON note BEGIN
        INSERT INTO note_fts(note_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO note_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    "INSERT INTO page_fts(page_fts) VALUES ('rebuild')",
    "INSERT INTO note_fts(note_fts) VALUES ('rebuild')",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in (
        "page_fts_insert",
        "page_fts_delete",
        "page_fts_update",
        "note_fts_insert",
        "note_fts_delete",
        "note_fts_update",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS page_fts")
    op.execute("DROP TABLE IF EXISTS note_fts")
