"""The grammar over real provincial documents (read in place from ../shared/realdocs, never copied)."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from extractors.grammar import find_date_ranges, find_dates, find_doc_numbers, find_quantities

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs"
FILES = sorted(REALDOCS.glob("*.txt"))

pytestmark = pytest.mark.skipif(not FILES, reason=f"no real documents in {REALDOCS}")


@cache
def _text(prefix: str) -> str:
    (path,) = REALDOCS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:4])
def test_every_document_parses_with_exact_spans(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    quantities = find_quantities(text)
    dates = find_dates(text, default_year=2026)
    ranges = find_date_ranges(text, default_year=2026)
    numbers = find_doc_numbers(text)
    for item in (*quantities, *dates, *ranges, *numbers):
        assert text[item.start : item.end] == item.text
    for found in (quantities, dates, numbers):
        assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False)), "overlap or disorder"
    # no quantity is carved out of a date or a document number
    taken = [(m.start, m.end) for m in (*dates, *numbers)]
    for q in quantities:
        assert not any(q.start < e and s < q.end for s, e in taken), q


def test_ld04_cites_the_issued_plan_and_is_a_draft() -> None:
    text = _text("LD04")
    numbers = find_doc_numbers(text)
    cited = {d.number: d for d in numbers}
    assert cited["9669/KH-UBND"].doc_type == "ke_hoach"
    assert cited["152/2025/NĐ-CP"].year == 2025
    own = numbers[0]  # "Số:            /KH-UBND" in the header
    assert (own.number, own.serial, own.symbol, own.doc_type) == (None, None, "KH-UBND", "ke_hoach")


def test_ld04_targets_and_deadlines() -> None:
    text = _text("LD04")
    percents = {q.value for q in find_quantities(text) if q.is_percent}
    assert {90.0, 85.0} <= percents
    dates = find_dates(text)
    assert any(m.kind == "day" and m.start_date == date(2026, 12, 31) for m in dates)
    assert any(
        m.kind == "quarter" and m.start_date == date(2026, 1, 1) and m.text == "Quý I/2026" for m in dates
    )
    assert not any(m.kind == "day" and m.start_date is None for m in dates)
    header_date = next(m for m in dates if m.start > text.index("Lâm Đồng, ngày"))
    assert (header_date.kind, header_date.text) == ("year", "năm 2026")  # blank day and month in the draft


def test_lc05_scanned_plan_numbers() -> None:
    numbers = {d.number for d in find_doc_numbers(_text("LC05"))}
    assert {"1105/KH-ĐKT", "1050/QĐ-SCT", "217/2025/NĐ-CP"} <= numbers


def test_ld01_recurring_deadline() -> None:
    dates = find_dates(_text("LD01"))
    assert any(m.kind == "day_of_month" and m.recurring_day == 5 for m in dates)


def test_ld05_and_ld08_periods() -> None:
    ld05 = find_date_ranges(_text("LD05"))
    assert any((r.start_date, r.end_date) == (date(2026, 3, 1), date(2026, 9, 30)) for r in ld05)
    ld08 = find_date_ranges(_text("LD08"))
    assert any((r.start_date, r.end_date) == (date(2025, 11, 12), date(2025, 12, 25)) for r in ld08)


def test_report_figures_with_units() -> None:
    money = [q for q in find_quantities(_text("LD08")) if q.base_unit == "đồng" and q.scale == 10**9]
    assert any(q.text == "3.757 tỷ đồng" and q.base_value == 3_757_000_000_000 for q in money)
    counts = {(q.text, q.total) for q in find_quantities(_text("LD07"))}
    assert ("124/124 TTHC", 124.0) in counts
