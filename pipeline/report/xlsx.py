"""The reconciliation as one workbook: a sheet per table, ready to filter and print.

The rows come from `report_tables`, the same rows the CSV files hold; this
module only decides how cells look: numbers as numbers with separators,
percentages as Excel percentages, ISO dates as real dates, a bold frozen
header with a filter, and widths that fit the content without running off
the screen.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.report.tables import Cell, Column, Table

HEADER_FILL = PatternFill("solid", fgColor="E8EAED")
MIN_WIDTH, MAX_WIDTH, LONG_TEXT_WIDTH = 8, 40, 60


def write_xlsx(tables: list[Table], path: Path) -> Path:
    """One sheet per table, in the order given."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        _fill_sheet(workbook.create_sheet(title=table.title), table)
    workbook.save(path)
    return path


def _fill_sheet(sheet: Worksheet, table: Table) -> None:
    columns = [c for c in table.columns if c.in_sheet]
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for row in table.rows:
        sheet.append([_excel_value(column, row.get(column.key)) for column in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            _style_cell(cell, column)
        sheet.column_dimensions[letter].width = _width(column, table.rows)
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = sheet.dimensions
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _excel_value(column: Column, value: Cell) -> Cell | date:
    """Percent cells hold a fraction (Excel's percent format multiplies by 100); ISO dates become dates."""
    if value is None:
        return None
    if column.kind == "percent":
        return float(value) / 100
    if column.kind == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _style_cell(cell: SheetCell, column: Column) -> None:
    """Number formats by column kind, so Excel sorts and sums the numbers rather than text."""
    cell.alignment = Alignment(vertical="top", wrap_text=column.kind == "long_text")
    if cell.value is None:
        return
    if column.kind == "percent":
        cell.number_format = "0.0%"
    elif column.kind == "number":
        cell.number_format = "#,##0" if float(cell.value).is_integer() else "#,##0.00"
    elif column.kind == "date" and isinstance(cell.value, date):
        cell.number_format = "dd/mm/yyyy"


def _width(column: Column, rows: list[dict[str, Cell]]) -> float:
    """Wide enough for the header and the longest value, capped; long text wraps in a fixed width."""
    if column.kind == "long_text":
        return LONG_TEXT_WIDTH
    if column.kind == "date":
        return max(12, len(column.header) + 2)
    longest = max([len(column.header)] + [len(str(r[column.key])) for r in rows if r.get(column.key) is not None])
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))
