"""`vanban run --plan --roster` on a sample report set, once per test session, shared by the tests that read it.

Extracting a set takes a minute on a busy machine; the golden flags, the
outputs and the draft report are all checked on the same run, as a user
makes it (the public command, from the repository root, paths as given).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from schemas.reconciliation import Reconciliation

ROOT = Path(__file__).resolve().parent.parent
EXPECTED_DIR = ROOT / "samples" / "expected" / "reconcile"
VANBAN = Path(sys.executable).with_name("vanban")
SETS = sorted(p.stem for p in EXPECTED_DIR.glob("*.json"))


@dataclass(frozen=True)
class SetRun:
    name: str
    expected: dict[str, Any]  # samples/expected/reconcile/<set>.json, the designed outcome
    out: Path
    stdout: str
    stderr: str
    rec: Reconciliation


_RUNS: dict[str, SetRun] = {}


def set_inputs(name: str) -> tuple[Path, Path, list[Path]]:
    """The plan, roster and report files of a sample set, as samples/README.md lays them out."""
    expected = designed(name)
    plan = ROOT / expected["plan_file"]
    roster = ROOT / expected["roster_file"]
    folders = [ROOT / folder for folder in expected["report_folders"]]
    extra = [ROOT / f for f in expected.get("extra_files", [])]
    return plan, roster, [*folders, *extra]


def designed(name: str) -> dict[str, Any]:
    return json.loads((EXPECTED_DIR / f"{name}.json").read_text(encoding="utf-8"))


def run_set(name: str, tmp_path_factory: pytest.TempPathFactory) -> SetRun:
    """The set reconciled through `vanban run` (once a session); relative paths, from the repository root."""
    if name in _RUNS:
        return _RUNS[name]
    plan, roster, inputs = set_inputs(name)
    if any(not path.exists() for path in inputs):  # a scanned report: generated (cached), like the plans' scans
        from samples import load

        load("make_scans").scan_reports()
    out = tmp_path_factory.mktemp(f"reconcile-{name}")
    relative = [str(p.relative_to(ROOT)) for p in inputs]
    done = subprocess.run(
        [str(VANBAN), "run", *relative, "--plan", str(plan.relative_to(ROOT)), "--roster",
         str(roster.relative_to(ROOT)), "--out", str(out)],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rec = Reconciliation.model_validate_json((out / "reconciliation.json").read_text(encoding="utf-8"))
    _RUNS[name] = SetRun(name, designed(name), out, done.stdout, done.stderr, rec)
    return _RUNS[name]
