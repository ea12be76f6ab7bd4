"""Which plan tasks the reports speak to.

A report speaks to a task when one of its passages (a paragraph, with its
neighbour) carries most of the task's distinctive words. Distinctive means
weighted by how few of the plan's tasks share the word: every task of an
emulation plan says "thi đua", so that word proves nothing, while "bầu cử"
or "khen thưởng" points at one task. Words are compared without tone marks
so an OCR'd report still counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.similarity import Weights, content_words
from schemas.extraction import ExtractedDocument, Provenance, Task

ADDRESSED = 0.5
_MIN_TITLE_WORDS = 3
_PASSAGE = re.compile(r"\n+|(?<=[.;:])\s+(?=[A-ZĐ\-–•+])")


@dataclass(frozen=True)
class Coverage:
    task: Task
    score: float
    file: str | None  # the report that speaks to it best
    provenance: Provenance | None


def task_words(task: Task) -> list[str]:
    words = content_words(task.title)
    return words if len(set(words)) >= _MIN_TITLE_WORDS else content_words(task.text)[:40]


def passages(doc: ExtractedDocument) -> list[tuple[set[str], Provenance | None]]:
    """Word sets of a report's passages, each joined with the next (a point often spans two lines)."""
    texts: list[tuple[str, Provenance | None]] = []
    for section in doc.sections:
        texts.extend((piece, section.provenance) for piece in _PASSAGE.split(section.text) if piece.strip())
    if not texts:  # no recognised parts: what the report states is all we have
        texts = [(r.text or r.metric, r.provenance) for r in doc.results]
        if doc.title:
            texts.append((doc.title, doc.field_provenance.get("title")))
    words = [set(content_words(text)) for text, _ in texts]
    return [(words[i] | (words[i + 1] if i + 1 < len(words) else set()), prov) for i, (_, prov) in enumerate(texts)]


def coverage(tasks: Sequence[Task], reports: Iterable[tuple[str, ExtractedDocument]]) -> list[Coverage]:
    """For each task, the best score any report passage reaches, and where."""
    weights = Weights(task_words(task) for task in tasks)
    indexed = [(path, passages(doc)) for path, doc in reports]
    out = []
    for task in tasks:
        wanted = task_words(task)
        best = Coverage(task, 0.0, None, None)
        for path, found in indexed:
            for words, provenance in found:
                score = weights.coverage(wanted, words)
                if score > best.score:
                    best = Coverage(task, round(score, 3), path, provenance)
        out.append(best)
    return out
