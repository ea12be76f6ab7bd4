"""Recognising the names of administrative units in running text.

A unit name starts with a head word (Sở, Phòng, UBND, Ủy ban nhân dân, Công
an, Ban, các sở, ...) and runs until the verb of the sentence ("chủ trì",
"tổ chức", "triển khai"). Commas are ambiguous ("Sở Văn hóa, Thể thao và Du
lịch" is one unit, "Sở Tài chính, Sở Nội vụ" are two): a list is split only
where the next part starts with a head word of its own.
"""

from __future__ import annotations

import re

_HEADS = (
    "ủy ban nhân dân", "ủy ban mặt trận tổ quốc", "ủy ban mttq", "ủy ban", "ubnd", "hđnd", "hội đồng nhân dân",
    "hội đồng", "sở", "phòng", "ban chỉ đạo", "ban quản lý", "ban", "văn phòng", "trung tâm", "công an",
    "bộ chỉ huy", "bộ đội biên phòng", "bộ", "tổng cục", "cục", "chi cục", "vụ", "viện", "trường", "bệnh viện",
    "đài", "báo", "hội", "liên đoàn", "đoàn thanh niên", "tỉnh đoàn", "đoàn", "mặt trận", "thanh tra",
    "kho bạc", "bảo hiểm", "ngân hàng", "tòa án", "viện kiểm sát", "đảng ủy", "tỉnh ủy", "huyện ủy", "thành ủy",
    "cơ quan", "đơn vị", "lãnh đạo", "thủ trưởng", "người đứng đầu", "giám đốc", "chủ tịch", "trưởng",
    "tổ công tác", "đoàn kiểm tra", "tổ chức đoàn thể", "tổ chức chính trị", "các tổ chức", "doanh nghiệp",
    "công ty", "hợp tác xã", "chi nhánh", "liên minh", "quỹ", "đài phát thanh", "ủy ban kiểm tra",
    "bộ phận", "thư viện", "bảo tàng", "nhà hát", "nhà văn hóa", "đội", "hạt kiểm lâm", "học viện", "đại học",
    "nhà xuất bản", "tạp chí", "vườn quốc gia", "khu bảo tồn", "cảng vụ", "tổ", "địa phương", "thuế", "cục thuế", "chi cục thuế", "trạm y tế", "trạm", "cơ sở giáo dục", "các cơ sở", "trưởng ấp", "trưởng thôn", "các địa phương", "các ngành", "ngành", "cấp ủy", "chính quyền",
)
_GROUP = re.compile(r"^(các|những|toàn thể|mọi)\s", re.IGNORECASE)
HEAD_RE = re.compile(
    r"(?:(?:các|những)\s+)?(?:" + "|".join(sorted(map(re.escape, _HEADS), key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)
VERBS = (
    "chủ trì", "phối hợp", "có trách nhiệm", "chịu trách nhiệm", "tổ chức", "triển khai", "thực hiện", "xây dựng",
    "hướng dẫn", "tham mưu", "theo dõi", "kiểm tra", "rà soát", "tổng hợp", "báo cáo", "tuyên truyền", "chỉ đạo",
    "căn cứ", "tiếp tục", "đôn đốc", "bố trí", "cung cấp", "quán triệt", "nghiên cứu", "đẩy mạnh", "phổ biến",
    "lựa chọn", "ban hành", "xem xét", "quan tâm", "đề xuất", "cân đối", "thẩm định", "gửi", "giao", "là",
    "được", "sẽ", "cần", "phải", "làm", "nắm", "thường xuyên", "vận động", "hỗ trợ", "giám sát", "lập",
    "huy động", "đánh giá", "chuẩn bị", "phát động", "kịp thời", "trình", "tập trung", "rà", "thành lập", "cử",
    "đảm bảo", "bảo đảm", "nâng cao", "tăng cường", "duy trì", "sắp xếp", "tiếp nhận", "cập nhật", "chấp hành",
    "đăng tải", "khẩn trương", "ưu tiên", "phân công", "trực tiếp", "định kỳ", "hằng", "hàng", "trong", "theo",
    "để", "nhằm", "về việc", "với", "tại", "từ", "đến", "trước", "nghiêm túc", "chủ động", "tích cực",
    "quyết liệt", "đồng bộ", "có hiệu quả", "hiệu quả", "thực hiện nghiêm", "tiếp tục", "nghiên cứu",
)
_VERB_ALTERNATION = "|".join(sorted(map(re.escape, VERBS), key=len, reverse=True))
_STOP = re.compile(rf"\s(?:{_VERB_ALTERNATION})(?!\w)|[;:.()\n]|,\s*(?:{_VERB_ALTERNATION})(?!\w)", re.IGNORECASE)
_NOUN_TỔ_CHỨC = re.compile(r"(các|những|và)\s+$", re.IGNORECASE)
# "tổ chức" as a noun ("cơ quan, tổ chức liên quan", "tổ chức chính trị - xã hội") rather than "to organise"
_NOUN_AFTER_TỔ_CHỨC = re.compile(r"\s*(chính trị|đoàn thể|hội|xã hội|liên quan|,|;|cá nhân|và|trên địa bàn)")
MAX_UNIT_CHARS = 120


def unit_at(text: str, position: int, after_cue: bool = False) -> tuple[int, int] | None:
    """The span of the unit name (or list of names) that starts at `position`, if one does.

    Right after an assignment cue ("Đề nghị cơ quan có thẩm quyền ...") a
    lower-case head word is taken as a unit; elsewhere it needs a name.
    """
    while position < len(text) and text[position] in " \t,:":
        position += 1
    head = HEAD_RE.match(text, position)
    if head is None or not (after_cue or _looks_like_name(text, head)):
        return None
    end = head.end()
    while True:
        stop = _STOP.search(text, end)
        if stop is None:
            end = len(text)
            break
        raw = text[stop.start():stop.end()].strip(" ,")
        word = raw.lower()
        if raw[:1].isupper():  # "Phòng Tổ chức - Pháp chế", "Sở Xây dựng": a capitalised word names the unit
            end = stop.end()
            continue
        if word == "tổ chức" and (_NOUN_TỔ_CHỨC.search(text[:stop.start() + 1]) or stop.group(0).startswith(",")
                                  and _NOUN_AFTER_TỔ_CHỨC.match(text, stop.end()) or
                                  _NOUN_AFTER_TỔ_CHỨC.match(text, stop.end())):
            end = stop.end()
            continue
        end = stop.start()
        break
    end = min(end, position + MAX_UNIT_CHARS)
    while end > position and text[end - 1] in " ,-":
        end -= 1
    return (position, end) if end > head.end() or _GROUP.match(text[position:]) or end == head.end() else None


def _looks_like_name(text: str, head: re.Match[str]) -> bool:
    """'Ban' in 'ban hành' is not a unit: a bare head word needs a capital or a following name."""
    word = head.group(0)
    after = text[head.end():head.end() + 2].strip()
    if word[0].isupper() or _GROUP.match(word + " "):
        return True
    return bool(after) and after[0].isupper()


_BARE_TAIL = re.compile(
    r"(?:^|.*\s)(?:các|những)\s+(?:" + "|".join(sorted(map(re.escape, _HEADS), key=len, reverse=True)) + r")",
    re.IGNORECASE,
)


def _bare(text: str) -> bool:
    """Ends in a head word with no name after it: 'Các sở', 'Lãnh đạo các phòng' (then ', đơn vị ...')."""
    last = text.split(",")[-1].strip()
    return HEAD_RE.fullmatch(last) is not None or _BARE_TAIL.fullmatch(last) is not None


def split_units(text: str) -> list[str]:
    """Split a list of units: 'Sở Tài chính, Sở Nội vụ và UBND các xã' -> three units.

    ';' always separates. ',' and 'và' separate only before a new head word,
    so 'Sở Văn hóa, Thể thao và Du lịch' and 'UBND các xã, phường' stay whole;
    and a comma list of plain head words after 'các' is one group
    ('Các sở, ban, ngành', 'các phòng, đơn vị thuộc Sở').
    """
    units: list[str] = []
    for chunk in text.split(";"):
        pieces = re.split(r"(,\s*|\s+và\s+)", chunk)
        current = ""
        for i in range(0, len(pieces), 2):
            piece = pieces[i].strip(" .-")
            separator = pieces[i - 1] if i else ""
            if not piece:
                continue
            head = HEAD_RE.match(piece)
            starts_unit = head is not None and not (
                "," in separator and _bare(current) and piece[0].islower()
            )
            if current and not starts_unit:
                current += separator + piece
            else:
                if current:
                    units.append(current.strip())
                current = piece
        if current:
            units.append(current.strip())
    return units


def is_group(unit: str) -> bool:
    """A group ('các phòng, đơn vị ...', 'UBND các xã') expands to units only through a roster."""
    return bool(_GROUP.match(unit)) or re.search(r"\bcác\b", unit, re.IGNORECASE) is not None
