"""A temporary Prefect server for a batch run with no server configured, that never outlives the batch.

Prefect starts its own temporary server when no PREFECT_API_URL is set, but
that process inherits our standard output (so `vanban run … | tee log` waits
for it after vanban is gone) and is stopped only by an exit handler (so a
SIGKILLed batch leaves it running, with its workers: about 600 MB). This one
gets no terminal, runs in its own process group, and is told by the kernel
to die with the process that started it (PR_SET_PDEATHSIG).

Started in the background at the top of `vanban run`: it gets ready while
the inputs are collected and hashed, and only a batch that runs a flow waits
for it.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

from flows.settings import configure

configure()

#: Seconds to wait for the server to answer before giving up (about 10 s on a quiet 2-core machine, several times that when the machine is shared and loaded).
STARTUP_SECONDS = 180
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Runs in the child between fork and exec: SIGKILL it when the thread that started it is gone."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TemporaryServer:
    """`with TemporaryServer() as api:` — a Prefect API for this process's flows, or the configured one.

    Must be entered from a thread that lives as long as the server should
    (the main thread): the kernel's parent-death signal follows the thread.
    """

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.url: str | None = None
        self._settings = None

    def start(self) -> TemporaryServer:
        """Launch the server in the background (returns at once) unless `PREFECT_API_URL` names one.

        Launched before Prefect is imported (2 s on a quiet machine) since the
        server's own start-up (about 10 s, mostly imports) is what a cached
        batch waits for; a server configured in a Prefect profile instead is
        noticed on entry, and this one stopped unused.
        """
        if os.environ.get("PREFECT_API_URL"):
            return self
        spec = importlib.util.find_spec("prefect")
        assert spec is not None and spec.submodule_search_locations, "Prefect is not installed"
        port = _free_port()
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
               "PREFECT__SERVER_FINAL": "1", "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(Path(spec.submodule_search_locations[0]).parent),
             "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "critical", "--lifespan", "on"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=env, preexec_fn=_die_with_parent, start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{port}/api"
        return self

    def wait(self) -> None:
        """Block until the server answers (Prefect's health check)."""
        if self.process is None:
            return
        import httpx

        deadline = time.monotonic() + STARTUP_SECONDS
        with httpx.Client() as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"the temporary Prefect server exited with status {self.process.returncode}")
                try:
                    if client.get(f"{self.url}/health", timeout=2).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
        raise RuntimeError(f"the temporary Prefect server did not answer within {STARTUP_SECONDS} s")

    def __enter__(self) -> TemporaryServer:
        if self.process is None:
            self.start()
        if self.process is not None:
            from prefect.settings import PREFECT_API_URL, temporary_settings

            if PREFECT_API_URL.value():  # a server configured in the active Prefect profile: use it
                self.stop()
                return self
            self.wait()
            self._settings = temporary_settings(updates={PREFECT_API_URL: self.url})
            self._settings.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._settings is not None:
            self._settings.__exit__(kind, exc, tb)
            self._settings = None
        self.stop()

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
