"""The normalized text every extractor sees, and the way back from a span to the page.

Extractors work on one string (the whole document, pages separated by a form
feed) because rules span lines and pages. `DocText` remembers, for every
character, which word it belongs to, so any span becomes a `Provenance`:
page, the union of its word boxes, the exact text, source and confidence.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from schemas.page import BBox, Page, Word
from schemas.provenance import Provenance

PAGE_BREAK = "\f"


@dataclass(frozen=True)
class TextLine:
    """One line of the document text: where it starts and ends, its page and words."""

    start: int
    end: int
    page: int
    text: str
    is_table_row: bool
    bold: bool
    first_word: int  # index into DocText.words
    n_words: int
    x0: float
    x1: float
    logical: bool  # a whole paragraph (plain text, DOCX) rather than one printed line


class DocText:
    """The document as one string plus the maps back to pages and words."""

    def __init__(self, pages: list[Page]) -> None:
        self.pages = pages
        parts: list[str] = []
        self.words: list[Word] = []
        self.word_pages: list[int] = []
        self.word_starts: list[int] = []
        self.lines: list[TextLine] = []
        offset = 0
        for page_index, page in enumerate(pages):
            if page_index:
                parts.append(PAGE_BREAK)
                offset += 1
            for line in page.lines:
                line_start = offset
                first = len(self.words)
                for word_index, word in enumerate(line.words):
                    if word_index:
                        parts.append(" ")
                        offset += 1
                    self.words.append(word)
                    self.word_pages.append(page.number)
                    self.word_starts.append(offset)
                    parts.append(word.text)
                    offset += len(word.text)
                text = " ".join(w.text for w in line.words)
                self.lines.append(
                    TextLine(
                        start=line_start,
                        end=offset,
                        page=page.number,
                        text=text,
                        is_table_row=line.is_table_row,
                        bold=bool(line.words) and all(w.bold for w in line.words if w.text != "|"),
                        first_word=first,
                        n_words=len(line.words),
                        x0=line.bbox.x0,
                        x1=line.bbox.x1,
                        logical=page.logical_lines,
                    )
                )
                parts.append("\n")
                offset += 1
        self.text = "".join(parts)
        self._line_starts = [ln.start for ln in self.lines]

    def line_at(self, offset: int) -> int:
        """Index of the line holding character `offset`."""
        return max(0, bisect_right(self._line_starts, offset) - 1)

    def words_in(self, start: int, end: int) -> list[int]:
        """Indices of the words overlapping [start, end)."""
        first = max(0, bisect_right(self.word_starts, start) - 1)
        found = []
        for i in range(first, len(self.words)):
            word_start = self.word_starts[i]
            if word_start >= end:
                break
            if word_start + len(self.words[i].text) > start:
                found.append(i)
        return found

    def provenance(self, start: int, end: int) -> Provenance:
        """Provenance of the span [start, end): its first page, box, text and weakest confidence."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        indices = self.words_in(start, end)
        page = self.word_pages[indices[0]] if indices else self.lines[self.line_at(start)].page
        on_page = [i for i in indices if self.word_pages[i] == page and self.words[i].text != "|"]
        words = [self.words[i] for i in on_page]
        source = self.pages[page - 1].source if 0 < page <= len(self.pages) else self.pages[0].source
        return Provenance(
            page=page,
            bbox=BBox.union([w.bbox for w in words]),
            span=(start, end),
            text=self.text[start:end],
            source=source,
            confidence=min((w.confidence for w in words), default=1.0),
            changes=[w.repair for w in words if w.repair],
        )

    def page_text(self, number: int) -> str:
        """The normalized text of one page, as `vanban text` prints it."""
        return self.text.split(PAGE_BREAK)[number - 1]

