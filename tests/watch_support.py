"""Helpers for the watch-folder tests: real documents to drop, a watcher process to start and kill, and the
accounting of where every dropped file ended up.

Waiting is by condition, never by a fixed sleep: each wait polls what a user
would look at (the folders, the log) and gives up only after a generous
limit, naming what it waited for.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import REALDOCS, REPO

# The shortest real document (a one-page official letter, 1.8 kB): read in a fraction of a second, so a
# test can drop tens of them. Each copy gets its own last line, so each has its own bytes.
BASE_DOC = REALDOCS / "LC17_CV-UBND_GiaoSCT-ThamMuu_LaoCai.txt"
VANBAN = [sys.executable, "-m", "pipeline.cli"]


def doc_bytes(number: int) -> bytes:
    return BASE_DOC.read_bytes() + f"\nNơi nhận: lưu VT, bản số {number}.\n".encode()


def drop(folder: Path, name: str | bytes, data: bytes) -> Path:
    """Write a file the way a scanner's FTP upload or a mail rule does: under a hidden name, then a rename."""
    final = Path(os.fsdecode(os.path.join(os.fsencode(folder), os.fsencode(name))))
    hidden = folder / f".incoming-{hashlib.sha1(os.fsencode(name)).hexdigest()}"
    hidden.write_bytes(data)
    os.rename(hidden, final)
    return final


def write_slowly(path: Path, data: bytes, chunks: int, pause: float) -> None:
    """Write in place, chunk by chunk, with pauses: a slow copy over the network."""
    step = max(1, len(data) // chunks)
    with open(path, "wb") as handle:
        for start in range(0, len(data), step):
            handle.write(data[start:start + step])
            handle.flush()
            time.sleep(pause)


def start_watcher(inbox: Path, out: Path, *args: str, log: Path, env: dict[str, str] | None = None
                  ) -> subprocess.Popen[bytes]:
    """`vanban watch` in its own process group (so a kill takes Prefect's server and the workers with it)."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.Popen([*VANBAN, "watch", str(inbox), "--out", str(out), *args], cwd=REPO, env=environment,
                            stdout=subprocess.DEVNULL, stderr=open(log, "ab"), start_new_session=True)  # noqa: SIM115


def kill(process: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> int:
    """Send `sig` to the watcher's whole process group; its exit status."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    code = process.wait(timeout=120)
    if sig != signal.SIGKILL:
        with_group_gone(process)
    return code


def with_group_gone(process: subprocess.Popen[bytes]) -> None:
    """Whatever the watcher left running in its group (Prefect's server) is ended too."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def wait_until(condition: Callable[[], bool], what: str, limit: float = 120.0,
               process: subprocess.Popen[bytes] | None = None, log: Path | None = None) -> None:
    """Poll `condition` until true; fail naming `what` (and the watcher's log) if it never becomes true."""
    deadline = time.monotonic() + limit
    while not condition():
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the watcher exited ({process.returncode}) while waiting for {what}\n"
                                 + (log.read_text(errors="replace")[-3000:] if log else ""))
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}\n"
                                 + (log.read_text(errors="replace")[-3000:] if log else ""))
        time.sleep(0.1)


def outputs_of(out: Path) -> dict[str, list[bytes]]:
    """Every file moved out of the inbox: {'processed': [names], 'quarantine': [names]} (notes left out)."""
    found: dict[str, list[bytes]] = {"processed": [], "quarantine": []}
    for kind in found:
        root = out / kind
        if not root.is_dir():
            continue
        for _dirpath, dirnames, filenames in os.walk(os.fsencode(root)):
            names = filenames + ([d for d in dirnames] if kind == "quarantine" else [])
            for name in names:
                if not name.endswith((b".reason.json", b".duplicate.json")):
                    found[kind].append(name)
            if kind == "quarantine":
                dirnames.clear()
    return found


def inbox_names(inbox: Path) -> list[bytes]:
    return [n for n in os.listdir(os.fsencode(inbox)) if not n.startswith(b".")]


def half_written(out: Path) -> list[str]:
    """Outputs left under a temporary name or not parseable: none may remain after a restart."""
    import json

    bad = [str(p) for p in out.rglob("*") if p.is_file() and (p.name.endswith((".tmp", ".moving"))
                                                              or ".tmp." in p.name)]
    for path in list((out / "documents").glob("*.json")) + list(out.rglob("*.reason.json")):
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            bad.append(str(path))
    return bad
