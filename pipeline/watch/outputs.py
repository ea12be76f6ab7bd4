"""The outputs a watch folder keeps current: summary.csv and failures over every document in the ledger,
and, with a plan, the reconciliation against every report read so far.

A batch's flow run writes the summary of its own files; after it, these are
rewritten from the ledger so they cover everything the watcher has read, as
if all files had come in one batch.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.reconcile.flags import reconcile
from pipeline.reconcile.linking import Located
from pipeline.reconcile.roster import load_roster
from pipeline.report.outputs import write_reconciliation
from pipeline.run.document import Outcome
from pipeline.run.ledger import Ledger
from pipeline.run.summary import write_summary
from schemas.extraction import ExtractedDocument


def ledger_outcomes(ledger: Ledger, out: Path) -> list[Outcome]:
    """Every document read (done, from the ledger's extraction) or quarantined, as a batch's outcomes."""
    outcomes = []
    for row in ledger.documents():
        if row.status == "done":
            document = ledger.extraction(row.sha256)
            if document is not None:
                outcomes.append(Outcome(_where_now(out, row.path), document=document))
        elif row.status == "quarantined":
            outcomes.append(Outcome(row.path, error_kind=row.error_kind, reason=row.error_message))
    return outcomes


def _where_now(out: Path, inbox_path: str) -> str:
    """The file's place in `processed/` once it has moved there (the evidence links point at it)."""
    name = os.path.basename(inbox_path)
    found = sorted((out / "processed").glob(f"*/{_glob_escape(name)}"))
    return str(found[-1]) if found else inbox_path


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def refresh_outputs(ledger: Ledger, out: Path, plan: ExtractedDocument | None = None, plan_path: str | None = None,
                    roster: str | None = None) -> dict[str, int]:
    """Rewrite summary.csv, failures.json, run.json and (with a plan) the reconciliation from the ledger."""
    outcomes = ledger_outcomes(ledger, out)
    counts = write_summary(out, outcomes)
    if plan is not None:
        reports = [Located(o.path, o.document) for o in outcomes
                   if o.document is not None and o.document.sha256 != plan.sha256]
        result = reconcile(Located(plan_path or plan.file, plan), reports, load_roster(roster) if roster else None)
        write_reconciliation(result, out, pdf=False)  # PDFs take a browser's seconds: `vanban run` prints them
        ledger.save_reconciliation(plan.sha256, result.model_dump_json())
    return counts
