"""Reading appendix tables by what their columns mean, whatever their exact headers say.

Assignment tables (STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối
hợp | Thời gian hoàn thành | Sản phẩm) and target tables (STT | Chỉ tiêu |
Đơn vị tính | Kế hoạch | Thực hiện | Tỷ lệ %) vary in wording from one
province to the next; columns are recognised by key words in the header.
"""

from __future__ import annotations

from pipeline.normalize import fold
from pipeline.structure import Block, Segment

TASK_COLUMN = ("nội dung", "nhiệm vụ", "công việc", "hoạt động", "tên nhiệm vụ", "giải pháp")
LEAD_COLUMN = ("chủ trì", "cơ quan thực hiện", "đơn vị thực hiện", "đơn vị chịu trách nhiệm", "cơ quan thực hiện",
               "người thực hiện", "trách nhiệm thực hiện", "đơn vị, cá nhân thực hiện")
SUPPORT_COLUMN = ("phối hợp",)
TIME_COLUMN = ("thời gian", "thời hạn", "tiến độ")
METRIC_COLUMN = ("chỉ tiêu", "tên chỉ tiêu", "nội dung chỉ tiêu")
UNIT_COLUMN = ("đơn vị tính", "đvt", "đơn vị đo")
PLAN_COLUMN = ("kế hoạch", "mục tiêu", "chỉ tiêu năm", "giá trị", "năm 20")
ACTUAL_COLUMN = ("thực hiện", "kết quả", "ước thực hiện", "ước đạt")
PERCENT_COLUMN = ("tỷ lệ", "so với kế hoạch", "% so với", "so sánh")


def column_index(header: list[str], keys: tuple[str, ...], exclude: tuple[str, ...] = ()) -> int | None:
    """Index of the first header cell containing one of `keys` (and none of `exclude`)."""
    for index, cell in enumerate(header):
        text = fold(cell)
        if any(k in text for k in keys) and not any(x in text for x in exclude):
            return index
    return None


def row_cell(row: Block, index: int | None) -> Segment | None:
    if index is None or index >= len(row.cells):
        return None
    return row.cells[index]
