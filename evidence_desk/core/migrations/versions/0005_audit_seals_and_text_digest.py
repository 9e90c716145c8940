"""audit seals and page-text digests

Each audit event gains its seal (an HMAC of its hash with a key kept outside the database)
and the id of that key; each document gains ``text_sha256``, the digest of all its pages'
text, which the audit log then covers. Existing documents get their digest, audited, when
the library is opened after the upgrade (``page_text.seal_unsealed``).

Revision ID: 0005_audit_seals
Revises: 0004_page_status
Create Date: 2026-12-01 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_audit_seals"
down_revision = "0004_page_status"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_event", sa.Column("seal", sa.String(length=64), nullable=True))
    op.add_column("audit_event", sa.Column("key_id", sa.String(length=16), nullable=True))
    op.add_column("document", sa.Column("text_sha256", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.drop_column("text_sha256")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("key_id")
        batch.drop_column("seal")
