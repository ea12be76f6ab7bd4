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

#: A page whose text layer has more than this share of its glyphs without a Unicode mapping is OCR'd.
#: Measured per page over realdocs/signed (SG01-SG25, pdfplumber's characters): SG09 p. 1 draws 87 of
#: its 1447 glyphs (6.0 %: `UBND TỈNH BÌNH THUẬN`, the N of `Sở Nội vụ`, the H and D of `Hiệp hội Doanh
#: nghiệp`) from a non-embedded WinAnsi font whose codes decode to spaces; every other page is at or under
#: 0.4 % (SG20's few wide spaces).
UNMAPPED_SHARE = 0.02
#: An old OCR layer with the marks stripped (`ceNG HoA x,l ugr cnu Ncnin`) is Vietnamese letters only, so
#: `vietnamese_share` passes it. Share of words carrying a Vietnamese mark, measured on the same pages and on
#: the 29 texts of realdocs (400-word chunks): the garbage layers of SG21 p. 1 and SG22 pp. 1-2 score 0.000;
#: the lowest real page or chunk scores 0.674 (LC16), the shortest real page 0.714 (SG20 p. 7, 35 words).
MARKED_SHARE = 0.3
#: Fewer words than this say too little to judge marks by (a stamp line, a page of figures).
MARKED_MIN_WORDS = 20
#: A space glyph wider than this share of its font size is a letter drawn with no mapping: the font's own space
#: is 0.25 of the size, SG09's unmapped capitals 0.6-0.78.
_WIDE_SPACE = 0.45


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


def is_unmapped_glyph(text: str, width: float, size: float) -> bool:
    """A glyph drawn on the page whose text says nothing of it.

    pdfminer writes `(cid:123)` for a glyph with no ToUnicode entry; broken maps give U+FFFD or
    private-use code points; a non-embedded font may decode a letter to a space of letter width (SG09).
    """
    if text.startswith("(cid:") or text == "\ufffd" or any("\ue000" <= ch <= "\uf8ff" for ch in text):
        return True
    return text.isspace() and size > 0 and width > _WIDE_SPACE * size


def marked_share(words: list[str]) -> float | None:
    """Share of letter-bearing words that carry a Vietnamese letter outside ASCII (None for too few words)."""
    alpha = [w for w in words if any(ch.isalpha() for ch in w)]
    if len(alpha) < MARKED_MIN_WORDS:
        return None
    return sum(1 for w in alpha if any(ch.isalpha() and not ch.isascii() for ch in w)) / len(alpha)
