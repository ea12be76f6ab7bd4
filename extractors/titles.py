"""Official titles in signature blocks, read back to their written form from noisy OCR.

Tesseract reads bold capitals with diacritics badly ("KT. GLIAM ĐỌC",
"PHO ˆ GIAM Á ĐỌC"). The titles that can stand in a signature block form a
short closed list, so a garbled line is matched to the nearest title on its
letters without marks; the raw line stays in the provenance.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from pipeline.text.normalize import strip_marks
from pipeline.text.textcheck import is_plain_word

TITLES = (
    "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG",
    "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "BỘ TRƯỞNG", "THỨ TRƯỞNG",
    "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG",
    "VỤ TRƯỞNG", "PHÓ VỤ TRƯỞNG", "CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG", "CHÁNH THANH TRA",
    "PHÓ CHÁNH THANH TRA", "TRƯỞNG ĐOÀN", "PHÓ TRƯỞNG ĐOÀN", "BÍ THƯ", "PHÓ BÍ THƯ", "HIỆU TRƯỞNG",
    "PHÓ HIỆU TRƯỞNG", "THỦ TRƯỞNG", "CHỦ NHIỆM", "PHÓ CHỦ NHIỆM", "TỔNG CỤC TRƯỞNG", "TRƯỞNG TRẠM",
    "TỔ TRƯỞNG", "TRƯỞNG THÔN", "TRƯỞNG ẤP",
    "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "BAN THƯỜNG VỤ", "BAN CHẤP HÀNH", "ĐOÀN KIỂM TRA", "TỔ CÔNG TÁC",
    "BAN CHỈ ĐẠO", "HỘI ĐỒNG", "CHÍNH PHỦ",
)
#: Collective bodies in the list above: an authority's subject ("TM. ỦY BAN NHÂN DÂN"), not a person's post.
_BODIES = frozenset(TITLES[TITLES.index("ỦY BAN NHÂN DÂN"):])
_PREFIX = re.compile(r"^(KT|[TI1l]{1,2}M|TL|TUQ|Q|UQ)\s*\.\s*", re.IGNORECASE)
_MAX_DISTANCE_SHARE = 0.25


@lru_cache(maxsize=1)
def _keys() -> dict[str, tuple[str, ...]]:
    """Titles by their letters without marks. Some share them ("THỨ TRƯỞNG" deputy minister, "THỦ TRƯỞNG"
    head of unit): the marks as read decide between them, never the order of the list (SG03, SG25 printed
    "THỨ TRƯỞNG" and came out "THỦ TRƯỞNG")."""
    keys: dict[str, tuple[str, ...]] = {}
    for title in TITLES:
        key = " ".join(strip_marks(title).upper().split())
        keys[key] = (*keys.get(key, ()), title)
    return keys


def _closest(read: str, titles: tuple[str, ...]) -> str | None:
    """Of titles sharing their letters, the one nearest to the words as read, marks included; None on a tie."""
    if len(titles) == 1:
        return titles[0]
    ranked = sorted((Levenshtein.distance(read, t), t) for t in titles)
    return ranked[0][1] if ranked[0][0] < ranked[1][0] else None


def canonical_title(text: str) -> str:
    """`text` with its title written correctly when it is a near miss of a known title, else unchanged.

    Keeps an authority prefix ("KT. ", "TM. "); drops OCR specks (tokens without two letters).
    """
    prefix_match = _PREFIX.match(text)
    code = prefix_match.group(1).upper() if prefix_match else ""
    code = "TM" if code.endswith("M") else code  # "IM.", "TIM.", "1M.": OCR of a serif "TM."
    prefix = f"{code}. " if prefix_match else ""
    body = text[prefix_match.end():] if prefix_match else text
    raw = [w for w in body.split() if len(re.sub(r"[^A-Z]", "", strip_marks(w).upper())) >= 2]
    words = [re.sub(r"[^A-Z]", "", strip_marks(w).upper()) for w in raw]  # drops specks, lone marks, digits
    best, best_distance, best_size = None, None, 0
    for key, titles in _keys().items():  # the title may be followed by the signature's scribble read as text
        size = len(key.split())
        distance = Levenshtein.distance(" ".join(words[:size]), key)
        if distance <= max(1, int(len(key) * _MAX_DISTANCE_SHARE)) and (
            best_distance is None or (distance, -len(key)) < (best_distance, -len(best or ""))
        ):
            title = _closest(" ".join(w.upper() for w in raw[:size]), titles)
            if title is None:
                return text  # marks too damaged to tell which: left as read
            best, best_distance, best_size = title, distance, size
    if best is None:
        return text
    tail = raw[best_size:]
    if tail and all(w.isupper() and is_plain_word(w) for w in tail):  # "TRƯỞNG PHÒNG KẾ TOÁN": real words
        return prefix + best + " " + " ".join(tail)
    return prefix + best


def starts_with_title(text: str) -> bool:
    """Whether `text` (already written canonically) opens with a post ("GIÁM ĐỐC SỞ NỘI VỤ"), not a body's
    name ("VỤ CẢI CÁCH HÀNH CHÍNH")."""
    words = text.split()
    return any(" ".join(words[:len(t.split())]) == t for t in TITLES if t not in _BODIES)


def is_title(text: str) -> bool:
    """A known title (after OCR correction), or a line of plain upper-case words."""
    if canonical_title(text) != text or _PREFIX.match(text):
        return True
    words = text.split()
    return bool(words) and all(w.isupper() and is_plain_word(w) and len(w) >= 2 for w in words)
