"""Vietnamese-aware word overlap: how a report's wording is compared with its plan's.

Reports rarely repeat the plan's words: "lượt khách du lịch" becomes "tổng
lượt khách du lịch đến tỉnh", "Chỉ số Hạnh phúc" may lose its tone marks in
an OCR'd copy, "hoá" and "hóa" both occur. Words are therefore compared as
syllables without marks, after dropping the function words and the
administrative filler ("thực hiện", "công tác", "triển khai") that every
sentence of every plan contains and that would make everything look alike.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from pipeline.normalize import strip_marks

# Syllables that carry no subject: function words, generic verbs of the genre, time words.
_FILLER_WORDS = """
va voi cua cho cac nhung mot moi tren duoi trong ngoai tai tu den theo ve la co duoc bi da dang se
nay do the nhu sau truoc khi de nham vao ra len lai con cung rat hon nua chua khong
thuc hien trien khai cong tac tiep tuc tang cuong day manh nang cao to chuc
nhiem vu ke hoach chi tieu ket qua dat tong so luong nam thang quy ngay ky giai doan dot
tinh huyen xa don vi co quan phong ban so nganh cap
dia ban toan phan chu yeu cu the hieu qua dong bo kip thoi thuong xuyen viec
uoc khoang gan
"""
_FILLER = frozenset(_FILLER_WORDS.split())
_WORD = re.compile(r"[0-9a-z]+")


def content_words(text: str) -> list[str]:
    """The syllables of `text` that say what it is about: lower-case, marks stripped, filler dropped."""
    return [w for w in _WORD.findall(strip_marks(text).lower()) if w not in _FILLER and not w.isdigit()]


def overlap(a: Iterable[str], b: Iterable[str]) -> float:
    """Share of the smaller word set found in the other (1.0 when one wording contains the other)."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


class Weights:
    """Inverse document frequency over a small collection (a plan's tasks), so shared words weigh little."""

    def __init__(self, documents: Iterable[Iterable[str]]) -> None:
        sets = [set(words) for words in documents]
        self._count = len(sets)
        self._df = Counter(word for words in sets for word in words)

    def __call__(self, word: str) -> float:
        return math.log((1 + self._count) / (1 + self._df.get(word, 0))) + 1.0

    def coverage(self, wanted: Iterable[str], found: set[str]) -> float:
        """Weighted share of `wanted` present in `found`."""
        words = set(wanted)
        total = sum(self(w) for w in words)
        return sum(self(w) for w in words if w in found) / total if total else 0.0
