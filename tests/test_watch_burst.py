"""Acceptance of issue 12: a burst of files, some written slowly, some byte-identical copies, is read
once each, none taken while still being written; the same with polling forced; a second watcher on the
same inbox and an output folder inside the inbox are refused; SIGTERM stops the watcher cleanly."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import threading

from pipeline.run.ledger import Ledger
from tests.conftest import REPO, SAMPLES, need_realdocs
from tests.watch_support import (
    VANBAN,
    doc_bytes,
    drop,
    inbox_names,
    kill,
    outputs_of,
    start_watcher,
    wait_until,
    write_slowly,
)

# Born-digital reports: a PDF cut short has no %%EOF trailer yet, so it does not open as a PDF.
SLOW_PDFS = sorted((SAMPLES / "reports" / "seed").glob("*.pdf"))


def _burst(tmp_path, env: dict[str, str], quick: int, slow_pdfs: int, slow_texts: int, copies: int,
           extra_args: list[str]) -> None:
    need_realdocs()
    inbox, out, log = tmp_path / "inbox", tmp_path / "out", tmp_path / "watch.log"
    inbox.mkdir()
    watcher = start_watcher(inbox, out, "--settle", "0.5", "--workers", "1", *extra_args, log=log, env=env)
    try:
        expected: dict[str, bytes] = {f"nhanh-{i:02d}.txt": doc_bytes(100 + i) for i in range(quick)}
        expected |= {f"ban-sao-{i}.txt": doc_bytes(100 + i) for i in range(copies)}
        slow = {f"cham-{i}.pdf": SLOW_PDFS[i].read_bytes() for i in range(slow_pdfs)}
        slow |= {f"cham-{i}.txt": doc_bytes(200 + i) for i in range(slow_texts)}
        expected |= slow
        # slow writers: PDFs pause longer than the settle time (only their missing trailer holds them back),
        # texts pause less than it
        writers = [threading.Thread(target=write_slowly, args=(inbox / name, data, 4, 0.8 if name.endswith(".pdf")
                                                               else 0.2)) for name, data in slow.items()]
        for writer in writers:
            writer.start()
        for name, data in expected.items():
            if name not in slow:
                drop(inbox, name, data)
        for writer in writers:
            writer.join()
        wait_until(lambda: not inbox_names(inbox), "an empty inbox", process=watcher, log=log)

        # a second watcher on the same inbox is refused while this one runs
        second = subprocess.run([*VANBAN, "watch", str(inbox), "--out", str(tmp_path / "other")], cwd=tmp_path,
                                capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO), **env},
                                timeout=120)
        assert second.returncode == 2 and "another vanban watcher" in second.stderr, second.stderr
    finally:
        code = kill(watcher, signal.SIGTERM)
    assert code == 0, log.read_text(errors="replace")[-2000:]

    placed = outputs_of(out)
    assert placed["quarantine"] == [], log.read_text(errors="replace")[-2000:]
    assert sorted(placed["processed"]) == sorted(name.encode() for name in expected)
    for name, data in expected.items():  # none taken half-written: what was read is what was written
        moved = next((out / "processed").glob(f"*/{name}"))
        assert moved.read_bytes() == data, name
    duplicates = sorted((out / "processed").rglob("*.duplicate.json"))
    assert len(duplicates) == copies
    unique = {hashlib.sha256(data).hexdigest() for data in expected.values()}
    ledger = Ledger.open(out)
    try:
        assert ledger.counts()["done"] == len(unique) == sum(1 for _ in (out / "documents").glob("*.json"))
    finally:
        ledger.close()


def test_burst_with_slow_writers_and_copies_each_read_once(tmp_path, prefect_env):
    _burst(tmp_path, prefect_env, quick=14, slow_pdfs=2, slow_texts=2, copies=3, extra_args=[])


def test_forced_polling_gives_the_same_result(tmp_path, prefect_env):
    _burst(tmp_path, prefect_env, quick=6, slow_pdfs=1, slow_texts=1, copies=1, extra_args=["--poll", "0.5"])


def test_output_folder_inside_the_inbox_is_refused(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    result = subprocess.run([*VANBAN, "watch", str(inbox), "--out", str(inbox / "out")], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 2
    assert "inside the inbox" in result.stderr
    assert not (inbox / "out").exists()
