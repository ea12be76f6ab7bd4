"""Responsibilities: which unit leads or supports which tasks, and by when.

Where real documents put them (realdocs LC*, LD*, SG*; VIETNAMESE-ADMIN-DOCS.md):

* assignment tables (Cơ quan chủ trì | Cơ quan phối hợp);
* numbered unit headings under TỔ CHỨC THỰC HIỆN, a proposal part or a request
  ("1. Sở Công Thương", "2. Giao Văn phòng UBND tỉnh:", "1. Thủ trưởng các sở, ban,
  ngành và Chủ tịch UBND các xã, phường, đặc khu:");
* request sentences: "Giao/Đề nghị/Yêu cầu X chủ trì, phối hợp với Y" (X leads, Y
  supports), a list after a colon ("yêu cầu các hội: A, B và C hoàn thành ...",
  "Giao các sở: Giao thông vận tải, Xây dựng đôn đốc ..."), the addressee of a tờ
  trình or a proposal ("Sở Nội vụ kính trình Chủ tịch UBND tỉnh xem xét");
* a unit before its duty: "Sở Y tế chủ trì", "Tổ giúp việc có trách nhiệm", "Bộ
  Công an làm nhiệm vụ cơ quan thường trực", a decision's execution clause
  ("Chánh Văn phòng ..., Giám đốc Sở ..., Thủ trưởng các cơ quan ... chịu trách
  nhiệm thi hành Quyết định này");
* in a part that directs (scope.py), a sentence whose subject is a unit
  ("Bộ Quốc phòng dự kiến mục tiêu ...", "Ban Quản lý dự án ... số 1 đẩy nhanh ...").

Not responsibilities: the issuer's own undertakings, quoted or cited documents'
requests, the preamble's legal bases, a report's narration, a second document
filed in the same PDF, persons ("đề nghị đồng chí Chủ tịch"), noun uses of the cue
words ("hồ sơ đề nghị Chủ tịch UBND tỉnh tặng Bằng khen").
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.context import Context
from extractors.cues import Cue, CueMatcher
from extractors.scope import Scope
from extractors.tables import LEAD_COLUMN, SUPPORT_COLUMN, TASK_COLUMN, column_index, row_cell
from extractors.units import (
    STOPS,
    is_bare_group,
    is_bare_head,
    is_group,
    is_person,
    is_unnamed,
    names_only_units,
    parse_units,
    split_units,
    stop_at,
)
from pipeline.text.normalize import fold
from pipeline.text.sentences import sentence_spans
from pipeline.text.structure import Block, Heading
from schemas.extraction import Deadline, Responsibility, ResponsibilityRole

CUES: dict[str, list[str]] = {
    # Requests naming the unit after them. "yêu cầu" is a request to the units named (LC15 "yêu cầu Thủ
    # trưởng các sở ... tập trung", LC16 "yêu cầu các đơn vị ... khẩn trương", SG17 "yêu cầu các hội: ...").
    "assign": ["giao", "giao cho", "đề nghị", "yêu cầu", "ủy quyền cho", "phân công", "trân trọng đề nghị"],
    # The addressee of a tờ trình or a proposal is asked to act (SG13-SG18 goldens); only when the issuer
    # speaks ("Sở Nội vụ kính trình ..."), not when an assigned unit is told to propose (LD04).
    "address": ["kính trình", "kiến nghị", "đề xuất"],
    # "Sở Nội vụ báo cáo Chủ tịch UBND tỉnh xem xét, chỉ đạo" (SG18), "báo cáo Bộ Công Thương nghiên cứu,
    # xem xét" (LC11): the addressee is asked to decide.
    "report_to": ["báo cáo", "kính báo cáo"],
    # "Ủy ban nhân dân tỉnh, thành phố chỉ đạo các Hội Công chứng viên địa phương phối hợp xây dựng" (SG03).
    "direct": ["chỉ đạo"],
    # The unit before these leads.
    "lead": ["chủ trì", "có trách nhiệm", "là cơ quan thường trực", "làm nhiệm vụ cơ quan thường trực",
             "là đầu mối", "chịu trách nhiệm thi hành", "chịu trách nhiệm tổ chức thực hiện",
             "chịu trách nhiệm triển khai", "căn cứ quyết định thi hành", "căn cứ quyết định này thi hành"],
    "support": ["phối hợp chặt chẽ với", "phối hợp với", "phối hợp", "cùng với"],
    # "Nhiệm vụ cụ thể của từng thành viên do Tổ trưởng tổ công tác phân công" (LC03, LC04).
    "agent": ["do"],
}
#: Sections whose numbered sub-headings may be unit names (besides the directive parts of scope.py).
IMPLEMENTATION_SECTIONS = ("tổ chức thực hiện", "trách nhiệm", "phân công", "nhiệm vụ của các", "giải pháp")
# "hồ sơ đề nghị Chủ tịch UBND tỉnh tặng Bằng khen" (LD04), "Theo đề nghị của", "Tờ trình đề nghị": the
# cue word as a noun.
_NOUN_CUE = re.compile(r"(?:hồ sơ|tờ trình|đơn|theo|xét|được|giấy|các|những)\s*$", re.IGNORECASE)
# A cue word inside a body's name: "Trưởng Ban Chỉ đạo" (SG12), "Tổ Phối hợp liên ngành".
_IN_NAME = re.compile(r"(?:ban|tổ|hội đồng|bộ phận|văn phòng)\s+$", re.IGNORECASE)
# The sentence retells another document: "Sở Nội vụ có Công văn số 2903/SNV-TCCC đề nghị các sở ..." (SG17),
# "Ủy ban nhân dân tỉnh Lào Cai đã ban hành văn bản số 2702/UBND-KT ... chỉ đạo Sở Công Thương" (LC11),
# "Sở có các văn bản đề nghị báo cáo ..." (SG17), "Quyết định ... về việc Ủy quyền cho Giám đốc Sở" (LC03).
_RETOLD = re.compile(
    r"\b(?:có|đã có|ban hành|đã ban hành)\s+(?:các\s+|nhiều\s+)?(?:công văn|văn bản|tờ trình|quyết định|"
    r"kế hoạch|báo cáo|thông báo|chỉ thị|đơn)\b|\b(?:đã\s+)?gửi\s+(?:công văn|văn bản|tờ trình)\s+số\b|\bvề việc\b",
    re.IGNORECASE,
)
# What the addressee of "báo cáo" is asked to do.
_DECIDE = re.compile(r"\s*(?:nghiên cứu,?\s*)?(?:xem xét|chỉ đạo|cho ý kiến|quyết định|phê duyệt)", re.IGNORECASE)
# "đề nghị các tổ chức, cá nhân liên quan phối hợp, triển khai thực hiện" (LC03, LC04): asked to support the plan.
_SUPPORTS_PLAN = re.compile(r"\s*phối hợp\s*(?:,|\.|$|thực hiện|triển khai)", re.IGNORECASE)
# Verbs whose object is a third party: "đôn đốc các chủ đầu tư ... phối hợp chặt chẽ với chính quyền" (LC15).
_OBJECT_VERB = re.compile(r"\b(?:đôn đốc|hướng dẫn|mời|yêu cầu|chỉ đạo|vận động|tạo điều kiện cho)\s+$",
                          re.IGNORECASE)
# Adverbials that may open a directive sentence before its subject ("Căn cứ nội dung Kế hoạch này ...,
# các sở, ban, ngành ... xây dựng" LD04, "Quý I/2027, các cơ quan ..." LD04).
_ADVERBIAL = re.compile(r"(?:căn cứ|trên cơ sở|để|nhằm|trong|quý|năm|tháng|từ|đến|sau khi|theo|thực hiện|"
                        r"đồng thời|ngoài ra|bên cạnh đó|ngoài số lượng)\b", re.IGNORECASE)
# Stop words that end a subject without making it the doer of a task: prepositions, aspect ("đã" narrates the
# past), copulas ("là"), agreement ("thống nhất", SG17), opinions ("có ý kiến", LC17), quantifiers.
_NOT_PREDICATE = {"là", "được", "của", "do", "theo", "về", "với", "tại", "từ", "đến", "trước", "trong", "để",
                  "nhằm", "đã", "đang", "không", "chưa", "hoặc", "đối với", "bằng", "gồm", "bao gồm", "nhận",
                  "sẽ", "về việc", "hằng", "hàng", "định kỳ", "một số", "các nội dung", "nội dung", "như sau",
                  "sau đây", "đi", "và các nội dung", "có văn bản", "có công văn", "biết", "thống nhất",
                  "cho ý kiến", "có ý kiến", "làm việc", "có"}
_PREDICATE = re.compile(
    r"\s*(?:" + "|".join(sorted((re.escape(s) for s in STOPS if s not in _NOT_PREDICATE), key=len, reverse=True))
    + r")(?!\w)", re.IGNORECASE)
_CONDITION = re.compile(r"\b(?:nếu|trường hợp|khi)\b", re.IGNORECASE)
# "mỗi Hội công chứng viên cần bầu thêm ..." (SG20) is a duty; "... phải có đủ các tiêu chuẩn" (SG20) a condition.
_MODAL = re.compile(r"\s*(?:cần|phải)\s+(?!có\b|là\b|được\b|đáp ứng\b)", re.IGNORECASE)
_OPENING = re.compile(r"[\s\-+•*]*(?:[a-zđ]\)|\d+(?:\.\d+)*\.|Điều\s+\d+\.)?\s*")
_ASSIGN_HEAD = re.compile(r"^\s*(?:giao|đề nghị|yêu cầu)\s+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _matcher() -> CueMatcher:
    return CueMatcher(CUES)


def extract_responsibilities(ctx: Context, deadlines: list[Deadline], issuer: str | None = None) -> list[Responsibility]:
    scope = Scope(ctx, issuer)
    out = _from_tables(ctx)
    claimed: set[int] = set()
    headings = _unit_headings(ctx, scope)
    for heading in headings:
        out += _from_heading(ctx, heading)
        claimed.update(b.start for b in ctx.structure.blocks_in(heading)[:1])
    for block in ctx.structure.blocks:
        # a report's account of the past assigns nothing: its requests are retold and its partnerships past
        # (LC08, LC11 "Ủy ban nhân dân tỉnh giao Sở Tài chính phối hợp với đơn vị tư vấn ...", SG18, LC06)
        if block.kind == "table_row" or block.start in claimed or scope.foreign(block.start) \
                or scope.distribution_list(block.start) or scope.legal_basis(block) or scope.narrative(block):
            continue
        # a unit heading's tasks are its items; a closing paragraph after them is the issuer's again
        under_unit = any(h.start < block.start < h.end for h in headings) and (
            block.kind in {"bullet", "heading"} or any(ctx.structure.blocks[h.block + 1:h.block + 2] == [block]
                                                      for h in headings))
        out += _from_sentences(ctx, block, scope, under_unit)
    defined = _defined_names(ctx)
    out = [r for r in out if not is_person(r.unit) and not is_unnamed(r.unit)
           and (not is_bare_head(r.unit) or fold(r.unit) in defined)]
    link_deadlines(ctx, out, deadlines)
    return _dedupe(out)


def _defined_names(ctx: Context) -> set[str]:
    """Bodies the document names or sets up: "(gọi tắt là Hội đồng)" (SG22), "(sau đây gọi tắt là Ban Chỉ
    đạo)" (SG12), "quyết định thành lập Tổ giúp việc của Ban Chỉ đạo. Tổ giúp việc có trách nhiệm ..." (SG12).
    Such a bare head names that body; any other bare head ("Sở", "Đơn vị") is a label or a self-reference."""
    text = ctx.text.text
    return {fold(m.group(1)) for m in re.finditer(r"gọi\s+tắt\s+là\s+([^)\n,;.]+)", text, re.IGNORECASE)} | \
        {fold(m.group(1)) for m in _SETS_UP.finditer(text)}


# "thành lập Tổ giúp việc của Ban Chỉ đạo" (SG12): the body's kind and its lower-case words, up to "của"
# or the end of the clause.
_SETS_UP = re.compile(r"thành\s+lập\s+((?:Tổ|Ban|Hội đồng|Đoàn|Nhóm|Tiểu ban)(?:\s+[a-zà-ỹđ]+)+?)"
                      r"(?=\s+(?:của|để|nhằm|gồm|do|trực thuộc)\b|\s*[,.;:(\n])")


def _unit_headings(ctx: Context, scope: Scope) -> list[Heading]:
    """Sub-headings that name units ("1. Phòng Tổ chức - Pháp chế", "2. Giao Văn phòng UBND tỉnh:",
    "1. Giám đốc các Sở và Thủ trưởng các ban, ngành tỉnh; Chủ tịch UBND các xã, phường:")."""
    sections = ctx.structure.sections(*IMPLEMENTATION_SECTIONS)
    found = []
    for heading in ctx.structure.headings:
        if scope.foreign(heading.start) or scope.distribution_list(heading.start) or not _unit_names(heading.title):
            continue
        if scope.directive(heading.start) or any(
                s.start < heading.start < s.end and heading.level > s.level for s in sections):
            found.append(heading)
    return found


def _unit_names(title: str) -> str | None:
    """The unit names a heading title is made of (before its colon, after "Giao"), or None. "Các Sở: Tài
    chính, Xây dựng, Công Thương phối hợp thực hiện" is a sentence whose subject the colon lists."""
    names = _ASSIGN_HEAD.sub("", title.split(":")[0])
    if is_bare_group(names) and _colon_list(title, (0, len(title.split(":")[0]))):
        return None
    names = re.sub(r"\s*\([^)]*\)\s*$", "", names)  # "Giao Sở Nội vụ (Cơ quan Thường trực ...)" (LD04)
    return names if names_only_units(names) else None


