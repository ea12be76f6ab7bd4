"""Reports checked against their plan: the flags reconciliation raises."""

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


class Flag(BaseModel):
    kind: FlagKind
    unit: str | None
    message: dict[str, str] = Field(..., description="{'vi': ..., 'en': ...}")
    plan_provenance: Provenance | None = None
    report_provenance: Provenance | None = None


class ReportStatus(BaseModel):
    unit: str
    file: str | None
    number: str | None = None
    issued_date: str | None = None


class Reconciliation(BaseModel):
    plan: str = Field(..., description="number (or file) of the plan")
    reports: list[ReportStatus] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
