"""Second looks at the page image for words Tesseract read weakly or wrongly.

Lines of mostly weak words are read again on their own: Tesseract's page
reading gives some words a low confidence because of what surrounds them
(a table rule, a seal, a signature under the signer's title), and the same
pixels cropped and read alone often come out right and sure ("ĐH BILAM
ĐỌC" is "PHÓ GIÁM ĐỐC"). So are printed lines the page reading skipped
altogether (rows of letter-sized ink that no word covers). All such lines
of a page go into one strip image and one Tesseract call, so the second
look costs a tenth of a second a page, not one process per line.

Two misreads are systematic and decide extracted values, so no reading
fixes them; the pixels can:

- `vie` has no "≥" or "≤" in its character set, so a target "≥ 80%" is read
  as "> 80" and its comparator changes. The underline under the chevron is
  in the word's box: a full-width horizontal bar below the chevron's strokes
  turns ">" into "≥" and "<" into "≤".
- Serif capitals "III" merge at their serifs and come out as "IH", "IIH",
  "Il": in "Quý III/2026" the quarter, and so the deadline, is lost. Counting
  the separate vertical stems in the middle band of the numeral (where the
  serifs are not) gives the number of I's.

Each check runs only on tokens that show the misread, so a page costs
nothing more unless it has one; a change keeps the OCR text and says why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.ocr.tesseract import ONE_BLOCK, TesseractFailed, read_words

WEAK = 0.5  # words read with less confidence than this are read again
WEAK_SHARE = 0.3  # a run is read again when this share of its letters is weak
SURENESS_SLACK = 0.02  # a second reading with fewer weak letters may be this much less sure overall
# A lost line (`_lost_lines`): at least this many letter-sized marks over this many letter heights, and
# read again with at least this many letters at this sureness. On real pages (the 31 B150 pages of
# bench_ocr_real, the 12 Lào Cai pages, every page of SG21-SG25 at 300 dpi) the rows found were SG21's two lost lines
# (10 marks over 6.5 and 10 letter heights, read 0.92 and 0.94 sure) and seal text or a rule: "SỐPES VÀ"
# at 0.11 sure, "HC", "SH" and "_" (under 4 letters) at 0.00-0.48. The cuts lie between.
LOST_MARKS = 5
LOST_WIDTH = 3
LOST_LETTERS = 4
LOST_SURE = 0.5
_HALVE_FROM = 30  # print this many pixels high is looked for at half resolution (still 15 px a letter)
CHANGED_CONFIDENCE = 0.85  # a glyph changed on the image's evidence is at most this sure
INK = 170  # gray level below which a pixel is ink on the prepared (flattened, whitened) page
_CHEVRON = re.compile(r"^([<>])(.*)$")
_QUARTER_WORD = re.compile(r"^qu[ýyí]$", re.IGNORECASE)
# A quarter numeral as OCR gives it: I-like strokes (I, l, 1, |, H for two merged I's), then "/year" or punctuation.
_NUMERAL = re.compile(r"^([IlH1|]{1,4})((?:/\d{2,4})?[.,;:)]*)$")


@dataclass
class Token:
    """A word as Tesseract gave it, in pixels of the prepared page image."""

    text: str
    confidence: float  # 0..1
    left: int
    top: int
    width: int
    height: int
    line: tuple[int, ...] = ()  # Tesseract's block, paragraph and line numbers
    original: str | None = None
    repair: str | None = None

    def change(self, text: str, why: str) -> None:
        """Read the token as `text`, keeping what OCR read and why, a little less sure (as every repair)."""
        self.original, self.repair = self.original or self.text, f"{self.text} -> {text} ({why})"
        self.text, self.confidence = text, min(self.confidence, CHANGED_CONFIDENCE)


def second_look(image: np.ndarray, tokens: list[Token], lang: str, timeout: float) -> None:
    """Fix in place the tokens whose glyphs the image shows to be other than Tesseract read."""
    tokens[:] = _reread_weak(image, tokens, lang, timeout)
    for index, token in enumerate(tokens):
        chevron = _CHEVRON.match(token.text)
        if chevron and _underlined(image, token):
            token.change(("≥" if chevron.group(1) == ">" else "≤") + chevron.group(2), "bar under the chevron")
            continue
        numeral = _NUMERAL.match(token.text)
        if numeral is None or numeral.group(1) == "I" * len(numeral.group(1)) or numeral.group(1).isdigit():
            continue  # read as it stands: "III", or an arabic "Quý 1/2026"
        quarter = index > 0 and _QUARTER_WORD.match(tokens[index - 1].text) is not None
        line_start = index == 0 or tokens[index - 1].line != token.line
        heading = line_start and numeral.group(2) == "." and "H" in numeral.group(1)
        if quarter or heading:
            stems = _stems(image, token, len(numeral.group(1)))
            if 1 <= stems <= 3:
                token.change("I" * stems + numeral.group(2), f"{stems} stems in the roman numeral")


def _reread_weak(image: np.ndarray, tokens: list[Token], lang: str, timeout: float) -> list[Token]:
    """The tokens with each run of mostly weak words read again alone, where that reads better.

    A run is a stretch of one Tesseract line without a wide gap: its lines
    may cross columns, and a crop across the recipients and the signer's
    title would read the signature too. A run read again replaces the first
    reading when fewer of its letters are weak and it is no less sure
    overall. Words are not read again one by one: alone, without the
    context the model reads by, a heading's "5." came out as "2." at 0.71.
    Lines the page reading gave no word for (`_lost_lines`) are read in the
    same strip and added when they read as sure letters. All crops go into
    one strip image, one under the other, read by one Tesseract call.
    """
    lines = runs(tokens)
    groups = _visual_lines([words for words in lines if _mostly_weak(words)], lines)
    lost = _lost_lines(image, tokens)
    if not groups and not lost:
        return tokens
    pieces = [[t for words in group for t in words] for group in groups]
    readings = _read_strip(image, pieces + [[box] for box in lost], lang, timeout)
    if readings is None:
        return tokens  # the first reading stands
    found = []
    for number, reading in enumerate(readings[len(pieces):]):
        if sum(ch.isalpha() for t in reading for ch in t.text) >= LOST_LETTERS and _sureness(reading) >= LOST_SURE:
            for token in reading:
                token.line, token.original = (-1 - number,), ""
                token.repair = f"line the page reading missed, read alone ({_sureness(reading):.2f} sure)"
            found.append(reading)
    replaced: dict[int, list[Token]] = {}
    for group, words, reading in zip(groups, pieces, readings[:len(pieces)], strict=True):
        if reading and _weak_letters(reading) < _weak_letters(words) and \
                _sureness(reading) >= _sureness(words) - SURENESS_SLACK:
            first = " ".join(t.text for t in words)
            for token in reading:
                token.original, token.repair = first, f"run read again alone, {_sureness(words):.2f} -> " \
                                                      f"{_sureness(reading):.2f} sure"
            replaced[id(group[0])] = reading
            replaced.update((id(other), []) for other in group[1:])
    kept = [token for words in lines + found for token in replaced.get(id(words), words)]
    return [token for token in kept if not _inside_found(token, found)]


def _inside_found(token: Token, found: list[list[Token]]) -> bool:
    """A mark (no letter or digit) of the page reading inside a line read again alone: a piece of that
    line's ink (SG21's "ˆ" between "PHÓ" and "CHÁNH"), which would interleave with its words."""
    if any(ch.isalnum() and unicodedata.category(ch) != "Lm" for ch in token.text) or \
            token.line[:1] and token.line[0] < 0:
        return False  # a word, or the line's new reading itself ("ˆ" is a modifier letter: a mark here)
    x, y = token.left + token.width / 2, token.top + token.height / 2
    return any(left <= x <= right and top <= y <= bottom
               for top, left, bottom, right in (_box(reading) for reading in found))


def _lost_lines(image: np.ndarray, tokens: list[Token]) -> list[Token]:
    """Boxes of printed lines no token covers: lines Tesseract's page reading skipped altogether.

    On SG21 (a real scan, read at 300 dpi) the recipient line "- Phòng HCQT;"
    and the signer's title "PHÓ CHÁNH VĂN PHÒNG" come out of the page reading
    with no word at all, though they are clean print (at 150 dpi both are
    read). The ink no token box covers is cut into letter-sized marks; marks
    of letter height lined up as a row of print, at least `LOST_MARKS` of them
    over `LOST_WIDTH` letter heights, are a lost line. Seal and signature
    strokes are not letter-sized or not in a row; what is left is read in the
    second look's strip and kept only when read as sure letters.
    """
    sure = sorted(t.height for t in tokens if t.confidence >= 0.9)
    if not sure:
        return []
    height = sure[len(sure) // 2]
    step = 2 if height >= _HALVE_FROM else 1  # every other pixel of a 300-dpi page: a quarter of the work
    small = height / step
    ink = (image[::step, ::step] < INK).astype(np.uint8)
    pad = max(2, round(small / 4))
    for t in tokens:
        top, left, bottom, right = t.top // step, t.left // step, (t.top + t.height) // step, (t.left + t.width) // step
        ink[max(0, top - pad):bottom + pad, max(0, left - pad):right + pad] = 0
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    marks = sorted((tuple(int(v) * step for v in mark[:4]) for mark in stats[1:count]
                    if 0.3 * small <= mark[3] <= 1.5 * small and mark[2] <= 2 * small),
                   key=lambda mark: mark[1] + mark[3] / 2)
    rows: list[list[tuple[int, int, int, int]]] = []
    for mark in marks:
        if rows and abs(_middle(rows[-1][0]) - _middle(mark)) <= height / 2:
            rows[-1].append(mark)
        else:
            rows.append([mark])
    lost = []
    for row in rows:
        row.sort()
        stretch = [row[0]]
        for mark in row[1:] + [None]:
            if mark is not None and mark[0] - max(m[0] + m[2] for m in stretch) <= 1.5 * height:
                stretch.append(mark)
                continue
            left, right = stretch[0][0], max(m[0] + m[2] for m in stretch)
            if len(stretch) >= LOST_MARKS and right - left >= LOST_WIDTH * height:
                top, bottom = min(m[1] for m in stretch), max(m[1] + m[3] for m in stretch)
                lost.append(Token("", 0.0, left, top, right - left, bottom - top))
            if mark is not None:
                stretch = [mark]
    return lost


def _middle(mark: tuple[int, int, int, int]) -> float:
    return mark[1] + mark[3] / 2


def _visual_lines(weak: list[list[Token]], lines: list[list[Token]]) -> list[list[list[Token]]]:
    """Each weak run with the runs that share its printed line (Tesseract may split one line in two).

    A run joins when it overlaps the group's box vertically by half a letter
    height and horizontally (or nearly: within a letter height).
    """
    groups: list[list[list[Token]]] = []
    taken: set[int] = set()
    for run in weak:
        if id(run) in taken:
            continue
        group, grew = [run], True
        taken.add(id(run))
        while grew:
            grew = False
            top, left, bottom, right = _box([t for words in group for t in words])
            for other in lines:
                if id(other) in taken:
                    continue
                o_top, o_left, o_bottom, o_right = _box(other)
                height = min(bottom - top, o_bottom - o_top)
                if min(bottom, o_bottom) - max(top, o_top) > 0.5 * height and \
                        min(right, o_right) - max(left, o_left) > -height:
                    group.append(other)
                    taken.add(id(other))
                    grew = True
        groups.append(sorted(group, key=lambda words: words[0].left))
    return groups


def _box(tokens: list[Token]) -> tuple[int, int, int, int]:
    return (min(t.top for t in tokens), min(t.left for t in tokens), max(t.top + t.height for t in tokens),
            max(t.left + t.width for t in tokens))


def _read_strip(image: np.ndarray, pieces: list[list[Token]], lang: str, timeout: float) -> list[list[Token]] | None:
    """Each piece (words of one line) cropped with a margin and read again; None when Tesseract fails."""
    gap, boxes = 30, []
    for words in pieces:
        pad = max(6, round(max(t.height for t in words) * 0.25))
        top, left, bottom, right = _box(words)
        boxes.append((max(0, top - pad), max(0, left - pad), bottom + pad, right + pad))
    strip = np.full((sum(bottom - top + gap for top, _, bottom, _ in boxes) + gap,
                     max(right - left for _, left, _, right in boxes) + 2 * gap), 255, np.uint8)
    offsets, y = [], gap
    for top, left, bottom, right in boxes:
        crop = image[top:bottom, left:right]
        strip[y:y + crop.shape[0], gap:gap + crop.shape[1]] = crop
        offsets.append((y, y + crop.shape[0], top - y, left - gap))
        y += crop.shape[0] + gap
    try:
        data = read_words(strip, lang, psm=ONE_BLOCK, dpi=300, timeout=timeout)
    except TesseractFailed:
        return None
    readings: list[list[Token]] = [[] for _ in pieces]
    for text, conf, x, top, width, height in zip(data["text"], data["conf"], data["left"], data["top"], data["width"],
                                                 data["height"], strict=False):
        text, middle = text.strip(), top + height / 2
        for n, (start, end, dy, dx) in enumerate(offsets):
            if text and float(conf) >= 0 and start <= middle <= end:
                readings[n].append(Token(text, float(conf) / 100.0, x + dx, top + dy, width, height,
                                         line=pieces[n][0].line))
    return readings


def _is_weak(token: Token) -> bool:
    return token.confidence < WEAK and any(ch.isalnum() for ch in token.text)


def runs(tokens: list[Token]) -> list[list[Token]]:
    """Tokens cut into runs: a new run at each new Tesseract line and at each gap wider than 1.5 letter heights."""
    out: list[list[Token]] = []
    for token in tokens:
        last = out[-1][-1] if out else None
        if last is None or last.line != token.line or \
                token.left - (last.left + last.width) > 1.5 * max(last.height, token.height):
            out.append([token])
        else:
            out[-1].append(token)
    return out


def _mostly_weak(tokens: list[Token]) -> bool:
    """A run worth reading again: a good share of its letters are weak (a line Tesseract lost, not one
    weak word in a sure sentence, which the lexicon repairs and a second reading rarely changes)."""
    letters = sum(sum(ch.isalnum() for ch in t.text) for t in tokens)
    return letters > 0 and _weak_letters(tokens) >= WEAK_SHARE * letters


def _weak_letters(tokens: list[Token]) -> int:
    """Letters and digits of a reading that Tesseract was unsure of."""
    return sum(sum(ch.isalnum() for ch in t.text) for t in tokens if _is_weak(t))


def _sureness(tokens: list[Token]) -> float:
    """Confidence of a reading weighted by the length of its words (a sure long word outweighs a weak speck)."""
    total = sum(len(t.text) for t in tokens)
    return sum(t.confidence * len(t.text) for t in tokens) / total if total else 0.0


def _ink(image: np.ndarray, token: Token) -> np.ndarray:
    top, left = max(token.top, 0), max(token.left, 0)
    return image[top:token.top + token.height, left:token.left + token.width] < INK


def _underlined(image: np.ndarray, token: Token) -> bool:
    """Whether the chevron at the token's left has a bar under it (≥, ≤) rather than nothing (>, <).

    The bar is a row in the lower part of the glyph holding one long
    horizontal run of ink (half the token's height or more; a chevron's rows
    hold short slanted runs). Over the bar's columns, the chevron's rows
    come above it with a blank row between: the foot of a "2" glued after a
    ">" is a long run too, but joined to the digit's body.
    """
    ink = _ink(image, token)
    if ink.size == 0:
        return False
    rows = np.flatnonzero(ink.any(axis=1))
    if len(rows) < 6:
        return False
    lower = rows.min() + 0.6 * (rows.max() - rows.min())
    for y in range(rows.max(), int(lower) - 1, -1):
        start, length = _first_run(ink[y])
        if length < 0.5 * token.height:
            continue
        above = ink[rows.min():y, start:start + length].any(axis=1)
        return bool(above.any() and not above.all())
    return False


def _first_run(row: np.ndarray) -> tuple[int, int]:
    """Start and length of the first run of ink in a row (0, 0 for none)."""
    on = np.flatnonzero(row)
    if not len(on):
        return 0, 0
    breaks = np.flatnonzero(np.diff(on) > 1)
    end = on[breaks[0]] if len(breaks) else on[-1]
    return int(on[0]), int(end - on[0] + 1)


def _stems(image: np.ndarray, token: Token, letters: int) -> int:
    """Vertical strokes at the start of a token ("III" of "III/2026"), counted in the middle band.

    Serifs join the I's at top and bottom, not in the middle; there each I
    is a column of ink through the whole band. The slash that follows is
    slanted, and the digits come further right than one I from the next, so
    the count stops at the first wide gap. `letters` is how many characters
    OCR read for the numeral: a count far from it is not trusted (0).
    """
    ink = _ink(image, token)
    if ink.size == 0:
        return 0
    columns = np.flatnonzero(ink.any(axis=0))
    if not len(columns):
        return 0
    ink = ink[:, columns.min():]
    band = ink[round(ink.shape[0] * 0.35):round(ink.shape[0] * 0.65)]
    # a stem is ink through the whole middle band and a few pixels wide; a slash crosses the band slanted
    filled = band.mean(axis=0) > 0.85
    stems, start = [], None
    for x, on in enumerate([*filled, False]):
        if on and start is None:
            start = x
        elif not on and start is not None:
            if x - start >= max(2, 0.08 * ink.shape[0]):
                stems.append(start)
            start = None
    if not stems:
        return 0
    # stems of one numeral are close together (about a stem's height apart at most); the digits come further on
    count = 1
    for before, after in zip(stems, stems[1:], strict=False):
        if after - before > 0.8 * ink.shape[0]:
            break
        count += 1
    return count if count >= letters - 1 else 0
