"""The target-attainment chart: one horizontal bar per plan target, as inline SVG.

Drawn in Python so the HTML report needs no script, no library and no
network to show it, prints as crisply as text, and carries a `<title>` per
bar that a browser shows as a tooltip. Bar length is the achieved % of the
target; colour is the target's status as reconciliation decided it (for a
'không quá' target a short bar is the good one, so length alone would
mislead). Targets no report answered get a dashed, empty bar saying so.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

from pipeline.reconcile.labels import STATUS_LABELS, comparator_sign, number_vi, percent_vi
from pipeline.report.tables import result_percent
from schemas.reconciliation import ResultMatch, TargetAttainment, TargetStatus

WIDTH = 960
LABEL_WIDTH = 330
VALUE_WIDTH = 80
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP, BOTTOM = 26, 12
MIN_AXIS, MAX_AXIS = 120.0, 200.0
LABEL_CHARS = 48


def attainment_svg(targets: list[TargetAttainment]) -> str:
    """The chart's `<svg>` element (empty string when the plan has no targets)."""
    if not targets:
        return ""
    axis_max = _axis_max(targets)
    plot_x = LABEL_WIDTH
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = TOP + ROW_HEIGHT * len(targets) + BOTTOM

    def x_of(percent: float) -> float:
        return plot_x + plot_width * min(max(percent, 0.0), axis_max) / axis_max

    parts = [
        f'<svg class="attainment" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="chart-title" preserveAspectRatio="xMinYMin meet">',
        '<title id="chart-title">Mức độ đạt chỉ tiêu (% so với chỉ tiêu) / Target attainment</title>',
    ]
    for tick in range(0, int(axis_max) + 1, 50 if axis_max > 150 else 25):
        x = x_of(tick)
        parts.append(f'<line class="grid" x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{height - BOTTOM}"/>')
        parts.append(f'<text class="tick" x="{x:.1f}" y="{TOP - 10}" text-anchor="middle">{tick}%</text>')
    for index, target in enumerate(targets):
        parts.append(_bar(index, target, TOP + ROW_HEIGHT * index, x_of, axis_max))
    x100 = x_of(100)
    parts.append(
        f'<line class="hundred" x1="{x100:.1f}" y1="{TOP - 4}" x2="{x100:.1f}" y2="{height - BOTTOM + 4}">'
        "<title>100% chỉ tiêu / 100% of target</title></line>"
    )
    parts.append("</svg>")
    return "\n".join(parts)


def headline_result(target: TargetAttainment) -> ResultMatch | None:
    """The result the bar shows: among those agreeing with the target's status, the highest percentage.

    A target several units reported is met when one of them meets it, so the
    bar shows that one; the tooltip lists them all.
    """
    if not target.results:
        return None
    agreeing = [r for r in target.results if r.met == (target.status == TargetStatus.MET)] or target.results
    return max(agreeing, key=lambda r: result_percent(target, r) or 0.0)


def _bar(index: int, target: TargetAttainment, y: float, x_of: Callable[[float], float], axis_max: float) -> str:
    """One target's row: its label, its bar (or the dashed 'not reported' track) and its value."""
    status = target.status
    label = STATUS_LABELS[status]
    bar_y = y + (ROW_HEIGHT - BAR_HEIGHT) / 2
    text_y = y + ROW_HEIGHT / 2 + 4
    metric = target.metric if len(target.metric) <= LABEL_CHARS else target.metric[: LABEL_CHARS - 1] + "…"
    goal = f"{comparator_sign(target.comparator)} {target.raw_value}"
    head = headline_result(target)
    percent = result_percent(target, head) if head else None
    x0 = x_of(0)
    if head is None or percent is None:
        width = x_of(100) - x0
        shape = (f'<rect class="track" x="{x0:.1f}" y="{bar_y:.1f}" width="{width:.1f}" height="{BAR_HEIGHT}"/>'
                 f'<text class="inbar" x="{x0 + 8:.1f}" y="{text_y:.1f}">{escape(label.vi)}</text>')
        value_text = "—" if head is None else escape(number_vi(head.value))
    else:
        width = max(x_of(percent) - x0, 2.0)  # a 0% result is still drawn, as a sliver
        shape = f'<rect class="fill" x="{x0:.1f}" y="{bar_y:.1f}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{label.colour}"/>'
        if percent > axis_max:
            shape += f'<text class="overflow" x="{x0 + width - 4:.1f}" y="{text_y:.1f}" text-anchor="end">»</text>'
        value_text = escape(percent_vi(percent))
    value_x = x_of(axis_max) + 8
    return (
        f'<g class="bar bar-{status.value}" data-status="{status.value}" data-index="{index}">'
        f"<title>{escape(_tooltip(target, goal, percent))}</title>"
        f'<text class="label" x="{LABEL_WIDTH - 10}" y="{text_y:.1f}" text-anchor="end">{escape(metric)}</text>'
        f"{shape}"
        f'<text class="value" x="{value_x:.1f}" y="{text_y:.1f}">{value_text}</text>'
        "</g>"
    )


def _tooltip(target: TargetAttainment, goal: str, percent: float | None) -> str:
    """Everything behind the bar in words: the target, its status, and each unit's result."""
    label = STATUS_LABELS[target.status]
    lines = [f"{target.metric}", f"Chỉ tiêu / Target: {goal}", f"{label.vi} / {label.en}"]
    if percent is not None:
        lines.append(f"Đạt {percent_vi(percent)} chỉ tiêu")
    for result in target.results:
        share = percent_vi(result_percent(target, result)) or "?"
        unit = result.unit or "(không rõ đơn vị)"
        measure = f" {target.unit}" if target.unit else ""
        lines.append(f"• {unit}: {number_vi(result.value)}{measure} ({share})")
    return "\n".join(lines)


def _axis_max(targets: list[TargetAttainment]) -> float:
    """Room for the 100% line and the best result, but capped so one outlier doesn't flatten the rest."""
    best = 0.0
    for target in targets:
        for result in target.results:
            best = max(best, result_percent(target, result) or 0.0)
    return min(MAX_AXIS, max(MIN_AXIS, math.ceil(best * 1.05 / 25) * 25))
