"""The draft synthesis report (báo cáo tổng hợp) the office sends upward, as a Word file in the Decree 30 format.

What the office must send after the units have reported is a BÁO CÁO of its
own: who reported (on time, late, not at all), the targets against what
was achieved, the tasks nobody reported on. This module drafts it from the
`Reconciliation` so nobody retypes a figure: the header block (issuing
body, a blank `Số:      /BC-…` and a blank day for the office's clerk), the
type and summary line citing the plan, the three factual parts, a closing
part left for the office to write, and `Nơi nhận:` and the signature block
as blanks.

Format from Decree 30/2020/NĐ-CP, Appendix I, Part I (quoted where a value
comes from it):
- "Khổ A4 (210 mm x 297 mm)"; "Định lề trang: Cách mép trên và mép dưới
  20 - 25 mm, cách mép trái 30 - 35 mm, cách mép phải 15 - 20 mm": 20, 20,
  30, 15 mm (the widest text area the decree allows, for the target table).
- "Phông chữ tiếng Việt Times New Roman ... màu đen".
- Quốc hiệu "chữ in hoa, cỡ chữ từ 12 đến 13, kiểu chữ đứng, đậm"; Tiêu ngữ
  "chữ in thường, cỡ chữ từ 13 đến 14, ... đậm ...; phía dưới có đường kẻ
  ngang, nét liền, có độ dài bằng độ dài của dòng chữ".
- Issuing body "chữ in hoa, cỡ chữ từ 12 đến 13, ... đậm ...; phía dưới có
  đường kẻ ngang, nét liền, có độ dài bằng từ 1/3 đến 1/2 độ dài của dòng
  chữ"; its parent "chữ in hoa, cỡ chữ từ 12 đến 13, kiểu chữ đứng".
- "Từ 'Số' ... cỡ chữ 13"; place and date "cỡ chữ từ 13 đến 14, kiểu chữ
  nghiêng", on the number's line.
- Type "chữ in hoa, cỡ chữ từ 13 đến 14, ... đậm"; summary "chữ in thường,
  cỡ chữ từ 13 đến 14, ... đậm", a line of 1/3 to 1/2 under it.
- Body "cỡ chữ từ 13 đến 14; ... chữ đầu dòng lùi vào 1 cm hoặc 1,27 cm;
  khoảng cách giữa các đoạn văn tối thiểu là 6pt; khoảng cách giữa các dòng
  tối thiểu là dòng đơn, tối đa là 1,5 lines", justified.
- "Nơi nhận" "cỡ chữ 12, kiểu chữ nghiêng, đậm", its list "cỡ chữ 11";
  signer's title "chữ in hoa, cỡ chữ từ 13 đến 14, ... đậm".
- Page numbers "cỡ chữ 13 đến 14, ... canh giữa ... trong phần lề trên ...,
  không hiển thị số trang thứ nhất".
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from pipeline.reconcile.labels import STATUS_LABELS, date_vi, goal_text, percent_vi
from pipeline.report.tables import achieved_text, result_percent
from pipeline.report.tally import reports_sentence, targets_sentence
from schemas.reconciliation import (
    FlagKind,
    Reconciliation,
    ReportState,
    ReportStatus,
)

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 11  # the target table: eight columns in 165 mm
PAGE_W, PAGE_H = Mm(210), Mm(297)


def _twips_at_least(mm: float) -> Twips:
    """Word keeps lengths in twips: round up, so 15 mm is never stored as 14,99 mm (under the decree's floor)."""
    return Twips(math.ceil(mm * 1440 / 25.4))


MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = (_twips_at_least(mm) for mm in (20, 20, 30, 15))
TEXT_WIDTH_MM = 210 - 30 - 15
# The motto's top line at 12 pt is 88 mm wide: the right column holds it on one line with the cell's padding;
# the issuing body wraps in the left column when long, as the decree allows ("có thể trình bày thành nhiều dòng").
HEADER_LEFT_MM, HEADER_RIGHT_MM = 70, TEXT_WIDTH_MM - 70
HEADER_PT = 12
FIRST_LINE = Mm(10)
BLANK_DAY = "      "  # the clerk writes the number and the day when the report is signed
MOTTO_TOP = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# Serif faces metric-compatible with Times New Roman, to measure the lines under the header (Debian's
# fonts-liberation2 is in the Makefile's packages); without one, an average glyph width is assumed.
_SERIF_BOLD = ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
               "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
               "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman_Bold.ttf")


