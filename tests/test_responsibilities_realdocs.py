"""Responsibilities where real documents put them, one test per kind of assignment.

Each test reads a real document of ../shared/realdocs in place and quotes the sentence it is about.
Units are compared as text (folded); roles exactly.
"""

from __future__ import annotations

from functools import cache

import pytest

from pipeline.text.normalize import fold
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


def _units(stem: str, role: str | None = None) -> set[str]:
    return {fold(r.unit) for r in _doc(stem).responsibilities if role is None or r.role.value == role}


def _has(stem: str, unit: str, role: str = "lead") -> bool:
    return fold(unit) in _units(stem, role)


# -- a decision's last article --------------------------------------------------------------------------------


def test_execution_clause_of_a_decision():
    # SG10 "Điều 4. Các thành viên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."
    assert _has("SG10", "Các thành viên tại Điều 1")
    # SG11 "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Giáo dục và Đào tạo,
    # Chủ tịch Hội đồng quản lý Quỹ Khuyến học tỉnh Bình Thuận, Chủ tịch Hội Khuyến học tỉnh Bình Thuận và Thủ
    # trưởng các cơ quan có liên quan căn cứ Quyết định thi hành./."
    assert _units("SG11", "lead") == {fold(u) for u in (
        "Chánh Văn phòng Ủy ban nhân dân tỉnh", "Giám đốc Sở Nội vụ", "Giám đốc Sở Giáo dục và Đào tạo",
        "Chủ tịch Hội đồng quản lý Quỹ Khuyến học tỉnh Bình Thuận", "Chủ tịch Hội Khuyến học tỉnh Bình Thuận",
        "Thủ trưởng các cơ quan có liên quan")}
    # TW01 "Điều 3. Các Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, Thủ trưởng cơ quan trực thuộc Chính phủ, Chủ tịch
    # Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chịu trách nhiệm thi hành Quyết định này"
    assert {fold(u) for u in ("Các Bộ trưởng", "Thủ trưởng cơ quan ngang Bộ",
                              "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương")} <= _units("TW01")


def test_standing_body_of_a_decision():
    # SG12 Điều 5 "1. Bộ Công an làm nhiệm vụ cơ quan thường trực của Ban Chỉ đạo"; Điều 7 "2. Các thành viên
    # Ban Chỉ đạo, Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ, ... chịu trách nhiệm thi hành"
    assert _has("SG12", "Bộ Công an")
    assert _has("SG12", "Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ")
    assert _has("SG12", "Bộ trưởng")


def test_body_the_document_sets_up_is_a_unit():
    # SG12 Điều 5 "2. Bộ trưởng Bộ Công an quyết định thành lập Tổ giúp việc của Ban Chỉ đạo. Tổ giúp việc có
    # trách nhiệm giúp Ban Chỉ đạo ...": a bare "Tổ ..." is a unit once the document sets it up
    assert _has("SG12", "Tổ giúp việc")
    assert not _has("SG12", "Tổ")


def test_charter_approved_by_a_decision_is_not_its_assignment():
    # SG11 pages 2-13: the Điều lệ "Ban Kiểm soát Quỹ có trách nhiệm kiểm tra, giám sát ..."
    assert not {fold(u) for u in ("Ban Kiểm soát Quỹ", "Hội đồng quản lý Quỹ", "Giám đốc Quỹ", "Sở Tài chính")} \
        & _units("SG11")


# -- numbered requests and unit headings ----------------------------------------------------------------------


def test_numbered_unit_headings_after_a_request():
    # SG18 "... theo đó, yêu cầu: 1. Thủ trưởng các sở, ban, ngành và Chủ tịch UBND các xã, phường, đặc khu: ...
    # 2. Giao Văn phòng UBND tỉnh: ..."
    assert {fold(u) for u in ("Thủ trưởng các sở, ban, ngành", "Chủ tịch UBND các xã, phường, đặc khu",
                              "Văn phòng UBND tỉnh")} <= _units("SG18", "lead")


def test_subject_of_a_numbered_task():
    # LC15 "8. Các Ban Quản lý dự án đầu tư xây dựng / Ban Quản lý dự án đầu tư xây dựng số 1 đẩy nhanh tiến độ
    # ...; Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh đẩy nhanh tiến độ ..."
    assert _has("LC15", "Ban Quản lý dự án đầu tư xây dựng số 1")
    assert _has("LC15", "Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh")
    # LD04 VII "4. Báo và Đài Phát thanh, Truyền hình Lâm Đồng tăng cường công tác tuyên truyền ..."
    assert _has("LD04", "Báo và Đài Phát thanh, Truyền hình Lâm Đồng")
    # LD04 IV.2 "a) Căn cứ Kế hoạch phát động thi đua của UBND tỉnh, các cơ quan, đơn vị, địa phương trên địa bàn
    # tỉnh xây dựng Kế hoạch trong Quý I/2026 ..."
    assert _has("LD04", "các cơ quan, đơn vị, địa phương trên địa bàn tỉnh")