def _from_heading(ctx: Context, heading: Heading) -> list[Responsibility]:
    block = ctx.structure.blocks[heading.block]
    title_offset = block.start + block.text.find(heading.title)
    names = _unit_names(heading.title) or ""
    inline = heading.title.partition(":")[2]
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


def _from_sentences(ctx: Context, block: Block, scope: Scope, under_unit: bool = False) -> list[Responsibility]:
    """Assignments made by the sentences of a block; `under_unit`: the block is a task of a unit heading."""
    piece = ctx.piece(block.start, block.end)
    cues = [c for c in _matcher()(ctx.doc(block.start, block.end)) if scope.own_voice(block.start + c.start)]
    directive = scope.directive(block.start)
    out: list[Responsibility] = []
    for left, right in sentence_spans(piece, clauses=True):
        sentence_left = _sentence_start(piece, left)
        spans: list[tuple[int, int, ResponsibilityRole]] = []
        clause_cues = [c for c in cues if left <= c.start < right]
        for cue in clause_cues:
            # a retelling opens the clause: what follows the request itself ("Đề nghị ... có văn bản góp ý gửi
            # ...") is the request's content
            if _retold(piece, sentence_left, left, clause_cues[0].start if cue is not clause_cues[0] else cue.start):
                continue
            if cue.phrase == "yêu cầu" and under_unit and not _units_before(piece, left, cue.start):
                continue  # a unit's task "yêu cầu các đơn vị ... lắp đặt": the unit's own demand on firms (LC01)
            spans += _assigned(piece, left, cue, scope, under_unit)
        if not spans and scope.own_voice(block.start + left):
            spans += _subject(piece, left, right, scope, modal_only=not directive)
        if not spans:
            continue
        task_from = max(b for _, b, _ in spans)
        task = " ".join(piece[task_from:right].strip(" ,.;:").split())
        seen: set[tuple[int, int]] = set()
        for a, b, role in spans:
            if (a, b) in seen:
                continue
            seen.add((a, b))
            unit = " ".join(piece[a:b].split())
            start = block.start + a
            out.append(Responsibility(
                unit=unit, role=role, tasks=[task] if task else [], is_group=is_group(unit),
                provenance=ctx.provenance(start, block.start + b),
            ))
    return out


