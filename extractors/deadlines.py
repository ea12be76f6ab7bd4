"""Deadlines: a date, how it binds (before, by, on, period, recurring, ongoing) and what it binds.

A date is a deadline only when a cue binds it ("trước ngày", "chậm nhất",
"đến hết ngày", "định kỳ hằng quý") or when it stands in a table's time
column; dates of cited documents and descriptive years are not deadlines.
A relative start ("từ ngày ban hành Kế hoạch") resolves to the issue date.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.context import Context
from extractors.cues import Cue, CueMatcher
from extractors.grammar import DateMention, to_iso
from extractors.tables import TASK_COLUMN, TIME_COLUMN, column_index, row_cell
from pipeline.text.normalize import fold
from schemas.extraction import Deadline, DeadlineRelation

CUES: dict[str, list[str]] = {
    "before": ["trước ngày", "trước", "xong trước", "không muộn hơn ngày"],
    "by": ["chậm nhất", "muộn nhất", "hạn chót", "hạn cuối", "thời hạn", "hạn", "hoàn thành trong",
           "hoàn thành", "xong trong", "trong"],
    "end": ["đến hết ngày", "đến ngày", "đến hết", "đến"],
    "on": ["vào ngày", "vào", "diễn ra", "thời gian tổ chức", "thời gian kiểm tra", "thời gian"],
    # plain "định kỳ" is also an adjective ("khám sức khỏe định kỳ"): only a stated period makes a recurrence
    "recurring": ["định kỳ hằng", "định kỳ hàng", "định kỳ 6 tháng", "hằng tháng", "hàng tháng", "hằng quý",
                  "hàng quý", "hằng năm", "hàng năm", "6 tháng một lần", "hằng tuần", "hàng tuần"],
    "ongoing": ["thường xuyên", "liên tục"],
    "since_issue": ["từ ngày ban hành", "kể từ ngày ban hành", "từ ngày ký", "kể từ ngày ký"],
}
_RECURRENCE = {"tháng": "monthly", "quý": "quarterly", "năm": "yearly", "tuần": "weekly", "6 tháng": "half_yearly"}
_MAX_GAP = 28  # characters between a cue and its date ("trước ngày 15/12/2026", "chậm nhất là ngày ...")
# Cues that bind only the date right after them: "vào ngày 18/4", "trong tháng 9/2026", "đến 31/12".
_ADJACENT = {"vào", "trong", "đến", "hạn", "thời gian", "diễn ra"}
_BOUNDARY = re.compile(r"[;.!?]\s|\n\s*[-+•]")
_YEARLONG = {"year", "range"}
_YEAR = re.compile(r"\d{4}")


@lru_cache(maxsize=1)
def _matcher() -> CueMatcher:
    return CueMatcher(CUES)


def extract_deadlines(ctx: Context) -> list[Deadline]:
    deadlines: list[Deadline] = []
    for table in ctx.structure.tables:
        time_col = column_index(table, TIME_COLUMN)
        if time_col is None:
            continue
        task_col = column_index(table, TASK_COLUMN)
        for row in table.rows:
            cell = row_cell(row, time_col)
            if cell is not None and cell.text:
                task = row_cell(row, task_col) if task_col is not None else None
                deadlines += _from_span(ctx, cell.start, cell.end, default="by",
                                        applies_to=task.text if task else None)
    for block in ctx.structure.blocks:
        if block.kind != "table_row" and not ctx.is_report_narrative(block):
            deadlines += _from_span(ctx, block.start, block.end, default=None, applies_to=None)
    return deadlines


def _from_span(ctx: Context, start: int, end: int, default: str | None, applies_to: str | None) -> list[Deadline]:
    piece = ctx.piece(start, end)
    mentions = ctx.mentions(start, end)
    cues = _matcher()(ctx.doc(start, end))
    ranges = mentions.ranges
    singles = [d for d in mentions.dates if not any(r.start <= d.start < r.end for r in ranges)]
    cited = [(n.start, n.end) for n in mentions.numbers]
    out: list[Deadline] = []
    used_cues: set[int] = set()
    for mention in sorted([*ranges, *singles], key=lambda m: m.start):
        if _follows_citation(piece, mention, cited):
            continue
        cue = _cue_before(piece, cues, mention)
        relation = _relation(cue, mention, default, piece)
        if relation is None:
            continue
        if not _YEAR.search(mention.text) and any(c.label == "recurring" and _same_clause(piece, c, mention)
                                                 for c in cues):
            relation = DeadlineRelation.RECURRING  # "định kỳ hằng năm (trước ngày 10/12)": every year
        if cue is not None:
            used_cues.add(cue.start)
        start_date = mention.start_date if mention.kind == "range" else None
        if relation is DeadlineRelation.PERIOD and start_date is None:
            since = next((c for c in cues if c.label == "since_issue" and c.end <= mention.start), None)
            start_date = ctx.issued_date if since else None
        date = mention.start_date if relation is DeadlineRelation.BEFORE else mention.end_date
        if relation is DeadlineRelation.RECURRING:
            date = None
        span_start = cue.start if cue is not None else mention.start
        out.append(_deadline(ctx, start, piece, span_start, mention.end, relation, to_iso(date),
                             to_iso(start_date), None, applies_to))
    for cue in cues:
        if cue.label == "recurring" and cue.start not in used_cues:
            out.append(_deadline(ctx, start, piece, cue.start, cue.end, DeadlineRelation.RECURRING, None, None,
                                 _recurrence(piece, cue), applies_to))
        elif cue.label == "ongoing" and (default is not None and fold(piece).startswith(cue.phrase)
                                         or _after_time_label(piece, cue)):
            out.append(_deadline(ctx, start, piece, cue.start, cue.end, DeadlineRelation.ONGOING, None, None,
                                 None, applies_to))
    return _dedupe_recurring(out)


def _recurrence(piece: str, cue: Cue) -> str | None:
    period = re.search(r"(6 tháng|tuần|tháng|quý|năm)", piece[cue.start:cue.end + 12])
    return _RECURRENCE.get(period.group(1)) if period else None


def _same_clause(piece: str, cue: Cue, mention: DateMention) -> bool:
    a, b = sorted((cue.start, mention.start))
    return not _BOUNDARY.search(piece[a:b])


def _follows_citation(piece: str, mention: DateMention, cited: list[tuple[int, int]]) -> bool:
    """`số 70/NQ-HĐND ngày 11/12/2025`: the date belongs to the cited document."""
    return any(0 <= mention.start - b <= 16 and re.fullmatch(r"[\s,]*(?:ban hành\s*)?(?:ngày\s*)?",
                                                               piece[b:mention.start], re.IGNORECASE)
               for _, b in cited)


def _cue_before(piece: str, cues: list[Cue], mention: DateMention) -> Cue | None:
    best = None
    for cue in cues:
        # a cue may end inside the mention's lead word: "trước ngày" + "ngày 15/12/2026"
        if cue.start < mention.start and cue.end <= mention.start + 6 and cue.label != "since_issue":
            gap = piece[min(cue.end, mention.start):mention.start]
            limit = 3 if cue.phrase in _ADJACENT else _MAX_GAP
            if len(gap) <= limit and not _BOUNDARY.search(gap):
                best = cue
    return best


def _relation(cue: Cue | None, mention: DateMention, default: str | None, piece: str) -> DeadlineRelation | None:
    if mention.kind == "range":
        if fold(mention.text).startswith("từ"):  # "từ ngày 01/4 đến ngày 30/9/2026" states its own period
            return DeadlineRelation.PERIOD
        if cue is None or cue.phrase == "trong":
            return None  # "giai đoạn 2026 - 2030" alone is a scope, not a deadline
        return DeadlineRelation.PERIOD if cue.label in {"by", "on", "end"} else _cue_relation(cue)
    if mention.kind == "day_of_month":  # "(trước ngày 25) hằng tháng": the day of a recurring report
        return DeadlineRelation.RECURRING if cue is not None else None
    if cue is None:
        return DeadlineRelation(default) if default == "by" else None
    if cue.phrase == "trong" and mention.kind in _YEARLONG and default is None:
        return None  # "các chỉ tiêu trong năm 2026": a scope, not a due date
    if cue.phrase == "đến" and mention.kind == "year":
        return None
    return _cue_relation(cue, mention)


def _cue_relation(cue: Cue, mention: DateMention | None = None) -> DeadlineRelation | None:
    label = cue.label
    if label == "end":
        return DeadlineRelation.PERIOD
    if label == "on":
        return DeadlineRelation.ON if mention is None or mention.kind == "day" else DeadlineRelation.BY
    if label in {"before", "by", "recurring"}:
        return DeadlineRelation(label)
    return None


def _after_time_label(piece: str, cue: Cue) -> bool:
    return re.search(r"thời (gian|hạn)[^.;:]{0,30}:\s*$", piece[:cue.start], re.IGNORECASE) is not None


def _deadline(ctx: Context, offset: int, piece: str, start: int, end: int, relation: DeadlineRelation,
              date: str | None, start_date: str | None, recurrence: str | None,
              applies_to: str | None) -> Deadline:
    return Deadline(
        date=date,
        start_date=start_date,
        relation=relation,
        recurrence=recurrence,
        applies_to=applies_to or _clause(piece, start, end),
        provenance=ctx.provenance(offset + start, offset + end),
    )


def _clause(piece: str, start: int, end: int) -> str:
    """The sentence around [start, end): what the deadline is for."""
    left = max((m.end() for m in _BOUNDARY.finditer(piece[:start])), default=0)
    tail = _BOUNDARY.search(piece, end)
    right = tail.start() + 1 if tail else len(piece)
    return " ".join(piece[left:right].split())


def _dedupe_recurring(items: list[Deadline]) -> list[Deadline]:
    """'định kỳ hằng tháng (trước ngày 25)' is one recurrence, not two or three."""
    out: list[Deadline] = []
    for item in items:
        twin = next((o for o in out if o.relation is DeadlineRelation.RECURRING
                     and item.relation is DeadlineRelation.RECURRING and o.applies_to == item.applies_to), None)
        if twin is None:
            out.append(item)
            continue
        out[out.index(twin)] = twin.model_copy(update={"recurrence": twin.recurrence or item.recurrence})
    return out
