"""Document types of Decree 30/2020/NĐ-CP: their names, their codes in a number's symbol, and their slugs.

Defined once for every stage that needs them: the structure finds the type
line by name, the number grammar reads the code in a symbol
(`19/KH-SVHTTDL`), references name the type of a cited document.
"""

from __future__ import annotations

#: Type codes (Decree 30/2020/NĐ-CP, Appendix III: all 29 types of its Article 7 but the công văn and the thư
#: công, which have none; Party: Hướng dẫn 36-HD/VPTW) -> doc_type slug. A code is the whole first segment of
#: a symbol: "PC" is a phiếu chuyển in "12/PC-VP", never in "CAT(PC04)".
#: There is deliberately no "L": laws have no code, and "L-CTN" is the President's order (lệnh).
TYPE_CODES: dict[str, str] = {
    "NQ": "nghi_quyet",
    "QĐ": "quyet_dinh",
    "CT": "chi_thi",
    "QC": "quy_che",
    "QyĐ": "quy_dinh",
    "QĐi": "quy_dinh",
    "TC": "thong_cao",
    "TB": "thong_bao",
    "HD": "huong_dan",
    "CTr": "chuong_trinh",
    "KH": "ke_hoach",
    "PA": "phuong_an",
    "ĐA": "de_an",
    "DA": "du_an",
    "BC": "bao_cao",
    "BB": "bien_ban",
    "TTr": "to_trinh",
    "HĐ": "hop_dong",
    "CĐ": "cong_dien",
    "GM": "giay_moi",
    "GGT": "giay_gioi_thieu",
    "GUQ": "giay_uy_quyen",
    "BGN": "ban_ghi_nho",
    "BTT": "ban_thoa_thuan",
    "GNP": "giay_nghi_phep",
    "PG": "phieu_gui",
    "PC": "phieu_chuyen",
    "PB": "phieu_bao",
    "NĐ": "nghi_dinh",
    "TT": "thong_tu",
    "TTLT": "thong_tu_lien_tich",
    "KL": "ket_luan",
    "CV": "cong_van",
}

#: In Party numbers ("05-TT/TW") "TT" is a thông tri, not a thông tư.
PARTY_TYPE_CODES: dict[str, str] = {**TYPE_CODES, "TT": "thong_tri"}

#: Vietnamese document-type names (lower case) -> doc_type slug.
DOC_TYPE_NAMES: dict[str, str] = {
    "hiến pháp": "hien_phap",
    "luật": "luat",
    "pháp lệnh": "phap_lenh",
    "lệnh": "lenh",
    "nghị quyết": "nghi_quyet",
    "nghị định": "nghi_dinh",
    "quyết định": "quyet_dinh",
    "thông tư liên tịch": "thong_tu_lien_tich",
    "thông tư": "thong_tu",
    "chỉ thị": "chi_thi",
    "kết luận": "ket_luan",
    "thông tri": "thong_tri",
    "quy chế": "quy_che",
    "quy định": "quy_dinh",
    "thông cáo": "thong_cao",
    "thông báo": "thong_bao",
    "hướng dẫn": "huong_dan",
    "chương trình": "chuong_trinh",
    "kế hoạch": "ke_hoach",
    "phương án": "phuong_an",
    "đề án": "de_an",
    "dự án": "du_an",
    "báo cáo": "bao_cao",
    "biên bản": "bien_ban",
    "tờ trình": "to_trinh",
    "hợp đồng": "hop_dong",
    "công điện": "cong_dien",
    "giấy mời": "giay_moi",
    "giấy giới thiệu": "giay_gioi_thieu",
    "giấy ủy quyền": "giay_uy_quyen",
    "giấy nghỉ phép": "giay_nghi_phep",
    "bản ghi nhớ": "ban_ghi_nho",
    "bản thỏa thuận": "ban_thoa_thuan",
    "phiếu gửi": "phieu_gui",
    "phiếu chuyển": "phieu_chuyen",
    "phiếu báo": "phieu_bao",
    "thư công": "thu_cong",
    "công văn": "cong_van",
}
