"""Span helpers shared by the grammar modules."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate
from typing import Protocol, TypeVar


class HasSpan(Protocol):
    """Anything with a character span into the source text."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=HasSpan)



def longest_first(candidates: Iterable[S]) -> list[S]:
    """Keep non-overlapping candidates, longer ones winning (earlier on ties); result in text order.

    Several patterns can match around the same words ("năm 2026" inside "6 tháng đầu năm 2026"); the
    longest reading is the most specific one.
    """
    ranked = sorted(candidates, key=lambda c: (c.start - c.end, c.start))
    taken = bytearray(max((c.end for c in ranked), default=0))
    chosen: list[S] = []
    for cand in ranked:
        if not any(taken[cand.start : cand.end]):
            taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


class SpanSet:
    """Fixed set of (start, end) spans answering "does [start, end) touch any of them?" in O(log n)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._max_end = list(accumulate((e for _, e in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """True if [start, end) shares at least one character with a span of the set."""
        i = bisect_left(self._starts, end) - 1  # last span starting before `end`
        return i >= 0 and self._max_end[i] > start
