"""The grammar of state bodies (extractors/units.py) on phrases copied from the real documents.

Each case is a phrase as printed in a document of ../shared/realdocs (named beside it); the expected
units are what a reader takes as the unit names: where each name ends, and which lists are one group.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from extractors.cues import CueMatcher
from extractors.nlp import nlp
from extractors.units import is_bare_head, known_body, known_names, split_units, unit_at

NAMES_END = [
    # (document, text as printed, the units it names)
    ("SG12 Điều 2 list / issue", "Tòa án nhân dân tối cao Phối hợp chặt chẽ với", ["Tòa án nhân dân tối cao"]),
    ("SG24", "Văn phòng Ủy ban nhân dân tỉnh phát hành giấy mời và triệu tập", ["Văn phòng Ủy ban nhân dân tỉnh"]),
    ("LC08", "Bộ Công Thương một số nội dung như sau:", ["Bộ Công Thương"]),
    ("LC15", "Ủy ban nhân dân phường Văn Phú, Ủy ban nhân dân xã Yên Bình hoàn thành phương án xử lý tài sản",
     ["Ủy ban nhân dân phường Văn Phú", "Ủy ban nhân dân xã Yên Bình"]),
    ("LC16", "các đơn vị sản xuất, kinh doanh, sử dụng, bảo quản hóa chất trên địa bàn tỉnh Lào Cai chưa thực "
     "hiện báo cáo", ["các đơn vị sản xuất, kinh doanh, sử dụng, bảo quản hóa chất trên địa bàn tỉnh Lào Cai"]),
    ("LC16", "Sở Công Thương yêu cầu các đơn vị nghiêm túc thực hiện", ["Sở Công Thương"]),
    ("LC15", "Ban Quản lý dự án đầu tư xây dựng số 1 đẩy nhanh tiến độ", ["Ban Quản lý dự án đầu tư xây dựng số 1"]),
    ("LC15", "Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh đẩy nhanh tiến độ",
     ["Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh"]),
    ("LC15", "Ban Quản lý dự án đầu tư xây dựng cấp xã hoặc Trung tâm dịch vụ tổng hợp cấp xã lập hồ sơ",
     ["Ban Quản lý dự án đầu tư xây dựng cấp xã", "Trung tâm dịch vụ tổng hợp cấp xã"]),
    ("SG04", "Ban Chủ nhiệm Đoàn Luật sư tỉnh Đắk Nông, tỉnh Bình Thuận và tỉnh Lâm Đồng (cũ), Ban chấp hành lâm "
     "thời Hội công chứng viên tỉnh Lâm Đồng thực hiện các nội dung",
     ["Ban Chủ nhiệm Đoàn Luật sư tỉnh Đắk Nông, tỉnh Bình Thuận và tỉnh Lâm Đồng (cũ)",
      "Ban chấp hành lâm thời Hội công chứng viên tỉnh Lâm Đồng"]),
    ("SG04", "Ban Chủ nhiệm Đoàn Luật sư các tỉnh Đắk Nông, Bình Thuận, Lâm Đồng (cũ) khẩn trương hoàn thiện",
     ["Ban Chủ nhiệm Đoàn Luật sư các tỉnh Đắk Nông, Bình Thuận, Lâm Đồng (cũ)"]),
    ("SG17", "Hội Cựu giáo chức, Hội Bảo vệ thiên nhiên và môi trường, Hội Làm vườn, Hội Thân nhân kiều bào, Hiệp "
     "hội Thủy sản và Hội Lâm nghiệp", ["Hội Cựu giáo chức", "Hội Bảo vệ thiên nhiên và môi trường", "Hội Làm vườn",
                                      "Hội Thân nhân kiều bào", "Hiệp hội Thủy sản", "Hội Lâm nghiệp"]),
    ("SG17", "Hiệp hội Vận tải ô tô, Hội Nghề cá, Hiệp hội Nước mắm Phan Thiết, Hội Tin học và Hiệp hội Nhà thầu xây "
     "dựng hoàn thành", ["Hiệp hội Vận tải ô tô", "Hội Nghề cá", "Hiệp hội Nước mắm Phan Thiết", "Hội Tin học",
                         "Hiệp hội Nhà thầu xây dựng"]),
    ("SG11 Điều 3", "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Giáo dục và Đào tạo, Chủ "
     "tịch Hội đồng quản lý Quỹ Khuyến học tỉnh Bình Thuận, Chủ tịch Hội Khuyến học tỉnh Bình Thuận và Thủ trưởng các "
     "cơ quan có liên quan căn cứ Quyết định thi hành",
     ["Chánh Văn phòng Ủy ban nhân dân tỉnh", "Giám đốc Sở Nội vụ", "Giám đốc Sở Giáo dục và Đào tạo",
      "Chủ tịch Hội đồng quản lý Quỹ Khuyến học tỉnh Bình Thuận", "Chủ tịch Hội Khuyến học tỉnh Bình Thuận",
      "Thủ trưởng các cơ quan có liên quan"]),
    ("SG12 Điều 7", "Các thành viên Ban Chỉ đạo, Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ, Chủ "
     "tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương và các đơn vị có liên quan chịu trách nhiệm",
     ["Các thành viên Ban Chỉ đạo", "Bộ trưởng", "Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ",
      "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", "các đơn vị có liên quan"]),
    ("SG22", "các thành viên có tên tại Điều 1 và các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm",
     ["các thành viên có tên tại Điều 1", "các cơ quan, tổ chức, cá nhân có liên quan"]),
    ("LD04", "Giao Sở Nội vụ (Cơ quan Thường trực Hội đồng Thi đua - Khen thưởng tỉnh)"[5:], ["Sở Nội vụ"]),
    ("LC03", "Tổ trưởng tổ công tác phân công", ["Tổ trưởng tổ công tác"]),
    ("SG25", "Các Bộ, cơ quan trung ương chủ dự án thành phần và các cơ quan có liên quan dự kiến mục tiêu",
     ["Các Bộ, cơ quan trung ương chủ dự án thành phần", "các cơ quan có liên quan"]),
    ("Quảng Trị sample", "Ngân hàng Chính sách xã hội - Chi nhánh tỉnh Quảng Trị",
     ["Ngân hàng Chính sách xã hội - Chi nhánh tỉnh Quảng Trị"]),
    ("seed sample", "Phòng Tổ chức - Pháp chế", ["Phòng Tổ chức - Pháp chế"]),
    ("TW02", "Ban Công tác đặc biệt Chính phủ Lào, Ủy ban Chuyên trách Chính phủ Campuchia",
     ["Ban Công tác đặc biệt Chính phủ Lào", "Ủy ban Chuyên trách Chính phủ Campuchia"]),
]

GROUPS_WHOLE = [
    ("LD04", "các cơ quan truyền thông, báo chí tăng cường tuyên truyền", ["các cơ quan truyền thông, báo chí"]),
    ("LD04", "các sở, ban, ngành, các cơ quan Trung ương đóng trên địa bàn, UBND các xã, phường, đặc khu xây dựng",
     ["các sở, ban, ngành", "các cơ quan Trung ương đóng trên địa bàn", "UBND các xã, phường, đặc khu"]),
    ("LD04", "Báo và Đài Phát thanh, Truyền hình Lâm Đồng tăng cường", ["Báo và Đài Phát thanh, Truyền hình Lâm Đồng"]),
    ("LD04", "Sở Văn hóa, Thể thao và Du lịch chủ trì", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("LC15", "Thủ trưởng các sở, ngành, đơn vị và Chủ tịch Ủy ban nhân dân các xã, phường tập trung",
     ["Thủ trưởng các sở, ngành, đơn vị", "Chủ tịch Ủy ban nhân dân các xã, phường"]),
    ("LC15", "Ủy ban nhân dân các xã, phường có cụm công nghiệp", ["Ủy ban nhân dân các xã, phường có cụm công nghiệp"]),
    ("LC01", "Giám đốc các Sở và Thủ trưởng các ban, ngành tỉnh; Chủ tịch Ủy ban nhân dân các xã, phường",
     ["Giám đốc các Sở", "Thủ trưởng các ban, ngành tỉnh", "Chủ tịch Ủy ban nhân dân các xã, phường"]),
    ("LC01", "các sở, ngành và chính quyền địa phương trong quản lý", ["các sở, ngành", "chính quyền địa phương"]),
    ("LC01 table", "Các Sở, ban, ngành và địa phương", ["Các Sở, ban, ngành", "địa phương"]),
    ("LC01", "cơ quan, tổ chức liên quan thẩm định", ["cơ quan, tổ chức liên quan"]),
    ("LC01", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lào Cai và các tổ chức chính trị - xã hội trong công tác",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lào Cai", "các tổ chức chính trị - xã hội"]),
    ("SG03", "Ủy ban nhân dân tỉnh, thành phố, Đoàn Luật sư, Hội Công chứng viên căn cứ chức năng",
     ["Ủy ban nhân dân tỉnh, thành phố", "Đoàn Luật sư", "Hội Công chứng viên"]),
    ("LD04", "chính quyền các cấp, phát huy sức mạnh khối đại đoàn kết", ["chính quyền các cấp"]),
    ("SG18", "Chủ tịch UBND các xã, phường, đặc\nkhu", ["Chủ tịch UBND các xã, phường, đặc khu"]),
]


@pytest.mark.parametrize(("where", "text", "units"), NAMES_END + GROUPS_WHOLE,
                         ids=[f"{w}: {t[:40]}" for w, t, _ in NAMES_END + GROUPS_WHOLE])
def test_units_as_printed(where, text, units):
    assert split_units(text) == units, where


@pytest.mark.parametrize("text", [
    "TỔ CHỨC THỰC HIỆN",  # a heading (LC03, LC15), not a body
    "Tổ chức kiểm tra kỹ thuật an toàn",  # the verb (LC03)
    "Báo cáo kết quả Đại hội",  # a report (SG20), not the newspaper "Báo"
    "Đỗ Mạnh Cường",  # a person in an annex table (LC03, LC04)
    "Bộ tiêu chí đánh giá công tác cải cách hành chính",  # SG10
    "ban hành Kế hoạch",
])
def test_not_units(text):
    assert split_units(text) == []


def test_unit_after_a_request_starts_lower_case():
    text = "Đề nghị cơ quan có thẩm quyền nghiên cứu sửa đổi"  # LC12
    assert unit_at(text, len("Đề nghị"), after_cue=True) == (8, 29)
    assert unit_at(text, len("Đề nghị")) is None  # outside a request a lower-case head word needs a name


def test_shipped_list_holds_the_2025_ministries_and_departments():
    names = set(known_names())
    ministries = {"Bộ Nội vụ", "Bộ Tài chính", "Bộ Nông nghiệp và Môi trường", "Bộ Khoa học và Công nghệ",
                  "Bộ Dân tộc và Tôn giáo", "Bộ Xây dựng", "Bộ Công Thương", "Bộ Quốc phòng", "Bộ Công an",
                  "Bộ Ngoại giao", "Bộ Tư pháp", "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Giáo dục và Đào tạo",
                  "Bộ Y tế"}
    provincial = {"Sở Nội vụ", "Sở Tài chính", "Sở Nông nghiệp và Môi trường", "Sở Xây dựng",
                  "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch", "Sở Giáo dục và Đào tạo", "Sở Y tế",
                  "Sở Tư pháp", "Sở Công Thương", "Sở Ngoại vụ", "Sở Dân tộc và Tôn giáo", "Thanh tra tỉnh"}
    assert ministries <= names and provincial <= names
    assert known_body("UBND tỉnh Lâm Đồng") == "Ủy ban nhân dân"
    assert known_body("Sở Tư pháp tỉnh Lâm Đồng") == "Sở Tư pháp"


def test_bare_head_words_are_labels_not_units():
    assert is_bare_head("Sở") and is_bare_head("Đơn vị")
    assert not is_bare_head("Bộ trưởng")  # a title names its holders (SG12)
    assert not is_bare_head("địa phương")  # a lower-case common noun is a group (LC01)
    assert not is_bare_head("Các Sở")


def test_cue_does_not_swallow_a_following_lower_case_word():
    """'tăng' must not match a token 'tăng đều' (a wrong upper-case class once read 'đ' as a capital);
    a cue's last token may carry a following name only ('Giao Phòng')."""
    matcher = CueMatcher({"grow": ["tăng"], "assign": ["giao"]})
    assert matcher(Doc(nlp().vocab, words=["tăng đều"])) == []
    found = matcher(Doc(nlp().vocab, words=["Giao Phòng", "Văn hóa"], spaces=[True, False]))
    assert [(c.label, c.start, c.end) for c in found] == [("assign", 0, 4)]
