"""Character and word error rates for the OCR benchmark, with one normalization for every side.

Why a module of its own: the OCR targets compare vanban, plain Tesseract and
OCRmyPDF by their error rate against the same reference, so the comparison is
only fair if every text (reference and hypotheses alike) is normalized the
same way before counting.  The normalization is the one vanban's extractors
see (``pipeline.text.normalize.normalize_text``: NFC, modern tone placement,
ASCII dashes and quotes), so an old-style ``hoá`` from a peer is not counted
as an error against a reference that says ``hóa``; then all whitespace
(newlines, form feeds, layout padding) collapses to single spaces, because
line breaks and column padding are layout, not characters read; and the
``--- page N (ocr) ---`` headers of ``vanban text`` are removed.

Error rate = edit distance (Levenshtein: insertions, deletions, substitutions,
each costing 1) / length of the reference.  Neither python-Levenshtein nor
rapidfuzz is a dependency, so the distance is computed here with the
bit-parallel algorithm of Myers (1999) in Hyyrö's formulation, using
Python's unbounded integers as the bit vectors: one pass over the hypothesis,
a dozen big-integer operations per character, about 0.2 s for two 15,000
character texts (a quadratic table would be 225 million cells).  The same
function works on word sequences, which gives the word error rate.

Case is kept (``Sở`` read as ``sở`` is an error), and so is punctuation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from pipeline.text.normalize import normalize_text

PAGE_HEADER = re.compile(r"^--- page (\d+) \(([a-z_]+)\) ---[ \t]*$", re.MULTILINE)
_SPACE = re.compile(r"\s+")


def normalize_for_cer(text: str) -> str:
    """The comparable form of a text: vanban's normalization, no page headers, single spaces."""
    text = PAGE_HEADER.sub(" ", text)
    return _SPACE.sub(" ", normalize_text(text)).strip()


def split_vanban_pages(output: str) -> dict[int, str]:
    """``vanban text`` output by page number (1-based); text before the first header is dropped.

    Page-level error rates need the pages apart; ``vanban text`` marks each
    page with a ``--- page N (source) ---`` line.
    """
    pages: dict[int, str] = {}
    matches = list(PAGE_HEADER.finditer(output))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(output)
        number = int(match.group(1))
        pages[number] = pages.get(number, "") + output[match.end():end]
    return pages


def split_form_feeds(output: str) -> dict[int, str]:
    """Text whose pages are separated by form feeds (Tesseract, OCRmyPDF's sidecar) by page number."""
    parts = output.split("\f")
    if len(parts) > 1 and not parts[-1].strip():
        parts = parts[:-1]  # a trailing form feed ends the last page, it does not start another
    return {number: part for number, part in enumerate(parts, start=1)}


def levenshtein(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    """Edit distance between two sequences (strings, or lists of words), unit costs.

    Myers' bit-vector algorithm for the global distance: column ``j`` of the
    dynamic-programming table is kept as two bit vectors of vertical +1/-1
    differences over ``a`` (bit ``i`` for row ``i + 1``); each element of
    ``b`` updates them with a constant number of word-parallel operations,
    and the score in the last row is tracked from the top bit.  Python ints
    have no fixed width, so every complement is masked to ``len(a)`` bits.
    """
    if len(a) < len(b):
        a, b = b, a  # the shorter sequence drives the loop; the longer one is the bit vector
    m = len(a)
    if not b:
        return m
    peq: dict[Hashable, int] = {}
    for i, item in enumerate(a):
        peq[item] = peq.get(item, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for item in b:
        eq = peq.get(item, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask  # the top row of the table grows by one per column: a horizontal +1
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


@dataclass
class ErrorCount:
    """Edits and reference length, summed over pages or documents before dividing.

    A rate of rates would weight a half-empty page like a full one; summing
    the counts weights every reference character alike.
    """

    edits: int = 0
    length: int = 0

    def __add__(self, other: ErrorCount) -> ErrorCount:
        return ErrorCount(self.edits + other.edits, self.length + other.length)

    @property
    def rate(self) -> float:
        """Edits per reference unit; an empty reference counts as one unit so the rate stays finite."""
        return self.edits / max(self.length, 1)


def char_errors(hypothesis: str, reference: str) -> ErrorCount:
    """Character edits from ``hypothesis`` to ``reference``, both normalized (see ``normalize_for_cer``)."""
    hyp, ref = normalize_for_cer(hypothesis), normalize_for_cer(reference)
    return ErrorCount(levenshtein(hyp, ref), len(ref))


def word_errors(hypothesis: str, reference: str) -> ErrorCount:
    """Word edits (words = the normalized text split at spaces) from ``hypothesis`` to ``reference``."""
    hyp, ref = normalize_for_cer(hypothesis).split(), normalize_for_cer(reference).split()
    return ErrorCount(levenshtein(hyp, ref), len(ref))


def bag_word_errors(hypothesis: str, reference: str) -> ErrorCount:
    """Word errors ignoring order: the larger of words missing and words extra (a misread word is one).

    A lower bound of the word error rate under any reading order, so it
    separates misread words from reading order: a reader that keeps a page's
    header columns apart, against a reference that runs them side by side on
    one line, pays for the order in CER and WER but not here.
    """
    hyp = Counter(normalize_for_cer(hypothesis).split())
    ref = Counter(normalize_for_cer(reference).split())
    return ErrorCount(max(sum((ref - hyp).values()), sum((hyp - ref).values())), sum(ref.values()))


def cer(hypothesis: str, reference: str) -> float:
    """Character error rate of ``hypothesis`` against ``reference``."""
    return char_errors(hypothesis, reference).rate


def wer(hypothesis: str, reference: str) -> float:
    """Word error rate of ``hypothesis`` against ``reference``."""
    return word_errors(hypothesis, reference).rate


@dataclass
class PagedErrors:
    """Character and word errors of one hypothesis, page by page and in total."""

    chars: ErrorCount
    words: ErrorCount
    pages: dict[int, tuple[ErrorCount, ErrorCount]]

    def as_dict(self) -> dict[str, object]:
        """The JSON form: totals and per-page rates, rounded for reading."""
        return {
            "cer": round(self.chars.rate, 4), "wer": round(self.words.rate, 4),
            "char_edits": self.chars.edits, "ref_chars": self.chars.length,
            "word_edits": self.words.edits, "ref_words": self.words.length,
            "pages": {str(n): {"cer": round(c.rate, 4), "wer": round(w.rate, 4)}
                      for n, (c, w) in sorted(self.pages.items())},
        }


def paged_errors(hypothesis: dict[int, str], reference: dict[int, str]) -> PagedErrors:
    """Errors page by page (a page missing on one side counts as empty), summed over the reference's pages.

    Page by page keeps the distance computations small and tells which page
    went wrong; a hypothesis page the reference lacks is counted in full as
    insertions, so an extra page is not free.
    """
    chars, words = ErrorCount(), ErrorCount()
    pages: dict[int, tuple[ErrorCount, ErrorCount]] = {}
    for number in sorted(set(reference) | set(hypothesis)):
        hyp, ref = hypothesis.get(number, ""), reference.get(number, "")
        page = (char_errors(hyp, ref), word_errors(hyp, ref))
        pages[number] = page
        chars, words = chars + page[0], words + page[1]
    return PagedErrors(chars, words, pages)


def total(counts: Iterable[ErrorCount]) -> ErrorCount:
    """The sum of several counts (documents into a level)."""
    out = ErrorCount()
    for count in counts:
        out = out + count
    return out
