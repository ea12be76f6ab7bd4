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
  is written with digits;
- a letter for the digit it looks like inside a number ("l6", "Số:2l6",
  "I178/QĐ-BTP", "§§0/STP-BTTP", "2]", "3l-HD/BTCTW" in vanban's and plain
  Tesseract's readings of realdocs/scans and realdocs/signed): only where
  the rest of the token is digits and number punctuation, so a heading's
  "I." or a code such as "(IC15)" stays as it is;
- a document symbol's type code misread against the ND30 grammar: the
  segment after the serial (and year) that is no type code becomes one when
  a look-alike letter or a doubled letter explains it ("1050/0Đ-SCT",
  LC_KH-1105 p5; "820/0Đ-UBND", SG10; "QĐĐ-TTg" -> "QĐ"; "23/2024/T1-BCT"
  -> "TT", LC_QD-1050); an issuer segment read with a leading "5" for "S"
  ("2575/5NV-TCCC" -> "SNV", SG17: an
  issuer code abbreviates a name and never opens with a digit); a trailing
  "_" after a serial ("Số:329_").

Like diacritic repair, every change keeps the OCR text in `original`, says
why in `repair`, and lowers the word's confidence a little.
"""

from __future__ import annotations

import re

from pipeline.ocr.glyphs import WEAK  # below it a heading's "S." is taken for "5."
from pipeline.text.docnumbers import type_code_of
from pipeline.text.textcheck import is_plain_word
from schemas.page import Page, SourceKind, Word

CONFIDENCE = 0.85  # a changed word's confidence is at most this
_DIGIT_LOOKALIKE = {"S.": "5."}
_STOP = re.compile(r"^(\w{2,})\.$")
# Letters the `vie` model gives for digits inside numbers (realdocs/signed and realdocs/scans readings)
_AS_DIGIT = str.maketrans({"I": "1", "l": "1", "Ì": "1", "]": "1", "|": "1", "S": "5", "Š": "5", "§": "8",
                           "Ø": "0", "O": "0"})
_LOOKALIKES = set("IlÌ]|SŠ§ØO")
_NUMBERISH = re.compile(r"^(\(?)([\dIlÌ\]|SŠ§ØO][\dIlÌ\]|SŠ§ØO.,/%-]*?)([).,;:%-]*)$")
_ROUND = set("SŠØO")
_ROUND_LOOKALIKE = re.compile(r"[SŠØO](?=\d)")
_SERIAL = re.compile(r"^(.*?)([/-](?=[^\W\d_]).*)?$")  # "3l" + "-HD/BTCTW", "I178" + "/QĐ-BTP"
_LABEL = re.compile(r"^((?i:số):)(.+)$")  # "Số:2l6": the number glued to its label
# serial[/year]/TYPE-ISSUER..., as OCR gives it (type and issuer segments still unchecked)
_SYMBOL = re.compile(r"^(\d+/(?:\d{4}/)?)([^\W_][\w]*)-([^\W_][\w&]*)(.*)$")
_TYPE_LOOKALIKE = str.maketrans({"0": "Q", "O": "Q", "1": "T"})  # "0Đ"/"OĐ" for "QĐ", "T1" for "TT"
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
    number = _number(text)
    if number != text:
        text_, why = number, "a letter read for a digit inside a number"
        symbol = _symbol(text_)
        return (symbol, why + "; " + "a symbol repaired against the ND30 grammar") if symbol != text_ else \
            (text_, why)
    symbol = _symbol(text)
    if symbol != text:
        return symbol, "a document symbol repaired against the ND30 grammar"
    stop = _STOP.match(text)
    if stop and stop.group(1).islower() and is_plain_word(stop.group(1)) and following[:1].islower():
        return stop.group(1), "a stop before lower case is a speck"
    if "€" in text and not any(ch.isdigit() for ch in text):
        euro = _EURO_IN_LETTERS.sub("c", text)
        if euro != text:
            return euro, "c read as € in an abbreviation"
    return text, ""


def _number(text: str) -> str:
    """The token with look-alike letters inside a number read as digits ("l6" -> "16"), else as it is."""
    label = _LABEL.match(text)
    prefix, body = (label.group(1), label.group(2)) if label else ("", text)
    split = _SERIAL.match(body)
    serial, tail = split.group(1), split.group(2) or ""  # "I178" + "/QĐ-BTP": the symbol is _symbol's
    match = _NUMBERISH.match(serial)
    if match is None or not any(ch.isdigit() for ch in match.group(2)):
        return text
    core = match.group(2)
    if not any(ch in _LOOKALIKES for ch in core):
        return text
    if not tail and sum(ch.isdigit() for ch in core) < len(core.strip(".,/%-")) / 2:
        return text  # more letters than digits and no symbol after it: a word, not a misread number
    core = "".join(_digits(part) for part in re.split(r"([/.,%-])", core))
    return prefix + match.group(1) + core + match.group(3) + tail


def _digits(part: str) -> str:
    """One part of a number (between "/", ".", ","), its look-alike letters read as digits when it holds a
    digit: "Quý II/2026" keeps its roman "II". S and O only where a digit follows ("2O25"): "5S" stays."""
    if not any(ch.isdigit() for ch in part):
        return part
    part = _ROUND_LOOKALIKE.sub(lambda m: m.group().translate(_AS_DIGIT), part)
    return "".join(ch if ch in _ROUND else ch.translate(_AS_DIGIT) for ch in part)


def _symbol(text: str) -> str:
    """A document number whose type code or issuer segment OCR misread, repaired; else as it is."""
    label = _LABEL.match(text)
    prefix, body = (label.group(1), label.group(2)) if label else ("", text)
    if body.endswith("_") and body[:-1].isdigit():
        return prefix + body[:-1]  # "Số:329_": the serial's underline or a speck
    match = _SYMBOL.match(body)
    if match is None:
        return text
    serial, code, issuer, rest = match.groups()
    fixed_code = code
    if type_code_of(code) is None:
        for option in (code.translate(_TYPE_LOOKALIKE), re.sub(r"(\w)\1", r"\1", code)):
            if option != code and type_code_of(option) is not None:
                fixed_code = type_code_of(option) or option
                break
    if type_code_of(fixed_code) is None:
        fixed_code = code  # a công văn's symbol: the first segment is an issuer (checked below)
    fixed_issuer = issuer
    if re.fullmatch(r"5[A-ZĐ]{2,}", issuer):
        fixed_issuer = "S" + issuer[1:]
    if re.fullmatch(r"5[A-ZĐ]{2,}", fixed_code):
        fixed_code = "S" + fixed_code[1:]
    if (fixed_code, fixed_issuer) == (code, issuer):
        return text
    return f"{prefix}{serial}{fixed_code}-{fixed_issuer}{rest}"
