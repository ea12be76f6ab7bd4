"""Vietnamese text normalization, applied once to every word before any rule runs.

Vietnamese has two tone-mark placements in circulation (`hoá`/`hóa`,
`thuỷ`/`thủy`, `khoẻ`/`khỏe`) and input arrives decomposed or composed, with
several dash and quote characters. Rules and lexicons are written once, in
one form: NFC, the modern placement (the one underthesea produces), ASCII
hyphen and quotes. The original text of any changed word is kept on the word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from schemas.page import Page, Word

_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
                         "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u00a0": " ",
                         "\u2044": "/", "\u2215": "/",  # OCR's fraction slash in "23⁄2024/TT-BCT"
                         "\u00d0": "\u0110", "\u00f0": "\u0111"})  # eth for đ: "12-NQ/ÐU" is "12-NQ/ĐU"
_INVISIBLE = re.compile("[\u200b\u200c\u200d\ufeff\u00ad]")
# An open syllable ending in oa/oe/uy with the tone on its last vowel ("hoá", "thuỷ").
_OLD_STYLE = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![\w\u0300-\u036f])")


def normalize_text(text: str) -> str:
    """One canonical form of a piece of Vietnamese text (no change of meaning)."""
    text = _INVISIBLE.sub("", text.translate(_DASHES))
    decomposed = unicodedata.normalize("NFD", text)
    decomposed = _OLD_STYLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", decomposed)


def fold(text: str) -> str:
    """A comparison key: normalized, lower-case, single spaces (for matching names)."""
    return " ".join(normalize_text(text).lower().split())


def strip_marks(text: str) -> str:
    """Text without any diacritics (đ -> d): the last-resort key for fuzzy matching."""
    decomposed = unicodedata.normalize("NFD", normalize_text(text))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return bare.replace("đ", "d").replace("Đ", "D")


def normalize_pages(pages: list[Page]) -> list[Page]:
    """Normalize every word; empty words (invisible characters only) are dropped."""
    out = []
    for page in pages:
        lines = []
        for line in page.lines:
            words = [_normalize_word(w) for w in line.words]
            words = [w for w in words if w.text]
            if words:
                lines.append(line.model_copy(update={"words": words}))
        out.append(page.model_copy(update={"lines": lines}))
    return out


def _normalize_word(word: Word) -> Word:
    text = normalize_text(word.text).strip()
    if text == word.text:
        return word
    return word.model_copy(update={"text": text, "original": word.original or word.text})


def skeleton(text: str) -> str:
    """Lower-case base letters, one character for each input character (offsets hold): 'Thẩm Định' -> 'tham dinh'.

    For matching function words where OCR may have dropped or swapped a mark.
    """
    return "".join(_base(ch) for ch in text)


@lru_cache(maxsize=4096)
def _base(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    return unicodedata.normalize("NFD", ch)[0].lower() if ch.isalpha() else ch

