"""The reconciliation as one self-contained HTML page for the head of office, through Jinja2 templates.

Vietnamese first, English in small type beside it. The page is rendered by
Jinja2 with autoescape from the templates shipped beside this module
(`templates/`): every text from a document is data, never markup. Style,
chart and a few lines of script are inline and a Content-Security-Policy
forbids any fetch, so the page opens the same from a USB stick, an e-mail
attachment or an offline archive. Evidence travels with it: each flag shows
a crop of the cited place (a `data:` image; the quote for DOCX or text
sources) and links to the copy of its source kept in `sources/`
(`sources/x.pdf#page=2`), relative to the page, so the folder can be
zipped, moved or mailed and every link still opens.

The script is optional: it records script errors and readiness on <body>
(`data-script-errors`, `data-ready`, which the browser test reads) and adds
a flag-kind filter; without it the page is complete and the filter stays
hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from pipeline.reconcile.labels import (
    FLAG_LABELS,
    STATE_LABELS,
    STATUS_LABELS,
    Label,
    date_vi,
    goal_text,
    number_vi,
    percent_vi,
)
from pipeline.reconcile.order import (
    LATE,
    MISSING,
    NOT_FOR_PLAN,
    ON_TIME,
    SHORT,
    SUPERSEDED,
    UNDATED,
    UNKNOWN_UNIT,
    reader_group,
)
from pipeline.report.chart import attainment_chart
from pipeline.report.evidence import Crop, EvidenceFolder
from pipeline.report.tables import achieved_text, result_percent
from pipeline.report.tally import COUNT_LINES, count_value, reports_sentence, targets_sentence
from schemas.page import SourceKind
from schemas.provenance import Provenance
from schemas.reconciliation import FlagKind, Reconciliation, Tally, TargetStatus

SNIPPET_CHARS = 140
TOOLTIP_CHARS = 500
QUOTE_CHARS = 400
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

# The units table's groups, in reading order (pipeline/reconcile/order.py), with the heading each opens under.
GROUP_LABELS: dict[int, Label] = {
    MISSING: Label("Chưa gửi báo cáo", "No report"),
    LATE: Label("Gửi muộn", "Late"),
    UNDATED: Label("Không rõ ngày báo cáo", "Undated"),
    SHORT: Label("Đúng hạn, có chỉ tiêu không đạt", "On time, short of a target"),
    ON_TIME: Label("Đúng hạn", "On time"),
    UNKNOWN_UNIT: Label("Đơn vị ngoài danh sách (kết quả vẫn được tính)", "Units not in the roster (results count)"),
    SUPERSEDED: Label("Để riêng: đã có báo cáo thay thế", "Set aside: superseded"),
    NOT_FOR_PLAN: Label("Để riêng: không thuộc kế hoạch này", "Set aside: not for this plan"),
}


@dataclass(frozen=True)
class EvidenceView:
    """One side of a flag or a row as the page shows it: a link to the copy, a crop or the quote."""

    name: str
    page: int | None
    href: str | None
    tooltip: str
    snippet: str
    quote: str
    crop: Crop | None
    ocr: str | None  # "OCR 81%" for a value read from a scan


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pipeline.report", "templates"),
        autoescape=select_autoescape(["html", "j2", "svg"], default_for_string=True, default=True),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["date_vi"] = date_vi
    env.filters["number_vi"] = number_vi
    env.filters["percent_vi"] = percent_vi
    env.filters["first_upper"] = lambda text: text[:1].upper() + text[1:]
    return env


def render_html(rec: Reconciliation, out_dir: Path | None = None, evidence: EvidenceFolder | None = None) -> str:
    """The whole page as a string; `evidence` (or a new one for `out_dir`) copies the sources it links to."""
    if evidence is None:
        evidence = EvidenceFolder(out_dir if out_dir is not None else Path.cwd())
    tally = rec.tally()

    def ev(file: str | None, provenance: Provenance | None, crop: bool = False) -> EvidenceView | None:
        return _evidence(evidence, file, provenance, crop)

    short_files = {f.report.file for f in rec.flags if f.kind == FlagKind.TARGET_SHORTFALL and f.report}
    units = []
    previous = None
    for status in rec.reports:
        group = reader_group(status, short_files)
        units.append({
            "group": GROUP_LABELS[group] if group != previous else None,
            "status": status, "label": STATE_LABELS[status.state],
            "evidence": ev(status.file, status.provenance),
        })
        previous = group
    targets = []
    for target in rec.targets:
        rows = [{
            "result": result, "achieved": achieved_text(target, result.value),
            "percent": percent_vi(result_percent(target, result)), "evidence": ev(result.file, result.provenance),
        } for result in target.results]
        targets.append({
            "target": target, "label": STATUS_LABELS[target.status], "rows": rows, "span": max(1, len(rows)),
            "goal": goal_text(target.comparator, target.comparator_text, target.raw_value),
            "plan": ev(rec.plan_file, target.provenance),
        })
    flags = [{
        "flag": flag, "label": FLAG_LABELS[flag.kind],
        "plan": ev(flag.plan.file, flag.plan.provenance, crop=True) if flag.plan else None,
        "report": ev(flag.report.file, flag.report.provenance, crop=True) if flag.report else None,
    } for flag in rec.flags]
    context = {
        "rec": rec, "csp": CSP, "tally": tally,
        "title": f"Đối chiếu báo cáo — Kế hoạch {rec.plan}",
        "plan_link": ev(rec.plan_file, None),
        "report_counts": _count_lines(tally, ("documents", "received", "on_time", "late", "undated", "unknown_unit",
                                              "set_aside", "superseded", "not_for_plan", "missing")),
        "target_counts": _count_lines(tally, ("targets", "targets_met", "targets_shortfall", "targets_not_reported")),
        "flag_counts": [{"label": FLAG_LABELS[kind], "count": tally.flags_by_kind.get(kind.value, 0),
                         "kind": kind.value} for kind in FlagKind],
        "sentences": [reports_sentence(tally), targets_sentence(tally)],
        "chart": attainment_chart(rec.targets),
        "legend": [STATUS_LABELS[s] for s in (TargetStatus.MET, TargetStatus.SHORTFALL)],
        "flags": flags,
        "flag_kinds": [{"kind": k.value, "label": FLAG_LABELS[k]} for k in FlagKind if any(f.kind == k for f in rec.flags)],
        "units": units,
        "targets": targets,
    }
    return _environment().get_template("reconciliation.html.j2").render(context)


def _count_lines(tally: Tally, keys: tuple[str, ...]) -> list[dict[str, object]]:
    lines = {line.key: line for line in COUNT_LINES}
    shown = []
    for key in keys:
        value = count_value(tally, key)
        if key in {"undated", "unknown_unit", "superseded", "not_for_plan", "set_aside"} and not value:
            continue  # the rare states are listed only when they occur
        shown.append({"line": lines[key], "value": value})
    return shown


def _evidence(folder: EvidenceFolder, file: str | None, provenance: Provenance | None,
              crop: bool) -> EvidenceView | None:
    if not file:
        return None
    text = " ".join(provenance.text.split()) if provenance else ""
    ocr = None
    if provenance is not None and provenance.source == SourceKind.OCR:
        ocr = f"OCR {provenance.confidence:.0%}"
    return EvidenceView(
        name=Path(file).name, page=provenance.page if provenance else None, href=folder.href(file, provenance),
        tooltip=_truncate(text, TOOLTIP_CHARS) if text else Path(file).name,
        snippet=_truncate(text, SNIPPET_CHARS), quote=_truncate(text, QUOTE_CHARS),
        crop=folder.crop(file, provenance) if crop else None, ocr=ocr,
    )


def _truncate(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word where one is near, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut + "…"
