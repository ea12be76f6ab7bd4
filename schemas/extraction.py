"""The structured result of reading one document: `ExtractedDocument`.

The top-level keys listed in DESIGN.md are a public contract (users build
spreadsheets and scripts on them): add keys, never rename or remove them.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from schemas.base import Model
from schemas.page import PageStatus, SourceKind
from schemas.provenance import Provenance


class Comparator(StrEnum):
    """How a target relates to its value."""

    EQ = "eq"  # đạt, phấn đấu đạt, 100% ...
    GTE = "gte"  # từ ... trở lên, không dưới, ít nhất, tối thiểu
    GT = "gt"  # trên, hơn
    LTE = "lte"  # không quá, tối đa, dưới mức
    LT = "lt"  # dưới
    INCREASE = "increase"  # tăng ...% so với
    DECREASE = "decrease"  # giảm ...%


class DeadlineRelation(StrEnum):
    """How a date binds a task."""

    BEFORE = "before"  # trước ngày
    BY = "by"  # chậm nhất / muộn nhất / hạn / hoàn thành trong
    ON = "on"  # vào ngày, ngày ... (a fixed date)
    PERIOD = "period"  # từ ... đến ..., trong tháng, giai đoạn
    RECURRING = "recurring"  # định kỳ hằng tháng / quý / 6 tháng / năm
    ONGOING = "ongoing"  # thường xuyên


class ResponsibilityRole(StrEnum):
    LEAD = "lead"  # chủ trì, giao ... thực hiện
    SUPPORT = "support"  # phối hợp
    ASSIGNED = "assigned"  # named under TỔ CHỨC THỰC HIỆN without a lead/support word


class Issuer(Model):
    name: str
    parent: str | None = None
    provenance: Provenance


class Signer(Model):
    name: str | None
    title: str | None = Field(None, description="e.g. PHÓ GIÁM ĐỐC")
    authority: str | None = Field(None, description="e.g. KT. GIÁM ĐỐC, TM. ỦY BAN NHÂN DÂN")
    provenance: Provenance


class Reference(Model):
    """A document cited by this one (a legal basis or any other citation)."""

    number: str | None = Field(None, description="e.g. 70/NQ-HĐND, or null for a law cited by name")
    doc_type: str | None = Field(None, description="e.g. nghi_quyet")
    date: str | None = Field(None, description="ISO date the cited document was issued")
    issuer: str | None = None
    title: str | None = Field(None, description="the cited name as written, e.g. Luật Thi đua, khen thưởng")
    is_legal_basis: bool = False
    provenance: Provenance


class Target(Model):
    """A measurable goal (chỉ tiêu) of a plan."""

    text: str = Field(..., description="the sentence or table row stating the target")
    metric: str = Field(..., description="what is measured, as the document words it")
    value: float
    unit: str | None = Field(
        None, description="scale word + canonical unit, e.g. 'nghìn lượt' ('23.100 nghìn lượt khách'); see raw_value"
    )
    base_value: float = Field(..., description="value after scale words: 23.100 nghìn -> 23100000")
    base_unit: str | None = Field(None, description="unit without scale, e.g. 'lượt'")
    comparator: Comparator
    comparator_text: str | None = Field(
        None, description="the comparator as the document words it, e.g. 'phấn đấu đạt', 'từ ... trở lên', 'Tối thiểu'"
    )
    raw_value: str = Field(..., description="the number as written, e.g. '23.100 nghìn lượt'")
    period: str | None = Field(None, description="the period the target is for, e.g. 'năm 2026'")
    section: str | None = Field(None, description="heading under which it stands")
    from_table: bool = False
    provenance: Provenance


class Deadline(Model):
    date: str | None = Field(..., description="ISO date: the end, the last day or the due date")
    start_date: str | None = None
    relation: DeadlineRelation
    recurrence: str | None = Field(None, description="monthly, quarterly, half_yearly, yearly")
    applies_to: str | None = Field(None, description="the task or product the deadline binds")
    units: list[str] = Field(default_factory=list, description="who owes it")
    provenance: Provenance


class Responsibility(Model):
    unit: str
    role: ResponsibilityRole
    tasks: list[str] = Field(default_factory=list)
    deadline: str | None = Field(None, description="ISO date of the deadline attached to these tasks")
    is_group: bool = Field(False, description="a group such as 'UBND các xã' that a roster expands")
    provenance: Provenance


class Result(Model):
    """An achieved value stated by a report (filled for bao_cao documents)."""

    metric: str
    value: float
    unit: str | None = None
    base_value: float
    base_unit: str | None = Field(None, description="unit without scale, e.g. 'lượt'")
    plan_value: float | None = Field(None, description="the planned value the report states beside it, after scale")
    percent_of_plan: float | None = Field(None, description="'đạt 92,9% kế hoạch' -> 92.9")
    growth_percent: float | None = Field(None, description="'tăng 8% so với cùng kỳ' -> 8, 'giảm 3%' -> -3")
    text: str | None = Field(None, description="the sentence or table row stating the result")
    section: str | None = Field(None, description="heading under which it stands")
    from_table: bool = False
    provenance: Provenance


class SectionKind(StrEnum):
    """The parts a report is made of (Decree 30 reports and their usual headings)."""

    RESULTS = "results"  # KẾT QUẢ THỰC HIỆN / KẾT QUẢ ĐẠT ĐƯỢC / tình hình thực hiện
    SHORTCOMINGS = "shortcomings"  # TỒN TẠI, HẠN CHẾ / khó khăn, vướng mắc / nguyên nhân
    DIRECTIONS = "directions"  # PHƯƠNG HƯỚNG, NHIỆM VỤ / giải pháp / thời gian tới
    PROPOSALS = "proposals"  # KIẾN NGHỊ, ĐỀ XUẤT
    OTHER = "other"


class Section(Model):
    """A top-level part of a report, so reconciliation knows where it speaks of results."""

    kind: SectionKind
    heading: str
    span: tuple[int, int] = Field(..., description="the section's extent in the `vanban text` string")
    text: str = Field("", description="the section's text (reconciliation reads which plan tasks it speaks to)")
    provenance: Provenance = Field(..., description="of the heading")


class Task(Model):
    """A task a plan sets (a numbered content item), so reconciliation can ask who spoke to it."""

    title: str = Field(..., description="the item's heading, or its first sentence when it has none")
    text: str = Field(..., description="the item's whole text, heading and body")
    section: str | None = Field(None, description="the part it stands under, e.g. 'II. NỘI DUNG THI ĐUA'")
    units: list[str] = Field(default_factory=list, description="units the plan assigns it to, when it says")
    provenance: Provenance


class Recipient(Model):
    name: str
    provenance: Provenance


class PageInfo(Model):
    number: int
    source: SourceKind
    confidence: float
    words: int
    status: PageStatus = Field(PageStatus.OK, description="ok (text layer), ocr, or failed (see notes)")
    notes: list[str] = Field(default_factory=list, description="why the page was OCR'd or failed, what was done")


class DocumentStatus(StrEnum):
    """Whether every page of the document was read."""

    OK = "ok"
    PARTIAL = "partial"  # some pages failed: the values may be incomplete
    FAILED = "failed"  # no page could be read


def document_status(pages: list[PageInfo]) -> DocumentStatus:
    """Partial when some pages failed, failed when all did."""
    failed = sum(1 for p in pages if p.status is PageStatus.FAILED)
    if not failed:
        return DocumentStatus.OK
    return DocumentStatus.FAILED if failed == len(pages) else DocumentStatus.PARTIAL


class ExtractedDocument(Model):
    """Everything vanban reads from one document, each value with its source."""

    schema_version: str = "1"
    pipeline_version: str
    file: str = Field(..., description="file name as given")
    sha256: str
    doc_type: str = Field(..., description="ke_hoach, bao_cao, cong_van, quyet_dinh, ... or 'khac'")
    number: str | None = Field(None, description="e.g. 19/KH-SVHTTDL; null when the draft leaves it blank")
    issuer: Issuer | None = None
    place: str | None = None
    issued_date: str | None = Field(None, description="ISO date; null when the draft leaves it blank")
    title: str | None = None
    signer: Signer | None = None
    field_provenance: dict[str, Provenance] = Field(
        default_factory=dict, description="provenance of doc_type, number, place, issued_date, title"
    )
    references: list[Reference] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    responsibilities: list[Responsibility] = Field(default_factory=list)
    results: list[Result] = Field(default_factory=list)
    responds_to: Reference | None = Field(
        None, description="for a report: the plan it answers ('Thực hiện Kế hoạch số 19/KH-SVHTTDL ngày ...')"
    )
    sections: list[Section] = Field(default_factory=list, description="a report's parts: results, shortcomings...")
    tasks: list[Task] = Field(default_factory=list, description="a plan's tasks (content items)")
    recipients: list[Recipient] = Field(default_factory=list)
    pages: list[PageInfo] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    status: DocumentStatus = Field(
        DocumentStatus.OK, description="ok, partial (some pages failed) or failed; never better than its pages"
    )

    @model_validator(mode="after")
    def _status_from_pages(self) -> ExtractedDocument:
        """A document is never reported better than its pages are (whoever builds it)."""
        derived = document_status(self.pages)
        order = list(DocumentStatus)
        if order.index(derived) > order.index(self.status):
            self.status = derived
        return self
