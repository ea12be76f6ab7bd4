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

from pipeline.text.normalize import fold, strip_marks

# Words that carry no subject: function words, and the genre's generic verbs and nouns. The
# two-syllable ones are dropped only as a pair, so that 'đoàn' survives 'giai đoạn'.
_FILLER_WORDS = """
và với của cho các những một mỗi trên dưới trong ngoài tại từ đến theo về là có được bị đã sẽ đang
này đó như sau trước khi để nhằm vào ra lên lại còn cũng rất hơn nữa chưa không
đạt tổng số lượng năm tháng quý ngày kỳ đợt tỉnh huyện xã phòng ban ngành cấp toàn việc ước khoảng gần
"""
_FILLER_PAIRS = """
thực hiện, triển khai, công tác, tiếp tục, tăng cường, đẩy mạnh, nâng cao, tổ chức, nhiệm vụ, kế hoạch,
chỉ tiêu, kết quả, giai đoạn, đơn vị, cơ quan, địa bàn, chủ yếu, cụ thể, hiệu quả, đồng bộ, kịp thời,
thường xuyên, đảm bảo, bảo đảm, toàn bộ, bộ phận, phấn đấu
"""
_FILLER = frozenset(_FILLER_WORDS.split())
_PAIRS = frozenset(tuple(pair.split()) for pair in _FILLER_PAIRS.replace("\n", " ").split(",") if pair.strip())
_FILLER_BARE = frozenset(map(strip_marks, _FILLER))
_PAIRS_BARE = frozenset(tuple(map(strip_marks, pair)) for pair in _PAIRS)
_WORD = re.compile(r"\w+")


def content_words(text: str, marks: bool = False) -> list[str]:
    """The syllables of `text` that say what it is about, filler dropped, lower-case.

    Without `marks` the tone marks are stripped too, so an OCR'd 'Chi so Hanh phuc' meets
    'Chỉ số Hạnh phúc'; with them, 'Đảng' and 'đăng ký' stay apart, which matters when
    whole passages are compared.
    """
    text = fold(text) if marks else strip_marks(fold(text))
    filler, pairs = (_FILLER, _PAIRS) if marks else (_FILLER_BARE, _PAIRS_BARE)
    words = [w for w in _WORD.findall(text) if w != "_"]
    out: list[str] = []
    i = 0
    while i < len(words):
        if tuple(words[i:i + 2]) in pairs:
            i += 2
            continue
        if words[i] not in filler and not words[i].isdigit():
            out.append(words[i])
        i += 1
    return out


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
