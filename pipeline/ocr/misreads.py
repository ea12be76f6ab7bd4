"""Punctuation and symbol misreads of OCR that the text around them gives away.

Diacritic repair (`pipeline.ocr.repair`) fixes marks on letters; these are the
other small misreads that change what the extractors see, each fixed only
where the surrounding text leaves no doubt:

- a dust speck after a word read as a full stop, when the text goes on in
  lower case ("Sở Tài chính thẩm. định dự toán"): Vietnamese administrative
  prose starts every sentence with a capital, so the stop is not one, and it
  would otherwise end a unit's name in the middle ("Sở Tài chính thẩm");
- a letter for the digit it looks like in a heading's number ("S." for
  "5." before "Các Ban ..."): a weakly read "S." opening a line before a
  capitalized word. Only S, which no heading sequence uses as a letter
  (parts run A, B, C, D, Đ); confident readings are left alone;
- "€" inside an abbreviation of letters ("(b/€)" for "(b/c)", "báo cáo"):
  the `vie` model reads a small c as the euro sign, and an amount in euros
  is written with digits.

Like diacritic repair, every change keeps the OCR text in `original`, says
why in `repair`, and lowers the word's confidence a little.
"""

from __future__ import annotations

import re

from pipeline.ocr.glyphs import WEAK  # below it a heading's "S." is taken for "5."
from pipeline.text.textcheck import is_plain_word
from schemas.page import Page, SourceKind, Word

CONFIDENCE = 0.85  # a changed word's confidence is at most this
_DIGIT_LOOKALIKE = {"S.": "5."}
_STOP = re.compile(r"^(\w{2,})\.$")
_EURO_IN_LETTERS = re.compile(r"(?<=[^\W\d_]/)€|€(?=/[^\W\d_])|(?<=[^\W\d_])€(?=[^\W\d_])")


def fix_misreads(page: Page) -> Page:
    """The page with the misreads above fixed; a text-layer page is returned as it is."""
    if page.source is not SourceKind.OCR:
        return page
    words = [w for line in page.lines for w in line.words]
    starts = {id(line.words[0]) for line in page.lines if line.words}
    fixed: dict[int, Word] = {}
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else None
        text, why = _fixed(word.text, following.text if following else "")
        if id(word) in starts and word.text in _DIGIT_LOOKALIKE and word.confidence < WEAK and following and \
                following.text[:1].isupper():
            text, why = _DIGIT_LOOKALIKE[word.text], "a heading's number read as a letter"
        if text != word.text:
            fixed[id(word)] = word.model_copy(update={
                "text": text, "original": word.original or word.text,
                "repair": f"{word.text} -> {text} ({why})", "confidence": min(word.confidence, CONFIDENCE)})
    if not fixed:
        return page
    lines = [line.model_copy(update={"words": [fixed.get(id(w), w) for w in line.words]})
             if any(id(w) in fixed for w in line.words) else line for line in page.lines]
    note = f"fixed {len(fixed)} punctuation misreads"
    return page.model_copy(update={"lines": lines, "notes": [*page.notes, note]})


def _fixed(text: str, following: str) -> tuple[str, str]:
    """The corrected token and why, or the token unchanged."""
    stop = _STOP.match(text)
    if stop and stop.group(1).islower() and is_plain_word(stop.group(1)) and following[:1].islower():
        return stop.group(1), "a stop before lower case is a speck"
    if "€" in text and not any(ch.isdigit() for ch in text):
        euro = _EURO_IN_LETTERS.sub("c", text)
        if euro != text:
            return euro, "c read as € in an abbreviation"
    return text, ""
