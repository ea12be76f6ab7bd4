"""Results a report states (filled for bao_cao): from result tables.

A report's table (Chỉ tiêu | ĐVT | Kế hoạch | Thực hiện | Tỷ lệ %, or a
statistics form: Chỉ tiêu thống kê | Đơn vị tính | Số liệu) gives one result
a row; the percent-of-plan column, when there is one, is kept beside it.
Results stated in prose ("đạt 92,9% kế hoạch") are read by reconciliation's
report extractor.
"""

from __future__ import annotations

from extractors.context import Context
from extractors.tables import (
    ACTUAL_COLUMN,
    METRIC_COLUMN,
    PERCENT_COLUMN,
    UNIT_COLUMN,
    column_index,
    row_cell,
    row_quantity,
)
from schemas.extraction import Result

_NOT_ACTUAL = ("cơ quan", "đơn vị thực hiện", "người", "thời gian", "tỷ lệ")


def extract_results(ctx: Context) -> list[Result]:
    if ctx.structure.doc_type not in {"bao_cao", None}:
        return []
    out = []
    for table in ctx.structure.tables:
        metric_col = column_index(table, METRIC_COLUMN, exclude=("đơn vị tính",))
        actual_col = column_index(table, ACTUAL_COLUMN, exclude=_NOT_ACTUAL)
        if metric_col is None or actual_col is None or actual_col == metric_col:
            continue
        unit_col = column_index(table, UNIT_COLUMN)
        percent_col = column_index(table, PERCENT_COLUMN)
        for row in table.rows:
            metric = row_cell(row, metric_col)
            found = row_quantity(row_cell(row, actual_col), row_cell(row, unit_col))
            if metric is None or not metric.text.strip() or found is None:
                continue
            percent = row_quantity(row_cell(row, percent_col), None) if percent_col is not None else None
            out.append(Result(
                metric=" ".join(metric.text.split()), value=found.value, unit=found.unit,
                base_value=found.base_value, percent_of_plan=percent.value if percent else None,
                provenance=ctx.provenance(*found.span),
            ))
    return out
