"""The rows of the reconciliation tables, built once for both the CSV files and the spreadsheet.

Four tables: the counts (the same `Tally` every output shows), flags,
targets against results, and units with their report status, in the order a
head of office reads them (pipeline/reconcile/order.py). A `Column` says how a value is to be shown (text, number, percent,
date) but the rows hold plain Python values, so the CSV writer can print
them as they are and the XLSX writer can give each cell its number format.
Code columns (the raw `kind`, `state`, `status`) go to the CSV for filtering
by machine and are left out of the sheet, where the Vietnamese label stands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pipeline.reconcile.labels import (
    FLAG_LABELS,
    MET_WORDS,
    STATE_LABELS,
    STATUS_LABELS,
    comparator_sign,
    goal_text,
    number_vi,
)
from pipeline.reconcile.messages import amount
from pipeline.report.tally import COUNT_LINES, count_value
from schemas.reconciliation import (
    Evidence,
    Flag,
    Reconciliation,
    ReportStatus,
    ResultMatch,
    TargetAttainment,
)

CellKind = Literal["text", "long_text", "number", "percent", "int", "date"]
Cell = str | int | float | None


@dataclass(frozen=True)
class Column:
    """One column: its CSV key, its sheet header, how its cells are shown, and whether the sheet has it."""

    key: str
    header: str
    kind: CellKind = "text"
    in_sheet: bool = True


@dataclass
class Table:
    """A titled table: the sheet name, its columns and its rows (dicts keyed by `Column.key`)."""

    name: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Cell]] = field(default_factory=list)


# Where a value stands in the plan and in the report: every flag and every target row carries both.
_PLAN_QUOTE = [Column("plan_page", "Trang (KH)", "int"), Column("plan_text", "Trích kế hoạch", "long_text")]
_REPORT_QUOTE = [Column("report_file", "Tệp báo cáo"), Column("report_page", "Trang (BC)", "int"),
                 Column("report_text", "Trích báo cáo", "long_text")]

FLAG_COLUMNS = [
    Column("kind", "Mã loại", in_sheet=False),
    Column("kind_vi", "Loại cảnh báo"),
    Column("unit", "Đơn vị"),
    Column("message_vi", "Nội dung", "long_text"),
    Column("message_en", "Message (English)", "long_text"),
    Column("target", "Chỉ tiêu"),
    Column("task", "Nhiệm vụ"),
    Column("achieved", "Kết quả đạt", "number"),
    Column("expected", "Chỉ tiêu đề ra", "number"),
    Column("percent", "% so với chỉ tiêu", "percent"),
    Column("plan_file", "Tệp kế hoạch"),
    *_PLAN_QUOTE,
    *_REPORT_QUOTE,
]

TARGET_COLUMNS = [
    Column("metric", "Chỉ tiêu", "long_text"),
    Column("comparator", "Mã so sánh", in_sheet=False),
    Column("comparator_sign", "Dấu so sánh", in_sheet=False),
    Column("comparator_text", "Từ so sánh trong kế hoạch", in_sheet=False),
    Column("goal", "Mức đề ra (như kế hoạch ghi)"),
    Column("target_value", "Giá trị chỉ tiêu", "number"),
    Column("raw_value", "Số liệu như văn bản ghi", in_sheet=False),
    Column("unit", "Đơn vị tính"),
    Column("status", "Mã trạng thái", in_sheet=False),
    Column("status_vi", "Trạng thái"),
    Column("reporting_unit", "Đơn vị báo cáo"),
    Column("achieved", "Kết quả đạt", "number"),
    Column("percent", "% so với chỉ tiêu", "percent"),
    Column("met", "Đạt/không đạt"),
    Column("match_score", "Độ khớp chỉ tiêu", "number", in_sheet=False),
    *_PLAN_QUOTE,
    *_REPORT_QUOTE,
]

UNIT_COLUMNS = [
    Column("unit", "Đơn vị"),
    Column("state", "Mã tình trạng", in_sheet=False),
    Column("state_vi", "Tình trạng"),
    Column("file", "Tệp báo cáo"),
    Column("number", "Số văn bản"),
    Column("issued_date", "Ngày văn bản", "date"),
    Column("deadline", "Hạn báo cáo", "date"),
    Column("days_late", "Số ngày muộn", "int"),
    Column("note_vi", "Ghi chú", "long_text"),
    Column("note_en", "Note (English)", "long_text"),
]

COUNT_COLUMNS = [
    Column("key", "Mã", in_sheet=False),
    Column("label_vi", "Nội dung"),
    Column("label_en", "Count (English)"),
    Column("value", "Số lượng", "int"),
]


def build_tables(rec: Reconciliation) -> dict[str, Table]:
    """The four tables, keyed 'counts', 'flags', 'targets', 'units' (the CSV names; the sheet names are the titles)."""
    return {
        "counts": Table("counts", "Tổng hợp", COUNT_COLUMNS, count_rows(rec)),
        "flags": Table("flags", "Cảnh báo", FLAG_COLUMNS, [flag_row(f) for f in rec.flags]),
        "targets": Table("targets", "Chỉ tiêu", TARGET_COLUMNS, target_rows(rec.targets)),
        "units": Table("units", "Đơn vị", UNIT_COLUMNS, [unit_row(r) for r in rec.reports]),
    }


def count_rows(rec: Reconciliation) -> list[dict[str, Cell]]:
    """Every count, indented under the count it is part of, as the HTML cards and the CLI give them."""
    tally = rec.tally()
    return [{"key": line.key, "label_vi": "    " * line.level + line.vi, "label_en": "    " * line.level + line.en,
             "value": count_value(tally, line.key)} for line in COUNT_LINES]


def flag_row(flag: Flag) -> dict[str, Cell]:
    """A flag with both sides of its evidence spelled out, so a filter on the sheet needs no lookup."""
    return {
        "kind": flag.kind.value,
        "kind_vi": FLAG_LABELS[flag.kind].vi,
        "unit": flag.unit,
        "message_vi": flag.message.get("vi", ""),
        "message_en": flag.message.get("en", ""),
        "target": flag.target,
        "task": flag.task,
        "achieved": plain_number(flag.achieved),
        "expected": plain_number(flag.expected),
        "percent": rounded_percent(flag.percent),
        **evidence_cells("plan", flag.plan),
        **evidence_cells("report", flag.report),
    }


def target_rows(targets: list[TargetAttainment]) -> list[dict[str, Cell]]:
    """One row per target and result; a target nobody reported still gets its row, with the result cells empty."""
    rows: list[dict[str, Cell]] = []
    for target in targets:
        base = {
            "metric": target.metric,
            "comparator": target.comparator,
            "comparator_sign": comparator_sign(target.comparator),
            "comparator_text": target.comparator_text,
            "goal": goal_text(target.comparator, target.comparator_text, target.raw_value),
            "target_value": plain_number(target.value),
            "raw_value": target.raw_value,
            "unit": target.unit,
            "status": target.status.value,
            "status_vi": STATUS_LABELS[target.status].vi,
            "plan_page": target.provenance.page,
            "plan_text": target.provenance.text,
        }
        empty = {key: None for key in ("reporting_unit", "achieved", "percent", "met", "match_score",
                                       "report_file", "report_page", "report_text")}
        if not target.results:
            rows.append(base | empty)
        for result in target.results:
            rows.append(base | {
                "reporting_unit": result.unit,
                "achieved": plain_number(result.value),
                "percent": rounded_percent(result_percent(target, result)),
                "met": MET_WORDS[result.met],
                "match_score": round(result.score, 3),
                "report_file": result.file,
                "report_page": result.provenance.page,
                "report_text": result.provenance.text,
            })
    return rows


def unit_row(status: ReportStatus) -> dict[str, Cell]:
    """A unit's reporting as the roster sees it: what came, when, against which deadline."""
    return {
        "unit": status.unit,
        "state": status.state.value,
        "state_vi": STATE_LABELS[status.state].vi,
        "file": status.file,
        "number": status.number,
        "issued_date": status.issued_date,
        "deadline": status.deadline,
        "days_late": status.days_late,
        "note_vi": status.note.get("vi") if status.note else None,
        "note_en": status.note.get("en") if status.note else None,
    }


