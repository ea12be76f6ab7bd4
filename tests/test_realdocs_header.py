"""Document type, number, header and signature of real e-signed PDFs and scans (../shared/realdocs/signed).

Each expectation is read off the document (see SOURCE.md there and the `_note` of its golden file).
Numbers and days stamped as signing widgets (SG01, SG04-07, SG10, SG13-16, SG18) are not asserted
here: reading them is the reader's job, not the extractors'.
"""

from __future__ import annotations

from functools import cache

import pytest

from extractors.assemble import extract_pages
from extractors.context import Context
from pipeline.ingest.read import load
from pipeline.run.document import extract_file
from pipeline.text.doctext import DocText
from pipeline.text.normalize import fold
from pipeline.text.structure import analyse
from schemas.extraction import ExtractedDocument
from tests.conftest import REALDOCS, SAMPLES, need_realdocs

SIGNED = REALDOCS / "signed"


def _path(prefix: str):  # noqa: ANN202
    need_realdocs()
    found = sorted(SIGNED.glob(f"{prefix}_*.pdf")) + sorted(REALDOCS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"{prefix} is not in {REALDOCS}")
    return found[0]


@cache
def _doc(prefix: str) -> ExtractedDocument:
    return extract_file(_path(prefix))


def _refs(prefix: str) -> dict[str | None, str | None]:
    return {r.number or r.title: r.date for r in _doc(prefix).references}


# --- 1. one document type, decided before any extractor runs -------------------------------------------

@pytest.mark.parametrize(("prefix", "doc_type"), [
    ("SG02", "phu_luc"),  # "Phụ lục 2" / "HƯỚNG DẪN CHẤM ĐIỂM ...": the annex's title, not a type line
    ("SG19", "phu_luc"),  # an annex with no header at all: "Phụ lục" then its title and a table
    ("SG24", "bao_cao"),  # "BÁO CÁO ĐỀ XUẤT", symbol 03/BCĐX-CAT(PC04)
    ("SG23", "bien_ban"),  # a Biên bản without number
    ("SG11", "quyet_dinh"),  # the decision, not the charter filed after it ("QUY ĐỊNH CHUNG" is a chapter)
    ("TW01", "quyet_dinh"),  # type line lost in a reassembly: the enacting formula "QUYẾT ĐỊNH:" tells it
])
def test_document_type(prefix: str, doc_type: str) -> None:
    assert _doc(prefix).doc_type == doc_type


@pytest.mark.parametrize("prefix", ["SG02", "SG03", "SG11", "SG19", "SG24", "SG25", "LD09", "LC16", "TW01"])
def test_extractors_see_the_type_the_output_gives(prefix: str) -> None:
    source, pages = load(_path(prefix))
    structure = analyse(DocText(pages))
    assert Context(structure.text, structure).structure.doc_type == extract_pages(source, pages).doc_type


# --- 2. document numbers as printed ------------------------------------------------------------------

@pytest.mark.parametrize(("prefix", "number", "date"), [
    ("SG08", "3183/SNV-TCBC", "2025-11-26"),  # "3183/SNV-" ⏎ "TCBC" in the trích yếu and in a basis
    ("SG07", "215/SNV-CCHC&VTLT", "2026-01-14"),  # "&" inside the symbol; "ngày" ⏎ "14 tháng 01 năm 2026"
    ("SG14", "3803/SNV-CCHC&VTLT", "2025-12-26"),
    ("SG18", "2402/SNV-CCHC&VTLT", "2025-10-27"),  # in a footnote
    ("SG03", "1866/BTP-PLHSHC", "2025-04-09"),  # "Ngày 09/4/2025, Bộ Tư pháp đã có Công văn số 1866/..."
    ("SG03", "202/2025/QH15", "2025-06-12"),  # "Ngày 12 tháng 6 năm 2025, Quốc hội đã thông qua Nghị quyết số"
    ("SG03", "31-HD/BTCTW", "2025-04-23"),  # "31-" ⏎ "HD/BTCTW" and "31- HD/BTCTW"
    ("SG17", "2328/SNV-TCCC", "2024-08-30"),  # date first and the symbol broken after its hyphen
    ("SG17", "4321/STNMT-CCBVMT", "2024-08-14"),  # ": ngày 14/8/2024, Sở ... có Công văn số 4321/..."
    ("SG17", "126/2024/NĐ-CP", "2024-10-08"),  # "Ngày 08/10/2024, Chính phủ ban hành Nghị định số ..."
    ("SG17", "2769/UBND-NCKSTTHC", "2024-07-24"),
    ("SG19", "1187/QĐ-BNV", "2025-10-15"),  # "1187/QĐ-" ⏎ "BNV" in a table cell
    ("SG25", "7619/QĐ-BCA", None),  # "7619/QĐ-" ⏎ "BCA ngày 8/9/2925": the year is a typo
])
def test_reference_read_whole_with_its_date(prefix: str, number: str, date: str | None) -> None:
    refs = _refs(prefix)
    assert number in refs and refs[number] == date
    assert not any(n and n != number and number.startswith(n) for n in refs)  # no truncated copy


