"""pytest fixtures shared by the watch-folder tests (registered in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def prefect_env() -> Iterator[dict[str, str]]:
    """Environment for watcher processes: one Prefect server for the session (the one `vanban run` starts),
    instead of one per watcher process."""
    from flows.server import TemporaryServer

    server = TemporaryServer().start()
    try:
        server.wait()
    except RuntimeError:
        server.stop()
        yield {}  # each watcher starts its own
        return
    try:
        yield {"PREFECT_API_URL": server.url} if server.url else {}
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def no_ambient_ledger(monkeypatch):
    """A VANBAN_DB set in the developer's shell must not send a test's ledger elsewhere."""
    monkeypatch.delenv("VANBAN_DB", raising=False)
