"""Reports checked against their plan: who reported, what was met, what is flagged.

`Reconciliation` is what `vanban run --plan` writes as reconciliation.json
and what the CSV, XLSX and HTML outputs are drawn from. Every flag carries
the evidence on both sides (plan and report) so a reviewer can open the page.
The top-level keys `plan`, `reports`, `flags` are a public contract (DESIGN.md).
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum

from pydantic import Field

from schemas.base import Model
from schemas.provenance import Provenance


class FlagKind(StrEnum):
    MISSING_REPORT = "missing_report"
    LATE_REPORT = "late_report"
    TARGET_NOT_REPORTED = "target_not_reported"
    TARGET_SHORTFALL = "target_shortfall"
    TASK_NOT_ADDRESSED = "task_not_addressed"
    LOW_CONFIDENCE = "low_confidence"


class Evidence(Model):
    """One side of a flag: the document and the place in it."""

    file: str
    provenance: Provenance | None = None


class Flag(Model):
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


# States of a report that counts for the plan (the latest report of a unit, answering the plan).
COUNTED_STATES = frozenset({ReportState.ON_TIME, ReportState.LATE, ReportState.UNDATED, ReportState.UNKNOWN_UNIT})
# States of a document received but set aside: an earlier report of a unit, or one answering another plan.
SET_ASIDE_STATES = frozenset({ReportState.SUPERSEDED, ReportState.NOT_FOR_PLAN})


class ReportStatus(Model):
    """One roster unit's reporting, or one received report that fits nowhere."""

    unit: str = Field(..., description="roster name, or the issuer as written for an unknown unit")
    state: ReportState
    file: str | None = None
    number: str | None = None
    issued_date: str | None = None
    deadline: str | None = Field(None, description="ISO date of the deadline that applies to this unit")
    days_late: int | None = None
    note: dict[str, str] | None = Field(
        None, description="why, for states other than on_time/late/missing: {'vi': ..., 'en': ...}"
    )
    provenance: Provenance | None = Field(None, description="of the report's date, or its number")


class ResultMatch(Model):
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


class TargetAttainment(Model):
    """A plan target beside what the reports achieved."""

    metric: str
    comparator: str
    comparator_text: str | None = Field(None, description="the comparator as the plan words it ('phấn đấu đạt')")
    value: float = Field(..., description="the target's base value")
    unit: str | None = None
    stated_value: float | None = Field(None, description="the value as the plan states it, before scale: 23100")
    stated_unit: str | None = Field(None, description="the unit as the plan states it, with its scale: 'nghìn lượt'")
    raw_value: str
    status: TargetStatus
    results: list[ResultMatch] = Field(default_factory=list)
    provenance: Provenance


class Note(Model):
    """An input problem handled (a duplicate, an unknown unit, another plan), Vietnamese first."""

    file: str | None = Field(None, description="the document concerned, when one is")
    message: dict[str, str] = Field(..., description="{'vi': ..., 'en': ...}")


class Office(Model):
    """The body that compiles the reports and sends the synthesis upward (its header on the draft report)."""

    name: str = Field(..., description="e.g. SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH")
    parent: str | None = Field(None, description="its direct superior, e.g. UBND TỈNH CAO BẰNG")
    place: str | None = Field(None, description="the place written before the date, e.g. Cao Bằng")
    code: str | None = Field(None, description="its code in document symbols, e.g. SVHTTDL (Số: .../BC-SVHTTDL)")


class Tally(Model):
    """Every count a reader is shown, defined once: the CLI, HTML, XLSX, JSON and DOCX all show these.

    `documents` are the files units sent (every report with a file); of
    them `received` count for the plan (the latest report of each unit that
    answers it: on time, late, undated, or from a unit the roster lacks) and
    `set_aside` do not (an earlier report of a unit, or one for another plan
    or none). `missing` are roster units that sent nothing that counts.
    """

    documents: int = 0
    received: int = 0
    on_time: int = 0
    late: int = 0
    undated: int = 0
    unknown_unit: int = 0
    set_aside: int = 0
    superseded: int = 0
    not_for_plan: int = 0
    missing: int = 0
    targets: int = 0
    targets_met: int = 0
    targets_shortfall: int = 0
    targets_not_reported: int = 0
    flags: int = 0
    flags_by_kind: dict[str, int] = Field(default_factory=dict)


class Reconciliation(Model):
    plan: str = Field(..., description="number (or file) of the plan")
    plan_file: str | None = None
    plan_title: str | None = None
    plan_date: str | None = None
    plan_issuer: str | None = Field(None, description="the body that issued the plan, as the plan writes it")
    plan_issuer_parent: str | None = Field(None, description="its direct superior, as the plan writes it")
    plan_place: str | None = Field(None, description="the place on the plan's date line")
    office: Office | None = Field(None, description="the compiling body, when the roster names it")
    reports: list[ReportStatus] = Field(default_factory=list)
    targets: list[TargetAttainment] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    met: list[str] = Field(default_factory=list, description="what was met, one line each (Vietnamese)")
    notes: list[Note] = Field(
        default_factory=list, description="input problems handled: duplicates, unknown units, other plans"
    )
    counts: dict[str, int] = Field(
        default_factory=dict, description="the `Tally` flattened: flags per kind, reports per state, targets per status"
    )

    def tally(self) -> Tally:
        """The counts, from the reports, targets and flags themselves (so an edited JSON re-counts right)."""
        states = Counter(r.state for r in self.reports)
        statuses = Counter(t.status for t in self.targets)
        kinds = Counter(f.kind for f in self.flags)
        return Tally(
            documents=sum(1 for r in self.reports if r.file),
            received=sum(states[s] for s in COUNTED_STATES),
            on_time=states[ReportState.ON_TIME],
            late=states[ReportState.LATE],
            undated=states[ReportState.UNDATED],
            unknown_unit=states[ReportState.UNKNOWN_UNIT],
            set_aside=sum(states[s] for s in SET_ASIDE_STATES),
            superseded=states[ReportState.SUPERSEDED],
            not_for_plan=states[ReportState.NOT_FOR_PLAN],
            missing=states[ReportState.MISSING],
            targets=len(self.targets),
            targets_met=statuses[TargetStatus.MET],
            targets_shortfall=statuses[TargetStatus.SHORTFALL],
            targets_not_reported=statuses[TargetStatus.NOT_REPORTED],
            flags=len(self.flags),
            flags_by_kind={kind.value: kinds[kind] for kind in FlagKind},
        )


def flat_counts(tally: Tally) -> dict[str, int]:
    """The tally as `Reconciliation.counts` stores it (keys kept from earlier versions, new ones added)."""
    counts = {f"flags_{kind}": n for kind, n in tally.flags_by_kind.items()}
    counts |= {f"reports_{state.value}": getattr(tally, state.value) for state in ReportState}
    counts |= {"documents": tally.documents, "reports_received": tally.received, "reports_set_aside": tally.set_aside}
    counts |= {f"targets_{status.value}": getattr(tally, f"targets_{status.value}") for status in TargetStatus}
    counts["targets"] = tally.targets
    counts["flags"] = tally.flags
    return counts