def _retold(piece: str, sentence_left: int, left: int, cue_start: int) -> bool:
    """The request is another document's, retold: "Ngày 21/10/2024, Sở Nội vụ có Công văn số ... đề nghị
    các sở ..." (SG17), "... đã ban hành văn bản số 2702/UBND-KT ... chỉ đạo Sở Công Thương" (LC11). A
    subject after the citation speaks again: "...; để đảm bảo ..., Bộ Công an trân trọng đề nghị" (SG25)."""
    if re.match(r"\s*ngày\s+\d", piece[sentence_left:], re.IGNORECASE):
        return True
    told = list(_RETOLD.finditer(piece, left, cue_start))
    if not told:
        return False
    after = piece[told[-1].end():cue_start]
    return not any(parse_units(piece[:cue_start], told[-1].end() + m.end())
                   for m in re.finditer(r",\s*", after))


def _sentence_start(piece: str, left: int) -> int:
    """Start of the sentence holding the clause at `left` (clauses split at ';', sentences at '.')."""
    return max((a for a, _ in sentence_spans(piece) if a <= left), default=0)


def _assigned(piece: str, left: int, cue: Cue, scope: Scope,
              under_unit: bool) -> list[tuple[int, int, ResponsibilityRole]]:
    label = cue.label
    lead, support = ResponsibilityRole.LEAD, ResponsibilityRole.SUPPORT
    before = piece[left:cue.start]
    if piece[cue.start].isupper() and _IN_NAME.search(before):
        return []
    if label in {"assign", "address", "report_to", "direct"}:
        if _NOUN_CUE.search(before) or re.match(r"\s*của\b", piece[cue.end:]):
            return []
        if label in {"address", "report_to"} and not _issuer_speaks(piece, left, cue.start, scope, under_unit):
            return []
        if label == "direct" and not _units_before(piece, left, cue.start):
            return []
        units = parse_units(piece, _after_cue(piece, cue.end), after_cue=True)
        if not units:
            return []
        end = units[-1][1]
        if label == "report_to" and not _DECIDE.match(piece, end):
            return []
        listed = _colon_list(piece, units[-1])
        if listed:
            return [(a, b, lead) for a, b in listed]
        if all(is_bare_head(piece[a:b]) for a, b in units) and not _PREDICATE.match(piece, end):
            return []  # "kinh phí ... giao cho Sở, nguồn thu ...": an allocation, not an assignment
        role = support if label == "assign" and _SUPPORTS_PLAN.match(piece, end) else lead
        return [(a, b, role) for a, b in units]
    if label == "lead":
        labelled = re.match(r"\s*(?:,\s*phối hợp\s*)?:", piece[cue.end:])  # "Đơn vị chủ trì: Phòng X" (LC02)
        if labelled:
            return [(a, b, lead) for a, b in parse_units(piece, cue.end + labelled.end(), after_cue=True)]
        if "thi hành" in cue.phrase:  # the execution clause lists its units across ';' (SG22)
            left = _sentence_start(piece, left)
        # the issuer as subject narrates its own work ("Bộ Nội vụ sẽ ...", SG01)
        return [(a, b, lead) for a, b in _units_before(piece, left, cue.start) if not scope.is_issuer(piece[a:b])]
    if label == "support":
        if re.search(r"\bđể\s+$", before) or _object_before(piece, left, cue.start):
            return []  # "để phối hợp với Sở Nội vụ tham mưu": the issuer's own next step (SG04)
        if re.search(r"\b(?:đã|đang)\s+$", before):
            return []  # "Hội tỉnh Lâm Đồng đã phối hợp với Hội tỉnh Bình Thuận ..." (SG16): done, not asked
        # the issuer as partner ("phối hợp với Bộ Nội vụ", SG01) is not assigned by its own letter
        return [(a, b, support) for a, b in parse_units(piece, cue.end, after_cue=True)
                if not scope.is_issuer(piece[a:b])]
    if label == "agent":
        units = parse_units(piece, cue.end, after_cue=True)
        if units and re.match(r"\s*phân công", piece[units[-1][1]:]):
            return [(a, b, lead) for a, b in units]
    return []


