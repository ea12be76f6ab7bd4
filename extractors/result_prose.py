"""Results a report states in sentences: "đón 21.450 nghìn lượt khách, đạt 92,9% kế hoạch, tăng 8% so với cùng kỳ".

A clause holds one or more achieved quantities (a number with a unit) and
figures that qualify the one before them: the share of the plan ("đạt 92,9%
kế hoạch", "bằng 105% kế hoạch năm", "90% so với kế hoạch"), the growth
("tăng 8% so với cùng kỳ", "giảm 3%") and the planned value itself
("(kế hoạch 23.100 nghìn lượt)"). Qualifiers are attached to the quantity
they qualify, never reported as results of their own unless the clause
states nothing else ("tỷ lệ giải ngân đạt 45% kế hoạch"). Numbers with no
unit, durations, dates and document numbers are not results. Only the parts
of a report that tell what was done are read (see `sections.reads_results`);
its forward-looking parts keep their numbers as targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extractors.context import Context
from extractors.cues import CueMatcher
from extractors.grammar import Quantity
from extractors.measures import DURATION_UNITS, clauses, counted_noun, metric_of
from extractors.sections import reads_results
from pipeline.text.sentences import sentence_around
from pipeline.text.structure import Block
from schemas.extraction import Result, Section

# Words that stand between a metric and its achieved number ("tỷ lệ ... đạt 89,94%").
LEAD_CUES: dict[str, list[str]] = {
    "achieved": ["đạt", "ước đạt", "đạt được", "ước thực hiện", "thực hiện được", "bằng", "đạt tỷ lệ", "là",
                 "được", "tổng cộng", "tổng số", "tăng", "giảm"],
}
_PLAN_WORDS = r"(?:kế hoạch|KH|chỉ tiêu|mục tiêu|dự toán)"
# "(kế hoạch 23.100 nghìn lượt)", "chỉ tiêu giao: 500 người", "kế hoạch năm 2026 là 3.350 tỷ đồng"
_PLAN_BEFORE = re.compile(
    rf"(?<!\w){_PLAN_WORDS}(?:\s+(?:năm|giao|được giao|đề ra|cả năm|năm \d{{4}}))*\s*(?:là|:|=)?\s*$",
    re.IGNORECASE)
# "92,9% kế hoạch", "105% kế hoạch năm", "90% so với kế hoạch", "24,88% dự toán"
_SHARE_AFTER = re.compile(rf"^\s*(?:so với\s+)?{_PLAN_WORDS}(?!\w)", re.IGNORECASE)
_GROWTH_BEFORE = re.compile(r"(?<!\w)(?P<way>tăng|giảm)(?:\s+(?:thêm|khoảng|hơn|gần|trên|được))?\s*$",
                            re.IGNORECASE)
# "120.088 hồ sơ (tỷ lệ 95,53%)", "193.457 hồ sơ đúng hạn, đạt 99,1%": the count again, as a share
_SHARE_OF_BEFORE = re.compile(r"[,(]\s*(?:tỷ lệ|đạt|chiếm|bằng|đạt tỷ lệ)?\s*$", re.IGNORECASE)
# A clause that reports something done or counted; one without ("diện tích 75 ha") describes.
_REPORTED = re.compile(
    r"(?<!\w)(?:đạt|đã|được|hoàn thành|thực hiện|tổ chức|ban hành|cấp|tiếp nhận|giải quyết|xử lý|tổng số|"
    r"tổng cộng|lũy kế|tăng|giảm|đón|thu hút|kiểm tra|phát hiện|triển khai|tham gia|có|gồm|trong đó|số|tỷ lệ)(?!\w)",
    re.IGNORECASE)
_NOT_RESULT_UNITS = {"cấp"}
# Units whose figure the preceding words name: rates, money, measures.
_NAMED_BEFORE = {"%", "đồng", "USD", "km", "km²", "ha", "m", "m²", "m³", "tấn", "kg", "lít", "MW", "kWh", "MWh"}
_PHRASE_END = re.compile(r"[,;:()]|\s(?:so với|trở lên|đạt|bằng|tăng|giảm|là|trong đó)\s", re.IGNORECASE)
_TRAILING_LINK = re.compile(r"(?:\s+(?:cho|của|với|tại|về|và|được|đã|có|trên|ở))+$", re.IGNORECASE)  # "chính quyền địa phương 02 cấp" names a system, it counts nothing done
_BARE_SHARE = re.compile(r"^[\s,]*(?:đạt|bằng|tương đương)?\s*$", re.IGNORECASE)
_STATED_BEFORE = re.compile(r"(?<!\w)(?:là|đạt|được)\s*$", re.IGNORECASE)
_FUTURE = re.compile(r"(?<!\w)(?:sẽ|dự kiến|phấn đấu|dự kiến)(?!\w)", re.IGNORECASE)
_COMPARED = re.compile(r"(?<!\w)so với(?!\w)", re.IGNORECASE)
_WINDOW = 40  # characters before a number searched for the words that qualify it


@lru_cache(maxsize=1)
def _matcher() -> CueMatcher:
    return CueMatcher(LEAD_CUES)


@dataclass
class _Reading:
    """An achieved quantity and the qualifiers found for it in its clause."""

    quantity: Quantity
    share_of: _Reading | None = None  # "120.088 hồ sơ (tỷ lệ 95,53%)": the same count as a share
    plan: Quantity | None = None
    share: float | None = None
    growth: float | None = None
    qualifiers: list[Quantity] = field(default_factory=list)


def results_from_prose(ctx: Context, sections: list[Section]) -> list[Result]:
    """Every result stated in the sentences of a report's results parts."""
    if ctx.structure.doc_type != "bao_cao":
        return []
    bases = {id(b) for b in ctx.structure.bases}
    out = []
    for block in ctx.structure.blocks:
        if block.kind == "table_row" or id(block) in bases or not reads_results(sections, block.start) \
                or block.kind == "heading" and block.text.isupper():
            continue  # a heading in capitals names a part ("II. TIẾN ĐỘ ... (07 CỤM)"), it reports nothing
        out += _from_block(ctx, block)
    return out


