"""Reconciliation on report sets nobody tuned it on: generated variations checked against their own truth.

bench/report_variations.py writes reports in many wordings (prose or table,
nghìn or full numbers, abbreviated or wrapped unit names, earlier drafts,
other plans, no plan) together with what each one should come to. A seed
the code was never run on before this test was written keeps us honest.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bench.report_variations import generate
from pipeline.reconcile.flags import reconcile
from pipeline.reconcile.linking import Located
from pipeline.reconcile.roster import load_roster
from pipeline.run.document import extract_file
from pipeline.run.summary import run_batch

ROOT = Path(__file__).resolve().parent.parent
SEED_PLAN = ROOT / "samples" / "plans" / "seed_19-KH-SVHTTDL.pdf"


@pytest.mark.parametrize("seed", [7])
def test_generated_reports_reconcile_to_their_truth(tmp_path: Path, seed: int) -> None:
    corpus = tmp_path / "corpus"
    generate(str(SEED_PLAN), 40, corpus, seed)
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    outcomes = run_batch([corpus], tmp_path / "out")
    assert all(o.ok for o in outcomes), [o.reason for o in outcomes if not o.ok]
    docs = [Located(o.path, o.document) for o in outcomes if o.document]
    rec = reconcile(Located(str(SEED_PLAN), extract_file(SEED_PLAN)), docs, load_roster(corpus / "roster.yaml"))

    states = {Path(r.file).name: (r.unit, r.state.value) for r in rec.reports if r.file}
    wrong = [f"{t['file']}: {states.get(t['file'])} instead of {(t['unit'], t['state'])}"
             for t in truth["reports"]
             if states.get(t["file"], (None, None))[1] != t["state"]
             or (t["state"] != "unknown_unit" and states[t["file"]][0] != t["unit"])]
    assert not wrong, "\n".join(wrong)
    assert sorted(r.unit for r in rec.reports if r.state.value == "missing") == sorted(truth["missing"])

    def key(flag: dict | object) -> tuple:
        if isinstance(flag, dict):
            return flag["kind"], flag.get("unit"), flag.get("report")
        report = Path(flag.report.file).name if flag.report else None
        return flag.kind.value, flag.unit, report

    designed = Counter(key(f) for f in truth["flags"])
    raised = Counter(key(f) for f in rec.flags)
    assert raised == designed, f"missing: {designed - raised}\nextra: {raised - designed}"
    met = Counter((r.unit, Path(r.file).name) for t in rec.targets for r in t.results if r.met)
    assert met == Counter((m["unit"], m["report"]) for m in truth["met"])
