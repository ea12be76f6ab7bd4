"""Results keyed by content: the same bytes read by the same code (extractors.version) are read once.

SQLite holds the extraction JSON of every document seen in an output folder,
so re-running a batch after adding files only reads the new ones, and a
renamed copy of a known file is a cache hit.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from extractors.version import code_version
from schemas.extraction import ExtractedDocument

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    file TEXT NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (sha256, pipeline_version)
)
"""


_CREATE_LOCK = threading.Lock()


class Store:
    """A small content-addressed store, shared by the batch's worker threads and processes.

    WAL mode is set once when the file is created (it persists in the file);
    setting it on every connection makes concurrent openers fail with
    "database is locked" instead of waiting.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with _CREATE_LOCK, self._connect() as db:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=60)

    def get(self, sha256: str) -> ExtractedDocument | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT json FROM documents WHERE sha256 = ? AND pipeline_version = ?", (sha256, code_version())
            ).fetchone()
        return ExtractedDocument.model_validate_json(row[0]) if row else None

    def put(self, document: ExtractedDocument) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?)",
                (document.sha256, document.pipeline_version, document.file, document.model_dump_json()),
            )
