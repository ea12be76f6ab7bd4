"""Prefect and Dask defaults for vanban, set before either is imported.

With no PREFECT_API_URL, a temporary local server is needed (see
`flows.server`). On a machine without internet Prefect's telemetry fails
loudly and, at shutdown, the server's event recorder logs cancelled flushes
as errors; neither concerns a vanban user, so both are quieted. Dask logs
every worker start and stop at INFO: only warnings are shown. A configured
server is left untouched.

Progress of a batch goes through Prefect's run logger (`PROGRESS_LOGGER`, a
child of the flow-run logger): recorded with the flow run on the server, and
read by whoever attaches a handler (the CLI's progress bar), never printed.
"""

from __future__ import annotations

import logging
import os

#: The logger a batch reports each finished document to (Prefect's flow-run logger's child).
PROGRESS_LOGGER = "prefect.flow_runs.progress"
#: The batch's process id, given to the workers of its local cluster (they end when it is gone: flows.worker).
PARENT_ENV = "VANBAN_PARENT_PID"
#: A document whose worker died is tried on one more worker, then quarantined (Dask's allowed-failures).
WORKER_DEATHS_ALLOWED = 1
_QUIET = ("prefect.server", "prefect.server.services", "uvicorn", "uvicorn.error", "docket")
_DASK = ("distributed", "distributed.nanny", "distributed.scheduler", "distributed.worker", "distributed.core",
         "distributed.http.proxy", "distributed.deploy", "bokeh", "tornado")


def configure() -> None:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")
    os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")
    os.environ.setdefault("DASK_DISTRIBUTED__LOGGING__DISTRIBUTED", "warning")
    os.environ.setdefault("DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES", str(WORKER_DEATHS_ALLOWED))
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    for name in _DASK:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name, noise in _NOISE.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, _DropNoise) for f in logger.filters):
            logger.addFilter(_DropNoise(noise))


class _DropNoise(logging.Filter):
    """Drops one known, harmless message (see `_NOISE`), keeps everything else the logger says."""

    def __init__(self, start: str) -> None:
        super().__init__()
        self.start = start

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.start)


#: Messages that tell a vanban user nothing. Prefect warns on every document that a timeout in a worker
#: thread waits for a blocking call to return (true, and said in flows.batch); a Dask worker whose
#: cluster is closing reports its last heartbeat as an error.
_NOISE = {
    "prefect.task_runs": "Timeout of %s seconds configured for this task, but the task is running in a worker",
    "distributed.worker": "Failed to communicate with scheduler during heartbeat",
}


def progress_logger() -> logging.Logger:
    """The progress logger, set to pass INFO to its own handlers only (Prefect's API handler when it exists)."""
    logger = logging.getLogger(PROGRESS_LOGGER)
    if logger.level != logging.INFO:
        logger.setLevel(logging.INFO)
        logger.propagate = False
        from prefect.logging.handlers import APILogHandler

        logger.addHandler(APILogHandler())
    return logger