@dataclass(frozen=True)
class Header:
    """The issuing body's block of the draft: parent, name, code of its symbols, place."""

    parent: str | None
    name: str
    code: str
    place: str | None


def header_of(rec: Reconciliation) -> Header:
    """The compiling body from the roster's `office:` when given, else the plan's own issuer (an office
    reports on the plan it issued); the symbol's code from the plan's number ('19/KH-SVHTTDL' -> 'SVHTTDL')."""
    office = rec.office
    code = _issuer_code(rec.plan)
    if office is not None:
        return Header(office.parent, office.name, office.code or code or "", office.place or rec.plan_place)
    return Header(rec.plan_issuer_parent, rec.plan_issuer or "…………………", code or "", rec.plan_place)


def _issuer_code(number: str | None) -> str | None:
    """The issuer's part of a document symbol: '19/KH-SVHTTDL' -> 'SVHTTDL', '86/KH-UBND' -> 'UBND'."""
    found = re.search(r"/[^\W\d_]+-([^\s/]+)", number or "")
    return found.group(1) if found else None


def plan_citation(rec: Reconciliation) -> str:
    """'Kế hoạch số 19/KH-SVHTTDL ngày 30/01/2026': how the report names the plan throughout."""
    date = f" ngày {date_vi(rec.plan_date)}" if rec.plan_date else ""
    return f"Kế hoạch số {rec.plan}{date}"


def summary_line(rec: Reconciliation) -> str:
    """The trích yếu: 'Kết quả thực hiện Kế hoạch số 19/KH-SVHTTDL ngày 30/01/2026 về phát động ...'."""
    about = f" về {_lower_first(rec.plan_title)}" if rec.plan_title else ""
    return f"Kết quả thực hiện {plan_citation(rec)}{about}"


def write_synthesis(rec: Reconciliation, path: Path, today: dt.date | None = None) -> Path:
    """Write the draft report to `path` (.docx)."""
    document = Document()
    _page_setup(document)
    _styles(document)
    header = header_of(rec)
    year = max([(today or dt.date.today()).year, *(int(r.issued_date[:4]) for r in rec.reports if r.issued_date)])
    _header_block(document, header, year)
    _title(document, rec)
    _body(document, rec)
    _signature(document)
    properties = document.core_properties
    properties.title = f"Dự thảo báo cáo {summary_line(rec)}"[:250]
    properties.author = "vanban"
    properties.comments = "Dự thảo lập tự động từ reconciliation.json; cơ quan kiểm tra, bổ sung trước khi ký ban hành."
    document.save(str(path))
    return path


# ----------------------------------------------------------------------------- page and styles


