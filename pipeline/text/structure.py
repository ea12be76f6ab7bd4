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
from itertools import pairwise

from pipeline.text.docnumbers import DocNumber
from pipeline.text.doctext import DocText, TextLine
from pipeline.text.doctypes import DOC_TYPE_NAMES
from pipeline.text.identity import NUMBER_LINE, enacted_type, own_number, type_of_number
from pipeline.text.letters import LETTER
from pipeline.text.normalize import fold, skeleton

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
_LABELLED_HEADING = re.compile(r"^(?P<label>(?:Điều|Mục|Chương|Phần)\s+[\dIVXL]+)[.:]?\s*(?P<title>.*)$")
_HEADINGS = (
    (1, re.compile(r"^(?P<label>[IVXL]+)\.\s+(?P<title>\S.*)$")),
    (1, _LABELLED_HEADING),
    (2, re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,3})[.)]\s*(?P<title>\S.*)$")),
    (3, re.compile(r"^(?P<label>[a-zđ])\)\s*(?P<title>\S.*)$")),
)
_BULLET = re.compile(r"^[-+•]\s*\S")
# The filed copy, by Decree 30 always the last recipient ("- Lưu: VT, ..."): known by its words even when OCR
# lost both its dash and its closing stop ("Lưu: VT, KL" on a noisy scan).
_FILED_COPY = re.compile(r"^\s*Lưu\s*:", re.IGNORECASE)
_APPENDIX = re.compile(r"^[*\s]*PHỤ LỤC\b")
_RECIPIENTS = re.compile(r"^[*_\s]*Nơi\s*nhận\s*:?", re.IGNORECASE)  # "Nơinhận :" (SG03's text layer)
_MOTTO_FIRST = re.compile(r"^[*\s]*(CỘNG H[OÒ]A XÃ HỘI CHỦ NGHĨA|ĐẢNG CỘNG SẢN VIỆT NAM)", re.IGNORECASE)
#: An annex heading opening a page or a file: "PHỤ LỤC", "PHỤ LỤC I: DANH MỤC ...", "Phụ lục 2" (SG02, SG19).
_ANNEX_HEADING = re.compile(
    r"^[*\s]*(?:PHỤ LỤC|Phụ lục)(?:\s+(?:[IVXLC]+|\d+)[a-z]?)?\s*[:.-]?\s*(?P<rest>(?<=\s)[A-ZĐ].*|)$"
)
#: The line naming the document an annex or charter is filed with: "(Kèm theo Công văn số ... ngày ...)",
#: "(Ban hành kèm theo Quyết định số ...)" (SG02, SG11, SG25, LD09).
_ATTACHED_TO = re.compile(r"^[*\s(]*(?:Ban hành\s+)?kèm theo\b", re.IGNORECASE)
#: A rule printed under the motto or the summary ("_____________": SG04, SG12, LC15).
_RULE = re.compile(r"^[\s_*=-]*_{3,}[\s_*=-]*$|^\s*-{5,}\s*$")
#: Text a signing system stamps on the page (signature boxes, "SAO Y" copy stamps: SG12, SG19, SG20, SG22,
#: SG24): never the header or the body, and its time ("06/01/2026; 16:42:26; +07:00") never the issue date.
_STAMP = re.compile(
    r"\d{1,2}:\d{2}:\d{2}\s*;?\s*[+-]\d{2}:\d{2}|^\W*(?:Ký bởi|Thời gian ký|Cơ quan phát hành|Digitally signed"
    r"|Signed by)\b|^\W*SAO Y\s*;",
    re.IGNORECASE,
)
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
class Attachment:
    """A document filed after the main one in the same file, read for itself (see `analyse`).

    `attached_to` is its "(Kèm theo Công văn số ... ngày ...)" line when it has one: the number of the
    document it belongs to.
    """

    start: int
    end: int
    header: list[Segment]
    type_line: Segment | None
    doc_type: str
    summary: Segment | None
    number_line: Segment | None
    number: DocNumber | None
    attached_to: Segment | None
    recipients: list[Segment]
    signature: list[Segment]


