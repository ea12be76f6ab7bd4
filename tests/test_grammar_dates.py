"""Dates, periods and ranges as written in Vietnamese administrative documents."""

from __future__ import annotations

from datetime import date

import pytest

from extractors.grammar import DateMention, find_date_ranges, find_dates, to_iso

D = date


def _only(text: str, default_year: int | None = None) -> DateMention:
    found = find_dates(text, default_year)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "kind", "start", "end"),
    [
        ("hạn 15/12/2026.", "15/12/2026", "day", D(2026, 12, 15), D(2026, 12, 15)),
        ("hạn 15-12-2026", "15-12-2026", "day", D(2026, 12, 15), D(2026, 12, 15)),
        ("hạn 15.12.2026", "15.12.2026", "day", D(2026, 12, 15), D(2026, 12, 15)),
        ("hạn 5/6/2026", "5/6/2026", "day", D(2026, 6, 5), D(2026, 6, 5)),
        ("trước ngày 15/12/2026", "ngày 15/12/2026", "day", D(2026, 12, 15), D(2026, 12, 15)),
        ("ngày10 /3/2026 của", "ngày10 /3/2026", "day", D(2026, 3, 10), D(2026, 3, 10)),
        (
            "Cao Bằng, ngày 30 tháng 01 năm 2026",
            "ngày 30 tháng 01 năm 2026",
            "day",
            D(2026, 1, 30),
            D(2026, 1, 30),
        ),
        (
            "NGÀY 15   THÁNG 12\n NĂM 2026",
            "NGÀY 15   THÁNG 12\n NĂM 2026",
            "day",
            D(2026, 12, 15),
            D(2026, 12, 15),
        ),
        ("trong tháng 6/2026", "tháng 6/2026", "month", D(2026, 6, 1), D(2026, 6, 30)),
        ("trong tháng 6 năm 2026", "tháng 6 năm 2026", "month", D(2026, 6, 1), D(2026, 6, 30)),
        ("trong tháng 06/2026", "tháng 06/2026", "month", D(2026, 6, 1), D(2026, 6, 30)),
        ("Tháng 02/2028", "Tháng 02/2028", "month", D(2028, 2, 1), D(2028, 2, 29)),
        ("trong Quý II/2026", "Quý II/2026", "quarter", D(2026, 4, 1), D(2026, 6, 30)),
        ("QUÝ II/2026", "QUÝ II/2026", "quarter", D(2026, 4, 1), D(2026, 6, 30)),
        ("quý 2 năm 2026", "quý 2 năm 2026", "quarter", D(2026, 4, 1), D(2026, 6, 30)),
        ("quý IV năm 2026", "quý IV năm 2026", "quarter", D(2026, 10, 1), D(2026, 12, 31)),
        ("quý I /2026", "quý I /2026", "quarter", D(2026, 1, 1), D(2026, 3, 31)),
        ("quý iii/2025", "quý iii/2025", "quarter", D(2025, 7, 1), D(2025, 9, 30)),
        ("6 tháng đầu năm 2026", "6 tháng đầu năm 2026", "half_year", D(2026, 1, 1), D(2026, 6, 30)),
        ("6 tháng cuối năm 2026", "6 tháng cuối năm 2026", "half_year", D(2026, 7, 1), D(2026, 12, 31)),
        ("9 tháng đầu năm 2025", "9 tháng đầu năm 2025", "range", D(2025, 1, 1), D(2025, 9, 30)),
        ("trong năm 2026", "năm 2026", "year", D(2026, 1, 1), D(2026, 12, 31)),
        ("giai đoạn 2026 - 2030", "giai đoạn 2026 - 2030", "range", D(2026, 1, 1), D(2030, 12, 31)),
        ("kế hoạch 2026-2030", "2026-2030", "range", D(2026, 1, 1), D(2030, 12, 31)),
        ("giai đoạn năm 2021 - 2025", "giai đoạn năm 2021 - 2025", "range", D(2021, 1, 1), D(2025, 12, 31)),
        ("Tháng 11, 12/2013", "Tháng 11, 12/2013", "range", D(2013, 11, 1), D(2013, 12, 31)),
    ],
)
def test_find_dates(text: str, span: str, kind: str, start: date, end: date) -> None:
    m = _only(text)
    assert (m.text, m.kind, m.start_date, m.end_date) == (span, kind, start, end)
    assert text[m.start : m.end] == m.text
    assert m.recurring_day is None


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("ngày 15/12", "day", D(2026, 12, 15), D(2026, 12, 15)),
        ("ngày 15 tháng 12", "day", D(2026, 12, 15), D(2026, 12, 15)),
        ("trong tháng 6", "month", D(2026, 6, 1), D(2026, 6, 30)),
        ("Quý II", "quarter", D(2026, 4, 1), D(2026, 6, 30)),
        ("6 tháng đầu năm", "half_year", D(2026, 1, 1), D(2026, 6, 30)),
    ],
)
def test_missing_year_uses_default_or_is_skipped(text: str, kind: str, start: date, end: date) -> None:
    assert find_dates(text) == []
    m = _only(text, default_year=2026)
    assert (m.kind, m.start_date, m.end_date) == (kind, start, end)


def test_year_written_once_is_shared() -> None:
    found = find_dates("từ tháng 3 đến tháng 9/2026; tháng 12 và cả năm 2025")
    assert [(m.text, m.start_date) for m in found] == [
        ("tháng 3", D(2026, 3, 1)),
        ("tháng 9/2026", D(2026, 9, 1)),
        ("tháng 12", D(2025, 12, 1)),
        ("năm 2025", D(2025, 1, 1)),
    ]


