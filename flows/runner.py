"""Where a batch's documents are read: Prefect's task runner on Dask, local or shared.

- a Dask cluster by address (`--cluster tcp://host:8786`, or `VANBAN_CLUSTER`):
  a province adds machines by starting `dask worker` on them, no code change;
- else a local cluster of worker processes, one per usable core (`--workers N`),
  each warmed once (`flows.worker`) and ended with the batch.

Documents are read in worker processes, one thread each, never in the
process that runs the flow: pdfminer is pure Python (threads would share one
core), and pdfium is not thread-safe (two documents read by two threads of
one process aborted it, and two flow runs in one process would do the same).
The cluster starts only when a document needs reading: a batch whose
documents are all in the ledger starts none.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence

from prefect.task_runners import TaskRunner

from flows.settings import PARENT_ENV
from pipeline.cores import usable_cores

#: Environment variable naming a Dask scheduler to send documents to (what `--cluster` sets).
CLUSTER_ENV = "VANBAN_CLUSTER"
#: The module every vanban Dask worker loads (`dask worker ADDRESS --preload flows.worker`).
WORKER_PRELOAD = "flows.worker"


def task_runner(workers: int = 0, cluster: str | None = None, preload: Sequence[str] = ()) -> TaskRunner:
    """The task runner for one batch (a new one per flow run: it owns its local cluster)."""
    address = cluster or os.environ.get(CLUSTER_ENV) or None
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={
        "n_workers": workers or usable_cores(),
        "threads_per_worker": 1,
        "processes": True,
        "dashboard_address": ":0",  # a free port: None still binds 8787, and two batches would collide
        "silence_logs": logging.WARNING,
        "preload": [WORKER_PRELOAD, *preload],
        "env": {PARENT_ENV: str(os.getpid())},
    })
