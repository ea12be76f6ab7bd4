#!/usr/bin/env python3
"""Reconciliation benchmark: checking 500 reports against a plan, next to extracting them.

The issue's target: for one plan and 500 born-digital reports, the
reconciliation step itself takes under 10 % of the time spent extracting
those reports; and how reconciliation grows with the number of reports and
of targets.

What is measured:

* **Corpus.** ``bench/report_variations.py`` writes N varied report PDFs
  answering the seed plan (units, dates, wording, numbers, prose or table),
  and the matching roster, deterministically for a seed, into a cache folder.
* **Extraction.** The extraction of those reports, as a user runs it:
  ``vanban run CORPUS --out FRESH`` (Prefect, worker processes), wall clock of
  the whole process; the store starts empty so nothing is a cache hit.
* **Reconciliation.** ``pipeline.reconcile.flags.reconcile`` on the extracted
  documents (read back from the run's JSON), in this process, best of
  ``--repeat`` runs, so the figure is the step itself; the same call is what
  ``vanban run --plan`` makes after extracting.
* **Growth.** Reconciliation timed on the first 50, 100, 200, ... reports,
  and with the plan's targets and tasks repeated k times (metric wording
  varied so every copy is a distinct target) to show the cost per target.

Results: a table on stdout and ``bench/results/reconcile.json`` (git-ignored).
Exit status 0 whether or not the target is met; 1 when the benchmark cannot run.

Usage::

    .venv/bin/python bench/bench_reconcile.py [--reports 500] [--repeat 3] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report_variations import generate  # noqa: E402
from pipeline.reconcile.flags import reconcile  # noqa: E402
from pipeline.reconcile.linking import Located  # noqa: E402
from pipeline.reconcile.roster import load_roster  # noqa: E402
from pipeline.run.document import extract_file  # noqa: E402
from schemas.extraction import ExtractedDocument  # noqa: E402

SEED_PLAN = ROOT / "samples" / "plans" / "seed_19-KH-SVHTTDL.pdf"
RESULTS = ROOT / "bench" / "results" / "reconcile.json"
VANBAN = Path(sys.executable).with_name("vanban")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def corpus(folder: Path, count: int, seed: int) -> tuple[list[Path], Path]:
    """The generated reports and roster, reused when a previous run left the same count in `folder`."""
    marker = folder / f".complete-{count}-{seed}"
    if not marker.exists():
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        started = time.perf_counter()
        generate(str(SEED_PLAN), count, folder, seed)
        log(f"generated {count} reports in {time.perf_counter() - started:.1f} s")
        marker.touch()
    reports = sorted(folder.glob("*.pdf"))
    rosters = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.csv"))
    if len(reports) != count or not rosters:
        raise SystemExit(f"corpus in {folder} has {len(reports)} reports and {len(rosters)} rosters")
    return reports, rosters[0]


def extract(folder: Path, work: Path) -> tuple[float, list[Located]]:
    """`vanban run FOLDER` as a user runs it; the extracted documents read back from its outputs."""
    out = work / "run"
    started = time.perf_counter()
    done = subprocess.run([str(VANBAN), "run", str(folder), "--out", str(out)], capture_output=True, text=True,
                          check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"vanban run failed ({done.returncode}): {done.stderr[-2000:]}")
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    docs = [Located(entry["file"], ExtractedDocument.model_validate_json((out / entry["json"]).read_text("utf-8")))
            for entry in manifest["documents"]]
    return seconds, docs


def time_reconcile(plan: Located, docs: list[Located], roster_path: Path, repeat: int) -> tuple[float, dict[str, int]]:
    best = float("inf")
    counts: dict[str, int] = {}
    for _ in range(repeat):
        started = time.perf_counter()
        rec = reconcile(plan, docs, load_roster(roster_path))
        best = min(best, time.perf_counter() - started)
        counts = rec.counts
    return best, counts


def widened(plan: Located, k: int) -> Located:
    """The plan with its targets and tasks repeated k times, each copy's metric made distinct."""
    doc = plan.doc
    targets = [t.model_copy(update={"metric": f"{t.metric} nhóm {i}"}) if i else t
               for i in range(k) for t in doc.targets]
    tasks = [t.model_copy(update={"title": f"{t.title} đợt {i}"}) if i else t for i in range(k) for t in doc.tasks]
    return Located(plan.path, doc.model_copy(update={"targets": targets, "tasks": tasks}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=ROOT / "bench" / "results" / "report-corpus")
    args = parser.parse_args(argv)

    reports, roster_path = corpus(args.corpus, args.reports, args.seed)
    plan = Located(str(SEED_PLAN), extract_file(SEED_PLAN))
    with tempfile.TemporaryDirectory(prefix="vanban-bench-reconcile-") as tmp:
        log(f"extracting {len(reports)} reports with vanban run (workers: one per core, {os.cpu_count()} cores)")
        extract_seconds, docs = extract(args.corpus, Path(tmp))
    log(f"extracted {len(docs)} documents in {extract_seconds:.1f} s")
    reconcile_seconds, counts = time_reconcile(plan, docs, roster_path, args.repeat)
    share = reconcile_seconds / extract_seconds

    growth_reports = []
    size = 50
    while size < len(docs):
        growth_reports.append((size, time_reconcile(plan, docs[:size], roster_path, args.repeat)[0]))
        size *= 2
    growth_reports.append((len(docs), reconcile_seconds))
    growth_targets = [(k * len(plan.doc.targets), k * len(plan.doc.tasks),
                       time_reconcile(widened(plan, k), docs, roster_path, args.repeat)[0]) for k in (1, 4, 16)]

    record: dict[str, Any] = {
        "reports": len(docs), "extract_seconds": round(extract_seconds, 2),
        "reconcile_seconds": round(reconcile_seconds, 4), "share": round(share, 4), "target_share": 0.10,
        "met": share < 0.10, "counts": counts,
        "growth_reports": [{"reports": n, "seconds": round(s, 4)} for n, s in growth_reports],
        "growth_targets": [{"targets": t, "tasks": k, "seconds": round(s, 4)} for t, k, s in growth_targets],
    }
    print(f"extraction of {len(docs)} reports (vanban run): {extract_seconds:8.2f} s")
    print(f"reconciliation step (best of {args.repeat}):     {reconcile_seconds:8.3f} s")
    print(f"share: {share:.2%} of extraction time (target < 10 %): {'MET' if record['met'] else 'NOT MET'}")
    print("growth with reports:  " + ", ".join(f"{n}: {s * 1000:.0f} ms" for n, s in growth_reports))
    print("growth with targets:  " + ", ".join(f"{t} targets/{k} tasks: {s * 1000:.0f} ms"
                                              for t, k, s in growth_targets))
    print(f"flags: {counts.get('flags')}, reports on time {counts.get('reports_on_time')}, "
          f"late {counts.get('reports_late')}, missing {counts.get('reports_missing')}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"results: {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
