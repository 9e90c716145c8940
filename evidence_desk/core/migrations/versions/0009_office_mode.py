"""office mode: ethical walls, edit versions, audit events that name their matter

- ``matter_restriction`` and ``matter_team``: a restricted matter and the database roles on
  its team.
- ``version`` on matters, notes, officers and allegations: raised by every saved change, so
  that a save from an editor opened at an older version is refused, never silently lost.
- ``audit_event.matter_id``: the matter each event's row belongs to (filled in for the
  events already written, from the events themselves, deleted rows included).

On PostgreSQL (office mode) also:

- Row-level security on every table that holds matter data. A restricted matter, and
  everything of it, is invisible to every role off its team, to ``psql`` as much as to the
  program. The policies ask ``SECURITY DEFINER`` functions which matters, clients,
  documents, allegations and citations are hidden from the session's role (they read the
  walls, which the caller cannot); each is computed once per query.
- ``evidence_desk_audit_head()`` and ``evidence_desk_audit_chain()``: the chain's last link,
  and every link with its seal, for everyone, without any event's contents.
- A trigger that refuses an audit event naming anyone but the role that writes it.

Revision ID: 0009_office_mode
Revises: 0008_officer_mentions
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0009_office_mode"
down_revision = "0008_officer_mentions"
branch_labels = None
depends_on = None

VERSIONED_TABLES = ("matter", "note", "officer", "allegation")

HIDDEN = "(SELECT evidence_desk_hidden_{}())"
# Table -> the rows its policy lets through. Every table holding a matter's data is here.
WALLS = {
    "matter": f"id NOT IN {HIDDEN.format('matters')}",
    "client": f"id NOT IN {HIDDEN.format('clients')}",
    "client_identifier": f"client_id NOT IN {HIDDEN.format('clients')}",
    "document": f"matter_id NOT IN {HIDDEN.format('matters')}",
    "document_tag": f"document_id NOT IN {HIDDEN.format('documents')}",
    "page": f"document_id NOT IN {HIDDEN.format('documents')}",
    # Page OCR is reached through its page (whose own wall applies inside this one).
    "page_ocr": "EXISTS (SELECT 1 FROM page p WHERE p.id = page_ocr.page_id)",
    "note": f"matter_id NOT IN {HIDDEN.format('matters')}",
    # Officer mentions read on a matter's pages, and the verdicts on them.
    "mention": f"document_id NOT IN {HIDDEN.format('documents')}",
    "mention_scan": f"document_id NOT IN {HIDDEN.format('documents')}",
    "mention_decision": "EXISTS (SELECT 1 FROM mention m WHERE m.id = mention_decision.mention_id)",
    "allegation": f"matter_id NOT IN {HIDDEN.format('matters')}",
    "allegation_officer": f"allegation_id NOT IN {HIDDEN.format('allegations')}",
    "allegation_conduct": f"allegation_id NOT IN {HIDDEN.format('allegations')}",
    "citation": f"allegation_id NOT IN {HIDDEN.format('allegations')}",
    "passage_release": (
        f"NOT ((passage = 'allegation' AND target_id IN {HIDDEN.format('allegations')})"
        f" OR (passage = 'citation' AND target_id IN {HIDDEN.format('citations')}))"
    ),
    "audit_event": f"matter_id IS NULL OR matter_id NOT IN {HIDDEN.format('matters')}",
    "matter_restriction": f"matter_id NOT IN {HIDDEN.format('matters')}",
    "matter_team": f"matter_id NOT IN {HIDDEN.format('matters')}",
}

# name -> (returns, body). The session's role decides: ``session_user`` is the login role
# (inside a SECURITY DEFINER function ``current_user`` is the function's owner).
FUNCTIONS = {
    "evidence_desk_hidden_matters": (
        "SETOF integer",
        """SELECT r.matter_id FROM matter_restriction r
           WHERE NOT EXISTS (
             SELECT 1 FROM matter_team t JOIN pg_roles g ON g.rolname = t.member
             WHERE t.matter_id = r.matter_id AND pg_has_role(session_user, g.oid, 'MEMBER'))""",
    ),
    "evidence_desk_hidden_clients": (
        "SETOF integer",
        "SELECT m.client_id FROM matter m WHERE m.id IN (SELECT evidence_desk_hidden_matters())",
    ),
    "evidence_desk_hidden_documents": (
        "SETOF integer",
        "SELECT d.id FROM document d WHERE d.matter_id IN (SELECT evidence_desk_hidden_matters())",
    ),
    "evidence_desk_hidden_allegations": (
        "SETOF integer",
        "SELECT a.id FROM allegation a "
        "WHERE a.matter_id IN (SELECT evidence_desk_hidden_matters())",
    ),
    "evidence_desk_hidden_citations": (
        "SETOF integer",
        "SELECT c.id FROM citation c "
        "WHERE c.allegation_id IN (SELECT evidence_desk_hidden_allegations())",
    ),
    # What pattern counts may know of allegations walled off from the caller: enough to
    # count them ("1 other matter") and to filter them, never a client, document, quote or
    # word of the allegation; matters are numbered afresh on each call, not by their ids.
    "evidence_desk_walled_allegations": (
        "TABLE(matter_token integer, date_start date, date_end date, command varchar,"
        " status varchar, officer_ids integer[], officer_roles varchar[], conduct varchar[])",
        """SELECT dense_rank() OVER (ORDER BY a.matter_id)::integer, a.date_start, a.date_end,
                  a.command, a.status,
                  ARRAY(SELECT o.officer_id FROM allegation_officer o
                        WHERE o.allegation_id = a.id ORDER BY o.officer_id),
                  ARRAY(SELECT o.role FROM allegation_officer o
                        WHERE o.allegation_id = a.id ORDER BY o.officer_id),
                  ARRAY(SELECT c.conduct_code FROM allegation_conduct c
                        WHERE c.allegation_id = a.id ORDER BY c.conduct_code)
           FROM allegation a WHERE a.matter_id IN (SELECT evidence_desk_hidden_matters())""",
    ),
    "evidence_desk_audit_head": (
        "TABLE(id integer, hash varchar)",
        "SELECT e.id, e.hash FROM audit_event e ORDER BY e.id DESC LIMIT 1",
    ),
    "evidence_desk_audit_chain": (
        "TABLE(id integer, at timestamp, prev_hash varchar, hash varchar, seal varchar,"
        " key_id varchar)",
        "SELECT e.id, e.at, e.prev_hash, e.hash, e.seal, e.key_id FROM audit_event e ORDER BY e.id",
    ),
}

AUDIT_USER_CHECK = """
CREATE FUNCTION evidence_desk_audit_user_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."user" IS DISTINCT FROM current_user::text THEN
    RAISE EXCEPTION 'an audit event names % but % writes it', NEW."user", current_user
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$"""


def _postgres_upgrade() -> None:
    bind = op.get_bind()
    schema = bind.execute(sa.text("SELECT quote_ident(current_schema())")).scalar_one()
    for name, (returns, body) in FUNCTIONS.items():
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS {returns} LANGUAGE sql STABLE SECURITY DEFINER "
            f"SET search_path = pg_catalog, {schema} AS $$ {body} $$"
        )
        op.execute(f"REVOKE ALL ON FUNCTION {name}() FROM PUBLIC")
    for table, rows in WALLS.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY evidence_desk_wall ON {table} USING ({rows}) WITH CHECK ({rows})"
        )
    op.execute(AUDIT_USER_CHECK)
    op.execute(
        "CREATE TRIGGER audit_event_user BEFORE INSERT ON audit_event "
        "FOR EACH ROW EXECUTE FUNCTION evidence_desk_audit_user_check()"
    )


def _postgres_downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_event_user ON audit_event")
    op.execute("DROP FUNCTION IF EXISTS evidence_desk_audit_user_check()")
    for table in WALLS:
        op.execute(f"DROP POLICY IF EXISTS evidence_desk_wall ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for name in reversed(list(FUNCTIONS)):
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")


def _matters_of_events() -> list[dict[str, int]]:
    """The matter of every event written so far, read from the events themselves (rows
    deleted since included): a matter names its client, a document, note or allegation
    its matter, a citation or link its allegation."""
    bind = op.get_bind()
    events = bind.execute(
        sa.text("SELECT id, entity, before, after FROM audit_event ORDER BY id")
    ).all()
    client_matter: dict[int, int] = {}
    document_matter: dict[int, int] = {}
    allegation_matter: dict[int, int] = {}
    citation_allegation: dict[int, int] = {}
    states = []
    for event_id, entity, before, after in events:
        state = json.loads(after or before or "null")
        states.append((event_id, entity, state))
        if not isinstance(state, dict):
            continue
        if entity == "matter" and state.get("client_id") is not None:
            client_matter.setdefault(int(state["client_id"]), int(state["id"]))
        elif entity == "document":
            document_matter[int(state["id"])] = int(state["matter_id"])
        elif entity == "allegation":
            allegation_matter[int(state["id"])] = int(state["matter_id"])
        elif entity == "citation":
            citation_allegation[int(state["id"])] = int(state["allegation_id"])
    # A verdict on a mention: the mention's document names the matter (mentions are not
    # audited themselves; a verdict's mention is kept while the verdict is).
    mention_matter = dict(
        bind.execute(
            sa.text(
                "SELECT m.id, d.matter_id FROM mention m JOIN document d ON d.id = m.document_id"
            )
        ).all()
    )

    def matter(entity: str, state: dict) -> int | None:
        if entity in ("document", "note", "allegation"):
            return state.get("matter_id")
        if entity == "matter":
            return state.get("id")
        if entity == "client":
            return client_matter.get(int(state["id"]))
        if entity == "client_identifier":
            return client_matter.get(int(state["client_id"]))
        if entity == "document_tag":
            return document_matter.get(int(state["document_id"]))
        if entity in ("allegation_officer", "allegation_conduct", "citation"):
            return allegation_matter.get(int(state["allegation_id"]))
        if entity == "mention_decision":
            return mention_matter.get(int(state["mention_id"]))
        if entity == "passage_release":
            target = int(state["target_id"])
            if state.get("passage") == "allegation":
                return allegation_matter.get(target)
            if state.get("passage") == "citation":
                return allegation_matter.get(citation_allegation.get(target, -1))
        return None

    found = []
    for event_id, entity, state in states:
        if isinstance(state, dict):
            try:
                matter_id = matter(entity, state)
            except (KeyError, TypeError, ValueError):  # an event shaped otherwise: no matter
                matter_id = None
            if matter_id is not None:
                found.append({"event_id": event_id, "matter_id": int(matter_id)})
    return found


def upgrade() -> None:
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default="1", nullable=False)
            )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("matter_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_audit_event_matter_id"), ["matter_id"])
    op.create_table(
        "matter_restriction",
        sa.Column("matter_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("restricted_at", sa.DateTime(), nullable=False),
        sa.Column("restricted_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("matter_id", name=op.f("pk_matter_restriction")),
    )
    op.create_table(
        "matter_team",
        sa.Column("matter_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("member", sa.String(length=63), nullable=False),
        sa.PrimaryKeyConstraint("matter_id", "member", name=op.f("pk_matter_team")),
    )
    found = _matters_of_events()
    if found:
        op.get_bind().execute(
            sa.text("UPDATE audit_event SET matter_id = :matter_id WHERE id = :event_id"), found
        )
    if op.get_bind().dialect.name == "postgresql":
        _postgres_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgres_downgrade()
    op.drop_table("matter_team")
    op.drop_table("matter_restriction")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_matter_id"))
        batch_op.drop_column("matter_id")
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
