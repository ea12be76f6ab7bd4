#!/usr/bin/env python3
"""Text-layer benchmark: the whole vanban pipeline versus pdfplumber's own ``extract_words``.

The issue's target: ``vanban run`` on 100 distinct born-digital plans, Prefect
included, within 2x of pdfplumber alone over the same files in the same run.
pdfplumber is the floor (vanban reads PDFs through it), so the ratio is the
price of everything vanban adds: layout, structure, the extractors, the store,
the outputs and the Prefect flow.

What is timed, and why it is fair to both sides:

* The corpus is generated first (``bench/corpus.py``: 100 distinct PDFs, so
  vanban's content-hash cache never hits) into a temporary folder.
* **pdfplumber alone**: a fresh Python process (this script with
  ``--pdfplumber-worker``) opens each PDF in turn and calls
  ``page.extract_words()`` on every page, sequentially, closing each file.
* **vanban**: ``.venv/bin/vanban run CORPUS --out FRESH_DIR``, exactly as a
  user runs it (Prefect's flow and task runner included); ``FRESH_DIR`` is a
  new empty folder each time, so the store starts empty.
* Both are timed the same way: wall clock of the whole child process, from
  spawn to exit, so interpreter start-up and imports count on both sides.  The
  pdfplumber worker also reports its loop time alone (files only, no start-up),
  given as a second, stricter ratio.
* Peak memory is measured the same way on both sides: ``ru_maxrss`` from
  ``os.wait4`` on the child (the largest single process among the child and
  the descendants it reaped), and the peak summed RSS of the child's whole
  process tree sampled from ``/proc`` every 0.2 s (Prefect may run helpers in
  other processes; on systems without ``/proc`` that column is empty).
* Order: pdfplumber first, then vanban, once each by default (one vanban run
  is a few minutes).  ``--repeat N`` interleaves N rounds (pdfplumber, vanban,
  pdfplumber, ...) and keeps each side's fastest run; the memory reported is
  the highest seen over all runs of that side.  The corpus is freshly written,
  so it is in the page cache for both sides alike.

* **CPU seconds** of each side: user + system time of the child and every
  descendant it waited for (``os.wait4``), so vanban's Dask workers and its
  temporary Prefect server count; reported per document beside wall time.
* **vanban with 1 and with 2 Dask workers** (``--workers-list 1,2``): the
  throughput each gives on the same files, so the gain from a second worker
  is read off directly.
* **Scheduling overhead per document**: the same unit of work
  (``pipeline.run.document.process_one``) called in a plain loop in one
  process, no Prefect, no Dask (``run_batch``), is a third side; vanban with
  one worker minus that loop, divided by the files, is what Prefect and Dask
  cost per document (their start-up included, amortised over the batch).

Results: a table on stdout and ``bench/results/textlayer.json`` (git-ignored).
The exit status is 0 whether or not the target is met (the verdict is
printed); it is 1 only when the benchmark itself could not run (vanban or the
worker crashed, no ``run.json``).

Usage::

    .venv/bin/python bench/bench_textlayer.py [--count 100] [--repeat 1] [--workers-list 1,2] [--corpus DIR] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make ``bench.corpus`` importable
    sys.path.insert(0, str(REPO))

RESULTS = REPO / "bench" / "results" / "textlayer.json"
TARGET_RATIO = 2.0
SAMPLE_INTERVAL = 0.2


# --------------------------------------------------------------------------- pdfplumber side (child process)


def pdfplumber_worker(corpus: Path) -> dict[str, Any]:
    """What "pdfplumber alone" means here: every PDF opened in turn, ``extract_words()`` on every page.

    Runs in its own process (see ``--pdfplumber-worker``) so its time and memory are measured
    exactly like vanban's. The import is timed apart so the loop time can be reported alone.
    """
    t0 = time.perf_counter()
    import pdfplumber

    t1 = time.perf_counter()
    files = pages = words = 0
    for path in sorted(corpus.glob("*.pdf")):
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                words += len(page.extract_words())
                pages += 1
        files += 1
    t2 = time.perf_counter()
    return {"files": files, "pages": pages, "words": words, "import_seconds": t1 - t0, "loop_seconds": t2 - t1}


def loop_worker(corpus: Path, out: Path) -> dict[str, Any]:
    """vanban's unit of work over every file in one process: no Prefect, no Dask (the overhead's baseline)."""
    from pipeline.run.summary import run_batch

    outcomes = run_batch(sorted(corpus.glob("*.pdf")), out)
    return {"files": len(outcomes), "failed": sum(1 for o in outcomes if not o.ok)}


# --------------------------------------------------------------------------- measuring a child process


def _children_map() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc (empty where there is no /proc)."""
    tree: dict[int, list[int]] = {}
    proc = Path("/proc")
    if not proc.is_dir():
        return tree
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command name (field 2) may hold spaces and parentheses: split after its closing ')'
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1:
            tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_rss_kb(root: int) -> int:
    """Summed resident memory of ``root`` and all its descendants right now (KiB)."""
    children = _children_map()
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss_kb(pid)
        stack.extend(children.get(pid, []))
    return total


