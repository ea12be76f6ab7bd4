"""`vanban serve`: the batch on a cron schedule, as a Prefect deployment served by this process.

For offices that prefer "every weekday at 17:00" to a watch folder: each
scheduled run collects the documents in FOLDER at that moment and reads
them as one batch (the same flow runs as `vanban run`), so files added
since the last run are read and the rest come from the ledger's cache.
Schedules are kept on the Prefect server (its scheduler creates the runs),
so `serve` needs a running server: `prefect server start`, then
`PREFECT_API_URL=http://127.0.0.1:4200/api`.
"""

from __future__ import annotations

import os

from flows.settings import configure

configure()

from prefect import flow  # noqa: E402  (settings must be in place before Prefect loads)

from flows.batch import batch_flow, reconcile_flow  # noqa: E402
from pipeline.run.inputs import collect_inputs, path_token  # noqa: E402
from pipeline.run.ledger import DB_ENV  # noqa: E402

DEPLOYMENT = "vanban-scheduled-batch"


@flow(name="vanban-scheduled", log_prints=False)
def scheduled_batch(folder: str, out_dir: str, plan: str | None = None, roster: str | None = None) -> dict[str, int]:
    """The documents in `folder` now, read as one batch into `out_dir` (with a plan, checked against it)."""
    tokens = [path_token(p) for p in collect_inputs([folder])]
    if plan is None:
        _outcomes, counts = batch_flow(tokens, out_dir)
    else:
        _outcomes, counts, _result = reconcile_flow(tokens, path_token(plan), out_dir, roster)
    return counts


def deployment_parameters(folder: str, out_dir: str, plan: str | None, roster: str | None) -> dict[str, str]:
    """The scheduled runs' parameters: absolute paths, since the runs start in a process of their own.

    The ledger's URL is not one of them (Prefect records parameters, and a URL may hold a password):
    the runs inherit VANBAN_DB from the serving process.
    """
    values = {"folder": os.path.abspath(folder), "out_dir": os.path.abspath(out_dir),
              "plan": plan and os.path.abspath(plan), "roster": roster and os.path.abspath(roster)}
    return {key: value for key, value in values.items() if value is not None}


def serve(folder: str, out_dir: str, cron: str, plan: str | None = None, roster: str | None = None,
          db: str | None = None, timezone: str | None = None) -> None:
    """Register the deployment with its cron schedule and run its scheduled runs until stopped."""
    from prefect.schedules import Cron

    if db:
        os.environ[DB_ENV] = db  # the runs' processes inherit it
    scheduled_batch.serve(name=DEPLOYMENT, schedules=[Cron(cron, timezone=timezone or "Asia/Ho_Chi_Minh")],
                          parameters=deployment_parameters(folder, out_dir, plan, roster),
                          pause_on_shutdown=False)