@pytest.mark.parametrize(("prefix", "title"), [
    ("SG03", "Luật Công chứng năm 2024"),
    ("SG03", "Luật Luật sư năm 2006"),
    ("SG04", "Luật Công chứng 2024"),
])
def test_law_identified_by_its_year(prefix: str, title: str) -> None:
    assert title in _refs(prefix)


def test_lawyers_bar_is_not_a_law() -> None:
    assert not any(t and fold(t).startswith("luật sư") for t in _refs("SG04"))


def test_own_number_with_spaces_and_parenthesized_unit() -> None:
    assert _doc("SG09").number == "1925/STC-HTDN"  # printed "1925 /STC- HTDN"
    assert _doc("SG24").number.endswith("/BCĐX-CAT(PC04)")  # the serial is handwritten: OCR's business


# --- 3. several documents in one PDF -----------------------------------------------------------------

def test_second_and_third_letters_do_not_replace_the_first() -> None:
    doc = _doc("SG03")
    assert (doc.number, doc.issued_date, doc.issuer.name) == ("3917/BTP-BTTP", "2025-07-01", "BỘ TƯ PHÁP")
    names = ["".join(r.name.split()) for r in doc.recipients]  # this text layer drops the spaces
    assert len(names) == 10 and names[3] == "ỦybanTWMặttrậnTổquốcViệtNam" and names[-1].startswith("Lưu")
    source, pages = load(_path("SG03"))
    attachments = analyse(DocText(pages)).attachments
    assert [(a.doc_type, a.number.number, a.number.symbol) for a in attachments] == \
        [("cong_van", None, "BTP-BTTP")] * 2  # pp. 3-4: unsigned letters with blank numbers


def test_charter_filed_with_the_decision() -> None:
    doc = _doc("SG11")
    assert (doc.doc_type, doc.number, doc.issued_date) == ("quyet_dinh", "779/QĐ-UBND", "2022-03-23")
    assert doc.title == "Về việc công nhận Điều lệ (sửa đổi, bổ sung) Quỹ Khuyến học tỉnh Bình Thuận"
    assert (doc.signer.authority, doc.signer.title, doc.signer.name) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                                                                           "Nguyễn Minh")
    assert [r.name for r in doc.recipients][0] == "Như Điều 3"
    source, pages = load(_path("SG11"))
    structure = analyse(DocText(pages))
    assert len(structure.attachments) == 1 and structure.attachments[0].attached_to.text.startswith(
        "(Kèm theo Quyết định số 779")
    assert structure.appendix_start == structure.attachments[0].start


def test_number_and_date_from_the_letters_own_annex() -> None:
    """SG25's number and day are handwritten; its annex list says "(Kèm theo Công văn số: 5689/BCA-C04 ngày 16
    tháng 12 năm 2025)", with the symbol and the month the header prints."""
    doc = _doc("SG25")
    assert (doc.number, doc.issued_date, doc.place) == ("5689/BCA-C04", "2025-12-16", "Hà Nội")
    assert doc.issuer.name == "BỘ CÔNG AN"  # not "BỘ CÔNG AN /BCA-C04"
    assert (doc.signer.authority, doc.signer.title, doc.signer.name) == ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG",
                                                                           "Nguyễn Văn Long")



def test_a_pen_written_day_is_not_read_as_another_day() -> None:
    """SG22 (a scan): the day "16" of "Lâm Đồng, ngày 16 tháng 10 năm 2025" is written with a pen; Tesseract
    read it "4" at 0.55 on the page, and the decision was dated 04/10/2025. A wrong date is worse than none."""
    doc = _doc("SG22")
    assert doc.issued_date in (None, "2025-10-16"), doc.issued_date


