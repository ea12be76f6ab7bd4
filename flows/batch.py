"""The batch flow: one flow run per batch, one task per document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flows.settings import configure

configure()

from prefect import flow, task  # noqa: E402  (settings must be in place before Prefect loads)
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402

from pipeline.batch import Outcome, process_one  # noqa: E402
from pipeline.outputs import write_summary  # noqa: E402

# Progress listeners (the CLI's progress bar), kept out of the flow's parameters, which Prefect records.
PROGRESS: list[Callable[[Outcome], None]] = []


@task(name="extract-document", cache_policy=NO_CACHE)
def extract_document(path: str, out_dir: str) -> Outcome:
    """Content-hash caching lives in our store (see pipeline.store), which also survives Prefect restarts."""
    return process_one(path, out_dir)


@task(name="write-summary", cache_policy=NO_CACHE)
def summarise(out_dir: str, outcomes: list[Outcome]) -> dict[str, int]:
    return write_summary(Path(out_dir), outcomes)


@flow(name="vanban-batch", task_runner=ThreadPoolTaskRunner(max_workers=2), log_prints=False)
def batch_flow(paths: list[str], out_dir: str) -> tuple[list[Outcome], dict[str, int]]:
    futures = extract_document.map(paths, out_dir=out_dir)
    outcomes = []
    for future in futures:
        outcome = future.result()
        outcomes.append(outcome)
        for listener in PROGRESS:
            listener(outcome)
    return outcomes, summarise(out_dir, outcomes)
