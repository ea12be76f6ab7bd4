#!/usr/bin/env python3
"""Watch-folder benchmark: a burst of born-digital files through `vanban watch` against `vanban run` on the
same files, and the watcher's idle CPU on an empty inbox (file events and polling).

What is measured, and how:

* The corpus: `bench/corpus.py` renders N distinct born-digital PDFs (default 300; distinct bytes, so the
  ledger's cache never hits).
* **vanban run** (the peer, in the same run): `vanban run CORPUS --out FRESH` as a user runs it; wall
  clock from spawn to exit, CPU = user + system of it and its descendants (`os.wait4`).
* **vanban watch**: started on an empty inbox with a fresh output folder and left to get ready (its
  temporary Prefect server, its worker cluster); then every file is renamed into the inbox at once (the
  corpus lies on the same file system). Timed: from the first file landing to the last result (the
  inbox empty and every document `done` in the ledger), and from the last file landing to the last
  result. CPU: the watcher's whole process group (it, the Prefect server, the Dask workers), summed from
  /proc before and after. Throughput = N / (last result - first landing); the ratio against `vanban run`
  is the issue's target (at least 90 %).
* **Idle CPU**: a watcher on an empty inbox, after it is ready, for `--idle` seconds: the watcher's own
  process, and its whole group, as a share of one core; once with file events, once with `--poll 1`.

Results: a table on stdout and `bench/results/watch.json` (git-ignored).

Usage::

    .venv/bin/python bench/bench_watch.py [--count 300] [--workers 0] [--idle 30] [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.corpus import build_corpus  # noqa: E402

VANBAN = [sys.executable, "-m", "pipeline.cli"]
TICKS = os.sysconf("SC_CLK_TCK")


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) of the live processes in a process group, from /proc/PID/stat."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # field 5 of stat: the process group
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def process_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def run_peer(corpus: Path, out: Path, workers: int) -> dict[str, float]:
    start = time.monotonic()
    files = sorted(str(p) for p in corpus.iterdir() if p.suffix == ".pdf")  # not the corpus manifest beside them
    proc = subprocess.Popen([*VANBAN, "run", *files, "--out", str(out), "--workers", str(workers)], cwd=REPO,
                            env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "exit": os.waitstatus_to_exitcode(status)}


def start_watcher(inbox: Path, out: Path, log: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*VANBAN, "watch", str(inbox), "--out", str(out), *args], cwd=REPO, env=env(),
                            stdout=subprocess.DEVNULL, stderr=open(log, "ab"), start_new_session=True)  # noqa: SIM115


def wait_ready(proc: subprocess.Popen[bytes], log: Path, limit: float = 300) -> None:
    deadline = time.monotonic() + limit
    while "INFO watching" not in log.read_text(errors="replace"):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the watcher did not start:\n" + log.read_text(errors="replace")[-2000:])
        time.sleep(0.2)
    time.sleep(2.0)  # the first event thread and the ledger settle


def stop(proc: subprocess.Popen[bytes]) -> None:
    import signal

    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=120)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def done_count(out: Path) -> int:
    import sqlite3

    db = out / "vanban.db"
    if not db.is_file():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents WHERE status IN ('done', 'quarantined')").fetchone()[0]
    except sqlite3.Error:
        return 0


def run_watcher(corpus: Path, work: Path, workers: int) -> dict[str, float]:
    inbox, out, log, staging = work / "inbox", work / "watch-out", work / "watch.log", work / "staging"
    inbox.mkdir()
    shutil.copytree(corpus, staging)  # the same file system as the inbox: each landing is one rename
    files = sorted(p for p in staging.iterdir() if p.suffix == ".pdf")
    proc = start_watcher(inbox, out, log, "--workers", str(workers))
    try:
        wait_ready(proc, log)
        cpu_before = group_cpu(proc.pid)
        first = time.monotonic()
        for path in files:
            os.rename(path, inbox / path.name)
        last_landing = time.monotonic()
        while inbox.exists() and (any(inbox.iterdir()) or done_count(out) < len(files)):
            if proc.poll() is not None:
                raise RuntimeError("the watcher died:\n" + log.read_text(errors="replace")[-2000:])
            time.sleep(0.1)
        last_result = time.monotonic()
        cpu = group_cpu(proc.pid) - cpu_before
    finally:
        stop(proc)
    return {"first_to_last_result_s": last_result - first, "last_landing_to_last_result_s": last_result - last_landing,
            "landing_s": last_landing - first, "cpu_s": cpu, "files": len(files),
            "quarantined": sum(1 for p in (out / "quarantine").glob("*.reason.json")) if (out / "quarantine").is_dir()
            else 0}


def idle_cpu(work: Path, seconds: float, *args: str) -> dict[str, float]:
    label = "poll" if args else "events"
    inbox, out, log = work / f"idle-{label}", work / f"idle-{label}-out", work / f"idle-{label}.log"
    inbox.mkdir()
    proc = start_watcher(inbox, out, log, "--workers", "1", *args)
    try:
        wait_ready(proc, log)
        own, group = process_cpu(proc.pid), group_cpu(proc.pid)
        time.sleep(seconds)
        own, group = process_cpu(proc.pid) - own, group_cpu(proc.pid) - group
    finally:
        stop(proc)
    return {"watcher_core_share": own / seconds, "group_core_share": group / seconds, "seconds": seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--workers", type=int, default=0, help="as vanban's --workers (0: one per core)")
    parser.add_argument("--idle", type=float, default=30.0, help="seconds of idle CPU measured per mode")
    parser.add_argument("--corpus", type=Path, help="an existing corpus folder (else one is rendered)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="vanban-bench-watch-"))
    try:
        corpus = args.corpus or work / "corpus"
        if args.corpus is None:
            print(f"rendering {args.count} distinct born-digital PDFs…", file=sys.stderr)
            build_corpus(corpus, args.count)
        count = sum(1 for p in corpus.iterdir() if p.suffix == ".pdf")
        print("idle watcher, file events…", file=sys.stderr)
        idle_events = idle_cpu(work, args.idle)
        print("idle watcher, polling every second…", file=sys.stderr)
        idle_poll = idle_cpu(work, args.idle, "--poll", "1")
        print(f"vanban run on {count} files…", file=sys.stderr)
        peer = run_peer(corpus, work / "run-out", args.workers)
        print(f"vanban watch, a burst of {count} files…", file=sys.stderr)
        watch = run_watcher(corpus, work, args.workers)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work folder kept: {work}", file=sys.stderr)

    run_throughput = count / peer["wall_s"]
    watch_throughput = count / watch["first_to_last_result_s"]
    result = {"files": count, "workers": args.workers, "vanban_run": peer, "vanban_watch": watch,
              "throughput_files_per_s": {"run": run_throughput, "watch": watch_throughput},
              "watch_vs_run_throughput": watch_throughput / run_throughput,
              "idle_events": idle_events, "idle_polling_1s": idle_poll}
    rows = [
        ("vanban run: wall / CPU", f"{peer['wall_s']:.1f} s / {peer['cpu_s']:.1f} s"),
        ("vanban watch: first landing -> last result", f"{watch['first_to_last_result_s']:.1f} s"),
        ("vanban watch: last landing -> last result", f"{watch['last_landing_to_last_result_s']:.1f} s"),
        ("vanban watch: CPU of its process group", f"{watch['cpu_s']:.1f} s"),
        ("throughput run / watch (files/s)", f"{run_throughput:.2f} / {watch_throughput:.2f}"),
        ("watch throughput vs run (target >= 90 %)", f"{100 * watch_throughput / run_throughput:.0f} %"),
        ("idle, events: watcher / whole group (% of a core)",
         f"{100 * idle_events['watcher_core_share']:.2f} % / {100 * idle_events['group_core_share']:.2f} %"),
        ("idle, polling 1 s: watcher / whole group (% of a core)",
         f"{100 * idle_poll['watcher_core_share']:.2f} % / {100 * idle_poll['group_core_share']:.2f} %"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    results = REPO / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "watch.json").write_text(json.dumps(result, indent=2))
    return 0 if peer["exit"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
