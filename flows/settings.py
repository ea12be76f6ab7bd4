"""Prefect defaults for running with no server configured, set before Prefect is imported.

With no PREFECT_API_URL, Prefect starts a temporary local server. On a
machine without internet its telemetry fails loudly and, at shutdown, the
server's event recorder logs cancelled flushes as errors; neither concerns
a vanban user, so both are quieted. A configured server is left untouched.
"""

from __future__ import annotations

import logging
import os


def configure() -> None:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")
    os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")
    for name in ("prefect.server", "prefect.server.services", "uvicorn", "uvicorn.error", "docket"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
