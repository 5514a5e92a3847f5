"""Deletion audit: only the fact of a deletion (when, why, how many rows), for erasure requests and retention.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deletion_audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=True),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_deletion_audit_occurred_at", "deletion_audit", ["occurred_at"])


def downgrade() -> None:
    op.drop_index("ix_deletion_audit_occurred_at", "deletion_audit")
    op.drop_table("deletion_audit")