@dataclass
class Structure:
    """The parts of the main document (the first in the file) and the documents filed with it.

    `doc_type` is final: decided here once, before any extractor runs, from the type line, else an annex
    heading opening the file ("phu_luc"), else the type code of the document's own number, else "cong_van"
    for a letter with a `V/v` subject, else "khac".
    """

    text: DocText
    header: list[Segment]
    type_line: Segment | None
    doc_type: str
    summary: Segment | None
    blocks: list[Block]
    headings: list[Heading]
    tables: list[Table]
    recipients: list[Segment]
    signature: list[Segment]
    appendix_start: int | None
    number_line: Segment | None = None
    number: DocNumber | None = None
    attachments: list[Attachment] = field(default_factory=list)

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
    """Find the Decree 30 parts of a document, and of every document filed after it in the same file.

    The main document is the first one; a document filed with it (a second letter, an approved charter,
    a list of addressees: SG03, SG11, SG25) is read for itself as an `Attachment`, so its header and end
    matter never stand in for the main document's, while its text stays in the body (its citations count).
    """
    lines = text.lines
    starts = _attachment_starts(text)
    bounds = [0, *starts, len(lines)]
    main = _read_part(text, bounds[0], bounds[1])
    attachments = []
    body_lines = list(main.body)
    for lo, hi in pairwise(bounds[1:]):
        part = _read_part(text, lo, hi)
        body_lines += part.body
        attachments.append(Attachment(
            lines[lo].start, lines[hi - 1].end if hi > lo else lines[lo].start, part.header, part.type_line,
            part.doc_type, part.summary, part.number_line, part.number, part.attached_to, part.recipients,
            part.signature,
        ))
    blocks = _blocks(text, body_lines)
    headings = _heading_tree(blocks, len(text.text))
    tables = _tables(blocks)
    appendix = main.appendix if main.appendix is not None else (starts[0] if starts else None)
    return Structure(text, main.header, main.type_line, main.doc_type, main.summary, blocks, headings, tables,
                     main.recipients, main.signature, lines[appendix].start if appendix is not None else None,
                     main.number_line, main.number, attachments)


@dataclass
class _Part:
    """One document of the file, as line indices and segments (see `Structure`, `Attachment`)."""

    header: list[Segment]
    type_line: Segment | None
    doc_type: str
    summary: Segment | None
    number_line: Segment | None
    number: DocNumber | None
    attached_to: Segment | None
    body: list[int]
    recipients: list[Segment]
    signature: list[Segment]
    appendix: int | None


def _read_part(text: DocText, lo: int, hi: int) -> _Part:
    """Header, type, summary, body lines and end matter of the document on lines [lo, hi)."""
    lines = text.lines
    not_text = {i for i in range(lo, hi) if _STAMP.search(lines[i].text) or is_page_number(lines, i)}
    annex = _annex_opening(lines, lo, hi)
    type_line = None
    late: list[int] = []
    named: str | None = None
    if annex is not None:  # an annex filed on its own: heading, title, "(Kèm theo ...)"; no type line
        header_idx = list(range(lo, annex))
        summary, body_from = _annex_title(text, annex, hi)
        named = "phu_luc"
    else:
        type_index, named = _find_type_line(lines, lo, hi)
        if type_index is not None:
            type_line = _segment(text, lines[type_index].start, lines[type_index].end)
            summary, body_from = _summary(text, type_index, hi)
            header_idx = list(range(lo, type_index))
        else:
            body_from = _first_body_line(lines, lo, hi)
            late = _late_header_lines(lines, body_from, hi)
            header_idx = list(range(lo, body_from)) + late
    header = [c for i in header_idx if i not in not_text for c in split_cells(text, lines[i])]
    if annex is None and type_line is None:
        summary = _letter_subject(text, header)
    found = own_number([s.text for s in header])
    number_line = _segment(text, header[found[0]].start, header[found[1]].end) if found else None
    number = found[2] if found else None
    doc_type = named or type_of_number(number) or enacted_type([ln.text for ln in lines[body_from:hi]]) or \
        ("cong_van" if summary is not None else "khac")
    attached_to = next((_segment(text, lines[i].start, lines[i].end) for i in range(lo, min(hi, body_from + 3))
                        if _ATTACHED_TO.match(lines[i].text)), None)
    appendix = next((i for i in range(body_from, hi) if _APPENDIX.match(lines[i].text) and i > body_from + 3), None)
    limit = appendix if appendix is not None else hi
    end_from, resume, recipients, signature = _end_matter(text, body_from, limit)
    skip = not_text | set(late)
    body = [i for i in [*range(body_from, end_from), *range(resume, hi)] if i not in skip]
    return _Part(header, type_line, doc_type, summary, number_line, number, attached_to, body, recipients,
                 signature, appendix)


