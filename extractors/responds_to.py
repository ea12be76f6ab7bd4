"""The plan a report answers: "Thực hiện Kế hoạch số 19/KH-SVHTTDL ngày 30/01/2026 của Sở ...".

Reconciliation pairs each report with its plan by this citation. A report
names the plan in its opening paragraph (before the first heading) or in
its summary line ("Báo cáo kết quả thực hiện Kế hoạch số 19/KH-SVHTTDL");
the opening wins, and within it a plan introduced by "thực hiện",
"triển khai", "căn cứ" or "theo" wins over one cited in passing.
"""

from __future__ import annotations

import re

from extractors.context import Context
from pipeline.text.normalize import fold
from schemas.extraction import Reference

_ANSWERS = re.compile(r"(?<!\w)(?:thực hiện|triển khai|căn cứ|theo|kết quả)(?!\w)", re.IGNORECASE)
_CUE_REACH = 80  # characters before a plan's number searched for the word that introduces it


def extract_responds_to(ctx: Context, references: list[Reference]) -> Reference | None:
    """The plan (Kế hoạch) the document answers, as a citation with its own provenance; None if none."""
    by_number = {r.number: r for r in references if r.number}
    for start, end in _opening_spans(ctx):
        piece = ctx.piece(start, end)
        plans = [n for n in ctx.mentions(start, end).numbers
                 if n.number in by_number and by_number[n.number].doc_type == "ke_hoach"]
        if not plans:
            continue
        introduced = [n for n in plans if _ANSWERS.search(piece[max(0, n.start - _CUE_REACH):n.start])]
        chosen = (introduced or plans)[0]
        cited = by_number[chosen.number]
        return cited.model_copy(update={"provenance": ctx.provenance(start + chosen.start, start + chosen.end)})
    return None


def _opening_spans(ctx: Context) -> list[tuple[int, int]]:
    """The opening paragraphs (before the first heading), then the summary line."""
    structure = ctx.structure
    first_heading = structure.headings[0].start if structure.headings else len(ctx.text.text)
    spans = [(b.start, b.end) for b in structure.blocks
             if b.start < first_heading and b.kind != "table_row" and not fold(b.text).startswith("kính gửi")]
    if structure.summary is not None:
        spans.append((structure.summary.start, structure.summary.end))
    return spans
