"""The parts of an administrative document under Decree 30/2020/NĐ-CP.

Extractors ask structural questions ("which paragraphs are under TỔ CHỨC
THỰC HIỆN?", "which lines are the header?", "what are the cells of this table
row?") instead of re-deriving layout, so the rules stay about language. The
stage is layout-agnostic: PDF printed lines are first joined into paragraphs,
plain-text and DOCX lines already are paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.text.doctext import DocText, TextLine
from pipeline.text.doctypes import DOC_TYPE_NAMES
from pipeline.text.letters import LETTER
from pipeline.text.normalize import fold

_TYPE_LINE = re.compile(
    r"^[*\s]*(?P<name>" + "|".join(sorted((t.upper() for t in DOC_TYPE_NAMES), key=len, reverse=True))
    + rf")(?![{LETTER}])[*:\s]*(?P<rest>.*)$"
)
_MOTTO = re.compile(r"CỘNG H[OÒ]A XÃ HỘI|Độc lập\s*-\s*Tự do", re.IGNORECASE)
_BODY_OPENERS = re.compile(
    r"^(Căn cứ|Điều \d|Thực hiện|Theo|Để|Nhằm|Kính gửi|Sau khi|Trên cơ sở|Xét|Ngày|Vào hồi|Hôm nay|Qua|Năm)\b"
    r"|^[IVX]+\.\s|^\d+\.\s|^[a-zđ]\)\s|^[-+•]\s"
)
_STRONG_OPENERS = re.compile(r"^(Căn cứ|Kính gửi|Điều \d)\b|^[IVX]+\.\s|^\d+\.\s|^[-+•]\s")
_HEADINGS = (
    (1, re.compile(r"^(?P<label>[IVXL]+)\.\s+(?P<title>\S.*)$")),
    (1, re.compile(r"^(?P<label>(?:Điều|Mục|Chương|Phần)\s+[\dIVXL]+)[.:]?\s*(?P<title>.*)$")),
    (2, re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,3})[.)]\s*(?P<title>\S.*)$")),
    (3, re.compile(r"^(?P<label>[a-zđ])\)\s*(?P<title>\S.*)$")),
)
_BULLET = re.compile(r"^[-+•]\s*\S")
_APPENDIX = re.compile(r"^[*\s]*PHỤ LỤC\b")
_RECIPIENTS = re.compile(r"^[*_\s]*Nơi nhận\s*:?", re.IGNORECASE)
#: A signature block's authority line ("KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"; OCR reads serif T as I or 1).
AUTHORITY = re.compile(r"^[*\s]*(?P<auth>(?:KT|[TI1l]{1,2}M|TL|TUQ|Q|UQ)\s*\.\s*\S.*?)[*\s]*$")
FULL_LINE_SLACK = 0.12  # a printed line ending this far short of the margin ends its paragraph


@dataclass(frozen=True)
class Segment:
    """A span of the document text: a line, a table cell or a group of lines."""

    start: int
    end: int
    text: str


@dataclass
class Block:
    """A paragraph, heading, bullet item or table row of the body."""

    start: int
    end: int
    text: str
    page: int
    kind: str  # heading | bullet | text | table_row
    level: int = 0
    label: str | None = None
    bold: bool = False
    cells: list[Segment] = field(default_factory=list)


@dataclass
class Heading:
    level: int
    label: str
    title: str
    block: int  # index into Structure.blocks
    start: int
    end: int  # end of the section (start of the next heading at the same or a higher level)


@dataclass
class Table:
    """A run of table rows: the header rows (one or several) and the data rows."""

    header_rows: list[list[str]]
    rows: list[Block]

    @property
    def header(self) -> list[str]:
        return self.header_rows[0] if self.header_rows else []

    @property
    def width(self) -> int:
        return max((len(r.cells) for r in self.rows), default=len(self.header))


@dataclass
class Structure:
    text: DocText
    header: list[Segment]
    type_line: Segment | None
    doc_type: str | None
    summary: Segment | None
    blocks: list[Block]
    headings: list[Heading]
    tables: list[Table]
    recipients: list[Segment]
    signature: list[Segment]
    appendix_start: int | None

    def headings_at(self, offset: int) -> list[Heading]:
        """The heading path (outermost first) of the section holding `offset`."""
        return [h for h in self.headings if h.start <= offset < h.end]

    def sections(self, *keywords: str, level: int | None = None) -> list[Heading]:
        """Headings whose folded title contains any of `keywords` (folded)."""
        keys = [fold(k) for k in keywords]
        return [
            h for h in self.headings
            if (level is None or h.level == level) and any(k in fold(h.title) for k in keys)
        ]

    def blocks_in(self, heading: Heading) -> list[Block]:
        return [b for b in self.blocks if heading.start <= b.start < heading.end]

    @property
    def bases(self) -> list[Block]:
        return [b for b in self.blocks if fold(b.text).startswith("căn cứ")]


def split_cells(text: DocText, line: TextLine) -> list[Segment]:
    """The cells of a table row, split at its '|' words (one segment for an ordinary line)."""
    if not line.is_table_row:
        return [_segment(text, line.start, line.end)]
    cells = []
    cursor = line.start
    for i in range(line.first_word, line.first_word + line.n_words):
        if text.words[i].text == "|":
            cells.append(_segment(text, cursor, text.word_starts[i]))
            cursor = text.word_starts[i] + 1
    cells.append(_segment(text, cursor, line.end))
    return cells


def _segment(text: DocText, start: int, end: int) -> Segment:
    while start < end and text.text[start].isspace():
        start += 1
    while end > start and text.text[end - 1].isspace():
        end -= 1
    return Segment(start, end, text.text[start:end])


def analyse(text: DocText) -> Structure:
    """Find the Decree 30 parts of a document."""
    lines = text.lines
    type_index, doc_type = _find_type_line(lines)
    body_from = 0
    summary = None
    type_line = None
    if type_index is not None:
        type_line = _segment(text, lines[type_index].start, lines[type_index].end)
        summary, body_from = _summary(text, type_index)
    header_end = type_index if type_index is not None else _first_body_line(lines)
    header = [c for ln in lines[:header_end] for c in split_cells(text, ln)]
    if type_index is None:
        body_from = header_end
        summary = _letter_subject(text, header)
    appendix_start = next(
        (i for i in range(body_from, len(lines)) if _APPENDIX.match(lines[i].text) and i > body_from + 3), None
    )
    limit = appendix_start if appendix_start is not None else len(lines)
    end_from, resume, recipients, signature = _end_matter(text, body_from, limit)
    body_lines = list(range(body_from, end_from)) + list(range(resume, len(lines)))
    blocks = _blocks(text, body_lines)
    headings = _heading_tree(blocks, len(text.text))
    tables = _tables(blocks)
    return Structure(text, header, type_line, doc_type, summary, blocks, headings, tables, recipients,
                     signature, lines[appendix_start].start if appendix_start is not None else None)


def _find_type_line(lines: list[TextLine]) -> tuple[int | None, str | None]:
    for index, line in enumerate(lines[:40]):
        match = _TYPE_LINE.match(line.text)
        if match and not _MOTTO.search(line.text):
            rest = match.group("rest")
            if rest and not rest.isupper() and not line.bold:
                continue  # a sentence that starts with the word ("Kế hoạch này ...") is not a title
            return index, DOC_TYPE_NAMES[match.group("name").lower()]
    return None, None


_HEADER_CELL = re.compile(r"CỘNG H[OÒ]A|Độc lập|^\W*Số\b|,\s*ngày\b|^V/v|^$")


def _is_header_cell(text: str) -> bool:
    """A cell of the header's layout table: a body name in capitals, the motto, number, place and date."""
    return text.upper() == text or _HEADER_CELL.search(text) is not None