def _after_cue(piece: str, position: int) -> int:
    match = re.match(r"\s*(?:cho\s+)?", piece[position:])
    return position + (match.end() if match else 0)


def _issuer_speaks(piece: str, left: int, cue_start: int, scope: Scope, under_unit: bool) -> bool:
    """The request is the issuer's: the issuer is its subject ("Sở Nội vụ kính trình ...", "Từ những cơ sở
    nêu trên, Sở Nội vụ kính trình ..."), or it opens the sentence ("Kính trình Chủ tịch ...", also when a
    missing stop glues it to the sentence before, SG16). Not a task of an assigned unit ("Tham mưu, đề xuất
    Chủ tịch UBND tỉnh khen thưởng" under "2. Giao Sở Nội vụ:", LD04; "Giao Sở Nội vụ theo dõi ... và tổng
    hợp báo cáo, đề xuất Chủ tịch ...", SG17)."""
    if piece[cue_start].isupper():
        return not under_unit
    opening = _OPENING.match(piece, left)
    start = opening.end() if opening else left
    clause = piece[start:cue_start]
    if not clause.strip() or fold(clause) in {"kính", "trân trọng", "xin"}:
        return not under_unit
    subject = re.sub(r"\s*(?:kính|trân trọng|xin)\s*$", "", clause, flags=re.IGNORECASE)
    units = _units_before(piece, left, start + len(subject))
    return bool(units) and any(scope.is_issuer(piece[a:b]) for a, b in units)


