"""The batch flows: one task per document, then (with a plan) one reconciliation task."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flows.settings import configure

configure()

from prefect import flow, task  # noqa: E402  (settings must be in place before Prefect loads)
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402

from pipeline.errors import BadInputError  # noqa: E402
from pipeline.reconcile.flags import reconcile  # noqa: E402
from pipeline.reconcile.linking import Located  # noqa: E402
from pipeline.reconcile.roster import load_roster  # noqa: E402
from pipeline.report.outputs import write_reconciliation  # noqa: E402
from pipeline.run.document import Outcome  # noqa: E402
from pipeline.run.summary import write_summary  # noqa: E402
from pipeline.run.workers import WorkerPool, default_workers  # noqa: E402
from schemas.reconciliation import Reconciliation  # noqa: E402

# Progress listeners (the CLI's progress bar), kept out of the flow's parameters, which Prefect records.
PROGRESS: list[Callable[[Outcome], None]] = []


# The batch's worker processes, set by batch_flow for the length of one flow run (not a flow parameter:
# Prefect records parameters, and a pool is not data).
_POOL: WorkerPool | None = None


@task(name="extract-document", cache_policy=NO_CACHE)
def extract_document(path: str, out_dir: str) -> Outcome:
    """Content-hash caching lives in our store (see pipeline.run.store), which also survives Prefect restarts."""
    return (_POOL or WorkerPool(1)).process(path, out_dir)


@task(name="write-summary", cache_policy=NO_CACHE)
def summarise(out_dir: str, outcomes: list[Outcome]) -> dict[str, int]:
    return write_summary(Path(out_dir), outcomes)


@flow(name="vanban-batch", task_runner=ThreadPoolTaskRunner(max_workers=default_workers()), log_prints=False)
def batch_flow(paths: list[str], out_dir: str, workers: int = 0) -> tuple[list[Outcome], dict[str, int]]:
    """Extract `paths` into `out_dir`; `workers` processes (0: one per core, 1: in this process)."""
    global _POOL
    _POOL = WorkerPool(workers or default_workers())
    try:
        futures = extract_document.map(paths, out_dir=out_dir)
        outcomes = []
        for future in futures:
            outcome = future.result()
            outcomes.append(outcome)
            for listener in PROGRESS:
                listener(outcome)
    finally:
        _POOL.close()
        _POOL = None
    return outcomes, summarise(out_dir, outcomes)


@task(name="reconcile", cache_policy=NO_CACHE)
def reconcile_reports(plan: Outcome, outcomes: list[Outcome], roster: str | None) -> Reconciliation:
    if plan.document is None:
        raise BadInputError(plan.path, f"the plan could not be read: {plan.reason}")
    reports = [Located(o.path, o.document) for o in outcomes if o.document is not None]
    return reconcile(Located(plan.path, plan.document), reports, load_roster(roster) if roster else None)


@task(name="write-reconciliation", cache_policy=NO_CACHE)
def write_reconciliation_outputs(result: Reconciliation, out_dir: str) -> None:
    write_reconciliation(result, Path(out_dir))


@flow(name="vanban-reconcile", log_prints=False)
def reconcile_flow(paths: list[str], plan: str, out_dir: str, roster: str | None = None,
                   workers: int = 0) -> tuple[list[Outcome], dict[str, int], Reconciliation | None]:
    """Extract the plan and the reports (one batch run), then check the reports against the plan.

    A plan that cannot be read gives no reconciliation (None): its reason is
    in failures.json like any other file's, and the reports' extractions stay.
    """
    wanted = Path(plan).resolve()
    inputs = paths if any(Path(p).resolve() == wanted for p in paths) else [plan, *paths]
    outcomes, counts = batch_flow(inputs, out_dir, workers)
    plan_outcome = next(o for o in outcomes if Path(o.path).resolve() == wanted)
    if not plan_outcome.ok:
        return outcomes, counts, None
    reports = [o for o in outcomes if o is not plan_outcome]
    result = reconcile_reports(plan_outcome, reports, roster)
    write_reconciliation_outputs(result, out_dir)
    return outcomes, counts, result
