"""The watch folder as Prefect runs it: each batch of arrivals is ONE run of the batch flow.

Thin: the loop, the moves and the ledger logic are `pipeline.watch`; this
module only hands it the batch flow to run and the outputs to refresh.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from flows.settings import configure

configure()

from flows.batch import batch_flow  # noqa: E402  (settings must be in place before Prefect loads)
from pipeline.run.document import Outcome, process_one  # noqa: E402
from pipeline.run.ledger import DB_ENV, Ledger  # noqa: E402
from pipeline.watch.outputs import refresh_outputs  # noqa: E402
from pipeline.watch.service import WatchConfig, Watcher, check_folders, stop_on_signals  # noqa: E402

log = logging.getLogger("vanban.watch")


def watch(config: WatchConfig, plan: Path | None = None, roster: Path | None = None, db: str | None = None,
          workers: int = 0, stop: threading.Event | None = None) -> Watcher:
    """Watch `config.inbox` until SIGTERM/SIGINT (or `stop`); returns the watcher (its batch count)."""
    check_folders(config.inbox, config.out)
    if db:
        os.environ[DB_ENV] = db  # the batch's worker processes open the same ledger
    ledger = Ledger.open(config.out, db)
    plan_document = None
    if plan is not None:
        outcome: Outcome = process_one(str(plan), str(config.out), db)
        if outcome.document is None:
            raise ValueError(f"{plan}: the plan could not be read ({outcome.error_kind}: {outcome.reason})")
        plan_document = outcome.document

    def run_batch(paths: list[Path]) -> list[Outcome]:
        outcomes, _counts = batch_flow([str(p) for p in paths], str(config.out), workers)
        return outcomes

    def after_batch() -> None:
        refresh_outputs(ledger, config.out, plan_document, str(plan) if plan else None,
                        str(roster) if roster else None)

    watcher = Watcher(config, ledger, run_batch, after_batch)
    if stop is None:
        stop_on_signals(watcher.request_stop)
    try:
        watcher.run(stop)
    finally:
        ledger.close()
    return watcher
