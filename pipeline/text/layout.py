"""Reading order from positioned words: rows, side-by-side columns and table rows.

A Decree 30 document puts two blocks side by side twice: the issuing body
beside the national motto at the top, and `Nơi nhận` beside the signature at
the end. Read left to right by row, those blocks interleave into nonsense
("UBND TỈNH CAO BẰNG CỘNG HÒA XÃ HỘI ..."), so rows that split into two
columns are gathered into a zone and read column by column. Table cells are
joined into one line per row with `|` between cells, the same form the
DOCX and plain-text readers produce, so structure rules see one format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.page import BBox, Line, Word

COLUMN_GAP = 18.0  # points; wider than any justified word space at body sizes
CELL_SEPARATOR = "|"


@dataclass
class _Segment:
    words: list[Word]

    @property
    def x0(self) -> float:
        return self.words[0].bbox.x0

    @property
    def x1(self) -> float:
        return max(w.bbox.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.bbox.y0 for w in self.words)


@dataclass
class _Row:
    segments: list[_Segment] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def x0(self) -> float:
        return min(s.x0 for s in self.segments)

    @property
    def x1(self) -> float:
        return max(s.x1 for s in self.segments)


def make_line(words: list[Word], is_table_row: bool = False) -> Line:
    return Line(words=words, bbox=BBox.union([w.bbox for w in words]), is_table_row=is_table_row)


#: A word box this many times the height of its row's words (their lower median, so of two words the
#: shorter) spans more than one printed line: a Tesseract box drawn over two lines, a seal's or signature's
#: stroke read as a word. Over the 2,243 lines of three words or more of SG01-SG20 and the Lào Cai scans'
#: first two pages the tallest word of a line is at most 1.73x the line's median; a box over two lines of
#: SG11 p1's `Nơi nhận` at 150 dpi is 2.4x.
TALL_FOR_ROW = 2.0
#: ... and this many times the page's print (`print_height`): over the 48,972 words of SG01-SG25 and the Lào
#: Cai scans, 99.9 % are at most 1.6x their page's print, the tallest a word set larger (2.2x). Both must
#: hold, so a small word ("3" beside "CN(w.cường)-", LC_QD-1050 p3) cannot make its neighbour tall.
TALL_FOR_PAGE = 1.6
#: A box taller than this many lines of the page's print is never a word: the OCR drops it unless read
#: with high confidence (pipeline.ocr.engine): a signature or seal read as "441,".
TALL_BOX = 2.5


def _print_heights(words: list[Word]) -> list[float]:
    """Heights of the words holding a letter or digit, sorted: a dash's box is a pixel high, not a line's."""
    return sorted(w.bbox.y1 - w.bbox.y0 for w in words if any(c.isalnum() for c in w.text))


def print_height(words: list[Word]) -> float:
    """The median height of the words with a letter or digit."""
    heights = _print_heights(words)
    return heights[len(heights) // 2] if heights else 0.0


def _extent(row: list[Word], page_limit: float) -> tuple[float, float]:
    """Top and bottom of a row's words, leaving out the boxes too tall to be one line's."""
    heights = _print_heights(row)
    limit = max(TALL_FOR_ROW * heights[(len(heights) - 1) // 2], page_limit) if heights else float("inf")
    kept = [w for w in row if w.bbox.y1 - w.bbox.y0 <= limit] or row
    return min(w.bbox.y0 for w in kept), max(w.bbox.y1 for w in kept)


def group_rows(words: list[Word]) -> list[_Row]:
    """Group words into visual rows by vertical overlap, then split rows at wide gaps.

    A word joins the row above when its middle falls within the row's extent
    (the union of its words, so a skewed scan's line that drifts along its
    length stays one row). A box too tall for one line joins a row but never
    stretches it: stretched, a row swallowed the next printed line and read
    the two interleaved word by word (SG02 p1's title, SG08 p1's and SG11 p1's
    `Nơi nhận` in bench/ocr_real_diagnosis.md).
    """
    page_limit = TALL_FOR_PAGE * print_height(words)
    rows: list[list[Word]] = []
    union = (0.0, 0.0)  # the last row's extent while none of its words is over the page's limit
    big = False  # one is: the row's extent is worked out word by word (`_extent`), which is rare
    for word in sorted(words, key=lambda w: (w.bbox.y0, w.bbox.x0)):
        middle = (word.bbox.y0 + word.bbox.y1) / 2
        if rows:
            top, bottom = _extent(rows[-1], page_limit) if big else union
            if top <= middle <= bottom:
                rows[-1].append(word)
                union = (min(union[0], word.bbox.y0), max(union[1], word.bbox.y1))
                big = big or word.bbox.y1 - word.bbox.y0 > page_limit
                continue
        rows.append([word])
        union = (word.bbox.y0, word.bbox.y1)
        big = word.bbox.y1 - word.bbox.y0 > page_limit
    result = []
    for row_words in rows:
        row_words.sort(key=lambda w: w.bbox.x0)
        segments = [_Segment([row_words[0]])]
        for word in row_words[1:]:
            if word.bbox.x0 - segments[-1].x1 > COLUMN_GAP:
                segments.append(_Segment([word]))
            else:
                segments[-1].words.append(word)
        result.append(_Row(segments))
    return result


def _gutter(row: _Row) -> tuple[float, float] | None:
    """The widest gap of a row that splits into columns, as (left edge, right edge)."""
    if len(row.segments) < 2:
        return None
    width, left, right = max(
        (b.x0 - a.x1, a.x1, b.x0) for a, b in zip(row.segments, row.segments[1:], strict=False)
    )
    return left, right


def order_rows(rows: list[_Row]) -> list[Line]:
    """Lines in reading order: column zones read left column first, then right.

    A zone starts at a row split by a wide gap and goes on while each row is
    split, or sits wholly on one side of the gutter. The gutter narrows as
    rows arrive (a long recipient line on the left, the signer's name on the
    right), so columns of different widths and font sizes stay apart.
    """
    lines: list[Line] = []
    i = 0
    while i < len(rows):
        gutter = _gutter(rows[i])
        if gutter is None:
            lines.append(make_line([w for s in rows[i].segments for w in s.words]))
            i += 1
            continue
        left_edge, right_edge = gutter
        left: list[Line] = []
        right: list[Line] = []
        j = i
        while j < len(rows):
            row = rows[j]
            on_left = [s for s in row.segments if s.x1 <= right_edge - 1 and (s.x0 + s.x1) / 2 < right_edge]
            on_right = [s for s in row.segments if s.x0 >= left_edge + 1 and s not in on_left]
            if len(on_left) + len(on_right) != len(row.segments):
                break
            if on_left:
                left.append(make_line([w for s in on_left for w in s.words]))
                left_edge = max(left_edge, max(s.x1 for s in on_left))
            if on_right:
                right.append(make_line([w for s in on_right for w in s.words]))
                right_edge = min(right_edge, min(s.x0 for s in on_right))
            j += 1
        lines.extend(left + right)
        i = j
    return lines


def table_row_line(cells: list[tuple[BBox, list[Word]]]) -> Line | None:
    """One line for a table row: cell words in reading order with '|' between cells.

    Empty cells still get their separator, so column positions survive.
    """
    words: list[Word] = []
    for index, (cell_box, cell_words) in enumerate(cells):
        if index:
            edge = BBox(x0=cell_box.x0, y0=cell_box.y0, x1=cell_box.x0, y1=cell_box.y1)
            words.append(Word(text=CELL_SEPARATOR, bbox=edge))
        for row in group_rows(cell_words):
            words.extend(w for s in row.segments for w in s.words)
    if all(w.text == CELL_SEPARATOR for w in words):
        return None
    return make_line(words, is_table_row=True)


def merge_by_top(text_lines: list[Line], table_lines: list[Line]) -> list[Line]:
    """Put table rows between the text lines above and below them (text order kept)."""
    merged: list[Line] = []
    pending = list(table_lines)
    for line in text_lines:
        while pending and pending[0].bbox.y0 < line.bbox.y0:
            merged.append(pending.pop(0))
        merged.append(line)
    return merged + pending


def centre_inside(box: BBox, cell: BBox) -> bool:
    """Whether a word belongs to a table cell: its centre lies in the cell (edges may overlap the rules)."""
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    return cell.x0 <= cx <= cell.x1 and cell.y0 <= cy <= cell.y1


def page_lines(words: list[Word], tables: list[list[list[BBox]]]) -> list[Line]:
    """A page's lines in reading order: table rows (cells joined by '|') among the ordinary lines.

    `tables` are rows of cell boxes, from a PDF's rules or from the rules found in a scan;
    a word belongs to the cell its centre falls in.
    """
    taken: set[int] = set()
    table_lines: list[Line] = []
    for table in tables:
        for row in table:
            cells = []
            for cell in row:
                members = [i for i, word in enumerate(words) if i not in taken and centre_inside(word.bbox, cell)]
                taken.update(members)
                cells.append((cell, [words[i] for i in members]))
            line = table_row_line(cells)
            if line is not None:
                table_lines.append(line)
    free = [word for i, word in enumerate(words) if i not in taken]
    return merge_by_top(order_rows(group_rows(free)), table_lines)
