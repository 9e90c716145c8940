"""office search at the speed of the index: a search function the walls do not slow down

Office mode only (nothing changes in an embedded library).

Row-level security evaluates a query's own conditions after the policy's, unless they are
leakproof; ``@@`` (``ts_match_vq``) is not, so under the walls the GIN index on
``page.search_vector`` was never used and a search read page after page, newest first,
until it had enough matches (every page for a rare word or phrase). Measured at 200,000
pages: 1–3 s a search. What this migration adds:

- ``evidence_desk_search_pages(...)``: the newest matching pages (with their ``ts_rank``)
  for a tsquery and the search filters. It is ``SECURITY DEFINER`` (owned by the tables'
  owner, whom row-level security does not hold back, so the planner may use the indexes)
  and applies the page wall itself, with the very function the policy asks
  (``evidence_desk_hidden_documents()``): a page of a matter walled off from the session's
  role is never a candidate, whoever calls it (``psql`` included). It reads the newest
  pages in ranges of page ids (the newest 10,000, or four times as many as it is asked
  for when that is fewer, then as many more as the matches met so
  far say are needed, or four times as many when none were), each a bitmap of the word
  index and the id range, so finding the newest 2,000 matches of a common word reads
  little more than those pages, and a rare one reads few. Callers fetch the pages
  themselves afterwards, through the walls as ever.
- ``evidence_desk_word_pairs(vector)`` and a GIN index over it: every two adjacent words
  of a page (``'took my' 'my phone'``). A phrase is found through the pairs it is made of
  rather than by reading the positions of every page holding all its words (the index has
  no positions); ``@@`` on the page's own words still decides, so the pairs only narrow.
- ``search_vector`` is kept in the row (``STORAGE MAIN``) rather than in the TOAST table:
  ranking reads each candidate's words, and a TOASTed vector costs an index look-up and
  two more buffer reads a page (about four times the time). The pages are rewritten once
  (``CLUSTER``, in id order) so that existing vectors move too; the text itself, read only
  for the snippets on screen, goes out of line instead.

Revision ID: 0011_office_search_speed
Revises: 0010_postgres_search
Create Date: 2026-12-04 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_office_search_speed"
down_revision = "0010_postgres_search"
branch_labels = None
depends_on = None

PAIRS_FUNCTION = "evidence_desk_word_pairs"
PAIRS_INDEX = "ix_page_pairs_search_vector"  # the suffix keeps it from autogenerate
SEARCH_FUNCTION = "evidence_desk_search_pages"
SEARCH_ARGUMENTS = "tsquery, tsquery, integer, varchar, varchar, date, date, integer"  # for DROP
FIRST_RANGE = 10_000  # page ids in the first range read (see the function)
FIRST_SCAN = 2_500  # a first range of at most this many pages is read without the word index

# Every two adjacent words of a vector (positions p and p + 1), as one lexeme each.
PAIRS = f"""
CREATE FUNCTION {PAIRS_FUNCTION}(vector tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (
  SELECT coalesce(array_to_tsvector(array_agg(s.pair)), ''::tsvector) FROM (
    SELECT w.lexeme || ' ' || lead(w.lexeme) OVER (ORDER BY w.position) AS pair,
           lead(w.position) OVER (ORDER BY w.position) - w.position AS gap
    FROM (SELECT u.lexeme, unnest(u.positions) AS position FROM unnest(vector) u) w) s
  WHERE s.gap = 1)
"""

# The statement is put together from fixed pieces only; every value the caller gives is a
# parameter ($1...), so nothing the caller sends can change what it does.
SEARCH = f"""
CREATE FUNCTION {SEARCH_FUNCTION}(
    query_words tsquery, query_pairs tsquery, in_matter integer, from_source varchar,
    with_tag varchar, dated_from date, dated_to date, at_most integer)
RETURNS TABLE(id integer, score real)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, {{schema}} AS $body$
DECLARE
  -- The page wall (migration 0009): the same function as the policy, for the caller.
  hidden integer[] := ARRAY(SELECT evidence_desk_hidden_documents());
  documents integer[];
  pages_in_reach bigint;
  rest text;
  statement text;
  scan text;
  high integer;
  high0 integer;
  low integer;
  oldest integer;
  -- Pages the first range holds: enough for the matches asked for, if one in four matches.
  first_pages constant bigint := least({FIRST_RANGE}, 4 * coalesce(at_most, {FIRST_RANGE}));
  span bigint := first_pages;
  found integer := 0;
  added integer;
BEGIN
  SELECT max(p.id) + 1, min(p.id) INTO high, oldest FROM page p;
  IF high IS NULL THEN
    RETURN;
  END IF;
  IF in_matter IS NOT NULL OR from_source IS NOT NULL OR with_tag IS NOT NULL
     OR dated_from IS NOT NULL OR dated_to IS NOT NULL THEN
    documents := ARRAY(
      SELECT d.id FROM document d
      WHERE NOT (d.id = ANY(hidden))
        AND (in_matter IS NULL OR d.matter_id = in_matter)
        AND (from_source IS NULL OR d.source = from_source)
        AND (with_tag IS NULL OR d.id IN (
          SELECT dt.document_id FROM document_tag dt JOIN tag t ON t.id = dt.tag_id
          WHERE lower(t.name) = with_tag))
        AND (dated_from IS NULL
             OR coalesce(d.document_date, CAST(d.imported_at AS date)) >= dated_from)
        AND (dated_to IS NULL
             OR coalesce(d.document_date, CAST(d.imported_at AS date)) <= dated_to));
    IF cardinality(documents) = 0 THEN
      RETURN;
    END IF;
    -- Fewer pages to look among: wider ranges, as many matches are spread over more ids.
    SELECT coalesce(sum(d.page_count), 0) INTO pages_in_reach
    FROM document d WHERE d.id = ANY(documents);
    span := span * (high - oldest) / greatest(pages_in_reach, 1);
  END IF;
  rest := 'AND NOT (p.document_id = ANY($2)) '
    -- Within chosen documents their index narrows enough: "+ 0" keeps the id range from
    -- being an index condition too (a bitmap of every id in a wide range costs more).
    || CASE WHEN documents IS NULL THEN 'AND p.id < $5 AND p.id >= $6 '
            ELSE 'AND p.document_id = ANY($4) AND p.id + 0 < $5 AND p.id + 0 >= $6 ' END
    || 'ORDER BY p.id DESC'
    || CASE WHEN at_most IS NULL THEN '' ELSE ' LIMIT $7' END;
  statement := 'SELECT p.id, ts_rank(p.search_vector, $1) FROM page p '
    -- With pairs, the pairs index alone finds the candidates: the words of a phrase would
    -- add every page holding them all (written as a call, the words are not an index
    -- condition), and then each candidate's pairs be worked out again to check them.
    || CASE WHEN query_pairs IS NULL THEN 'WHERE p.search_vector @@ $1 '
            ELSE 'WHERE {PAIRS_FUNCTION}(p.search_vector) @@ $3 '
              || 'AND ts_match_vq(p.search_vector, $1) ' END
    || rest;
  -- A first range of a few thousand pages is read page by page, the words tested on each:
  -- cheaper than the word index for words on many pages (the index merges the entries of
  -- every word a prefix begins, 30-70 ms for a common one at 200,000 pages, whatever the
  -- range), and little for rare ones, which the next ranges find through the index.
  IF first_pages <= {FIRST_SCAN} AND query_pairs IS NULL THEN
    scan := 'SELECT p.id, ts_rank(p.search_vector, $1) FROM page p '
      || 'WHERE ts_match_vq(p.search_vector, $1) ' || rest;
  ELSE
    scan := statement;
  END IF;
  high0 := high;
  IF at_most IS NULL THEN
    RETURN QUERY EXECUTE statement
      USING query_words, hidden, query_pairs, documents, high, oldest, NULL::integer;
    RETURN;
  END IF;
  WHILE found < at_most AND high > oldest LOOP
    low := greatest(high - span, oldest);
    RETURN QUERY EXECUTE CASE WHEN high = high0 THEN scan ELSE statement END
      USING query_words, hidden, query_pairs, documents, high, low, at_most - found;
    GET DIAGNOSTICS added = ROW_COUNT;
    found := found + added;
    -- The next range: where the matches so far say the rest are, with room to spare (four
    -- times as wide when none were met); one range more is a word index read more.
    IF found > 0 THEN
      span := greatest(span, ceil((at_most - found) * 1.25 * (high0 - low) / found)::bigint);
    ELSE
      span := span * 4;
    END IF;
    high := low;
  END LOOP;
END
$body$
"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.execute(sa.text("SELECT quote_ident(current_schema())")).scalar_one()
    for table in ("page", "note"):
        op.execute(f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE MAIN")
        # A rewrite takes each vector out of TOAST into its row (new rows do so anyway).
        op.execute(f"CLUSTER {table} USING pk_{table}")
        op.execute(f"ALTER TABLE {table} SET WITHOUT CLUSTER")
    op.execute(PAIRS)
    op.execute(f"CREATE INDEX {PAIRS_INDEX} ON page USING gin ({PAIRS_FUNCTION}(search_vector))")
    op.execute(SEARCH.format(schema=schema))
    # The office's group is granted it by office setup, as every function.
    op.execute(f"REVOKE ALL ON FUNCTION {SEARCH_FUNCTION}({SEARCH_ARGUMENTS}) FROM PUBLIC")
    op.execute("ANALYZE page")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP FUNCTION IF EXISTS {SEARCH_FUNCTION}({SEARCH_ARGUMENTS})")
    op.execute(f"DROP INDEX IF EXISTS {PAIRS_INDEX}")
    op.execute(f"DROP FUNCTION IF EXISTS {PAIRS_FUNCTION}(tsvector)")
    for table in ("page", "note"):
        op.execute(f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE EXTENDED")
