"""Document numbers and symbols (Decree 30/2020/NĐ-CP and Party forms)."""

from __future__ import annotations

import pytest

from extractors.grammar import DocNumber, find_doc_numbers, parse_doc_number
from pipeline.text.doctypes import DOC_TYPE_NAMES, TYPE_CODES


@pytest.mark.parametrize(
    ("text", "number", "serial", "year", "type_code", "issuer", "doc_type"),
    [
        ("Số: 19/KH-SVHTTDL", "19/KH-SVHTTDL", "19", None, "KH", "SVHTTDL", "ke_hoach"),
        ("Nghị quyết số 70/NQ-HĐND ngày 11/12/2025", "70/NQ-HĐND", "70", None, "NQ", "HĐND", "nghi_quyet"),
        ("Quyết định 2156/QĐ-UBND", "2156/QĐ-UBND", "2156", None, "QĐ", "UBND", "quyet_dinh"),
        ("Số 238-QĐ/TW", "238-QĐ/TW", "238", None, "QĐ", "TW", "quyet_dinh"),
        ("Chỉ thị số 62-CT/TU", "62-CT/TU", "62", None, "CT", "TU", "chi_thi"),
        ("Chỉ thị 11-CT/TU của Tỉnh ủy", "11-CT/TU", "11", None, "CT", "TU", "chi_thi"),
        ("Kết luận số 62-KL/TW", "62-KL/TW", "62", None, "KL", "TW", "ket_luan"),
        ("Đề án số 08-ĐA/TU", "08-ĐA/TU", "08", None, "ĐA", "TU", "de_an"),
        ("Nghị định số 152/2025/NĐ-CP", "152/2025/NĐ-CP", "152", 2025, "NĐ", "CP", "nghi_dinh"),
        ("Nghị quyết số 76/NQ-CP", "76/NQ-CP", "76", None, "NQ", "CP", "nghi_quyet"),
        ("Chỉ thị số 28/CT-TTg", "28/CT-TTg", "28", None, "CT", "TTg", "chi_thi"),
        ("Kế hoạch số 49/KH-HĐBCQG", "49/KH-HĐBCQG", "49", None, "KH", "HĐBCQG", "ke_hoach"),
        ("Luật Đầu tư số 55/2014/QH13", "55/2014/QH13", "55", 2014, None, "QH13", "luat"),
        ("Luật Thi đua, khen thưởng số 06/2022/QH15", "06/2022/QH15", "06", 2022, None, "QH15", "luat"),
        ("Nghị quyết số 74/2022/QH15 của Quốc hội", "74/2022/QH15", "74", 2022, None, "QH15", "nghi_quyet"),
        ("Pháp lệnh số 02/2022/UBTVQH15", "02/2022/UBTVQH15", "02", 2022, None, "UBTVQH15", "phap_lenh"),
        ("Công văn số 123/UBND-VX", "123/UBND-VX", "123", None, None, "UBND-VX", "cong_van"),
        ("Văn bản số 4625/BNV-CCHC", "4625/BNV-CCHC", "4625", None, None, "BNV-CCHC", "cong_van"),
        ("Thông tư số 09/2025/TT-BNV", "09/2025/TT-BNV", "09", 2025, "TT", "BNV", "thong_tu"),
        ("Số: 1105/KH-ĐKT", "1105/KH-ĐKT", "1105", None, "KH", "ĐKT", "ke_hoach"),
        ("Quyết định số 1237/QĐ-TTG", "1237/QĐ-TTG", "1237", None, "QĐ", "TTG", "quyet_dinh"),
        ("Công điện số 207/CĐ-TTg", "207/CĐ-TTg", "207", None, "CĐ", "TTg", "cong_dien"),
        ("Chương trình số 833/CTr-UBND", "833/CTr-UBND", "833", None, "CTr", "UBND", "chuong_trinh"),
        ("Tờ trình số 677/TTr-SNV", "677/TTr-SNV", "677", None, "TTr", "SNV", "to_trinh"),
        ("Giấy mời số 312/GM-VPUBND", "312/GM-VPUBND", "312", None, "GM", "VPUBND", "giay_moi"),
        ("Quy định số 05/QyĐ-UBND", "05/QyĐ-UBND", "05", None, "QyĐ", "UBND", "quy_dinh"),
        ("Nghị quyết số 66.4/2025/NQ-CP", "66.4/2025/NQ-CP", "66.4", 2025, "NQ", "CP", "nghi_quyet"),
        ("Kết luận số 325/KL-STP.ĐKT", "325/KL-STP.ĐKT", "325", None, "KL", "STP.ĐKT", "ket_luan"),
        ("Thông tri số 05-TT/TW", "05-TT/TW", "05", None, "TT", "TW", "thong_tri"),
    ],
)
def test_parse_doc_number(
    text: str, number: str, serial: str, year: int | None, type_code: str | None, issuer: str, doc_type: str
) -> None:
    d = parse_doc_number(text)
    assert d is not None
    assert (d.number, d.serial, d.year, d.type_code, d.issuer_code, d.doc_type) == (
        number,
        serial,
        year,
        type_code,
        issuer,
        doc_type,
    )
    assert d.text == number  # the span is the number itself, without "số"
    assert text[d.start : d.end] == d.text