def test_letter_closing_request():
    # LC17 "Căn cứ ý kiến chỉ đạo trên, Sở Công Thương và các đơn vị liên quan triển khai thực hiện./."
    assert _has("LC17", "các đơn vị liên quan")


# -- lists after a colon ---------------------------------------------------------------------------------------


def test_list_after_a_colon():
    # SG17 "a) Văn bản yêu cầu các hội: Hiệp hội Vận tải ô tô, Hội Nghề cá, Hiệp hội Nước mắm Phan Thiết, Hội Tin
    # học và Hiệp hội Nhà thầu xây dựng hoàn thành tổ chức đại hội nhiệm kỳ chậm nhất ngày 31/12/2024."
    assert {fold(u) for u in ("Hiệp hội Vận tải ô tô", "Hội Nghề cá", "Hiệp hội Nước mắm Phan Thiết", "Hội Tin học",
                              "Hiệp hội Nhà thầu xây dựng")} <= _units("SG17", "lead")
    # SG17 "Giao các sở: Giao thông vận tải, Nông nghiệp và Phát triển nông thôn, Thông tin và Truyền thông, Xây
    # dựng đôn đốc, hướng dẫn, ..." (the departments as printed, without "Sở")
    assert {fold(u) for u in ("Giao thông vận tải", "Nông nghiệp và Phát triển nông thôn",
                              "Thông tin và Truyền thông", "Xây dựng")} <= _units("SG17", "lead")
    assert not _has("SG17", "các sở")


def test_request_retold_or_quoted_is_not_an_assignment():
    # SG17 "Ngày 21/10/2024, Sở Nội vụ có Công văn số 2903/SNV-TCCC đề nghị các sở: Thông tin và Truyền thông, Tài
    # nguyên và Môi trường, ..."; "Sở Tài nguyên Môi trường, ... đã thống nhất đề xuất giải thể ..."; "Sở có các văn
    # bản đề nghị báo cáo về tổ chức, hoạt động ..."
    units = _units("SG17")
    assert not {fold(u) for u in ("Tài nguyên và Môi trường", "Sở Tài nguyên Môi trường",
                                  "Sở Giáo dục và Đào tạo")} & units
    assert not any(u.startswith("báo cáo") for u in units)
    # SG17 quotes the association's letter: "... báo cáo và đề nghị Ủy ban nhân dân tỉnh Bình Thuận xử lý Hội làm
    # vườn tỉnh theo quy định ..."
    assert not any(u.startswith(fold("Ủy ban nhân dân tỉnh Bình Thuận")) for u in units)


# -- a report's proposals ----------------------------------------------------------------------------------------


def test_report_proposals_not_its_narration():
    # LC08 "Uỷ ban nhân dân tỉnh Lào Cai đề nghị Bộ Công Thương một số nội dung như sau:"
    assert _units("LC08") == {fold("Bộ Công Thương"), fold("Cục Kỹ thuật an toàn và Môi trường công nghiệp")}
    # LC11 narrates: "Ủy ban nhân dân tỉnh giao Sở Tài chính phối hợp với đơn vị tư vấn làm việc ..."
    assert _units("LC11") == {fold("Bộ Công Thương")}
    # SG18 narrates: "Sở Nông nghiệp và Môi trường đã chỉ đạo Văn phòng Đăng ký đất đai tỉnh, ... phối hợp với ..."
    assert not any("đăng ký đất đai" in u for u in _units("SG18"))


# -- Giao/Đề nghị X chủ trì, phối hợp với Y ---------------------------------------------------------------------


def test_lead_and_support_kept_apart():
    # LC15 "4. Sở Nông nghiệp và Môi trường / ... Khẩn trương chủ trì, phối hợp với Ủy ban nhân dân phường Văn
    # Phú, Ủy ban nhân dân xã Yên Bình hoàn thành phương án xử lý tài sản trên đất ..."
    assert {fold("Ủy ban nhân dân phường Văn Phú"), fold("Ủy ban nhân dân xã Yên Bình")} <= _units("LC15", "support")
    # LD04 "3. Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với các cơ quan truyền thông, báo chí tăng cường ..."
    assert _has("LD04", "Sở Văn hóa, Thể thao và Du lịch")
    assert _has("LD04", "các cơ quan truyền thông, báo chí", "support")
    # LC03 "đề nghị các tổ chức, cá nhân liên quan phối hợp, triển khai thực hiện": asked to support
    assert _units("LC03", "support") == {fold("các tổ chức, cá nhân liên quan")}


