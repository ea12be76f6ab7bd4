"""The watch folder's in-flight files: inbox entries handed to a batch and not yet moved out of the inbox.

Revision ID: 0003_watch
Revises: 0001_ledger
Create Date: 2026-12-03

A file whose result is in the ledger but which is still in the inbox is
either a copy arriving later (a duplicate) or the original, left there by a
watcher killed between recording the result and moving the file. This
table tells them apart: a row is written before the batch starts and
deleted once the file has moved out.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_watch"
down_revision = "0001_ledger"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_inflight",
        sa.Column("path", sa.Text(), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("watch_inflight")
