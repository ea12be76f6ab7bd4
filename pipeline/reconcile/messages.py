"""The Vietnamese and English sentence of each flag, in one place so wording stays consistent.

Vietnamese first: the reader is a head of office. Numbers are written the
Vietnamese way (23.100.000; 92,9%) and dates as dd/mm/yyyy.
"""

from __future__ import annotations

from pipeline.reconcile.labels import date_vi, number_vi


def _both(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


def missing_report(unit: str, deadline: str | None) -> dict[str, str]:
    due_vi = f" (hạn {date_vi(deadline)})" if deadline else ""
    due_en = f" (due {deadline})" if deadline else ""
    return _both(f"{unit} chưa gửi báo cáo{due_vi}.", f"{unit} has not sent its report{due_en}.")


def late_report(unit: str, issued: str, deadline: str, days: int, before: bool) -> dict[str, str]:
    """`before`: the plan asked for the report before the deadline day ('trước ngày'), not on it."""
    due_vi = f"trước ngày {date_vi(deadline)}" if before else f"ngày {date_vi(deadline)}"
    due_en = f"before {deadline}" if before else f"by {deadline}"
    return _both(
        f"{unit} gửi báo cáo ngày {date_vi(issued)}, chậm {days} ngày (hạn: {due_vi}).",
        f"{unit} reported on {issued}, {days} day(s) late (due {due_en}).",
    )


def target_not_reported(metric: str, raw_value: str, units: list[str]) -> dict[str, str]:
    who_vi = f" ({', '.join(units)})" if units else ""
    who_en = f" (assigned to {', '.join(units)})" if units else ""
    return _both(
        f"Chưa có báo cáo nào nêu kết quả chỉ tiêu “{metric}” ({raw_value}){who_vi}.",
        f"No report states a result for the target '{metric}' ({raw_value}){who_en}.",
    )


def target_shortfall(unit: str, metric: str, achieved: str, expected: str, percent: float | None) -> dict[str, str]:
    """`achieved` and `expected` are amounts already written in the target's scale ('21.450 nghìn lượt')."""
    share_vi = f", bằng {number_vi(percent)}% chỉ tiêu" if percent is not None else ""
    share_en = f", {percent}% of the target" if percent is not None else ""
    return _both(
        f"{unit}: “{metric}” đạt {achieved}{share_vi} (chỉ tiêu {expected}).",
        f"{unit}: '{metric}' reached {achieved}{share_en} (target {expected}).",
    )


def amount(base_value: float, value: float, base: float, unit: str | None) -> str:
    """`base_value` written in the scale a target was given in: 21450000 against '23.100 nghìn lượt' -> '21.450 nghìn lượt'."""
    scale = base / value if value else 1.0
    return f"{number_vi(base_value / scale)} {unit or ''}".strip()


def task_not_addressed(title: str) -> dict[str, str]:
    return _both(
        f"Không báo cáo nào đề cập nhiệm vụ “{title}”.",
        f"No report speaks to the task '{title}'.",
    )


def low_confidence(unit: str, what_vi: str, what_en: str, text: str, confidence: float) -> dict[str, str]:
    return _both(
        f"{unit}: {what_vi} được đọc từ bản quét kém rõ (“{text}”, độ tin cậy {confidence:.0%}); cần kiểm tra lại.",
        f"{unit}: the {what_en} was read from a weak scan ('{text}', confidence {confidence:.0%}); please check it.",
    )
