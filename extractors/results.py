"""Results a report states (filled for bao_cao): from result tables and from its sentences.

A report's table (Chỉ tiêu | ĐVT | Kế hoạch | Thực hiện | Tỷ lệ %, or a
statistics form: Chỉ tiêu thống kê | Đơn vị tính | Số liệu) gives one result
a row, with the plan and percent-of-plan columns kept beside it when there
are any. Results stated in prose are read by `result_prose`.
"""

from __future__ import annotations

from extractors.context import Context
from extractors.result_prose import results_from_prose
from extractors.tables import (
    ACTUAL_COLUMN,
    METRIC_COLUMN,
    PERCENT_COLUMN,
    PLAN_COLUMN,
    UNIT_COLUMN,
    column_index,
    row_cell,
    row_quantity,
)
from schemas.extraction import Result, Section

_NOT_ACTUAL = ("cơ quan", "đơn vị thực hiện", "người", "thời gian", "tỷ lệ")
_NOT_PLAN = ("thực hiện", "tỷ lệ", "so sánh", "so với", "kết quả")


def extract_results(ctx: Context, sections: list[Section] | None = None) -> list[Result]:
    """Results from the report's tables, then from its results parts' sentences."""
    if ctx.structure.doc_type not in {"bao_cao", "phu_luc", "cong_van", "khac"}:  # a report, its annex, a letter
        return []
    return results_from_tables(ctx) + results_from_prose(ctx, sections or [])


def results_from_tables(ctx: Context) -> list[Result]:
    out = []
    for table in ctx.structure.tables:
        metric_col = column_index(table, METRIC_COLUMN, exclude=("đơn vị tính",))
        actual_col = column_index(table, ACTUAL_COLUMN, exclude=_NOT_ACTUAL)
        if metric_col is None or actual_col is None or actual_col == metric_col:
            continue
        unit_col = column_index(table, UNIT_COLUMN)
        percent_col = column_index(table, PERCENT_COLUMN)
        plan_col = column_index(table, PLAN_COLUMN, exclude=_NOT_PLAN)
        if plan_col in {metric_col, actual_col}:
            plan_col = None
        for row in table.rows:
            metric = row_cell(row, metric_col)
            unit = row_cell(row, unit_col)
            found = row_quantity(row_cell(row, actual_col), unit)
            if metric is None or not metric.text.strip() or found is None:
                continue
            percent = row_quantity(row_cell(row, percent_col), None) if percent_col is not None else None
            plan = row_quantity(row_cell(row, plan_col), unit) if plan_col is not None else None
            out.append(Result(
                metric=" ".join(metric.text.split()), value=found.value, unit=found.unit,
                base_value=found.base_value, base_unit=found.base_unit,
                plan_value=plan.base_value if plan else None,
                percent_of_plan=percent.value if percent else None,
                text=" ".join(row.text.split()), section=(ctx.block_heading_titles(row) or [None])[-1],
                from_table=True, provenance=ctx.provenance(*found.span),
            ))
    return out