def evidence_cells(side: str, evidence: Evidence | None) -> dict[str, Cell]:
    """`<side>_file`, `<side>_page`, `<side>_text` for one side of a flag (empty when that side has none)."""
    provenance = evidence.provenance if evidence else None
    return {
        f"{side}_file": evidence.file if evidence else None,
        f"{side}_page": provenance.page if provenance else None,
        f"{side}_text": provenance.text if provenance else None,
    }


def result_percent(target: TargetAttainment, result: ResultMatch) -> float | None:
    """The result as % of its target: the report's own figure when matched with one, else computed.

    A target of zero (e.g. 'không để xảy ra sự cố') has no percentage.
    """
    if result.percent is not None:
        return result.percent
    if target.value:
        return result.value / target.value * 100
    return None


def achieved_text(target: TargetAttainment, value: float) -> str:
    """A result in the scale the plan wrote its target in ('21.450 nghìn lượt' against '23.100 nghìn lượt'),
    so the reader compares like with like; growth as a percentage."""
    if target.comparator in {"increase", "decrease"}:
        return f"{number_vi(value)}%"
    if target.stated_value:
        return amount(value, target.stated_value, target.value, target.stated_unit or target.unit)
    return f"{number_vi(value)} {target.unit or ''}".strip()


def plain_number(value: float | None) -> int | float | None:
    """Whole numbers as int, so the CSV reads `23100000`, not `23100000.0`."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def rounded_percent(value: float | None) -> float | None:
    """Percentages to two decimals: more would be noise from the division, not information."""
    return None if value is None else round(value, 2)

