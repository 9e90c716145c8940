"""officer data: roster entries, public records, the registry's version

``roster_entry`` keeps how each public roster last listed an officer; ``public_record``
holds public misconduct data (complaints, lawsuits, credibility findings) linked to
officers, apart from the office's privileged allegations. ``officer_registry_state`` is one
row whose version database triggers raise on every change to officers, identifiers and
aliases, whoever makes it, so that matching knows when its in-memory registry is stale.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

REGISTRY_TABLES = ("officer", "officer_identifier", "officer_alias")
_BUMP = "UPDATE officer_registry_state SET version = version + 1 WHERE id = 1"


def _create_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in REGISTRY_TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(
                    f"CREATE TRIGGER {table}_registry_{event} AFTER {event.upper()} ON {table} "
                    f"BEGIN {_BUMP}; END"
                )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION officer_registry_bump() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {_BUMP}; RETURN NULL; END $$"
        )
        for table in REGISTRY_TABLES:
            # Once per statement: a bulk import raises the version once, not per row.
            op.execute(
                f"CREATE TRIGGER {table}_registry_change AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION officer_registry_bump()"
            )


def _drop_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in REGISTRY_TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_registry_{event}")
    elif dialect == "postgresql":
        for table in REGISTRY_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_registry_change ON {table}")
        op.execute("DROP FUNCTION IF EXISTS officer_registry_bump()")


def upgrade() -> None:
    op.create_table(
        "officer_registry_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officer_registry_state")),
    )
    op.execute("INSERT INTO officer_registry_state (id, version) VALUES (1, 0)")
    op.create_table(
        "roster_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=True),
        sa.Column("rank", sa.String(length=100), nullable=True),
        sa.Column("command", sa.String(length=200), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("first_imported_at", sa.DateTime(), nullable=False),
        sa.Column("last_imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_roster_entry_officer_id_officer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_entry")),
    )
    with op.batch_alter_table("roster_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roster_entry_officer_id"), ["officer_id"])
    op.create_table(
        "public_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("source_file", sa.String(length=500), nullable=False),
        sa.Column("source_line", sa.Integer(), nullable=False),
        sa.Column("record_key", sa.String(length=64), nullable=False),
        sa.Column("case_number", sa.String(length=100), nullable=True),
        sa.Column("date_precision", sa.String(length=10), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("category", sa.String(length=200), nullable=True),
        sa.Column("allegation", sa.Text(), nullable=True),
        sa.Column("disposition", sa.String(length=300), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("command", sa.String(length=200), nullable=True),
        sa.Column("rank", sa.String(length=100), nullable=True),
        sa.Column("court", sa.String(length=200), nullable=True),
        sa.Column("caption", sa.String(length=500), nullable=True),
        sa.Column("written_name", sa.String(length=300), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("link_reason", sa.String(length=300), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_public_record_officer_id_officer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_record")),
        sa.UniqueConstraint("source", "record_key", name="uq_public_record_source_record_key"),
    )
    with op.batch_alter_table("public_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_public_record_officer_id"), ["officer_id"])
        batch_op.create_index(batch_op.f("ix_public_record_case_number"), ["case_number"])
    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    with op.batch_alter_table("public_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_public_record_case_number"))
        batch_op.drop_index(batch_op.f("ix_public_record_officer_id"))
    op.drop_table("public_record")
    with op.batch_alter_table("roster_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roster_entry_officer_id"))
    op.drop_table("roster_entry")
    op.drop_table("officer_registry_state")