def _page_setup(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True  # "không hiển thị số trang thứ nhất"
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(number, "PAGE", size=13)


def _styles(document: DocumentObject) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    paragraph = normal.paragraph_format
    paragraph.space_before, paragraph.space_after = Pt(0), Pt(0)
    paragraph.line_spacing = 1.0


def _field(paragraph: Paragraph, instruction: str, size: int) -> None:
    run = paragraph.add_run()
    run.font.size = Pt(size)
    for kind, text in (("begin", None), (None, instruction), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)


# ----------------------------------------------------------------------------- header block


def _header_block(document: DocumentObject, header: Header, year: int) -> None:
    """Boxes 1-4 of the decree's layout: issuer (left) and motto (right), then number (left) and date (right)."""
    table = _fixed_table(document, 2, (HEADER_LEFT_MM, HEADER_RIGHT_MM))
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    if header.parent:
        _text(first, header.parent.upper(), HEADER_PT, align="center")
        issuer = left.add_paragraph()
    else:
        issuer = first
    _text(issuer, header.name.upper(), HEADER_PT, bold=True, align="center")
    _rule(left, _rule_width(header.name.upper(), HEADER_PT, HEADER_LEFT_MM, third=True))
    _text(right.paragraphs[0], MOTTO_TOP, HEADER_PT, bold=True, align="center")
    _text(right.add_paragraph(), MOTTO, 13, bold=True, align="center")
    _rule(right, _rule_width(MOTTO, 13, HEADER_RIGHT_MM, third=False))
    number, date = table.rows[1].cells
    _text(number.paragraphs[0], f"Số:{BLANK_DAY}/BC-{header.code}", 13, align="center", before=4)
    place = f"{header.place}, " if header.place else f"{'…' * 6}, "
    _text(date.paragraphs[0], f"{place}ngày{BLANK_DAY}tháng{BLANK_DAY}năm {year}", 14, italic=True,
          align="center", before=4)


def _fixed_table(document: DocumentObject, rows: int, widths_mm: tuple[float, ...], style: str | None = None):  # noqa: ANN202
    """A table whose columns keep their widths in Word and LibreOffice alike (the grid and every cell)."""
    table = document.add_table(rows=rows, cols=len(widths_mm))
    if style:
        table.style = style
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table


def _text(paragraph: Paragraph, text: str, size: float, bold: bool = False, italic: bool = False,
          align: str = "justify", before: float = 0, after: float = 0) -> Paragraph:
    paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                           "justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    return paragraph


def _rule(cell: _Cell, width_mm: float) -> None:
    """A solid line `width_mm` long, centred in the cell: a tiny paragraph with a bottom border, indented."""
    paragraph = cell.add_paragraph()
    cell_mm = cell.width.mm if cell.width else TEXT_WIDTH_MM / 2
    indent = max(0.0, (cell_mm - width_mm) / 2)
    paragraph.paragraph_format.left_indent = Mm(indent)
    paragraph.paragraph_format.right_indent = Mm(indent)
    paragraph.paragraph_format.space_before = Pt(1)  # clear of the marks under the letters (Ệ, Ọ)
    paragraph.paragraph_format.space_after = Pt(2)
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _rule_width(text: str, size: float, cell_mm: float, third: bool) -> float:
    """The line under a header text: as long as the text (the motto), or 1/3-1/2 of it (the issuer,
    the summary: 0.4 is taken). A text wider than its cell wraps: its longest line is the cell."""
    length = min(_text_width_mm(text, size), cell_mm - 2)
    return round(length * 0.4, 1) if third else round(length, 1)


@lru_cache(maxsize=64)
def _text_width_mm(text: str, size: float) -> float:
    try:
        from PIL import ImageFont

        path = next(p for p in _SERIF_BOLD if Path(p).is_file())
        points = ImageFont.truetype(path, 200).getlength(text) * size / 200
    except (StopIteration, OSError):
        points = 0.55 * size * len(text)
    return points * 25.4 / 72


# ----------------------------------------------------------------------------- title and body


def _title(document: DocumentObject, rec: Reconciliation) -> None:
    _text(document.add_paragraph(), "BÁO CÁO", 14, bold=True, align="center", before=12)
    line = summary_line(rec)
    _text(document.add_paragraph(), line, 14, bold=True, align="center")
    cell = _fixed_table(document, 1, (TEXT_WIDTH_MM,)).rows[0].cells[0]
    cell.paragraphs[0].paragraph_format.line_spacing = Pt(2)
    _rule(cell, round(min(_text_width_mm(line, 14), TEXT_WIDTH_MM) * 0.4, 1))


def _para(document: DocumentObject, text: str = "", bold: bool = False, italic: bool = False,
          indent: bool = True) -> Paragraph:
    """A body paragraph: justified, first line indented 1 cm, 6 pt between paragraphs, 1.15 lines."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = FIRST_LINE if indent else None
    fmt.space_before = Pt(6)
    fmt.line_spacing = 1.15
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        run.italic = italic
    return paragraph


def _body(document: DocumentObject, rec: Reconciliation) -> None:
    tally = rec.tally()
    _para(document, f"Thực hiện {plan_citation(rec)}, trên cơ sở báo cáo của các đơn vị, kết quả thực hiện "
                    "Kế hoạch được tổng hợp như sau:").paragraph_format.space_before = Pt(12)
    _heading(document, "I. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ")
    _para(document, f"Đến thời điểm tổng hợp, {reports_sentence(tally)['vi']}.")
    by_state: dict[str, list[ReportStatus]] = {}
    for status in rec.reports:
        by_state.setdefault(status.state.value, []).append(status)
    groups = [
        (ReportState.MISSING, "Đơn vị chưa gửi báo cáo", _missing_line),
        (ReportState.LATE, "Đơn vị gửi báo cáo muộn", _late_line),
        (ReportState.UNDATED, "Báo cáo không xác định được ngày", _report_line),
        (ReportState.ON_TIME, "Đơn vị gửi báo cáo đúng hạn", _report_line),
        (ReportState.UNKNOWN_UNIT, "Báo cáo của đơn vị ngoài danh sách (kết quả vẫn được tổng hợp)", _report_line),
        (ReportState.SUPERSEDED, "Báo cáo đã được thay thế bằng báo cáo sau (không tính)", _aside_line),
        (ReportState.NOT_FOR_PLAN, "Văn bản không thuộc Kế hoạch này (không tính)", _aside_line),
    ]
    for state, title, line in groups:
        statuses = by_state.get(state.value, [])
        if not statuses:
            continue
        _para(document, f"- {title} ({len(statuses)}): " + "; ".join(line(s) for s in statuses) + ".")

    _heading(document, "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    lead = _para(document, f"Kế hoạch có {targets_sentence(tally)['vi'].split('; ')[0]}"
                           + (" (chi tiết tại bảng dưới đây)." if rec.targets else "."))
    lead.paragraph_format.keep_with_next = True
    if rec.targets:
        _target_table(document, rec)

    _heading(document, "III. NHIỆM VỤ CHƯA CÓ ĐƠN VỊ BÁO CÁO")
    tasks = [f.task for f in rec.flags if f.kind == FlagKind.TASK_NOT_ADDRESSED and f.task]
    if tasks:
        _para(document, f"Có {len(tasks)} nhiệm vụ của Kế hoạch chưa có báo cáo nào đề cập:")
        for task in tasks:
            _para(document, f"- {task.rstrip('.')}.")
    else:
        _para(document, "Các nhiệm vụ của Kế hoạch đều có đơn vị báo cáo kết quả thực hiện.")

    _heading(document, "IV. ĐÁNH GIÁ CHUNG VÀ KIẾN NGHỊ, ĐỀ XUẤT")
    _para(document, "(Phần này do cơ quan tổng hợp viết: đánh giá chung, tồn tại, hạn chế, nguyên nhân; "
                    "kiến nghị, đề xuất.)", italic=True)
    for _ in range(3):
        _dotted_line(document)
    closing = _para(document, f"Trên đây là báo cáo kết quả thực hiện {plan_citation(rec)}./.")
    closing.paragraph_format.keep_with_next = True  # the signature block is not left alone on a page


def _dotted_line(document: DocumentObject) -> None:
    """A line of dots across the text width, for the office to write on (a dot-leader tab: it never wraps)."""
    paragraph = _para(document, indent=False)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    paragraph.add_run("\t")


def _heading(document: DocumentObject, text: str) -> Paragraph:
    paragraph = _para(document, text, bold=True)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _report_name(status: ReportStatus) -> str:
    number = f"Báo cáo số {status.number}" if status.number else f"báo cáo ({Path(status.file or '').name})"
    date = f" ngày {date_vi(status.issued_date)}" if status.issued_date else ""
    return f"{number}{date}"


def _report_line(status: ReportStatus) -> str:
    return f"{status.unit} ({_report_name(status)})"


def _late_line(status: ReportStatus) -> str:
    due = f", hạn {date_vi(status.deadline)}" if status.deadline else ""
    days = f", chậm {status.days_late} ngày" if status.days_late else ""
    return f"{status.unit} ({_report_name(status)}{days}{due})"


def _missing_line(status: ReportStatus) -> str:
    return status.unit


def _aside_line(status: ReportStatus) -> str:
    why = f": {status.note['vi']}" if status.note else ""
    return f"{_report_name(status)} của {status.unit}{why}"


TARGET_HEADS = ["STT", "Chỉ tiêu", "Kế hoạch", "Đơn vị báo cáo", "Kết quả", "% kế hoạch", "Đánh giá", "Nguồn"]
TARGET_WIDTHS_MM = [10, 36, 20, 29, 19, 14, 16, 21]  # 165 mm, the text width
CELL_MARGIN_MM = 1.0


def target_rows(rec: Reconciliation) -> list[list[str]]:
    """The target table's rows as the draft shows them (one per target and result; the test reads these)."""
    numbers = {r.file: r.number for r in rec.reports if r.file}
    rows = []
    for index, target in enumerate(rec.targets, start=1):
        goal = goal_text(target.comparator, target.comparator_text, target.raw_value)
        if not target.results:
            rows.append([str(index), target.metric, goal, "", "", "", STATUS_LABELS[target.status].vi, ""])
        for result in target.results:
            rows.append([
                str(index), target.metric, goal, result.unit or "",
                achieved_text(target, result.value), percent_vi(result_percent(target, result)),
                "Đạt" if result.met else "Không đạt",
                _source(numbers.get(result.file), result.file, result.provenance.page),
            ])
    return rows


def _source(number: str | None, file: str, page: int) -> str:
    name = f"BC số {number}" if number else Path(file).name
    return f"{name}, tr. {page}"


def _target_table(document: DocumentObject, rec: Reconciliation) -> None:
    rows = target_rows(rec)
    table = _fixed_table(document, 1 + len(rows), tuple(TARGET_WIDTHS_MM), style="Table Grid")
    for r, values in enumerate([TARGET_HEADS, *rows]):
        for c, value in enumerate(values):
            paragraph = table.cell(r, c).paragraphs[0]
            align = "center" if r == 0 or c in (0, 5, 6) else "right" if c == 4 else "left"
            _text(paragraph, value, TABLE_PT, bold=r == 0, align=align)
    _merge_target_cells(table, rows)
    _repeat_header(table.rows[0])
    _cell_margins(table, CELL_MARGIN_MM)


def _merge_target_cells(table, rows: list[list[str]]) -> None:  # noqa: ANN001 - a docx Table
    """A target with several results: its number, name and plan value span its rows."""
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index][0] != rows[start][0]:
            if index - start > 1:
                for column in (0, 1, 2):
                    top = table.cell(start + 1, column)
                    text = top.text
                    merged = top.merge(table.cell(index, column))
                    for paragraph in merged.paragraphs[1:]:
                        paragraph._p.getparent().remove(paragraph._p)
                    if merged.text != text:
                        merged.paragraphs[0].runs[0].text = text
            start = index


