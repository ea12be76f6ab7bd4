"""A report's parts (results, shortcomings, directions, proposals), by what their headings say.

Reconciliation must know where a report speaks of what was done and where of
what it will do next: "đạt 95%" under KẾT QUẢ is a result, under PHƯƠNG
HƯỚNG it is a new target. Headings vary ("II. KẾT QUẢ ĐẠT ĐƯỢC", "Phần II.
TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "3. Khó khăn, vướng mắc"), and combined
headings are classified by the keyword that comes first ("Kết quả đạt được
và bài học" is results, "Khó khăn trong việc thực hiện" shortcomings).
The top level is the highest heading level the body uses (some reports
number their parts "1.", "2." only). A part whose own sub-part is of another
kind ("III. ĐÁNH GIÁ CHUNG" > "2. Những tồn tại, hạn chế") lists that
sub-part too, so sections may nest: the innermost one holding an offset
says what kind of text is there (`kind_at`).
"""

from __future__ import annotations

import re

from extractors.context import Context
from pipeline.text.normalize import fold
from pipeline.text.structure import Heading, Structure
from schemas.extraction import Section, SectionKind

_KIND_PATTERNS: dict[SectionKind, re.Pattern[str]] = {
    SectionKind.RESULTS: re.compile(
        r"kết quả|^(?:về )?tình hình|tình hình (?:thực hiện|triển khai|hoạt động)|^(?:về )?công tác|đạt được|đã thực hiện|đã triển khai|"
        r"tiến độ (?:thực hiện|triển khai)|công tác chỉ đạo|chỉ đạo, điều hành|tổ chức triển khai|"
        r"^(?:việc )?triển khai thực hiện|mặt (?:tích cực|được)|ưu điểm"
    ),
    SectionKind.SHORTCOMINGS: re.compile(
        r"tồn tại|hạn chế|khó khăn|vướng mắc|nguyên nhân|bất cập|yếu kém|thiếu sót|mặt chưa được|bài học"
    ),
    SectionKind.DIRECTIONS: re.compile(
        r"phương hướng|định hướng|thời gian tới|(?:năm|quý|tháng|kỳ|giai đoạn) tới|năm tiếp theo|"
        r"nhiệm vụ trọng tâm|nhiệm vụ(?:,| và) giải pháp|^(?:các |một số )?giải pháp|"
        r"kế hoạch (?:năm|quý|tháng) (?:tới|\d{4}|[ivx]+)|nhiệm vụ (?:năm|quý|tháng) (?:tới|\d{4}|[ivx]+)"
    ),
    # a proposal heading opens with the word ("KIẾN NGHỊ", "Kết luận, kiến nghị"); "nhà đầu tư đề xuất" is no part
    SectionKind.PROPOSALS: re.compile(r"(?:^|,\s*|\svà\s)(?:một số |các |những )?(?:kiến nghị|đề xuất|đề nghị)"),
}
# Reports whose parts name none of the kinds are read whole; these kinds never hold results.
NOT_RESULTS = frozenset({SectionKind.SHORTCOMINGS, SectionKind.DIRECTIONS, SectionKind.PROPOSALS})


_HEADING_WORDS = 10  # what a part is about comes first; later words of a long heading are its subject matter


def section_kind(title: str) -> SectionKind:
    """The kind of part a heading opens: the kind whose keyword comes first in it.

    Only the heading proper counts: "3. Khó khăn, vướng mắc: ..." is read up
    to its colon, and only its first words, so a numbered sentence ("1. Cụm
    công nghiệp X (do nhà đầu tư đề xuất) ...") says nothing of the part.
    """
    text = " ".join(fold(title.split(":")[0]).split()[:_HEADING_WORDS])
    best: tuple[int, SectionKind] | None = None
    for kind, pattern in _KIND_PATTERNS.items():
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind)
    return best[1] if best else SectionKind.OTHER


def body_headings(structure: Structure) -> list[Heading]:
    """Headings of the main text: not the appendix, not what follows the signature."""
    stops = [structure.appendix_start] if structure.appendix_start is not None else []
    stops += [structure.signature[0].start] if structure.signature else []
    stop = min(stops, default=None)
    body = [h for h in structure.headings if h.level > 0 and (stop is None or h.start < stop)]
    seen: set[str] = set()
    for heading in top_level(body):  # numbering that starts again ("I." after "V.") is an unlabelled appendix
        if heading.label in seen:
            return [h for h in body if h.start < heading.start]
        seen.add(heading.label)
    return body


def top_level(headings: list[Heading]) -> list[Heading]:
    """The document's parts: the headings at the highest level it uses."""
    level = min((h.level for h in headings), default=None)
    return [h for h in headings if h.level == level]


def children(headings: list[Heading], parent: Heading) -> list[Heading]:
    """The headings right below `parent` (the first level used inside it)."""
    inside = [h for h in headings if parent.start < h.start < parent.end and h.level > parent.level]
    level = min((h.level for h in inside), default=None)
    return [h for h in inside if h.level == level]


def extract_sections(ctx: Context) -> list[Section]:
    """A report's parts with their kinds (empty for other documents)."""
    if ctx.structure.doc_type != "bao_cao":
        return []
    headings = body_headings(ctx.structure)
    stop = _body_end(ctx.structure, headings)
    out = []
    for part in top_level(headings):
        kind = section_kind(part.title)
        out.append(_section(ctx, part, kind, stop))
        if kind in NOT_RESULTS:
            continue  # what a forward-looking part holds looks forward too
        for child in children(headings, part):
            child_kind = section_kind(child.title)
            if child_kind not in {SectionKind.OTHER, kind}:
                out.append(_section(ctx, child, child_kind, stop))
    return out


def _body_end(structure: Structure, headings: list[Heading]) -> int:
    """Where the report's own text ends: the appendix, the signature or a restarted numbering."""
    ends = [len(structure.text.text)]
    ends += [structure.appendix_start] if structure.appendix_start is not None else []
    ends += [structure.signature[0].start] if structure.signature else []
    later = [h.start for h in structure.headings if h.level > 0 and headings and h.start > headings[-1].start
             and h.level <= min(x.level for x in headings)]
    return min(ends + later[:1])


def _section(ctx: Context, heading: Heading, kind: SectionKind, stop: int) -> Section:
    block = ctx.structure.blocks[heading.block]
    end = min(heading.end, stop)
    return Section(kind=kind, heading=" ".join(block.text.split()), span=(heading.start, end),
                   text=ctx.text.text[heading.start:end].strip(), provenance=ctx.provenance(block.start, block.end))


def kind_at(sections: list[Section], offset: int) -> SectionKind | None:
    """The kind of the innermost section holding `offset`, None outside every section."""
    holding = [s for s in sections if s.span[0] <= offset < s.span[1]]
    return min(holding, key=lambda s: s.span[1] - s.span[0]).kind if holding else None


def reads_results(sections: list[Section], offset: int) -> bool:
    """Whether a report states results at `offset`: in its results parts, or anywhere not looking
    ahead or at shortcomings when none of its parts is named a results part."""
    kind = kind_at(sections, offset)
    if any(s.kind is SectionKind.RESULTS for s in sections):
        return kind is SectionKind.RESULTS
    return kind not in NOT_RESULTS
