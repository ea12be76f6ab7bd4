"""Where a document speaks for itself, and where it directs.

Assignments and deadlines are only the document's own when its own voice
makes them. Real documents also carry other voices:

* quotations of decrees and letters (SG17 quotes Nghị định 126 and the
  associations' letters, SG19 quotes the draft plan it comments on);
* the legal bases of the preamble (`Căn cứ Quyết định ... về việc Ủy quyền cho
  Giám đốc Sở ...`, LC03, LC04);
* a second document filed in the same PDF after the first one's signature:
  SG03 holds two more letters, SG11 the charter (Điều lệ) its decision
  approves; a new national motto line is where it starts;
* a report's account of what happened (LC08, LC11), as opposed to its
  proposals.

And a document directs in its implementation parts (TỔ CHỨC THỰC HIỆN,
PHÂN CÔNG, a timetable, ĐỀ XUẤT, KIẾN NGHỊ) and after a request that
announces a list (`Bộ Công an trân trọng đề nghị các Bộ ... triển khai một
số nội dung sau:`, SG25): there a sentence whose subject is a unit
(`Bộ Quốc phòng dự kiến mục tiêu ...`) assigns that unit.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date
from functools import cached_property

from extractors.context import Context
from extractors.grammar import find_dates
from extractors.units import PERSON, parse_units
from pipeline.text.normalize import fold
from pipeline.text.structure import Block

#: The title of standing rules a decision approves (SG11 "ĐIỀU LỆ (SỬA ĐỔI, BỔ SUNG)"; quy chế, quy định).
_STANDING_RULES = re.compile(r"^(?:ĐIỀU LỆ|QUY CHẾ|QUY ĐỊNH)\b")
#: A quotation longer than this is an unbalanced quote mark, not a quotation.
_MAX_QUOTE = 2500
# Section titles under which a document directs (real documents: LC01, LC15, LD04 "TỔ CHỨC THỰC
# HIỆN", "PHÂN CÔNG TỔ CHỨC THỰC HIỆN"; LD04 "Tiến độ thực hiện", "Thời gian gửi hồ sơ"; SG18, LC08,
# LC11 "ĐỀ XUẤT, KIẾN NGHỊ"; SG20 "Tổ chức thực hiện"). "CHẾ ĐỘ BÁO CÁO" (LC01) is not among them.
_DIRECTIVE_TITLE = re.compile(
    r"^(?:tổ chức thực hiện|trách nhiệm (?:thực hiện|của)|phân công|tiến độ|đề xuất|kiến nghị|thời gian gửi|"
    r"thời hạn gửi|nhiệm vụ cụ thể)",
)
# ... or an upper-case part title that names them after its content ("NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM VÀ PHÂN
# CÔNG TỔ CHỨC THỰC HIỆN", LC15).
_DIRECTIVE_IN_TITLE = re.compile(r"tổ chức thực hiện|phân công")
# A paragraph that announces the requests listed after it: "... đề nghị X triển khai một số nội dung
# sau:" (SG25, SG03, SG04), "Sở Nội vụ kiến nghị Chủ tịch UBND tỉnh như sau:" (SG18), "... đề xuất
# đồng chí Chủ tịch ... cho ý kiến chỉ đạo:" (SG24), "yêu cầu ... thực hiện các nhiệm vụ sau:" (LC15).
_REQUEST_LEAD_IN = re.compile(r"\b(?:đề nghị|yêu cầu|giao|kiến nghị|đề xuất|tham mưu)\b", re.IGNORECASE)


#: The heading of a list of addressees filed with a letter: "Danh sách các đơn vị nhận công văn (Kèm theo
#: Công văn số: 5689/BCA-C04 ...)" (SG25 p. 3), folded.
_ADDRESSEES = re.compile(r"\b(?:đơn vị|cơ quan|nơi) nhận\b|\bnhận (?:công văn|văn bản)\b")


def _requests(text: str) -> bool:
    """A request to an addressee ("đề nghị các Bộ ... triển khai", "kiến nghị Chủ tịch UBND tỉnh", "yêu cầu:"),
    not the noun of "Theo đề nghị của ..." (the preamble line before "QUYẾT ĐỊNH:", SG10), nor a report's
    opening "Sở Nội vụ báo cáo ... và đề xuất, kiến nghị như sau:" (SG17, SG18), whose body reports first."""
    for match in _REQUEST_LEAD_IN.finditer(text):
        before, after = text[:match.start()], text[match.end():]
        if re.match(r"\s*của\b", after) or re.search(r"(?:theo|xét|hồ sơ|tờ trình)\s*$", before, re.IGNORECASE):
            continue
        if re.search(r"báo cáo\s*(?:,|và)\s*$", before, re.IGNORECASE) and re.search(r"như sau\s*:$", text):
            continue
        if re.match(r"\s*:", after) or PERSON.match(after.lstrip()) \
                or parse_units(after, 0, after_cue=True):
            return True
    return False


class Scope:
    """Questions about where an offset of the document stands (offsets into the document text)."""

    def __init__(self, ctx: Context, issuer: str | None = None) -> None:
        self.ctx = ctx
        self.issuer = issuer

    # -- other voices -------------------------------------------------------------------------

    @cached_property
    def _quotes(self) -> list[tuple[int, int]]:
        text = self.ctx.text.text
        marks = [m.start() for m in re.finditer('"', text)]
        spans = []
        i = 0
        while i + 1 < len(marks):
            if marks[i + 1] - marks[i] <= _MAX_QUOTE:
                spans.append((marks[i], marks[i + 1] + 1))
                i += 2
            else:
                i += 1
        return spans

    def quoted(self, offset: int) -> bool:
        """Inside a quotation: another text's words."""
        starts = [a for a, _ in self._quotes]
        i = bisect_right(starts, offset) - 1
        return i >= 0 and self._quotes[i][0] < offset < self._quotes[i][1]

    @cached_property
    def second_document(self) -> int | None:
        """Where the first document filed after this one that speaks with its own voice starts, if one is.

        The structure finds the documents filed together (`Structure.attachments`); of those, a
        separate letter (SG03's two drafts, no "Kèm theo" line) and standing rules approved by the main
        document (SG11's "ĐIỀU LỆ … (Kèm theo Quyết định số 779/QĐ-UBND …)": a charter's duties are no
        assignment of the decision) are other voices. A plan or list issued with it ("Kèm theo", a
        Quyết định ban hành Kế hoạch) carries the main document's own assignments; a list of the
        letter's addressees does not (`distribution_list`).
        """
        for attachment in self.ctx.structure.attachments:
            rules = any(_STANDING_RULES.match(h.text) for h in attachment.header)
            if attachment.attached_to is None or rules or attachment.doc_type in {"quy_che", "quy_dinh"}:
                return attachment.start
        return None

    @cached_property
    def _distribution_lists(self) -> list[tuple[int, int]]:
        return [(a.start, a.end) for a in self.ctx.structure.attachments
                if any(_ADDRESSEES.search(fold(h.text)) for h in a.header)]

    def distribution_list(self, offset: int) -> bool:
        """In a list of the units a letter is sent to, filed with it: its items are addressees, whose tasks
        the letter's body gives ("Ủy ban nhân dân các tỉnh, thành phố", SG25), not units assigned one by one."""
        return any(a <= offset < b for a, b in self._distribution_lists)

    def foreign(self, offset: int) -> bool:
        """In a second document of the file (SG03's drafts, SG11's charter)."""
        return self.second_document is not None and offset >= self.second_document

    @cached_property
    def _preamble_end(self) -> int:
        headings = self.ctx.structure.headings
        return headings[0].start if headings else 0

    def legal_basis(self, block: Block) -> bool:
        """A 'Căn cứ ...' paragraph of the preamble: it cites other documents."""
        return block.start < self._preamble_end and fold(block.text).startswith(("căn cứ", "xét đề nghị",
                                                                                "theo đề nghị"))

    def own_voice(self, offset: int) -> bool:
        return not self.quoted(offset) and not self.foreign(offset)

    # -- where the document directs -------------------------------------------------------------

    @cached_property
    def _directive_spans(self) -> list[tuple[int, int]]:
        structure = self.ctx.structure
        spans = []
        for heading in structure.headings:
            title = heading.title.split(":")[0].strip()
            if _DIRECTIVE_TITLE.search(fold(title)) or title.isupper() and _DIRECTIVE_IN_TITLE.search(fold(title)):
                spans.append((heading.start, heading.end))
        body_end = structure.blocks[-1].end if structure.blocks else 0
        for block in structure.blocks:
            text = block.text.rstrip()
            if block.kind == "table_row" or not text.endswith(":") or not _requests(text):
                continue
            enclosing = [h for h in structure.headings_at(block.start) if h.start < block.start]
            spans.append((block.end, enclosing[-1].end if enclosing else body_end))
        return spans

    def directive(self, offset: int) -> bool:
        """Under an implementation or proposal part, or after a request that announces a list; anywhere in
        a document with no type line (a công văn), whose body is its request."""
        if self.ctx.structure.type_line is None and offset < self._main_text_end:
            return True  # "Căn cứ ý kiến chỉ đạo trên, Sở Công Thương và các đơn vị liên quan triển khai" (LC17)
        return any(a <= offset < b for a, b in self._directive_spans)

    @cached_property
    def _main_text_end(self) -> int:
        """Where the main text ends: its signature or recipients (an annex after them is not the request)."""
        structure = self.ctx.structure
        ends = [s.start for s in (*structure.signature, *structure.recipients)]
        if structure.appendix_start is not None:
            ends.append(structure.appendix_start)
        if self.second_document is not None:
            ends.append(self.second_document)
        return min(ends, default=len(self.ctx.text.text))

    def narrative(self, block: Block) -> bool:
        """A report's account of the past (its proposals and a request's list are not)."""
        return self.ctx.is_report_narrative(block) and not self.directive(block.start)

    # -- who speaks -----------------------------------------------------------------------------

    def is_issuer(self, unit: str) -> bool:
        """The issuer itself ("Bộ Nội vụ sẽ tiến hành rà soát" in Bộ Nội vụ's letter, SG01)."""
        if not self.issuer:
            return False
        return _bare_name(unit) == _bare_name(self.issuer)

    # -- when -----------------------------------------------------------------------------------

    @cached_property
    def as_of(self) -> date | None:
        """The day the document speaks from: its issue date; for a draft with a blank day, the first of
        its month (LC16 'ngày   tháng 4 năm 2026'); for minutes, 'Hôm nay, ... ngày 18 tháng 12 năm 2025'
        (SG23)."""
        if self.ctx.issued_date is not None:
            return self.ctx.issued_date
        for block in self.ctx.structure.blocks[:12]:
            if fold(block.text).startswith("hôm nay"):
                days = [m.start_date for m in find_dates(block.text) if m.kind == "day" and m.start_date]
                if days:
                    return days[0]
        for segment in self.ctx.structure.header:
            month = re.search(r"tháng\s+(\d{1,2})\s+năm\s+(\d{4})", segment.text)
            if month and 1 <= int(month.group(1)) <= 12:
                return date(int(month.group(2)), int(month.group(1)), 1)
        return None


_PLACE_TAIL = re.compile(r"\s+(?:tỉnh|thành phố|huyện|xã|phường)\s+[^,;]*$|\s*\((?:cũ|mới)\)$")


def _bare_name(name: str) -> str:
    """A name without its place, for comparing with the issuer ('Sở Tư pháp tỉnh Lâm Đồng' ~ 'SỞ TƯ PHÁP')."""
    folded = fold(name).replace("ubnd", "ủy ban nhân dân")
    return _PLACE_TAIL.sub("", folded).strip(" .,")