def _first_body_line(lines: list[TextLine]) -> int:
    """Where the body starts in a document without a type line (a công văn, an appendix)."""
    if lines and _APPENDIX.match(lines[0].text):
        return 0
    for index, line in enumerate(lines[:40]):
        if _BODY_OPENERS.match(line.text) and not line.text.startswith("Số"):
            return index
        cells = [c.strip() for c in line.text.split("|")]
        if line.is_table_row and not all(_is_header_cell(c) for c in cells):
            return index  # a data table, not the header's layout table
    return 0


def _summary(text: DocText, type_index: int) -> tuple[Segment | None, int]:
    """Summary (trích yếu) lines after the type line; returns it and the first body line."""
    lines = text.lines
    type_line = lines[type_index]
    rest = _TYPE_LINE.match(type_line.text).group("rest")  # type: ignore[union-attr]
    start = type_line.end - len(rest) if rest else None
    end = type_line.end if rest else None
    index = type_index + 1
    while index < len(lines) and index <= type_index + 5:
        line = lines[index]
        # the first summary line may itself open with "Thực hiện ..." / "Về ..."; later ones may not
        opener = _STRONG_OPENERS if start is None else _BODY_OPENERS
        if opener.match(line.text) or line.is_table_row or line.page != type_line.page:
            break
        if type_line.bold and not line.bold and start is not None:
            break
        if start is not None and line.text.isupper() and not text.text[start:end or start].isupper():
            break  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ..." under a decision's summary: its authority, not its title
        start = line.start if start is None else start
        end = line.end
        index += 1
    if start is None or end is None:
        return None, index
    return _segment(text, start, end), index


