"""Responsibilities: which unit leads or supports which tasks, and by when.

Three shapes carry them: numbered unit headings under TỔ CHỨC THỰC HIỆN
("1. Phòng Tổ chức - Pháp chế" then its tasks), sentences ("Giao Sở X chủ
trì, phối hợp với Sở Y ...", "Đề nghị UBND các xã ...", "Sở Z có trách
nhiệm ..."), and assignment tables (Cơ quan chủ trì | Cơ quan phối hợp).
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.context import Context
from extractors.cues import CueMatcher
from extractors.tables import LEAD_COLUMN, SUPPORT_COLUMN, TASK_COLUMN, column_index, row_cell
from extractors.units import is_group, split_units, unit_at
from pipeline.text.normalize import fold
from pipeline.text.sentences import sentence_spans
from pipeline.text.structure import Block, Heading
from schemas.extraction import Deadline, Responsibility, ResponsibilityRole

CUES: dict[str, list[str]] = {
    # "yêu cầu X" and "X chịu trách nhiệm" name who is held to account (often the regulated firms),
    # not who is given the task, so they are not cues here.
    "assign": ["giao", "đề nghị", "ủy quyền cho", "phân công"],
    "lead": ["chủ trì", "có trách nhiệm", "là cơ quan thường trực", "là đầu mối"],
    "support": ["phối hợp chặt chẽ với", "phối hợp với", "phối hợp", "cùng với"],
}
IMPLEMENTATION_SECTIONS = ("tổ chức thực hiện", "trách nhiệm", "phân công", "nhiệm vụ của các", "giải pháp")


@lru_cache(maxsize=1)
def _matcher() -> CueMatcher:
    return CueMatcher(CUES)


def extract_responsibilities(ctx: Context, deadlines: list[Deadline]) -> list[Responsibility]:
    out = _from_tables(ctx)
    claimed: set[int] = set()
    for heading in _unit_headings(ctx):
        out += _from_heading(ctx, heading)
        claimed.update(b.start for b in ctx.structure.blocks_in(heading)[:1])
    for block in ctx.structure.blocks:
        if block.kind != "table_row" and block.start not in claimed:
            out += _from_sentences(ctx, block)
    link_deadlines(ctx, out, deadlines)
    return _dedupe(out)


def _unit_headings(ctx: Context) -> list[Heading]:
    """Sub-headings of an implementation section that name units ("1. Phòng Tổ chức - Pháp chế",
    "1. Giám đốc các Sở và Thủ trưởng các ban, ngành tỉnh; Chủ tịch UBND các xã, phường:")."""
    found = []
    for section in ctx.structure.sections(*IMPLEMENTATION_SECTIONS):
        for heading in ctx.structure.headings:
            if section.start < heading.start < section.end and heading.level > section.level \
                    and _names_units(heading.title.split(":")[0]):
                found.append(heading)
    return found


def _names_units(text: str) -> bool:
    units = split_units(text)
    return bool(units) and all((span := unit_at(u, 0)) is not None and span == (0, len(u)) for u in units)


def _from_heading(ctx: Context, heading: Heading) -> list[Responsibility]:
    block = ctx.structure.blocks[heading.block]
    title_offset = block.start + block.text.find(heading.title)
    names, _, inline = heading.title.partition(":")
    tasks = [" ".join(inline.split())] if inline.strip() else []
    end = heading.end
    for other in ctx.structure.headings:
        if heading.start < other.start < end and other.level <= heading.level:
            end = other.start
    tasks += [" ".join(b.text.split()) for b in ctx.structure.blocks if heading.start < b.start < end]
    out = []
    for name in split_units(names):
        at = heading.title.find(name)
        start = title_offset + max(at, 0)
        out.append(Responsibility(
            unit=name, role=ResponsibilityRole.LEAD, tasks=list(tasks), is_group=is_group(name),
            provenance=ctx.provenance(start, start + len(name)),
        ))
    return out


def _from_sentences(ctx: Context, block: Block) -> list[Responsibility]:
    piece = ctx.piece(block.start, block.end)
    cues = _matcher()(ctx.doc(block.start, block.end))
    if not cues:
        return []
    out: list[Responsibility] = []
    for left, right in sentence_spans(piece, clauses=True):
        sentence_cues = [c for c in cues if left <= c.start < right]
        if not sentence_cues:
            continue
        leads: list[tuple[int, int]] = []
        supports: list[tuple[int, int]] = []
        for cue in sentence_cues:
            if cue.label == "assign":
                span = unit_at(piece, cue.end, after_cue=True)
                if span:
                    leads.append(span)
            elif cue.label == "lead":
                labelled = re.match(r"\s*:", piece[cue.end:])  # "Đơn vị chủ trì: Phòng X"
                span = unit_at(piece, cue.end + labelled.end()) if labelled else _unit_before(piece, left, cue.start)
                if span and span not in leads:
                    leads.append(span)
            elif cue.label == "support":
                span = unit_at(piece, cue.end, after_cue=True)
                if span:
                    supports.append(span)
        if not leads and not supports:
            continue
        task_from = max(s[1] for s in leads + supports)
        task = " ".join(piece[task_from:right].strip(" ,.;:").split())
        for role, spans in ((ResponsibilityRole.LEAD, leads), (ResponsibilityRole.SUPPORT, supports)):
            for a, b in spans:
                for unit in split_units(piece[a:b]):
                    offset = piece.find(unit, a)
                    start = block.start + (offset if offset >= 0 else a)
                    out.append(Responsibility(
                        unit=unit, role=role, tasks=[task] if task else [], is_group=is_group(unit),
                        provenance=ctx.provenance(start, start + len(unit)),
                    ))
    return out



def _unit_before(piece: str, left: int, cue_start: int) -> tuple[int, int] | None:
    """'Sở Y tế chủ trì': the unit that opens the sentence (after a bullet or label) and ends at the cue."""
    opening = re.match(r"[\s\-+•*]*(?:[a-zđ]\)|\d+(?:\.\d+)*\.)?\s*", piece[left:cue_start])
    start = left + (opening.end() if opening else 0)
    span = unit_at(piece, start)
    if span and span[1] >= cue_start - 2:
        return span[0], min(span[1], cue_start)
    return None


def _from_tables(ctx: Context) -> list[Responsibility]:
    out = []
    for table in ctx.structure.tables:
        lead_col = column_index(table, LEAD_COLUMN, exclude=("phối hợp",))
        if lead_col is None:
            continue
        support_col = column_index(table, SUPPORT_COLUMN)
        task_col = column_index(table, TASK_COLUMN, exclude=("chủ trì", "phối hợp"))
        for row in table.rows:
            task = row_cell(row, task_col)
            tasks = [" ".join(task.text.split())] if task and task.text else []
            for col, role in ((lead_col, ResponsibilityRole.LEAD), (support_col, ResponsibilityRole.SUPPORT)):
                cell = row_cell(row, col)
                if cell is None or not cell.text.strip(" -"):
                    continue
                for unit in split_units(cell.text):
                    offset = ctx.text.text.find(unit, cell.start, cell.end + 1)
                    start = offset if offset >= 0 else cell.start
                    out.append(Responsibility(
                        unit=unit, role=role, tasks=tasks, is_group=is_group(unit),
                        provenance=ctx.provenance(start, start + len(unit) if offset >= 0 else cell.end),
                    ))
    return out


def link_deadlines(ctx: Context, responsibilities: list[Responsibility], deadlines: list[Deadline]) -> None:
    """Give each responsibility its deadline and each deadline the units that owe it (same row or section)."""
    for item in responsibilities:
        scope = _scope(ctx, item.provenance.span[0])
        owed = [d for d in deadlines if scope[0] <= d.provenance.span[0] < scope[1] and d.date]
        if owed and item.deadline is None:
            item.deadline = owed[0].date
        for deadline in owed:
            if item.role is ResponsibilityRole.LEAD and item.unit not in deadline.units:
                deadline.units.append(item.unit)


def _scope(ctx: Context, offset: int) -> tuple[int, int]:
    """Where a unit's tasks live: its table row, its unit heading's section, or its sentence."""
    block = next((b for b in ctx.structure.blocks if b.start <= offset < max(b.end, b.start + 1)), None)
    if block is None:
        for heading in ctx.structure.headings:
            if heading.start <= offset < heading.start + len(heading.label) + len(heading.title) + 3:
                return heading.start, heading.end
        return offset, offset
    if block.kind == "heading":
        heading = next((h for h in ctx.structure.headings if h.start == block.start), None)
        if heading is not None:
            return heading.start, heading.end
    if block.kind == "table_row":
        return block.start, block.end
    piece = block.text
    rel = offset - block.start
    spans = sentence_spans(piece, clauses=True)
    left, right = next(((a, b) for a, b in spans if a <= rel <= b), (0, len(piece)))
    return block.start + left, block.start + right


def _dedupe(items: list[Responsibility]) -> list[Responsibility]:
    """One entry per unit and role: tasks gathered, first provenance kept."""
    merged: dict[tuple[str, str], Responsibility] = {}
    for item in items:
        key = (fold(item.unit), item.role.value)
        if key in merged:
            known = merged[key]
            known.tasks.extend(t for t in item.tasks if t not in known.tasks)
            known.deadline = known.deadline or item.deadline
        else:
            merged[key] = item.model_copy(deep=True)
    return list(merged.values())

