"""full-text search on PostgreSQL: a tsvector of every page and note, with a GIN index

Office mode only (nothing changes in an embedded library, which has FTS5 since 0002/0007).

- ``evidence_desk_search_words(text)``: the text as the search index sees it, in SQL. It
  follows ``normalisation.normalise`` where that changes which words a page holds
  (format characters removed, soft hyphens joined, superscripts made words of their own,
  NFKC for ligatures, words hyphenated at a line end joined) and then keeps only letters and
  digits, every other run of characters becoming one space, as FTS5's unicode61 tokenizer
  splits words. Letters are told by ICU where the server has it, so the answer does not
  depend on the server's locale. A test checks it against ``normalise`` word for word.
- The text search configuration ``evidence_desk_search``: PostgreSQL's ``simple``
  dictionary (lower case, no stemming, no stop words, as FTS5), after ``unaccent`` where
  the server has that extension (accents fold, as FTS5's ``remove_diacritics``).
- ``page.search_vector`` and ``note.search_vector``: stored generated columns, so every
  writer (import, OCR, an edit, ``psql``) keeps the index right without knowing of it, and
  the tables' row-level security (0008) covers the words as it covers the text.
- GIN indexes on both.

Revision ID: 0010_postgres_search
Revises: 0009_office_mode
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0010_postgres_search"
down_revision = "0009_office_mode"
branch_labels = None
depends_on = None

CONFIGURATION = "evidence_desk_search"
WORDS_FUNCTION = "evidence_desk_search_words"

# The character classes of normalisation.py, as PostgreSQL regular expressions.
FORMAT_CHARACTERS = (
    r"\u0001\u0003-\u0008\u000e-\u001b\u007f-\u0084\u0086-\u009f"
    r"\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    r"\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    r"\U000e0001\U000e0020-\U000e007f"
)
WORD_JOINERS = r"\u00ad\u0002\ufffe"
RAISED_CHARACTERS = (
    r"\u00b2\u00b3\u00b9\u02b0-\u02b8\u02e0-\u02e4\u10fc\u1d2c-\u1d6a\u1d78\u1d9b-\u1dbf"
    r"\u2070-\u209c\u2120\u2122\u2c7c\u2c7d\u2d6f\u3192-\u319f\ua69c\ua69d\ua770\ua7f2-\ua7f4"
    r"\ua7f8\ua7f9\uab5c-\uab5f\uab69\U00010781-\U000107ba\U0001f16a-\U0001f16c"
)
LINE_BREAK = r"(\r\n|[\n\r\v\f\u001c-\u001e\u0085\u2028\u2029])"


def _words_function(collation: str) -> str:
    # Innermost first, in normalise's order. Only the joining of hyphenated words matters of
    # steps 5 and 6 (U+2010 is the one hyphen step 5 folds): any other hyphen, quote or
    # apostrophe is a word break either way.
    steps = f"regexp_replace(value COLLATE {collation}, '[{FORMAT_CHARACTERS}]+', '', 'g')"
    steps = f"regexp_replace({steps}, '\\s*[{WORD_JOINERS}]\\s*', '', 'g')"
    steps = f"regexp_replace({steps}, '([{RAISED_CHARACTERS}])', ' \\1 ', 'g')"
    steps = f"normalize({steps}, NFKC)"
    steps = (
        f"regexp_replace({steps}, "
        f"'(?<=[[:alpha:]])[-\\u2010][[:blank:]]*{LINE_BREAK}\\s*(?=[[:lower:]])', '', 'g')"
    )
    steps = f"regexp_replace({steps}, '[^[:alnum:]]+', ' ', 'g')"
    return (
        f"CREATE FUNCTION {WORDS_FUNCTION}(value text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE "
        f"RETURN {steps}"
    )


def _vector(expression: str) -> str:
    return f"to_tsvector('{CONFIGURATION}'::regconfig, {WORDS_FUNCTION}({expression}))"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    has_icu = bind.exec_driver_sql(
        "SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu' AND collprovider = 'i'"
    ).first()
    op.execute(_words_function('"und-x-icu"' if has_icu else '"default"'))
    op.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIGURATION} (COPY = simple)")
    has_unaccent = bind.exec_driver_sql(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'"
    ).first()
    if has_unaccent:
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIGURATION} "
            "ALTER MAPPING FOR word, numword, asciiword WITH unaccent, simple"
        )
    op.execute(
        f"ALTER TABLE page ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({_vector('text')}) STORED"
    )
    note_text = "title || ' ' || body"
    op.execute(
        f"ALTER TABLE note ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({_vector(note_text)}) STORED"
    )
    op.execute("CREATE INDEX ix_page_search_vector ON page USING gin (search_vector)")
    op.execute("CREATE INDEX ix_note_search_vector ON note USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_note_search_vector")
    op.execute("DROP INDEX IF EXISTS ix_page_search_vector")
    op.execute("ALTER TABLE note DROP COLUMN IF EXISTS search_vector")
    op.execute("ALTER TABLE page DROP COLUMN IF EXISTS search_vector")
    op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIGURATION}")
    op.execute(f"DROP FUNCTION IF EXISTS {WORDS_FUNCTION}(text)")