class TreeSampler(threading.Thread):
    """Polls a process tree's summed RSS until stopped; keeps the peak.

    ``ru_maxrss`` only gives the largest single process; a pipeline that starts helper processes
    (a Prefect server, workers) uses the sum, so both are reported.
    """

    def __init__(self, pid: int, interval: float = SAMPLE_INTERVAL) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_kb = 0
        self.available = Path("/proc").is_dir()
        self._stop_event = threading.Event()

    def run(self) -> None:
        while self.available and not self._stop_event.is_set():
            self.peak_kb = max(self.peak_kb, tree_rss_kb(self.pid))
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()


@dataclass
class Run:
    """One timed child process."""

    seconds: float
    cpu_seconds: float
    maxrss_mb: float
    tree_peak_mb: float | None
    returncode: int
    log: str


def measure(cmd: list[str], log_path: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` to completion: wall seconds, ``ru_maxrss`` via ``wait4``, sampled tree peak.

    Output goes to ``log_path`` (vanban's progress bar would otherwise flood the table).
    """
    with log_path.open("wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=REPO, env=env)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        sampler.stop()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: tell Popen so it won't wait again
    return Run(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,  # the child and the descendants it waited for
        maxrss_mb=usage.ru_maxrss / 1024,  # Linux reports KiB
        tree_peak_mb=sampler.peak_kb / 1024 if sampler.available else None,
        returncode=proc.returncode,
        log=str(log_path),
    )


def _tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --------------------------------------------------------------------------- the two sides


@dataclass
class Side:
    """All runs of one side and the summary the table shows (best time, highest memory)."""

    name: str
    runs: list[Run] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return min(run.seconds for run in self.runs)

    @property
    def cpu_seconds(self) -> float:
        """CPU of the fastest run (the run whose wall time is reported)."""
        return min(self.runs, key=lambda run: run.seconds).cpu_seconds

    @property
    def maxrss_mb(self) -> float:
        return max(run.maxrss_mb for run in self.runs)

    @property
    def tree_peak_mb(self) -> float | None:
        values = [run.tree_peak_mb for run in self.runs if run.tree_peak_mb is not None]
        return max(values) if values else None


class BenchError(RuntimeError):
    """The benchmark could not produce a measurement (a crash, not a slow result)."""


def run_pdfplumber(corpus: Path, work: Path, round_no: int, side: Side) -> None:
    log = work / f"pdfplumber-{round_no}.log"
    run = measure([sys.executable, str(Path(__file__).resolve()), "--pdfplumber-worker", str(corpus)], log)
    if run.returncode != 0:
        raise BenchError(f"pdfplumber worker failed (exit {run.returncode}):\n{_tail(log)}")
    lines = log.read_text(encoding="utf-8").strip().splitlines()
    result = json.loads(lines[-1])
    side.runs.append(run)
    best = side.details.get("loop_seconds")
    side.details.update({k: result[k] for k in ("files", "pages", "words")})
    side.details["loop_seconds"] = result["loop_seconds"] if best is None else min(best, result["loop_seconds"])
    side.details.setdefault("import_seconds", result["import_seconds"])


def run_loop(corpus: Path, work: Path, round_no: int, side: Side) -> None:
    out = work / f"loop-out-{round_no}"
    shutil.rmtree(out, ignore_errors=True)
    log = work / f"loop-{round_no}.log"
    run = measure([sys.executable, str(Path(__file__).resolve()), "--loop-worker", str(corpus), str(out)], log)
    if run.returncode != 0:
        raise BenchError(f"the unit-of-work loop failed (exit {run.returncode}):\n{_tail(log)}")
    result = json.loads(log.read_text(encoding="utf-8").strip().splitlines()[-1])
    side.runs.append(run)
    side.details.update(result)


def vanban_bin() -> Path:
    """The ``vanban`` console script of the running interpreter's environment (``.venv/bin/vanban``)."""
    beside = Path(sys.executable).parent / "vanban"
    return beside if beside.exists() else REPO / ".venv" / "bin" / "vanban"


def run_vanban(corpus: Path, work: Path, round_no: int, side: Side, workers: int = 0) -> None:
    out = work / f"vanban-out-{round_no}"
    if out.exists():
        shutil.rmtree(out)
    log = work / f"vanban-{round_no}.log"
    pdfs = [str(p) for p in sorted(corpus.glob("*.pdf"))]  # the PDFs named: the corpus manifest beside them is text
    run = measure([str(vanban_bin()), "run", *pdfs, "--out", str(out), "--workers", str(workers)], log)
    manifest_path = out / "run.json"
    if run.returncode not in (0, 10) or not manifest_path.exists():  # 10: some documents failed (reported below)
        raise BenchError(f"vanban run failed (exit {run.returncode}, run.json "
                         f"{'present' if manifest_path.exists() else 'missing'}):\n{_tail(log)}")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    counts = manifest["counts"]
    side.runs.append(run)
    # per-document failures are a finding, not a crash: keep every run's, report the worst
    failures = [{"run": round_no, **failure} for failure in manifest.get("failures", [])]
    side.details.setdefault("failures", []).extend(failures)
    side.details.setdefault("counts_per_run", []).append(counts)
    side.details["files"] = counts["documents"]


# --------------------------------------------------------------------------- report


def code_state() -> dict[str, Any]:
    """The commit measured and the files changed on top of it: a benchmark number belongs to a code state."""
    def git(*args: str) -> str:
        try:
            done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            return ""
        return done.stdout.rstrip("\n") if done.returncode == 0 else ""  # keep status's leading columns

    changed = [line[3:] for line in git("status", "--porcelain", "--untracked-files=no").splitlines()]
    return {"commit": git("rev-parse", "HEAD").strip() or None, "modified_files": changed}


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def report(corpus_info: dict[str, Any], plumber: Side, loop: Side, vanbans: dict[int, Side],
           args: argparse.Namespace) -> dict[str, Any]:
    """Print the table and return the JSON record."""
    pages = plumber.details["pages"]
    files = corpus_info["files"]
    first = vanbans[min(vanbans)]
    ratio = first.seconds / plumber.seconds
    cpu_ratio = first.cpu_seconds / plumber.cpu_seconds
    ratio_loop = first.seconds / plumber.details["loop_seconds"]
    overhead = (first.seconds - loop.seconds) / files
    met = min(side.seconds for side in vanbans.values()) / plumber.seconds <= TARGET_RATIO

    header = (f"{'':<30}{'files':>6}{'wall s':>9}{'CPU s':>9}{'CPU s/doc':>10}{'docs/s':>8}{'pages/s':>9}"
              f"{'peak RSS MB':>13}{'tree RSS MB':>13}")
    print()
    print(f"Text-layer benchmark: {files} distinct born-digital PDFs, {pages} pages "
          f"({corpus_info['layouts']}); best of {args.repeat} run(s) each")
    print(header)
    print("-" * len(header))
    sides = [("pdfplumber extract_words", plumber), ("unit of work, plain loop", loop)]
    sides += [(f"vanban run, {n} Dask worker{'s' if n > 1 else ''}", side) for n, side in sorted(vanbans.items())]
    for label, side in sides:
        print(f"{label:<30}{side.details['files']:>6}{side.seconds:>9.2f}{side.cpu_seconds:>9.2f}"
              f"{side.cpu_seconds / files:>10.3f}{files / side.seconds:>8.2f}{pages / side.seconds:>9.1f}"
              f"{side.maxrss_mb:>13.0f}{_fmt(side.tree_peak_mb, '.0f'):>13}")
    print("-" * len(header))
    print(f"pdfplumber loop alone (no interpreter start-up/import): {plumber.details['loop_seconds']:.2f} s")
    print(f"vanban ({min(vanbans)} worker) / pdfplumber: wall {ratio:.2f}, CPU {cpu_ratio:.2f}   "
          f"[wall vs pdfplumber loop alone: {ratio_loop:.2f}]")
    for n, side in sorted(vanbans.items()):
        print(f"vanban {n} worker(s) / pdfplumber: wall {side.seconds / plumber.seconds:.2f}, "
              f"CPU {side.cpu_seconds / plumber.cpu_seconds:.2f}; throughput {files / side.seconds:.2f} docs/s")
    if len(vanbans) > 1:
        low, high = min(vanbans), max(vanbans)
        print(f"speed-up {low} -> {high} workers: {vanbans[low].seconds / vanbans[high].seconds:.2f}x")
    print(f"Prefect + Dask overhead per document (vanban {min(vanbans)} worker minus the plain loop, "
          f"start-up included): {overhead:.3f} s")
    print(f"target ratio <= {TARGET_RATIO:.1f} (best vanban run): {'MET' if met else 'NOT MET'}")
    for n, side in sorted(vanbans.items()):
        counts = side.details["counts_per_run"]
        print(f"vanban {n} worker(s): {min(c['extracted'] for c in counts)} of {files} extracted, "
              f"{max(c['failed'] for c in counts)} failed, {max(c['from_cache'] for c in counts)} from cache")
        for failure in side.details.get("failures", []):
            print(f"  FAILED (run {failure['run']}) {Path(failure['file']).name}: {failure['error']}: "
                  f"{failure['reason']}")

    def side_record(side: Side) -> dict[str, Any]:
        return {
            "files": side.details["files"],
            "pages": pages,
            "seconds": round(side.seconds, 3),
            "cpu_seconds": round(side.cpu_seconds, 3),
            "cpu_seconds_per_document": round(side.cpu_seconds / files, 4),
            "docs_per_second": round(side.details["files"] / side.seconds, 3),
            "pages_per_second": round(pages / side.seconds, 2),
            "peak_rss_mb": round(side.maxrss_mb, 1),
            "peak_tree_rss_mb": None if side.tree_peak_mb is None else round(side.tree_peak_mb, 1),
            "runs": [asdict(run) for run in side.runs],
        }

    return {
        "benchmark": "textlayer",
        "issue": "vanban run on 100 distinct born-digital plans within 2x of pdfplumber extract_words",
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average_at_end": os.getloadavg()},
        "code": code_state(),
        "method": {
            "order": "interleaved rounds: pdfplumber, plain loop, then vanban with each worker count",
            "repeat": args.repeat,
            "seconds": "wall clock of the child process (start-up and imports included), best run",
            "cpu_seconds": "user + system of the child and the descendants it waited for, in the best run",
            "peak_rss_mb": "ru_maxrss of the child (largest single process among it and reaped descendants), "
                           "highest over runs",
            "peak_tree_rss_mb": f"summed RSS of the child's process tree, sampled every {SAMPLE_INTERVAL} s, "
                                "highest over runs",
            "pdfplumber": "one process: pdfplumber.open(pdf); page.extract_words() on every page; sequential",
            "loop": "one process: pipeline.run.summary.run_batch (process_one per file), no Prefect, no Dask",
            "vanban": "vanban run CORPUS --out FRESH_EMPTY_DIR --workers N (one Prefect flow run on a local "
                      "Dask cluster of N worker processes; ledger empty, no cache)",
            "overhead_per_document": "(vanban with the fewest workers - plain loop) / files",
        },
        "corpus": corpus_info,
        "pdfplumber": {**side_record(plumber), "words": plumber.details["words"],
                       "loop_seconds": round(plumber.details["loop_seconds"], 3),
                       "import_seconds": round(plumber.details["import_seconds"], 3)},
        "loop": side_record(loop),
        "vanban": {str(n): {**side_record(side), "counts_per_run": side.details["counts_per_run"],
                            "failures": side.details.get("failures", [])} for n, side in vanbans.items()},
        "ratio": round(ratio, 3),
        "cpu_ratio": round(cpu_ratio, 3),
        "ratio_vs_pdfplumber_loop": round(ratio_loop, 3),
        "overhead_seconds_per_document": round(overhead, 4),
        "target_ratio": TARGET_RATIO,
        "target_met": met,
    }


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    """Generate the corpus, time both sides, print the table, write the JSON."""
    parser = argparse.ArgumentParser(description="vanban run versus pdfplumber extract_words on the same PDFs.")
    parser.add_argument("--count", type=int, default=100, help="corpus size (default 100)")
    parser.add_argument("--repeat", type=int, default=1, help="interleaved rounds; best time kept (default 1)")
    parser.add_argument("--corpus", type=Path, help="generate the corpus here (default: a temporary folder)")
    parser.add_argument("--results", type=Path, default=RESULTS, help=f"JSON output (default {RESULTS})")
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpus, outputs and logs")
    parser.add_argument("--workers-list", default="1,2",
                        help="vanban run --workers values to time, comma-separated (default 1,2)")
    parser.add_argument("--pdfplumber-worker", type=Path, metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument("--loop-worker", type=Path, nargs=2, metavar=("DIR", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.pdfplumber_worker is not None:  # the child process of the pdfplumber side
        print(json.dumps(pdfplumber_worker(args.pdfplumber_worker)))
        return 0
    if args.loop_worker is not None:  # the child process of the plain-loop side
        print(json.dumps(loop_worker(*args.loop_worker)))
        return 0
    worker_counts = sorted({int(n) for n in args.workers_list.split(",") if n.strip()})
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    from bench.corpus import MANIFEST, build_corpus

    work = Path(tempfile.mkdtemp(prefix="vanban-bench-"))
    corpus = args.corpus if args.corpus is not None else work / "corpus"
    try:
        print(f"generating {args.count} distinct PDFs in {corpus} ...", file=sys.stderr)
        t0 = time.perf_counter()
        paths = build_corpus(corpus, args.count)
        manifest = json.loads((corpus / MANIFEST).read_text(encoding="utf-8"))
        layouts: dict[str, int] = {}
        for entry in manifest["files"]:
            layouts[f"{entry['kind']}/{entry['layout']}"] = layouts.get(f"{entry['kind']}/{entry['layout']}", 0) + 1
        corpus_info = {
            "dir": str(corpus), "files": len(paths), "bytes": sum(p.stat().st_size for p in paths),
            "sources": manifest["sources"], "layouts": layouts,
            "distinct_sha256": len({entry["sha256"] for entry in manifest["files"]}),
            "generate_seconds": round(time.perf_counter() - t0, 2),
        }
        plumber, loop = Side("pdfplumber"), Side("loop")
        vanbans = {n: Side(f"vanban-{n}") for n in worker_counts}
        for round_no in range(1, args.repeat + 1):
            print(f"round {round_no}/{args.repeat}: pdfplumber extract_words on {len(paths)} files ...",
                  file=sys.stderr)
            run_pdfplumber(corpus, work, round_no, plumber)
            print(f"  {plumber.runs[-1].seconds:.1f} s; the unit of work in a plain loop ...", file=sys.stderr)
            run_loop(corpus, work, round_no, loop)
            print(f"  {loop.runs[-1].seconds:.1f} s", file=sys.stderr)
            for n, side in vanbans.items():
                print(f"  vanban run --workers {n} on {len(paths)} files ...", file=sys.stderr)
                run_vanban(corpus, work, round_no * 100 + n, side, n)
                print(f"  {side.runs[-1].seconds:.1f} s", file=sys.stderr)
        record = report(corpus_info, plumber, loop, vanbans, args)
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"results: {args.results}")
        return 0
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
