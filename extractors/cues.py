"""Cue phrases ("chủ trì", "không dưới", "chậm nhất") found with spaCy's Matcher.

underthesea groups syllables into words by context, so the same phrase can
arrive as one token ("không dưới"), as two ("không", "dưới"), or glued to
its neighbour ("Giao Phòng"). Each cue is compiled into Matcher patterns
for every grouping of its syllables, with the last token allowed to carry
the syllables that follow it, so a lexicon entry is written once and matches
however the sentence was segmented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from spacy.matcher import Matcher
from spacy.tokens import Doc

from extractors.nlp import NLP_LOCK, nlp
from pipeline.text.letters import UPPER


@dataclass(frozen=True)
class Cue:
    label: str
    phrase: str
    start: int  # offsets into the text the Doc was made from
    end: int


def _groupings(syllables: list[str]) -> list[list[str]]:
    """Every way of grouping consecutive syllables into words."""
    n = len(syllables)
    out = []
    for cuts in range(n):
        for positions in combinations(range(1, n), cuts):
            bounds = [0, *positions, n]
            out.append([" ".join(syllables[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)])
    return out


def _patterns(phrase: str) -> list[list[dict]]:
    patterns = []
    for groups in _groupings(phrase.lower().split()):
        tokens: list[dict] = []
        for i, group in enumerate(groups):
            if len(groups) == 1 or i == len(groups) - 1:
                # the last token may carry a following name ("Giao Phòng"), never a plain word
                # ("tăng cường" is not "tăng")
                tokens.append({"TEXT": {"REGEX": rf"^(?i:{re.escape(group)})(?: [{UPPER}]\S*)*$"}})
            else:
                tokens.append({"LOWER": group})
        patterns.append(tokens)
    return patterns


class CueMatcher:
    """Finds the cue phrases of a lexicon {label: [phrases]} in a Doc, with exact character offsets.

    Matching reads the shared vocabulary's string store, so calls are serialised with the tokenizer.
    """

    def __init__(self, lexicon: dict[str, list[str]]) -> None:
        with NLP_LOCK:  # adding patterns writes to the shared string store
            self.matcher = Matcher(nlp().vocab)
            for label, phrases in lexicon.items():
                for phrase in phrases:
                    self.matcher.add(f"{label}\t{phrase}", _patterns(phrase))

    def __call__(self, doc: Doc) -> list[Cue]:
        found: list[Cue] = []
        with NLP_LOCK:
            matches = self.matcher(doc)
        for match_id, start, end in matches:
            label, phrase = nlp().vocab.strings[match_id].split("\t")
            span = doc[start:end]
            rx = r"(?<!\w)" + r"\s+".join(re.escape(s) for s in phrase.split()) + r"(?!\w)"
            hit = re.search(rx, span.text, flags=re.IGNORECASE)
            if hit:
                found.append(Cue(label, phrase, span.start_char + hit.start(), span.start_char + hit.end()))
        found.sort(key=lambda c: (c.start, -(c.end - c.start)))
        kept: list[Cue] = []
        for cue in found:  # longest cue wins where cues overlap ("không dưới" over "dưới")
            if kept and cue.start < kept[-1].end:
                continue
            kept.append(cue)
        return kept
