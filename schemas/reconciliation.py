"""Reports checked against their plan: who reported, what was met, what is flagged.

`Reconciliation` is what `vanban run --plan` writes as reconciliation.json
and what the CSV, XLSX and HTML outputs are drawn from. Every flag carries
the evidence on both sides (plan and report) so a reviewer can open the page.
The top-level keys `plan`, `reports`, `flags` are a public contract (DESIGN.md).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from schemas.provenance import Provenance


class FlagKind(StrEnum):
    MISSING_REPORT = "missing_report"
    LATE_REPORT = "late_report"
    TARGET_NOT_REPORTED = "target_not_reported"
    TARGET_SHORTFALL = "target_shortfall"
    TASK_NOT_ADDRESSED = "task_not_addressed"
    LOW_CONFIDENCE = "low_confidence"


class Evidence(BaseModel):
    """One side of a flag: the document and the place in it."""

    file: str
    provenance: Provenance | None = None


class Flag(BaseModel):
    kind: FlagKind
    unit: str | None = Field(None, description="roster name of the unit concerned, when one is")
    message: dict[str, str] = Field(..., description="{'vi': ..., 'en': ...}")
    target: str | None = Field(None, description="metric of the target concerned")
    task: str | None = Field(None, description="title of the task concerned")
    achieved: float | None = Field(None, description="for target_shortfall: the achieved base value")
    expected: float | None = Field(None, description="for target_shortfall: the target's base value")
    percent: float | None = Field(None, description="for target_shortfall: achieved as % of the target")
    plan: Evidence | None = None
    report: Evidence | None = None


class ReportState(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    UNDATED = "undated"  # a report with no readable date: cannot be judged
    SUPERSEDED = "superseded"  # an earlier report of a unit that sent a later one
    NOT_FOR_PLAN = "not_for_plan"  # cites no plan, or another plan
    UNKNOWN_UNIT = "unknown_unit"  # its issuer matches no roster unit


class ReportStatus(BaseModel):
    """One roster unit's reporting, or one received report that fits nowhere."""

    unit: str = Field(..., description="roster name, or the issuer as written for an unknown unit")
    state: ReportState
    file: str | None = None
    number: str | None = None
    issued_date: str | None = None
    deadline: str | None = Field(None, description="ISO date of the deadline that applies to this unit")
    days_late: int | None = None
    note: str | None = Field(None, description="why, in English, for states other than on_time/late/missing")
    provenance: Provenance | None = Field(None, description="of the report's date, or its number")


class ResultMatch(BaseModel):
    """One report's result matched to a plan target."""

    unit: str | None
    file: str
    value: float = Field(..., description="the achieved base value, in the target's scale")
    percent: float | None = Field(None, description="achieved as % of the target (or as the report states)")
    met: bool
    score: float = Field(..., description="how well the metric matched, 0..1")
    provenance: Provenance


class TargetStatus(StrEnum):
    MET = "met"
    SHORTFALL = "shortfall"
    NOT_REPORTED = "not_reported"


class TargetAttainment(BaseModel):
    """A plan target beside what the reports achieved."""

    metric: str
    comparator: str
    value: float = Field(..., description="the target's base value")
    unit: str | None = None
    raw_value: str
    status: TargetStatus
    results: list[ResultMatch] = Field(default_factory=list)
    provenance: Provenance


class Reconciliation(BaseModel):
    plan: str = Field(..., description="number (or file) of the plan")
    plan_file: str | None = None
    plan_title: str | None = None
    plan_date: str | None = None
    reports: list[ReportStatus] = Field(default_factory=list)
    targets: list[TargetAttainment] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    met: list[str] = Field(default_factory=list, description="what was met, one line each (Vietnamese)")
    notes: list[str] = Field(
        default_factory=list, description="input problems handled: duplicates, unknown units, other plans"
    )
    counts: dict[str, int] = Field(default_factory=dict, description="flags per kind, reports per state")