@pytest.mark.parametrize(
    ("text", "symbol", "type_code", "issuer", "doc_type"),
    [
        ("Số:      /KH-UBND", "KH-UBND", "KH", "UBND", "ke_hoach"),
        ("Số: \t     /BC-UBND | CỘNG HÒA", "BC-UBND", "BC", "UBND", "bao_cao"),
        ("Kế hoạch số        /KH-SCT ngày", "KH-SCT", "KH", "SCT", "ke_hoach"),
        ("Số: ....../TTr-UBND", "TTr-UBND", "TTr", "UBND", "to_trinh"),
    ],
)
def test_draft_number_keeps_symbol(
    text: str, symbol: str, type_code: str, issuer: str, doc_type: str
) -> None:
    d = parse_doc_number(text)
    assert d is not None
    assert (d.number, d.serial, d.symbol, d.type_code, d.issuer_code, d.doc_type) == (
        None,
        None,
        symbol,
        type_code,
        issuer,
        doc_type,
    )
    assert d.text == "/" + symbol
    assert text[d.start : d.end] == d.text


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("theo Kế hoạch số 19/KH-SVHTTDL.", "19/KH-SVHTTDL"),  # sentence-final dot is not part of it
        ("(Quyết định 2156/QĐ-UBND)", "2156/QĐ-UBND"),
        ("số 70/NQ-HĐND; số 71/NQ-HĐND", "70/NQ-HĐND"),
        ("số 123/UBND-VX, ngày", "123/UBND-VX"),
        ("số 1105 /KH-ĐKT ngày", "1105/KH-ĐKT"),  # a stray space before the slash
        ("Nghị định số 217/2025/NĐ-\nCP ngày 05/8/2025", "217/2025/NĐ-CP"),  # wrapped after the hyphen
    ],
)
def test_number_boundaries(text: str, number: str) -> None:
    d = parse_doc_number(text)
    assert d is not None and d.number == number
    assert text[d.start : d.end] == d.text


def test_find_several_in_order() -> None:
    text = (
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021; Nghị định số 152/2025/NĐ-CP; "
        "Chỉ thị số 11-CT/TU; Văn bản số 123/UBND-VX."
    )
    found = find_doc_numbers(text)
    assert [d.number for d in found] == ["76/NQ-CP", "152/2025/NĐ-CP", "11-CT/TU", "123/UBND-VX"]
    assert all(isinstance(d, DocNumber) and text[d.start : d.end] == d.text for d in found)


@pytest.mark.parametrize(
    "text",
    [
        "15/12/2026",
        "ngày 5/6/2026",
        "124/124 xã",
        "3/4 số xã",
        "tỷ lệ 1/500",
        "và/hoặc",
        "50 người/lớp",
        "V/v triển khai",
    ],
)
def test_not_doc_numbers(text: str) -> None:
    assert find_doc_numbers(text) == []


def test_code_tables() -> None:
    assert TYPE_CODES["KH"] == DOC_TYPE_NAMES["kế hoạch"] == "ke_hoach"
    assert TYPE_CODES["ĐA"] == "de_an" and TYPE_CODES["DA"] == "du_an"
    assert TYPE_CODES["QyĐ"] == DOC_TYPE_NAMES["quy định"] == "quy_dinh"
    assert TYPE_CODES["HĐ"] == "hop_dong" and TYPE_CODES["CĐ"] == "cong_dien"
    assert DOC_TYPE_NAMES["kết luận"] == "ket_luan" and DOC_TYPE_NAMES["hiến pháp"] == "hien_phap"
    # every code maps to a slug that also has a Vietnamese name
    assert set(TYPE_CODES.values()) <= set(DOC_TYPE_NAMES.values())


