"""A batch job that kills its worker process on one file: stands in for a crash inside a C library."""

from __future__ import annotations

import os

from pipeline.run.document import Outcome, process_one


def crash_on_poison(path: str, out_dir: str) -> Outcome:
    if "poison" in path:
        os._exit(139)
    return process_one(path, out_dir)
