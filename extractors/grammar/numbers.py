"""Numbers and quantities ("23.100 nghìn lượt", "92,9%", "3.350 tỷ đồng", "04 tuyến").

Vietnamese writes "." between thousands and "," before decimals, the reverse of English; figures carry a
scale word (nghìn, triệu, tỷ) and a unit or counter. Targets and results are compared on the scaled
value, so each `Quantity` keeps the number as written, the scale, and their product.

Most digits in an administrative document are not quantities: dates, document numbers, heading numbers
("2.3."), article and clause labels ("Điều 5", "khoản 2"), bare years. `non_quantity_spans` marks them
and `find_quantities` skips every number inside one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline.text.docnumbers import find_doc_numbers
from pipeline.text.doctypes import DOC_TYPE_NAMES
from pipeline.text.letters import UPPER

from ._spans import SpanSet
from .dates import date_shaped_spans
from .units import SCALE_RE, SCALES, UNIT_RE, canonical_scale, lexicon_base

__all__ = ["SCALES", "Quantity", "find_quantities", "non_quantity_spans", "parse_number"]

_NUMERAL = re.compile(r"\d+(?:[.,]\d+)*")
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")  # 1.234.567
_EN_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")  # 1,234,567


def parse_number(text: str) -> float | None:
    """Value of a number written the Vietnamese way, falling back to English where unambiguous.

    "23.100" -> 23100, "92,9" -> 92.9, "1.234.567,5" -> 1234567.5, "04" -> 4; "1.5" -> 1.5 (a dot not
    followed by exactly three digits cannot be a thousands dot); "1,234,567" -> 1234567 (several comma
    groups cannot be decimals). A single "1,234" is a Vietnamese decimal. Returns None if not a number.
    """
    s = text.strip()
    if not _NUMERAL.fullmatch(s):
        return None
    head, comma, frac = s.partition(",")
    if not re.search(r"[.,]", frac):  # at most one comma, last: the Vietnamese reading may apply
        if "." not in head:
            return float(s.replace(",", "."))  # "92,9", "04"
        if _GROUPED.fullmatch(head) and not head.startswith("0"):
            return float(head.replace(".", "") + ("." + frac if comma else ""))  # "23.100", "5.373,4"
        if not comma and head.count(".") == 1:
            return float(head)  # "1.5", "0.50"
    whole, _, decimals = s.partition(".")
    if "." not in decimals and _EN_GROUPED.fullmatch(whole):
        return float(s.replace(",", ""))  # "1,234,567", "1,234,567.5"
    return None


@dataclass(frozen=True)
class Quantity:
    """A number with its optional scale word and unit, e.g. "23.100 nghìn lượt".

    `value` is the number as written (23100), `scale` the multiplier of the scale word (1000), and
    `base_value` their product. `base_unit` is the comparable unit family ("lượt" for "lượt khách", "%"
    for "phần trăm", "đồng" for "VNĐ"), None when no unit was written; `unit` is the canonical scale word
    plus the base unit ("nghìn lượt", "tỷ đồng", "%"), or the scale word alone, or None. The unit exactly
    as written stays in `text`.
    `total` is the denominator of a count written "124/124 xã" (same scale as `value`).
    """

    start: int
    end: int
    text: str
    value: float
    scale: int
    unit: str | None
    base_value: float
    base_unit: str | None
    is_percent: bool
    total: float | None = None


# Numbers that label rather than count. Strong labels never precede a quantity; after a weak label a
# number counts only if a unit follows ("Kế hoạch 5 năm" but not "Đề án 08").
_STRONG_LABELS = (
    "điều", "khoản", "chương", "mục", "tiểu mục", "phần", "phụ lục", "biểu", "biểu mẫu", "mẫu", "khóa",
    "khoá", "thứ", "quốc lộ", "tỉnh lộ", "đường tỉnh", "tờ bản đồ", "thửa", "thửa đất", "số nhà", "lô", "ô",
    "gói thầu",
)  # fmt: skip
_WEAK_LABELS = (
    *DOC_TYPE_NAMES, "văn bản", "tiểu dự án", "hợp phần", "nội dung", "nhiệm vụ", "giải pháp", "tiêu chí",
    "tiêu chí thành phần", "chỉ tiêu", "giai đoạn", "nhóm", "phường", "tổ", "khu", "thôn", "ấp",
)  # fmt: skip


def _words(words: tuple[str, ...]) -> str:
    return "|".join(r"\s+".join(w.split()) for w in sorted(set(words), key=len, reverse=True))


_LABEL_NUM = r"\d+(?:\.\d+)*[a-zđ]?(?!\w)"
_STRONG_RE = re.compile(
    rf"(?<!\w)(?:{_words(_STRONG_LABELS)})\s*(?:số\s*)?:?\s*"
    rf"(?P<num>{_LABEL_NUM}(?:\s*(?:,|và|hoặc|đến|-)\s*{_LABEL_NUM})*)",
    re.IGNORECASE,
)
# A bare "số 9" labels too ("Ban QLDA số 1"), but "tổng số 45" counts.
_WEAK_RE = re.compile(
    rf"(?<!\w)(?:(?:{_words(_WEAK_LABELS)})\s*(?:số\s*)?|(?<!tổng\s)số\s*):?\s*(?P<num>\d)", re.IGNORECASE
)
# "1. ", "2.3. ", "1) ", a table's STT cell "1 | ", and "3.2 Nội dung" at the start of a line.
_HEADING_RE = re.compile(
    rf"^[ \t]*(?P<num>\d+(?:\.\d+)*(?:[.)](?=\s)|(?=[ \t]*\|))|\d{{1,2}}(?:\.\d{{1,2}})+(?=[ \t]+[{UPPER}]))",
    re.MULTILINE,
)
_PHONE_RE = re.compile(
    r"(?<!\w)(?:sđt|số điện thoại|điện thoại|đt|fax|hotline)\s*:?\s*(?P<num>\+?\d[\d .]{5,}\d)", re.I
)
_NAME_BEFORE_RE = re.compile(rf"(?<!\w)[{UPPER}]\w*[ \t]+$")  # "Phú Thịnh 2", "Phường 1"
_NUMBER_RE = re.compile(rf"(?<![\w.,+÷/]){_NUMERAL.pattern}")  # not inside "QH13", "Km26+793"
_RATIO_RE = re.compile(r"[ \t]*/[ \t]*(\d+(?:[.,]\d+)*)(?![\w/])")
_SPELLED_RE = re.compile(r"[ \t]*\([^\W\d_][^()\d]{0,40}\)")  # "01 (một) tập thể"


def non_quantity_spans(text: str) -> list[tuple[int, int]]:
    """Spans whose digits are not quantities: dates, document numbers, headings, labels, phone numbers."""
    spans = date_shaped_spans(text)
    spans += [(d.start, d.end) for d in find_doc_numbers(text)]
    spans += [m.span("num") for m in _HEADING_RE.finditer(text)]
    spans += [m.span("num") for m in _STRONG_RE.finditer(text)]
    spans += [m.span("num") for m in _PHONE_RE.finditer(text)]
    return spans


_SCALE_AT = re.compile(rf"[ \t]*(?:{SCALE_RE.pattern})", re.IGNORECASE)
_UNIT_AT = re.compile(rf"[ \t]*(?:{UNIT_RE.pattern})", re.IGNORECASE)


@dataclass(frozen=True)
class _Tail:
    """What follows a number: an optional scale word and unit, ending at `end`."""

    end: int
    scale_word: str | None = None
    scale: int = 1
    base_unit: str | None = None


def _tail_at(text: str, pos: int) -> _Tail:
    end, scale_word, scale = pos, None, 1
    if (m := _SCALE_AT.match(text, pos)) and (found := canonical_scale(m.group())):
        (scale_word, scale), end = found, m.end()
    if (u := _UNIT_AT.match(text, end)) and (base := lexicon_base(u.group())):
        return _Tail(u.end(), scale_word, scale, base)
    return _Tail(end, scale_word, scale)


def find_quantities(text: str) -> list[Quantity]:
    """Every number in `text` that is not part of a date, document number, heading or label."""
    blocked = SpanSet(non_quantity_spans(text))
    weak_starts = {m.start("num") for m in _WEAK_RE.finditer(text)}
    found: list[Quantity] = []
    pos = 0
    while m := _NUMBER_RE.search(text, pos):
        pos = m.end()
        value = parse_number(m.group())
        if value is None or blocked.overlaps(m.start(), m.end()):
            continue
        num_end, total = m.end(), None
        ratio = _RATIO_RE.match(text, num_end)
        if ratio and not blocked.overlaps(m.start(), ratio.end()):
            total = parse_number(ratio.group(1))
            if total is not None:
                num_end = pos = ratio.end()  # a skipped "1/500" must not leave "500" behind
        tail = _tail_at(text, num_end)
        if tail.end == num_end and (spelled := _SPELLED_RE.match(text, num_end)):
            after = _tail_at(text, spelled.end())
            tail = after if after.end > spelled.end() else tail
        if blocked.overlaps(num_end, tail.end):  # "2 năm 2026": that "năm" belongs to a date
            tail = _Tail(num_end)
        end = tail.end
        unit = " ".join(w for w in (tail.scale_word, tail.base_unit) if w) or None
        if end == num_end and re.match(r"\w", text[end : end + 1]):
            continue  # glued to letters: "4G", "14h00"
        if unit is None and (
            m.start() in weak_starts or _is_name_or_marker(text, m) or _is_bare_year(m.group())
        ):
            continue
        base_value = float(Decimal(repr(value)) * tail.scale)
        is_percent = tail.base_unit == "%"
        found.append(
            Quantity(
                m.start(),
                end,
                text[m.start() : end],
                value,
                tail.scale,
                unit,
                base_value,
                tail.base_unit,
                is_percent,
                total,
            )  # fmt: skip
        )
        pos = end
    return found


def _is_name_or_marker(text: str, m: re.Match[str]) -> bool:
    """A unitless number after a capitalised word is part of a name ("Cụm công nghiệp Phú Thịnh 2",
    "Phường 1"); alone in brackets it is a footnote or list marker ("(7)", "[9]")."""
    if text[m.start() - 1 : m.start()] in ("(", "[") and text[m.end() : m.end() + 1] in (")", "]"):
        return True
    name = _NAME_BEFORE_RE.search(text, max(0, m.start() - 30), m.start())
    if name is None:
        return False
    lead = text[max(0, name.start() - 8) : name.start()].rstrip(" \t")
    return bool(lead) and lead[-1] not in ".:;!?\n"  # a capital that opens a sentence is no name: "Có 14/14"


def _is_bare_year(token: str) -> bool:
    """A unitless four-digit 1900-2100 is a year ("Kế hoạch CCHC 2026"): counts that size take a dot."""
    return len(token) == 4 and token.isdigit() and 1900 <= int(token) <= 2100
