"""A Dask preload for tests: the unit of work dies on a file named `poison…` and hangs on one named `slow…`.

Stands in for a crash inside a C library (the worker process exits at once)
and for a reader that never returns (a loop of short sleeps, so Prefect's
timeout can interrupt it between Python steps, as it would a stuck parser).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pipeline.run.document
from pipeline.run.document import Outcome, process_one


def faulty_process_one(path: str | Path, out_dir: str | Path, db: str | None = None) -> Outcome:
    name = Path(path).name
    if name.startswith("poison"):
        os._exit(139)
    if name.startswith("slow"):
        while True:
            time.sleep(0.05)
    return process_one(path, out_dir, db)


def dask_setup(worker: object) -> None:
    """Replace the unit of work in this worker (the batch's task finds it by module and name when unpickled)."""
    pipeline.run.document.process_one = faulty_process_one
