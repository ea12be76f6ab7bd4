"""The reconciliation as one self-contained HTML page for the head of office.

Vietnamese first, English in small type beside it. Everything is inline
(style, chart, a few lines of script) and a Content-Security-Policy forbids
any fetch, so the page opens the same from a USB stick, an e-mail attachment
or an offline archive. Every flag links to the page of its source document
(`file://…#page=N`, which Chromium's and Firefox's PDF viewers honour) with
the quoted source text as a tooltip and snippet, so a claim can be checked
in one click. All text from documents is escaped: a unit name is data, never
markup.

The script is optional: it records script errors and readiness on <body>
(`data-script-errors`, `data-ready`, which the browser test reads) and adds
a flag-kind filter; without it the page is complete and the filter stays
hidden.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path

from pipeline.reconcile.labels import (
    FLAG_LABELS,
    STATE_LABELS,
    STATUS_LABELS,
    Label,
    comparator_sign,
    date_vi,
    number_vi,
    percent_vi,
)
from pipeline.report.chart import attainment_svg
from pipeline.report.tables import result_percent
from schemas.page import SourceKind
from schemas.provenance import Provenance
from schemas.reconciliation import (
    Flag,
    FlagKind,
    Reconciliation,
    ReportState,
    ReportStatus,
    TargetAttainment,
    TargetStatus,
)

NONE = '<span class="none">—</span>'
SNIPPET_CHARS = 140
TOOLTIP_CHARS = 500
FLAG_ORDER = {kind: index for index, kind in enumerate(FlagKind)}

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

STYLE = """
:root { --ink:#202124; --muted:#5f6368; --rule:#dadce0; --soft:#f1f3f4; --link:#1a5fb4; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px 28px 48px; color: var(--ink);
  font: 15px/1.45 "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; }
h1 { font-size: 26px; margin: 4px 0; } h2 { font-size: 20px; margin: 32px 0 10px; border-bottom: 2px solid var(--rule); padding-bottom: 4px; }
.en { color: var(--muted); font-size: 0.8em; font-weight: normal; }
h2 .en, h1 .en { display: block; font-size: 13px; }
.eyebrow { text-transform: uppercase; letter-spacing: .05em; font-size: 12px; color: var(--muted); margin: 0; }
.plan-title { font-size: 17px; margin: 4px 0; } .plan-meta { color: var(--muted); margin: 4px 0; }
a { color: var(--link); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { flex: 1 1 300px; border: 1px solid var(--rule); border-radius: 8px; padding: 10px 14px; break-inside: avoid; }
.card h3 { margin: 0 0 6px; font-size: 15px; }
.stats { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0; padding: 0; list-style: none; }
.stats li { min-width: 72px; } .stats b { display: block; font-size: 24px; line-height: 1.1; }
.stats .zero b { color: var(--muted); font-weight: normal; }
.badge { display: inline-block; color: #fff; border-radius: 10px; padding: 1px 9px; font-size: 12.5px; white-space: nowrap; }
.flagcounts { list-style: none; padding: 0; margin: 0; } .flagcounts li { margin: 3px 0; }
.flagcounts .zero { opacity: .55; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border-bottom: 1px solid var(--rule); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; } th .en { display: block; }
td.num { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; } thead { display: table-header-group; }
.msg-en { display: block; color: var(--muted); font-size: 12.5px; margin-top: 2px; }
a.ev { overflow-wrap: anywhere; }
#targets td:first-child { min-width: 150px; } #targets td.num { min-width: 90px; } .snippet { display: block; color: var(--muted); font-size: 12.5px; font-style: italic; margin-top: 2px; }
.ocr { white-space: nowrap; font-size: 11px; color: #8a5300; border: 1px solid #8a5300; border-radius: 3px; padding: 0 3px; margin-left: 4px; }
.none { color: var(--muted); }
.chart svg { width: 100%; height: auto; display: block; }
.chart .grid { stroke: #e8eaed; stroke-width: 1; } .chart .tick { font-size: 11px; fill: var(--muted); }
.chart .hundred { stroke: #202124; stroke-width: 2; stroke-dasharray: 5 3; }
.chart .label { font-size: 13px; fill: var(--ink); } .chart .value { font-size: 13px; font-weight: 600; fill: var(--ink); }
.chart .track { fill: #fff; stroke: #9aa0a6; stroke-dasharray: 4 3; }
.chart .inbar { font-size: 12px; fill: var(--muted); font-style: italic; }
.chart .overflow { font-size: 14px; fill: #fff; font-weight: bold; }
.legend { list-style: none; padding: 0; margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 14px; font-size: 13px; color: var(--muted); }
.swatch { display: inline-block; width: 14px; height: 10px; margin-right: 5px; vertical-align: middle; }
.swatch.track { border: 1px dashed #9aa0a6; } .swatch.hundred { width: 0; height: 14px; border-left: 2px dashed #202124; }
.filter { margin: 0 0 8px; font-size: 13.5px; } .filter label { margin-right: 12px; white-space: nowrap; }
ul.plain { padding-left: 20px; } footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .filter { display: none !important; }
  a { color: var(--ink); text-decoration: none; }
  h2 { break-after: avoid; break-inside: avoid; } .chart { break-inside: avoid; }
  h2::after { content: ""; display: block; height: 120px; margin-bottom: -120px; }  /* keeps a heading with its table */
  .cards { flex-wrap: nowrap; } .card { flex-basis: 0; }
  .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .chart svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
@page { size: A4 landscape; margin: 12mm; }  /* the tables are wide; landscape keeps their columns readable */
"""

# Registered first, so an error anywhere later is counted; it touches nothing but <body>'s attributes.
ERROR_SCRIPT = """
window.addEventListener('error', function () {
  var body = document.body;
  if (body) { body.setAttribute('data-script-errors', String(Number(body.getAttribute('data-script-errors') || 0) + 1)); }
});
"""

FILTER_SCRIPT = """
(function () {
  var box = document.getElementById('flag-filter');
  if (box) {
    var rows = Array.prototype.slice.call(document.querySelectorAll('#flag-table tbody tr.flag'));
    var boxes = Array.prototype.slice.call(box.querySelectorAll('input[type=checkbox]'));
    box.addEventListener('change', function () {
      var shown = {};
      boxes.forEach(function (b) { shown[b.value] = b.checked; });
      rows.forEach(function (r) { r.hidden = !shown[r.getAttribute('data-kind')]; });
    });
    box.hidden = false;
  }
  document.body.setAttribute('data-ready', '1');
})();
"""


def render_html(rec: Reconciliation) -> str:
    """The whole page as a string."""
    title = f"Đối chiếu báo cáo — Kế hoạch {rec.plan}"
    body = "\n".join([
        _header(rec),
        _summary(rec),
        _chart(rec.targets),
        _flags(rec.flags),
        _units(rec.reports),
        _targets(rec),
        _plain_list("met", "Đã đạt", "What was met", rec.met, "Chưa có chỉ tiêu hoặc nhiệm vụ nào được ghi nhận là đạt."),
        _plain_list("notes", "Ghi chú xử lý", "Notes on the input", rec.notes, "Không có."),
        '<footer>Lập tự động từ reconciliation.json bởi vanban · Generated by vanban from reconciliation.json. '
        "Liên kết mở trang tương ứng của tệp nguồn / Links open the cited page of the source file.</footer>",
    ])
    return (
        "<!DOCTYPE html>\n"
        '<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n<script>{ERROR_SCRIPT}</script>\n</head>\n"
        '<body data-script-errors="0" data-ready="0">\n'
        f"{body}\n<script>{FILTER_SCRIPT}</script>\n</body>\n</html>\n"
    )


def evidence_href(file: str, provenance: Provenance | None) -> str:
    """A file:// link to the cited page (unescaped; the caller escapes it into the attribute).

    A relative path resolves against the current directory: where the run
    was started and the paths were given, so the link finds the same file.
    """
    href = Path(file).resolve().as_uri()
    return f"{href}#page={provenance.page}" if provenance else href


def _evidence(file: str | None, provenance: Provenance | None) -> str:
    """The link to a source page, with its quoted text as tooltip and a short snippet under it."""
    if not file:
        return NONE
    page = f", tr. {provenance.page}" if provenance else ""
    tooltip = _truncate(provenance.text, TOOLTIP_CHARS) if provenance else file
    link = (f'<a class="ev" href="{escape(evidence_href(file, provenance))}" title="{escape(tooltip)}">'
            f"{escape(Path(file).name)}{page}</a>")
    if provenance is None:
        return link
    if provenance.source == SourceKind.OCR:
        link += f'<span class="ocr" title="Văn bản quét, nhận dạng OCR / scanned, OCR">OCR {provenance.confidence:.0%}</span>'
    return link + f'<q class="snippet">{escape(_truncate(provenance.text, SNIPPET_CHARS))}</q>'


def _header(rec: Reconciliation) -> str:
    meta = []
    if rec.plan_date:
        meta.append(f"Ngày {escape(date_vi(rec.plan_date))}")
    if rec.plan_file:
        meta.append(f"Tệp / File: {_evidence(rec.plan_file, None)}")
    return (
        "<header>"
        '<p class="eyebrow">Đối chiếu báo cáo của các đơn vị với kế hoạch '
        '<span class="en">· Unit reports reconciled against the plan</span></p>'
        f"<h1>Kế hoạch số {escape(rec.plan)}</h1>"
        + (f'<p class="plan-title">{escape(rec.plan_title)}</p>' if rec.plan_title else "")
        + (f'<p class="plan-meta">{" · ".join(meta)}</p>' if meta else "")
        + "</header>"
    )


def _summary(rec: Reconciliation) -> str:
    states = Counter(r.state for r in rec.reports)
    received = sum(1 for r in rec.reports if r.file)
    others = [(STATE_LABELS[s], n) for s, n in states.items()
              if s not in (ReportState.ON_TIME, ReportState.LATE, ReportState.MISSING)]
    report_stats = [
        ("Đã nhận", "received", received),
        ("Đúng hạn", "on time", states[ReportState.ON_TIME]),
        ("Muộn", "late", states[ReportState.LATE]),
        ("Chưa gửi", "missing", states[ReportState.MISSING]),
    ]
    statuses = Counter(t.status for t in rec.targets)
    target_stats = [
        (STATUS_LABELS[s].vi, STATUS_LABELS[s].en.lower(), statuses[s])
        for s in (TargetStatus.MET, TargetStatus.SHORTFALL, TargetStatus.NOT_REPORTED)
    ]
    kinds = Counter(f.kind for f in rec.flags)
    flag_items = "".join(
        f'<li class="{"zero" if not kinds[kind] else ""}">{_badge(FLAG_LABELS[kind], str(kinds[kind]))} '
        f'{escape(FLAG_LABELS[kind].vi)} <span class="en">{escape(FLAG_LABELS[kind].en)}</span></li>'
        for kind in FlagKind
    )
    other_note = ""
    if others:
        listed = "; ".join(f"{escape(label.vi)}: {n}" for label, n in others)
        other_note = f'<p class="en">Khác / other: {listed}</p>'
    return (
        '<section id="summary"><h2>Tóm tắt <span class="en">Summary</span></h2><div class="cards">'
        f'<div class="card"><h3>Báo cáo <span class="en">Reports</span></h3>{_stats(report_stats)}{other_note}</div>'
        f'<div class="card"><h3>Chỉ tiêu ({len(rec.targets)}) <span class="en">Targets</span></h3>{_stats(target_stats)}</div>'
        f'<div class="card"><h3>Cảnh báo ({len(rec.flags)}) <span class="en">Flags</span></h3>'
        f'<ul class="flagcounts">{flag_items}</ul></div>'
        "</div></section>"
    )


def _stats(items: list[tuple[str, str, int]]) -> str:
    cells = "".join(
        f'<li class="{"zero" if not n else ""}"><b>{n}</b>{escape(vi)} <span class="en">{escape(en)}</span></li>'
        for vi, en, n in items
    )
    return f'<ul class="stats">{cells}</ul>'


def _chart(targets: list[TargetAttainment]) -> str:
    head = '<section id="chart" class="chart"><h2>Mức độ đạt chỉ tiêu <span class="en">Target attainment, % of target</span></h2>'
    if not targets:
        return head + '<p class="none">Kế hoạch không có chỉ tiêu định lượng. <span class="en">The plan sets no numeric targets.</span></p></section>'
    legend = "".join(
        f'<li><span class="swatch" style="background:{STATUS_LABELS[s].colour}"></span>'
        f'{escape(STATUS_LABELS[s].vi)} <span class="en">{escape(STATUS_LABELS[s].en)}</span></li>'
        for s in (TargetStatus.MET, TargetStatus.SHORTFALL)
    )
    legend += ('<li><span class="swatch track"></span>Chưa báo cáo <span class="en">Not reported</span></li>'
               '<li><span class="swatch hundred"></span>100% chỉ tiêu <span class="en">100% of target</span></li>')
    return f'{head}{attainment_svg(targets)}<ul class="legend">{legend}</ul></section>'


def _flags(flags: list[Flag]) -> str:
    head = f'<section id="flags"><h2>Cảnh báo ({len(flags)}) <span class="en">Flags</span></h2>'
    if not flags:
        return head + '<p class="none">Không có cảnh báo. <span class="en">No flags.</span></p></section>'
    present = [kind for kind in FlagKind if any(f.kind == kind for f in flags)]
    filter_box = '<div id="flag-filter" class="filter" hidden>Hiện / show: ' + "".join(
        f'<label><input type="checkbox" value="{kind.value}" checked> {escape(FLAG_LABELS[kind].vi)}</label>'
        for kind in present
    ) + "</div>"
    rows = []
    for flag in sorted(flags, key=lambda f: FLAG_ORDER[f.kind]):
        label = FLAG_LABELS[flag.kind]
        plan = flag.plan
        report = flag.report
        rows.append(
            f'<tr class="flag" data-kind="{flag.kind.value}">'
            f"<td>{_badge(label, label.vi)}</td>"
            f"<td>{escape(flag.unit) if flag.unit else NONE}</td>"
            f'<td>{escape(flag.message.get("vi", ""))}<span class="msg-en" lang="en">{escape(flag.message.get("en", ""))}</span></td>'
            f"<td>{_evidence(plan.file, plan.provenance) if plan else NONE}</td>"
            f"<td>{_evidence(report.file, report.provenance) if report else NONE}</td>"
            "</tr>"
        )
    headers = [("Loại", "Kind"), ("Đơn vị", "Unit"), ("Nội dung", "Message"), ("Kế hoạch", "Plan evidence"),
               ("Báo cáo", "Report evidence")]
    return f'{head}{filter_box}{_table(headers, "".join(rows), table_id="flag-table")}</section>'


def _units(reports: list[ReportStatus]) -> str:
    head = f'<section id="units"><h2>Đơn vị và báo cáo ({len(reports)}) <span class="en">Units and their reports</span></h2>'
    if not reports:
        return head + '<p class="none">Không có đơn vị nào. <span class="en">No units.</span></p></section>'
    rows = "".join(
        f'<tr class="unit" data-state="{r.state.value}">'
        f"<td>{escape(r.unit)}</td>"
        f"<td>{_badge(STATE_LABELS[r.state], STATE_LABELS[r.state].vi)}</td>"
        f"<td>{escape(r.number or '')}</td>"
        f"<td>{escape(date_vi(r.issued_date))}</td>"
        f"<td>{escape(date_vi(r.deadline))}</td>"
        f'<td class="num">{"" if r.days_late is None else r.days_late}</td>'
        f"<td>{_evidence(r.file, r.provenance)}</td>"
        f'<td><span lang="en">{escape(r.note or "")}</span></td>'
        "</tr>"
        for r in reports
    )
    headers = [("Đơn vị", "Unit"), ("Tình trạng", "State"), ("Số văn bản", "Number"), ("Ngày", "Date"),
               ("Hạn", "Deadline"), ("Muộn (ngày)", "Days late"), ("Tệp", "File"), ("Ghi chú", "Note")]
    return f"{head}{_table(headers, rows)}</section>"


def _targets(rec: Reconciliation) -> str:
    head = f'<section id="targets"><h2>Chỉ tiêu và kết quả ({len(rec.targets)}) <span class="en">Targets against results</span></h2>'
    if not rec.targets:
        return head + '<p class="none">Không có chỉ tiêu. <span class="en">No targets.</span></p></section>'
    rows = []
    for target in rec.targets:
        label = STATUS_LABELS[target.status]
        span = max(1, len(target.results))
        target_cells = (
            f'<td rowspan="{span}">{escape(target.metric)}</td>'
            f'<td rowspan="{span}">{escape(comparator_sign(target.comparator))} {escape(target.raw_value)}</td>'
            f'<td rowspan="{span}">{_badge(label, label.vi)}</td>'
        )
        plan_cell = f'<td rowspan="{span}">{_evidence(rec.plan_file, target.provenance)}</td>'
        if not target.results:
            rows.append(f'<tr class="target" data-status="{target.status.value}">{target_cells}'
                        f'<td colspan="4" class="none">Chưa đơn vị nào báo cáo <span class="en">not reported</span></td>'
                        f"{plan_cell}</tr>")
            continue
        for index, result in enumerate(target.results):
            measure = f" {target.unit}" if target.unit else ""
            cells = (
                f"<td>{escape(result.unit or '—')}</td>"
                f'<td class="num">{escape(number_vi(result.value) + measure)}</td>'
                f'<td class="num">{escape(percent_vi(result_percent(target, result)))}</td>'
                f"<td>{_evidence(result.file, result.provenance)}</td>"
            )
            lead = target_cells if index == 0 else ""
            tail = plan_cell if index == 0 else ""
            rows.append(f'<tr class="target" data-status="{target.status.value}">{lead}{cells}{tail}</tr>')
    headers = [("Chỉ tiêu", "Target"), ("Mức đề ra", "Goal"), ("Trạng thái", "Status"),
               ("Đơn vị báo cáo", "Reported by"), ("Kết quả", "Achieved"), ("% chỉ tiêu", "% of target"),
               ("Báo cáo", "Report evidence"), ("Kế hoạch", "Plan evidence")]
    return f"{head}{_table(headers, ''.join(rows))}</section>"


def _plain_list(anchor: str, vi: str, en: str, items: list[str], empty: str) -> str:
    head = f'<section id="{anchor}"><h2>{escape(vi)} <span class="en">{escape(en)}</span></h2>'
    if not items:
        return f'{head}<p class="none">{escape(empty)}</p></section>'
    return head + '<ul class="plain">' + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul></section>"


def _badge(label: Label, text: str) -> str:
    return f'<span class="badge" style="background:{label.colour}" title="{escape(label.en)}">{escape(text)}</span>'


def _table(headers: list[tuple[str, str]], rows: str, table_id: str = "") -> str:
    """A table with bilingual column heads (Vietnamese, the English under it) over already built rows."""
    heads = "".join(f'<th>{escape(vi)}<span class="en">{escape(en)}</span></th>' for vi, en in headers)
    id_attr = f' id="{table_id}"' if table_id else ""
    return f"<table{id_attr}><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>"


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
