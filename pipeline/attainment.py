"""Plan targets matched to the results reports state, and whether each was met.

A result answers a target when it measures the same thing: the metric
wordings share their content words (pipeline/similarity.py), the units
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
from pipeline.similarity import content_words, overlap
from schemas.extraction import Comparator, ExtractedDocument, Result, Target

MIN_SCORE = 0.6
_CONTEXT_WEIGHT = 0.8
_CONTEXT_SHARE = 0.9
# A value outside this ratio of the target is another quantity that shares the words.
_PLAUSIBLE = (0.05, 20.0)
_GROWTH = {Comparator.INCREASE, Comparator.DECREASE}


@dataclass(frozen=True)
class Achieved:
    """A result read in the target's terms."""

    result: Result
    value: float  # base value comparable with target.base_value (or the growth % for growth targets)
    percent: float | None  # achieved as % of the target
    met: bool
    score: float


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


def metric_score(target: Target, result: Result, context: str = "", plan_context: str = "") -> float:
    """How surely `result` measures what `target` does (0 when the units differ).

    The metric as the report words it decides; when it falls short, the
    sentence and the text just before it (`context`: "mở 04 lớp bồi dưỡng kỹ
    năng số ... Đã có 142/150 cán bộ hoàn thành, đạt tỷ lệ 94,7%") may name
    the measure instead, and count a little less than the metric itself.
    """
    if not _units_agree(target, result):
        return 0.0
    target_words = content_words(target.metric)
    score = overlap(target_words, content_words(result.metric))
    around = content_words(f"{context} {result.text or ''} {result.metric}")
    share = _share(target_words, around) if len(set(around)) >= 2 else 0.0
    if share >= _CONTEXT_SHARE:  # nearly every word of the target's measure stands around the figure
        score = max(score, _CONTEXT_WEIGHT * share)
    result_words = content_words(result.metric)
    if len(set(result_words)) >= 2 and set(result_words) & set(target_words):
        # the report's wording is all in the plan's sentence: 'tổng thu từ khách du lịch' for
        # '... khách du lịch; doanh thu đạt 3.350 tỷ đồng' (the unit has already told the quantity)
        share = _share(result_words, content_words(plan_context or target.text))
        if share >= _CONTEXT_SHARE:
            score = max(score, _CONTEXT_WEIGHT * share)
    return score


def _share(wanted: list[str], found: list[str]) -> float:
    """Share of the target's words present in a longer text (the text may say much else)."""
    wanted_set = set(wanted)
    return len(wanted_set & set(found)) / len(wanted_set) if wanted_set else 0.0


def _units_agree(target: Target, result: Result) -> bool:
    if target.comparator in _GROWTH:
        return result.growth_percent is not None
    target_unit = target.base_unit or base_unit_of(target.unit or "")
    result_unit = result.base_unit or base_unit_of(result.unit or "")
    if target_unit == result_unit:
        return True
    return result_unit == "%" and result.percent_of_plan is not None  # 'đạt 92,9% kế hoạch' alone


def read_against(target: Target, result: Result, context: str = "", plan_context: str = "") -> Achieved | None:
    """The result as an achievement of the target, or None when it cannot be that target's."""
    score = metric_score(target, result, context, plan_context)
    if score < MIN_SCORE:
        return None
    if target.comparator in _GROWTH:
        value = result.growth_percent or 0.0
        wanted = target.value if target.comparator == Comparator.INCREASE else -target.value
        met = value >= wanted if target.comparator == Comparator.INCREASE else value <= wanted
        return Achieved(result, value, None, met, score)
    target_unit = target.base_unit or base_unit_of(target.unit or "")
    result_unit = result.base_unit or base_unit_of(result.unit or "")
    if result_unit == "%" and target_unit != "%":
        share = result.percent_of_plan if result.percent_of_plan is not None else result.value
        value = target.base_value * share / 100.0
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
