"""Everything a reconciliation is written as: JSON, three CSV files, a workbook and an HTML page.

Drawn from the `Reconciliation` model alone, so outputs can be rewritten
from a saved reconciliation.json (after a reviewer's correction, say)
without re-running extraction. The JSON is the contract; the CSV files and
the workbook hold the same rows (built once in `report_tables`); the HTML
page is for reading and printing.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pipeline.report.html import render_html
from pipeline.report.tables import Table, build_tables
from pipeline.report.xlsx import write_xlsx
from schemas.reconciliation import Reconciliation

OUTPUT_NAMES = {
    "json": "reconciliation.json",
    "flags_csv": "reconciliation_flags.csv",
    "targets_csv": "reconciliation_targets.csv",
    "units_csv": "reconciliation_units.csv",
    "xlsx": "reconciliation.xlsx",
    "html": "reconciliation.html",
}


def write_reconciliation(rec: Reconciliation, out_dir: Path) -> dict[str, Path]:
    """Write every output into `out_dir` (created if needed); the paths by key, as in `OUTPUT_NAMES`."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {key: out_dir / name for key, name in OUTPUT_NAMES.items()}
    paths["json"].write_text(rec.model_dump_json(indent=2), encoding="utf-8")
    tables = build_tables(rec)
    for key in ("flags", "targets", "units"):
        write_csv(tables[key], paths[f"{key}_csv"])
    write_xlsx([tables["flags"], tables["targets"], tables["units"]], paths["xlsx"])
    paths["html"].write_text(render_html(rec), encoding="utf-8")
    return paths


def write_csv(table: Table, path: Path) -> Path:
    """Every column, keyed by its stable name; UTF-8 with a BOM so Excel shows the diacritics."""
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.DictWriter(fh, fieldnames=[c.key for c in table.columns])
        writer.writeheader()
        writer.writerows(table.rows)
    return path
