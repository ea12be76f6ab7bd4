"""Words and number shapes the reconciliation outputs show a Vietnamese reader.

Kept apart from the writers so the spreadsheet, the CSV and the HTML page
name a flag kind, a report state or a target status the same way, and a
wording change is made once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from pipeline.text.doctypes import DOC_TYPE_NAMES
from pipeline.text.normalize import fold
from schemas.reconciliation import FlagKind, ReportState, TargetStatus


@dataclass(frozen=True)
class Label:
    """A value as a reader sees it: Vietnamese first, English beside, and its badge colour."""

    vi: str
    en: str
    colour: str = "#5f6368"


# Colours are dark enough for white badge text (contrast >= 4.5:1) and tell the kinds apart in print too.
FLAG_LABELS: dict[FlagKind, Label] = {
    FlagKind.MISSING_REPORT: Label("Chưa gửi báo cáo", "Missing report", "#a50e0e"),
    FlagKind.LATE_REPORT: Label("Báo cáo muộn", "Late report", "#8a5300"),
    FlagKind.TARGET_NOT_REPORTED: Label("Chỉ tiêu chưa được báo cáo", "Target not reported", "#5f6368"),
    FlagKind.TARGET_SHORTFALL: Label("Chỉ tiêu không đạt", "Target shortfall", "#c5221f"),
    FlagKind.TASK_NOT_ADDRESSED: Label("Nhiệm vụ chưa được đề cập", "Task not addressed", "#6a3fb5"),
    FlagKind.LOW_CONFIDENCE: Label("Độ tin cậy thấp", "Low confidence", "#1a5fb4"),
}

STATE_LABELS: dict[ReportState, Label] = {
    ReportState.ON_TIME: Label("Đúng hạn", "On time", "#137333"),
    ReportState.LATE: Label("Muộn", "Late", "#8a5300"),
    ReportState.MISSING: Label("Chưa gửi", "Missing", "#a50e0e"),
    ReportState.UNDATED: Label("Không rõ ngày", "Undated", "#5f6368"),
    ReportState.SUPERSEDED: Label("Đã có báo cáo thay thế", "Superseded", "#5f6368"),
    ReportState.NOT_FOR_PLAN: Label("Không thuộc kế hoạch này", "Not for this plan", "#5f6368"),
    ReportState.UNKNOWN_UNIT: Label("Đơn vị ngoài danh sách", "Unknown unit", "#5f6368"),
}

STATUS_LABELS: dict[TargetStatus, Label] = {
    TargetStatus.MET: Label("Đạt", "Met", "#137333"),
    TargetStatus.SHORTFALL: Label("Không đạt", "Short", "#c5221f"),
    TargetStatus.NOT_REPORTED: Label("Chưa báo cáo", "Not reported", "#80868b"),
}

# Signs read the same in every language; "tăng"/"giảm" targets are changes, not levels.
COMPARATOR_SIGNS: dict[str, str] = {
    "eq": "=",
    "gte": "≥",
    "gt": ">",
    "lte": "≤",
    "lt": "<",
    "increase": "tăng",
    "decrease": "giảm",
}

MET_WORDS = {True: "đạt", False: "không đạt"}


def comparator_sign(comparator: str) -> str:
    """The sign for a comparator code; an unknown code is shown as written rather than hidden."""
    return COMPARATOR_SIGNS.get(comparator, comparator)


def goal_text(comparator: str, comparator_text: str | None, raw_value: str) -> str:
    """A target's level as the plan words it: 'phấn đấu đạt 70 %', 'từ 80% trở lên', '≥ 80'.

    The plan's own words win over the sign (a reader checks the plan
    against what it said, and 'phấn đấu đạt' is not '='). A table cell that
    already holds its comparator ('≥ 80', 'Tối thiểu 95') is shown as it
    stands; without any words, the sign stands before the value, except '='.
    """
    if comparator_text:
        if fold(comparator_text) in fold(raw_value):
            return raw_value
        if "..." in comparator_text or "…" in comparator_text:  # 'từ ... trở lên' wraps the value
            head, _, tail = comparator_text.replace("…", "...").partition("...")
            return " ".join(f"{head.strip()} {raw_value} {tail.strip()}".split())
        return f"{comparator_text} {raw_value}"
    sign = comparator_sign(comparator)
    if comparator == "eq" or raw_value.lstrip().startswith(sign):
        return raw_value
    return f"{sign} {raw_value}"


_DOC_TYPE_WORDS = {slug: name for name, slug in reversed(DOC_TYPE_NAMES.items())}


def doc_type_vi(slug: str | None) -> str:
    """'bao_cao' -> 'báo cáo': a document type as a Vietnamese reader names it (the slug when unknown)."""
    if not slug:
        return "không rõ loại"
    return _DOC_TYPE_WORDS.get(slug, slug.replace("_", " "))


def number_vi(value: float | None, decimals: int = 2) -> str:
    """`23100000.0` -> '23.100.000', `70.5` -> '70,5': the separators a Vietnamese reader expects."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent_vi(value: float | None) -> str:
    """`85.333` -> '85,3%' (one decimal is as precise as a plan's targets are)."""
    return "" if value is None else number_vi(value, decimals=1) + "%"


def date_vi(iso: str | None) -> str:
    """An ISO date as dd/mm/yyyy, the form the documents themselves use; anything else as written."""
    if not iso:
        return ""
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso
