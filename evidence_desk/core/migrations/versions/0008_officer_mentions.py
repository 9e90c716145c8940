"""officer mentions: where discovery names an officer, and people's verdicts on them

``mention`` holds what detection read on each page (derived, rebuilt freely);
``mention_decision`` a person's confirmation or rejection (audited); ``mention_scan`` the
documents already read, so that a library made before mentions existed is read once in
the background after the upgrade.

Revision ID: 0008_officer_mentions
Revises: 0007
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_officer_mentions"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.String(length=10), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("registry_version", sa.Integer(), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_mention_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["officer.id"],
            name=op.f("fk_mention_officer_id_officer"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["page_id"], ["page.id"], name=op.f("fk_mention_page_id_page"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mention")),
    )
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mention_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mention_officer_id"), ["officer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mention_page_id"), ["page_id"], unique=False)
    op.create_table(
        "mention_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mention_id", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=10), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("proposed_officer_id", sa.Integer(), nullable=True),
        sa.Column("proposed_confidence", sa.String(length=10), nullable=True),
        sa.Column("alias_id", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mention_id"], ["mention.id"], name=op.f("fk_mention_decision_mention_id_mention")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_mention_decision_officer_id_officer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mention_decision")),
        sa.UniqueConstraint("mention_id", name=op.f("uq_mention_decision_mention_id")),
    )
    with op.batch_alter_table("mention_decision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mention_decision_officer_id"), ["officer_id"], unique=False
        )
    op.create_table(
        "mention_scan",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("detector_version", sa.Integer(), nullable=False),
        sa.Column("scanned_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_mention_scan_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_mention_scan")),
    )


def downgrade() -> None:
    op.drop_table("mention_scan")
    with op.batch_alter_table("mention_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mention_decision_officer_id"))
    op.drop_table("mention_decision")
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mention_page_id"))
        batch_op.drop_index(batch_op.f("ix_mention_officer_id"))
        batch_op.drop_index(batch_op.f("ix_mention_document_id"))
    op.drop_table("mention")