def _cell_margins(table, mm: float) -> None:  # noqa: ANN001 - a docx Table
    """Narrow left and right cell padding, so eight columns fit the text width."""
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(mm * 56.7)))  # twentieths of a point
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties.append(margins)


def _keep_rows_whole(table) -> None:  # noqa: ANN001 - a docx Table
    for row in table.rows:
        element = OxmlElement("w:cantSplit")
        element.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(element)


def _repeat_header(row) -> None:  # noqa: ANN001 - a docx table row
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


# ----------------------------------------------------------------------------- signature block


def _signature(document: DocumentObject) -> None:
    """Boxes 9b and 7: `Nơi nhận:` on the left, the signer's title and name on the right, all blank."""
    table = _fixed_table(document, 1, (80, TEXT_WIDTH_MM - 80))
    _keep_rows_whole(table)
    left, right = table.rows[0].cells
    _text(left.paragraphs[0], "Nơi nhận:", 12, bold=True, italic=True, align="left", before=12)
    for line in ("- ……………………;", "- ……………………;", "- Lưu: VT, …….."):
        _text(left.add_paragraph(), line, 11, align="left")
    _text(right.paragraphs[0], "……………………………", 14, bold=True, align="center", before=12)
    _text(right.add_paragraph(), "(Quyền hạn, chức vụ người ký)", 12, italic=True, align="center")
    for _ in range(4):
        right.add_paragraph()
    _text(right.add_paragraph(), "……………………………", 14, bold=True, align="center")
    _text(right.add_paragraph(), "(Họ và tên)", 12, italic=True, align="center")


def _lower_first(text: str) -> str:
    """'Phát động phong trào ...' -> 'phát động phong trào ...' (an acronym such as 'UBND' is left alone)."""
    text = " ".join(text.split())
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
