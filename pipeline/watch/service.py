"""The watch loop: scan, settle, gather a batch, run it (one flow run), move each original out, repeat.

Every file ends exactly once in `OUT/processed/YYYY-MM-DD/` or
`OUT/quarantine/`, whatever stops the watcher and when:

1. before a batch starts, its files are written to `watch_inflight`;
2. the batch (one flow run) records each result or failure in the ledger;
3. each original is moved out (a rename on one file system; a quarantined
   file's reason note is flushed to disk first) and its in-flight row dropped.

A watcher killed anywhere in between finds, on restart, the file still in
the inbox with its in-flight row: a result already in the ledger is not read
again, the move is simply finished; a file left `processing` is read again,
up to the ledger's attempt limit, then quarantined. A file whose bytes are
in the ledger with no in-flight row is another copy: a recorded duplicate.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa

from pipeline.errors import BadInputError, OutputUnwritableError, UnsafeInputError, VanbanError
from pipeline.ingest.identify import sha256_of
from pipeline.run.document import clear_quarantine
from pipeline.run.ledger import MAX_ATTEMPTS, Ledger
from pipeline.watch.fs import (
    free_name,
    fsync_dir,
    inside,
    move_out,
    needs_polling,
    printable,
    write_json_durably,
)
from pipeline.watch.inbox import Entry, EntryKind, Settler, scan
from pipeline.watch.inflight import InFlight
from pipeline.watch.lock import WatchLock

log = logging.getLogger("vanban.watch")


class Result(Protocol):
    """What the batch runner returns per file (pipeline.run.document.Outcome)."""

    path: str
    error_kind: str | None
    reason: str | None

    @property
    def ok(self) -> bool: ...


RunBatch = Callable[[list[Path]], Sequence[Result]]


@dataclass
class WatchConfig:
    """How the watcher runs; every duration in seconds."""

    inbox: Path
    out: Path
    settle: float = 2.0          # size and mtime unchanged this long (and the file opens as its kind)
    poll: float | None = None    # poll every `poll` seconds instead of waiting for events (None: automatic)
    batch_max: int = 500         # files in one flow run at most
    gather: float | None = None  # wait this long for files still settling before starting a batch
    stuck_after: float = 60.0    # a file standing still this long is taken even if it never looks complete
    idle_rescan: float = 300.0   # in event mode, a full rescan this often even with no event (a missed event)
    stop_grace: float = 600.0    # on a stop, how long the documents being read may take to finish

    def __post_init__(self) -> None:
        self.inbox = Path(os.path.abspath(self.inbox))
        self.out = Path(os.path.abspath(self.out))
        if self.gather is None:
            self.gather = max(2 * self.settle, 3.0)


@dataclass(frozen=True)
class _Ended:
    """What the ledger says of a document of an interrupted batch (a `Result` without the extraction)."""

    path: str
    error_kind: str | None
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.error_kind is None


class OutputInsideInboxError(ValueError):
    """The output folder lies inside the inbox: the watcher would read its own results."""


def check_folders(inbox: Path, out: Path) -> None:
    """Refuse a missing inbox and an output folder inside the inbox, before anything is written."""
    if not inbox.is_dir():
        raise FileNotFoundError(f"the inbox {printable(inbox)} is not a folder")
    if inside(out, inbox):
        raise OutputInsideInboxError(
            f"the output folder {printable(out)} is inside the inbox {printable(inbox)}: the watcher would take its "
            "own results as new documents; choose an output folder outside the inbox")


class BatchInterrupted(BaseException):
    """Raised in the main thread by SIGTERM/SIGINT while a batch's flow run is under way: the documents
    being read finish, the ones not started are handed back (a BaseException, like KeyboardInterrupt, so
    no `except Exception` on the way swallows it)."""


def stop_on_signals(watcher: Watcher) -> None:
    """SIGTERM and SIGINT ask for a graceful stop: the documents being read finish, the rest wait as `received`.

    Idle, the loop just ends. In a batch (the flow run in the main thread), the run is interrupted so no
    new document starts; `Watcher.process` then waits for those already started.
    """

    def handler(signum: int, _frame: object) -> None:
        log.warning("signal %s: stopping after the documents being read", signal.Signals(signum).name)
        watcher.request_stop()
        if watcher.in_flow and threading.current_thread() is threading.main_thread():
            watcher.in_flow = False  # once: a second signal does not interrupt the hand-back
            raise BatchInterrupted

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, handler)


class Watcher:
    """Watches one inbox; `run_batch` runs a list of files as ONE flow run and returns their outcomes."""

    def __init__(self, config: WatchConfig, ledger: Ledger, run_batch: RunBatch,
                 after_batch: Callable[[], None] | None = None) -> None:
        self.config = config
        self.ledger = ledger
        self.run_batch = run_batch
        self.after_batch = after_batch
        self.inflight = InFlight(ledger.engine)
        self.settler = Settler(config.settle, config.stuck_after)
        self.batches = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._unwritable_since: float | None = None
        self._failures = 0  # batches failed in a row: the wait before the next try doubles
        self.in_flow = False  # a batch's flow run is under way in this thread
        self._forced_polling = False

    # -- the loop ---------------------------------------------------------------------------------------------

    def polling(self) -> bool:
        return self.config.poll is not None or needs_polling(self.config.inbox)

    def request_stop(self) -> None:
        """Stop at the next step of the loop (at once when idle; after the batch under way otherwise)."""
        self._stop.set()
        self._wake.set()

    def run(self, stop: threading.Event | None = None) -> None:
        """Watch until `stop` (or `request_stop`); the lock is held for the whole time."""
        if stop is not None:
            self._stop = stop
        stop = self._stop
        config = self.config
        check_folders(config.inbox, config.out)
        with WatchLock(config.inbox, config.out, self.ledger.engine):
            self.recover()
            polling = self.polling()
            self._forced_polling = polling
            # automatic polling (a network mount, or events lost to a name watchfiles cannot decode): each
            # poll is one listing of the inbox, so once a second costs nothing measurable (bench_watch.py)
            interval = config.poll if config.poll is not None else 1.0
            events = None if polling else self._start_events(stop)
            log.info("watching %s (%s)", printable(config.inbox),
                     f"polling every {interval:g} s" if polling else "file events")
            first_ready: float | None = None
            while not stop.is_set():
                entries = scan(config.inbox)
                if events is not None and not events.is_alive():
                    # watchfiles gives up on a name that is not UTF-8: poll while one is in the inbox
                    log.warning("file events stopped: polling every %g s until they can be restarted", interval)
                    events, polling = None, True
                elif events is None and polling and config.poll is None and not self._forced_polling \
                        and all(_utf8(e.name) for e in entries):
                    events, polling = self._start_events(stop), False
                ready, waiting = self.settler.update(entries)
                now = time.monotonic()
                if ready:
                    first_ready = first_ready or now
                    if not waiting or len(ready) >= config.batch_max or now - first_ready >= config.gather:
                        first_ready = None
                        if self.process(ready[: config.batch_max], stop):
                            self._failures = 0
                            continue
                        self._failures += 1
                        stop.wait(min(60.0, 2.0 ** self._failures))  # a full disk, a dead server: no busy loop
                        continue
                else:
                    first_ready = None
                if ready or waiting:
                    timeout = max(0.2, min(config.settle / 2, interval if polling else config.settle / 2))
                else:
                    timeout = interval if polling else config.idle_rescan
                self._wake.wait(timeout)
                self._wake.clear()
            self._wake.set()

    def _start_events(self, stop: threading.Event) -> threading.Thread:
        """A thread that wakes the loop on each change in the inbox (inotify through watchfiles)."""
        import watchfiles

        def listen() -> None:
            try:
                for _changes in watchfiles.watch(self.config.inbox, stop_event=stop, recursive=False,
                                                 debounce=200, step=100, rust_timeout=0, raise_interrupt=False,
                                                 watch_filter=None):
                    self._wake.set()
            except Exception as exc:  # noqa: BLE001 - the loop falls back to polling and says so
                log.warning("file events unavailable (%s)", exc)

        thread = threading.Thread(target=listen, name="vanban-watch-events", daemon=True)
        thread.start()
        return thread

    # -- start-up -----------------------------------------------------------------------------------------------

    def recover(self) -> None:
        """After a crash: forget in-flight rows of files already moved; quarantine files that keep killing us."""
        shutil.rmtree(self.config.out / WORK_FOLDER, ignore_errors=True)  # links a killed batch left behind
        present = {printable(e.path) for e in scan(self.config.inbox)}
        for path, _sha in self.inflight.all().items():
            if path not in present:
                self.inflight.done(path)
        for row in self.ledger.stale():
            if row.attempts >= MAX_ATTEMPTS:
                self.ledger.fail(row.sha256, "interrupted",
                                 f"the reader stopped (crash or kill) while reading this file {row.attempts} times",
                                 final=True)
                log.warning("%s: quarantined after %d interrupted attempts", row.first_name, row.attempts)

    # -- one batch ----------------------------------------------------------------------------------------------

    def process(self, ready: list[Entry], stop: threading.Event | None = None) -> bool:
        """Sort the ready entries (refused, duplicate, to finish moving, to read), run one batch, move them out.

        False when nothing could be done (the output folder refuses writes, the batch failed, the ledger
        cannot be written): try again later.

        The output folder is probed before a batch, but it can fill up during one: the ledger's writes
        (a file's row, its in-flight entry) then fail with SQLite's "disk I/O error" or "database or disk
        is full" (seen in CI, a 4 MB tmpfs filled while a batch ended), as a PostgreSQL ledger's do when
        its server goes. That fails this pass, not the service: the files stay in the inbox with their
        in-flight rows and are taken again on a later pass.
        """
        try:
            return self._process(ready, stop)
        except sa.exc.OperationalError as exc:
            ledger = self.ledger.engine.url.render_as_string(hide_password=True)
            log.error("error (ledger_unwritable): %s could not be written (%s); the files stay in the inbox and "
                      "are tried again", ledger, " ".join(str(exc.orig).split()) or type(exc.orig).__name__)
            return False

    def _process(self, ready: list[Entry], stop: threading.Event | None) -> bool:
        if not self._output_writable():
            return False
        today = date.today().isoformat()
        work: list[tuple[Entry, str]] = []
        shas: dict[str, Entry] = {}
        present = {printable(e.path) for e in scan(self.config.inbox)}
        for entry in ready:
            try:
                sha = self._sort(entry, today, shas, present)
            except OSError as exc:
                log.warning("%s: %s (will try again)", entry.display, exc)
                continue
            if sha is not None:
                work.append((entry, sha))
                shas[sha] = entry
        if not work:
            return True
        self.inflight.take([(str(entry.path), sha) for entry, sha in work])
        self.batches += 1
        try:
            with flow_safe_paths(self.config.out, [entry.path for entry, _ in work]) as handed:
                read_as = {os.fsencode(inbox_path): flow_path for flow_path, inbox_path in handed.items()}
                try:
                    self.in_flow = True
                    outcomes = self.run_batch(list(handed))
                except BaseException:  # ours, or Prefect's own termination signal raised around it
                    if not self._stop.is_set():
                        raise
                    outcomes = self._when_started_ones_end(work)
                finally:
                    self.in_flow = False
                by_path = {os.fsencode(handed.get(Path(o.path), Path(o.path))): o for o in outcomes}
        except Exception as exc:  # noqa: BLE001 - the service keeps running; the files stay in the inbox
            log.error("batch failed (%s: %s); its files stay in the inbox and are tried again", type(exc).__name__, exc)
            return False
        for entry, sha in work:
            outcome = by_path.get(os.fsencode(entry.path))
            try:
                if outcome is None:
                    self.ledger.release(sha)  # not started before a stop: waits in the inbox as `received`
                elif outcome.ok:
                    self._move_processed(entry, today)
                else:
                    self._quarantine(entry, outcome.error_kind or "error", outcome.reason or "", sha=sha,
                                     read_as=[read_as.get(os.fsencode(entry.path), entry.path)])
            except OSError as exc:  # still in the inbox with its in-flight row: moved on a later pass
                self._output_failed(entry, exc)
                continue
            self.inflight.done(str(entry.path))
            self.settler.forget(entry.name)
        if self.after_batch is not None:
            try:
                self.after_batch()
            except Exception as exc:  # noqa: BLE001 - outputs are refreshed again after the next batch
                log.error("refreshing the outputs failed: %s: %s", type(exc).__name__, exc)
        return True

    def _when_started_ones_end(self, work: list[tuple[Entry, str]]) -> list[Result]:
        """After an interrupted flow run: wait (up to `stop_grace`) for the documents already being read, and
        say what became of each from the ledger; those never started are left out (handed back)."""
        deadline = time.monotonic() + self.config.stop_grace
        while True:
            rows = {sha: self.ledger.document(sha) for _, sha in work}
            if not any(r is not None and r.status == "processing" for r in rows.values()) \
                    or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        outcomes: list[Result] = []
        for entry, sha in work:
            row = rows[sha]
            if row is not None and row.status == "done":
                outcomes.append(_Ended(str(entry.path), None, None))
            elif row is not None and row.status == "quarantined":
                outcomes.append(_Ended(str(entry.path), row.error_kind, row.error_message))
        log.warning("stopped: %d of %d documents of the batch finished, the rest wait in the inbox",
                    len(outcomes), len(work))
        return outcomes

    def _sort(self, entry: Entry, today: str, batch: dict[str, Entry], present: set[str]) -> str | None:
        """The entry's SHA-256 when it must be read now; None when it was dealt with here."""
        if entry.kind is EntryKind.SYMLINK:
            target = os.readlink(entry.path)
            where = "outside the inbox" if not inside(entry.path.parent / os.fsdecode(target), self.config.inbox) \
                else "inside the inbox"
            self._refuse(entry, UnsafeInputError(entry.display, f"a symbolic link to {printable(target)} ({where}): "
                                                                "links are not followed; put the file itself"))
            return None
        if entry.kind is EntryKind.FOLDER:
            self._refuse(entry, BadInputError(entry.display, "a folder, not a document: put its files in the inbox "
                                                             "themselves"))
            return None
        if entry.kind is EntryKind.OTHER:
            self._refuse(entry, BadInputError(entry.display, "not a regular file (a pipe, socket or device)"))
            return None
        sha = sha256_of(entry.path)
        name, path = entry.display, printable(entry.path)
        row = self.ledger.document(sha)
        if row is not None and row.status in ("done", "quarantined") and self.inflight.sha_of(str(entry.path)) == sha:
            # the original, left in the inbox by a watcher stopped between its result and its move
            if row.status == "done":
                self._move_processed(entry, today)
            else:
                self._quarantine(entry, row.error_kind or "error", row.error_message or "", sha=sha,
                                 read_as=[entry.path, self.config.out / WORK_FOLDER / printable(entry.name)])
            self.inflight.done(str(entry.path))
            self.settler.forget(entry.name)
            return None
        if row is None:
            self.ledger.record_arrival(sha, name, path)
            return sha
        first = batch.get(sha)
        pending_elsewhere = row.status in ("received", "processing", "failed") and row.path != path \
            and row.path in present
        if row.status == "done" or first is not None or pending_elsewhere:
            self.ledger.record_arrival(sha, name, path)
            self._duplicate(entry, today, sha, first.display if first is not None else row.first_name, row.status)
            return None
        if row.status == "quarantined":  # put back after a fix (Tesseract installed, say): read again
            self.ledger.record_arrival(sha, name, path)
        return sha

    # -- moves --------------------------------------------------------------------------------------------------

    def _move_processed(self, entry: Entry, today: str) -> Path:
        target = move_out(entry.path, self.config.out / "processed" / today, entry.name)
        log.info("processed: %s", entry.display)
        return target

    def _duplicate(self, entry: Entry, today: str, sha: str, first: str, status: str) -> None:
        """Same bytes as a file already taken: recorded, moved beside the processed files, never read again."""
        if status == "quarantined":
            self._quarantine(entry, "duplicate", f"the same bytes as {first}, quarantined before", sha=sha)
            return
        folder = self.config.out / "processed" / today
        folder.mkdir(parents=True, exist_ok=True)
        target = free_name(folder, entry.name)
        write_json_durably(_beside(target, b".duplicate.json"),
                           {"file": entry.display, "sha256": sha, "duplicate_of": first,
                            "note": "the same bytes arrived before under another name: not read again"})
        move_out(entry.path, folder, replace=target)
        self.settler.forget(entry.name)
        log.info("duplicate: %s (same bytes as %s)", entry.display, first)

    def _refuse(self, entry: Entry, error: VanbanError) -> None:
        """An entry refused by the watcher itself (link, folder, device): quarantined with its reason."""
        self._quarantine(entry, error.kind, error.reason)
        self.settler.forget(entry.name)

    def _quarantine(self, entry: Entry, kind: str, reason: str, *, sha: str | None = None,
                    read_as: Sequence[Path] = ()) -> Path:
        """The original into `quarantine/` with `<name>.reason.json` beside it, the note flushed to disk first.

        `read_as`: the paths the reader knew the file by; the copy and note it put in `quarantine/` go first,
        so the file is there once, under its own name (a crash in between quarantines it again on restart).
        """
        folder = self.config.out / "quarantine"
        folder.mkdir(parents=True, exist_ok=True)
        for path in read_as:
            clear_quarantine(self.config.out, path)
        target = free_name(folder, entry.name)
        note = {"file": entry.display, "error": kind, "reason": reason, "sha256": sha,
                "quarantined_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        write_json_durably(_beside(target, b".reason.json"), note)
        moved = move_out(entry.path, folder, replace=target)
        log.warning("quarantined: %s (%s: %s)", entry.display, kind, reason)
        return moved

    # -- a full or read-only output folder ----------------------------------------------------------------------

    def _output_writable(self) -> bool:
        """Probe the output folder before a batch; while it refuses writes, files wait in the inbox."""
        probe = self.config.out / f".vanban-watch-probe.{os.getpid()}"
        try:
            self.config.out.mkdir(parents=True, exist_ok=True)
            with open(probe, "wb") as handle:
                handle.write(b"\0" * 65536)  # room for at least a note and a ledger page
                handle.flush()
                os.fsync(handle.fileno())
            os.unlink(probe)
            fsync_dir(self.config.out)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(probe)
            if self._unwritable_since is None:
                self._unwritable_since = time.monotonic()
                error = OutputUnwritableError(printable(self.config.out), f"cannot write ({exc.strerror}): files wait "
                                                                          "in the inbox until it can be written")
                log.error("error (%s): %s", error.kind, error)
            return False
        if self._unwritable_since is not None:
            log.warning("the output folder can be written again: going on")
            self._unwritable_since = None
        return True

    def _output_failed(self, entry: Entry, exc: OSError) -> None:
        error = OutputUnwritableError(entry.display, f"could not move it out of the inbox ({exc.strerror or exc}); "
                                                     "it stays there and is tried again")
        log.error("error (%s): %s", error.kind, error)


WORK_FOLDER = ".vanban-watch-work"


@contextlib.contextmanager
def flow_safe_paths(out: Path, paths: list[Path]) -> Iterator[dict[Path, Path]]:
    """Paths a flow run can take as parameters (JSON, UTF-8), mapped to the inbox paths they stand for.

    A name that is not UTF-8 (`b\\xe1o-c\\xe1o.pdf` from an old share) cannot go into a flow's parameters,
    an extraction's JSON or the ledger as it is. Such a file is handed over as a hard link (a symbolic link
    across file systems) in `OUT/.vanban-watch-work/` named with \\xNN escapes, removed after the batch;
    its results carry that printable name.
    """
    work = out / WORK_FOLDER
    handed: dict[Path, Path] = {}
    made: list[Path] = []
    try:
        for path in paths:
            try:
                str(path).encode("utf-8")
                handed[path] = path
                continue
            except UnicodeEncodeError:
                pass
            work.mkdir(exist_ok=True)
            link = free_name(work, printable(path.name).encode("utf-8"))
            try:
                os.link(path, link)
            except OSError:
                os.symlink(path, link)
            made.append(link)
            handed[link] = path
        yield handed
    finally:
        for link in made:
            with contextlib.suppress(OSError):
                os.unlink(link)


def _utf8(name: bytes) -> bool:
    try:
        name.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _beside(target: Path, suffix: bytes) -> Path:
    """`target` with `suffix` added to its name, byte for byte (a non-UTF-8 name stays as it was)."""
    return Path(os.fsdecode(os.fsencode(target) + suffix))
