"""Worker processes and the shared store under concurrency."""

from __future__ import annotations

import shutil
import threading
from concurrent.futures import ThreadPoolExecutor

from pipeline.run.store import Store
from pipeline.run.workers import WorkerPool
from tests.conftest import SAMPLES, SEED_PDF
from tests.crashing_job import crash_on_poison


def test_store_opened_by_many_threads_at_once(tmp_path):
    path = tmp_path / "fresh" / "vanban.sqlite"
    barrier = threading.Barrier(8)

    def open_store(_: int) -> str:
        barrier.wait()
        return Store(path).path.name

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(open_store, range(8))) == ["vanban.sqlite"] * 8


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
