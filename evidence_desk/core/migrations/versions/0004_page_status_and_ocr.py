"""page status and OCR results

Every page gets a status (text extracted, needs OCR, read by OCR, blank, unreadable,
locked), decided per page at import; pages of existing libraries are given the status
their text and document imply. ``page_ocr`` keeps what OCR made of a page: confidence,
word boxes for highlighting, or why it failed.

Revision ID: 0004_page_status
Revises: 0003
Create Date: 2026-12-01 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_page_status"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, not batch mode: rebuilding the page table would drop the full-text
    # triggers that keep page_fts in step with it.
    op.add_column(
        "page", sa.Column("status", sa.String(length=20), server_default="text", nullable=False)
    )
    op.create_index("ix_page_status", "page", ["status"], unique=False)
    # What the old import knew: a page with text is a text page; a page without text in
    # a document marked "needs OCR" or "encrypted" is one; any other page without text is
    # blank or unreadable as its document says.
    op.execute(
        """UPDATE page SET status = CASE
            WHEN trim(text) != '' THEN 'text'
            ELSE coalesce((SELECT CASE d.status
                WHEN 'needs_ocr' THEN 'needs_ocr'
                WHEN 'encrypted' THEN 'locked'
                WHEN 'unreadable' THEN 'unreadable'
                ELSE 'empty' END
              FROM document d WHERE d.id = page.document_id), 'empty')
        END"""
    )
    op.create_table(
        "page_ocr",
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("engine", sa.String(length=60), nullable=False),
        sa.Column("languages", sa.String(length=100), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["page_id"], ["page.id"], name=op.f("fk_page_ocr_page_id_page"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("page_id", name=op.f("pk_page_ocr")),
    )


def downgrade() -> None:
    op.drop_table("page_ocr")
    op.drop_index("ix_page_status", table_name="page")
    op.drop_column("page", "status")  # SQLite 3.35+ drops a column in place
