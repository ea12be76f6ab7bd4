"""A grammar of Vietnamese state bodies: where a unit name starts, where it ends, and how lists split.

A unit name is a head (a body word: `Sở`, `Ủy ban nhân dân`, `Công an`, `Ban Quản lý`, ...; a
title: `Giám đốc`, `Chánh Văn phòng`, `Thủ trưởng`; or a known name from
`data/state_bodies.txt`), optionally after a group word (`các`, `những`, `mỗi`), then its
complements:

* a field in capitals: `Sở Văn hóa, Thể thao và Du lịch`, `Phòng Tổ chức - Pháp chế`;
* lower-case name words: `Ban Quản lý dự án đầu tư xây dựng số 1`, `các tổ chức, cá nhân liên quan`;
* a place: `tỉnh Lâm Đồng`, `xã Yên Bình`, `các tỉnh, thành phố trực thuộc Trung ương`,
  `cấp xã`, then `(cũ)`; after a place only a few words go on (`liên quan`, `trên địa bàn`,
  `có cụm công nghiệp`), so `Ủy ban nhân dân xã Yên Bình | hoàn thành ...` ends at the place;
* a parent after a dash: `Ngân hàng Chính sách xã hội - Chi nhánh tỉnh Quảng Trị`.

A name ends at punctuation, at the verb or marker that opens the predicate (`chủ trì`, `yêu cầu`,
`chưa`, `một số`), and at a capitalised verb once the name is complete (`Tòa án nhân dân tối
cao | Phối hợp`). Commas and `và` are read in context: `Sở Tài chính, Sở Nội vụ và UBND các xã`
are three units, `các sở, ban, ngành`, `UBND các xã, phường, đặc khu` and `các cơ quan truyền
thông, báo chí` are one group each, `Sở Văn hóa, Thể thao và Du lịch` one department.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pipeline.text.letters import LOWER, UPPER
from pipeline.text.normalize import fold

# Head words of bodies, lower case. Multi-word heads first where they matter ("ban chỉ đạo" over "ban").
# Justified by the real documents (realdocs LC*, LD*, SG*) and VIETNAMESE-ADMIN-DOCS.md.
_BODY_HEADS = (
    "ủy ban nhân dân", "ủy ban mặt trận tổ quốc", "ủy ban mttq", "ủy ban kiểm tra", "ủy ban", "ubnd", "hđnd",
    "ubmttq", "hội đồng nhân dân", "hội đồng", "sở", "phòng", "ban chỉ đạo", "ban quản lý", "ban chủ nhiệm",
    "ban chấp hành", "ban thường vụ", "ban kiểm soát", "ban giám đốc", "ban tổ chức", "ban vận động",
    "ban đại diện", "ban thường trực", "ban", "văn phòng", "trung tâm", "công an", "bộ chỉ huy",
    "bộ đội biên phòng", "bộ", "tổng cục", "cục", "chi cục", "vụ", "viện", "trường", "bệnh viện", "đài",
    "báo", "hiệp hội", "hội", "liên đoàn", "tổng liên đoàn", "đoàn thanh niên", "tỉnh đoàn", "đoàn",
    "mặt trận", "thanh tra", "kho bạc", "bảo hiểm", "ngân hàng", "tòa án", "viện kiểm sát", "đảng ủy",
    "tỉnh ủy", "huyện ủy", "thành ủy", "cơ quan", "đơn vị", "tổ công tác", "tổ giúp việc", "đoàn kiểm tra",
    "tổ chức chính trị - xã hội", "tổ chức chính trị", "tổ chức đoàn thể", "tổ chức xã hội - nghề nghiệp",
    "tổ chức", "doanh nghiệp", "công ty", "hợp tác xã", "chi nhánh", "liên minh", "quỹ", "đài phát thanh",
    "bộ phận", "thư viện", "bảo tàng", "nhà hát", "nhà văn hóa", "đội", "hạt kiểm lâm", "học viện",
    "đại học", "nhà xuất bản", "tạp chí", "vườn quốc gia", "khu bảo tồn", "cảng vụ", "tổ", "địa phương",
    "thuế", "cục thuế", "chi cục thuế", "trạm y tế", "trạm", "cơ sở giáo dục", "cơ sở", "ngành", "cấp ủy",
    "chính quyền", "thông tấn xã", "thành viên", "chủ đầu tư", "cổng thông tin điện tử", "cổng thông tin",
)
# Titles: a person named by office, which the documents assign like a body ("Giám đốc Sở Nội vụ").
_TITLES = (
    "chánh văn phòng", "phó chánh văn phòng", "chánh thanh tra", "chánh án", "giám đốc", "phó giám đốc",
    "tổng giám đốc", "thủ trưởng", "người đứng đầu", "lãnh đạo", "chủ tịch", "phó chủ tịch", "bộ trưởng",
    "thứ trưởng", "trưởng ban", "phó trưởng ban", "trưởng phòng", "phó trưởng phòng", "cục trưởng",
    "vụ trưởng", "chi cục trưởng", "viện trưởng", "tổ trưởng", "tổ phó", "chủ nhiệm", "trưởng ấp",
    "trưởng thôn", "trưởng", "thống đốc", "tổng thanh tra",
)
_HEADS = _BODY_HEADS + _TITLES
# A head word followed by these is a common word, not a body: "ban hành", "báo cáo", "hội nghị",
# "Bộ tiêu chí" (SG10), "trường hợp", "phòng, chống" (LD06), "đoàn kết", "vụ việc", "sở hữu".
_NOT_A_BODY = {
    "ban": ("hành",), "báo": ("cáo",), "hội": ("nghị", "thảo", "viên", "nhập", "đủ"),
    "bộ": ("tiêu chí", "hồ sơ", "máy", "luật", "câu hỏi", "tài liệu", "công cụ", "đội", "phận"),
    "đoàn": ("kết", "viên"), "vụ": ("việc",), "sở": ("hữu", "dĩ", "tại"), "trường": ("hợp",),
    "phòng": ("chống", ", chống", "ngừa", "cháy", "bệnh", "dịch"), "cục": ("bộ",), "đội": ("ngũ",),
    "quỹ": ("đất", "thời gian", "lương"), "tổ": ("chức", "quốc", "hợp"), "đơn vị": ("tính",),
    "cơ sở": ("dữ liệu", "pháp lý", "hạ tầng", "vật chất", "để", "đó", "nêu"), "trung tâm": (),
    "trưởng": ("thành",), "lãnh đạo": (",",), "thành viên": (),
}
_GROUP = re.compile(r"(?:các|những|mỗi|toàn thể|tất cả các)\s+", re.IGNORECASE)
#: Words that tell a person, not a body, is addressed: "đề nghị đồng chí Chủ tịch" (SG23, SG24).
PERSON = re.compile(r"(?:đ[ồô]ng\s+chí|đ/c|ông|bà)\s", re.IGNORECASE)  # "đông chí": OCR's reading (SG24)


def _alternation(phrases: tuple[str, ...] | list[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(set(phrases), key=len, reverse=True))


HEAD_RE = re.compile(rf"(?:(?:các|những)\s+)?(?:{_alternation(_HEADS)})(?![{LOWER}{UPPER}\w])", re.IGNORECASE)
_HEAD_ONLY = re.compile(rf"(?:{_alternation(_HEADS)})(?!\w)", re.IGNORECASE)
_BODY_HEAD_ONLY = re.compile(rf"(?:(?:các|những)\s+)?(?:{_alternation(_BODY_HEADS)})(?!\w)", re.IGNORECASE)
#: The abstract words for "a body" (SG01 "Giao cơ quan, đơn vị chủ trì"): alone they name no one.
_ABSTRACT_BODY = re.compile(r"cơ quan|đơn vị")
_TITLE_RE = re.compile(rf"(?:{_alternation(_TITLES)})(?!\w)", re.IGNORECASE)

# Words that open a predicate or a new phrase: a unit name stops before them. The verbs are those
# that follow a subject or an assigned unit in the real documents ("Sở Công Thương yêu cầu" LC16,
# "Văn phòng ... phát hành" SG24, "UBND xã Yên Bình hoàn thành" LC15, "Bộ Công Thương một số nội
# dung" LC08, "... chưa thực hiện" LC16, "Thủ trưởng ... biết" LC15, "Các Bộ ... dự kiến" SG25).
STOPS = (
    "chủ trì", "phối hợp", "có trách nhiệm", "chịu trách nhiệm", "tổ chức", "triển khai", "thực hiện",
    "xây dựng", "hướng dẫn", "tham mưu", "theo dõi", "kiểm tra", "rà soát", "tổng hợp", "báo cáo",
    "tuyên truyền", "chỉ đạo", "căn cứ", "tiếp tục", "đôn đốc", "bố trí", "cung cấp", "quán triệt",
    "nghiên cứu", "đẩy mạnh", "phổ biến", "lựa chọn", "ban hành", "xem xét", "quan tâm", "đề xuất",
    "cân đối", "thẩm định", "gửi", "giao", "là", "được", "sẽ", "cần", "phải", "làm", "nắm", "thường xuyên",
    "vận động", "hỗ trợ", "giám sát", "lập", "huy động", "đánh giá", "chuẩn bị", "phát động", "kịp thời",
    "trình", "tập trung", "rà", "thành lập", "cử", "đảm bảo", "bảo đảm", "nâng cao", "tăng cường", "duy trì",
    "sắp xếp", "tiếp nhận", "cập nhật", "chấp hành", "đăng tải", "khẩn trương", "ưu tiên", "phân công",
    "trực tiếp", "định kỳ", "hằng", "hàng", "trong", "theo", "để", "nhằm", "về việc", "về", "với", "tại",
    "từ", "đến", "trước", "nghiêm túc", "chủ động", "tích cực", "quyết liệt", "đồng bộ", "có hiệu quả",
    "hiệu quả", "phát hành", "hoàn thành", "hoàn thiện", "biết", "nêu cao", "yêu cầu", "đẩy nhanh",
    "dự kiến", "xử lý", "một số", "các nội dung", "nội dung", "như sau", "sau đây", "chưa", "đã", "đang",
    "không", "đề nghị", "kiến nghị", "kính trình", "quyết định", "cho ý kiến", "có ý kiến", "thống nhất",
    "tiến hành", "phê duyệt", "thi hành", "tuân thủ", "áp dụng", "nhân rộng", "nhập", "tham gia", "mời",
    "công bố", "bầu", "phát hiện", "giải quyết", "phát huy", "tặng", "khen thưởng", "làm việc",
    "sử dụng con dấu", "phản ánh", "đầu tư đồng bộ", "khảo sát", "mua", "nộp", "của", "do", "bằng",
    "nhận", "đi", "dự", "ký", "cho phép", "xin", "trả lời", "có văn bản", "có công văn", "gồm", "bao gồm",
    "và các nội dung", "hoặc", "đối với", "tiếp tục", "thông báo", "tạo điều kiện", "lấy ý kiến", "giúp", "tổng kết", "sơ kết", "có",
)
# A stop word inside these noun phrases is part of the name: "Ban Quản lý dự án đầu tư xây dựng"
# (LC15), "Hiệp hội Nhà thầu xây dựng" (SG17), "Trung tâm dịch vụ tổng hợp" (LC15).
_NOUN_BEFORE = {"xây dựng": ("đầu tư", "thầu", "vật liệu", "công trình"), "tổng hợp": ("dịch vụ",),
                "kiểm tra": ("đoàn", "tổ"), "chỉ đạo": ("ban",), "tổ chức": ("ban",),
                "hướng dẫn": ("ban",), "giám sát": ("ban",), "trình": ("công", "chương", "quy", "tờ", "lộ")}
# ... and a stop word followed by these is another word: "giao thông" (LC15 "công trình giao thông").
_NOUN_AFTER = {"giao": ("thông", "dịch", "lưu"), "trình": ("độ",), "lập": ("pháp",), "đi": ("động",),
               "dự": ("án", "toán", "thảo"), "có": ("liên quan", "thẩm quyền", "tên")}
_STOP_RE = re.compile(rf"(?:{_alternation(STOPS)})(?![{LOWER}{UPPER}\w])", re.IGNORECASE)
# "tổ chức" as a noun ("cơ quan, tổ chức liên quan", "tổ chức chính trị - xã hội") rather than "to organise".
_NOUN_TỔ_CHỨC_AFTER = re.compile(r"\s*(?:chính trị|đoàn thể|hội|xã hội|liên quan|có liên quan|,|;|cá nhân|và|"
                                 r"trên địa bàn|kinh tế|hoạt động|đơn vị)", re.IGNORECASE)

_PLACE = re.compile(
    r"(?:(?:các|những)\s+)?(?:tỉnh(?!\s+ủy)|thành\s+phố|tp\.|huyện(?!\s+ủy)|quận|thị\s+xã|thị\s+trấn|xã(?!\s+hội)|"
    r"phường|đặc\s+khu|khu\s+vực|cấp\s+(?:tỉnh|huyện|xã|trung\s+ương|cơ\s+sở)|các\s+cấp|trung\s+ương|tw|"
    r"địa\s+phương)(?![{L}])".replace("{L}", LOWER + UPPER),
    re.IGNORECASE,
)
_PLACE_SUFFIX = re.compile(r"\s*\(\s*(?:cũ|mới|trước sắp xếp|sau sắp xếp|trước sáp nhập|sau sáp nhập)\s*\)",
                           re.IGNORECASE)
# Words that may follow a place and still belong to the name ("các đơn vị ... liên quan",
# "các cơ quan Trung ương đóng trên địa bàn" LD04, "UBND các xã, phường có cụm công nghiệp" LC15).
_AFTER_PLACE = re.compile(
    r"(?:trực\s+thuộc|thuộc|có\s+liên\s+quan|liên\s+quan|trên\s+địa\s+bàn|đóng\s+trên\s+địa\s+bàn|nêu\s+trên|"
    r"khác|chủ\s+dự\s+án\s+thành\s+phần|ven\s+biển|biên\s+giới|miền\s+núi|"
    # "các tỉnh, thành phố ven biển từ Quảng Trị đến Quảng Ngãi" (a công điện's addressees)
    r"từ\s+[{U}][{l}]*(?:\s+[{U}][{l}]*)*\s+đến\s+[{U}][{l}]*(?:\s+[{U}][{l}]*)*|"
    r"có\s+(?!ý\s+kiến|văn\s+bản|công\s+văn|trách\s+nhiệm|kế\s+hoạch|"
    r"báo\s+cáo|tờ\s+trình|thẩm\s+quyền|trụ\s+sở)[{L}]+)(?![{L}])".replace("{L}", LOWER + UPPER)
    .replace("{U}", UPPER).replace("{l}", LOWER),
    re.IGNORECASE,
)
_CITED_ARTICLE = re.compile(r"(?:có\s+tên\s+)?(?:nêu\s+tại|quy\s+định\s+tại|tại)\s+Điều\s+\d+(?!\w)",
                            re.IGNORECASE)
_WORD = re.compile(rf"[{LOWER}{UPPER}\d]+(?:[/.&-][{LOWER}{UPPER}\d]+)*")
# The longest names in the real documents run to about 90 characters ("Ban Chủ nhiệm các Đoàn Luật sư tỉnh Đắk
# Nông, tỉnh Bình Thuận và tỉnh Lâm Đồng (cũ)", SG04; "các đơn vị sản xuất, kinh doanh, sử dụng, bảo quản hóa
# chất trên địa bàn tỉnh Lào Cai", LC16): a name running on much longer has missed its end.
MAX_UNIT_CHARS = 160


@dataclass
class _Unit:
    start: int
    end: int
    named: bool = False  # a name after the head, or a known name: a capitalised verb now ends it
    placed: bool = False  # a place closed it: only a few words may follow
    plural_place: bool = False  # "các tỉnh Đắk Nông, Bình Thuận" lists place names
    group: bool = False
    lower_head: bool = False  # its last head word is a lower-case common noun ("cơ quan", "đơn vị")


#: Sections of data/state_bodies.txt whose names are complete: after them only a place, "(cũ)" or a
#: parent after a dash may follow ("Sở Công Thương | yêu cầu", "Bộ Công Thương | một số"). The other
#: sections hold kinds of body that take a qualifier ("Ban Quản lý dự án đầu tư xây dựng số 1").
_PROPER_SECTIONS = {"ministries", "ministries before 2025", "national", "provincial", "provincial before 2025"}


@lru_cache(maxsize=1)
def _known_sections() -> dict[str, str]:
    text = resources.files("extractors").joinpath("data/state_bodies.txt").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    section = ""
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif line and not line.startswith("#"):
            out[line] = section
    return out


def known_names() -> list[str]:
    """The shipped names of state bodies (data/state_bodies.txt), longest first."""
    return sorted(_known_sections(), key=len, reverse=True)


@lru_cache(maxsize=1)
def _proper_folds() -> frozenset[str]:
    return frozenset(fold(n) for n, section in _known_sections().items() if section in _PROPER_SECTIONS)


@lru_cache(maxsize=1)
def _known_re() -> re.Pattern[str]:
    variants = []
    for name in known_names():
        variants.append(name)
        if "Ủy ban nhân dân" in name:
            variants.append(name.replace("Ủy ban nhân dân", "UBND"))
        if "Mặt trận Tổ quốc Việt Nam" in name:
            variants.append(name.replace("Mặt trận Tổ quốc Việt Nam", "MTTQ Việt Nam"))
    pieces = []
    for variant in sorted(set(variants), key=len, reverse=True):
        words = [re.escape(w) for w in variant.replace(",", " ,").split()]
        pattern = words[0]
        for word in words[1:]:
            pattern += (r"\s*" if word == "," else r"\s+") + word
        pieces.append(pattern)
    return re.compile(rf"(?:{'|'.join(pieces)})(?![{LOWER}{UPPER}\w])", re.IGNORECASE)


def _is_proper(matched: str) -> bool:
    return fold(matched).replace("ubnd", "ủy ban nhân dân").replace("mttq", "mặt trận tổ quốc") in _proper_folds()


def known_body(name: str) -> str | None:
    """The shipped name a unit name starts with ('Sở Tư pháp tỉnh Lâm Đồng' -> 'Sở Tư pháp'), if any."""
    match = _known_re().match(name.strip())
    if match is None:
        return None
    folded = fold(match.group(0)).replace("ubnd", "ủy ban nhân dân")
    return next((n for n in known_names() if fold(n) == folded), match.group(0))


def _head_at(text: str, pos: int) -> tuple[int, str] | None:
    """End of the head at `pos` and its kind: "proper" (a complete known name), "class" (a known kind of
    body, named but open to a qualifier) or "head" (a head word that needs its name)."""
    known = _known_re().match(text, pos)
    head = _HEAD_ONLY.match(text, pos)
    if known and (head is None or known.end() >= head.end()):
        return known.end(), "proper" if _is_proper(known.group(0)) else "class"
    if head is None:
        return None
    rest = fold(text[head.end():head.end() + 24]) + " "
    if any(rest.startswith(x) and not rest[len(x)].isalpha() for x in _NOT_A_BODY.get(fold(head.group(0)), ())):
        return None
    return head.end(), "head"


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    return pos


def stop_at(text: str, pos: int) -> re.Match[str] | None:
    """A stop word at `pos` (the end of a unit name), unless it belongs to a noun phrase of the name."""
    stop = _STOP_RE.match(text, pos)
    if stop is None:
        return None
    phrase = fold(stop.group(0))
    before = fold(text[max(0, pos - 14):pos])
    if any(before.endswith(noun) for noun in _NOUN_BEFORE.get(phrase, ())):
        return None
    after = fold(text[stop.end():stop.end() + 12]) + " "
    if any(after.startswith(noun) and not after[len(noun)].isalpha() for noun in _NOUN_AFTER.get(phrase, ())):
        return None
    if phrase == "tổ chức" and (re.search(r"(các|những|và|,)\s*$", text[max(0, pos - 8):pos], re.IGNORECASE)
                                or _NOUN_TỔ_CHỨC_AFTER.match(text, stop.end())):
        return None
    return stop


def _starts_unit(text: str, pos: int, lower_heads: bool = False) -> bool:
    """A new unit begins here: a group word, a known name, or a capitalised head ("Sở", "Giám đốc"); after
    "và", also a lower-case head ("các sở, ngành và chính quyền địa phương", "... và địa phương", LC01)."""
    group = _GROUP.match(text, pos)
    if group and _head_at(text, group.end()):
        return True
    if pos >= len(text):
        return False
    if not text[pos].isupper():
        if lower_heads and _head_at(text, pos) is not None and fold(text[pos:pos + 8]) != "tổ chức":
            return True
        return bool(re.match(r"ubnd|hđnd|ubmttq", text[pos:pos + 5], re.IGNORECASE))
    return _head_at(text, pos) is not None


def _looks_like_name(text: str, start: int, head_end: int) -> bool:
    """'Ban' in 'ban hành' is not a unit: a bare head word needs a capital or a following name."""
    if text[start].isupper() or _GROUP.match(text, start):
        return True
    after = text[_skip_space(text, head_end):_skip_space(text, head_end) + 1]
    return bool(after) and after.isupper()


def _unit(text: str, pos: int, after_cue: bool) -> _Unit | None:
    """One unit name at `pos` (no list)."""
    if PERSON.match(text, pos):
        return None
    group = _GROUP.match(text, pos)
    head_pos = group.end() if group else pos
    head = _head_at(text, head_pos)
    if head is None:
        return None
    head_end, kind = head
    if not (after_cue or _looks_like_name(text, pos, head_end)):
        return None
    if fold(text[head_pos:head_end]) == "tổ chức" and group is None:
        return None  # "Tổ chức kiểm tra ...": the verb; "các tổ chức" is a body (LC01)
    # a head in capitals beyond its first word is a name already ("Đài Phát thanh", "Ban Chỉ đạo")
    named = kind != "head" or any(w[:1].isupper() for w in text[head_pos:head_end].split()[1:])
    unit = _Unit(pos, head_end, named=named, placed=kind == "proper", group=bool(group),
                 lower_head=text[head_pos].islower())
    title = _TITLE_RE.fullmatch(text, head_pos, head_end) is not None
    _complements(text, unit, title)
    return unit


def _place(text: str, pos: int, unit: _Unit) -> bool:
    """A place at `pos` ("tỉnh Lâm Đồng", "các xã", "cấp xã") extends the unit."""
    place = _PLACE.match(text, pos)
    if place is None:
        return False
    end = place.end()
    while True:  # the place's own name: capitalised words ("Đắk Nông", "Yên Bình"), a number ("số 1")
        nxt = _skip_space(text, end)
        word = _WORD.match(text, nxt)
        if word is None or not (word.group(0)[0].isupper() or word.group(0)[0].isdigit()) or \
                stop_at(text, nxt) and unit.named or _known_re().match(text, nxt):
            break
        end = word.end()
    unit.end = end
    unit.placed = True
    unit.plural_place = unit.plural_place or fold(place.group(0)).startswith(("các", "những"))
    return True


def _complements(text: str, unit: _Unit, title: bool) -> None:
    """Extend `unit` over its name, place and group words (see the module docstring)."""
    limit = unit.start + MAX_UNIT_CHARS
    while unit.end < min(len(text), limit):
        pos = _skip_space(text, unit.end)
        if pos >= len(text):
            return
        suffix = _PLACE_SUFFIX.match(text, unit.end)
        if suffix:
            unit.end = suffix.end()
            continue
        char = text[pos]
        if char == ",":
            nxt = _skip_space(text, pos + 1)
            if not _comma_continues(text, nxt, unit):
                return
            unit.end = nxt
            continue
        if char == "-" and pos + 1 < len(text) and text[pos + 1] == " ":  # "Tổ chức - Pháp chế", "... - Chi nhánh"
            nxt = _skip_space(text, pos + 1)
            if nxt < len(text) and text[nxt].isupper():
                unit.end = nxt
                continue
            return
        word = _WORD.match(text, pos)
        if word is None:
            return
        lower = word.group(0).lower()
        if lower in {"và", "hoặc"}:
            nxt = _skip_space(text, word.end())
            if lower == "và" and _and_continues(text, nxt, unit):
                unit.end = nxt
                continue
            return
        after = _AFTER_PLACE.match(text, pos) if unit.placed else None
        if after is not None:  # "UBND các xã, phường có cụm công nghiệp" (LC15), "... trực thuộc Trung ương"
            unit.end = after.end()
            if fold(after.group(0)).startswith("có "):  # a clause naming them: the words after it go on
                unit.placed = False
            continue
        cited = _CITED_ARTICLE.match(text, pos)
        if cited:  # "Các thành viên tại Điều 1" (SG10), "các thành viên có tên tại Điều 1" (SG22)
            unit.end = cited.end()
            unit.named = True
            continue
        stop = stop_at(text, pos)
        if stop is not None:
            # in an upper-case line ("TỔ CHỨC THỰC HIỆN") a capital says nothing
            capital = word.group(0)[0].isupper() and not (word.group(0).isupper() and len(word.group(0)) > 1)
            if not capital or unit.named or unit.placed:
                return
            unit.end = stop.end()  # right after the head a capitalised word names it: "Phòng Tổ chức"
            unit.named = True
            continue
        if _place(text, pos, unit):
            continue
        if unit.placed:
            if unit.plural_place and word.group(0)[0].isupper():  # "các tỉnh Đắk Nông, Bình Thuận, Lâm Đồng"
                unit.end = word.end()
                continue
            return
        group = _GROUP.match(text, pos) if title and not unit.named else None
        body = pos if group is None else group.end()
        head = _head_at(text, body) if title and not unit.named or word.group(0)[0].isupper() else None
        if head is not None:  # a title's body: "Giám đốc Sở Nội vụ", "Thủ trưởng các sở", "Chủ tịch Hội đồng ...";
            unit.end = head[0]  # a body inside a name: "Các thành viên Ban Chỉ đạo", "Văn phòng Đăng ký đất đai"
            unit.named = unit.named or head[1] != "head" or not title
            unit.placed = head[1] == "proper" and title  # nested: "Ban Công tác đặc biệt Chính phủ Lào" (TW02)
            unit.group = unit.group or group is not None
            unit.lower_head = text[body].islower()
            continue
        if word.group(0)[0].isupper() or word.group(0)[0].isdigit():
            unit.named = True
        unit.end = word.end()


def _comma_continues(text: str, pos: int, unit: _Unit) -> bool:
    """After a comma: the same name goes on (a field, a place list, a group of bare heads)?"""
    if pos >= len(text):
        return False
    word = _WORD.match(text, pos)
    if word is None:
        return False
    if stop_at(text, pos) is not None:
        return False
    if _starts_unit(text, pos):
        return False
    if _PLACE.match(text, pos) and (unit.placed or unit.group):
        return True
    if word.group(0)[0].isupper():
        return (unit.named and not unit.placed) or unit.plural_place
    # a group goes on ("các sở, ban, ngành"), and so does a lower-case bare head ("cơ quan, tổ chức liên quan",
    # LC01); "Sở, nguồn thu dịch vụ ..." does not
    return (unit.group or not unit.named and unit.lower_head) and not unit.placed


def _and_continues(text: str, pos: int, unit: _Unit) -> bool:
    """After 'và': a field ("Thể thao và Du lịch"), a place ("và tỉnh Lâm Đồng"), a group noun."""
    word = _WORD.match(text, pos)
    if word is None or stop_at(text, pos) is not None or _starts_unit(text, pos, lower_heads=True):
        return False
    if _PLACE.match(text, pos):
        return unit.placed or unit.group
    if word.group(0)[0].isupper():
        return unit.named and not unit.placed
    # a field in lower case ("Hội Bảo vệ thiên nhiên và môi trường", SG17) or a group ("các tổ chức và cá nhân")
    return (unit.group or unit.named) and not unit.placed


_SEPARATOR = re.compile(r"\s*(?:,\s*(?:và|hoặc)\s|,|;|\s(?:và|hoặc)\s)\s*", re.IGNORECASE)


def parse_units(text: str, pos: int, after_cue: bool = False) -> list[tuple[int, int]]:
    """The units listed from `pos` ("Sở Tài chính, Sở Nội vụ và UBND các xã"), as spans, in order."""
    pos = _skip_space(text, pos)
    while pos < len(text) and text[pos] in ",:":
        pos = _skip_space(text, pos + 1)
    out: list[tuple[int, int]] = []
    while True:
        unit = _unit(text, pos, after_cue or bool(out))
        if unit is None:
            break
        end = unit.end
        while end > unit.start and text[end - 1] in " ,-":
            end -= 1
        out.append((unit.start, end))
        sep = _SEPARATOR.match(text, end)
        if sep is None or not _starts_unit(text, sep.end(), lower_heads="," not in sep.group(0)):
            break
        pos = sep.end()
    return out


def unit_at(text: str, position: int, after_cue: bool = False) -> tuple[int, int] | None:
    """The span of the unit name (or list of names) that starts at `position`, if one does.

    Right after an assignment cue ("Đề nghị cơ quan có thẩm quyền ...") a
    lower-case head word is taken as a unit; elsewhere it needs a name.
    """
    units = parse_units(text, position, after_cue)
    return (units[0][0], units[-1][1]) if units else None


def split_units(text: str) -> list[str]:
    """The units a list names: 'Sở Tài chính, Sở Nội vụ và UBND các xã' -> three units.

    ';' always separates. ',' and 'và' separate only before a new unit, so 'Sở Văn hóa, Thể thao và
    Du lịch' and 'UBND các xã, phường' stay whole, and a comma list after 'các' is one group
    ('Các sở, ban, ngành', 'các cơ quan truyền thông, báo chí'). Text that names no unit (a
    person's name in a table cell) gives nothing.
    """
    units: list[str] = []
    for chunk in text.split(";"):
        for a, b in parse_units(chunk, 0, after_cue=True):
            unit = " ".join(chunk[a:b].split()).strip(" .-")
            if unit:
                units.append(unit)
    return units


def names_only_units(text: str) -> bool:
    """The whole text is a list of unit names (a unit heading, a subject before its verb)."""
    stripped = text.strip(" \t.:;,")
    units = parse_units(stripped, 0, after_cue=True)
    return bool(units) and units[0][0] == _skip_space(stripped, 0) and units[-1][1] >= len(stripped.rstrip(" .,:;"))


def is_bare_head(unit: str) -> bool:
    """Only a body's head word in capitals, no name: "Sở", "Đơn vị", "Cơ quan" (a self-reference or a label:
    "dự toán ... giao cho Sở", Nghệ An sample; "Đơn vị thực hiện:", TW02). A title alone ("Bộ trưởng") names
    its holders, and a lower-case common noun a group ("Các Sở, ban, ngành và địa phương", LC01)."""
    unit = unit.strip()
    return _BODY_HEAD_ONLY.fullmatch(unit) is not None and unit[:1].isupper() and not _GROUP.match(unit)


def is_unnamed(unit: str) -> bool:
    """Only the abstract words for a body, lower-case, no group word, no name: "cơ quan, đơn vị" in SG01's
    "Giao cơ quan, đơn vị chủ trì làm đầu mối" is whichever body the addressee picks, not a body the
    document names. Other bare heads name a kind of body that stands for its members ("địa phương" in
    LC01's "phối hợp với ... địa phương"), and a group word ("các sở, ngành", LC01) keeps any of them."""
    pieces = [p.strip() for p in re.split(r",|\bvà\b", unit.strip())]
    return (unit.strip()[:1].islower() and not _GROUP.match(unit.strip())
            and all(_ABSTRACT_BODY.fullmatch(p) for p in pieces if p))


def is_bare_group(unit: str) -> bool:
    """A group word and a head and nothing else: "các sở", "Các Sở", "các hội" (a list of names may follow)."""
    group = _GROUP.match(unit.strip())
    return group is not None and _BODY_HEAD_ONLY.fullmatch(unit.strip()[group.end():]) is not None


def is_group(unit: str) -> bool:
    """A group ('các phòng, đơn vị ...', 'UBND các xã') expands to units only through a roster."""
    return bool(_GROUP.match(unit)) or re.search(r"\b(?:các|những|mỗi)\b", unit, re.IGNORECASE) is not None


def is_person(text: str) -> bool:
    """Addressed as a person ("đồng chí Chủ tịch", "Ông Trần Hữu Tuấn"): not a body."""
    return PERSON.match(text.strip()) is not None