_PAGE_NUMBER = re.compile(r"^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$")


def is_page_number(lines: list[TextLine], index: int) -> bool:
    """A page number printed alone at the top or the bottom of a page ("2" above the text of p. 2: SG11,
    SG12, SG15, SG17, SG18, SG20): not text, so a paragraph runs on across it."""
    line = lines[index]
    if line.is_table_row or not _PAGE_NUMBER.match(line.text):
        return False
    first = index == 0 or lines[index - 1].page != line.page
    last = index == len(lines) - 1 or lines[index + 1].page != line.page
    return first or last


def _find_type_line(lines: list[TextLine], lo: int, hi: int) -> tuple[int | None, str | None]:
    """The line naming the type ("KẾ HOẠCH", "TỜ TRÌNH") above the summary, before the body begins.

    The search stops at the first line that can only be body (`Căn cứ`, `Kính gửi`, a numbered heading:
    "QUY ĐỊNH CHUNG" under "Chương I" of SG11's charter is a chapter title, not a type line).
    """
    for index in range(lo, min(hi, lo + 40)):
        line = lines[index]
        if _STRONG_OPENERS.match(line.text) or _LABELLED_HEADING.match(line.text):
            break
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


def _first_body_line(lines: list[TextLine], lo: int, hi: int) -> int:
    """Where the body starts in a document without a type line (a công văn, an appendix)."""
    if lo < hi and _APPENDIX.match(lines[lo].text):
        return lo
    for index in range(lo, min(hi, lo + 40)):
        line = lines[index]
        if _BODY_OPENERS.match(line.text) and not line.text.startswith("Số"):
            return index
        cells = [c.strip() for c in line.text.split("|")]
        if line.is_table_row and not all(_is_header_cell(c) for c in cells):
            return index  # a data table, not the header's layout table
    return lo


#: Lines of the header's right column that a reader's word order can put after "Kính gửi:" (date on the
#: right, addressee list on the left: SG01, SG04, SG25): the motto, the place and date, a rule under the motto.
_LATE_HEADER = re.compile(rf"{_MOTTO.pattern}|^[^\d,;:]{{2,40}},\s*ngày\b|^[_\s]{{3,}}$", re.IGNORECASE)
_LATE_REACH = 10  # lines after "Kính gửi:" searched (SG01: the date is the 4th line after it)


def _late_header_lines(lines: list[TextLine], body_from: int, hi: int) -> list[int]:
    if body_from >= hi or not fold(lines[body_from].text).startswith("kính gửi"):
        return []
    return [i for i in range(body_from + 1, min(hi, body_from + _LATE_REACH)) if _LATE_HEADER.search(lines[i].text)]


def _summary(text: DocText, type_index: int, hi: int) -> tuple[Segment | None, int]:
    """Summary (trích yếu) lines after the type line; returns it and the first body line."""
    lines = text.lines
    type_line = lines[type_index]
    rest = _TYPE_LINE.match(type_line.text).group("rest")  # type: ignore[union-attr]
    start = type_line.end - len(rest) if rest else None
    end = type_line.end if rest else None
    index = type_index + 1
    while index < hi and index <= type_index + 5:
        line = lines[index]
        # the first summary line may itself open with "Thực hiện ..." / "Về ..."; later ones may not
        opener = _STRONG_OPENERS if start is None else _BODY_OPENERS
        if opener.match(line.text) or line.is_table_row or line.page != type_line.page:
            break
        if _RULE.match(line.text):
            index += 1  # the rule printed under the summary (SG12, LC15) ends it
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


