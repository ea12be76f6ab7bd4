"""Targets keep the words that state them, and a report's achieved figures are never targets.

A reader checks the outputs against the plan: a target written "phấn đấu
đạt 70 %" or "đạt tối thiểu 80%" must be shown so, not as "= 70" (the
comparator code stays for the logic). And "đạt 92,9% kế hoạch" in a report's
results part is a result; read as a target it would set the report a goal
it never set. Expected values are read from the documents (line numbers
given), never from output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.reconcile.labels import goal_text
from pipeline.run.document import extract_file
from schemas.extraction import Comparator, ExtractedDocument
from tests.conftest import REALDOCS, SAMPLES, need_realdocs

_DOCS: dict[Path, ExtractedDocument] = {}


def extracted(path: Path) -> ExtractedDocument:
    if path not in _DOCS:
        _DOCS[path] = extract_file(path)
    return _DOCS[path]


def target_with(doc: ExtractedDocument, sentence: str, raw: str):  # noqa: ANN201 - a Target
    found = [t for t in doc.targets if sentence in t.text and t.raw_value.startswith(raw)]
    assert len(found) == 1, [(t.raw_value, t.text[:80]) for t in doc.targets]
    return found[0]


@pytest.mark.parametrize(("plan", "sentence", "raw", "comparator", "words", "shown"), [
    # seed plan, II.2: "Phấn đấu tỷ lệ số xã có điểm Chỉ số Hạnh phúc ... từ 70 điểm trở lên đạt 70 %."
    ("plans/seed_19-KH-SVHTTDL.pdf", "Phấn đấu tỷ lệ số xã", "70 %", Comparator.EQ, "phấn đấu đạt", "phấn đấu đạt 70 %"),
    # seed plan: "doanh thu đạt 3.350 tỷ đồng"
    ("plans/seed_19-KH-SVHTTDL.pdf", "doanh thu đạt", "3.350", Comparator.EQ, "đạt", "đạt 3.350 tỷ đồng"),
    # Ninh Bình plan, PHỤ LỤC I: the cells "≥ 80" and "Tối thiểu 95" state their comparators themselves
    ("plans/ninhbinh_27-KH-SKHCN.pdf", "trực tuyến toàn trình", "≥ 80", Comparator.GTE, "≥", "≥ 80"),
    ("plans/ninhbinh_27-KH-SKHCN.pdf", "hài lòng", "Tối thiểu 95", Comparator.GTE, "Tối thiểu", "Tối thiểu 95"),
])
def test_sample_targets_keep_their_wording(plan: str, sentence: str, raw: str, comparator: Comparator, words: str,
                                           shown: str) -> None:
    target = target_with(extracted(SAMPLES / plan), sentence, raw)
    assert target.comparator == comparator and target.comparator_text == words
    assert goal_text(target.comparator.value, target.comparator_text, target.raw_value).startswith(shown)


@pytest.mark.parametrize(("name", "sentence", "raw", "comparator", "words", "shown"), [
    # LD01 line 101: "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính các cấp đạt tối thiểu 80%."
    ("LD01_KH-UBND_CCHC-2026_LamDong", "Tỷ lệ số hóa hồ sơ", "80%", Comparator.GTE, "đạt tối thiểu",
     "đạt tối thiểu 80%"),
    # LC01 line 40: "Phấn đấu trung bình mỗi năm tổ chức đấu giá từ 05 mỏ khoáng sản ... thông thường trở lên."
    ("LC01_KH-UBND_ChiThi11-KhoangSan_LaoCai", "đấu giá từ 05 mỏ", "05", Comparator.GTE, "phấn đấu từ … trở lên",
     "phấn đấu từ 05 mỏ"),
    # LC02 line 38: "- Chỉ số sản xuất công nghiệp tăng bình quân 12%/năm."
    ("LC02_KH-SCT_DeAn08-CongNghiep-2026-2030_LaoCai", "Chỉ số sản xuất công nghiệp tăng bình quân", "12%",
     Comparator.INCREASE, "tăng bình quân", "tăng bình quân 12%"),
])
def test_real_targets_keep_their_wording(name: str, sentence: str, raw: str, comparator: Comparator, words: str,
                                         shown: str) -> None:
    need_realdocs()
    doc = extracted(REALDOCS / f"{name}.txt")
    found = [t for t in doc.targets if sentence in t.text and t.raw_value.startswith(raw)
             and t.comparator == comparator]
    assert found, [(t.raw_value, t.comparator_text, t.text[:60]) for t in doc.targets]
    assert {t.comparator_text for t in found} == {words}
    assert goal_text(found[0].comparator.value, found[0].comparator_text, found[0].raw_value).startswith(shown)


def test_a_reports_achieved_figures_are_results_not_targets() -> None:
    """qldl_58, I.2 "Kết quả thực hiện các chỉ tiêu về du lịch": "ước đạt 21.450 nghìn lượt, đạt 92,9% kế
    hoạch, tăng 8% so với cùng kỳ năm 2025" and "3.520 tỷ đồng, đạt 105,1% kế hoạch". Its part III looks
    ahead without a measured goal, so the report sets no target at all."""
    doc = extracted(SAMPLES / "reports" / "seed" / "qldl_58-BC-QLDL.pdf")
    assert doc.targets == []
    visitors = [r for r in doc.results if r.base_value == 21_450_000]
    assert len(visitors) == 1 and visitors[0].percent_of_plan == 92.9 and visitors[0].growth_percent == 8
    assert any(r.base_value == 3_520_000_000_000 and r.percent_of_plan == 105.1 for r in doc.results)


def test_a_real_self_assessment_reports_evidence_is_not_read_as_targets() -> None:
    """LD10 (báo cáo tự đánh giá chỉ số CCHC): its appendix cites evidence such as "(Đã hoàn thành 45/45
    nhiệm vụ, đạt 100% kế hoạch)" (line 45): what was achieved, not a goal the report sets."""
    need_realdocs()
    doc = extracted(REALDOCS / "LD10_BC_ChamDiem-PARIndex-2025_LamDong.txt")
    assert doc.doc_type == "bao_cao"
    assert doc.targets == []
    assert doc.results  # the same figures, as results


def test_a_scanned_report_with_a_garbled_type_line_still_states_results() -> None:
    """vps_112 is a noisy scan whose type line OCR reads "- BÁO CÁO"; its number "112/BC-VP" says it is a
    report. "100% văn bản đi được ký số" (I.2) is what the office did, a result, not a target."""
    scan = SAMPLES / "scans" / "out" / "reports" / "seed" / "vps_112-BC-VP.pdf"
    if not scan.exists():
        from samples import load

        load("make_scans").scan_reports()
    doc = extracted(scan)
    assert doc.doc_type == "bao_cao" and doc.targets == []
    assert any(r.value == 100 and r.unit == "%" for r in doc.results)
