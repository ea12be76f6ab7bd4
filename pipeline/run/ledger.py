"""The ledger: every document by its bytes (SHA-256), what became of it, and its extraction per code version.

One database holds what a batch, the watch folder and the review page must
agree on: which documents arrived (and under which names), which one is
being read by whom (a claim, taken in one transaction before any work), which
were read and which quarantined and why, each extraction keyed by the code
that made it (`extractors.version.code_version`), and the reconciliations.
The same bytes read by the same code are read once.

SQLite in WAL mode in the output folder by default (`OUT/vanban.db`), any
PostgreSQL URL for a shared deployment. The schema is Alembic's
(`pipeline/run/migrations`), brought to every head when the ledger opens.

Every transaction is short and closed on any exception (a Prefect timeout
can cancel the calling thread mid-call): a cancelled claim never leaves the
database locked. On SQLite each write transaction starts with BEGIN
IMMEDIATE: a deferred transaction that read first and then writes fails at
once with "database is locked" when another writer got in between, without
waiting for the busy timeout.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.pool import NullPool

from extractors.version import code_version
from schemas.extraction import ExtractedDocument

#: The ledger file in an output folder.
DB_NAME = "vanban.db"
#: Environment variable naming the ledger's URL (what `--db URL` sets).
DB_ENV = "VANBAN_DB"
#: How many times a document is tried before it is quarantined (a crash, a timeout, a dead worker).
MAX_ATTEMPTS = 3
#: Seconds a SQLite connection waits for another writer before giving up (a batch's writes take milliseconds).
SQLITE_BUSY_SECONDS = 60

STATUSES = ("received", "processing", "done", "failed", "quarantined")
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

metadata = sa.MetaData()
documents = sa.Table(
    "documents", metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("first_name", sa.Text, nullable=False),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("error_kind", sa.String(64)),
    sa.Column("error_message", sa.Text),
)
arrivals = sa.Table(
    "arrivals", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("duplicate", sa.Boolean, nullable=False),
)
extractions = sa.Table(
    "extractions", metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("code_version", sa.String(64), primary_key=True),
    sa.Column("json", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
reconciliations = sa.Table(
    "reconciliations", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("plan_sha256", sa.String(64), nullable=False),
    sa.Column("json", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class DocumentRow:
    """One row of `documents`: a document's bytes and what became of them."""

    sha256: str
    status: str
    first_name: str
    path: str
    arrived_at: datetime
    updated_at: datetime
    attempts: int
    error_kind: str | None
    error_message: str | None


def text_of(path: str | os.PathLike[str] | bytes) -> str:
    """A path or name as text any database stores: bytes that are not UTF-8 shown as \\xNN escapes.

    A file name may hold any bytes (an old Windows share, a zip from another
    code page); PostgreSQL and SQLite take UTF-8 only, and one such name must
    not cost a batch its ledger.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _row(row: sa.RowMapping) -> DocumentRow:
    """A row as a `DocumentRow`, times in UTC (SQLite hands them back without their zone)."""
    values = dict(row)
    for key in ("arrived_at", "updated_at"):
        if values[key].tzinfo is None:
            values[key] = values[key].replace(tzinfo=UTC)
    return DocumentRow(**values)


def _now() -> datetime:
    return datetime.now(UTC)


def _driver_url(url: str) -> str:
    """`postgresql://` as users write it, read with psycopg 3 (SQLAlchemy's default driver is psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


@cache
def _heads() -> frozenset[str]:
    """The migrations' head revisions (one per branch: the review and watch revisions each add one)."""
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory(str(MIGRATIONS)).get_heads())


