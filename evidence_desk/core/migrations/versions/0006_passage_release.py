"""passage releases: the summaries and quotes a person released for public briefs

Revision ID: 0006_passage_release
Revises: 0005_audit_seals
Create Date: 2026-12-01 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_passage_release"
down_revision = "0005_audit_seals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "passage_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("passage", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("released_by", sa.String(length=200), nullable=False),
        sa.Column("released_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passage_release")),
        sa.UniqueConstraint("passage", "target_id", name="uq_passage_release_target"),
    )


def downgrade() -> None:
    op.drop_table("passage_release")
