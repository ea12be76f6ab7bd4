"""The review page's tables: the append-only revisions, and the queue's one row per document.

Revision ID: 0002_review
Revises: 0001_ledger
Create Date: 2026-12-03

Written out in full rather than imported from `pipeline.run.revisions` or
`pipeline.review.queue`: a migration records what the schema was.
`revisions` is append-only (a reviewer's action is never updated or
deleted); its unique (sha256, item, version) lets the database refuse the
second of two reviewers saving the same value at once; `anchor` (the
value's page and source text) finds the value again in a newer extraction. `review_queue` is a
cache rebuilt from the ledger's extractions, so the queue page reads one
row per document instead of parsing every extraction on each visit.
`review_resolutions` records, when a correction makes reconciliation
recompute, each flag it resolved (or raised) and the revision that did.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_review"
down_revision = "0001_ledger"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("item", sa.String(64), nullable=False),
        sa.Column("field", sa.String(128), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("x0", sa.Float(), nullable=True),
        sa.Column("y0", sa.Float(), nullable=True),
        sa.Column("x1", sa.Float(), nullable=True),
        sa.Column("y1", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("anchor", sa.Text(), nullable=True),
        sa.UniqueConstraint("sha256", "item", "version", name="revisions_one_per_version"),
        sa.CheckConstraint("action IN ('accept', 'edit', 'reject', 'add')", name="revisions_action"),
    )
    op.create_index("revisions_by_document", "revisions", ["sha256", "id"])
    op.create_table(
        "review_queue",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("code_version", sa.String(64), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("doc_type", sa.String(32), nullable=False),
        sa.Column("number", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("issuer", sa.Text(), nullable=True),
        sa.Column("plan", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("values_total", sa.Integer(), nullable=False),
        sa.Column("values_low", sa.Integer(), nullable=False),
        sa.Column("values_reviewed", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("flags", sa.Text(), nullable=False, server_default=""),
        sa.Column("flag_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("scanned", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("review_queue_by_confidence", "review_queue", ["confidence", "file", "sha256"])
    for column in ("doc_type", "issuer", "plan"):  # the filters' choices and counts read these, not the table
        op.create_index(f"review_queue_by_{column}", "review_queue", [column])
    op.create_table(
        "review_resolutions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("plan_sha256", sa.String(64), nullable=False),
        sa.Column("flag_key", sa.Text(), nullable=False),
        sa.Column("flag", sa.Text(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("review_resolutions_by_plan", "review_resolutions", ["plan_sha256", "id"])


def downgrade() -> None:
    op.drop_table("review_resolutions")
    op.drop_table("review_queue")
    op.drop_index("revisions_by_document", table_name="revisions")
    op.drop_table("revisions")
