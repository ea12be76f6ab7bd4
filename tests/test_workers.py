"""The batch on Dask: a dying worker costs one document, a hung one its time budget; the ledger under threads."""

from __future__ import annotations

import json
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from pipeline.run.inputs import path_token
from pipeline.run.ledger import Ledger
from tests.conftest import SAMPLES, SEED_PDF


def test_ledger_opened_by_many_threads_at_once(tmp_path):
    folder = tmp_path / "fresh"
    barrier = threading.Barrier(8)

    def open_ledger(_: int) -> int:
        barrier.wait()
        return Ledger.open(folder).counts()["done"]

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(open_ledger, range(8))) == [0] * 8


@pytest.fixture(scope="module")
def harness(prefect_harness):
    yield


def test_a_dying_worker_costs_one_document_and_a_hung_one_its_time(harness, tmp_path):
    """Two local Dask workers; one file kills its worker on every try, one never finishes, one is good."""
    from flows.batch import batch_flow
    from flows.runner import task_runner

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED_PDF, inbox / "poison.pdf")
    shutil.copy(SAMPLES / "plans" / "quangtri_86-KH-UBND.pdf", inbox / "slow.pdf")
    good = SAMPLES / "plans" / "ninhbinh_27-KH-SKHCN.docx"
    shutil.copy(good, inbox / good.name)
    out = tmp_path / "out"
    runner = task_runner(2, preload=["tests.crashing_job"])
    files = [inbox / "poison.pdf", inbox / "slow.pdf", inbox / good.name]
    outcomes, counts = batch_flow.with_options(task_runner=runner)(
        [path_token(p) for p in files], str(out), timeout_seconds=10)

    crashed, hung, fine = outcomes
    assert (crashed.error_kind, hung.error_kind) == ("worker_crashed", "timeout")
    assert "died" in crashed.reason and "10 s" in hung.reason
    assert fine.ok and fine.document.number == "27/KH-SKHCN"
    assert counts["failed"] == 2 and counts["extracted"] == 1
    for name, kind in (("poison.pdf", "worker_crashed"), ("slow.pdf", "timeout")):
        notes = list((out / "quarantine").glob(f"{name}*.reason.json"))
        assert [json.loads(n.read_text(encoding="utf-8"))["error"] for n in notes] == [kind]
    ledger = Ledger.open(out)
    assert ledger.counts() == {"received": 0, "processing": 0, "done": 1, "failed": 0, "quarantined": 2}