def _annex_opening(lines: list[TextLine], lo: int, hi: int) -> int | None:
    """The heading line of an annex filed on its own ("Phụ lục 2", "PHỤ LỤC"), when it opens the document.

    It may follow a page number and the issuer's name (SG02: "1" / "BỘ NỘI VỤ" / "Phụ lục 2" / "HƯỚNG DẪN
    CHẤM ĐIỂM ..."), never a number line, the motto or a type line: the words under it are the annex's
    title, not a type line (SG02's "HƯỚNG DẪN ..." is not a hướng dẫn; SG19, LD09).
    """
    for index in range(lo, min(hi, lo + 6)):
        text = lines[index].text
        if _ANNEX_HEADING.match(text):
            return index
        if NUMBER_LINE.match(text) or _MOTTO.search(text) or _TYPE_LINE.match(text) or \
                not (text.isupper() or text.strip().isdigit()):
            return None
    return None


def _annex_title(text: DocText, heading: int, hi: int) -> tuple[Segment | None, int]:
    """The title under an annex heading (and its rest on the heading line), up to "(Kèm theo ...)" or a table."""
    lines = text.lines
    match = _ANNEX_HEADING.match(lines[heading].text)
    rest = match.group("rest") if match else ""
    start = lines[heading].end - len(rest) if rest else None
    end = lines[heading].end if rest else None
    index = heading + 1
    while index < hi and index <= heading + 4:
        line = lines[index]
        if _ATTACHED_TO.match(line.text) or line.is_table_row or _BODY_OPENERS.match(line.text) \
                or line.page != lines[heading].page or _RULE.match(line.text):
            break
        start = line.start if start is None else start
        end = line.end
        index += 1
    if start is None or end is None:
        return None, index
    return _segment(text, start, end), index


def _letter_subject(text: DocText, header: list[Segment]) -> Segment | None:
    """A công văn has no type line; its subject is the `V/v ...` line under the number, with the lines it
    wraps onto (SG01, SG05, SG07, SG08, SG25: two to five lines, up to the motto or "Kính gửi")."""
    for index, seg in enumerate(header):
        if not fold(seg.text).lstrip("(").startswith(("v/v", "về việc")):
            continue
        end = seg.end
        for later in header[index + 1:]:
            if later.start != end + 1 or _is_header_cell(later.text) or _RULE.match(later.text):
                break  # only the printed lines right under it, not the motto or the date beside it
            end = later.end
        return _segment(text, seg.start, end)
    return None


def _attachment_starts(text: DocText) -> list[int]:
    """First lines of the documents filed after the main one: a second Decree 30 header (its motto, with the
    issuer and number above it on the same page: SG03 pp. 3-4, SG11 p. 2), or a page that opens with a
    heading and "(Kèm theo Công văn số ...)" (SG25 p. 3). A "PHỤ LỤC" is not one: a plan's appendix is part of
    the plan (its tables hold the assignments) and stays the main document's `appendix_start`.
    """
    lines = text.lines
    starts: list[int] = []
    seen_body = False
    for index, line in enumerate(lines):
        if not seen_body:
            seen_body = _STRONG_OPENERS.match(line.text) is not None and not fold(line.text).startswith("kính gửi")
            continue
        top = _page_top(lines, index)
        new_header = _MOTTO_FIRST.match(line.text) is not None and index - top < _HEADER_REACH
        annex = _ATTACHED_TO.match(line.text) is not None and index - top < _ANNEX_REACH and \
            not any(_APPENDIX.match(lines[i].text) or _ANNEX_HEADING.match(lines[i].text) for i in range(top, index))
        if (new_header or annex) and top > 0 and (not starts or top > starts[-1]):
            starts.append(top)
    return starts


