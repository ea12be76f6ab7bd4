"""Targets (chỉ tiêu): what a plan commits to reach, from prose and from target tables.

A number is a target when its clause carries a goal or comparator cue
("phấn đấu", "mục tiêu", "đạt", "không dưới", "tăng ... so với") or stands
under a MỤC TIÊU / CHỈ TIÊU heading. In "tỷ lệ số xã ... từ 70 điểm trở lên
đạt 70 %" the number after "đạt" is the target and the earlier one is part of
the metric; counts of existing things ("khai thác 04 tuyến") have no cue and
are left alone.

A report's targets are only those it sets for the time ahead (under
PHƯƠNG HƯỚNG, NHIỆM VỤ ... headings): what its results parts state were
achieved ("đạt 92,9% kế hoạch" under "Kết quả thực hiện các chỉ tiêu") are
results (extractors/results.py), never targets.

The comparator is kept as a code for logic and as the words the document
uses ("phấn đấu đạt", "đạt tối thiểu", "từ … trở lên", "Tối thiểu"): a
reader compares the output with the plan, and "phấn đấu đạt" is not "=".
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.context import Context
from extractors.cues import Cue, CueMatcher
from extractors.grammar import Quantity
from extractors.measures import DURATION_UNITS, NEAR, clauses, metric_of
from extractors.sections import extract_sections, reads_results
from extractors.tables import METRIC_COLUMN, PLAN_COLUMN, UNIT_COLUMN, column_index, row_cell, row_quantity
from pipeline.text.normalize import fold, skeleton
from pipeline.text.structure import Block
from schemas.extraction import Comparator, Section, Target

CUES: dict[str, list[str]] = {
    "goal": ["phấn đấu", "mục tiêu", "chỉ tiêu", "bảo đảm", "đảm bảo", "duy trì", "đón", "thu hút", "hoàn thành",
             "giữ vững", "có ít nhất"],
    "eq": ["đạt", "đạt khoảng", "đạt mức", "bằng"],
    "gte": ["từ", "trở lên", "không dưới", "ít nhất", "tối thiểu", "không thấp hơn", "≥", ">="],
    "gt": ["trên", "hơn", "vượt", "cao hơn"],
    "lte": ["không quá", "tối đa", "không vượt quá", "không cao hơn", "≤", "<="],
    "lt": ["dưới", "thấp hơn", "ít hơn"],
    "increase": ["tăng", "tăng thêm", "tăng trưởng"],
    "decrease": ["giảm", "giảm thêm", "giảm xuống"],
}
_COMPARATORS = {"eq", "gte", "gt", "lte", "lt", "increase", "decrease"}
_GOAL_HEADINGS = ("mục tiêu", "chỉ tiêu")
# "Phấn đấu ... đạt 70 %" (seed plan 19/KH-SVHTTDL), "Phấn đấu hướng đến ... đạt tối thiểu 95%" (LD02): a goal
# striven for, which the comparator's words must keep.
_STRIVE = "phấn đấu"
_GAP = "…"  # where the value stands inside the comparator's words: "từ … trở lên"
_CHAIN_GAP = 3  # characters between two cue words of one chain ("đạt tối thiểu", "đạt không dưới")
_MAX_CUE_SPAN = 24  # "tăng bình quân 12%/năm" (LC02): the words from a growth cue to its number, when short


@lru_cache(maxsize=1)
def _matcher() -> CueMatcher:
    return CueMatcher(CUES)


def extract_targets(ctx: Context, sections: list[Section] | None = None) -> list[Target]:
    """A plan's targets; a report's targets for the time ahead (`sections`: its parts, found if not given).

    The type is the structure's, decided once from the type line or, when a scan garbles it ("- BÁO
    CÁO"), from the number's code ("Số: 112/BC-VP").
    """
    is_report = ctx.structure.doc_type == "bao_cao"
    targets = [] if is_report else _from_tables(ctx)
    if is_report and sections is None:
        sections = extract_sections(ctx)
    bases = {id(b) for b in ctx.structure.bases}
    for block in ctx.structure.blocks:
        if block.kind == "table_row" or id(block) in bases:
            continue
        if ctx.is_report_narrative(block):
            continue
        if is_report and reads_results(sections or [], block.start):
            continue  # "2. Kết quả thực hiện các chỉ tiêu ...: đạt 92,9% kế hoạch" states results, not goals
        targets += _from_block(ctx, block)
    return targets


def _from_block(ctx: Context, block: Block) -> list[Target]:
    piece = ctx.piece(block.start, block.end)
    mentions = ctx.mentions(block.start, block.end)
    if not mentions.quantities:
        return []
    cues = _matcher()(ctx.doc(block.start, block.end))
    under_goal = any(fold(t).startswith(_GOAL_HEADINGS) for t in ctx.block_heading_titles(block))
    periods = [d for d in [*mentions.ranges, *mentions.dates] if d.kind in {"year", "range"}]
    out = []
    for left, right in clauses(piece):
        quantities = [q for q in mentions.quantities if left <= q.start < right]
        clause_cues = [c for c in cues if left <= c.start < right]
        if not quantities or not (under_goal or clause_cues):
            continue
        eq_cues = [c for c in clause_cues if c.label == "eq"]
        after_eq = [q for q in quantities if eq_cues and q.start > eq_cues[0].end]
        chosen = after_eq or quantities
        for quantity in chosen:
            comparator, comparator_text = _comparator(piece, quantity, clause_cues)
            if not _is_target(quantity, comparator, clause_cues, under_goal, piece):
                continue
            earlier = [q.end for q in chosen if q.end <= quantity.start]
            metric = metric_of(piece, max([left, *earlier]), right, quantity, _lead_cues(clause_cues), quantities)
            if not metric:
                continue
            period = next((p.text for p in periods if left <= p.start < right), None)
            out.append(Target(
                text=" ".join(piece[left:right].split()),
                metric=metric,
                value=quantity.value,
                unit=quantity.unit,
                base_value=quantity.base_value,
                base_unit=quantity.base_unit,
                comparator=comparator,
                comparator_text=comparator_text,
                raw_value=quantity.text,
                period=period,
                section=(ctx.block_heading_titles(block) or [None])[-1],
                provenance=ctx.provenance(block.start + quantity.start, block.start + quantity.end),
            ))
    return out


def _comparator(piece: str, quantity: Quantity, cues: list[Cue]) -> tuple[Comparator, str | None]:
    """The comparator bound to a number (the nearest cue right before it, or 'trở lên' right after) and
    the words that state it, as written."""
    comparator, words = _bound_comparator(piece, quantity, cues)
    strive = [c for c in cues if c.phrase == _STRIVE and c.end <= quantity.start]
    if strive and not (words or "").startswith(_STRIVE):
        words = f"{_STRIVE} {words}" if words else _STRIVE
    return comparator, words


def _bound_comparator(piece: str, quantity: Quantity, cues: list[Cue]) -> tuple[Comparator, str | None]:
    after = [c for c in cues if c.label == "gte" and c.phrase == "trở lên" and 0 <= c.start - quantity.end <= NEAR]
    if after:
        opened = any(c.phrase == "từ" and 0 <= quantity.start - c.end <= _CHAIN_GAP for c in cues)
        return Comparator.GTE, f"từ {_GAP} trở lên" if opened else f"{_GAP} trở lên"
    before = [c for c in cues if c.label in _COMPARATORS and c.end <= quantity.start
              and (quantity.start - c.end <= NEAR or c.label in {"increase", "decrease"}
                   and quantity.start - c.end <= 60)
              and c.phrase != "trở lên"]
    if not before:
        return Comparator.EQ, None
    cue = before[-1]
    if cue.phrase == "từ" and any(c.phrase == "trở lên" and c.start >= quantity.end for c in cues):
        # "từ 05 mỏ khoáng sản làm vật liệu xây dựng thông thường trở lên" (LC01): the bound closes later
        return Comparator.GTE, f"từ {_GAP} trở lên"
    if cue.label in {"increase", "decrease"} or not any(b.label in {"increase", "decrease"} for b in before):
        return Comparator(cue.label), _cue_words(piece, quantity, cue, before)
    if cue.label == "gte" and cue.phrase == "từ":  # "tăng từ 5% trở lên": growth, bounded below
        growth = next(b for b in reversed(before) if b.label in {"increase", "decrease"})
        return Comparator(growth.label), _cue_words(piece, quantity, growth, before)
    return Comparator(cue.label), _cue_words(piece, quantity, cue, before)


def _cue_words(piece: str, quantity: Quantity, cue: Cue, chain: list[Cue]) -> str:
    """The cue words as written, from the first cue of the chain ending at `cue` ("đạt tối thiểu"); a growth
    cue with the words up to its number when they are few ("tăng bình quân 12%/năm", LC02), since those
    qualify the growth, while other words between ("đạt chuẩn tại 05 ...") belong to the metric."""
    start = cue.start
    for earlier in reversed([c for c in chain if c.end <= cue.start]):
        if 0 <= start - earlier.end <= _CHAIN_GAP:
            start = earlier.start
    end = cue.end
    if cue.label in {"increase", "decrease"} and quantity.start - start <= _MAX_CUE_SPAN:
        end = quantity.start
    return " ".join(piece[start:end].split()).strip(" ,:").lower()


def _is_target(quantity: Quantity, comparator: Comparator, cues: list[Cue], under_goal: bool, piece: str) -> bool:
    if quantity.unit is None and not quantity.is_percent:
        return any(c.label in _COMPARATORS and 0 <= quantity.start - c.end <= 3 for c in cues)
    # "trực 24/24 giờ", "trong 05 ngày": how long, not how much
    return quantity.base_unit not in DURATION_UNITS or (under_goal and quantity.total is None)


def _lead_cues(cues: list[Cue]) -> list[Cue]:
    """Cues that may stand between a target's metric and its number ("đạt", "phấn đấu", "không dưới")."""
    return [c for c in cues if c.label in _COMPARATORS | {"goal"} and c.phrase != "trở lên"]


