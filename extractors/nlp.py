"""The spaCy pipeline the extractors' rules run on, tokenized by underthesea.

spaCy's blank Vietnamese tokenizer splits on spaces, which cuts every
multi-syllable word ("chủ trì", "phối hợp", "Thể thao") in pieces. underthesea
segments words properly but returns normalized tokens that need not
concatenate to the input, so we align its tokens back to the exact characters
of our text: every spaCy token's `idx` is a true offset into the document
text, which is what provenance needs. Extra whitespace (newlines inside a
paragraph) becomes whitespace tokens, so `doc.text` equals the input.
"""

from __future__ import annotations

import threading

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab


class UnderthesaTokenizer:
    """A spaCy tokenizer backed by underthesea word segmentation."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        from underthesea import word_tokenize

        with NLP_LOCK:  # the model loads lazily into a module global and is not documented as thread-safe
            tokens = word_tokenize(text) if text.strip() else []
        pieces = align(text, tokens)
        words: list[str] = []
        spaces: list[bool] = []
        cursor = 0
        for start, end in pieces:
            gap = text[cursor:start]
            if gap:
                if words and gap == " ":
                    spaces[-1] = True
                else:
                    words.append(gap)
                    spaces.append(False)
            words.append(text[start:end])
            spaces.append(False)
            cursor = end
        if cursor < len(text):
            words.append(text[cursor:])
            spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)


def align(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Character spans in `text` of underthesea's `tokens`.

    A token's syllables are found one by one from the cursor, skipping
    whitespace; a token that cannot be found (normalized differently) is
    dropped and the text it stood for is re-tokenized by whitespace, so no
    character is ever lost or misplaced.
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for token in tokens:
        start = None
        position = cursor
        for syllable in token.split():
            while position < len(text) and text[position].isspace():
                position += 1
            if text.startswith(syllable, position) or text[position:position + len(syllable)].lower() == \
                    syllable.lower():
                start = position if start is None else start
                position += len(syllable)
            else:
                start = None
                break
        if start is not None:
            if start > cursor and text[cursor:start].strip():
                spans.extend(_whitespace_split(text, cursor, start))
            spans.append((start, position))
            cursor = position
    if text[cursor:].strip():
        spans.extend(_whitespace_split(text, cursor, len(text)))
    return spans


def _whitespace_split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    position = start
    for piece in text[start:end].split():
        begin = text.index(piece, position)
        spans.append((begin, begin + len(piece)))
        position = begin + len(piece)
    return spans


NLP_LOCK = threading.RLock()
_PIPELINE: Language | None = None


def nlp() -> Language:
    """The shared pipeline, built once per process (batch tasks run in threads)."""
    global _PIPELINE
    with NLP_LOCK:
        if _PIPELINE is None:
            pipeline = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
            pipeline.tokenizer = UnderthesaTokenizer(pipeline.vocab)
            pipeline("khởi động")  # load underthesea's model now, not racing inside the first batch tasks
            _PIPELINE = pipeline
        return _PIPELINE