def _letter_subject(text: DocText, header: list[Segment]) -> Segment | None:
    """A công văn has no type line; its subject is the `V/v ...` line under the number."""
    for seg in header:
        if fold(seg.text).startswith(("v/v", "về việc")):
            return seg
    return None


def _end_matter(text: DocText, body_from: int, limit: int) -> tuple[int, int, list[Segment], list[Segment]]:
    """Recipients and signature after the main text.

    Returns where the main text ends, where text resumes after the signer's
    name (an unlabelled appendix, converter footnotes), the recipients and
    the signature segments.
    """
    lines = text.lines
    label = next((i for i in range(limit - 1, body_from - 1, -1) if _RECIPIENTS.match(lines[i].text)), None)
    recipients: list[Segment] = []
    signature: list[Segment] = []
    start = label
    back = _signature_start(lines, max(body_from, (label or limit) - (6 if label else 15)), label or limit)
    if back is not None:
        start = back
    if start is None:
        return limit, limit, [], []
    in_list = label is not None
    for index in range(start, limit):
        cells = split_cells(text, lines[index])
        if index == label:
            first = cells.pop(0)
            after = _RECIPIENTS.match(first.text)
            tail = first.text[after.end():].strip() if after else ""
            if tail:
                recipients.append(_segment(text, first.end - len(tail), first.end))
        elif index > (label or limit) and in_list and cells and _BULLET.match(cells[0].text):
            recipients.append(cells.pop(0))
            in_list = not fold(recipients[-1].text).lstrip("-+• ").startswith("lưu")
        elif index > (label or limit) and in_list and cells and recipients and not _ends_item(recipients[-1]) \
                and not AUTHORITY.match(cells[0].text) and not cells[0].text.isupper():
            recipients[-1] = _segment(text, recipients[-1].start, cells.pop(0).end)
        elif index > (label or limit) and in_list and cells and _ends_item(cells[0]) and not cells[0].text.isupper() \
                and not AUTHORITY.match(cells[0].text):
            recipients.append(cells.pop(0))  # a recipient whose bullet was lost (OCR) or never typed
            in_list = not fold(recipients[-1].text).lstrip("-+• ").startswith("lưu")
        elif index > (label or -1):
            in_list = False
        signature.extend(c for c in cells if c.text)
        if any(is_person_name(c.text) and _confident(text, c) for c in cells) and any(
                AUTHORITY.match(s.text) or s.text.isupper() for s in signature):
            return start, index + 1, recipients, signature
    return start, limit, recipients, signature


def _confident(text: DocText, segment: Segment, floor: float = 0.7) -> bool:
    """Read with confidence (always, for a text layer): OCR specks in a seal can look like a short name."""
    return all(text.words[i].confidence >= floor for i in text.words_in(segment.start, segment.end))


def _ends_item(segment: Segment) -> bool:
    return segment.text.rstrip().endswith((";", ".", ":"))


def is_person_name(text: str) -> bool:
    """A signer's name: two to six capitalised words of letters ("Ngọc Văn Chấn", "Y Ngọc Niê").

    Only the first word may be a single letter (Ê Đê names), which keeps OCR specks ("Ề J Fị") out.
    """
    words = text.strip(" *_").split()
    return 2 <= len(words) <= 6 and all(
        w.isalpha() and w[0].isupper() and (w[1:].islower() or w.isupper() and len(words) > 1) for w in words
    ) and not text.strip(" *_").isupper() and all(len(w) >= 2 or (i == 0 and w == "Y") for i, w in enumerate(words))


def _signature_start(lines: list[TextLine], lo: int, hi: int) -> int | None:
    for index in range(lo, hi):
        if AUTHORITY.match(lines[index].text):
            return index
    return None


