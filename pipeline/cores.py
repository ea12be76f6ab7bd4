"""How many cores this process may use: the one worker count every stage sizes its pools by."""

from __future__ import annotations

import os

#: More than 8 parallel Tesseract processes or document workers on one machine stops paying (memory
#: per page image, disk contention); a province that needs more adds machines to the Dask cluster.
MAX_LOCAL_WORKERS = 8


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity, which containers and `taskset` restrict), 1 to 8."""
    return max(1, min(len(os.sched_getaffinity(0)), MAX_LOCAL_WORKERS))
