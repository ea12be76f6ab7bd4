"""The batch flows: ONE flow run per batch, one task per document on Prefect's task runner (Dask).

No module state: a flow run carries everything it needs in its parameters
(paths as `path_token`s, so any file name survives Prefect's JSON) and its
task runner, built per run by `flows.runner.task_runner`. Progress goes
through Prefect: each finished document is logged to the run's progress
logger and the run ends with a summary artifact.

A document is lost only to its own trouble: a reader's error is caught in
the unit of work (`process_one`) and quarantined there; a document over its
time budget (`timeout_seconds`) is quarantined with the typed timeout error;
a worker that dies costs the document that attempt only, Dask runs it again
on another worker, and after that it is quarantined as `worker_crashed`.
"""

from __future__ import annotations

from pathlib import Path

from flows.settings import configure, progress_logger

configure()

from prefect import flow, get_run_logger, task  # noqa: E402  (settings must be in place before Prefect loads)
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.futures import as_completed  # noqa: E402

from flows.runner import task_runner  # noqa: E402
from pipeline.errors import BadInputError, ProcessingTimeoutError, WorkerCrashedError, error_of_kind  # noqa: E402
from pipeline.reconcile.flags import reconcile  # noqa: E402
from pipeline.reconcile.linking import Located  # noqa: E402
from pipeline.reconcile.roster import load_roster  # noqa: E402
from pipeline.report.outputs import write_reconciliation  # noqa: E402
from pipeline.run.document import Outcome, cached_outcomes, process_one, record_lost  # noqa: E402
from pipeline.run.inputs import token_path  # noqa: E402
from pipeline.run.ledger import text_of  # noqa: E402
from pipeline.run.summary import summary_markdown, write_summary  # noqa: E402
from schemas.reconciliation import Reconciliation  # noqa: E402

#: A document's time budget (`vanban run --timeout`): generous, to catch a hung reader rather than a long scan,
#: which is OCR'd page by page on one worker. Prefect enforces it in the
#: worker's thread, between Python steps: a blocking call (one Tesseract page) finishes first.
DOCUMENT_TIMEOUT_SECONDS = 720.0


@task(name="find-cached", cache_policy=NO_CACHE)
def find_cached(paths: list[str], out_dir: str, db: str | None) -> list[Outcome | None]:
    return cached_outcomes([token_path(p) for p in paths], out_dir, db)


@task(name="extract-document", cache_policy=NO_CACHE, timeout_seconds=DOCUMENT_TIMEOUT_SECONDS)
def extract_document(path: str, out_dir: str, db: str | None) -> Outcome:
    """Content-hash caching lives in the ledger (pipeline.run.ledger), which also survives Prefect restarts."""
    return process_one(token_path(path), out_dir, db)


@task(name="record-lost", cache_policy=NO_CACHE)
def lost_document(path: str, out_dir: str, db: str | None, kind: str, reason: str) -> Outcome:
    return record_lost(token_path(path), out_dir, error_of_kind(kind, token_path(path), reason), db)


@task(name="write-summary", cache_policy=NO_CACHE)
def summarise(out_dir: str, outcomes: list[Outcome]) -> dict[str, int]:
    return write_summary(Path(out_dir), outcomes)


def _lost_reason(exc: BaseException, timeout_seconds: float) -> tuple[str, str]:
    """Why a document's task ended without an outcome: its time budget, or its worker(s) dying."""
    if isinstance(exc, TimeoutError):  # Prefect's TaskRunTimeoutError is one
        return ProcessingTimeoutError.kind, f"reading took longer than the {timeout_seconds:g} s allowed per document"
    if type(exc).__name__ == "KilledWorker":
        return WorkerCrashedError.kind, "the worker process died while reading this file, on every try"
    return "internal_error", f"the document's task failed: {type(exc).__name__}: {exc}"