def _blocks(text: DocText, indices: list[int]) -> list[Block]:
    lines = text.lines
    right_margin = max((lines[i].x1 for i in indices if not lines[i].logical), default=0.0)
    left_margin = min((lines[i].x0 for i in indices if not lines[i].logical), default=0.0)
    width = max(right_margin - left_margin, 1.0)
    blocks: list[Block] = []
    previous: TextLine | None = None
    for index in indices:
        line = lines[index]
        if line.is_table_row:
            blocks.append(Block(line.start, line.end, line.text, line.page, "table_row",
                                cells=split_cells(text, line)))
            previous = None
            continue
        kind, level, label = _classify(line.text)
        if previous is None or kind != "text" or blocks[-1].kind == "table_row":
            continues = False
        elif line.logical:
            continues = _continues_logical(previous, line)
        else:  # a printed line continues the paragraph when the one before it ran to the margin
            continues = previous.x1 >= right_margin - FULL_LINE_SLACK * width and not (previous.bold and not line.bold)
        if continues:
            last = blocks[-1]
            blocks[-1] = Block(last.start, line.end, text.text[last.start:line.end], last.page, last.kind,
                               last.level, last.label, last.bold and line.bold)
        else:
            blocks.append(Block(line.start, line.end, line.text, line.page, kind, level, label, line.bold))
        previous = line
    return blocks


def _continues_logical(previous: TextLine, line: TextLine) -> bool:
    """A paragraph a converter broke in two: no closing punctuation, and a lower-case or digit start."""
    return not previous.text.rstrip().endswith((".", ";", ":", "!", "?", ")")) and \
        bool(line.text) and (line.text[0].islower() or line.text[0].isdigit())


def _classify(line: str) -> tuple[str, int, str | None]:
    for level, pattern in _HEADINGS:
        match = pattern.match(line)
        if match:
            return "heading", level, match.group("label")
    if _BULLET.match(line):
        return "bullet", 0, None
    if _APPENDIX.match(line):
        return "heading", 1, "PHỤ LỤC"
    return "text", 0, None


def _heading_tree(blocks: list[Block], text_end: int) -> list[Heading]:
    headings: list[Heading] = []
    for index, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        level = 0 if block.label == "PHỤ LỤC" else block.level
        if block.label and block.label[0].isdigit():
            level = 2 + block.label.count(".")
        title = block.text[len(block.label or ""):].lstrip(" .):")
        headings.append(Heading(level, block.label or "", title, index, block.start, text_end))
    for i, heading in enumerate(headings):
        for later in headings[i + 1:]:
            if later.level <= heading.level:
                heading.end = later.start
                break
    return headings


_ROW_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]?\s*$")
_MAX_HEADER_ROWS = 4


def _tables(blocks: list[Block]) -> list[Table]:
    """Runs of table rows; header rows are those before the first numbered row (at least one).

    Converters break multi-line cells: a short stray line between two rows
    (a note cell's second line) does not end the table, and a row cut in two
    ("4.3.1. | Tổng số hồ sơ (gồm" / "+ trực tiếp) | Thủ tục | 462.814") is
    joined back when its halves add up to the table's width.
    """
    tables: list[Table] = []
    run: list[Block] = []
    for index, block in enumerate([*blocks, None]):
        if block is not None and block.kind == "table_row":
            run.append(block)
            continue
        if run and block is not None and _stray_cell_line(block, blocks[index + 1:index + 2]):
            continue
        if run:
            tables.append(_table(run))
            run = []
    return tables


def _stray_cell_line(block: Block, following: list[Block]) -> bool:
    return len(block.text) <= 80 and block.kind != "heading" and bool(following) and \
        following[0].kind == "table_row"


def _table(run: list[Block]) -> Table:
    width = max(len(row.cells) for row in run)
    rows: list[Block] = []
    for row in run:
        previous = rows[-1] if rows else None
        if previous is not None and len(previous.cells) + len(row.cells) - 1 == width \
                and len(previous.cells) < width and not _ROW_NUMBER.match(row.cells[0].text):
            joined = Segment(previous.cells[-1].start, row.cells[0].end,
                             previous.cells[-1].text + " " + row.cells[0].text)
            rows[-1] = Block(previous.start, row.end, previous.text + " " + row.text, previous.page, "table_row",
                             cells=[*previous.cells[:-1], joined, *row.cells[1:]])
        else:
            rows.append(row)
    first_data = next((i for i, row in enumerate(rows[:_MAX_HEADER_ROWS + 1])
                       if i and row.cells and _ROW_NUMBER.match(row.cells[0].text)), 1)
    return Table(header_rows=[[c.text for c in row.cells] for row in rows[:first_data]], rows=rows[first_data:])
