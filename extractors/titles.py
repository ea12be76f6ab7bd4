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
_PREFIX = re.compile(r"^(KT|[TI1l]{1,2}M|TL|TUQ|Q|UQ)\s*\.\s*", re.IGNORECASE)
_MAX_DISTANCE_SHARE = 0.25


@lru_cache(maxsize=1)
def _keys() -> dict[str, str]:
    return {" ".join(strip_marks(t).upper().split()): t for t in TITLES}


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
    for key, title in _keys().items():  # the title may be followed by the signature's scribble read as text
        size = len(key.split())
        distance = Levenshtein.distance(" ".join(words[:size]), key)
        if distance <= max(1, int(len(key) * _MAX_DISTANCE_SHARE)) and (
            best_distance is None or (distance, -len(key)) < (best_distance, -len(best or ""))
        ):
            best, best_distance, best_size = title, distance, size
    if best is None:
        return text
    tail = raw[best_size:]
    if tail and all(w.isupper() and is_plain_word(w) for w in tail):  # "TRƯỞNG PHÒNG KẾ TOÁN": real words
        return prefix + best + " " + " ".join(tail)
    return prefix + best


def is_title(text: str) -> bool:
    """A known title (after OCR correction), or a line of plain upper-case words."""
    if canonical_title(text) != text or _PREFIX.match(text):
        return True
    words = text.split()
    return bool(words) and all(w.isupper() and is_plain_word(w) and len(w) >= 2 for w in words)