def test_partner_of_a_monitored_third_party_is_not_assigned():
    # LC15 "Chủ trì theo dõi, đôn đốc các chủ đầu tư hạ tầng cụm công nghiệp phối hợp chặt chẽ với chính quyền địa
    # phương đẩy nhanh giải phóng mặt bằng ..."
    assert not any(u.startswith("chính quyền địa phương") for u in _units("LC15"))


def test_nested_assignment():
    # LC15 "7. Ủy ban nhân dân các xã, phường có cụm công nghiệp / ... khẩn trương giao Ban Quản lý dự án đầu tư xây
    # dựng cấp xã hoặc Trung tâm dịch vụ tổng hợp cấp xã lập hồ sơ thành lập ..."
    assert _has("LC15", "Ban Quản lý dự án đầu tư xây dựng cấp xã")
    assert _has("LC15", "Trung tâm dịch vụ tổng hợp cấp xã")
    assert _has("LC15", "Ủy ban nhân dân các xã, phường có cụm công nghiệp")


def test_addressee_of_a_to_trinh():
    # SG14 "Sở Nội vụ kính trình Ủy ban nhân dân tỉnh xem xét, ký ban hành Kế hoạch ..."
    assert _units("SG14") == {fold("Ủy ban nhân dân tỉnh")}
    # SG16 "... Lâm Đồng (trước sắp xếp) Kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định." (no stop
    # before "Kính trình")
    assert _has("SG16", "Chủ tịch Ủy ban nhân dân tỉnh")
    # LD04 "2. Giao Sở Nội vụ ...: b) Tham mưu, đề xuất Chủ tịch UBND tỉnh khen thưởng ...": Sở Nội vụ's task,
    # not a request to the Chairman
    assert not _has("LD04", "Chủ tịch UBND tỉnh")


# -- not responsibilities ---------------------------------------------------------------------------------------


def test_issuer_own_undertakings_are_not_assignments():
    # SG01 (Bộ Nội vụ) "Bộ Nội vụ sẽ tiến hành rà soát ..."; "phối hợp với Bộ Nội vụ xử lý các lỗi kỹ thuật ..."
    assert not any(u.startswith("bộ nội vụ") for u in _units("SG01"))
    assert _units("SG01") == {fold("các bộ, tỉnh")}


def test_partnership_already_made_is_not_an_assignment():
    # SG16 (a Tờ trình) "Hiện nay, Hội tỉnh Lâm Đồng đã phối hợp với Hội tỉnh Bình Thuận và Hội tỉnh Đắk Nông
    # (trước sắp xếp) thực hiện quy trình ...": what was done, told to support the proposal
    assert not {u for u in _units("SG16", "support") if u.startswith("hội tỉnh")}, _units("SG16", "support")


def test_issuer_next_step_is_not_an_assignment():
    # SG04 "... gửi Sở Tư pháp trước ngày 25/11/2025 để phối hợp với Sở Nội vụ tham mưu trình Ủy ban nhân dân tỉnh"
    assert not _has("SG04", "Sở Nội vụ", "support")
    assert _has("SG04", "Ban Chủ nhiệm Đoàn Luật sư tỉnh Đắk Nông, tỉnh Bình Thuận và tỉnh Lâm Đồng (cũ)")


def test_persons_headings_and_preamble_are_not_units():
    # LC03 annex "Người thực hiện" column: "Đỗ Mạnh Cường / Vũ Việt Linh / Nguyễn Thị Loan"; heading "III. TỔ CHỨC
    # THỰC HIỆN"; preamble "Căn cứ Quyết định 1883/QĐ-UBND ... về việc Ủy quyền cho Giám đốc Sở Công Thương ..."
    units = _units("LC03")
    assert not {fold("Đỗ Mạnh Cường"), fold("Vũ Việt Linh"), fold("TỔ CHỨC THỰC HIỆN"), fold("Tổ chức"),
                fold("Giám đốc Sở Công Thương")} & units
    # LC03 "Nhiệm vụ cụ thể của từng thành viên do Tổ trưởng tổ công tác phân công"
    assert _has("LC03", "Tổ trưởng tổ công tác")


def test_noun_phrases_are_not_assignments():
    # LD04 "Hồ sơ đề nghị Chủ tịch UBND tỉnh tặng Bằng khen gồm 02 bộ"
    assert not any("tặng bằng khen" in u for u in _units("LD04"))
    # LC16 "Danh sách các đơn vị đề nghị báo cáo lần 2" after the annex
    assert fold("báo cáo lần 2") not in _units("LC16")
    # LC16 "Sở Công Thương yêu cầu các đơn vị sản xuất, kinh doanh, sử dụng, bảo quản hóa chất trên địa bàn tỉnh Lào
    # Cai chưa thực hiện báo cáo ...": the group ends before its restricting clause
    assert _units("LC16") == {fold("các đơn vị sản xuất, kinh doanh, sử dụng, bảo quản hóa chất trên địa bàn tỉnh "
                                   "Lào Cai"), fold("các đơn vị")}
