"""Dask worker set-up: each worker process is warmed once, and a local one dies with the batch that started it.

Loaded by every worker as a Dask preload (`dask worker … --preload flows.worker`
on a machine of a cluster; `flows.runner` adds it to the local cluster):
importing this module imports the readers and extractors, and `dask_setup`
loads the word-segmentation model, so the first document a worker gets costs
no more than the last.

A local cluster's workers are told the batch's process id (`VANBAN_PARENT_PID`):
a watchdog thread ends the worker when that process is gone, so a SIGKILLed
`vanban run` leaves no worker behind (about 300 MB each). Workers of a shared
cluster get no such id and live on.
"""

from __future__ import annotations

import os
import threading
import time

import extractors.assemble  # noqa: F401  (the readers and extractors, imported once per worker)
from extractors.nlp import nlp
from flows.settings import PARENT_ENV

#: How often a local worker checks that its batch is still alive.
WATCH_SECONDS = 1.0


def dask_setup(worker: object) -> None:
    """Dask calls this once per worker process, before its first task."""
    nlp()
    parent = os.environ.get(PARENT_ENV)
    if parent:
        threading.Thread(target=_die_with, args=(int(parent),), name="vanban-watchdog", daemon=True).start()


def _die_with(pid: int) -> None:
    while _alive(pid):
        time.sleep(WATCH_SECONDS)
    os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
