"""Scale words and measure units/counters used after numbers in Vietnamese administrative documents.

Targets, results and budgets are compared across documents ("đạt 21.450 nghìn lượt khách" in a report
against "23.100 nghìn lượt" in the plan), so every unit maps to a *base unit*: the family that makes two
quantities comparable once the scale word is multiplied out. The lexicon is matched longest-first so that
"hộ gia đình" wins over "hộ" and "thủ tục hành chính" over "thủ tục".
"""

from __future__ import annotations

import re

from pipeline.text.doctypes import DOC_TYPE_NAMES

#: Scale words (as written, lowercase) -> multiplier. Compound scales come first in the regex.
SCALES: dict[str, int] = {
    "nghìn": 10**3,
    "ngàn": 10**3,
    "triệu": 10**6,
    "tỷ": 10**9,
    "tỉ": 10**9,
    "nghìn tỷ": 10**12,
    "ngàn tỷ": 10**12,
    "nghìn tỉ": 10**12,
    "ngàn tỉ": 10**12,
}

#: Spelling variants of scale words folded to one form, so "ngàn lượt" and "nghìn lượt" read the same.
_SCALE_CANONICAL: dict[str, str] = {"ngàn": "nghìn", "tỉ": "tỷ"}

#: (surface form, base unit). Surfaces match case-insensitively; quantities report the base unit.
UNITS: tuple[tuple[str, str], ...] = (
    ("%", "%"),
    ("phần trăm", "%"),
    # visitors and turns
    ("lượt khách du lịch", "lượt"),
    ("lượt khách", "lượt"),
    ("lượt người", "lượt"),
    ("lượt truy cập", "lượt"),
    ("lượt", "lượt"),
    ("khách", "khách"),
    # plants and animals
    ("cây giống", "cây"),
    ("cây", "cây"),
    ("con", "con"),
    # money
    ("đồng", "đồng"),
    ("VNĐ", "đồng"),
    ("VND", "đồng"),
    ("đ", "đồng"),
    ("USD", "USD"),
    # people
    ("người", "người"),
    ("người dân", "người"),
    ("người lao động", "người"),
    ("lao động", "người"),
    ("cán bộ", "cán bộ"),
    ("công chức", "công chức"),
    ("viên chức", "viên chức"),
    ("biên chế", "biên chế"),
    ("học viên", "học viên"),
    ("học sinh", "học sinh"),
    ("sinh viên", "sinh viên"),
    ("bác sĩ", "bác sĩ"),
    ("trẻ", "trẻ"),
    ("công dân", "người"),
    ("lãnh đạo", "lãnh đạo"),
    ("cá nhân", "cá nhân"),
    ("tập thể", "tập thể"),
    ("hộ chiếu", "hộ chiếu"),  # a blasting passport ("16 hộ chiếu nổ mìn"), not households
    ("hộ gia đình", "hộ"),
    ("hộ dân", "hộ"),
    ("hộ", "hộ"),
    # places and administrative units
    ("điểm", "điểm"),
    ("điểm mỏ", "điểm mỏ"),
    ("điểm cầu", "điểm cầu"),
    ("mỏ", "mỏ"),
    ("xã", "xã"),
    ("phường", "phường"),
    ("đặc khu", "đặc khu"),
    ("thôn", "thôn"),
    ("bản", "bản"),
    ("tổ dân phố", "tổ dân phố"),
    ("khu dân cư", "khu dân cư"),
    ("huyện", "huyện"),
    ("tỉnh", "tỉnh"),
    ("thành phố", "thành phố"),
    ("địa phương", "địa phương"),
    ("cụm công nghiệp", "cụm công nghiệp"),
    ("CCN", "cụm công nghiệp"),
    ("khu công nghiệp", "khu công nghiệp"),
    ("KCN", "khu công nghiệp"),
    # measures
    ("km", "km"),
    ("km2", "km²"),
    ("km²", "km²"),
    ("ha", "ha"),
    ("m", "m"),
    ("m2", "m²"),
    ("m²", "m²"),
    ("m3", "m³"),
    ("m³", "m³"),
    ("tấn", "tấn"),
    ("kg", "kg"),
    ("lít", "lít"),
    ("MW", "MW"),
    ("kWh", "kWh"),
    ("MWh", "MWh"),
    # organisations and facilities
    ("cơ sở", "cơ sở"),
    ("cơ quan", "cơ quan"),
    ("đơn vị", "đơn vị"),
    ("doanh nghiệp", "doanh nghiệp"),
    ("hợp tác xã", "hợp tác xã"),
    ("HTX", "hợp tác xã"),
    ("tổ chức", "tổ chức"),
    ("chi cục", "chi cục"),
    ("trung tâm", "trung tâm"),
    ("hệ thống", "hệ thống"),
    ("cấp", "cấp"),
    ("di tích", "di tích"),
    ("câu lạc bộ", "câu lạc bộ"),
    ("CLB", "câu lạc bộ"),
    ("trường", "trường"),
    ("trường hợp", "trường hợp"),  # cases, not schools
    ("giường bệnh", "giường bệnh"),
    ("công trình", "công trình"),
    ("tuyến", "tuyến"),
    # paperwork and procedures
    ("hồ sơ", "hồ sơ"),
    ("thủ tục hành chính", "thủ tục"),
    ("thủ tục", "thủ tục"),
    ("TTHC", "thủ tục"),
    ("dịch vụ công", "dịch vụ công"),
    ("văn bản", "văn bản"),
    ("giấy phép", "giấy phép"),
    ("giấy chứng nhận", "giấy chứng nhận"),
    ("nhiệm vụ", "nhiệm vụ"),
    ("nhóm nhiệm vụ", "nhóm nhiệm vụ"),
    ("hạng mục", "hạng mục"),
    ("mục tiêu", "mục tiêu"),
    ("dự thảo", "dự thảo"),
    ("chỉ tiêu", "chỉ tiêu"),
    ("tiêu chí", "tiêu chí"),
    ("kiến nghị", "kiến nghị"),
    ("ý kiến", "ý kiến"),
    ("phản ánh", "phản ánh"),
    ("phiếu", "phiếu"),
    ("vấn đề", "vấn đề"),
    ("vụ việc", "vụ"),
    ("vụ", "vụ"),
    # activities and outputs
    ("cụm", "cụm"),
    ("cuộc thanh tra", "cuộc"),
    ("cuộc kiểm tra", "cuộc"),
    ("cuộc", "cuộc"),
    ("đoàn kiểm tra", "đoàn"),
    ("đoàn", "đoàn"),
    ("hội nghị", "hội nghị"),
    ("lớp", "lớp"),
    ("giải", "giải"),
    ("sản phẩm", "sản phẩm"),
    ("dự án", "dự án"),
    ("chương trình", "chương trình"),
    ("mô hình", "mô hình"),
    ("sáng kiến", "sáng kiến"),
    ("tác phẩm", "tác phẩm"),
    ("tin bài", "tin bài"),
    ("tin", "tin"),
    ("bài", "bài"),
    ("chuyên mục", "chuyên mục"),
    ("buổi", "buổi"),
    ("lần", "lần"),
    ("đợt", "đợt"),
    ("cái", "cái"),
    ("chiếc", "chiếc"),
    # durations ("trong 05 ngày")
    ("năm", "năm"),
    ("tháng", "tháng"),
    ("tuần", "tuần"),
    ("ngày", "ngày"),
    ("giờ", "giờ"),
    ("phút", "phút"),
)

