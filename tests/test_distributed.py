"""Scale-out (issue 11, item 7): a Dask cluster started as separate hosts would start it, one worker killed
mid-batch; and two batch flow runs at once in one process."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.run.inputs import path_token
from pipeline.run.ledger import Ledger
from tests.conftest import SAMPLES

REPORTS = (sorted((SAMPLES / "reports").rglob("*.pdf")) + sorted((SAMPLES / "reports").rglob("*.docx")))[::2]
DASK = Path(sys.executable).with_name("dask")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(*args: str) -> subprocess.Popen:
    """A `dask …` process in its own session, as on its own machine (killed below as a machine dies)."""
    return subprocess.Popen([str(DASK), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})


def _inbox(folder: Path, sources: list[Path]) -> list[Path]:
    folder.mkdir(parents=True)
    for source in sources:
        shutil.copy(source, folder / source.name)
    return [folder / source.name for source in sources]


@pytest.fixture
def cluster():
    """A scheduler and two workers, each started the way README tells a province to start them."""
    if not DASK.exists():
        pytest.skip("the `dask` command is not installed beside this Python")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = _start("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
    workers = [_start("worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
                      "--preload", "flows.worker", "--name", f"host-{i}") for i in range(2)]
    from distributed import Client

    with Client(address, timeout=120) as client:
        client.wait_for_workers(2, timeout=240)
    try:
        yield address, workers
    finally:
        for process in [*workers, scheduler]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_a_worker_killed_mid_batch_costs_no_document(prefect_harness, cluster, tmp_path):
    from flows.batch import batch_flow
    from flows.runner import task_runner

    address, workers = cluster
    files = _inbox(tmp_path / "inbox", REPORTS)
    out = tmp_path / "out"
    result: dict[str, object] = {}

    def run() -> None:
        result["value"] = batch_flow.with_options(task_runner=task_runner(cluster=address))(
            [path_token(p) for p in files], str(out))

    batch = threading.Thread(target=run)
    batch.start()
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and batch.is_alive():
        if (out / "vanban.db").exists() and Ledger.open(out).counts()["done"] >= 1:
            break
        time.sleep(0.2)
    os.killpg(workers[0].pid, signal.SIGKILL)  # the machine goes: its nanny and its worker at once
    batch.join(timeout=600)
    assert not batch.is_alive()

    outcomes, counts = result["value"]
    assert sorted(o.path for o in outcomes) == sorted(str(p) for p in files)  # each document once
    assert counts["extracted"] + counts["failed"] == len(files), counts
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    ended = [d["file"] for d in manifest["documents"]] + [f["file"] for f in manifest["failures"]]
    assert sorted(ended) == sorted(str(p) for p in files)
    assert all(f["reason"] for f in manifest["failures"])
    ledger = Ledger.open(out)
    assert ledger.counts()["processing"] == 0
    assert ledger.counts()["done"] + ledger.counts()["quarantined"] == len(files)


def test_two_batches_at_once_in_one_process(prefect_harness, tmp_path):
    from flows.batch import batch_flow
    from flows.runner import task_runner

    plans = sorted((SAMPLES / "plans").glob("*.pdf"))[:2]
    folders = {"ninhbinh": _inbox(tmp_path / "a", sorted((SAMPLES / "reports" / "ninhbinh").glob("*.pdf"))[:2]),
               "plans": _inbox(tmp_path / "b", plans)}
    results: dict[str, object] = {}

    def run(key: str) -> None:
        results[key] = batch_flow.with_options(task_runner=task_runner(1))(
            [path_token(p) for p in folders[key]], str(tmp_path / f"out-{key}"))

    threads = [threading.Thread(target=run, args=(key,)) for key in folders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    for key, files in folders.items():
        outcomes, counts = results[key]
        assert [o.path for o in outcomes] == [str(p) for p in files]
        assert counts["extracted"] == len(files) and counts["failed"] == 0
        written = sorted(p.name.split(".")[0] for p in (tmp_path / f"out-{key}" / "documents").glob("*.json"))
        assert written == sorted(p.name.split(".")[0] for p in files)
