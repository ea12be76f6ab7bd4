"""Is a text layer real Vietnamese? Legacy-font PDFs (TCVN3, VNI) and broken ToUnicode maps give a
text layer of mojibake ("6Ӣ CÔNG 7+ѬѪ1*" for "SỞ CÔNG THƯƠNG") that looks like text to a parser but
must be OCR'd like a scan.
"""

from __future__ import annotations

import re
import unicodedata

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
LETTERS = frozenset(
    "bcdđghklmnpqrstvxfjwz"
    + "".join(unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES)
)
USABLE_SHARE = 0.8  # real text layers score above 0.95; mojibake below 0.5


def is_plain_word(token: str) -> bool:
    """Letters of the Vietnamese alphabet only (any case), punctuation allowed around them."""
    core = token.strip(".,;:!?()[]\"'“”‘’-–—/*…%")
    if not core or not any(ch.isalpha() for ch in core):
        return True  # numbers, dates, symbols: neutral
    if any(ch.isdigit() for ch in core) or "/" in core or "-" in core:
        return not any(ch.isalpha() and ch.lower() not in LETTERS for ch in core)
    return all(ch.lower() in LETTERS for ch in core)


def vietnamese_share(words: list[str]) -> float:
    """Share of letter-bearing words written only with Vietnamese letters (1.0 for no such words)."""
    alpha = [w for w in words if any(ch.isalpha() for ch in w)]
    if not alpha:
        return 1.0
    return sum(1 for w in alpha if is_plain_word(w)) / len(alpha)


_SYLLABLE = re.compile(r"(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnpqrstvx])?[aeiouy]+(ch|ng|nh|[cmnpt])?")


def is_acronym(token: str) -> bool:
    """An abbreviation like 'TT', 'NVH', 'TCPC', 'QLDL': letters that make no Vietnamese syllable.

    Offices abbreviate unit names this way ('TT DVDL', 'Phòng TC-PC'); a
    real syllable ('PHÒNG', 'VIỆN') never matches, whatever its marks.
    """
    letters = "".join(ch for ch in unicodedata.normalize("NFD", token.lower()) if unicodedata.category(ch) != "Mn")
    letters = letters.replace("đ", "d")
    return len(letters) >= 2 and letters.isalpha() and letters.isascii() and _SYLLABLE.fullmatch(letters) is None
