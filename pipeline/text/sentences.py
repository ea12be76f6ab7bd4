"""Where a sentence of administrative prose begins and ends: the one splitter every rule uses.

A sentence ends at a full stop, question or exclamation mark followed by
white space, or where a new bullet line (`-`, `+`, `•`) begins: plans write
task lists as bullets without final stops. Assignments are made clause by
clause ("Sở A chủ trì ...; Sở B phối hợp ..."), so a caller may also split at
semicolons.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*(?=[-+•])")
_CLAUSE_END = re.compile(r"(?<=[.;!?])\s+|\n\s*(?=[-+•])")


def sentence_spans(text: str, *, clauses: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each sentence (or clause) of `text`, covering it in order; ends keep their stop."""
    spans, start = [], 0
    for match in (_CLAUSE_END if clauses else _SENTENCE_END).finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def sentence_around(text: str, left: int, right: int) -> str:
    """The sentence holding `text[left:right]`, white space folded, without its bullet or final stop."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, left)), default=0)
    end_match = _SENTENCE_END.search(text, right)
    end = end_match.start() if end_match else len(text)
    return " ".join(text[start:max(end, right)].split()).lstrip("-+• ").rstrip(".!?")
