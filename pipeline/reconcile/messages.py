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


# ----------------------------------------------------------------------------- notes on the input
# What was done with a document that does not count as it came: said to the reader in Vietnamese first,
# the English beside, like the flags. `file` is the document's name as the reader knows it.


def other_plan(cited: str, plan: str) -> dict[str, str]:
    """A report answering another plan: why it is set aside (its row's remark and its note)."""
    return _both(f"dẫn Kế hoạch số {cited}, không phải Kế hoạch số {plan}", f"cites {cited}, not {plan}")


def no_plan() -> dict[str, str]:
    return _both("không dẫn kế hoạch nào (không có “Thực hiện Kế hoạch số …”)",
                 "cites no plan (no 'Thực hiện Kế hoạch số ...')")


def superseded(later_file: str, later_number: str | None, later_date: str | None) -> dict[str, str]:
    """An earlier report of a unit that sent a later one."""
    number = f" số {later_number}" if later_number else ""
    when = f" ngày {date_vi(later_date)}" if later_date else " (không rõ ngày)"
    return _both(f"đã được thay thế bằng báo cáo{number}{when} ({later_file})",
                 f"superseded by {later_file} ({later_date or 'undated'})")


def undated() -> dict[str, str]:
    return _both("không đọc được ngày của báo cáo", "the report's date could not be read")


def unknown_unit(written: str) -> dict[str, str]:
    return _both(f"đơn vị ban hành “{written}” không có trong danh sách đơn vị; kết quả vẫn được tính",
                 f"the issuing unit '{written}' is not in the roster; its results still count")


def set_aside(file: str, why: dict[str, str]) -> dict[str, str]:
    """The note for a document left out of the reconciliation, with the reason it was."""
    return _both(f"{file}: {why['vi']}; không đưa vào tổng hợp.", f"{file}: {why['en']}; left out of the reconciliation.")


def unit_superseded(file: str, unit: str, why: dict[str, str]) -> dict[str, str]:
    return _both(f"{file}: {unit} đã gửi báo cáo sau; {why['vi']}.", f"{file}: {unit} sent a later report; {why['en']}.")


def about_file(file: str, what: dict[str, str]) -> dict[str, str]:
    """A note on a document that still counts ('the issuing unit ... is not in the roster')."""
    return _both(f"{file}: {what['vi']}.", f"{file}: {what['en']}.")


def not_a_report(file: str, doc_type_vi: str, doc_type: str) -> dict[str, str]:
    return _both(f"{file}: không phải báo cáo ({doc_type_vi}); không đưa vào tổng hợp.",
                 f"{file}: not a report ({doc_type}); left out of the reconciliation.")


def linked_without_number(file: str, how: str) -> dict[str, str]:
    """A report that names the plan by its date or title only."""
    how_vi = {"date": "ngày ban hành", "title": "tên"}.get(how, how)
    return _both(f"{file}: không ghi số kế hoạch; được gắn với kế hoạch theo {how_vi} của kế hoạch.",
                 f"{file}: linked to the plan by its {how}, as the plan number is not cited.")


def plan_not_a_plan(file: str, doc_type_vi: str, doc_type: str) -> dict[str, str]:
    return _both(f"{file}: văn bản được đưa vào làm kế hoạch là {doc_type_vi}, không phải kế hoạch.",
                 f"{file}: the plan given is a {doc_type}, not a kế hoạch.")


def no_roster() -> dict[str, str]:
    return _both("Không có danh sách đơn vị: không xác định được đơn vị chưa gửi báo cáo.",
                 "No roster given: missing reports cannot be told.")
