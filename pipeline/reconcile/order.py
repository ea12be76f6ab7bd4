"""The order a head of office reads the units in: who needs chasing first, what was set aside last.

Missing reports and late ones come first (the office acts on them), then
reports that fall short of a target, then those on time, then reports from
units outside the roster; documents that do not count (an earlier report
of a unit that sent a later one, a report for another plan or for none)
come last, each with its reason. Every output (JSON, CSV, XLSX, HTML,
DOCX) shows `Reconciliation.reports` in this one order.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.text.normalize import fold
from schemas.reconciliation import Flag, FlagKind, ReportState, ReportStatus

MISSING, LATE, UNDATED, SHORT, ON_TIME, UNKNOWN_UNIT, SUPERSEDED, NOT_FOR_PLAN = range(8)

_GROUP_OF_STATE = {
    ReportState.MISSING: MISSING,
    ReportState.LATE: LATE,
    ReportState.UNDATED: UNDATED,
    ReportState.ON_TIME: ON_TIME,
    ReportState.UNKNOWN_UNIT: UNKNOWN_UNIT,
    ReportState.SUPERSEDED: SUPERSEDED,
    ReportState.NOT_FOR_PLAN: NOT_FOR_PLAN,
}


def reader_group(status: ReportStatus, short_files: set[str]) -> int:
    """The group a unit's row falls in; a report on time that misses a target is read with the short ones."""
    group = _GROUP_OF_STATE[status.state]
    if group == ON_TIME and status.file in short_files:
        return SHORT
    return group


def reader_order(reports: Sequence[ReportStatus], flags: Sequence[Flag]) -> list[ReportStatus]:
    """`reports` in reading order: by group, the latest first among late ones, then by unit name.

    Missing units keep the roster's order (the order the office keeps its list in).
    """
    short_files = {f.report.file for f in flags if f.kind == FlagKind.TARGET_SHORTFALL and f.report is not None}

    def key(indexed: tuple[int, ReportStatus]) -> tuple[int, int, str, int]:
        index, status = indexed
        group = reader_group(status, short_files)
        if group == MISSING:
            return group, 0, "", index
        return group, -(status.days_late or 0), fold(status.unit), index

    return [status for _, status in sorted(enumerate(reports), key=key)]
