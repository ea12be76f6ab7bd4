"""Which plan tasks the reports speak to.

Each report passage (a paragraph, with its neighbour) is compared with every
task of the plan — its heading counted twice, then its body — as weighted
word vectors (cosine similarity), and counts for the task it is closest to.
Weights favour words few tasks share: every task of an emulation plan says
"thi đua", so that word proves nothing, while "bầu cử" or "khen thưởng"
points at one task. A task is addressed when some passage is closest to it
with a similarity of at least ADDRESSED. Words are compared with their tone
marks ('Đảng' is not 'đăng ký'); tone-mark placement (hoá/hóa) is
normalized first, and OCR'd reports have had their marks repaired.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.reconcile.similarity import Weights, content_words
from schemas.extraction import ExtractedDocument, Provenance, Task

ADDRESSED = 0.33
_MIN_PASSAGE_WORDS = 3
# A passage ends at a sentence's end or where a new point starts; a printed line break alone ends nothing.
_PASSAGE = re.compile(r"(?<=[.;:!?])\s+|\n+(?=\s*(?:[-–•+*]|\d+[.)]|[a-zđ][)]|[IVX]+\.)\s)")

Vector = dict[str, float]


@dataclass(frozen=True)
class Coverage:
    task: Task
    score: float
    file: str | None  # the report that speaks to it best
    provenance: Provenance | None


def passages(doc: ExtractedDocument) -> list[tuple[list[str], Provenance | None]]:
    """Words of a report's passages, each alone and joined with the next (a point often spans two lines)."""
    texts: list[tuple[str, Provenance | None]] = []
    for section in doc.sections:
        texts.extend((piece, section.provenance) for piece in _PASSAGE.split(section.text) if piece.strip())
    if not texts:  # no recognised parts: what the report states is all we have
        texts = [(r.text or r.metric, r.provenance) for r in doc.results]
        if doc.title:
            texts.append((doc.title, doc.field_provenance.get("title")))
    words = [content_words(text, marks=True) for text, _ in texts]
    single = [(w, prov) for w, (_, prov) in zip(words, texts, strict=True)]
    joined = [(words[i] + words[i + 1], texts[i][1]) for i in range(len(words) - 1)]
    return [(w, prov) for w, prov in single + joined if len(set(w)) >= _MIN_PASSAGE_WORDS]


def _vector(words: list[str], weights: Weights) -> Vector:
    counts = Counter(words)
    raw = {w: n * weights(w) for w, n in counts.items()}
    norm = math.sqrt(sum(x * x for x in raw.values())) or 1.0
    return {w: x / norm for w, x in raw.items()}


def _cosine(a: Vector, b: Vector) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(x * large.get(w, 0.0) for w, x in small.items())


def coverage(tasks: Sequence[Task], reports: Iterable[tuple[str, ExtractedDocument]]) -> list[Coverage]:
    """For each task, the best similarity of a passage that is closest to it, and where that passage is."""
    task_texts = [content_words(t.title, marks=True) * 2 + content_words(t.text, marks=True) for t in tasks]
    weights = Weights(set(words) for words in task_texts)
    vectors = [_vector(words, weights) for words in task_texts]
    best = [Coverage(task, 0.0, None, None) for task in tasks]
    for path, doc in reports:
        for words, provenance in passages(doc):
            passage = _vector(words, weights)
            scores = [_cosine(passage, v) for v in vectors]
            top = max(scores, default=0.0)
            for i, score in enumerate(scores):
                if score == top and score > best[i].score:
                    best[i] = Coverage(tasks[i], round(score, 3), path, provenance)
    return best
