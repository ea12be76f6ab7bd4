"""A plan's tasks: the numbered items of its content parts, so reconciliation can ask who reported on each.

Content parts are the ones that say what is to be done: "NỘI DUNG",
"NHIỆM VỤ, GIẢI PHÁP", "NỘI DUNG THI ĐUA", "CÁC NHIỆM VỤ TRỌNG TÂM",
"HOẠT ĐỘNG". Parts that frame the plan (MỤC ĐÍCH, YÊU CẦU; THỜI GIAN;
KINH PHÍ; TỔ CHỨC THỰC HIỆN; CHẾ ĐỘ BÁO CÁO) hold no tasks, and neither do
framing items inside a content part ("1. Thời gian: ...", "3. Đối tượng:
...", "1. Chỉ tiêu"). A task is an item at the first numbered level below
its part; an item that is itself a heading of contents ("3. Nội dung thi
đua", "b) Nhiệm vụ") is opened in turn; a part with no numbered items gives
its bullet items.
"""

from __future__ import annotations

import re

from extractors.context import Context
from extractors.sections import body_headings, children, top_level
from pipeline.text.normalize import fold
from pipeline.text.structure import Block, Heading
from schemas.extraction import Responsibility, Task

_CONTENT = re.compile(r"nội dung|nhiệm vụ|giải pháp|^(?:các |một số |những )?hoạt động")
# Parts that frame the plan; "MỤC TIÊU, NHIỆM VỤ" and "PHẠM VI, ĐỐI TƯỢNG VÀ NỘI DUNG THI ĐUA" still hold tasks.
_FRAMING_PART = re.compile(
    r"^(?:mục đích|yêu cầu|thời gian|địa điểm|kinh phí|tổ chức thực hiện|căn cứ|chế độ báo cáo|phân công|"
    r"trách nhiệm|phương pháp|đoàn kiểm tra|tiêu chuẩn|khen thưởng|dự kiến)"
)
# Items inside a content part that frame it rather than set a task ("1. Thời gian: ...", "1. Chỉ tiêu").
_FRAMING = re.compile(
    rf"{_FRAMING_PART.pattern}|^(?:mục tiêu|chỉ tiêu|quan điểm|đối tượng|phạm vi|thành phần|chủ đề)"
)
_TITLE_END = re.compile(r":|\.(?=\s|$)")


def extract_tasks(ctx: Context, responsibilities: list[Responsibility]) -> list[Task]:
    """The tasks of a plan (empty for other documents)."""
    if ctx.structure.doc_type != "ke_hoach":
        return []
    headings = body_headings(ctx.structure)
    out: list[Task] = []
    for part in top_level(headings):
        if _is_content(part.title):
            out += _items(ctx, headings, part, part, responsibilities)
    return out


def _is_content(title: str) -> bool:
    text = fold(title.split(":")[0])
    return _CONTENT.search(text) is not None and _FRAMING_PART.match(text) is None


def _items(ctx: Context, headings: list[Heading], heading: Heading, part: Heading,
           responsibilities: list[Responsibility]) -> list[Task]:
    items = children(headings, heading)
    if not items:
        return [_bullet_task(ctx, b, heading, part, responsibilities) for b in _bullets(ctx, heading)]
    out = []
    for item in items:
        name = fold(item.title.split(":")[0])
        if _FRAMING.match(name):
            continue
        if _CONTENT.match(name) and len(name.split()) <= 6 and (children(headings, item) or _bullets(ctx, item)):
            out += _items(ctx, headings, item, part, responsibilities)  # "3. Nội dung thi đua", "b) Nhiệm vụ"
            continue
        out.append(_heading_task(ctx, item, part, responsibilities))
    return out


def _bullets(ctx: Context, heading: Heading) -> list[Block]:
    return [b for b in ctx.structure.blocks_in(heading) if b.kind == "bullet"]


def _heading_task(ctx: Context, item: Heading, part: Heading, responsibilities: list[Responsibility]) -> Task:
    block = ctx.structure.blocks[item.block]
    title_start = block.start + block.text.find(item.title) if item.title else block.start
    title = _first_sentence(item.title)
    return Task(title=title, text=" ".join(ctx.text.text[title_start:item.end].split()),
                section=_part_name(ctx, part), units=_units(responsibilities, item.start, item.end),
                provenance=ctx.provenance(title_start, title_start + len(title)))


def _bullet_task(ctx: Context, bullet: Block, heading: Heading, part: Heading,
                 responsibilities: list[Responsibility]) -> Task:
    body = bullet.text.lstrip("-+• ")
    start = bullet.start + len(bullet.text) - len(body)
    title = _first_sentence(body)
    return Task(title=title, text=" ".join(body.split()), section=_part_name(ctx, part),
                units=_units(responsibilities, bullet.start, bullet.end),
                provenance=ctx.provenance(start, start + len(title)))


def _first_sentence(text: str) -> str:
    """A task's name: its heading up to the first colon or full stop ("1. Cải cách TTHC: ...")."""
    match = _TITLE_END.search(text)
    head = text[:match.start()] if match and match.start() > 0 else text
    return " ".join(head.split())


def _part_name(ctx: Context, part: Heading) -> str:
    return " ".join(ctx.structure.blocks[part.block].text.split())


def _units(responsibilities: list[Responsibility], start: int, end: int) -> list[str]:
    """Units the item itself assigns ("Giao Sở X chủ trì ..." inside it), in order, once each."""
    found = [r.unit for r in responsibilities if start <= r.provenance.span[0] < end]
    return list(dict.fromkeys(found))
