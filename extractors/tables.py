"""Reading appendix tables by what their columns mean, whatever their exact headers say.

Assignment tables (STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối
hợp | Thời gian hoàn thành | Sản phẩm) and target tables (STT | Chỉ tiêu |
Đơn vị tính | Kế hoạch | Thực hiện | Tỷ lệ %) vary in wording from one
province to the next; columns are recognised by key words in the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.grammar import find_quantities, parse_number
from extractors.grammar.units import SCALE_RE, base_unit_of, canonical_scale
from pipeline.text.normalize import fold
from pipeline.text.structure import Block, Segment, Table

TASK_COLUMN = ("nội dung", "nhiệm vụ", "công việc", "hoạt động", "tên nhiệm vụ", "giải pháp")
LEAD_COLUMN = ("chủ trì", "cơ quan thực hiện", "đơn vị thực hiện", "đơn vị chịu trách nhiệm", "người thực hiện",
               "trách nhiệm thực hiện", "đơn vị, cá nhân thực hiện", "trách nhiệm")
SUPPORT_COLUMN = ("phối hợp",)
TIME_COLUMN = ("thời gian", "thời hạn", "tiến độ")
METRIC_COLUMN = ("chỉ tiêu", "tên chỉ tiêu", "nội dung chỉ tiêu")
UNIT_COLUMN = ("đơn vị tính", "đvt", "đơn vị đo")
PLAN_COLUMN = ("kế hoạch", "mục tiêu", "chỉ tiêu năm", "giá trị", "năm 20")
ACTUAL_COLUMN = ("thực hiện", "kết quả", "ước thực hiện", "ước đạt", "số liệu", "đạt được")
PERCENT_COLUMN = ("tỷ lệ", "so với kế hoạch", "% so với", "so sánh")


def column_index(table: Table, keys: tuple[str, ...], exclude: tuple[str, ...] = ()) -> int | None:
    """Index of the column whose header contains one of `keys` (and none of `exclude`).

    Header rows as wide as the data are searched first: converters that break a
    multi-line header cell onto an extra line leave the short rows misaligned.
    """
    rows = sorted(table.header_rows, key=lambda r: len(r) != table.width)
    for header in rows:
        for index, cell in enumerate(header):
            text = fold(cell)
            if any(k in text for k in keys) and not any(x in text for x in exclude):
                return index
    return None


def row_cell(row: Block, index: int | None) -> Segment | None:
    if index is None or index >= len(row.cells):
        return None
    return row.cells[index]


@dataclass(frozen=True)
class CellQuantity:
    """A number read from a table cell, scaled by the unit column ("Tỷ đồng" | "62,4")."""

    value: float
    unit: str | None
    base_value: float
    base_unit: str | None
    span: tuple[int, int]  # in the document text


def row_quantity(value_cell: Segment | None, unit_cell: Segment | None) -> CellQuantity | None:
    """The number in `value_cell`, with its unit from the cell itself or from the unit column."""
    if value_cell is None or not value_cell.text.strip():
        return None
    found = find_quantities(value_cell.text)
    if found and found[0].unit:  # the cell carries its own unit ("98%", "3.350 tỷ đồng")
        quantity = found[0]
        return CellQuantity(quantity.value, quantity.unit, quantity.base_value, quantity.base_unit,
                            (value_cell.start + quantity.start, value_cell.start + quantity.end))
    match = re.search(r"(?<![\w/])\d[\d.,]*(?![\w/])", value_cell.text)
    value = parse_number(match.group(0)) if match else None
    if value is None or match is None:
        return None
    span = (value_cell.start + match.start(), value_cell.start + match.end())
    written = " ".join(unit_cell.text.split()) if unit_cell is not None else ""
    if "=" in written:
        return None  # a coded answer ("Có = 1; Không = 0"), not a measurement
    if not written or written in {"-", "x"}:
        return CellQuantity(value, None, value, None, span)
    unit = written if written == "%" else written.lower()
    scale_match = SCALE_RE.match(unit)
    scale = (canonical_scale(scale_match.group(0)) or ("", 1))[1] if scale_match else 1
    return CellQuantity(value, unit, value * scale, base_unit_of(unit), span)