class Ledger:
    """The ledger of one output folder or one shared database; safe to use from threads and processes."""

    def __init__(self, url: str, engine: sa.Engine) -> None:
        self.url = url
        self.engine = engine

    @classmethod
    def open(cls, out_dir: Path | None = None, url: str | None = None) -> Ledger:
        """The ledger at `url`, else `VANBAN_DB`, else `out_dir/vanban.db`; migrated to every head first."""
        url = url or os.environ.get(DB_ENV) or None
        if url is None:
            if out_dir is None:
                raise ValueError("a ledger needs an output folder or a database URL")
            out_dir.mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{out_dir.resolve() / DB_NAME}"
        ledger = cls(url, _engine(url))
        ledger._migrate()
        return ledger

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions ---------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """One short write transaction: committed on success, rolled back and closed on any exception."""
        with self.engine.connect() as conn:
            try:
                with conn.begin():
                    yield conn
            finally:
                conn.close()

    @contextlib.contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self.engine.connect().execution_options(vanban_read_only=True) as conn:
            try:
                with conn.begin():
                    yield conn
            finally:
                conn.close()

    def _migrate(self) -> None:
        """Bring the schema to every head, once, whoever else opens the same database at the same moment."""
        with self._setup_lock():
            with self._read() as conn:
                if self._current(conn) >= _heads():
                    return
            from alembic import command
            from alembic.config import Config

            cfg = Config()
            cfg.set_main_option("script_location", str(MIGRATIONS))
            with self._write() as conn:
                if conn.dialect.name == "postgresql":  # held to the end of this transaction
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('vanban-ledger-migrations'))"))
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "heads")

    @staticmethod
    def _current(conn: sa.Connection) -> frozenset[str]:
        if not sa.inspect(conn).has_table("alembic_version"):
            return frozenset()
        return frozenset(conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars())

    @contextlib.contextmanager
    def _setup_lock(self) -> Iterator[None]:
        """On SQLite, a lock file beside the database serialises the one-time set-up (WAL, migrations).

        Switching to WAL and creating the tables both need the whole file; two
        processes doing it at once is what made a new output folder fail with
        "database is locked". PostgreSQL takes an advisory lock instead (above).
        """
        database = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
        if not database or database == ":memory:":
            yield
            return
        with open(f"{database}.lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                raw = self.engine.raw_connection()  # outside any transaction: the mode cannot change inside one
                try:
                    if raw.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                        raw.execute("PRAGMA journal_mode=WAL")  # persists in the file
                finally:
                    raw.close()
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _insert_ignore(self, conn: sa.Connection, table: sa.Table, values: dict[str, object]) -> bool:
        """INSERT … ON CONFLICT DO NOTHING; True when the row was new."""
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return conn.execute(insert(table).values(**values).on_conflict_do_nothing()).rowcount == 1

    def _new_document(self, conn: sa.Connection, sha256: str, name: str, path: str) -> bool:
        now = _now()
        return self._insert_ignore(conn, documents, {
            "sha256": sha256, "status": "received", "first_name": text_of(name), "path": text_of(path),
            "arrived_at": now, "updated_at": now, "attempts": 0})

    # -- the life of a document -----------------------------------------------------------------------------

    def record_arrival(self, sha256: str, name: str, path: str) -> bool:
        """Note that these bytes arrived under `name` at `path`; True if they were seen before (a duplicate)."""
        with self._write() as conn:
            duplicate = not self._new_document(conn, sha256, name, path)
            conn.execute(arrivals.insert().values(sha256=sha256, name=text_of(name), path=text_of(path),
                                                  arrived_at=_now(), duplicate=duplicate))
        return duplicate

    def claim(self, sha256: str, name: str, path: str, *, force: bool = False) -> bool:
        """Take the document for processing, in one transaction; True when this caller now owns it.

        Claimable: new or `received` bytes, a `failed` document with attempts
        left, and a `done` one with no extraction by the current code. Not
        claimable (False): done, quarantined, or being processed elsewhere.
        `force` is for a user naming the file again (`vanban run`): any state
        but done-by-this-code is taken, and a quarantined document gets its
        attempts back.
        """
        current = sa.exists().where(extractions.c.sha256 == documents.c.sha256,
                                    extractions.c.code_version == code_version())
        if force:
            claimable = ~current
            attempts = sa.case((documents.c.status == "quarantined", 1), else_=documents.c.attempts + 1)
        else:
            claimable = sa.or_(
                documents.c.status == "received",
                sa.and_(documents.c.status == "failed", documents.c.attempts < MAX_ATTEMPTS),
                sa.and_(documents.c.status == "done", ~current),
            )
            attempts = documents.c.attempts + 1
        with self._write() as conn:
            self._new_document(conn, sha256, name, path)
            claimed = conn.execute(
                documents.update()
                .where(documents.c.sha256 == sha256, claimable)
                .values(status="processing", attempts=attempts, updated_at=_now())
            ).rowcount
        return claimed == 1

    def finish(self, sha256: str, document: ExtractedDocument) -> None:
        """The document is done: its extraction stored under the current code version."""
        if document.sha256 != sha256:
            raise ValueError(f"extraction of {document.sha256[:12]} filed under {sha256[:12]}")
        with self._write() as conn:
            self._new_document(conn, sha256, document.file, document.file)
            values = {"sha256": sha256, "code_version": code_version(), "json": document.model_dump_json(),
                      "created_at": _now()}
            if conn.dialect.name == "postgresql":
                from sqlalchemy.dialects.postgresql import insert
            else:
                from sqlalchemy.dialects.sqlite import insert
            statement = insert(extractions).values(**values)
            conn.execute(statement.on_conflict_do_update(
                index_elements=["sha256", "code_version"],
                set_={"json": statement.excluded.json, "created_at": statement.excluded.created_at}))
            conn.execute(documents.update().where(documents.c.sha256 == sha256).values(
                status="done", updated_at=_now(), error_kind=None, error_message=None))

    def fail(self, sha256: str, kind: str, message: str, *, final: bool,
             name: str | None = None, path: str | None = None) -> None:
        """`failed` (tried again later) or, when `final` or out of attempts, `quarantined`, with the reason.

        With `name` and `path`, a document the ledger has not seen yet (its
        work lost before it was claimed) is recorded first.
        """
        status = sa.case(
            (sa.or_(sa.literal(final), documents.c.attempts >= MAX_ATTEMPTS), "quarantined"), else_="failed")
        with self._write() as conn:
            if name is not None:
                self._new_document(conn, sha256, name, path if path is not None else name)
            conn.execute(documents.update().where(documents.c.sha256 == sha256).values(
                status=status, updated_at=_now(), error_kind=kind, error_message=message))

    def release(self, sha256: str) -> None:
        """Hand a claimed document back (`processing` → `received`) on a graceful stop; the attempt is not counted."""
        with self._write() as conn:
            conn.execute(documents.update().where(documents.c.sha256 == sha256,
                                                  documents.c.status == "processing").values(
                status="received", updated_at=_now(),
                attempts=sa.case((documents.c.attempts > 0, documents.c.attempts - 1), else_=0)))

    # -- reading --------------------------------------------------------------------------------------------

    def extraction(self, sha256: str) -> ExtractedDocument | None:
        """The stored extraction of these bytes by the current code, if any."""
        with self._read() as conn:
            json = conn.execute(sa.select(extractions.c.json).where(
                extractions.c.sha256 == sha256, extractions.c.code_version == code_version())).scalar()
        return ExtractedDocument.model_validate_json(json) if json is not None else None

    def document(self, sha256: str) -> DocumentRow | None:
        with self._read() as conn:
            row = conn.execute(sa.select(documents).where(documents.c.sha256 == sha256)).mappings().first()
        return _row(row) if row else None

    def documents(self, status: str | None = None) -> list[DocumentRow]:
        """Documents, oldest arrival first; only those in `status` when given."""
        query = sa.select(documents).order_by(documents.c.arrived_at, documents.c.sha256)
        if status is not None:
            query = query.where(documents.c.status == status)
        with self._read() as conn:
            return [_row(row) for row in conn.execute(query).mappings()]

    def counts(self) -> dict[str, int]:
        """Documents per status, every status present (0 when none)."""
        with self._read() as conn:
            found = dict(conn.execute(
                sa.select(documents.c.status, sa.func.count()).group_by(documents.c.status)).all())
        return {status: found.get(status, 0) for status in STATUSES}

    def stale(self) -> list[DocumentRow]:
        """Documents left `processing` (by a crash: a live claim holder is in the same list, so call it at start)."""
        return self.documents("processing")

    def save_reconciliation(self, plan_sha256: str, reconciliation_json: str) -> None:
        with self._write() as conn:
            conn.execute(reconciliations.insert().values(plan_sha256=plan_sha256, json=reconciliation_json,
                                                         created_at=_now()))

    def latest_reconciliation(self, plan_sha256: str) -> str | None:
        with self._read() as conn:
            return conn.execute(
                sa.select(reconciliations.c.json).where(reconciliations.c.plan_sha256 == plan_sha256)
                .order_by(reconciliations.c.id.desc()).limit(1)).scalar()


def _engine(url: str) -> sa.Engine:
    """An engine for `url`. SQLite: no pooled connections (a cancelled thread's connection is closed with it,
    never handed to the next caller mid-transaction), the driver's own BEGIN replaced by ours."""
    url = _driver_url(url)
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url, poolclass=NullPool, connect_args={"timeout": SQLITE_BUSY_SECONDS})

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None  # pysqlite must not emit BEGIN itself: we do (below)
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")  # WAL's safe setting: durable at checkpoints

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        read_only = conn.get_execution_options().get("vanban_read_only", False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine
