"""What `vanban run --plan` prints about a reconciliation: the counts, the notes, where the outputs are.

Plain text lines (the CLI prints them without markup), Vietnamese first and
the English under each, with the same counts as every other output
(pipeline/report/tally.py).
"""

from __future__ import annotations

from pathlib import Path

from pipeline.report.outputs import OUTPUT_NAMES
from pipeline.report.tally import reports_sentence, targets_sentence
from schemas.reconciliation import Reconciliation


def summary_lines(rec: Reconciliation, out: Path) -> list[str]:
    """The lines to print after a run with a plan; `out` is the output folder the outputs were written to."""
    tally = rec.tally()
    reports, targets = reports_sentence(tally), targets_sentence(tally)
    lines = [
        f"Kế hoạch {rec.plan} — {reports['vi']}; {targets['vi']}.",
        f"  plan {rec.plan}: {reports['en']}; {targets['en']}.",
    ]
    for note in rec.notes:
        lines.append(f"ghi chú: {note.message['vi']}")
        lines.append(f"  note: {note.message['en']}")
    others = [name for key, name in OUTPUT_NAMES.items() if key not in {"html", "docx"} and (out / name).is_file()]
    lines.append(f"đối chiếu / reconciliation: {out / OUTPUT_NAMES['html']}"
                 + (f" (+ {', '.join(others)})" if others else ""))
    if (out / OUTPUT_NAMES["docx"]).is_file():
        lines.append(f"dự thảo báo cáo tổng hợp / draft synthesis report: {out / OUTPUT_NAMES['docx']}")
    return lines
