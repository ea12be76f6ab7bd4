"""What reconciliation reads from a report (its plan, parts and results) and from a plan (its tasks).

The report fixtures in tests/fixtures/reports are short documents written for
these tests; the real documents are read in place from ../shared/realdocs.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from extractors.sections import section_kind
from pipeline.run.document import extract_file
from schemas.extraction import SectionKind
from tests.conftest import REALDOCS, SAMPLES, need_realdocs

REPORTS = Path(__file__).parent / "fixtures" / "reports"


@pytest.fixture(scope="module")
def tourism_report():
    return extract_file(REPORTS / "bc_dulich_halong.txt")


def _prose(doc) -> list:  # noqa: ANN001
    return [r for r in doc.results if not r.from_table]


def _realdoc(prefix: str):  # noqa: ANN202
    need_realdocs()
    matches = sorted(REALDOCS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"{prefix} is not in {REALDOCS}")
    return extract_file(matches[0])


def test_result_with_share_of_plan_and_growth(tourism_report):
    visitors = next(r for r in _prose(tourism_report) if r.base_unit == "lượt" and r.value == 6420)
    assert visitors.unit == "nghìn lượt"
    assert visitors.base_value == 6_420_000
    assert visitors.percent_of_plan == 58.4
    assert visitors.growth_percent == 11.5
    assert visitors.provenance.text == "6.420 nghìn lượt khách"
    assert visitors.section == "Thu hút khách du lịch"
    assert "tăng 11,5% so với cùng kỳ" in visitors.text


def test_result_with_plan_value_in_brackets(tourism_report):
    revenue = next(r for r in _prose(tourism_report) if r.base_unit == "đồng")
    assert (revenue.value, revenue.unit) == (9850, "tỷ đồng")
    assert math.isclose(revenue.plan_value, 18_000 * 10**9)
    assert "doanh thu" in revenue.metric.lower()


def test_decrease_is_a_negative_growth(tourism_report):
    stays = next(r for r in _prose(tourism_report) if r.growth_percent is not None and r.growth_percent < 0)
    assert stays.growth_percent == -2.5
    assert "khách lưu trú" in stays.metric


def test_counts_keep_what_they_count(tourism_report):
    counts = {(r.value, r.base_unit, r.metric) for r in _prose(tourism_report) if r.base_unit in {"lớp", "lượt"}}
    assert (14, "lớp", "lớp bồi dưỡng nghiệp vụ") in counts
    assert (1120, "lượt", "lượt người làm du lịch") in counts


def test_only_results_parts_give_results(tourism_report):
    values = {r.value for r in _prose(tourism_report)}
    assert values == {6420, 9850, 2.5, 14, 1120}  # no year, no decision number, nothing from parts II-IV
    results_spans = [s.span for s in tourism_report.sections if s.kind is SectionKind.RESULTS]
    assert all(any(a <= r.provenance.span[0] < b for a, b in results_spans) for r in _prose(tourism_report))
    # the forward-looking part keeps its number as a target
    assert [(t.value, t.unit) for t in tourism_report.targets] == [(5000, "nghìn lượt")]


def test_result_table_rows_carry_plan_and_share(tourism_report):
    rows = {r.metric: r for r in tourism_report.results if r.from_table}
    visitors = rows["Tổng lượt khách du lịch"]
    assert (visitors.value, visitors.unit, visitors.base_unit) == (6420, "nghìn lượt", "lượt")
    assert visitors.plan_value == 11_000_000
    assert visitors.percent_of_plan == 58.4
    assert visitors.section == "SỐ LIỆU TỔNG HỢP"
    assert "6.420" in visitors.text
    assert rows["Tổng thu từ du lịch"].plan_value == 18_000 * 10**9


def test_report_sections_are_classified(tourism_report):
    kinds = [(s.kind.value, s.heading) for s in tourism_report.sections]
    assert kinds == [
        ("results", "I. KẾT QUẢ ĐẠT ĐƯỢC"),
        ("shortcomings", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"),
        ("directions", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM"),
        ("proposals", "IV. KIẾN NGHỊ"),
        ("other", "V. SỐ LIỆU TỔNG HỢP"),
    ]
    first = tourism_report.sections[0]
    assert first.provenance.text == "I. KẾT QUẢ ĐẠT ĐƯỢC"
    assert first.span[1] == tourism_report.sections[1].span[0]


@pytest.mark.parametrize(("heading", "kind"), [
    ("KẾT QUẢ THỰC HIỆN", SectionKind.RESULTS),
    ("Tình hình thực hiện nhiệm vụ", SectionKind.RESULTS),
    ("Những kết quả đã đạt được và bài học kinh nghiệm", SectionKind.RESULTS),
    ("TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", SectionKind.SHORTCOMINGS),
    ("Khó khăn, vướng mắc trong việc thực hiện", SectionKind.SHORTCOMINGS),
    ("PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", SectionKind.DIRECTIONS),
    ("Nhiệm vụ, giải pháp năm 2027", SectionKind.DIRECTIONS),
    ("ĐỀ XUẤT, KIẾN NGHỊ", SectionKind.PROPOSALS),
    ("KẾT LUẬN, KIẾN NGHỊ", SectionKind.PROPOSALS),
    ("CỤM CÔNG NGHIỆP ĐÃ CÓ NHÀ ĐẦU TƯ ĐỀ XUẤT", SectionKind.OTHER),
    ("ĐẶC ĐIỂM CHUNG CỦA ĐỊA PHƯƠNG", SectionKind.OTHER),
])
def test_section_kind_from_heading_words(heading, kind):
    assert section_kind(heading) is kind


def test_responds_to_the_plan_cited_in_the_opening(tourism_report):
    plan = tourism_report.responds_to
    assert (plan.number, plan.doc_type, plan.date) == ("25/KH-UBND", "ke_hoach", "2026-01-12")
    assert plan.issuer == "Ủy ban nhân dân thành phố"
    opening = tourism_report.sections[0].span[0]
    assert plan.provenance.span[0] < opening and plan.provenance.text == "25/KH-UBND"


def test_report_citing_no_plan_and_parts_named_phan():
    doc = extract_file(REPORTS / "bc_khong_ke_hoach.txt")
    assert doc.responds_to is None
    assert [s.kind.value for s in doc.sections] == ["results", "shortcomings", "proposals"]
    assert {r.value for r in doc.results} == {214, 97.2}  # "3 lần" and "01 máy tính" are not results
    assert next(r for r in doc.results if r.value == 97.2).metric == "tỷ lệ đăng ký đúng hạn"
    assert doc.tasks == []


def test_seed_plan_tasks_are_the_four_items_of_its_content_part(seed_document):
    tasks = seed_document.tasks
    assert len(tasks) == 4
    assert {t.section for t in tasks} == {"II. NỘI DUNG THI ĐUA"}
    assert all(t.title.startswith("Thi đua") for t in tasks)
    assert tasks[2].title == "Thi đua xây dựng tổ chức Đảng, chính quyền và các đoàn thể vững mạnh"
    assert all(t.text.startswith(t.title.split()[0]) and len(t.text) > len(t.title) for t in tasks)
    assert all(t.provenance.text.split() == t.title.split() for t in tasks)
    assert seed_document.sections == [] and seed_document.responds_to is None


def test_another_plan_skips_its_targets_part():
    doc = extract_file(SAMPLES / "plans" / "nghean_312-KH-SNNMT.pdf")
    assert [t.title for t in doc.tasks] == [
        "Quản lý, bảo vệ rừng", "Phòng cháy, chữa cháy rừng", "Phát triển rừng, nâng cao giá trị rừng trồng"]
    assert {t.section for t in doc.tasks} == {"II. CHỈ TIÊU VÀ NHIỆM VỤ CHỦ YẾU"}


def test_real_quarterly_report_states_share_of_plan():
    doc = _realdoc("LD07")
    done = [r for r in doc.results if not r.from_table and r.percent_of_plan == 22.45]
    assert [(r.value, r.base_unit) for r in done] == [(11, "nhiệm vụ")]
    rates = {r.value for r in doc.results if not r.from_table and r.unit == "%"}
    assert {89.94, 92.64} <= rates
    directions = [s.span for s in doc.sections if s.kind in {SectionKind.DIRECTIONS, SectionKind.PROPOSALS}]
    assert directions
    assert not any(a <= r.provenance.span[0] < b for r in doc.results for a, b in directions)
    assert doc.responds_to is None  # it answers a công văn, not a plan


def test_real_yearly_report_results_and_parts():
    doc = _realdoc("LD08")
    assert [s.kind.value for s in doc.sections if s.heading[:3] in {"I. ", "II.", "III", "IV."}] == [
        "results", "results", "other", "directions"]
    shares = [r for r in doc.results if not r.from_table and r.percent_of_plan is not None]
    assert any(r.base_unit == "nhiệm vụ" and r.value == 45 and r.percent_of_plan == 100 for r in shares)


def test_real_inspection_report_answers_its_inspection_plan():
    plan = _realdoc("LC09").responds_to
    assert (plan.number, plan.date, plan.doc_type) == ("1105/KH-ĐKT", "2026-03-10", "ke_hoach")


def test_real_reports_give_no_results_from_years_or_document_numbers():
    need_realdocs()
    for prefix in ("LC06", "LC07", "LC08", "LC13"):
        doc = _realdoc(prefix)
        for result in doc.results:
            assert result.unit is not None or result.metric, result
            assert not (1990 <= result.value <= 2100 and result.unit is None), result
            assert "/" not in result.provenance.text or result.provenance.text[0].isdigit(), result
