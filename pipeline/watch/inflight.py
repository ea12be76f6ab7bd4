"""Inbox files handed to a batch and not yet moved out (table `watch_inflight`, migration 0003_watch).

Paths are stored as `printable` text (non-UTF-8 bytes as \\xNN escapes), the
form the ledger stores names in, so any file name fits any database.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from pipeline.watch.fs import printable

_metadata = sa.MetaData()
inflight = sa.Table(
    "watch_inflight", _metadata,
    sa.Column("path", sa.Text, primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
)


class InFlight:
    """The watcher's own rows in the ledger's database."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def take(self, items: list[tuple[str, str]]) -> None:
        """Record (path, sha256) pairs before their batch starts (replacing any older row for a path)."""
        if not items:
            return
        rows = [{"path": printable(path), "sha256": sha, "taken_at": datetime.now(UTC)} for path, sha in items]
        with self.engine.begin() as conn:
            conn.execute(inflight.delete().where(inflight.c.path.in_([r["path"] for r in rows])))
            conn.execute(inflight.insert(), rows)

    def sha_of(self, path: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(inflight.c.sha256).where(inflight.c.path == printable(path))).scalar()

    def done(self, path: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(inflight.delete().where(inflight.c.path == printable(path)))

    def all(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return dict(conn.execute(sa.select(inflight.c.path, inflight.c.sha256)).all())