def _units_before(piece: str, left: int, cue_start: int) -> list[tuple[int, int]]:
    """The units that open the clause and end at the cue: 'Sở Y tế chủ trì', 'Điều 4. Các thành viên tại
    Điều 1 chịu trách nhiệm thi hành', 'Căn cứ ..., Sở X có trách nhiệm'."""
    opening = _OPENING.match(piece, left)
    start = opening.end() if opening else left
    starts = [start]
    if _ADVERBIAL.match(piece, start):
        starts += [start + m.end() for m in re.finditer(r",\s*", piece[start:cue_start])]
    for position in starts:
        segment = piece[position:cue_start]
        units = parse_units(piece[:cue_start], position, after_cue=True)
        if not units or units[0][0] != position:
            continue
        rest = piece[units[-1][1]:cue_start]
        if not rest.strip():
            return units
        if names_only_units(segment):
            return units
    return []


def _object_before(piece: str, left: int, cue_start: int) -> bool:
    """'đôn đốc các chủ đầu tư ... phối hợp chặt chẽ với chính quyền địa phương': the partner is the
    object's, not the assigned unit's (LC15)."""
    for match in re.finditer(r"\s", piece[left:cue_start]):
        position = left + match.end()
        units = parse_units(piece[:cue_start], position, after_cue=True)
        if units and units[0][0] == position and not piece[units[-1][1]:cue_start].strip():
            return bool(_OBJECT_VERB.search(piece[left:position]))
    return False


