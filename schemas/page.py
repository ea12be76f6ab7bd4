"""The one page model shared by text-layer PDFs, Word files, plain text and OCR.

Every later stage reads only this model, so a scanned page and a born-digital
page go through the same code and every value can point back to its box.
Coordinates are in PDF points (1/72 inch) from the top-left corner of the
page; sources without geometry (plain text, DOCX) use a synthetic grid of one
unit per character and 12 units per line, so boxes still order and nest.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import ConfigDict, Field

from schemas.base import Model


class SourceKind(StrEnum):
    """Where a page's words came from."""

    TEXT_LAYER = "text_layer"
    OCR = "ocr"


class PageStatus(StrEnum):
    """How a page was read: a page that failed must never pass for a clean blank page."""

    OK = "ok"  # read from its text layer (or a text/Word source)
    OCR = "ocr"  # OCR'd (a scan, or a text layer found unusable; its notes say why)
    FAILED = "failed"  # nothing could be read: OCR timed out, Tesseract failed (its notes say why)


#: The prefix of the note a page that could not be read carries (the OCR engine writes `failed: <reason>`).
FAILED_NOTE = "failed"


class BBox(Model):
    """An axis-aligned box: (x0, y0) top-left, (x1, y1) bottom-right."""

    model_config = ConfigDict(frozen=True)

    x0: float
    y0: float
    x1: float
    y1: float

    @staticmethod
    def union(boxes: list[BBox]) -> BBox | None:
        """The smallest box around all of `boxes` (None for an empty list)."""
        if not boxes:
            return None
        return BBox(
            x0=min(b.x0 for b in boxes),
            y0=min(b.y0 for b in boxes),
            x1=max(b.x1 for b in boxes),
            y1=max(b.y1 for b in boxes),
        )


class WordSource(StrEnum):
    """Where a word came from when it is not the page's own content or OCR of it."""

    WIDGET = "widget"  # a form-field/annotation appearance stamped over the page (the e-signing system's number, day)
    FOOTNOTE_MARK = "footnote_mark"  # a superscript footnote number split off the word it was glued to


class Word(Model):
    """One word as the source gave it, with its box and recognition confidence."""

    text: str
    bbox: BBox
    confidence: float = Field(1.0, ge=0.0, le=1.0)
    bold: bool = False
    original: str | None = Field(None, description="the text before normalization or repair, when it changed")
    repair: str | None = Field(None, description="why OCR text was changed, e.g. 'Băng -> Bằng (Cao Bằng)'")
    source: WordSource | None = Field(
        None, description="set when the word is not printed page content: 'widget' (stamped by the signing system)"
    )


class Line(Model):
    """Words in reading order. A table row keeps its cells apart with '|' words."""

    words: list[Word]
    bbox: BBox
    is_table_row: bool = False

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


class Page(Model):
    """One page in reading order."""

    number: int = Field(..., ge=1, description="1-based page number")
    width: float
    height: float
    source: SourceKind
    lines: list[Line] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="what was done to the page (e.g. deskew)")
    logical_lines: bool = Field(
        False, description="each line is a whole paragraph (plain text, DOCX) rather than a printed line"
    )

    @property
    def status(self) -> PageStatus:
        """Failed when a note says so, else OCR or text layer by the page's source."""
        if any(note.startswith(FAILED_NOTE) for note in self.notes):
            return PageStatus.FAILED
        return PageStatus.OCR if self.source is SourceKind.OCR else PageStatus.OK

    @property
    def confidence(self) -> float:
        """Mean word confidence (1.0 for an empty page read cleanly: nothing was guessed; 0.0 for a failed page)."""
        if self.status is PageStatus.FAILED:
            return 0.0
        words = [w for line in self.lines for w in line.words]
        return sum(w.confidence for w in words) / len(words) if words else 1.0
