"""Plan targets matched to the results reports state, and whether each was met.

A result answers a target when it measures the same thing: the metric
wordings share their content words (pipeline/reconcile/similarity.py), the units
measure the same quantity once scale words are removed ("21.450.000 lượt"
against "23.100 nghìn lượt"), and the value is of the target's order of
magnitude (a museum's ticket takings of 1,2 tỷ đồng are not the sector's
revenue target of 3.350 tỷ). Growth targets ("tăng 8% so với cùng kỳ") are
matched to stated growth. A report that gives only "đạt 92,9% kế hoạch" for
a metric is read as that share of the target.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors.grammar.units import base_unit_of
from pipeline.reconcile.similarity import content_words, overlap
from schemas.extraction import Comparator, ExtractedDocument, Result, Target

MIN_SCORE = 0.6
_CONTEXT_WEIGHT = 0.8
_CONTEXT_SHARE = 0.9
# A value outside this ratio of the target is another quantity that shares the words.
_PLAUSIBLE = (0.05, 20.0)
GROWTH = {Comparator.INCREASE, Comparator.DECREASE}


@dataclass(frozen=True)
class Achieved:
    """A result read in the target's terms."""

    result: Result
    value: float  # base value comparable with target.base_value (or the growth % for growth targets)
    percent: float | None  # achieved as % of the target
    met: bool
    score: float


@dataclass(frozen=True)
class Goal:
    """A target with what matching needs of it, worked out once per reconciliation."""

    target: Target
    words: frozenset[str]
    sentence_words: frozenset[str]  # the plan's whole sentence stating it
    base_unit: str

    @classmethod
    def of(cls, target: Target, plan: ExtractedDocument | None = None) -> Goal:
        sentence = plan_sentence(plan, target) if plan is not None else target.text
        return cls(target, frozenset(content_words(target.metric)), frozenset(content_words(sentence)),
                   target.base_unit or base_unit_of(target.unit or ""))


@dataclass(frozen=True)
class Reading:
    """A report's result with what matching needs of it, worked out once per report."""

    result: Result
    words: frozenset[str]
    around: frozenset[str]  # its metric, its sentence and the text just before it
    base_unit: str

    @classmethod
    def of(cls, result: Result, context: str = "") -> Reading:
        return cls(result, frozenset(content_words(result.metric)),
                   frozenset(content_words(f"{context} {result.text or ''} {result.metric}")),
                   result.base_unit or base_unit_of(result.unit or ""))


def plan_sentence(plan: ExtractedDocument, target: Target) -> str:
    """The whole sentence of the plan that states a target ('Mục tiêu: năm 2026 đón 23.100 nghìn lượt
    khách du lịch; doanh thu đạt 3.350 tỷ đồng'), found in the task that holds it; else the target's text."""
    for task in plan.tasks:
        at = task.text.find(target.text)
        if at >= 0:
            start = max(task.text.rfind(". ", 0, at) + 1, 0)
            end = task.text.find(". ", at + len(target.text))
            return task.text[start:end if end >= 0 else len(task.text)].strip()
    return target.text


def metric_score(goal: Goal, reading: Reading) -> float:
    """How surely a result measures what a target does (0 when the units differ).

    The metric as the report words it decides. When it falls short, two
    wider views may decide instead, counting a little less: nearly all the
    target's words stand around the figure ("mở 04 lớp bồi dưỡng kỹ năng số
    ... Đã có 142/150 cán bộ hoàn thành, đạt tỷ lệ 94,7%"), or the report's
    wording is all in the plan's sentence ("tổng thu từ khách du lịch" for
    "... khách du lịch; doanh thu đạt 3.350 tỷ đồng": the unit has already
    told which quantity).
    """
    if not _units_agree(goal, reading):
        return 0.0
    score = overlap(goal.words, reading.words)
    views = [_share(goal.words, reading.around) if len(reading.around) >= 2 else 0.0]
    if len(reading.words) >= 2 and reading.words & goal.words:
        views.append(_share(reading.words, goal.sentence_words))
    best = max(views)
    return max(score, _CONTEXT_WEIGHT * best) if best >= _CONTEXT_SHARE else score


def _share(wanted: frozenset[str], found: frozenset[str]) -> float:
    """Share of `wanted` present in a longer text (the text may say much else)."""
    return len(wanted & found) / len(wanted) if wanted else 0.0


def _units_agree(goal: Goal, reading: Reading) -> bool:
    if goal.target.comparator in GROWTH:
        return reading.result.growth_percent is not None
    if goal.base_unit == reading.base_unit:
        return True
    return reading.base_unit == "%" and reading.result.percent_of_plan is not None  # 'đạt 92,9% kế hoạch' alone


def read_against(goal: Goal, reading: Reading) -> Achieved | None:
    """The result as an achievement of the target, or None when it cannot be that target's."""
    score = metric_score(goal, reading)
    if score < MIN_SCORE:
        return None
    target, result = goal.target, reading.result
    if target.comparator in GROWTH:
        value = result.growth_percent or 0.0  # never None here: the units agreed
        met = value >= target.value if target.comparator == Comparator.INCREASE else value <= -target.value
        return Achieved(result, value, None, met, score)
    if reading.base_unit == "%" and goal.base_unit != "%":
        value = target.base_value * (result.percent_of_plan or 0.0) / 100.0
    else:
        value = result.base_value
        if target.base_value and not _PLAUSIBLE[0] <= value / target.base_value <= _PLAUSIBLE[1]:
            return None
    percent = round(100.0 * value / target.base_value, 1) if target.base_value else None
    return Achieved(result, value, percent, _meets(target.comparator, value, target.base_value), score)


def _meets(comparator: Comparator, value: float, wanted: float) -> bool:
    tolerance = abs(wanted) * 1e-9
    if comparator == Comparator.GT:
        return value > wanted
    if comparator == Comparator.LTE:
        return value <= wanted + tolerance
    if comparator == Comparator.LT:
        return value < wanted
    return value >= wanted - tolerance  # đạt, từ ... trở lên, ít nhất: reaching the value meets it


def context_before(doc: ExtractedDocument, result: Result, chars: int = 300) -> str:
    """The report text just before a result, within its section: where a report often names the measure."""
    offset = result.provenance.span[0]
    for section in doc.sections:
        start, end = section.span
        if start <= offset < end:
            lead = len(section.text) - len(section.text.lstrip()) if section.text else 0
            at = max(0, offset - start - lead)
            return section.text[max(0, at - chars):at]
    return ""