def _from_tables(ctx: Context) -> list[Target]:
    """Rows of target tables (Chỉ tiêu | Đơn vị tính | Kế hoạch): a report's tables hold results instead."""
    out = []
    for table in ctx.structure.tables:
        metric_col = column_index(table, METRIC_COLUMN, exclude=("đơn vị",))
        plan_col = column_index(table, PLAN_COLUMN, exclude=("thực hiện", "tỷ lệ"))
        if metric_col is None or plan_col is None or plan_col == metric_col:
            continue
        unit_col = column_index(table, UNIT_COLUMN)
        for row in table.rows:
            metric = row_cell(row, metric_col)
            value_cell = row_cell(row, plan_col)
            found = row_quantity(value_cell, row_cell(row, unit_col))
            if metric is None or not metric.text or value_cell is None or found is None:
                continue
            stated = _cell_comparator(value_cell.text)  # "≥ 80", "Tối thiểu 95": the cell is the source
            comparator, words = stated or _cell_comparator(metric.text) or (Comparator.EQ, None)
            span = (value_cell.start, value_cell.end) if stated else found.span
            out.append(Target(
                text=" ".join(row.text.split()), metric=" ".join(metric.text.split()), value=found.value,
                unit=found.unit, base_value=found.base_value, base_unit=found.base_unit, comparator=comparator,
                comparator_text=words, raw_value=value_cell.text, from_table=True, provenance=ctx.provenance(*span),
            ))
    return out


