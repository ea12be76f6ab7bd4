"""The header date line (`<place>, ngày D tháng M năm YYYY`) read as the closed grammar it is.

The issue date decides deadlines, so its digits matter more than any other
on a first page, and they are the ones Tesseract's page reading gets wrong
most: the signing system stamps the day and month in another, italic font
over the line, and `vie` reads them `/3`, `I1`, `75`, `(1` (SG04, SG06 at
150 dpi in realdocs/signed). The words around them never change, so the line
is a grammar with three slots: the day between `ngày` and `tháng`, the month
between `tháng` and `năm`, the year after `năm`. Each slot's crop is read
again with digits only, in a few binarisations, and the grammar decides:
day 1-31, month 1-12, a real calendar date, not after today.

The digits are read with Tesseract's `eng` model (installed with Tesseract
itself, a dependency of Debian's `tesseract-ocr`): on the stamped italic
`13` and `11` of SG04 `vie` with a digit whitelist reads `3`/`7`/nothing,
`eng` reads `13` and `11`. Digits are the same in both scripts.

A day or month written by hand (SG23, SG24, SG25 are scans whose day was
filled in with a pen) is not read: its digit-only readings are all weak
(0.0-0.26 on those three, against 0.38-0.97 for the printed and stamped
digits of SG03, SG04, SG06, SG17, SG18; SG25's pen "16" gave one "6" at
0.47 and three at 0), so a slot whose value is not read surely (at least
`HANDWRITTEN`) by `AGREE` of the binarisations is left blank (`ngày  tháng 12 năm 2025`, as a draft's
blank day, which the date grammar reads as no day) and the page says so in
a note, rather than invent a value.

All crops go into one strip image read by one Tesseract call, so a first
page pays one small process (about 0.05 s of CPU), other pages nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.ocr.glyphs import CHANGED_CONFIDENCE, INK, Token
from pipeline.ocr.repair import skeleton
from pipeline.ocr.tesseract import LSTM_ONLY, ONE_BLOCK, TesseractFailed, read_words

DIGIT_LANG = "eng"
DATE_ZONE = 0.4  # the header date sits in the top part of a first page (y ~ 12 % on SG04, SG06, SG17)
HANDWRITTEN = 0.33  # a digit-only reading below this is not sure (pen strokes: 0.0-0.26, see the module doc)
PAGE_SURE = 0.9  # the page reading's own confidence that counts as sure: pen digits read 0.0-0.4 there
#: The page's own reading that is printed, not pen, whatever the crops say, per slot. Offices print the month
#: and year and leave the day blank for the pen at signing (the day is handwritten on all five real scans,
#: SG21-SG25; the month on none). Pen days read 0.0-0.4 on the page (SG23-SG25) and up to 0.55 (SG22's "16"
#: read "4", which dated the decision 04/10/2025), while the printed day of the seed set's skewed vps_112
#: report, weak in every digit-only crop, reads 0.96. A printed month may read as low as 0.52 (SG05's
#: stamped "4" rendered at 150 dpi), so the month keeps the lower bar. A day below the bar with weak crops
#: is left blank: a blank asks the reviewer, a wrong date misleads.
PAGE_PRINTED = {"day": 0.7, "month": 0.5, "year": 0.5}
AGREE = 2  # sure readings a value needs among the binarisations (SG25's pen "16": one "6" at 0.47, three at 0)

# LSTM only and no word lists: digits need neither (loading them was a third of a Tesseract process's CPU)
_DIGIT_VARIABLES = {"load_system_dawg": "0", "load_freq_dawg": "0", "tessedit_char_whitelist": "0123456789"}
_KEYWORDS = ("ngay", "thang", "nam")
_KEY = re.compile(r"ngay|thang|nam")
_DIGITS = re.compile(r"\d+")


@dataclass
class _Piece:
    """Part of a token: a keyword of the line (`ngay`, `thang`, `nam`) or what lies between them."""

    text: str
    key: str | None
    left: int
    right: int
    token: Token


@dataclass
class _Slot:
    kind: str  # "day", "month", "year"
    pieces: list[_Piece]
    box: tuple[int, int, int, int]  # top, left, bottom, right in pixels


def _pieces(token: Token) -> list[_Piece]:
    """The token cut at the date keywords ("15tháng" -> "15", "tháng"), boxes shared out by letters."""
    bones = skeleton(token.text)
    if len(bones) != len(token.text):
        bones = token.text.lower()
    cuts = sorted({0, len(token.text), *(b for m in _KEY.finditer(bones) for b in m.span())})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        part = token.text[a:b]
        key = bones[a:b] if bones[a:b] in _KEYWORDS else None
        left = token.left + round(token.width * a / len(token.text))
        right = token.left + round(token.width * b / len(token.text))
        out.append(_Piece(part, key, left, right, token))
    return out


def _find_line(tokens: list[Token], image: np.ndarray) -> tuple[list[Token], list[_Piece], list[_Slot]] | None:
    """The header date line's tokens, their pieces and its slots; None when the page has none."""
    lines: dict[tuple[int, ...], list[Token]] = defaultdict(list)
    for token in tokens:
        lines[token.line].append(token)
    found = []
    for words in lines.values():
        if min(t.top for t in words) > DATE_ZONE * image.shape[0]:
            continue
        pieces = [p for t in words for p in _pieces(t)]
        keys = [i for i, p in enumerate(pieces) if p.key]
        for a, b, c in zip(keys, keys[1:], keys[2:], strict=False):
            if (pieces[a].key, pieces[b].key, pieces[c].key) != _KEYWORDS or b - a > 3 or c - b > 3:
                continue
            comma = any("," in p.text for p in pieces[:a])
            found.append((not comma, min(t.top for t in words), words, pieces, (a, b, c)))
            break
    if not found:
        return None
    _, _, words, pieces, (a, b, c) = min(found, key=lambda f: (f[0], f[1]))
    band = [p.token for p in (pieces[a], pieces[b], pieces[c])]
    top, bottom = min(t.top for t in band), max(t.top + t.height for t in band)
    slots = [_Slot("day", pieces[a + 1:b], _between(image, pieces, a, b, top, bottom)),
             _Slot("month", pieces[b + 1:c], _between(image, pieces, b, c, top, bottom))]
    year = pieces[c + 1:c + 2]
    if year and year[0].token.line == pieces[c].token.line and any(ch.isalnum() for ch in year[0].text):
        slots.append(_Slot("year", year, (top, year[0].left, bottom, year[0].right)))
    return words, pieces, slots


