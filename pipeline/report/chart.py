"""The target-attainment chart: one horizontal bar per plan target, laid out here, drawn as inline SVG.

Drawn without script, library or network (templates/chart.svg.j2), so the
HTML report shows it offline, prints it as crisply as text, and carries a
`<title>` per bar that a browser shows as a tooltip. Bar length is the
achieved % of the target; colour is the target's status as reconciliation
decided it (for a 'không quá' target a short bar is the good one, so length
alone would mislead). Targets no report answered get a dashed, empty bar
saying so. This module only computes the geometry and the words.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.reconcile.labels import STATUS_LABELS, goal_text, number_vi, percent_vi
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


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Bar:
    """One target's row: label, bar (or dashed track) and value, with the tooltip behind it."""

    index: int
    status: str
    y: float
    bar_y: float
    text_y: float
    label: str
    tooltip: str
    x0: float
    width: float
    colour: str
    drawn: bool  # False: nobody reported a percentage, the dashed track is shown
    track_text: str
    value_text: str
    overflow: bool  # the result runs past the axis: a '»' at the bar's end


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    top: float
    bottom: float
    label_x: float
    value_x: float
    x100: float
    ticks: list[Tick] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)


def attainment_chart(targets: list[TargetAttainment]) -> Chart | None:
    """The chart's layout (None when the plan has no targets)."""
    if not targets:
        return None
    axis_max = _axis_max(targets)
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = TOP + ROW_HEIGHT * len(targets) + BOTTOM

    def x_of(percent: float) -> float:
        return LABEL_WIDTH + plot_width * min(max(percent, 0.0), axis_max) / axis_max

    step = 50 if axis_max > 150 else 25
    return Chart(
        width=WIDTH, height=height, top=TOP - 4, bottom=height - BOTTOM, label_x=LABEL_WIDTH - 10,
        value_x=round(x_of(axis_max) + 8, 1), x100=round(x_of(100), 1),
        ticks=[Tick(round(x_of(t), 1), f"{t}%") for t in range(0, int(axis_max) + 1, step)],
        bars=[_bar(i, t, TOP + ROW_HEIGHT * i, x_of, axis_max) for i, t in enumerate(targets)],
    )


def headline_result(target: TargetAttainment) -> ResultMatch | None:
    """The result the bar shows: among those agreeing with the target's status, the highest percentage.

    A target several units reported is met when one of them meets it, so the
    bar shows that one; the tooltip lists them all.
    """
    if not target.results:
        return None
    agreeing = [r for r in target.results if r.met == (target.status == TargetStatus.MET)] or target.results
    return max(agreeing, key=lambda r: result_percent(target, r) or 0.0)


def _bar(index: int, target: TargetAttainment, y: float, x_of: Callable[[float], float], axis_max: float) -> Bar:
    label = STATUS_LABELS[target.status]
    metric = target.metric if len(target.metric) <= LABEL_CHARS else target.metric[: LABEL_CHARS - 1] + "…"
    head = headline_result(target)
    percent = result_percent(target, head) if head else None
    x0 = x_of(0)
    drawn = head is not None and percent is not None
    if drawn:
        width = max(x_of(percent) - x0, 2.0)  # a 0% result is still drawn, as a sliver
        value_text = percent_vi(percent)
    else:
        width = x_of(100) - x0
        value_text = "—" if head is None else number_vi(head.value)
    return Bar(
        index=index, status=target.status.value, y=y, bar_y=y + (ROW_HEIGHT - BAR_HEIGHT) / 2,
        text_y=round(y + ROW_HEIGHT / 2 + 4, 1), label=metric, tooltip=_tooltip(target, percent),
        x0=round(x0, 1), width=round(width, 1), colour=label.colour, drawn=drawn, track_text=label.vi,
        value_text=value_text, overflow=drawn and percent is not None and percent > axis_max,
    )


def _tooltip(target: TargetAttainment, percent: float | None) -> str:
    """Everything behind the bar in words: the target, its status, and each unit's result."""
    label = STATUS_LABELS[target.status]
    goal = goal_text(target.comparator, target.comparator_text, target.raw_value)
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