_NEXT_ITEM = re.compile(r"\s*,\s*")


def _colon_list(piece: str, group: tuple[int, int]) -> list[tuple[int, int]]:
    """'yêu cầu các hội: A, B và C hoàn thành' or 'Giao các sở: Giao thông vận tải, Xây dựng đôn đốc' (SG17):
    the units a bare group lists after a colon, as printed. Names without their head word are taken only
    after a bare group ("các sở:"), two or more, short, separated by commas ("và" joins a field:
    "Nông nghiệp và Phát triển nông thôn")."""
    colon = re.match(r"\s*:\s*", piece[group[1]:])
    if colon is None or not is_bare_group(piece[group[0]:group[1]]):
        return []
    start = group[1] + colon.end()
    units = parse_units(piece, start, after_cue=True)
    if units and units[0][0] == start:
        return units
    items: list[tuple[int, int]] = []
    position = start
    while position < len(piece) and piece[position].isupper():
        stop = _first_stop(piece, position)
        comma = piece.find(",", position, stop)
        item_end = comma if comma >= 0 else stop
        items.append((position, len(piece[:item_end].rstrip())))
        if comma < 0:
            break
        position = _NEXT_ITEM.match(piece, comma).end()
    if len(items) < 2 or any(len(piece[a:b].split()) > 8 for a, b in items):
        return []
    return items


def _first_stop(piece: str, position: int) -> int:
    """Where a headless name that starts at `position` ends: before the first lower-case predicate."""
    for match in re.finditer(r"(?<=\s)\S", piece[position:]):
        at = position + match.start()
        if piece[at] in ";:.(":
            return at
        if piece[at].islower() and stop_at(piece, at):
            return at
    return len(piece)


def _subject(piece: str, left: int, right: int, scope: Scope,
             modal_only: bool) -> list[tuple[int, int, ResponsibilityRole]]:
    """In a directive part, the units a sentence opens with, before their verb ("Bộ Quốc phòng dự kiến
    mục tiêu ...", "Căn cứ ..., các sở, ban, ngành ... xây dựng Kế hoạch"); elsewhere only before a
    modal ("mỗi Hội công chứng viên cần bầu thêm", SG20)."""
    opening = _OPENING.match(piece, left)
    start = opening.end() if opening else left
    starts = [start]
    if _ADVERBIAL.match(piece, start):
        starts += [start + m.end() for m in re.finditer(r",\s+", piece[start:right])]
    for position in starts:
        if _CONDITION.search(piece, start, position):
            break  # "nếu có vướng mắc, các phòng, đơn vị kịp thời báo cáo": a contingency, not a task
        units = parse_units(piece[:right], position)
        if not units or units[0][0] != position:
            continue
        listed = _colon_list(piece[:right], units[-1])
        if listed:
            units = listed
        end = units[-1][1]
        verb = _MODAL.match(piece, end) if modal_only else (_MODAL.match(piece, end) or _PREDICATE.match(piece, end))
        if verb is None or re.match(r"\s*:", piece[verb.end():]):
            continue  # "Đơn vị thực hiện: ..." is a label (TW02)
        names = [(a, b) for a, b in units if not scope.is_issuer(piece[a:b])]
        # "Các Sở: ... phối hợp thực hiện": asked to support the plan
        role = ResponsibilityRole.SUPPORT if _SUPPORTS_PLAN.match(piece, end) else ResponsibilityRole.LEAD
        return [(a, b, role) for a, b in names]
    return []


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
                for unit in split_units(cell.text):  # a person's name in the cell names no unit (LC03, LC04)
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
