"""Vietnamese numbers, scale words, units and the quantity finder."""

from __future__ import annotations

import pytest

from extractors.grammar import SCALES, Quantity, base_unit_of, find_quantities, parse_number, units_compatible


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23.100", 23100),
        ("1.234.567", 1234567),
        ("92,9", 92.9),
        ("70,5", 70.5),
        ("04", 4),
        ("3.350", 3350),
        ("1.234.567,89", 1234567.89),
        ("5.373,4", 5373.4),
        ("1.5", 1.5),  # English decimal: a dot not followed by exactly three digits
        ("0.50", 0.5),
        ("12.00", 12.0),
        ("1,234,567", 1234567),  # English thousands: several comma groups of three
        ("1,234,567.5", 1234567.5),
        ("1,234", 1.234),  # a single comma is the Vietnamese decimal mark
        ("  45 ", 45),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "1,2,3", "12,5.3", "1.234,5.6", "-", "1/2"])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_scales() -> None:
    assert SCALES["nghìn"] == SCALES["ngàn"] == 10**3
    assert SCALES["triệu"] == 10**6
    assert SCALES["tỷ"] == SCALES["tỉ"] == 10**9
    assert SCALES["nghìn tỷ"] == 10**12


def _only(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "base_value", "base_unit"),
    [
        ("đón 23.100 nghìn lượt khách", "23.100 nghìn lượt khách", 23100, "nghìn lượt", 23_100_000, "lượt"),
        ("đạt 92,9% kế hoạch", "92,9%", 92.9, "%", 92.9, "%"),
        ("tăng 8% so với cùng kỳ", "8%", 8, "%", 8, "%"),
        ("tổng kinh phí 3.350 tỷ đồng", "3.350 tỷ đồng", 3350, "tỷ đồng", 3_350_000_000_000, "đồng"),
        ("khoảng 1,2 triệu lượt", "1,2 triệu lượt", 1.2, "triệu lượt", 1_200_000, "lượt"),
        ("mở 04 tuyến du lịch", "04 tuyến", 4, "tuyến", 4, "tuyến"),
        ("đạt 70 % trở lên", "70 %", 70, "%", 70, "%"),
        ("đạt 70%", "70%", 70, "%", 70, "%"),
        ("100% hồ sơ", "100%", 100, "%", 100, "%"),
        ("đạt 70 phần trăm", "70 phần trăm", 70, "%", 70, "%"),
        ("kinh phí 500 triệu đồng", "500 triệu đồng", 500, "triệu đồng", 500_000_000, "đồng"),
        ("đón 21.450 NGÀN LƯỢT KHÁCH", "21.450 NGÀN LƯỢT KHÁCH", 21450, "nghìn lượt", 21_450_000, "lượt"),
        ("vốn 2 nghìn tỷ đồng", "2 nghìn tỷ đồng", 2, "nghìn tỷ đồng", 2 * 10**12, "đồng"),
        ("kim ngạch 9 triệu USD", "9 triệu USD", 9, "triệu USD", 9_000_000, "USD"),
        ("120 người tham dự", "120 người", 120, "người", 120, "người"),
        ("ở 35 điểm", "35 điểm", 35, "điểm", 35, "điểm"),
        ("tại 09 xã", "09 xã", 9, "xã", 9, "xã"),
        ("dài 12 km", "12 km", 12, "km", 12, "km"),
        ("diện tích 75 ha", "75 ha", 75, "ha", 75, "ha"),
        ("1.5 ha", "1.5 ha", 1.5, "ha", 1.5, "ha"),
        ("12 cơ sở", "12 cơ sở", 12, "cơ sở", 12, "cơ sở"),
        ("trùng tu 3 di tích", "3 di tích", 3, "di tích", 3, "di tích"),
        ("thành lập 5 câu lạc bộ", "5 câu lạc bộ", 5, "câu lạc bộ", 5, "câu lạc bộ"),
        ("có 124 hộ gia đình", "124 hộ gia đình", 124, "hộ", 124, "hộ"),
        ("xử lý 553 TTHC", "553 TTHC", 553, "thủ tục", 553, "thủ tục"),
        ("sử dụng 840kg thuốc nổ", "840kg", 840, "kg", 840, "kg"),
        ("xây 100m2 nhà", "100m2", 100, "m²", 100, "m²"),
        ("công suất 4.758,5 MW", "4.758,5 MW", 4758.5, "MW", 4758.5, "MW"),
        ("trong 05 ngày làm việc", "05 ngày", 5, "ngày", 5, "ngày"),
        ("Kế hoạch 5 năm", "5 năm", 5, "năm", 5, "năm"),
        ("ban hành 40 quyết định", "40 quyết định", 40, "quyết định", 40, "quyết định"),
        ("01 (một) tập thể", "01 (một) tập thể", 1, "tập thể", 1, "tập thể"),
        ("1,234,567 USD", "1,234,567 USD", 1234567, "USD", 1234567, "USD"),
        ("mức 5 triệu", "5 triệu", 5, "triệu", 5_000_000, None),
        ("| Số liệu | 25.898 |", "25.898", 25898, None, 25898, None),
    ],
)
def test_quantity(
    text: str, span: str, value: float, unit: str | None, base_value: float, base_unit: str | None
) -> None:
    q = _only(text)
    assert (q.text, q.unit, q.base_unit) == (span, unit, base_unit)
    assert q.value == pytest.approx(value)
    assert q.base_value == pytest.approx(base_value)
    assert q.is_percent == (base_unit == "%")
    assert text[q.start : q.end] == q.text