def _extract(paths: list[str], out_dir: str, db: str | None, timeout_seconds: float) -> list[Outcome]:
    """The documents of one batch, in the order given: cached ones from the ledger, the rest on the runner."""
    progress_logger()  # INFO passes, to its own handlers only
    progress = get_run_logger().getChild("progress")
    outcomes: list[Outcome | None] = list(find_cached(paths, out_dir, db))

    def report(outcome: Outcome) -> None:
        progress.info("%s %s", "done" if outcome.ok else "failed", text_of(outcome.path),
                      extra={"vanban_outcome": outcome, "vanban_out": out_dir})

    for outcome in outcomes:
        if outcome is not None:
            report(outcome)
    extract = extract_document.with_options(timeout_seconds=timeout_seconds)
    futures = {extract.submit(path, out_dir, db): index for index, path in enumerate(paths) if outcomes[index] is None}
    for future in as_completed(list(futures)):
        index = futures[future]
        try:
            outcome = future.result()
        except Exception as exc:  # noqa: BLE001 - every document ends in the outputs or in quarantine
            kind, reason = _lost_reason(exc, timeout_seconds)
            outcome = lost_document(paths[index], out_dir, db, kind, reason)
        outcomes[index] = outcome
        report(outcome)
    return [o for o in outcomes if o is not None]


def _publish(out_dir: str, outcomes: list[Outcome]) -> dict[str, int]:
    counts = summarise(out_dir, outcomes)
    create_markdown_artifact(summary_markdown(outcomes, counts, Path(out_dir)), key="vanban-batch-summary",
                             description="documents read, from cache and failed, with each failure's reason")
    return counts


@flow(name="vanban-batch", task_runner=task_runner(), log_prints=False)
def batch_flow(paths: list[str], out_dir: str, db: str | None = None,
               timeout_seconds: float = DOCUMENT_TIMEOUT_SECONDS) -> tuple[list[Outcome], dict[str, int]]:
    """Extract `paths` (path tokens) into `out_dir`, recording each document in the ledger (`db` or the folder's)."""
    outcomes = _extract(paths, out_dir, db, timeout_seconds)
    return outcomes, _publish(out_dir, outcomes)


@task(name="reconcile", cache_policy=NO_CACHE)
def reconcile_reports(plan: Outcome, outcomes: list[Outcome], roster: str | None) -> Reconciliation:
    if plan.document is None:
        raise BadInputError(plan.path, f"the plan could not be read: {plan.reason}")
    reports = [Located(o.path, o.document) for o in outcomes if o.document is not None]
    return reconcile(Located(plan.path, plan.document), reports, load_roster(roster) if roster else None)


@task(name="write-reconciliation", cache_policy=NO_CACHE)
def write_reconciliation_outputs(result: Reconciliation, out_dir: str) -> None:
    write_reconciliation(result, Path(out_dir))


@flow(name="vanban-reconcile", task_runner=task_runner(), log_prints=False)
def reconcile_flow(paths: list[str], plan: str, out_dir: str, roster: str | None = None, db: str | None = None,
                   timeout_seconds: float = DOCUMENT_TIMEOUT_SECONDS,
                   ) -> tuple[list[Outcome], dict[str, int], Reconciliation | None]:
    """Extract the plan and the reports (in this one flow run), then check the reports against the plan.

    A plan that cannot be read gives no reconciliation (None): its reason is
    in failures.json like any other file's, and the reports' extractions stay.
    """
    wanted = token_path(plan).resolve()
    inputs = paths if any(token_path(p).resolve() == wanted for p in paths) else [plan, *paths]
    outcomes = _extract(inputs, out_dir, db, timeout_seconds)
    counts = _publish(out_dir, outcomes)
    plan_outcome = next(o for o in outcomes if Path(o.path).resolve() == wanted)
    if not plan_outcome.ok:
        return outcomes, counts, None
    reports = [o for o in outcomes if o is not plan_outcome]
    result = reconcile_reports(plan_outcome, reports, roster)
    write_reconciliation_outputs(result, out_dir)
    return outcomes, counts, result
