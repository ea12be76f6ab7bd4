"""Deadlines: a date, how it binds (before, by, on, period, recurring, ongoing) and what it binds.

A date is a deadline only when a cue binds it ("trước ngày", "chậm nhất",
"đến hết ngày", "định kỳ hằng quý") or when it stands in a table's time
column; dates of cited documents and descriptive years are not deadlines.
A relative start ("từ ngày ban hành Kế hoạch") resolves to the issue date.

Dates that are not deadlines, as real documents write them: a date already
past when the document speaks (LC16 chases up "trước ngày 05/02/2026" in
April; SG17's "tính đến ngày 26/11/2024"), a data cut-off ("tính đến ngày
28/12/2024 là đủ 12 tháng", "Đến ngày 27/11/2025, ..."), someone's plan
("dự kiến tổ chức Đại hội vào ngày 27/6/2025", SG09, SG17, SG24), a request
retold from another document ("Hội ... có Văn bản số ... kiến nghị kéo dài
... đến quý I/2025", SG17), a term of office ("nhiệm kỳ 2026 - 2031"), a
quotation (SG19), a second document in the file (SG11's charter). A bare
"hằng năm" naming a yearly thing ("Kế hoạch CCHC hằng năm", "dự toán được
duyệt hằng năm") recurs nothing (SG01, SG18, LD04).
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.context import Context
from extractors.cues import Cue, CueMatcher
from extractors.grammar import DateMention, to_iso
from extractors.scope import Scope
from extractors.tables import TASK_COLUMN, TIME_COLUMN, column_index, row_cell
from extractors.units import names_only_units
from pipeline.text.normalize import fold
from schemas.extraction import Deadline, DeadlineRelation

CUES: dict[str, list[str]] = {
    "before": ["trước ngày", "trước", "xong trước", "không muộn hơn ngày"],
    # "chậm nhất đến ngày 30/9/2025" (SG09) is a due date, not the end of a period
    "by": ["chậm nhất", "muộn nhất", "hạn chót", "hạn cuối", "thời hạn", "hạn", "hoàn thành trong",
           "hoàn thành", "xong trong", "trong", "chậm nhất đến ngày", "chậm nhất đến", "muộn nhất đến ngày"],
    "end": ["đến hết ngày", "đến ngày", "đến hết", "đến"],
    # "bắt đầu từ 13h30 thứ Hai ngày 06/7/2026" (LC04): the day an event starts
    "on": ["vào ngày", "vào", "diễn ra", "thời gian tổ chức", "thời gian kiểm tra", "thời gian", "bắt đầu từ",
           "bắt đầu"],
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
    scope = Scope(ctx)
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
                deadlines += _from_span(ctx, scope, cell.start, cell.end, default="by",
                                        applies_to=task.text if task else None)
    for block in ctx.structure.blocks:
        if block.kind != "table_row" and not ctx.is_report_narrative(block) and not scope.foreign(block.start):
            deadlines += _from_span(ctx, scope, block.start, block.end, default=None, applies_to=None)
    return [d for d in deadlines if not _past(d, scope)]


def _past(deadline: Deadline, scope: Scope) -> bool:
    """A date already past when the document speaks binds nothing (LC16 chases up '05/02/2026' in April)."""
    if deadline.date is None or scope.as_of is None:
        return False
    return deadline.date < scope.as_of.isoformat()


def _from_span(ctx: Context, scope: Scope, start: int, end: int, default: str | None,
               applies_to: str | None) -> list[Deadline]:
    piece = ctx.piece(start, end)
    mentions = ctx.mentions(start, end)
    cues = [c for c in _matcher()(ctx.doc(start, end)) if scope.own_voice(start + c.start)]
    ranges = mentions.ranges
    singles = [d for d in mentions.dates if not any(r.start <= d.start < r.end for r in ranges)]
    cited = [(n.start, n.end) for n in mentions.numbers]
    out: list[Deadline] = []
    used_cues: set[int] = set()
    for mention in sorted([*ranges, *singles], key=lambda m: m.start):
        if _follows_citation(piece, mention, cited) or not scope.own_voice(start + mention.start) \
                or _not_a_deadline(ctx, piece, mention):
            continue
        cue = _cue_before(piece, cues, mention)
        relation = DeadlineRelation.ON if _starts_at_time(piece, mention) else _relation(cue, mention, default, piece)
        if relation is None:
            continue
        if not _YEAR.search(mention.text) and any(c.label == "recurring" and _same_clause(piece, c, mention)
                                                 for c in cues):
            relation = DeadlineRelation.RECURRING  # "định kỳ hằng năm (trước ngày 10/12)": every year
        if relation is DeadlineRelation.PERIOD and _extended(piece, mention):
            relation = DeadlineRelation.BY  # "gia hạn thời gian tổ chức đại hội đến ngày 31/12/2024" (SG17)
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
        if cue.label == "recurring" and cue.start not in used_cues and (default is not None or _recurs(piece, cue)):
            out.append(_deadline(ctx, start, piece, cue.start, cue.end, DeadlineRelation.RECURRING, None, None,
                                 _recurrence(piece, cue), applies_to))
        elif cue.label == "ongoing" and (default is not None and fold(piece).startswith(cue.phrase)
                                         or _after_time_label(piece, cue) or _ongoing_task(piece, cue)):
            out.append(_deadline(ctx, start, piece, cue.start, cue.end, DeadlineRelation.ONGOING, None, None,
                                 None, applies_to))
    return _dedupe_recurring(out)


# "tính đến ngày 26/11/2024 có: ..." (SG17), "Tính đến ngày 28/12/2024 là đủ 12 tháng" (SG17): as of, not by;
# "tính đến hết ngày 31/12/2026" closes a period (LD04) and stays.
_CUT_OFF = re.compile(r"tính\s+đến\s+(?!hết)(?:ngày\s*)?$|^\s*đến\s+(?:ngày\s*)?$", re.IGNORECASE)
# someone's plan or proposal awaiting approval: "dự kiến tổ chức Đại hội vào ngày 27/6/2025" (SG09, SG17),
# "Dự kiến tổ chức 1/2 ngày, từ ngày 13/01 đến ngày 16/01" (SG24); a plan's own schedule is its deadline.
_PLANNED = re.compile(r"\bdự\s+ki[ếê]n\b", re.IGNORECASE)
# a request retold from another document: "Hội ... có Văn bản số 16/CGC.BT ... kiến nghị kéo dài ... đến quý
# I/2025" (SG17); a retold decision still binds ("đã có Công văn số 574 ..., theo đó thống nhất gia hạn ...
# chậm nhất đến ngày 30/9/2025", SG09).
_RETOLD_REQUEST = re.compile(r"\b(?:có|đã có|gửi)\s+(?:công văn|văn bản|tờ trình|đơn)\b.*\b(?:kiến nghị|đề nghị|"
                             r"xin|đề xuất)\b", re.IGNORECASE)
_TERM = re.compile(r"nhiệm\s+kỳ\s*(?:[IVX]+\s*)?\(?\s*$", re.IGNORECASE)


def _not_a_deadline(ctx: Context, piece: str, mention: DateMention) -> bool:
    left = _clause_start(piece, mention.start)
    before = piece[left:mention.start]
    if _CUT_OFF.search(before) and (before.strip() == "" or re.search(r"tính\s+đến", before, re.IGNORECASE)
                                     or piece[mention.end:mention.end + 2].startswith(",")):
        return True
    if _TERM.search(before):
        return True  # "nhiệm kỳ 2026 - 2031" (SG13), "Nhiệm kỳ III (2018-2023)" (SG17)
    if ctx.structure.doc_type != "ke_hoach" and _PLANNED.search(before):
        return True
    return _RETOLD_REQUEST.search(before) is not None


def _clause_start(piece: str, position: int) -> int:
    return max((m.end() for m in _BOUNDARY.finditer(piece, 0, position)), default=0)


_EXTENDED = re.compile(r"\b(?:gia hạn|kéo dài)\b[^.;]*$", re.IGNORECASE)


def _extended(piece: str, mention: DateMention) -> bool:
    return _EXTENDED.search(piece[_clause_start(piece, mention.start):mention.start]) is not None


def _starts_at_time(piece: str, mention: DateMention) -> bool:
    """'Thời gian: từ 08h00 ngày 07/11/2025' (SG21): an event that starts on that day."""
    return re.search(r"\btừ\s+\d{1,2}\s*(?:h|giờ)\s*\d{0,2}\s*(?:phút|')?\s*(?:,\s*)?(?:thứ\s+\S+\s*,?\s*)?$",
                     piece[:mention.start], re.IGNORECASE) is not None


# Verbs a recurrence or "thường xuyên" qualifies ("Định kỳ hằng quý tổng hợp, báo cáo", LC15; "tổ chức triển khai
# thường xuyên", LD04; "Thường xuyên theo dõi, kiểm tra", SG18; "kiểm tra thường xuyên và đột xuất", LC01).
_ACTION = ("báo cáo", "tổng hợp", "gửi", "tổ chức", "triển khai", "kiểm tra", "tuần tra", "giám sát", "theo dõi",
           "cập nhật", "rà soát", "đánh giá", "thực hiện", "họp", "xây dựng", "chủ động", "tham mưu", "đôn đốc",
           "thông tin", "tuyên truyền", "quan trắc", "công khai", "kiện toàn", "sơ kết", "tổng kết")
_ACTION_AFTER = re.compile(r"\s*(?:\(|,\s*)?\s*(?:hoặc\s+đột\s+xuất\s+)?(?:" + "|".join(map(re.escape, _ACTION))
                           + r")\b", re.IGNORECASE)
_ACTION_BEFORE = re.compile(r"\b(?:" + "|".join(map(re.escape, _ACTION)) + r")\s*$", re.IGNORECASE)
_OPENING = re.compile(r"[\s\-+•*]*(?:[a-zđ]\)|\d+(?:\.\d+)*\.)?\s*")


def _recurs(piece: str, cue: Cue) -> bool:
    """A recurrence qualifies an action: it opens the task ("Định kỳ hằng quý tổng hợp, báo cáo"), follows the
    units that owe it ("Các Sở, ngành, địa phương định kỳ hàng năm (trước ngày 10/12) ... báo cáo", LC01), or
    stands by the verb ("báo cáo định kỳ hằng tháng"). Not "Kế hoạch CCHC hằng năm" (a yearly thing)."""
    left = _clause_start(piece, cue.start)
    opening = _OPENING.match(piece, left)
    before = piece[opening.end() if opening else left:cue.start]
    if not before.strip() or names_only_units(before) or _ACTION_BEFORE.search(before):
        return True
    return _ACTION_AFTER.match(piece, cue.end) is not None and before.rstrip().endswith(",")


def _ongoing_task(piece: str, cue: Cue) -> bool:
    """'Thường xuyên theo dõi, kiểm tra ...' opening a task, or '... triển khai thường xuyên': ongoing work.
    Not 'chi thường xuyên' (recurrent spending), 'tính chất thường xuyên', 'thông suốt, liên tục'."""
    left = _clause_start(piece, cue.start)
    opening = _OPENING.match(piece, left)
    before = piece[opening.end() if opening else left:cue.start]
    if re.search(r"\bđã\b", before):
        return False
    if not before.strip() and cue.phrase == "thường xuyên":
        return _ACTION_AFTER.match(piece, cue.end) is not None
    return _ACTION_BEFORE.search(before) is not None


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