_CELL_COMPARATORS = (
    (re.compile(r"≥|>=|tối thiểu|ít nhất|không dưới|trở lên|toi thieu|it nhat|khong duoi|tro len", re.I),
     Comparator.GTE),
    (re.compile(r"≤|<=|tối đa|không quá|không vượt|toi da|khong qua|khong vuot", re.I), Comparator.LTE),
    (re.compile(r"^\s*(>|trên)\s*\d", re.I), Comparator.GT),
    (re.compile(r"^\s*(<|dưới)\s*\d", re.I), Comparator.LT),
    (re.compile(r"^\s*tăng\b", re.I), Comparator.INCREASE),
    (re.compile(r"^\s*giảm\b", re.I), Comparator.DECREASE),
)


def _cell_comparator(text: str) -> tuple[Comparator, str] | None:
    """The comparator a table cell states and its words; matched without marks as well, for OCR'd cells
    ("Tối thiêu 95"), whose words are then taken from the cell as it reads."""
    for candidate in (text, skeleton(text)):
        for pattern, comparator in _CELL_COMPARATORS:
            found = pattern.search(candidate)
            if found:  # skeleton() keeps offsets, so the words are read back from the cell as written
                start, end = found.span(1) if found.lastindex else found.span()
                return comparator, " ".join(text[start:end].split())
    return None
