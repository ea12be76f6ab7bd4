#!/usr/bin/env python3
"""How far extraction from scans is from the born-digital golden facts, per sample and scan level.

The OCR issue asks that the noisy scans extract exactly like their golden
JSON (a test holds that: ``tests/test_golden_scans.py``) and that what still
differs on the harsh scans be reported. This script is that report: it makes
the scans (``samples/make_scans.py``, cached in ``samples/scans/out``),
runs ``extract_file`` on each, and lists every difference from
``samples/expected/<sample>.json`` with the same comparison the tests use
(``tests/golden.py``: free text compared mark-tolerantly; numbers, dates,
relations, comparators, roles and document numbers exactly).

Results: a count per sample and level and every difference on stdout, and
``bench/results/scan_fidelity.json`` (git-ignored). Exit status 0 whatever
the counts; 1 when it cannot run.

Usage::

    .venv/bin/python bench/scan_fidelity.py [--levels noisy,harsh] [--show 12]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

RESULTS = REPO / "bench" / "results" / "scan_fidelity.json"


def main() -> int:
    from pipeline.errors import VanbanError
    from pipeline.run.document import extract_file
    from samples.make_scans import scan_set
    from tests.golden import differences

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", default="noisy,harsh", help="comma-separated scan levels (default noisy,harsh)")
    parser.add_argument("--show", type=int, default=12, help="differences printed per sample (all are in the JSON)")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    levels = tuple(level.strip() for level in args.levels.split(",") if level.strip())

    scans = scan_set(REPO / "samples" / "scans" / "out", levels=levels, log=print)
    record: dict[str, dict[str, list[str]]] = {}
    for level in levels:
        record[level] = {}
        for expected in sorted((REPO / "samples" / "expected").glob("*.json")):
            scan = scans.get(f"{expected.stem}/{level}")
            if scan is None:
                continue
            try:
                document = extract_file(scan)
            except VanbanError as exc:
                record[level][expected.stem] = [f"extraction failed: {exc}"]
                continue
            record[level][expected.stem] = differences(document, json.loads(expected.read_text(encoding="utf-8")),
                                                       ocr=True)

    for level, samples in record.items():
        print(f"\n{level}: {sum(map(len, samples.values()))} differences from the golden facts")
        for stem, problems in samples.items():
            print(f"  {stem:<28} {len(problems):>3}")
            for problem in problems[:args.show]:
                print(f"      {problem[:160]}")
            if len(problems) > args.show:
                print(f"      ... {len(problems) - args.show} more")
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nresults: {args.results}")
    return 0


if __name__ == "__main__":  # the scan generator starts worker processes, which import this file again
    sys.exit(main())