def _from_block(ctx: Context, block: Block) -> list[Result]:
    mentions = ctx.mentions(block.start, block.end)
    if not mentions.quantities:
        return []
    piece = ctx.piece(block.start, block.end)
    cues = _matcher()(ctx.doc(block.start, block.end))
    section = (ctx.block_heading_titles(block) or [None])[-1]
    out = []
    for left, right in clauses(piece):
        quantities = [q for q in mentions.quantities if left <= q.start < right]
        if _FUTURE.search(piece, left, right) or not _REPORTED.search(piece, left, right):
            continue  # "Sở Nội vụ sẽ kiểm tra tại 29 cơ quan": a plan restated, not a result
        metrics: dict[int, str] = {}
        for reading in _readings(piece, left, right, quantities):
            quantity = reading.quantity
            lead = _lead_start(piece, left, quantity, quantities)
            if reading.share_of is not None:
                metric = metrics.get(id(reading.share_of), "")
            else:
                metric = _counted_phrase(piece, quantity, quantities, right) or metric_of(
                    piece, lead, right, quantity, [c for c in cues if left <= c.start < right], quantities)
            metrics[id(reading)] = metric
            if reading.share is not None and out and out[-1].percent_of_plan is None \
                    and _BARE_SHARE.match(piece[left:quantity.start]):
                out[-1].percent_of_plan = reading.share  # "là 230.473 triệu đồng; đạt 1,75% kế hoạch năm"
                continue
            metric = _tidy(metric)
            if not metric or _names_only_its_unit(metric, quantity, piece[lead:quantity.start]):
                continue
            plan = reading.plan
            out.append(Result(
                metric=metric, value=quantity.value, unit=quantity.unit, base_value=quantity.base_value,
                base_unit=quantity.base_unit,
                plan_value=_plan_value(plan, quantity) if plan else None,
                percent_of_plan=reading.share, growth_percent=reading.growth,
                text=sentence_around(piece, left, right), section=section,
                provenance=ctx.provenance(block.start + quantity.start, block.start + quantity.end),
            ))
    return out


def _readings(piece: str, left: int, right: int, quantities: list[Quantity]) -> list[_Reading]:
    """The achieved quantities of a clause, each with the qualifiers that follow it."""
    readings: list[_Reading] = []
    pending_plan: Quantity | None = None
    for quantity in quantities:
        before = piece[max(left, quantity.start - _WINDOW):quantity.start]
        after = piece[quantity.end:right]
        current = readings[-1] if readings else None
        if piece[max(left, quantity.start - 2):quantity.start].strip() == "/":
            continue  # "230.473 triệu đồng/13.203.300 triệu đồng": the whole, not a result
        if is_threshold(piece, quantity, followed=any(q.start > quantity.end for q in quantities)):
            continue  # "tỷ lệ xã có điểm từ 70 điểm trở lên đạt 67%": part of the measure's name
        if _PLAN_BEFORE.search(before):
            if current is not None and current.plan is None:
                current.plan = quantity
            else:
                pending_plan = quantity  # "kế hoạch 500 người, thực hiện 480 người"
            continue
        growth = _GROWTH_BEFORE.search(before)
        if quantity.is_percent and _SHARE_AFTER.match(after):
            if current is not None:
                current.share = current.share if current.share is not None else quantity.value
                continue  # a second share ("và đạt 23,41% dự toán tỉnh giao") is of another plan
            readings.append(_Reading(quantity, share=quantity.value))  # "tỷ lệ giải ngân đạt 45% kế hoạch"
            continue
        if current is not None and quantity.is_percent and current.quantity.unit != "%" \
                and _SHARE_OF_BEFORE.search(piece[current.quantity.end:quantity.start]):
            readings.append(_Reading(quantity, share_of=current))
            continue
        if growth and quantity.is_percent:
            signed = quantity.value if growth.group("way").lower() == "tăng" else -quantity.value
            if current is not None and current.growth is None:
                current.growth = signed
                continue
            readings.append(_Reading(quantity, growth=signed))  # "thu nhập bình quân tăng 12% so với năm 2025"
            continue
        if growth and _COMPARED.search(after):
            continue  # "tăng 1.200 lượt so với cùng kỳ": a difference, not what was achieved
        if not _measurable(quantity) and not (quantity.unit is None and _STATED_BEFORE.search(before)):
            continue  # a bare number counts only as what something "là/đạt" ("số hồ sơ đúng hạn là 120.088")
        readings.append(_Reading(quantity, plan=pending_plan))
        pending_plan = None
    return readings


