"""The watch folder as Prefect runs it: each batch of arrivals is ONE run of the batch flow.

Thin: the loop, the moves and the ledger logic are `pipeline.watch`; this
module hands it the batch flow to run and the outputs to refresh. One local
Dask cluster (warmed workers, `flows.worker`) lives as long as the watcher,
so a batch of three files does not pay for starting workers again; each
batch's task runner connects to it by address.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from flows.settings import configure

configure()

from flows.batch import DOCUMENT_TIMEOUT_SECONDS, batch_flow  # noqa: E402  (settings before Prefect loads)
from flows.runner import CLUSTER_ENV, WORKER_PRELOAD, task_runner  # noqa: E402
from flows.server import TemporaryServer  # noqa: E402
from flows.settings import PARENT_ENV  # noqa: E402
from pipeline.cores import usable_cores  # noqa: E402
from pipeline.run.document import Outcome, process_one  # noqa: E402
from pipeline.run.inputs import path_token  # noqa: E402
from pipeline.run.ledger import DB_ENV, Ledger  # noqa: E402
from pipeline.watch.outputs import refresh_outputs  # noqa: E402
from pipeline.watch.service import WatchConfig, Watcher, check_folders, stop_on_signals  # noqa: E402

log = logging.getLogger("vanban.watch")


@contextlib.contextmanager
def _cluster_for_the_watcher(workers: int, cluster: str | None) -> Iterator[str]:
    """The address batches run on: the one given, else a local cluster of warmed workers kept for the
    watcher's life (documents are read in worker processes only, as in `vanban run`)."""
    address = cluster or os.environ.get(CLUSTER_ENV) or None
    if address:
        yield address
        return
    from distributed import LocalCluster

    local = LocalCluster(n_workers=workers or usable_cores(), threads_per_worker=1, processes=True,
                         dashboard_address=":0", silence_logs=logging.WARNING, preload=[WORKER_PRELOAD],
                         env={PARENT_ENV: str(os.getpid())})
    try:
        yield local.scheduler_address
    finally:
        local.close()


def watch(config: WatchConfig, plan: Path | None = None, roster: Path | None = None, db: str | None = None,
          workers: int = 0, cluster: str | None = None, timeout: float | None = None,
          stop: threading.Event | None = None) -> Watcher:
    """Watch `config.inbox` until SIGTERM/SIGINT (or `stop`); returns the watcher (its batch count)."""
    check_folders(config.inbox, config.out)
    if db:
        os.environ[DB_ENV] = db  # worker processes open the same ledger
    server = TemporaryServer().start()
    with server, _cluster_for_the_watcher(workers, cluster) as address:
        ledger = Ledger.open(config.out, db)
        plan_document = None
        if plan is not None:
            outcome: Outcome = process_one(plan, config.out, db)
            if outcome.document is None:
                raise ValueError(f"{plan}: the plan could not be read ({outcome.error_kind}: {outcome.reason})")
            plan_document = outcome.document

        def run_batch(paths: list[Path]) -> list[Outcome]:
            # the ledger's URL reaches the workers through VANBAN_DB (set above), never as a flow
            # parameter: Prefect records parameters, and a URL may hold a password
            outcomes, _counts = batch_flow.with_options(task_runner=task_runner(0, address))(
                [path_token(p) for p in paths], str(config.out), timeout_seconds=timeout or DOCUMENT_TIMEOUT_SECONDS)
            return outcomes

        def after_batch() -> None:
            refresh_outputs(ledger, config.out, plan_document, str(plan) if plan else None,
                            str(roster) if roster else None)

        watcher = Watcher(config, ledger, run_batch, after_batch)
        if stop is None:
            stop_on_signals(watcher)
        try:
            watcher.run(stop)
        finally:
            ledger.close()
    return watcher
