"""Reading a measured number out of a sentence: its clause and the metric it measures.

A plan's target ("tỷ lệ hồ sơ giải quyết đúng hạn đạt 98%") and a report's
result ("tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%") are worded alike, and
reconciliation pairs them by their metric, so both extractors must cut
clauses and name metrics the same way: that shared reading lives here.
"""

from __future__ import annotations

import re

from extractors.cues import Cue
from extractors.grammar import Quantity
from extractors.grammar.units import SCALE_RE

CLAUSE_END = re.compile(r";|:\s|[.!?](?=\s|$)|\n\s*[-+•]")
DURATION_UNITS = {"ngày", "tháng", "năm", "giờ", "tuần", "phút"}
NEAR = 14  # characters between a comparator cue and its number
_LEADING_NOISE = re.compile(
    r"^[\s\-+•*]*(?:(?:phấn đấu|mục tiêu|chỉ tiêu|cụ thể|trong đó|đến nay|hiện nay|đến|năm \d{4}|giai đoạn [\d\s-]+|"
    r"đến năm \d{4}|đến hết năm \d{4}|\d{4})[\s,:]*)*",
    re.IGNORECASE,
)


def clauses(piece: str) -> list[tuple[int, int]]:
    """Spans of the clauses of a paragraph: a number, its cues and its metric stay within one."""
    spans = []
    start = 0
    for match in CLAUSE_END.finditer(piece):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(piece)))
    return [(a, b) for a, b in spans if piece[a:b].strip()]


def metric_of(piece: str, left: int, right: int, quantity: Quantity, lead_cues: list[Cue],
              quantities: list[Quantity]) -> str:
    """What is measured: the words before the number (minus cues), else the words after it.

    `lead_cues` are the cue words ("đạt", "không dưới", "phấn đấu") that may
    stand between the metric and its number and are not part of the metric.
    """
    lead_end = quantity.start
    for cue in lead_cues:  # the cue chain right before the number ("đạt không dưới") is not part of the metric
        if cue.end <= lead_end and lead_end - cue.end <= 3 + (NEAR if lead_end == quantity.start else 0):
            lead_end = cue.start
    lead = piece[left:lead_end]
    lead = re.sub(r"[\s,:]*$", "", _LEADING_NOISE.sub("", lead))
    lead = re.sub(r"\s+(đón|đạt|là|ở mức|có)$", "", lead, flags=re.IGNORECASE)
    tail_end = min([q.start for q in quantities if q.start > quantity.end] + [right])
    following = re.split(r"[(]|\s(?:so với|trở lên|đạt|và)\s", piece[quantity.end:tail_end], maxsplit=1)[0]
    lead_words = lead.split()
    open_ended = re.search(r"\s(cho|của|với|tại|về|được|có)$", lead) is not None
    if not open_ended and (len(lead_words) >= 4 or len(lead_words) >= 2 and not following.strip(" ,.")):
        return " ".join(lead_words)  # "doanh thu đạt 3.350 tỷ đồng": the words before say it all
    return " ".join(f"{lead} {counted_noun(quantity)} {following}".split()).strip(" ,")


def counted_noun(quantity: Quantity) -> str:
    """What a quantity counts, as written after its number and scale: "người" in "27.500 người"."""
    text = quantity.text
    number = re.match(r"[\d.,/]+\s*(?:%|phần trăm)?", text)
    rest = text[number.end():] if number else text
    scale = SCALE_RE.match(rest.strip())
    rest = rest.strip()[scale.end():] if scale else rest
    return rest.strip()