_HEADER_REACH = 8  # lines above a motto on its page: page number, issuer (2-4 lines), number, V/v lines (SG03)
_ANNEX_REACH = 4  # lines above "(Kèm theo ...)" on its page: page number and the annex's title (SG25, SG11)


def _page_top(lines: list[TextLine], index: int) -> int:
    top = index
    while top > 0 and lines[top - 1].page == lines[index].page:
        top -= 1
    return top


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
        elif index > (label or limit) and in_list and cells and _lost_bullet(text, lines, index, limit, cells[0]):
            recipients.append(cells.pop(0))  # a recipient whose bullet was lost (OCR) or never typed
            in_list = not fold(recipients[-1].text).lstrip("-+• ").startswith("lưu")
        elif index > (label or -1):
            in_list = False
        signature.extend(c for c in cells if c.text)
        if any(is_person_name(split_rank(c.text)[1]) and _confident(text, c) for c in cells) and any(
                AUTHORITY.match(s.text) or s.text.isupper() for s in signature) and \
                not _another_signer(lines, index + 1, limit):
            return start, index + 1, recipients, signature
    return start, limit, recipients, signature


def _confident(text: DocText, segment: Segment, floor: float = 0.7) -> bool:
    """Read with confidence (always, for a text layer): OCR specks in a seal can look like a short name."""
    return all(text.words[i].confidence >= floor for i in text.words_in(segment.start, segment.end))


def _lost_bullet(text: DocText, lines: list[TextLine], index: int, limit: int, cell: Segment) -> bool:
    """Whether a line in the recipients without a bullet is a recipient all the same.

    It is when it closes like one (";", "."), when it is the filed copy ("Lưu: ..."), or when the list goes
    on after it: SG21's scan reads "- Phòng HCQT;" as "Phòng HCQT", dash and semicolon lost, with
    "- Lưu: VT, HCC, NC." on the next line. A signer's title (capitals, "KT. ...") never is.
    """
    if cell.text.isupper() or AUTHORITY.match(cell.text):
        return False
    if _ends_item(cell) or _FILED_COPY.match(cell.text):
        return True
    following = split_cells(text, lines[index + 1]) if index + 1 < limit else []
    return bool(following) and _BULLET.match(following[0].text) is not None


def _ends_item(segment: Segment) -> bool:
    return segment.text.rstrip().endswith((";", ".", ":"))


#: Ranks of the army and police printed before a signer's name ("Thượng tướng Nguyễn Văn Long": SG25;
#: "Thiếu tướng", "Đại tá", "Thượng tá": SG23, SG24), matched without marks (OCR reads "Thiêu tướng").
_RANK = re.compile(r"^\W*((?:dai|thuong|trung|thieu)\s+(?:tuong|ta|uy)|chuan\s+uy)\s+", re.IGNORECASE)
_ANOTHER_SIGNER_REACH = 3  # lines after a signer's name searched for a second signer's authority line


def split_rank(text: str) -> tuple[str | None, str]:
    """A signer's line as (rank, name): ("Thượng tướng", "Nguyễn Văn Long"); (None, text) without a rank."""
    match = _RANK.match(skeleton(text))
    if match is None:
        return None, text
    return text[match.start(1):match.end(1)], text[match.end():]


def _another_signer(lines: list[TextLine], index: int, limit: int) -> bool:
    """A second signature block right after a signer's name (a biên bản: "THƯ KÝ" then "TM. HỘI ĐỒNG")."""
    return any(AUTHORITY.match(lines[i].text) for i in range(index, min(limit, index + _ANOTHER_SIGNER_REACH)))


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
            # the addressee line ends with its stop even when it runs to the margin: the body starts under it
            # ("Kính gửi: Sở Văn hóa, ... (qua Phòng Tổ chức - Pháp chế)." then "Thực hiện Kế hoạch số ...")
            continues = continues and not (fold(blocks[-1].text).startswith("kính gửi")
                                           and previous.text.rstrip().endswith((".", ";")))
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