def test_the_letters_list_of_addressees_assigns_nothing() -> None:
    """SG25 p. 3, "Danh sách các đơn vị nhận công văn": "1. UBND tỉnh Tuyên Quang" ... "Bộ Y tế" are whom the
    letter goes to. The body gives their task as groups ("Ủy ban nhân dân các tỉnh, thành phố" ... lead)."""
    doc = _doc("SG25")
    units = {fold(r.unit) for r in doc.responsibilities}
    assert fold("Ủy ban nhân dân các tỉnh, thành phố") in units
    assert not {u for u in units if u.startswith(("ubnd tỉnh", "ubnd tp", "bộ y tế", "bộ tài chính"))}, units
    assert all(r.provenance.page < 3 for r in doc.responsibilities)

# --- 4. header and signature on real layouts ---------------------------------------------------------

@pytest.mark.parametrize(("prefix", "title"), [
    ("SG01", "V/v hướng dẫn triển khai Đề án xác định Chỉ số cải cách hành chính"),
    ("SG05", "V/v góp ý đề nghị công nhận Ban vận động thành lập Hiệp hội Bất động sản tỉnh Lâm Đồng"),
    ("SG07", "V/v lấy ý kiến dự thảo Kế hoạch kiểm tra cải cách hành chính năm 2026 trên địa bàn tỉnh Lâm Đồng"),
    ("SG08", "V/v phúc đáp Công văn số 3183/SNV-TCBC ngày 26/11/2025 của Sở Nội vụ cho ý kiến về việc tham mưu "
             "công nhận Ban vận động thành lập Liên đoàn Pickleball tỉnh Lâm Đồng"),
    ("SG12", "Thành lập Ban Chỉ đạo quốc gia về dữ liệu"),  # no "____________" under it
    ("LC15", "Kết luận của đồng chí Nguyễn Tuấn Anh - Phó Bí thư Tỉnh ủy, Chủ tịch Ủy ban nhân dân tỉnh tại "
             "cuộc họp về tình hình triển khai các cụm công nghiệp trên địa bàn tỉnh"),
    ("SG02", "HƯỚNG DẪN CHẤM ĐIỂM CÁC TIÊU CHÍ, TIÊU CHÍ THÀNH PHẦN CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP TỈNH"),
    ("SG19", "TỔNG HỢP Ý KIẾN GÓP Ý ĐỐI VỚI DỰ THẢO KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC NĂM 2026 TỈNH LÂM ĐÔNG"),
])
def test_whole_summary(prefix: str, title: str) -> None:
    assert _doc(prefix).title == title


@pytest.mark.parametrize(("prefix", "place"), [("SG01", "Hà Nội"), ("SG04", "Lâm Đồng"), ("SG25", "Hà Nội")])
def test_date_line_read_after_the_addressee(prefix: str, place: str) -> None:
    assert _doc(prefix).place == place


def test_annex_without_header_has_no_issuer() -> None:
    assert _doc("SG19").issuer is None


