"""Worker processes and the shared ledger under concurrency."""

from __future__ import annotations

import shutil
import threading
from concurrent.futures import ThreadPoolExecutor

from pipeline.run.ledger import Ledger
from pipeline.run.workers import WorkerPool
from tests.conftest import SAMPLES, SEED_PDF
from tests.crashing_job import crash_on_poison


def test_ledger_opened_by_many_threads_at_once(tmp_path):
    folder = tmp_path / "fresh"
    barrier = threading.Barrier(8)

    def open_ledger(_: int) -> int:
        barrier.wait()
        return Ledger.open(folder).counts()["done"]

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(open_ledger, range(8))) == [0] * 8


def test_a_dying_worker_costs_one_document(tmp_path):
    poison = tmp_path / "poison.pdf"
    shutil.copy(SEED_PDF, poison)
    other = SAMPLES / "plans" / "quangtri_86-KH-UBND.pdf"
    pool = WorkerPool(2, job=crash_on_poison)
    try:
        crashed = pool.process(poison, tmp_path / "out")
        after = pool.process(other, tmp_path / "out")
    finally:
        pool.close()
    assert crashed.error_kind == "worker_crashed" and "died" in crashed.reason
    assert (tmp_path / "out" / "quarantine" / "poison.pdf.reason.json").exists()
    assert after.ok and after.document.number == "86/KH-UBND"
