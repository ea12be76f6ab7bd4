"""Deadlines that are deadlines, one test per rule, on real documents (../shared/realdocs, read in place).

Each test quotes the sentence it is about. A deadline is compared as (ISO date, relation).
"""

from __future__ import annotations

from functools import cache

import pytest

from schemas.extraction import ExtractedDocument
from tests.conftest import REALDOCS, need_realdocs


@cache
def _doc(stem: str) -> ExtractedDocument:
    from pipeline.run.document import extract_file

    need_realdocs()
    found = sorted(REALDOCS.glob(f"{stem}*.txt")) or sorted((REALDOCS / "signed").glob(f"{stem}*.pdf"))
    if not found:
        pytest.skip(f"{stem} is not in {REALDOCS}")
    return extract_file(found[0])


def _deadlines(stem: str) -> set[tuple[str | None, str]]:
    return {(d.date, d.relation.value) for d in _doc(stem).deadlines}


def _dates(stem: str) -> set[str | None]:
    return {d.date for d in _doc(stem).deadlines}


def test_cut_offs_past_events_and_plans_are_not_deadlines():
    # SG17 (28/11/2024): "tính đến ngày 26/11/2024 có: ..."; "Hiệp hội Nước mắm Phan Thiết dự kiến tổ chức đại hội
    # nhiệm kỳ vào ngày 18/12/2024"; "Tính đến ngày 28/12/2024 là đủ 12 tháng kể từ ngày kết thúc nhiệm kỳ III";
    # "Hội Cựu giáo chức tỉnh có Văn bản số 16/CGC.BT ... kiến nghị kéo dài thời gian tổ chức đại hội đến quý I/2025"
    assert not {"2024-11-26", "2024-12-18", "2024-12-28", "2025-03-31"} & _dates("SG17")
    # SG09 "... theo đó thời gian dự kiến tổ chức Đại hội vào ngày 27/6/2025."
    assert "2025-06-27" not in _dates("SG09")


def test_past_date_chased_up_is_not_a_deadline():
    # LC16 (April 2026) chases up an earlier request "báo cáo ... trước ngày 05 tháng 02 năm 2026"; its own deadline
    # is "trước ngày 08 tháng 4 năm 2026".
    assert _deadlines("LC16") == {("2026-04-08", "before")}


def test_extension_and_latest_date_are_by_not_a_period():
    # SG17 "Sở Nội vụ đề xuất Chủ tịch Ủy ban nhân dân tỉnh thống nhất gia hạn thời gian tổ chức đại hội đến ngày
    # 31/12/2024" and "hoàn thành tổ chức đại hội nhiệm kỳ chậm nhất ngày 31/12/2024"
    assert _deadlines("SG17") == {("2024-12-31", "by")}
    # SG09 "thống nhất gia hạn thời gian tổ chức đại hội ... chậm nhất đến ngày 30/9/2025"
    assert ("2025-09-30", "by") in _deadlines("SG09")
    assert ("2025-09-30", "period") not in _deadlines("SG09")


def test_a_yearly_thing_is_not_a_recurring_deadline():
    # SG01 "thời hạn hoàn thành ... sẽ thực hiện theo Kế hoạch xác định Chỉ số CCHC hàng năm do Bộ Nội vụ ban hành"
    assert (None, "recurring") not in _deadlines("SG01")
    # SG18 "đưa vào Kế hoạch CCHC hằng năm của cơ quan, địa phương"
    assert (None, "recurring") not in _deadlines("SG18")
    # LD04 "nguồn kinh phí phục vụ công tác CCHC theo dự toán được duyệt hằng năm"
    assert (None, "recurring") not in _deadlines("LD04")
    # SG11's charter "Hàng năm, Quỹ có trách nhiệm công khai ..." is the charter's, not the decision's
    assert _deadlines("SG11") == set()


def test_recurring_report_still_recurs():
    # LC15 "- Định kỳ hằng quý tổng hợp, báo cáo Ủy ban nhân dân tỉnh tình hình triển khai ..."
    assert (None, "recurring") in _deadlines("LC15")
    # LC01 "Các Sở, ngành, địa phương định kỳ hàng năm (trước ngày 10/12) hoặc đột xuất báo cáo ..."
    assert (None, "recurring") in _deadlines("LC01")


def test_thuong_xuyen_on_a_task_is_ongoing():
    # SG18 "2. Giao Văn phòng UBND tỉnh: ... b) ... Thường xuyên theo dõi, kiểm tra đảm bảo Hệ thống ..."
    assert (None, "ongoing") in _deadlines("SG18")
    assert ("2025-11-30", "before") in _deadlines("SG18")  # "hoàn thành trước ngày\n30/11/2025"
    # LD04 "a) Phong trào thi đua phải được tổ chức triển khai thường xuyên, sâu rộng, thiết thực, hiệu quả"
    assert (None, "ongoing") in _deadlines("LD04")


def test_start_of_an_event_is_on():
    # LC04 "1. Thời gian: 1,5 ngày (bắt đầu từ 13h30 thứ Hai ngày 06/7/2026)."
    assert ("2026-07-06", "on") in _deadlines("LC04")