#: Documents are counted by their type name too: "ban hành 40 quyết định", "04 kết luận".
UNITS += tuple((name, name) for name in DOC_TYPE_NAMES if name not in {s for s, _ in UNITS})

_BASE: dict[str, str] = {surface.lower(): base for surface, base in UNITS}


def _alternation(words: list[str]) -> str:
    """Longest-first alternation where any whitespace run may separate the words of an entry."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered)


#: A scale word, then a unit; each must end at a word boundary so "m" never matches inside "mô hình".
SCALE_RE = re.compile(rf"(?:{_alternation(list(SCALES))})(?!\w)", re.IGNORECASE)
UNIT_RE = re.compile(rf"(?:{_alternation([s for s, _ in UNITS])})(?!\w)", re.IGNORECASE)


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def canonical_scale(text: str) -> tuple[str, int] | None:
    """Canonical scale word and multiplier for a matched scale word ("Ngàn" -> ("nghìn", 1000))."""
    key = _key(text)
    if key not in SCALES:
        return None
    words = [_SCALE_CANONICAL.get(w, w) for w in key.split()]
    return " ".join(words), SCALES[key]


def lexicon_base(text: str) -> str | None:
    """Base unit of a unit from the lexicon, in any case or spacing ("LƯỢT  KHÁCH" -> "lượt")."""
    return _BASE.get(_key(text))


def base_unit_of(unit: str) -> str:
    """Base unit of a unit string, scale words stripped: "nghìn lượt khách" -> "lượt", "tỷ đồng" -> "đồng".

    Unknown units come back lowercased and whitespace-collapsed, so two spellings of the same unknown
    unit still compare equal.
    """
    rest = unit.strip()
    scale = SCALE_RE.match(rest)
    if scale:
        rest = rest[scale.end() :].strip()
    if not rest:
        return ""
    return lexicon_base(rest) or _key(rest)


def units_compatible(a: str, b: str) -> bool:
    """True when two units measure the same thing after removing scale ("tỷ đồng" ~ "triệu đồng")."""
    return base_unit_of(a) == base_unit_of(b)
