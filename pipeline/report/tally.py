"""The counts of a reconciliation as every output words them: one place, so no two outputs disagree.

`Reconciliation.tally()` defines each count once; this module names them
(Vietnamese first, English beside) and writes the summary sentences the
command line prints, the HTML cards show, the workbook's first sheet lists
and the draft report opens with. "11 documents received" and "8 reports"
are different counts, both named, never one shown as the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.reconcile.labels import FLAG_LABELS
from schemas.reconciliation import FlagKind, Tally


@dataclass(frozen=True)
class CountLine:
    """One count: its key in `Tally`, its Vietnamese and English names, and how far it is indented under
    the count it is part of (0: a total, 1: a part of the one above)."""

    key: str
    vi: str
    en: str
    level: int = 0


COUNT_LINES: list[CountLine] = [
    CountLine("documents", "Văn bản đơn vị gửi đến", "Documents received from units"),
    CountLine("received", "Báo cáo được tính cho kế hoạch", "Reports that count for the plan", 1),
    CountLine("on_time", "Đúng hạn", "On time", 2),
    CountLine("late", "Muộn", "Late", 2),
    CountLine("undated", "Không rõ ngày", "Undated", 2),
    CountLine("unknown_unit", "Của đơn vị ngoài danh sách", "From units not in the roster", 2),
    CountLine("set_aside", "Văn bản để riêng, không tính", "Documents set aside", 1),
    CountLine("superseded", "Đã có báo cáo thay thế", "Superseded by a later report", 2),
    CountLine("not_for_plan", "Không thuộc kế hoạch này", "Not for this plan", 2),
    CountLine("missing", "Đơn vị chưa gửi báo cáo", "Units that sent no report"),
    CountLine("targets", "Chỉ tiêu của kế hoạch", "Targets of the plan"),
    CountLine("targets_met", "Đạt", "Met", 1),
    CountLine("targets_shortfall", "Không đạt", "Short", 1),
    CountLine("targets_not_reported", "Chưa có báo cáo", "Not reported", 1),
    CountLine("flags", "Cảnh báo", "Flags"),
    *[CountLine(f"flags_{kind.value}", FLAG_LABELS[kind].vi, FLAG_LABELS[kind].en, 1) for kind in FlagKind],
]


def count_value(tally: Tally, key: str) -> int:
    """A count by its `COUNT_LINES` key (flag kinds are `flags_<kind>`)."""
    if key.startswith("flags_"):
        return tally.flags_by_kind.get(key.removeprefix("flags_"), 0)
    return int(getattr(tally, key))


def reports_sentence(tally: Tally) -> dict[str, str]:
    """What came in, in one sentence: documents, which count (on time, late ...), which were set aside, who is missing."""
    parts_vi = [f"{tally.on_time} đúng hạn", f"{tally.late} muộn"]
    parts_en = [f"{tally.on_time} on time", f"{tally.late} late"]
    if tally.undated:
        parts_vi.append(f"{tally.undated} không rõ ngày")
        parts_en.append(f"{tally.undated} undated")
    if tally.unknown_unit:
        parts_vi.append(f"{tally.unknown_unit} của đơn vị ngoài danh sách")
        parts_en.append(f"{tally.unknown_unit} from units not in the roster")
    aside_vi = aside_en = ""
    if tally.set_aside:
        why_vi = [f"{n} {w}" for n, w in ((tally.superseded, "đã có báo cáo thay thế"),
                                          (tally.not_for_plan, "không thuộc kế hoạch này")) if n]
        why_en = [f"{n} {w}" for n, w in ((tally.superseded, "superseded"), (tally.not_for_plan, "not for this plan"))
                  if n]
        aside_vi = f"; {tally.set_aside} văn bản để riêng ({', '.join(why_vi)})"
        aside_en = f"; {tally.set_aside} set aside ({', '.join(why_en)})"
    return {
        "vi": f"đã nhận {tally.documents} văn bản: {tally.received} báo cáo được tính ({', '.join(parts_vi)})"
              f"{aside_vi}; {tally.missing} đơn vị chưa gửi báo cáo",
        "en": f"{tally.documents} documents received: {tally.received} reports count ({', '.join(parts_en)})"
              f"{aside_en}; {tally.missing} unit(s) sent no report",
    }


def targets_sentence(tally: Tally) -> dict[str, str]:
    return {
        "vi": f"{tally.targets} chỉ tiêu: {tally.targets_met} đạt, {tally.targets_shortfall} không đạt, "
              f"{tally.targets_not_reported} chưa có báo cáo; {tally.flags} cảnh báo",
        "en": f"{tally.targets} targets: {tally.targets_met} met, {tally.targets_shortfall} short, "
              f"{tally.targets_not_reported} not reported; {tally.flags} flags",
    }
