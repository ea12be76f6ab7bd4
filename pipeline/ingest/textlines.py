"""Pages for sources that have text but no geometry: plain text and Word files.

Each line gets a synthetic box on a character grid (6 units a character,
12 a line) so that provenance still says which line and which part of it a
value came from, in the same model as a PDF page.
"""

from __future__ import annotations

from schemas.page import BBox, Line, Page, SourceKind, Word

CHAR_W = 6.0
LINE_H = 12.0
CELL_SEPARATOR = "|"


def line_from_text(text: str, index: int, cells: list[str] | None = None) -> Line | None:
    """A Line for one text line (or one table row given as `cells`); None if blank."""
    y0 = index * LINE_H
    words: list[Word] = []
    column = 0
    parts = cells if cells is not None else [text]
    for cell_index, cell in enumerate(parts):
        if cell_index:
            words.append(_word(CELL_SEPARATOR, column, y0))
            column += 2
        for token in cell.split():
            words.append(_word(token, column, y0))
            column += len(token) + 1
    if not words or all(w.text == CELL_SEPARATOR for w in words):
        return None
    return Line(words=words, bbox=BBox.union([w.bbox for w in words]), is_table_row=cells is not None)


def _word(token: str, column: int, y0: float) -> Word:
    return Word(
        text=token,
        bbox=BBox(x0=column * CHAR_W, y0=y0, x1=(column + len(token)) * CHAR_W, y1=y0 + LINE_H - 2),
    )


def page_from_lines(number: int, lines: list[Line]) -> Page:
    width = max((ln.bbox.x1 for ln in lines), default=0.0)
    height = max((ln.bbox.y1 for ln in lines), default=0.0)
    return Page(number=number, width=width, height=height, source=SourceKind.TEXT_LAYER, lines=lines,
                logical_lines=True)


def split_cells(text: str) -> list[str] | None:
    """Cells of a `a | b | c` row (the form converters and our readers use for tables)."""
    if " | " not in text and not text.lstrip().startswith("| ") and not text.rstrip().endswith(" |"):
        return None
    return [c.strip() for c in text.split("|")]
