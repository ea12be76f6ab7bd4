"""Worker processes for a batch: both cores for pure-Python PDF parsing, and a crash costs one document.

pdfminer (under pdfplumber) is pure Python, so threads share one core. A
small pool of spawned processes, each warmed once (imports, underthesea's
model), reads documents in parallel. If a worker dies on a document (a C
library crash, the kernel's out-of-memory killer), that document is
recorded as failed and the pool is rebuilt for the rest.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from pipeline.cores import usable_cores
from pipeline.run.document import Outcome, process_one, quarantine

Job = Callable[[str, str], Outcome]


def default_workers() -> int:
    return usable_cores()


def _warm() -> None:
    from extractors.nlp import nlp

    nlp()


class WorkerPool:
    """Runs `process_one` in worker processes; thread-safe, so Prefect's task threads can share it."""

    def __init__(self, workers: int, job: Job = process_one) -> None:
        self.workers = workers
        self.job = job  # a module-level function, so spawned workers can import it
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("spawn")  # no fork of a process that runs threads
                self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_warm)
            return self._pool

    def process(self, path: str | Path, out_dir: str | Path) -> Outcome:
        if self.workers <= 1:
            return self.job(str(path), str(out_dir))
        pool = self._executor()
        try:
            return pool.submit(self.job, str(path), str(out_dir)).result()
        except BrokenProcessPool:
            with self._lock:
                if self._pool is pool:
                    self._pool = None
            pool.shutdown(wait=False, cancel_futures=False)
            return quarantine(Path(out_dir), Path(path), "worker_crashed",
                              "the worker process died while reading this file")

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None
