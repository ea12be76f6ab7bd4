"""One watcher per inbox: a second one started on the same inbox (or the same output folder) refuses to run.

Two locks, both released by the kernel or the server when the holder dies,
so a SIGKILLed watcher never leaves a stale lock behind:

- `flock` on the inbox folder itself and on `OUT/.vanban-watch.lock`
  (local file systems; on NFS, Linux maps flock to the server's byte-range
  locks, so watchers on two machines see each other too);
- with a PostgreSQL ledger, a session advisory lock keyed by the inbox's
  resolved path, held on one connection for the watcher's life: watchers on
  different machines sharing one database exclude each other even when their
  inbox is a share each of them mounts.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

import sqlalchemy as sa

from pipeline.watch.fs import printable

LOCK_NAME = ".vanban-watch.lock"


class AlreadyWatchedError(RuntimeError):
    """Another watcher holds this inbox or output folder."""


class WatchLock:
    """Held from `acquire()` to `release()`; raises AlreadyWatchedError when another watcher holds it."""

    def __init__(self, inbox: Path, out: Path, engine: sa.Engine | None = None) -> None:
        self.inbox = inbox
        self.out = out
        self.engine = engine
        self._fds: list[int] = []
        self._connection: sa.Connection | None = None

    def acquire(self) -> WatchLock:
        try:
            self._flock(os.open(self.inbox, os.O_RDONLY | os.O_DIRECTORY), f"the inbox {printable(self.inbox)}")
            self.out.mkdir(parents=True, exist_ok=True)
            lock_file = self.out / LOCK_NAME
            self._flock(os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644), f"the output folder {printable(self.out)}")
            if self.engine is not None and self.engine.dialect.name == "postgresql":
                self._advisory()
        except BaseException:
            self.release()
            raise
        return self

    def _flock(self, fd: int, what: str) -> None:
        self._fds.append(fd)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise AlreadyWatchedError(f"another vanban watcher is already running on {what}") from exc

    def _advisory(self) -> None:
        assert self.engine is not None
        self._connection = self.engine.connect()
        key = f"vanban-watch:{os.fsencode(self.inbox.resolve()).hex()}"
        got = self._connection.execute(sa.text("SELECT pg_try_advisory_lock(hashtext(:key))"), {"key": key}).scalar()
        self._connection.commit()
        if not got:
            raise AlreadyWatchedError(f"another vanban watcher on this database holds the inbox {printable(self.inbox)}")

    def release(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()  # the session's advisory lock goes with it
            self._connection = None
        for fd in self._fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        self._fds.clear()

    def __enter__(self) -> WatchLock:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()
