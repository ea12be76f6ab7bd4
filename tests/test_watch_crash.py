"""Acceptance of issue 12: SIGKILL the watcher in the middle of a batch, restart it, and every file ends
exactly once in processed/ or quarantine/, the ledger agrees, no output is half-written. On SQLite (the
default ledger) and on a real PostgreSQL server."""

from __future__ import annotations

import hashlib
import signal

from pipeline.run.ledger import Ledger
from tests.conftest import need_realdocs
from tests.watch_support import (
    doc_bytes,
    drop,
    half_written,
    inbox_names,
    kill,
    outputs_of,
    start_watcher,
    wait_until,
)

FILES = 12
COPIES = 2  # byte-identical copies of two of the files, under other names


def _kill_mid_batch_and_restart(tmp_path, db_args: list[str], ledger_url: str | None, env: dict[str, str],
                                graceful: bool = False) -> None:
    need_realdocs()
    inbox, out, log = tmp_path / "inbox", tmp_path / "out", tmp_path / "watch.log"
    inbox.mkdir()
    contents = {f"bao-cao-{i:02d}.txt": doc_bytes(i) for i in range(FILES)}
    contents |= {f"ban-sao-{i}.txt": doc_bytes(i) for i in range(COPIES)}
    for name, data in contents.items():
        drop(inbox, name, data)
    args = ["--settle", "0.3", "--workers", "1", *db_args]

    first = start_watcher(inbox, out, *args, log=log, env=env)
    try:
        # in the middle of the batch: some results written, some files still in the inbox
        wait_until(lambda: len(list((out / "documents").glob("*.json"))) >= 2, "the first results", process=first,
                   log=log)
        assert inbox_names(inbox), "the batch finished before the kill: the test proves nothing"
    finally:
        kill(first, signal.SIGKILL)

    if graceful:
        # a graceful stop in the middle of the next batch: the documents being read finish, the rest are
        # handed back as `received` and stay in the inbox
        done_before = len(list((out / "documents").glob("*.json")))
        stopped = start_watcher(inbox, out, *args, log=log, env=env)
        try:
            wait_until(lambda: len(list((out / "documents").glob("*.json"))) >= done_before + 2,
                       "results of the second run", process=stopped, log=log)
        finally:
            code = kill(stopped, signal.SIGTERM)
        assert code == 0, log.read_text(errors="replace")[-3000:]
        waiting = inbox_names(inbox)
        assert waiting, "the batch finished before the stop: the test proves nothing"
        ledger = Ledger.open(out, ledger_url)
        try:
            states = {row.first_name: row.status for row in ledger.documents()}
        finally:
            ledger.close()
        assert "processing" not in states.values(), states
        for name in waiting:
            assert states.get(name.decode()) in ("received", None), (name, states.get(name.decode()))

    second = start_watcher(inbox, out, *args, log=log, env=env)
    try:
        wait_until(lambda: not inbox_names(inbox), "an empty inbox after the restart", process=second, log=log)
        wait_until(lambda: (out / "summary.csv").is_file(), "the summary", process=second, log=log)
    finally:
        kill(second, signal.SIGTERM)

    placed = outputs_of(out)
    everything = sorted(placed["processed"] + placed["quarantine"])
    assert everything == sorted(name.encode() for name in contents), "each file exactly once, none lost"
    assert placed["quarantine"] == [], (out / "quarantine").iterdir() if (out / "quarantine").is_dir() else ""
    assert half_written(out) == []

    ledger = Ledger.open(out, ledger_url)
    try:
        unique = {hashlib.sha256(data).hexdigest() for data in contents.values()}
        rows = ledger.documents()
        assert {row.sha256 for row in rows} == unique
        assert all(row.status == "done" for row in rows), [(r.first_name, r.status) for r in rows]
        assert all(ledger.extraction(sha) is not None for sha in unique)
    finally:
        ledger.close()
    duplicates = sorted(p.name for p in (out / "processed").rglob("*.duplicate.json"))
    assert duplicates == [f"ban-sao-{i}.txt.duplicate.json" for i in range(COPIES)] or \
        len(duplicates) == COPIES  # which of two identical files came first depends on the scan order


def test_sigkill_then_sigterm_mid_batch_then_restart_every_file_once_sqlite(tmp_path, prefect_env):
    """SIGKILL mid-batch, then a restart stopped by SIGTERM mid-batch (the rest handed back), then a restart."""
    _kill_mid_batch_and_restart(tmp_path, [], None, prefect_env, graceful=True)


def test_sigkill_mid_batch_then_restart_every_file_once_postgresql(tmp_path, postgres_db, prefect_env):
    _kill_mid_batch_and_restart(tmp_path, ["--db", postgres_db], postgres_db, prefect_env)