@pytest.mark.parametrize(
    ("text", "day"),
    [("trước ngày 20 hằng tháng", 20), ("Trước ngày 05 của tháng liền kề", 5), ("trước ngày 20", 20)],
)
def test_recurring_day_of_month(text: str, day: int) -> None:
    m = _only(text)
    assert (m.kind, m.recurring_day, m.start_date, m.end_date) == ("day_of_month", day, None, None)


def test_blank_draft_day_gives_no_day() -> None:
    """A draft leaves the day blank: report the coarser period that is written, never a day."""
    month = _only("Lâm Đồng, ngày    tháng 12 năm 2025")
    assert (month.kind, month.text, month.start_date, month.end_date) == (
        "month",
        "tháng 12 năm 2025",
        D(2025, 12, 1),
        D(2025, 12, 31),
    )
    year = _only("Lâm Đồng, ngày        tháng       năm 2026", default_year=2026)
    assert (year.kind, year.text) == ("year", "năm 2026")
    slash = _only("Kế hoạch số     /KH-SCT ngày     /4/2026 của Sở")
    assert (slash.kind, slash.text, slash.start_date) == ("month", "4/2026", D(2026, 4, 1))
    assert all(m.kind != "day" for m in find_dates("ngày    tháng 12 năm 2025 và ngày  /4/2026", 2026))


@pytest.mark.parametrize(
    "text", ["31/02/2026", "ngày 30 tháng 02 năm 2026", "tháng 13/2026", "quý 5/2026", "32/1/2026"]
)
def test_invalid_dates_are_skipped(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    "text", ["152/2025/NĐ-CP", "124/124 xã", "1.234.567", "mỗi tháng 02 chuyên mục", "năm 20266"]
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, default_year=2026) == []


def test_longest_reading_wins_and_mentions_do_not_overlap() -> None:
    text = "ngày 15 tháng 12 năm 2026, 6 tháng đầu năm 2026, giai đoạn 2026 - 2030"
    found = find_dates(text)
    assert [m.kind for m in found] == ["day", "half_year", "range"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


@pytest.mark.parametrize(
    ("text", "span", "start", "end"),
    [
        (
            "Thời gian: từ ngày 01/3/2026 đến ngày 31/3/2026.",
            "từ ngày 01/3/2026 đến ngày 31/3/2026",
            D(2026, 3, 1),
            D(2026, 3, 31),
        ),
        (
            "Từ ngày 23/3/2026 đến hết ngày 27/3/2026",
            "Từ ngày 23/3/2026 đến hết ngày 27/3/2026",
            D(2026, 3, 23),
            D(2026, 3, 27),
        ),
        (
            "từ ngày 15/12/2024 đến 14/12/2025",
            "từ ngày 15/12/2024 đến 14/12/2025",
            D(2024, 12, 15),
            D(2025, 12, 14),
        ),
        ("từ tháng 3 đến tháng 6/2026", "từ tháng 3 đến tháng 6/2026", D(2026, 3, 1), D(2026, 6, 30)),
        ("từ tháng 3 đến tháng 9 năm 2026", "từ tháng 3 đến tháng 9 năm 2026", D(2026, 3, 1), D(2026, 9, 30)),
        ("từ tháng 11 đến tháng 2/2026", "từ tháng 11 đến tháng 2/2026", D(2025, 11, 1), D(2026, 2, 28)),
        ("từ ngày 01 đến ngày 15/3/2026", "từ ngày 01 đến ngày 15/3/2026", D(2026, 3, 1), D(2026, 3, 15)),
        (
            "từ tháng 9/2026 đến tháng 3/2029",
            "từ tháng 9/2026 đến tháng 3/2029",
            D(2026, 9, 1),
            D(2029, 3, 31),
        ),
        ("Từ năm 2013 đến năm 2020", "Từ năm 2013 đến năm 2020", D(2013, 1, 1), D(2020, 12, 31)),
        ("giai đoạn 2026 - 2030", "giai đoạn 2026 - 2030", D(2026, 1, 1), D(2030, 12, 31)),
    ],
)
def test_find_date_ranges(text: str, span: str, start: date, end: date) -> None:
    found = find_date_ranges(text)
    assert len(found) == 1, found
    r = found[0]
    assert (r.kind, r.text, r.start_date, r.end_date) == ("range", span, start, end)
    assert text[r.start : r.end] == r.text


def test_ranges_need_from_and_to() -> None:
    assert find_date_ranges("ngày 01/3/2026 và ngày 31/3/2026") == []
    assert find_date_ranges("từ ngày 31/3/2026 đến ngày 01/3/2026") == []  # backwards
    assert find_date_ranges("từ ngày ban hành Kế hoạch đến ngày 31/3/2026") == []


def test_range_ends_without_year_use_default_year() -> None:
    (r,) = find_date_ranges("từ ngày 01/3 đến ngày 15/3", default_year=2026)
    assert (r.start_date, r.end_date) == (D(2026, 3, 1), D(2026, 3, 15))
    assert find_date_ranges("từ ngày 01/3 đến ngày 15/3") == []


def test_to_iso() -> None:
    assert to_iso(D(2026, 1, 30)) == "2026-01-30"
    assert to_iso(None) is None
