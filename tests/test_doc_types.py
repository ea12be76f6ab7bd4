"""Metadata and assignments of other document types (công văn, quyết định, tờ trình, thông báo).

The fixtures are short documents written for these tests in different
provinces' styles; the expected values are read off them by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.run.document import extract_file

FIXTURES = Path(__file__).parent / "fixtures"


def _meta(doc) -> dict:  # noqa: ANN001
    return {
        "doc_type": doc.doc_type, "number": doc.number, "issued_date": doc.issued_date, "place": doc.place,
        "issuer": doc.issuer.name if doc.issuer else None, "parent": doc.issuer.parent if doc.issuer else None,
        "signer": (doc.signer.authority, doc.signer.title, doc.signer.name) if doc.signer else None,
        "title": doc.title,
    }


@pytest.mark.parametrize(("name", "expected"), [
    ("cv_syt_thanhhoa.txt", {
        "doc_type": "cong_van", "number": "1234/SYT-NVY", "issued_date": "2026-05-08", "place": "Thanh Hóa",
        "issuer": "SỞ Y TẾ", "parent": "UBND TỈNH THANH HÓA",
        "signer": ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Thị Hồng Vân"),
        "title": "V/v triển khai chiến dịch tiêm chủng vắc xin sởi năm 2026"}),
    ("qd_ubnd_daklak.txt", {
        "doc_type": "quyet_dinh", "number": "987/QĐ-UBND", "issued_date": "2026-04-17", "place": "Đắk Lắk",
        "issuer": "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK", "parent": None,
        "signer": ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Y Ngọc Niê"),
        "title": "Về việc thành lập Tổ công tác rà soát thủ tục hành chính năm 2026"}),
    ("ttr_snv_camau.txt", {
        "doc_type": "to_trinh", "number": "45/TTr-SNV", "issued_date": "2026-03-02", "place": "Cà Mau",
        "issuer": "SỞ NỘI VỤ", "parent": "UBND TỈNH CÀ MAU", "signer": (None, "GIÁM ĐỐC", "Trương Minh Khoa"),
        "title": "Về việc ban hành Kế hoạch cải cách hành chính năm 2026"}),
    ("tb_vp_hue.txt", {
        "doc_type": "thong_bao", "number": "210/TB-UBND", "issued_date": "2026-05-21", "place": "Huế",
        "issuer": "ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ", "parent": None,
        "signer": ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Nguyễn Đình Bảo"),
        "title": "Kết luận của Phó Chủ tịch Ủy ban nhân dân thành phố tại cuộc họp về phòng, chống ngập lụt "
                 "năm 2026"}),
])
def test_metadata_of_other_document_types(name, expected):
    assert _meta(extract_file(FIXTURES / name)) == expected


def test_letter_assignments_deadline_and_target():
    doc = extract_file(FIXTURES / "cv_syt_thanhhoa.txt")
    assert {(r.number, r.date) for r in doc.references} == {("2205/BYT-DP", "2026-04-25")}
    roles = {(r.unit, r.role.value) for r in doc.responsibilities}
    assert ("Trung tâm Kiểm soát bệnh tật tỉnh", "lead") in roles
    assert ("các Trung tâm Y tế khu vực", "support") in roles
    assert [(d.date, d.relation.value) for d in doc.deadlines] == [("2026-06-20", "before")]
    assert [(t.value, t.unit, t.comparator.value) for t in doc.targets] == [(95.0, "%", "gte")]
    assert [r.name for r in doc.recipients] == ["Như trên", "Giám đốc Sở (để b/c)", "Lưu: VT, NVY"]


def test_decision_articles_target_and_deadline():
    doc = extract_file(FIXTURES / "qd_ubnd_daklak.txt")
    assert {(r.number, r.date) for r in doc.references} >= {("63/2010/NĐ-CP", "2010-06-08"),
                                                            ("77/TTr-VP", "2026-04-10")}
    assert [(d.date, d.relation.value) for d in doc.deadlines] == [("2026-11-30", "by")]
    assert [(t.value, t.unit, t.comparator.value) for t in doc.targets] == [(20.0, "%", "gte")]


def test_conclusion_notice_assignments():
    doc = extract_file(FIXTURES / "tb_vp_hue.txt")
    roles = {(r.unit, r.role.value) for r in doc.responsibilities}
    assert roles == {("Sở Xây dựng", "lead"), ("Sở Tài chính", "support"),
                     ("Ủy ban nhân dân các phường", "support"), ("Công an thành phố", "lead")}
    assert {(d.date, d.relation.value) for d in doc.deadlines} == {("2026-07-31", "by"), ("2026-08-15", "before")}
    assert next(r for r in doc.responsibilities if r.unit == "Công an thành phố").deadline == "2026-08-15"
