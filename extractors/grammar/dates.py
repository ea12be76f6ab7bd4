"""Dates, months, quarters, half-years, years and periods as written in Vietnamese administrative documents.

Plans state deadlines ("trước ngày 15/12/2026", "trong Quý II/2026") and reports state their own date
("Cao Bằng, ngày 30 tháng 01 năm 2026"); both must become calendar dates with the exact span they came from.

Matching is two-step. `_scan` finds every date-*shaped* span, including partial ones without a year
("ngày 15/12", "tháng 6") and impossible ones ("31/02/2026"); `_resolve` then turns a shape into a
`DateMention`, filling a missing year from `default_year` and dropping what cannot be a real date. The
quantity finder uses the shapes, so the digits of a skipped date are never mistaken for counts.

Draft documents leave the day blank ("ngày    tháng 12 năm 2025"). A blank day never yields a day: the
coarser period that *is* written is reported instead (a month "tháng 12 năm 2025", or just the year
"năm 2026" when the month is blank too; "ngày   /4/2026" gives the month "4/2026").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise

from ._spans import longest_first

KINDS = ("day", "month", "quarter", "half_year", "year", "range", "day_of_month")

_MIN_YEAR, _MAX_YEAR = 1900, 2100
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class DateMention:
    """A date or period found in text, with its exact span.

    `start_date`/`end_date` bound the period (equal for a day). A recurring day of the month
    ("trước ngày 20 hằng tháng") has no dates, only `recurring_day`.
    """

    start: int
    end: int
    text: str
    kind: str
    start_date: date | None
    end_date: date | None
    recurring_day: int | None = None


@dataclass(frozen=True)
class _Shape:
    """A date-shaped span before validation; missing parts are None."""

    start: int
    end: int
    kind: str  # day | month | quarter | months | year | years | day_of_month
    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    months: tuple[int, int] | None = None  # first and last month of "N tháng đầu/cuối năm"
    year_to: int | None = None


_YEAR_TAIL = r"(?:[ \t]*/[ \t]*(?P<y>\d{4})|\s*,?\s*năm\s+(?P<yn>\d{4}))"
_END = r"(?![\d/]|[.,-]\d)"  # a number that continues is not a date component

_PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(rx, re.IGNORECASE)
    for name, rx in {
        # ngày 15 tháng 12 năm 2026
        "day_words": rf"\bngày\s*(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}}){_YEAR_TAIL}?(?!\d)",
        # 15/12/2026, 15-12-2026, 15.12.2026, optionally preceded by "ngày"
        "day_slash": r"(?:\bngày\s*)?(?<![\d./-])(?P<d>\d{1,2})[ \t]*/[ \t]*(?P<m>\d{1,2})[ \t]*/[ \t]*"
        r"(?P<y>\d{4})(?![\d/])",
        "day_dash": r"(?:\bngày\s*)?(?<![\d./-])(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>\d{4})" + _END,
        "day_dot": r"(?:\bngày\s*)?(?<![\d./-])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})" + _END,
        # ngày 15/12 (year from context)
        "day_partial": r"\bngày\s*(?P<d>\d{1,2})[ \t]*/[ \t]*(?P<m>\d{1,2})(?:\s+năm\s+(?P<yn>\d{4}))?"
        + _END,
        # tháng 6/2026, tháng 6 năm 2026, tháng 6 (but not "mỗi tháng 02 chuyên mục")
        "month": rf"(?<!mỗi\s)(?<!hằng\s)(?<!hàng\s)\btháng\s*(?P<m>\d{{1,2}}){_YEAR_TAIL}?" + _END,
        # tháng 11, 12/2013: a list of months read as the period they cover
        "month_list": r"\btháng\s*(?P<m>\d{1,2})(?:\s*(?:,|và)\s*(?P<m2>\d{1,2}))+"
        r"(?:[ \t]*/[ \t]*(?P<y>\d{4})|\s*,?\s*năm\s+(?P<yn>\d{4}))" + _END,
        # ngày    /4/2026 (blank day in a draft) and "ngày 9/2026" (month written where a day belongs)
        "month_blank_day": r"\bngày[ \t]*/?[ \t]*(?P<body>(?P<m>\d{1,2})[ \t]*/[ \t]*(?P<y>\d{4}))(?![\d/])",
        # Quý II/2026, quý 2 năm 2026
        "quarter": rf"\bquý\s*(?P<q>iv|i{{1,3}}|[1-4])(?!\w){_YEAR_TAIL}?(?!\d)",
        # 6 tháng đầu năm 2026, 9 tháng đầu năm
        "months": r"(?<![\d.,])(?P<n>\d{1,2})\s+tháng\s+(?P<which>đầu|cuối)\s+năm(?:\s+(?P<yn>\d{4}))?(?!\d)",
        # năm 2026
        "year": r"\bnăm\s+(?P<yn>\d{4})" + _END,
        # giai đoạn 2026 - 2030, 2026-2030, giai đoạn năm 2021 - 2025
        "years": r"(?:\bgiai\s+đoạn\s+)?(?:\bnăm\s+)?(?<![\d./-])(?P<yn>(?:19|20)\d{2})[ \t]*-[ \t]*"
        r"(?:năm\s+)?(?P<y2>(?:19|20)\d{2})" + _END,
        # trước ngày 20 (hằng tháng): a day of an unnamed month
        "day_of_month": r"\bngày\s*(?P<d>\d{1,2})(?!\d|\s*tháng|[ \t]*[/.,-][ \t]*\d)",
    }.items()
}


def _shape(name: str, m: re.Match[str]) -> _Shape:
    g = m.groupdict()

    def num(key: str) -> int | None:
        return int(g[key]) if g.get(key) else None

    year = num("y") or num("yn")
    start, end = m.span("body") if g.get("body") else m.span()
    if name.startswith("day_") and name != "day_of_month":
        return _Shape(start, end, "day", year=year, month=num("m"), day=num("d"))
    if name == "month_list":
        return _Shape(start, end, "months", year=year, months=(int(g["m"]), int(g["m2"])))
    if name in ("month", "month_blank_day"):
        return _Shape(start, end, "month", year=year, month=num("m"))
    if name == "quarter":
        q = g["q"].lower()
        return _Shape(start, end, "quarter", year=year, quarter=_ROMAN.get(q) or int(q))
    if name == "months":
        n = int(g["n"])
        first_half = g["which"].lower() == "đầu"
        return _Shape(start, end, "months", year=year, months=(1, n) if first_half else (13 - n, 12))
    if name == "years":
        return _Shape(start, end, "years", year=year, year_to=num("y2"))
    if name == "day_of_month":
        return _Shape(start, end, "day_of_month", day=num("d"))
    return _Shape(start, end, "year", year=year)


def _scan(text: str) -> list[_Shape]:
    """All date-shaped spans, non-overlapping, the longest reading winning."""
    return longest_first(_shape(name, m) for name, rx in _PATTERNS.items() for m in rx.finditer(text))


def date_shaped_spans(text: str) -> list[tuple[int, int]]:
    """Spans that look like dates, valid or not, with or without a year.

    Number extraction skips these so that "31/02/2026" or "tháng 6" never turn into quantities.
    """
    return [(s.start, s.end) for s in _scan(text)]


def _month_bounds(year: int, first: int, last: int) -> tuple[date, date]:
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def _resolve(shape: _Shape, text: str, default_year: int | None) -> DateMention | None:
    """Turn a shape into a mention, or None if it is incomplete or not a real date."""
    span_text = text[shape.start : shape.end]
    if shape.kind == "day_of_month":
        if shape.day is None or not 1 <= shape.day <= 31:
            return None
        return DateMention(shape.start, shape.end, span_text, "day_of_month", None, None, shape.day)
    year = shape.year if shape.year is not None else default_year
    if year is None or not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        if shape.kind == "day" and shape.month and shape.day:
            kind, first = "day", date(year, shape.month, shape.day)
            last = first
        elif shape.kind == "month" and shape.month:
            kind, (first, last) = "month", _month_bounds(year, shape.month, shape.month)
        elif shape.kind == "quarter" and shape.quarter:
            kind, (first, last) = "quarter", _month_bounds(year, 3 * shape.quarter - 2, 3 * shape.quarter)
        elif shape.kind == "months" and shape.months and shape.months[0] <= shape.months[1]:
            kind = "half_year" if shape.months in ((1, 6), (7, 12)) else "range"
            first, last = _month_bounds(year, *shape.months)
        elif shape.kind == "years" and shape.year_to and year < shape.year_to <= _MAX_YEAR:
            kind, first, last = "range", date(year, 1, 1), date(shape.year_to, 12, 31)
        elif shape.kind == "year":
            kind, first, last = "year", date(year, 1, 1), date(year, 12, 31)
        else:
            return None
    except ValueError:  # 31/02, tháng 13, ngày 0 ...
        return None
    return DateMention(shape.start, shape.end, span_text, kind, first, last)


#: What may join two mentions that share a year: "tháng 3 đến tháng 9/2026", "tháng 12 và cả năm 2025".
_JOIN = re.compile(r"\s*(?:,|;|và|hoặc|đến|tới|-)\s*(?:(?:cả|hết)\s+)?", re.IGNORECASE)


def _complete(shapes: list[_Shape], text: str, default_year: int | None) -> list[_Shape]:
    """Give a mention without a year the year of the next mention it is joined to.

    Writers state the year once, at the end of a list or period. When that would put the first mention
    after the second ("tháng 11 đến tháng 2/2026"), it belongs to the year before.
    """
    out = list(shapes)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        if a.year is not None or a.kind in ("day_of_month", "year", "years"):
            continue
        if not _JOIN.fullmatch(text, a.end, b.start):
            continue
        nxt = _resolve(b, text, default_year)
        if nxt is None or nxt.end_date is None:
            continue
        out[i] = replace(a, year=nxt.end_date.year)
        first = _resolve(out[i], text, None)
        if first and first.start_date and first.start_date > nxt.end_date:
            out[i] = replace(a, year=nxt.end_date.year - 1)
    return out


def find_dates(text: str, default_year: int | None = None) -> list[DateMention]:
    """Every date or period in `text`, non-overlapping, in text order.

    A mention without a year takes the year of the mention it is joined to ("tháng 3 đến tháng 9/2026"),
    else `default_year` ("ngày 15/12", "Quý II", "6 tháng đầu năm"), and is skipped when that is None.
    "từ ... đến ..." comes back as its two ends; `find_date_ranges` pairs them.
    """
    found = (_resolve(s, text, default_year) for s in _complete(_scan(text), text, default_year))
    return [m for m in found if m is not None]


_FROM = re.compile(r"\btừ\s*$", re.IGNORECASE)
_TO = re.compile(r"\s*,?\s*(?:đến|tới|-)\s*(?:hết\s*)?(?:ngày\s*)?", re.IGNORECASE)


def find_date_ranges(text: str, default_year: int | None = None) -> list[DateMention]:
    """Periods: "từ <date> đến (hết) (ngày) <date>" and year spans such as "giai đoạn 2026 - 2030".

    The first end borrows what it lacks from the second: the year ("từ tháng 3 đến tháng 6/2026";
    "từ tháng 11 đến tháng 2/2026" starts in November 2025) and, for a bare day, the month ("từ ngày 01
    đến ngày 15/3/2026"). The span starts at "từ". Periods that would run backwards are dropped.
    """
    shapes = _complete(_scan(text), text, default_year)
    ranges = [m for s in shapes if s.kind == "years" and (m := _resolve(s, text, default_year))]
    for a, b in pairwise(shapes):
        before = _FROM.search(text, max(0, a.start - 16), a.start)
        if before is None or not _TO.fullmatch(text, a.end, b.start):
            continue
        end = _resolve(b, text, default_year)
        if end is None or end.end_date is None:
            continue
        if a.kind == "day_of_month":
            a = replace(a, kind="day", month=end.end_date.month, year=end.end_date.year)
        begin = _resolve(a, text, default_year)
        if begin is None or begin.start_date is None or begin.start_date > end.end_date:
            continue
        start = before.start()
        ranges.append(DateMention(start, b.end, text[start : b.end], "range", begin.start_date, end.end_date))
    return longest_first(ranges)


def to_iso(d: date | None) -> str | None:
    """ISO 8601 string of a date, passing None through (for JSON output)."""
    return d.isoformat() if d is not None else None