@pytest.mark.parametrize(("prefix", "authority", "title", "name"), [
    ("SG03", "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Mai Lương Khôi"),  # not "THỦ TRƯỞNG"
    ("SG09", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Mai Văn Hiệu"),  # "LLL" read above the authority is noise
    ("SG10", "TM. HỘI ĐỒNG", "CHỦ TỊCH, GIÁM ĐỐC SỞ NỘI VỤ", "Đỗ Văn Chung"),  # the chair's own office
    ("SG23", "TM. HỘI ĐỒNG THẨM ĐỊNH", None, "Đậu Xuân Bảo"),  # chair, not the secretary who signs first
])
def test_signer(prefix: str, authority: str, title: str | None, name: str) -> None:
    signer = _doc(prefix).signer
    assert (signer.authority, signer.name) == (authority, name)
    if title is not None:
        assert signer.title == title


def test_meeting_day_dates_a_record_whose_header_day_is_handwritten() -> None:
    assert _doc("SG23").issued_date == "2025-12-18"


# --- 5. the plan a report answers --------------------------------------------------------------------

@pytest.mark.parametrize("name", ["qldl_52-BC-QLDL.pdf", "qldl_58-BC-QLDL.pdf"])
def test_report_opening_after_a_long_addressee_line_answers_its_plan(name: str) -> None:
    """"Kính gửi: ... (qua Phòng Tổ chức - Pháp chế)." runs to the margin; "Thực hiện Kế hoạch số
    19/KH-SVHTTDL ..." under it still opens the body."""
    doc = extract_file(SAMPLES / "reports" / "seed" / name)
    assert doc.responds_to is not None and doc.responds_to.number == "19/KH-SVHTTDL"
    assert doc.responds_to.date == "2026-01-30"


def test_sentence_runs_on_across_a_page_number() -> None:
    """SG17 p. 1 ends "... Điều 15 Nghị định này xử", p. 2 opens with its page number "2", then "lý vi phạm"."""
    source, pages = load(_path("SG17"))
    structure = analyse(DocText(pages))
    ctx = Context(structure.text, structure)
    block = next(b for b in structure.blocks if "Nghị định này xử" in b.text)
    assert " ".join(ctx.piece(block.start, block.end).split()).count("Nghị định này xử lý vi phạm") == 1


def test_law_by_year_stops_at_its_sentence_and_bracket() -> None:
    titles = {r.title: r.date for r in _doc("LC06").references if r.title}
    assert titles["Luật Khoáng sản năm 2010"] is None  # "(có hiệu lực thi hành đến ngày ...)" is not its date
    assert "Bộ Luật hình sự năm 2015" in titles
    assert not any("(" in t or ". " in t for t in titles)


@pytest.mark.parametrize(("lines", "number"), [
    # the orders in which readers give a number stamped as a widget (SOURCE.md: SG06 default order, SG01 layout)
    (["UBND TỈNH LÂM ĐỒNG", "SỞ TÀI CHÍNH", "Số: 464", "/STC-VP", "V/v góp ý dự thảo Kế hoạch"], "464/STC-VP"),
    (["BỘ NỘI VỤ", "12094", "Số: /BNV-CCHC", "V/v hướng dẫn triển khai Đề án"], "12094/BNV-CCHC"),
    (["BỘ NỘI VỤ", "Số: /BNV-CCHC", "V/v hướng dẫn triển khai Đề án"], None),  # a draft stays blank
])
def test_number_whose_serial_a_reader_put_off_its_line(tmp_path, lines: list[str], number: str | None) -> None:
    path = tmp_path / "header.txt"
    path.write_text("\n".join([*lines, "Kính gửi: Sở Nội vụ", "Nội dung công văn./."]) + "\n", encoding="utf-8")
    doc = extract_file(path)
    assert (doc.doc_type, doc.number) == ("cong_van", number)


@pytest.mark.parametrize(("number_line", "doc_type"), [
    ("Số: 560/GM-UBND", "giay_moi"),  # SG21's symbol (its type line "GIẤY MỜI" left out here)
    ("Số: 123/UBND-VX", "cong_van"),
    ("Số: 52/BC-QLDL", "bao_cao"),
])
def test_type_from_the_symbol_when_no_type_line(tmp_path, number_line: str, doc_type: str) -> None:
    """Without a type line the symbol's code decides, in the structure, so extractors see it too: a report
    without its "BÁO CÁO" line is read as a report (its results), not as a plan."""
    path = tmp_path / "doc.txt"
    path.write_text("\n".join([
        "PHÒNG QUẢN LÝ DU LỊCH", number_line, "Cao Bằng, ngày 01 tháng 12 năm 2026",
        "Thực hiện Kế hoạch số 19/KH-SVHTTDL ngày 30/01/2026 của Sở, Phòng báo cáo như sau:",
        "I. KẾT QUẢ THỰC HIỆN",
        "Năm 2026 toàn tỉnh đón 21.000 nghìn lượt khách du lịch, đạt 90,9% kế hoạch.",
    ]) + "\n", encoding="utf-8")
    source, pages = load(path)
    assert analyse(DocText(pages)).doc_type == doc_type
    doc = extract_pages(source, pages)
    assert doc.doc_type == doc_type
    if doc_type == "bao_cao":
        assert [(r.value, r.unit) for r in doc.results] == [(21000.0, "nghìn lượt")]


def test_copy_stamp_is_not_header() -> None:
    """SG24's only text layer is "SAO Y; CÔNG AN TỈNH LÂM ĐỒNG; 06/01/2026; 16:42:26; +07:00": not its issuer's
    parent, and its signing time never its issue date."""
    doc = _doc("SG24")
    assert (doc.issuer.name, doc.issuer.parent) == ("CÔNG AN TỈNH LÂM ĐỒNG", "BỘ CÔNG AN")
    assert "issued_date" not in doc.field_provenance or "16:42" not in doc.field_provenance["issued_date"].text