def _between(image: np.ndarray, pieces: list[_Piece], a: int, b: int, top: int, bottom: int
             ) -> tuple[int, int, int, int]:
    """The box of a slot: the gap between its two keywords, widened to the tokens read inside it
    (Tesseract's box of "ngày" may run over the day's first digit: SG10 at 150 dpi). Where a keyword
    is glued to the digits ("01năm", SG14) the cut shared out by letters is moved to the blank
    column nearest to it."""
    left, right = pieces[a].right, pieces[b].left
    if b > a + 1:
        left, right = min(left, pieces[a + 1].left), max(right, pieces[b - 1].right)
        if pieces[a].token is pieces[a + 1].token:
            left = _blank_column(image, top, bottom, left)
        if pieces[b].token is pieces[b - 1].token:
            right = _blank_column(image, top, bottom, right)
    return top, left, bottom, right


def _blank_column(image: np.ndarray, top: int, bottom: int, x: int) -> int:
    """The column nearest to `x` (within half a line height) with no ink in the line's middle band."""
    height = bottom - top
    reach = max(2, height // 2)
    start = max(0, x - reach)
    band = image[top + height // 4:bottom - height // 5, start:x + reach]
    if band.size == 0:
        return x
    blank = np.flatnonzero((band < INK).sum(axis=0) == 0)
    if not len(blank):
        return x
    return int(start + blank[np.argmin(np.abs(blank + start - x))])


def _variants(crop: np.ndarray, dpi: float) -> list[np.ndarray]:
    """The crop at a few sizes and one binarisation: `eng` on small italic digits is fickle, and its
    readings of one crop at several sizes disagree where the pen, not print, made the strokes."""
    base = 300 / dpi
    out = []
    for factor in (1.0, 1.5, 2.0, 3.0):
        scale = base * factor / 2
        out.append(cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC if scale > 1 else
                              cv2.INTER_AREA) if abs(scale - 1) > 0.05 else crop)
    _, otsu = cv2.threshold(out[2], 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return [*out, otsu]


def _read_digits(crops: list[np.ndarray], timeout: float) -> list[list[tuple[str, float]]] | None:
    """Each crop read with digits only: one strip image, one Tesseract call. None when Tesseract fails."""
    gap = 40
    strip = np.full((sum(c.shape[0] + gap for c in crops) + gap, max(c.shape[1] for c in crops) + 2 * gap), 255,
                    np.uint8)
    rows, y = [], gap
    for crop in crops:
        strip[y:y + crop.shape[0], gap:gap + crop.shape[1]] = crop
        rows.append((y, y + crop.shape[0]))
        y += crop.shape[0] + gap
    try:
        data = read_words(strip, DIGIT_LANG, psm=ONE_BLOCK, dpi=300, timeout=timeout, oem=LSTM_ONLY,
                          variables=_DIGIT_VARIABLES)
    except TesseractFailed:
        return None
    readings: list[list[tuple[str, float]]] = [[] for _ in crops]
    for text, conf, top, height in zip(data["text"], data["conf"], data["top"], data["height"], strict=False):
        middle = top + height / 2
        for n, (start, end) in enumerate(rows):
            if text.strip() and float(conf) >= 0 and start <= middle <= end:
                readings[n].append((text.strip(), float(conf) / 100.0))
    return readings


def _valid(kind: str, value: int, today: dt.date) -> bool:
    if kind == "day":
        return 1 <= value <= 31
    if kind == "month":
        return 1 <= value <= 12
    return 1945 <= value <= today.year


@dataclass
class _Candidate:
    value: int
    text: str
    support: float  # summed confidence of the readings that gave it
    sure: int  # readings that gave it at least HANDWRITTEN sure (the page's own only from PAGE_SURE)


def _candidates(kind: str, readings: list[list[tuple[str, float]]], first: str, first_conf: float,
                today: dt.date) -> list[_Candidate]:
    """The values a slot's readings give, most often read surely first; the page reading is one more."""
    found: dict[int, _Candidate] = {}
    for n, reading in enumerate([*readings, [(first, first_conf)]]):
        text = "".join(t for t, _ in reading)
        if not text.isdigit() or not _valid(kind, int(text), today):
            continue
        conf = min(c for _, c in reading)
        entry = found.setdefault(int(text), _Candidate(int(text), text, 0.0, 0))
        entry.support += conf
        entry.sure += conf >= (HANDWRITTEN if n < len(readings) else PAGE_SURE)
    # a thin "1" dropped is the usual misreading ("11" -> "1", SG04): on a tie the longer reading wins
    return sorted(found.values(), key=lambda c: (-c.sure, -len(c.text), -c.support))


def _choose(slots: list[_Slot], options: dict[str, list[_Candidate]], today: dt.date) -> dict[str, _Candidate]:
    """The most read values that make a real date not after today (day and month may stay open)."""
    days = options.get("day") or [None]
    months = options.get("month") or [None]
    years = options.get("year") or [None]
    best, score = {}, -1.0
    for day in days:
        for month in months:
            for year in years:
                if day and month and year:
                    if day.value > calendar.monthrange(year.value, month.value)[1] or \
                            dt.date(year.value, month.value, day.value) > today:
                        continue
                elif day and month and day.value > calendar.monthrange(2024, month.value)[1]:
                    continue
                total = sum(c.sure + len(c.text) / 10 + c.support / 100 for c in (day, month, year) if c)
                if total > score:
                    best, score = {k: c for k, c in (("day", day), ("month", month), ("year", year)) if c}, total
    return best


def read_header_date(image: np.ndarray, tokens: list[Token], dpi: float, timeout: float,
                     today: dt.date | None = None) -> list[str]:
    """Re-read the header date line's day, month and year in place; returns notes for the page.

    `image` is the prepared page the tokens' boxes refer to. Tokens glued to a
    keyword ("15tháng", "ngày⁄4Ý") are split first; a slot's tokens are
    replaced by one token holding the chosen digits (its `original` and
    `repair` say what the page reading was), or by none when the slot is
    handwritten.
    """
    today = today or dt.date.today()
    found = _find_line(tokens, image)
    if found is None:
        return []
    words, pieces, slots = found
    crops, kept = [], []
    for slot in slots:
        top, left, bottom, right = slot.box
        pad = max(3, (bottom - top) // 6)
        crop = image[max(0, top - pad):bottom + pad, max(0, left + 1):max(0, right - 1)]
        if crop.size == 0 or right - left < 4:
            continue
        kept.append(slot)
        crops += _variants(crop, dpi)
    if not kept:
        return []
    readings = _read_digits(crops, timeout)
    if readings is None:
        return []
    per = len(crops) // len(kept)
    options: dict[str, list[_Candidate]] = {}
    inked: dict[str, bool] = {}
    for n, slot in enumerate(kept):
        first = "".join(p.text for p in slot.pieces)
        first_conf = min((p.token.confidence for p in slot.pieces), default=0.0)
        options[slot.kind] = _candidates(slot.kind, readings[n * per:(n + 1) * per], first, first_conf, today)
        inked[slot.kind] = bool(slot.pieces) or any(readings[n * per:(n + 1) * per])
    chosen = _choose(kept, options, today)
    notes, replace = [], {}
    for slot in kept:
        pick = chosen.get(slot.kind)
        first = "".join(p.text for p in slot.pieces)
        if pick is not None and pick.text == first and pick.sure:
            continue  # the page read it so (SG22's scanned month "10" at 0.96, its crop readings weak)
        page_conf = min((p.token.confidence for p in slot.pieces), default=0.0)
        printed = first.isdigit() and _valid(slot.kind, int(first), today) and page_conf >= PAGE_PRINTED[slot.kind]
        if slot.kind != "year" and inked[slot.kind] and (pick is None or pick.sure < AGREE) and not printed:
            notes.append(f"header date: the {slot.kind} looks handwritten (digit readings under "
                         f"{HANDWRITTEN:.2f} sure, page read {first or 'nothing'!r}): left blank, not guessed")
            replace[id(slot)] = []
            continue
        if pick is None or pick.sure < AGREE or pick.text == first:
            continue
        top, left, bottom, right = slot.box
        if slot.pieces:
            left, right = min(left, slot.pieces[0].left), max(right, slot.pieces[-1].right)
        token = Token(pick.text, CHANGED_CONFIDENCE, left, top, max(1, right - left),
                      bottom - top, line=words[0].line, original=first or None,
                      repair=f"{first or '(nothing)'} -> {pick.text} (header date {slot.kind} read again with "
                             f"digits only; the date grammar chose it, {pick.sure} sure readings)")
        replace[id(slot)] = [token]
        notes.append(f"header date: {slot.kind} {first or '(nothing)'} -> {pick.text}")
    if not replace:
        return notes
    _rebuild(tokens, words, pieces, [s for s in kept if id(s) in replace], replace)
    return notes


def _rebuild(tokens: list[Token], words: list[Token], pieces: list[_Piece], slots: list[_Slot],
             replace: dict[int, list[Token]]) -> None:
    """The line's tokens with glued tokens split at the keywords and each slot's pieces replaced."""
    slot_of = {id(p): s for s in slots for p in s.pieces}
    glued = Counter(id(p.token) for p in pieces)
    touched = {key for key, count in glued.items() if count > 1}  # "15tháng", "Đông,ngày": split
    new_line: list[Token] = []
    emitted: set[int] = set()
    for piece in pieces:
        slot = slot_of.get(id(piece))
        if slot is not None:
            if id(slot) not in emitted:
                emitted.add(id(slot))
                new_line.extend(replace[id(slot)])
            continue
        if id(piece.token) not in touched:
            if not new_line or new_line[-1] is not piece.token:
                new_line.append(piece.token)
            continue
        if piece.text.strip():
            new_line.append(Token(piece.text, piece.token.confidence, piece.left, piece.token.top,
                                  max(1, piece.right - piece.left), piece.token.height, line=piece.token.line,
                                  original=piece.token.original, repair=piece.token.repair))
    for slot in slots:  # a slot with no pieces (the page reading had nothing there) goes after its keyword
        if id(slot) not in emitted and replace[id(slot)]:
            at = next((i for i, t in enumerate(new_line) if t.left >= slot.box[3]), len(new_line))
            new_line[at:at] = replace[id(slot)]
    line_ids = {id(t) for t in words}
    first = next(i for i, t in enumerate(tokens) if t is words[0])
    rest = [t for t in tokens if id(t) not in line_ids]
    tokens[:] = rest[:first] + new_line + rest[first:]
