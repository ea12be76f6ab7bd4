"""Everything a reconciliation is written as: JSON, CSV files, a workbook, an HTML page, PDFs and the draft report.

Drawn from the `Reconciliation` model alone, so outputs can be rewritten
from a saved reconciliation.json (after a reviewer's correction, say)
without re-running extraction. The JSON is the contract; the CSV files and
the workbook hold the same rows (built once in `build_tables`); the HTML
page is for reading, with the cited documents copied into `sources/` beside
it and the cited places cropped into it, so the folder travels whole; its
PDF (Chromium) is for printing and signing; `bao-cao-tong-hop.docx` is the
draft report the office sends upward, in the Decree 30 format, with its PDF
when LibreOffice is installed.
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from pipeline.files import replacing, write_text
from pipeline.report.evidence import EvidenceFolder
from pipeline.report.html import render_html
from pipeline.report.printing import convert_docx, print_html
from pipeline.report.synthesis import write_synthesis
from pipeline.report.tables import Table, build_tables
from pipeline.report.xlsx import write_xlsx
from schemas.reconciliation import Reconciliation, flat_counts

log = logging.getLogger(__name__)

OUTPUT_NAMES = {
    "json": "reconciliation.json",
    "counts_csv": "reconciliation_counts.csv",
    "flags_csv": "reconciliation_flags.csv",
    "targets_csv": "reconciliation_targets.csv",
    "units_csv": "reconciliation_units.csv",
    "xlsx": "reconciliation.xlsx",
    "html": "reconciliation.html",
    "pdf": "reconciliation.pdf",
    "docx": "bao-cao-tong-hop.docx",
    "docx_pdf": "bao-cao-tong-hop.pdf",
}
PRINTED = ("pdf", "docx_pdf")


def write_reconciliation(rec: Reconciliation, out_dir: Path, pdf: bool = True) -> dict[str, Path]:
    """Write every output into `out_dir` (created if needed); the paths written, by key as in `OUTPUT_NAMES`.

    `pdf=False` skips the two PDFs (each starts a browser or an office suite: seconds of work).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {key: out_dir / name for key, name in OUTPUT_NAMES.items()}
    rec = rec.model_copy(update={"counts": flat_counts(rec.tally())})  # the counts as the outputs show them
    write_text(paths["json"], rec.model_dump_json(indent=2))
    tables = build_tables(rec)
    for key in ("counts", "flags", "targets", "units"):
        write_csv(tables[key], paths[f"{key}_csv"])
    with replacing(paths["xlsx"]) as tmp:
        write_xlsx([tables["counts"], tables["flags"], tables["targets"], tables["units"]], tmp)
    write_text(paths["html"], render_html(rec, evidence=EvidenceFolder(out_dir)))
    with replacing(paths["docx"]) as tmp:
        write_synthesis(rec, tmp)
    for key in PRINTED:
        paths[key].unlink(missing_ok=True)  # never leave an earlier run's PDF beside this run's outputs
    if pdf:
        for key, why in (("pdf", print_html(paths["html"], paths["pdf"])),
                         ("docx_pdf", convert_docx(paths["docx"], paths["docx_pdf"]))):
            if why:
                log.warning("%s not written: %s", paths[key].name, why)
    return {key: path for key, path in paths.items() if path.is_file()}


def write_csv(table: Table, path: Path) -> Path:
    """Every column, keyed by its stable name; UTF-8 with a BOM so Excel shows the diacritics."""
    with replacing(path) as tmp, tmp.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.DictWriter(fh, fieldnames=[c.key for c in table.columns])
        writer.writeheader()
        writer.writerows(table.rows)
    return path
