"""What every extractor gets: the document text, its structure, and cached analyses.

Grammar mentions (quantities, dates, document numbers) and spaCy docs are
computed once per paragraph and shared, so adding an extractor does not add
another pass over the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from spacy.tokens import Doc

from extractors.grammar import (
    DateMention,
    DocNumber,
    Quantity,
    find_date_ranges,
    find_dates,
    find_doc_numbers,
    find_quantities,
)
from extractors.nlp import nlp
from pipeline.text.doctext import PAGE_BREAK, DocText
from pipeline.text.normalize import fold
from pipeline.text.structure import Block, Structure, is_page_number
from schemas.provenance import Provenance

_DATE_LINE = re.compile(r",\s*ngày\b", re.IGNORECASE)

# Sections of a report that look ahead: targets and deadlines there are commitments.
REPORT_PLAN_HEADINGS = ("phương hướng", "mục tiêu", "chỉ tiêu", "kế hoạch năm", "nhiệm vụ trọng tâm",
                        "nhiệm vụ, giải pháp", "nhiệm vụ và giải pháp", "đề xuất", "kiến nghị")


@dataclass
class Mentions:
    """Grammar findings in one piece of text, offsets relative to that text."""

    quantities: list[Quantity]
    dates: list[DateMention]
    ranges: list[DateMention]
    numbers: list[DocNumber]


class Context:
    def __init__(self, text: DocText, structure: Structure) -> None:
        self.text = text
        self.structure = structure
        self.issued_date: date | None = None
        self._mentions: dict[tuple[int, int], Mentions] = {}
        self._docs: dict[tuple[int, int], Doc] = {}

    @cached_property
    def default_year(self) -> int | None:
        """The year undated day-months ("trước ngày 15/12") belong to: the issue year, else the header's."""
        if self.issued_date:
            return self.issued_date.year
        for segment in self.structure.header:
            for mention in find_dates(segment.text):
                if mention.start_date:
                    return mention.start_date.year
        return None

    @cached_property
    def header_period(self) -> tuple[date, date] | None:
        """What the header's place-and-date line says, as a period: one day, or the month ("ngày   tháng 12
        năm 2025": the day left blank or handwritten) or year it narrows the issue date to."""
        for segment in self.structure.header:
            if not _DATE_LINE.search(segment.text):
                continue
            for mention in find_dates(segment.text):
                if mention.start_date and mention.end_date and mention.kind in ("day", "month", "year"):
                    return mention.start_date, mention.end_date
        return None

    def provenance(self, start: int, end: int) -> Provenance:
        return self.text.provenance(start, end)

    def piece(self, start: int, end: int) -> str:
        """The text of a span with printed line breaks as spaces (same length, so offsets hold).

        Inside a paragraph a line break is only where the printer wrapped
        ("Ban Quản\\nlý Khu kinh tế"), so rules must not see it as a boundary; nor a page break with
        the page number printed over it ("Nghị định này xử" ⏎ "2" ⏎ "lý vi phạm": SG17).
        """
        piece = self.text.text[start:end].replace("\n", " ").replace(PAGE_BREAK, " ")
        for a, b in self._page_numbers:  # a page number between two halves of a sentence is not in it
            if a < end and b > start:
                lo, hi = max(a, start) - start, min(b, end) - start
                piece = piece[:lo] + " " * (hi - lo) + piece[hi:]
        return piece

    @cached_property
    def _page_numbers(self) -> list[tuple[int, int]]:
        lines = self.text.lines
        return [(ln.start, ln.end) for i, ln in enumerate(lines) if is_page_number(lines, i)]

    def mentions(self, start: int, end: int) -> Mentions:
        key = (start, end)
        if key not in self._mentions:
            piece = self.piece(start, end)
            numbers = find_doc_numbers(piece)
            ranges = find_date_ranges(piece, self.default_year)
            dates = find_dates(piece, self.default_year)
            taken = [(m.start, m.end) for m in [*numbers, *dates, *ranges]]
            quantities = [
                q for q in find_quantities(piece) if not any(a < q.end and q.start < b for a, b in taken)
            ]
            self._mentions[key] = Mentions(quantities, dates, ranges, numbers)
        return self._mentions[key]

    def doc(self, start: int, end: int) -> Doc:
        """The spaCy doc of a span of the document text (token offsets relative to `start`)."""
        key = (start, end)
        if key not in self._docs:
            self._docs[key] = nlp()(self.piece(start, end))
        return self._docs[key]

    def block_heading_titles(self, block: Block) -> list[str]:
        return [h.title for h in self.structure.headings_at(block.start)]

    def is_report_narrative(self, block: Block) -> bool:
        """In a report, what happened (not what is planned next): its numbers and dates are not commitments."""
        if self.structure.doc_type != "bao_cao":
            return False
        titles = [fold(t) for t in self.block_heading_titles(block)]
        return not any(k in t for t in titles for k in REPORT_PLAN_HEADINGS)