def test_quantity_scale_field() -> None:
    q = _only("đón 23.100 nghìn lượt khách")
    assert q.scale == 1000
    assert _only("04 tuyến").scale == 1


def test_ratio_keeps_total() -> None:
    q = _only("có 124/124 xã hoàn thành")
    assert (q.text, q.value, q.total, q.unit) == ("124/124 xã", 124, 124, "xã")
    money = _only("giải ngân 5.373,4/5.373,4 triệu đồng")
    assert money.total == pytest.approx(5373.4)
    assert money.base_value == pytest.approx(5_373_400_000)


def test_several_quantities_in_a_sentence() -> None:
    text = "đón 21.450 nghìn lượt khách, đạt 92,9% kế hoạch, tăng 8% so với cùng kỳ"
    assert [q.text for q in find_quantities(text)] == ["21.450 nghìn lượt khách", "92,9%", "8%"]


@pytest.mark.parametrize(
    "text",
    [
        "ngày 15/12/2026",
        "15/12/2026",
        "15-12-2026",
        "15.12.2026",
        "ngày 15 tháng 12 năm 2026",
        "NGÀY 15  THÁNG 12 NĂM 2026",
        "tháng 6/2026",
        "tháng 6 năm 2026",
        "năm 2026",
        "Quý II/2026",
        "QUÝ II/2026",
        "quý 2 năm 2026",
        "6 tháng đầu năm 2026",
        "giai đoạn 2026 - 2030",
        "2026-2030",
        "31/02/2026",  # an impossible date is still no count
        "Số 19/KH-SVHTTDL",
        "Nghị định số 152/2025/NĐ-CP",
        "Quyết định số 238-QĐ/TW",
        "Luật số 55/2014/QH13",
        "1. Mục đích",
        "2.3. Nội dung",
        "3.2 Nội dung kiểm tra",
        "1 | Tìm kiếm",
        "theo Điều 5",
        "khoản 2 Điều 3",
        "khoản 1, 2 và 3 Điều 11",
        "Dự án 6",
        "khóa XVI",
        "Đề án 08",
        "Chỉ thị 11",
        "Phụ lục số 01",
        "Mẫu số 02",
        "kỳ họp thứ 10",
        "Kế hoạch CCHC 2026",
        "Chỉ số PAR Index 2025",
        "Cụm công nghiệp Phú Thịnh 2",
        "lắp trạm 5G",
        "lúc 14h00",
        "Gói thầu số 13",
        "SĐT: 0983 134 682",
        "Km26+793",
        "(7) Mô hình",
        "trước ngày 20 hằng tháng",
    ],
)
def test_not_a_quantity(text: str) -> None:
    assert find_quantities(text) == []


def test_date_around_a_count_keeps_only_the_count() -> None:
    text = "Đến ngày 15/12/2026, có 45 xã và 2 năm 2026"
    assert [(q.text, q.unit) for q in find_quantities(text)] == [("45 xã", "xã"), ("2", None)]


def test_heading_number_then_quantity_on_same_line() -> None:
    assert [q.text for q in find_quantities("1. 100% hồ sơ được số hóa")] == ["100%"]


def test_sentence_initial_capital_is_not_a_name() -> None:
    assert [q.text for q in find_quantities("Có 14/14 cơ quan đạt.")] == ["14/14 cơ quan"]


def test_weak_label_with_unit_is_a_count() -> None:
    assert [q.text for q in find_quantities("nằm trong nhóm 15 tỉnh dẫn đầu")] == ["15 tỉnh"]
    assert find_quantities("nằm trong nhóm 1") == []


def test_spans_are_exact_with_odd_whitespace() -> None:
    text = "Đạt\t 1.500   nghìn \t lượt  khách;\n  tăng 12,5 %."
    found = find_quantities(text)
    assert [q.text for q in found] == ["1.500   nghìn \t lượt  khách", "12,5 %"]
    assert all(text[q.start : q.end] == q.text for q in found)


@pytest.mark.parametrize(
    ("unit", "base"),
    [
        ("nghìn lượt khách", "lượt"),
        ("lượt khách du lịch", "lượt"),
        ("tỷ đồng", "đồng"),
        ("Triệu  Đồng", "đồng"),
        ("VNĐ", "đồng"),
        ("%", "%"),
        ("phần trăm", "%"),
        ("hộ gia đình", "hộ"),
        ("thủ tục hành chính", "thủ tục"),
        ("TTHC", "thủ tục"),
        ("m2", "m²"),
        ("USD", "USD"),
        ("con voi", "con voi"),  # unknown units compare by their normalized spelling
    ],
)
def test_base_unit_of(unit: str, base: str) -> None:
    assert base_unit_of(unit) == base


def test_units_compatible() -> None:
    assert units_compatible("lượt khách", "lượt")
    assert units_compatible("tỷ đồng", "triệu đồng")
    assert units_compatible("triệu đồng", "đồng")
    assert units_compatible("m²", "m2")
    assert not units_compatible("tỷ đồng", "USD")
    assert not units_compatible("lượt", "người")
    assert not units_compatible("%", "điểm")