@pytest.mark.parametrize(
    ("text", "number", "doc_type"),
    [
        # broken across a line after the hyphen (SOURCE.md of ../shared/realdocs/signed)
        ("Quyết định số 688/QĐ-\nBCĐ ngày", "688/QĐ-BCĐ", "quyet_dinh"),
        ("Hướng dẫn số 545/HD-\nBTV ngày 29/7/2025", "545/HD-BTV", "huong_dan"),  # SG04
        ("V/v phúc đáp Công văn số 3183/SNV-\nTCBC ngày 26/11/2025", "3183/SNV-TCBC", "cong_van"),  # SG08
        ("Công văn số\n2769/UBND-\nNCKSTTHC về việc", "2769/UBND-NCKSTTHC", "cong_van"),  # SG17
        ("Quyết định số 1187/QĐ-\nBNV ngày 15/10/2025", "1187/QĐ-BNV", "quyet_dinh"),  # SG19
        ("Quyết định số 7619/QĐ-\nBCA ngày 8/9/2925", "7619/QĐ-BCA", "quyet_dinh"),  # SG25
        ("Công văn số 3183/SNV- TCBC ngày", "3183/SNV-TCBC", "cong_van"),  # the same, line breaks as spaces
        # "&" inside a segment
        ("Công văn số 215/SNV-CCHC&VTLT ngày 14/01/2026", "215/SNV-CCHC&VTLT", "cong_van"),  # SG06, SG07
        ("Lưu: VT, CCHC&VTLT(Hằng). Số 2402/SNV-CCHC&VTLT", "2402/SNV-CCHC&VTLT", "cong_van"),  # SG18
        ("Văn bản số 30.6/GĐN-ĐQ&V ngày 30/6/2026", "30.6/GĐN-ĐQ&V", "cong_van"),  # LC04
        # spaced hyphens and slashes
        ("Số: 1925 /STC- HTDN", "1925/STC-HTDN", "cong_van"),  # SG09
        ("Quyết định số 820/QĐ - UBND ngày 27/8/2025", "820/QĐ-UBND", "quyet_dinh"),
        ("Số: 779 /QĐ-UBND", "779/QĐ-UBND", "quyet_dinh"),  # SG11
        # a parenthesized unit code
        ("Số: 03/BCĐX-CAT(PC04)", "03/BCĐX-CAT(PC04)", "cong_van"),  # SG24 (its type comes from its type line)
        # national and Party forms
        ("Nghị định số 181/2024/NĐ-CP", "181/2024/NĐ-CP", "nghi_dinh"),
        ("Nghị quyết số 45/2025/QH15 của Quốc hội", "45/2025/QH15", "nghi_quyet"),
        ("Số 238-QĐ/TW", "238-QĐ/TW", "quyet_dinh"),
        ("Nghị quyết số 12-NQ/ĐU", "12-NQ/ĐU", "nghi_quyet"),
        ("Hướng dẫn số 31- HD/BTCTW ngày", "31-HD/BTCTW", "huong_dan"),  # SG03 p. 2
        ("Hướng dẫn số 31-\nHD/BTCTW ngày 23/4/2025", "31-HD/BTCTW", "huong_dan"),  # SG03 p. 1
        ("Đề án số 08-ĐA-TU ngày 02/7/2025", "08-ĐA-TU", "de_an"),  # SG15: a dash where the slash belongs
        ("Nghị định số 45/25010/NĐ-CP ngày 21/4/2010", "45/25010/NĐ-CP", "nghi_dinh"),  # SG17's typo, as printed
        ("(Kèm theo Công văn số12094/BNV-CCHC ngày15 / 12/2025", "12094/BNV-CCHC", "cong_van"),  # SG02 widget
    ],
)
@pytest.mark.parametrize("as_seen", [False, True], ids=["page", "paragraph"])
def test_numbers_as_printed_on_real_pages(text: str, number: str, doc_type: str, as_seen: bool) -> None:
    if as_seen:  # extractors see a paragraph with its printed line breaks as spaces (Context.piece)
        text = text.replace("\n", " ")
    found = find_doc_numbers(text)
    d = found[-1]
    assert (d.number, d.doc_type) == (number, doc_type)
    assert text[d.start : d.end] == d.text


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("theo Kế hoạch số 19/KH-UBND - Ủy ban nhân dân tỉnh", "19/KH-UBND"),  # a dash before a word
        ("Quyết định số 12/QĐ-UBND - Ban Chỉ đạo", "12/QĐ-UBND"),
        ("Công văn số 5/UBND-\nThực hiện", "5/UBND"),  # a wrapped line that opens a word, not a code
    ],
)
def test_spaced_hyphen_joins_codes_only(text: str, number: str) -> None:
    d = parse_doc_number(text)
    assert d is not None and d.number == number


@pytest.mark.parametrize(("text", "doc_type"), [
    ("Bản ghi nhớ số 07/BGN-BNV", "ban_ghi_nho"), ("Bản thỏa thuận số 2/BTT-UBND", "ban_thoa_thuan"),
    ("Số: 15/GNP-VP", "giay_nghi_phep"), ("Số: 3/PG-VP", "phieu_gui"), ("Số: 12/PC-VP", "phieu_chuyen"),
    ("Số: 8/PB-VP", "phieu_bao"), ("Số: 560/GM-UBND", "giay_moi"), ("Số: 123/UBND-VX", "cong_van"),
    ("Số: 03/BCĐX-CAT(PC04)", "cong_van"),  # "PC04" is a unit of the police, not a phiếu chuyển
])
def test_every_decree_30_code(text: str, doc_type: str) -> None:
    """Decree 30/2020/NĐ-CP, Appendix III: every type of its Article 7 has a code but the công văn and thư công."""
    assert parse_doc_number(text).doc_type == doc_type