_THRESHOLD_BEFORE = re.compile(r"(?<!\w)(?:từ|trên|dưới)\s*$", re.IGNORECASE)
_RANGE_AFTER = re.compile(r"^\s*(?:đến|tới|-|–)", re.IGNORECASE)
_THRESHOLD_AFTER = re.compile(r"^\s*(?:trở lên|trở xuống)(?!\w)", re.IGNORECASE)


def is_threshold(piece: str, quantity: Quantity, followed: bool = False) -> bool:
    """A bound inside a measure's name, not a figure of its own: "xã có điểm từ 70 điểm trở lên", or
    "xã đạt từ 70 điểm ước đạt 76%" when another figure follows (`followed`) and it opens no range."""
    if not _THRESHOLD_BEFORE.search(piece[max(0, quantity.start - 6):quantity.start]):
        return False
    after = piece[quantity.end:quantity.end + 12]
    return bool(_THRESHOLD_AFTER.match(after)) or (followed and not _RANGE_AFTER.match(after))


def _counted_phrase(piece: str, quantity: Quantity, quantities: list[Quantity], right: int) -> str:
    """What a count counts, when its words say it ("đón 6.420 nghìn lượt khách" -> "lượt khách",
    "11/15 đơn vị xếp loại Tốt" -> "đơn vị xếp loại Tốt"); empty for rates, money and measures, which
    the words before them name ("doanh thu ... đạt 9.850 tỷ đồng"), and for a bare noun ("125.712 hồ sơ")."""
    if quantity.base_unit in _NAMED_BEFORE or quantity.unit is None:
        return ""
    end = min([q.start for q in quantities if q.start > quantity.end] + [right])
    following = _PHRASE_END.split(piece[quantity.end:end], maxsplit=1)[0]
    following = _TRAILING_LINK.sub("", following.strip())
    phrase = " ".join(f"{counted_noun(quantity)} {following}".split())
    return phrase if len(phrase.split()) > len(counted_noun(quantity).split()) else ""


def _lead_start(piece: str, left: int, quantity: Quantity, quantities: list[Quantity]) -> int:
    """Where the words naming a quantity begin: after the previous quantity and the comma that ends
    its own words ("11/15 đơn vị xếp loại Tốt, 03/15 đơn vị xếp loại Khá")."""
    earlier = [q.end for q in quantities if q.end <= quantity.start and not is_threshold(piece, q, followed=True)]
    if not earlier:
        return left
    start = max(earlier)
    cut = max((m.end() for m in re.finditer(r",|\(|(?<!\w)và(?!\w)", piece[start:quantity.start])), default=0)
    return start + cut


def _names_only_its_unit(metric: str, quantity: Quantity, before: str) -> bool:
    """A number that nothing names but its own unit ("(12 đơn vị, 247 đơn vị)", ": 8.332.978 triệu đồng")."""
    words = re.findall(r"\w+", metric.lower())
    return words == re.findall(r"\w+", counted_noun(quantity).lower()) and not re.search(r"[^\W\d_]", before)


def _measurable(quantity: Quantity) -> bool:
    """A number with a unit that is not a length of time ("trong 05 ngày")."""
    return (quantity.unit is not None or quantity.is_percent) \
        and quantity.base_unit not in DURATION_UNITS | _NOT_RESULT_UNITS


def _plan_value(plan: Quantity, achieved: Quantity) -> float:
    """The planned value on the achieved value's scale when the plan figure is written bare ("kế hoạch 23.100")."""
    return plan.base_value if plan.unit else plan.value * achieved.scale


def _tidy(metric: str) -> str:
    """A metric without the bracket it was cut out of ("(Cấp tỉnh hồ sơ đúng hạn" -> "Cấp tỉnh hồ sơ đúng hạn")."""
    if metric.count("(") > metric.count(")"):
        metric = metric.replace("(", " ", 1) if metric.lstrip().startswith("(") else metric
    if metric.count(")") > metric.count("("):
        metric = metric.rstrip(" )")
    return " ".join(metric.split()).strip(" ,")

