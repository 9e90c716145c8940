"""search the normalised text: FTS5 tables with their own normalised copy and a matter column

The index now holds ``searchable_text(text)`` (see ``core/normalisation.py``) instead of
the text as extracted, so that ligatures, soft hyphens, zero-width characters and words
hyphenated at line ends are found as typed; the exact text stays in ``page``/``note``.
The tables keep their own copy (rows leave the index by rowid, whatever they were
indexed with) and pages carry a ``matter`` token so a one-matter search is narrowed
inside the index. The insert trigger stands aside while a writer fills the index in bulk
(``search_index.bulk_indexing``). Every existing page and note is indexed again here.
SQLite only, as in 0002.

Revision ID: 0007
Revises: 0006_passage_release
Create Date: 2026-12-01 15:30:00
"""

from __future__ import annotations

from alembic import context, op

revision = "0007"
down_revision = "0006_passage_release"
branch_labels = None
depends_on = None

TOKENIZE = "unicode61 remove_diacritics 2"
PAGE_ROW = (
    "SELECT p.id, searchable_text(p.text), 'matter' || d.matter_id "
    "FROM page p JOIN document d ON d.id = p.document_id"
)
MATTER_OF_NEW = "(SELECT 'matter' || matter_id FROM document WHERE id = new.document_id)"

OLD_TRIGGERS = (
    "page_fts_insert",
    "page_fts_delete",
    "page_fts_update",
    "note_fts_insert",
    "note_fts_delete",
    "note_fts_update",
)
NEW_TRIGGERS = (
    "page_search_insert",
    "page_search_delete",
    "page_search_update",
    "document_search_matter",
    "note_search_insert",
    "note_search_delete",
    "note_search_update",
)

UPGRADE = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in OLD_TRIGGERS),
    "DROP TABLE IF EXISTS page_fts",
    "DROP TABLE IF EXISTS note_fts",
    f"""CREATE VIRTUAL TABLE page_fts USING fts5(
        text, matter, tokenize='{TOKENIZE}', prefix='3 4')""",
    f"""CREATE VIRTUAL TABLE note_fts USING fts5(title, body, tokenize='{TOKENIZE}')""",
    f"""CREATE TRIGGER page_search_insert AFTER INSERT ON page
        WHEN search_index_deferred() = 0 BEGIN
        INSERT INTO page_fts(rowid, text, matter)
        VALUES (new.id, searchable_text(new.text), {MATTER_OF_NEW});
    END""",
    """CREATE TRIGGER page_search_delete AFTER DELETE ON page BEGIN
        DELETE FROM page_fts WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER page_search_update AFTER UPDATE OF id, text, document_id ON page BEGIN
        DELETE FROM page_fts WHERE rowid = old.id;
        INSERT INTO page_fts(rowid, text, matter)
        VALUES (new.id, searchable_text(new.text), {MATTER_OF_NEW});
    END""",
    """CREATE TRIGGER document_search_matter AFTER UPDATE OF matter_id ON document BEGIN
        UPDATE page_fts SET matter = 'matter' || new.matter_id
        WHERE rowid IN (SELECT id FROM page WHERE document_id = new.id);
    END""",
    """CREATE TRIGGER note_search_insert AFTER INSERT ON note BEGIN
        INSERT INTO note_fts(rowid, title, body)
        VALUES (new.id, searchable_text(new.title), searchable_text(new.body));
    END""",
    """CREATE TRIGGER note_search_delete AFTER DELETE ON note BEGIN
        DELETE FROM note_fts WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER note_search_update AFTER UPDATE OF id, title, body ON note BEGIN
        DELETE FROM note_fts WHERE rowid = old.id;
        INSERT INTO note_fts(rowid, title, body)
        VALUES (new.id, searchable_text(new.title), searchable_text(new.body));
    END""",
    f"INSERT INTO page_fts(rowid, text, matter) {PAGE_ROW}",
    "INSERT INTO note_fts(rowid, title, body) "
    "SELECT id, searchable_text(title), searchable_text(body) FROM note",
    "INSERT INTO page_fts(page_fts) VALUES ('optimize')",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in NEW_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS page_fts")
    op.execute("DROP TABLE IF EXISTS note_fts")
    # Back to 0002's tables and triggers, made and filled as 0002 makes them.
    for statement in context.script.get_revision("0002").module.STATEMENTS:
        op.execute(statement)
