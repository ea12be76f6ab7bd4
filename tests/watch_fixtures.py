"""pytest fixtures shared by the watch-folder tests (imported by each test_watch_* module)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.watch_support import prefect_server, with_group_gone


@pytest.fixture(scope="session")
def prefect_env(tmp_path_factory) -> Iterator[dict[str, str]]:
    """Environment for watcher processes: one shared Prefect server for the session."""
    server, env = prefect_server(tmp_path_factory.mktemp("prefect"))
    try:
        yield env
    finally:
        if server is not None:
            with_group_gone(server)
            server.wait(timeout=60)


@pytest.fixture(autouse=True)
def no_ambient_ledger(monkeypatch):
    monkeypatch.delenv("VANBAN_DB", raising=False)
