"""The ledger: documents by content, their arrivals, extractions per code version, reconciliations.

Revision ID: 0001_ledger
Revises:
Create Date: 2026-12-03

Written out in full rather than imported from `pipeline.run.ledger`: a
migration is a record of what the schema was, and must not change when the
module's tables do.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_ledger"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("first_name", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("error_kind", sa.String(64), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.CheckConstraint("status IN ('received', 'processing', 'done', 'failed', 'quarantined')",
                           name="documents_status"),
    )
    op.create_index("documents_by_status", "documents", ["status", "arrived_at"])
    op.create_table(
        "arrivals",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duplicate", sa.Boolean(), nullable=False),
    )
    op.create_index("arrivals_by_sha256", "arrivals", ["sha256"])
    op.create_table(
        "extractions",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("code_version", sa.String(64), primary_key=True),
        sa.Column("json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "reconciliations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("plan_sha256", sa.String(64), nullable=False),
        sa.Column("json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("reconciliations_by_plan", "reconciliations", ["plan_sha256", "id"])


def downgrade() -> None:
    op.drop_table("reconciliations")
    op.drop_table("extractions")
    op.drop_table("arrivals")
    op.drop_table("documents")
