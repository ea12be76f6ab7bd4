"""Batch outputs a clerk opens: one CSV of every target, result, deadline and responsibility, and the failures.

The CSV has one row per extracted item with the page and source text beside
it, so a spreadsheet filter answers "which unit owes what by when" without
opening any JSON. Its `kind` column says what a row is (target, result,
deadline, responsibility; `kind_vi` the same in Vietnamese): a report's
achieved figures are results, never targets.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.files import replacing, write_text
from pipeline.run.document import Outcome, output_name, process_one
from pipeline.run.inputs import collect_inputs
from pipeline.run.ledger import text_of

CSV_COLUMNS = [
    "file", "number", "doc_type", "issued_date", "kind", "kind_vi", "unit", "role", "metric_or_task", "comparator",
    "comparator_text", "value", "unit_of_measure", "base_value", "plan_value", "percent_of_plan", "growth_percent",
    "date", "relation", "page", "source_text",
]
ROW_KINDS = {"target": "chỉ tiêu", "result": "kết quả", "deadline": "thời hạn", "responsibility": "trách nhiệm"}


def write_summary(out: Path, outcomes: Sequence[Outcome]) -> dict[str, int]:
    """summary.csv, failures.json and run.json in `out`; returns the counts."""
    out.mkdir(parents=True, exist_ok=True)
    rows = [row for outcome in outcomes if outcome.document for row in _rows(outcome)]
    # utf-8-sig: the BOM makes Excel read the file as UTF-8
    with replacing(out / "summary.csv") as tmp, tmp.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    failures = [{"file": text_of(o.path), "error": o.error_kind, "reason": o.reason} for o in outcomes if not o.ok]
    write_text(out / "failures.json", json.dumps(failures, ensure_ascii=False, indent=2))
    counts = {
        "documents": len(outcomes),
        "extracted": sum(1 for o in outcomes if o.ok),
        "from_cache": sum(1 for o in outcomes if o.cached),
        "failed": len(failures),
        "rows": len(rows),
    }
    manifest = {
        "counts": counts,
        "documents": [
            {"file": text_of(o.path), "json": f"documents/{output_name(o.document)}", "sha256": o.document.sha256}
            for o in outcomes if o.document
        ],
        "failures": failures,
    }
    write_text(out / "run.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return counts


def _rows(outcome: Outcome) -> list[dict[str, object]]:
    doc = outcome.document
    assert doc is not None
    base = {"file": doc.file, "number": doc.number, "doc_type": doc.doc_type, "issued_date": doc.issued_date}

    def row(kind: str, **cells: object) -> dict[str, object]:
        return {**base, "kind": kind, "kind_vi": ROW_KINDS[kind], **cells}

    rows: list[dict[str, object]] = []
    for t in doc.targets:
        rows.append(row("target", metric_or_task=t.metric, comparator=t.comparator.value,
                        comparator_text=t.comparator_text, value=t.value, unit_of_measure=t.unit,
                        base_value=t.base_value, page=t.provenance.page, source_text=t.text))
    for r in doc.results:
        rows.append(row("result", metric_or_task=r.metric, value=r.value, unit_of_measure=r.unit,
                        base_value=r.base_value, plan_value=r.plan_value, percent_of_plan=r.percent_of_plan,
                        growth_percent=r.growth_percent, page=r.provenance.page, source_text=r.text or r.provenance.text))
    for d in doc.deadlines:
        rows.append(row("deadline", unit="; ".join(d.units), metric_or_task=d.applies_to, date=d.date,
                        relation=d.relation.value, page=d.provenance.page, source_text=d.provenance.text))
    for r in doc.responsibilities:
        rows.append(row("responsibility", unit=r.unit, role=r.role.value, metric_or_task=" | ".join(r.tasks),
                        date=r.deadline, page=r.provenance.page, source_text=r.provenance.text))
    return rows


def run_batch(paths: Iterable[str | Path], out_dir: str | Path) -> list[Outcome]:
    """The batch without Prefect (tests, scripts): same unit of work, same outputs."""
    outcomes = [process_one(path, out_dir) for path in collect_inputs(paths)]
    write_summary(Path(out_dir), outcomes)
    return outcomes


def summary_markdown(outcomes: Sequence[Outcome], counts: dict[str, int], out: Path) -> str:
    """The run's summary as a Markdown table (the batch's Prefect artifact): counts, then every failure."""
    lines = [
        f"**vanban batch** → `{out}`", "",
        "| documents | extracted | from cache | failed | summary rows |",
        "|---:|---:|---:|---:|---:|",
        f"| {counts['documents']} | {counts['extracted']} | {counts['from_cache']} | {counts['failed']} "
        f"| {counts['rows']} |",
    ]
    failures = [o for o in outcomes if not o.ok]
    if failures:
        lines += ["", "| failed file | error | reason |", "|---|---|---|"]
        lines += [f"| {_cell(text_of(Path(o.path).name))} | {o.error_kind} | {_cell(o.reason or '')} |" for o in failures]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (no column breaks, no line breaks, no raw HTML)."""
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")
