"""The seed plan (19/KH-SVHTTDL, Cao Bằng) as a born-digital PDF: the issue's acceptance values."""

from __future__ import annotations

from pipeline.ingest.read import load
from pipeline.text.doctext import DocText
from tests.conftest import SEED_PDF


def test_metadata(seed_document):
    doc = seed_document
    assert doc.doc_type == "ke_hoach"
    assert doc.number == "19/KH-SVHTTDL"
    assert doc.issued_date == "2026-01-30"
    assert doc.place == "Cao Bằng"
    assert doc.issuer.name == "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"
    assert doc.issuer.parent == "UBND TỈNH CAO BẰNG"
    assert (doc.signer.name, doc.signer.authority, doc.signer.title) == ("Ngọc Văn Chấn", "KT. GIÁM ĐỐC",
                                                                           "PHÓ GIÁM ĐỐC")


def test_seven_cited_documents_with_dates(seed_document):
    got = {(r.number or r.title, r.date) for r in seed_document.references}
    assert got == {
        ("70/NQ-HĐND", "2025-12-11"), ("2156/QĐ-UBND", "2025-12-16"), ("02/CT-UBND", "2026-01-22"),
        ("28/CT-TTg", "2025-09-18"), ("49/KH-HĐBCQG", "2025-08-04"), ("238-QĐ/TW", "2020-09-30"),
        ("62-CT/TU", "2015-06-22"),
        ("Luật Thi đua, khen thưởng năm 2022", None),  # a law identified by its year (realdocs goldens' rule)
    }
    bases = {r.number for r in seed_document.references if r.is_legal_basis}
    assert bases == {"70/NQ-HĐND", "2156/QĐ-UBND", "02/CT-UBND"}


def test_three_numeric_targets(seed_document):
    got = sorted((t.base_value, t.base_unit, t.comparator.value) for t in seed_document.targets)
    assert got == [(70.0, "%", "eq"), (23_100_000.0, "lượt", "eq"), (3_350_000_000_000.0, "đồng", "eq")]
    assert {t.metric for t in seed_document.targets if t.unit != "%"} == {"lượt khách du lịch", "doanh thu"}
    happiness = next(t for t in seed_document.targets if t.unit == "%")
    assert "Chỉ số Hạnh phúc" in happiness.metric and "từ 70 điểm trở lên" in happiness.metric


def test_report_deadline_and_period(seed_document):
    by_relation = {d.relation.value: d for d in seed_document.deadlines}
    assert set(by_relation) == {"before", "period"}
    report = by_relation["before"]
    assert report.date == "2026-12-15"
    assert report.units == ["Lãnh đạo các phòng, đơn vị sự nghiệp trực thuộc Sở"]
    assert "gửi Báo cáo" in report.applies_to
    period = by_relation["period"]
    assert (period.start_date, period.date) == ("2026-01-30", "2026-12-31")  # "từ ngày ban hành" = issue date


def test_three_responsible_units_with_tasks(seed_document):
    units = {r.unit: r for r in seed_document.responsibilities}
    assert set(units) == {"Phòng Tổ chức - Pháp chế", "Lãnh đạo các phòng, đơn vị sự nghiệp trực thuộc Sở",
                          "Các tổ chức đoàn thể"}
    assert all(r.role.value == "lead" and r.tasks for r in units.values())
    assert units["Lãnh đạo các phòng, đơn vị sự nghiệp trực thuộc Sở"].deadline == "2026-12-15"
    assert units["Lãnh đạo các phòng, đơn vị sự nghiệp trực thuộc Sở"].is_group
    assert "tổng hợp hồ sơ đề nghị khen thưởng" in units["Phòng Tổ chức - Pháp chế"].tasks[0]


def test_six_recipients(seed_document):
    assert [r.name for r in seed_document.recipients] == [
        "Vụ Tổ chức cán bộ, Bộ VHTTDL", "Ban Thi đua, Khen thưởng, Sở Nội vụ",
        "Khối thi đua III Văn hóa - xã hội của tỉnh", "Sở VHTTDL các tỉnh: Lạng Sơn, Tuyên Quang",
        "Các phòng, đơn vị sự nghiệp trực thuộc Sở", "Lưu: VT, TCPC_(Phương, Hiền)",
    ]


def test_every_value_points_at_its_page_box_and_text(seed_document):
    """Provenance is exact: the span of the normalized text is the quoted text, inside the page box."""
    _, pages = load(SEED_PDF)
    text = DocText(pages).text
    items = [*seed_document.references, *seed_document.targets, *seed_document.deadlines,
             *seed_document.responsibilities, *seed_document.recipients, seed_document.issuer, seed_document.signer,
             *seed_document.field_provenance.values()]
    assert len(items) > 25
    for item in items:
        prov = getattr(item, "provenance", item)
        start, end = prov.span
        assert text[start:end] == prov.text and prov.text.strip()
        page = pages[prov.page - 1]
        assert prov.bbox is not None
        assert 0 <= prov.bbox.x0 < prov.bbox.x1 <= page.width and 0 <= prov.bbox.y0 < prov.bbox.y1 <= page.height
        assert prov.source.value == "text_layer" and prov.confidence == 1.0
    target = next(t for t in seed_document.targets if t.unit == "tỷ đồng")
    assert target.provenance.text == "3.350 tỷ đồng" and target.provenance.page == 3
