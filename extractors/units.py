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
    "bộ phận", "tổ", "địa phương", "trạm y tế", "trạm", "cơ sở giáo dục", "các cơ sở", "trưởng ấp", "trưởng thôn", "các địa phương", "các ngành", "ngành", "cấp ủy", "chính quyền",
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
    "để", "nhằm", "về việc", "với", "tại", "từ", "đến", "trước",
)
_STOP = re.compile(
    r"\s(?:" + "|".join(sorted(map(re.escape, VERBS), key=len, reverse=True)) + r")(?!\w)"
    r"|[;:.()\n]|,\s*(?=(?:" + "|".join(sorted(map(re.escape, VERBS), key=len, reverse=True)) + r")(?!\w))",
    re.IGNORECASE,
)
_NOUN_TỔ_CHỨC = re.compile(r"(các|những|và)\s+$", re.IGNORECASE)
MAX_UNIT_CHARS = 120


def unit_at(text: str, position: int) -> tuple[int, int] | None:
    """The span of the unit name (or list of names) that starts at `position`, if one does."""
    while position < len(text) and text[position] in " \t,":
        position += 1
    head = HEAD_RE.match(text, position)
    if head is None or not _looks_like_name(text, head):
        return None
    end = head.end()
    while True:
        stop = _STOP.search(text, end)
        if stop is None:
            end = len(text)
            break
        raw = stop.group(0).strip(" ,")
        word = raw.lower()
        if raw[:1].isupper():  # "Phòng Tổ chức - Pháp chế", "Sở Xây dựng": a capitalised word names the unit
            end = stop.end()
            continue
        if word == "tổ chức" and (_NOUN_TỔ_CHỨC.search(text[:stop.start() + 1]) or
                                  re.match(r"\s*(chính trị|đoàn thể|hội|xã hội)", text[stop.end():])):
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


def _bare(text: str) -> bool:
    """A head word with no name after it: the 'các phòng' of 'các phòng, đơn vị thuộc Sở'."""
    last = text.split(",")[-1].strip()
    head = HEAD_RE.fullmatch(last)
    return head is not None


def split_units(text: str) -> list[str]:
    """'Sở Tài chính, Sở Nội vụ và UBND các xã' -> three units; 'Sở Văn hóa, Thể thao và Du lịch' -> one.

    A list of bare head words ('Các sở, ban, ngành', 'các phòng, đơn vị thuộc Sở') is one group.
    """
    parts = re.split(r",\s*|\s+và\s+", text)
    units: list[str] = []
    for part in parts:
        part = part.strip(" .;-")
        if not part:
            continue
        if units and (not HEAD_RE.match(part) or _bare(units[-1])):
            separator = " và " if f"{units[-1]} và {part}" in text else ", "
            units[-1] = f"{units[-1]}{separator}{part}"
        else:
            units.append(part)
    return units


def is_group(unit: str) -> bool:
    """A group ('các phòng, đơn vị ...', 'UBND các xã') expands to units only through a roster."""
    return bool(_GROUP.match(unit)) or re.search(r"\bcác\b", unit, re.IGNORECASE) is not None
