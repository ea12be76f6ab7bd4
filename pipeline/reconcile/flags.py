"""Unit reports checked against their plan: who reported, who was late, what fell short, what nobody covered.

The inputs are extractions (ExtractedDocument), so reconciliation re-reads
nothing and works the same on born-digital, DOCX and scanned reports, and on
values a reviewer corrected. The steps:

1. receive: link each report to the plan (pipeline/reconcile/linking.py), find its
   unit in the roster, and keep the latest report of a unit that sent two;
2. timeliness: each unit's report date against the deadline that binds it;
   roster units without a report are missing;
3. attainment: each plan target against the best-matching result of every
   report (pipeline/reconcile/attainment.py);
4. coverage: each plan task against the reports' passages (pipeline/reconcile/coverage.py);
5. confidence: a value that decides a flag but was read from weak OCR gets
   its own flag, so a reviewer checks it before anyone acts on it.

Every flag cites its evidence in the plan and in the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.reconcile import messages as say
from pipeline.reconcile.attainment import GROWTH, Achieved, Goal, Reading, context_before, read_against
from pipeline.reconcile.coverage import ADDRESSED, coverage
from pipeline.reconcile.labels import doc_type_vi, number_vi
from pipeline.reconcile.linking import Located, days_late, deadline_for, link_report, number_key, report_unit
from pipeline.reconcile.order import reader_order
from pipeline.reconcile.roster import Roster, RosterUnit
from pipeline.text.normalize import fold
from schemas.extraction import Deadline, DeadlineRelation, ExtractedDocument, Provenance, Target
from schemas.reconciliation import (
    Evidence,
    Flag,
    FlagKind,
    Note,
    Reconciliation,
    ReportState,
    ReportStatus,
    ResultMatch,
    TargetAttainment,
    TargetStatus,
    flat_counts,
)

LOW_CONFIDENCE = 0.6
REPORT_TYPES = frozenset({"bao_cao", "cong_van"})
_FLAG_ORDER = list(FlagKind)


@dataclass
class Received:
    """A report that answers the plan and counts: the latest one of its unit."""

    source: Located
    unit: str  # roster name, or the issuer as written
    roster_unit: RosterUnit | None
    deadline: Deadline | None = None


def reconcile(plan: Located, documents: Sequence[Located], roster: Roster | None = None) -> Reconciliation:
    """Check the reports among `documents` against `plan`; documents that are not its reports are noted.

    The plan itself may be among `documents` (a batch holds it beside the
    reports): it is left out by its content hash.
    """
    documents = [d for d in documents if d.doc.sha256 != plan.doc.sha256]
    issuer = plan.doc.issuer
    rec = Reconciliation(
        plan=plan.doc.number or plan.doc.file, plan_file=plan.path, plan_title=plan.doc.title,
        plan_date=plan.doc.issued_date, plan_issuer=issuer.name if issuer else None,
        plan_issuer_parent=issuer.parent if issuer else None, plan_place=plan.doc.place,
        office=roster.office if roster is not None else None,
    )
    received = _receive(plan, documents, roster, rec)
    _timeliness(plan, received, roster, rec)
    _attainment(plan, received, rec)
    _coverage(plan, received, rec)
    rec.flags.sort(key=lambda f: (_FLAG_ORDER.index(f.kind), f.unit or "", f.target or "", f.task or ""))
    rec.reports = reader_order(rec.reports, rec.flags)
    rec.counts = flat_counts(rec.tally())
    if plan.doc.doc_type != "ke_hoach":
        rec.notes.insert(0, Note(file=plan.path, message=say.plan_not_a_plan(
            plan.doc.file, doc_type_vi(plan.doc.doc_type), plan.doc.doc_type)))
    return rec


# ----------------------------------------------------------------------------- 1. receive


def _receive(plan: Located, documents: Sequence[Located], roster: Roster | None, rec: Reconciliation) -> list[Received]:
    by_unit: dict[str, list[Received]] = {}
    for source in documents:
        doc = source.doc
        if doc.sha256 == plan.doc.sha256:
            continue
        if doc.doc_type not in REPORT_TYPES:
            rec.notes.append(Note(file=source.path, message=say.not_a_report(
                doc.file, doc_type_vi(doc.doc_type), doc.doc_type)))
            continue
        written, unit = report_unit(doc, roster)
        link = link_report(plan.doc, doc)
        if not link.linked:
            why = say.other_plan(link.cited or "?", rec.plan) if link.how == "other_plan" else say.no_plan()
            rec.notes.append(Note(file=source.path, message=say.set_aside(doc.file, why)))
            rec.reports.append(_status(source, unit.name if unit else written, ReportState.NOT_FOR_PLAN, note=why))
            continue
        if link.how != "number":
            rec.notes.append(Note(file=source.path, message=say.linked_without_number(doc.file, link.how)))
        if roster is not None and unit is None:
            rec.notes.append(Note(file=source.path, message=say.about_file(doc.file, say.unknown_unit(written))))
        name = unit.name if unit else written
        by_unit.setdefault(fold(name), []).append(Received(source, name, unit))
    received = []
    for reports in by_unit.values():
        reports.sort(key=lambda r: (r.source.doc.issued_date or "", number_key(r.source.doc.number) or ""))
        latest = reports[-1]
        for older in reports[:-1]:
            later = latest.source.doc
            why = say.superseded(later.file, later.number, later.issued_date)
            rec.notes.append(Note(file=older.source.path, message=say.unit_superseded(
                older.source.doc.file, older.unit, why)))
            rec.reports.append(_status(older.source, older.unit, ReportState.SUPERSEDED, note=why))
        received.append(latest)
    return received


def _status(source: Located, unit: str, state: ReportState, **fields: object) -> ReportStatus:
    doc = source.doc
    return ReportStatus(
        unit=unit, state=state, file=source.path, number=doc.number, issued_date=doc.issued_date,
        provenance=doc.field_provenance.get("issued_date") or doc.field_provenance.get("number"), **fields,
    )


# ----------------------------------------------------------------------------- 2. timeliness


def _timeliness(plan: Located, received: list[Received], roster: Roster | None, rec: Reconciliation) -> None:
    for report in received:
        doc = report.source.doc
        report.deadline = deadline_for(plan.doc, report.roster_unit, report.unit, roster)
        due = report.deadline.date if report.deadline else None
        late = days_late(doc.issued_date, report.deadline)
        note = None
        if report.roster_unit is None and roster is not None:
            state = ReportState.UNKNOWN_UNIT
            written = doc.issuer.name if doc.issuer else report.unit
            note = say.unknown_unit(" ".join(written.split()))
        elif doc.issued_date is None:
            state, note = ReportState.UNDATED, say.undated()
        else:
            state = ReportState.LATE if late else ReportState.ON_TIME
        rec.reports.append(_status(report.source, report.unit, state, deadline=due, days_late=late, note=note))
        if late and doc.issued_date and due:
            date_source = doc.field_provenance.get("issued_date")
            rec.flags.append(Flag(
                kind=FlagKind.LATE_REPORT, unit=report.unit,
                message=say.late_report(report.unit, doc.issued_date, due, late,
                                        before=report.deadline.relation == DeadlineRelation.BEFORE),
                plan=_evidence(plan, report.deadline.provenance if report.deadline else None),
                report=_evidence(report.source, date_source),
            ))
            _check_confidence(report, date_source, "ngày báo cáo", "report date", rec, plan,
                              report.deadline.provenance if report.deadline else None)
    if roster is None:
        rec.notes.append(Note(message=say.no_roster()))
        return
    reported = {r.roster_unit.name for r in received if r.roster_unit is not None}
    for unit in roster.units:
        if unit.name in reported:
            continue
        deadline = deadline_for(plan.doc, unit, unit.name, roster)
        due = deadline.date if deadline else None
        rec.reports.append(ReportStatus(unit=unit.name, state=ReportState.MISSING, deadline=due,
                                        provenance=deadline.provenance if deadline else None))
        rec.flags.append(Flag(
            kind=FlagKind.MISSING_REPORT, unit=unit.name, message=say.missing_report(unit.name, due),
            plan=_evidence(plan, deadline.provenance if deadline else None),
        ))


# ----------------------------------------------------------------------------- 3. attainment


def _attainment(plan: Located, received: list[Received], rec: Reconciliation) -> None:
    matches: dict[int, list[tuple[Received, Achieved]]] = {i: [] for i in range(len(plan.doc.targets))}
    goals = [Goal.of(target, plan.doc) for target in plan.doc.targets]
    for report in received:
        for index, achieved in _assign(goals, report.source.doc).items():
            matches[index].append((report, achieved))
    for index, target in enumerate(plan.doc.targets):
        found = matches[index]
        status = (TargetStatus.NOT_REPORTED if not found
                  else TargetStatus.MET if all(a.met for _, a in found) else TargetStatus.SHORTFALL)
        rec.targets.append(TargetAttainment(
            metric=target.metric, comparator=target.comparator.value, comparator_text=target.comparator_text,
            value=target.base_value, unit=target.base_unit, stated_value=target.value, stated_unit=target.unit,
            raw_value=target.raw_value, status=status, provenance=target.provenance,
            results=[ResultMatch(unit=r.unit, file=r.source.path, value=a.value, percent=a.percent, met=a.met,
                                 score=round(a.score, 3), provenance=a.result.provenance) for r, a in found],
        ))
        if not found:
            rec.flags.append(Flag(
                kind=FlagKind.TARGET_NOT_REPORTED, unit=None, target=target.metric,
                message=say.target_not_reported(target.metric, target.raw_value, []),
                plan=_evidence(plan, target.provenance),
            ))
        for report, achieved in found:
            if achieved.met:
                rec.met.append(_met_line(report.unit, target, achieved))
                continue
            rec.flags.append(Flag(
                kind=FlagKind.TARGET_SHORTFALL, unit=report.unit, target=target.metric,
                achieved=achieved.value, expected=target.base_value, percent=achieved.percent,
                message=say.target_shortfall(report.unit, target.metric, _amount(target, achieved.value),
                                             _amount(target, target.base_value), achieved.percent),
                plan=_evidence(plan, target.provenance), report=_evidence(report.source, achieved.result.provenance),
            ))
            _check_confidence(report, achieved.result.provenance, f"kết quả “{target.metric}”",
                              f"result for '{target.metric}'", rec, plan, target.provenance)


def _assign(goals: list[Goal], report: ExtractedDocument) -> dict[int, Achieved]:
    """One result per target and one target per result, best matches first."""
    readings = [Reading.of(result, context_before(report, result)) for result in report.results]
    pairs = [
        (achieved.score, t, r, achieved)
        for t, goal in enumerate(goals)
        for r, reading in enumerate(readings)
        if (achieved := read_against(goal, reading)) is not None
    ]
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    taken_targets: dict[int, Achieved] = {}
    taken_results: set[int] = set()
    for _, t, r, achieved in pairs:
        if t not in taken_targets and r not in taken_results:
            taken_targets[t] = achieved
            taken_results.add(r)
    return taken_targets


def _amount(target: Target, base_value: float) -> str:
    if target.comparator in GROWTH:
        return f"{number_vi(base_value)}%"
    return say.amount(base_value, target.value, target.base_value, target.unit)


def _met_line(unit: str, target: Target, achieved: Achieved) -> str:
    share = f" ({number_vi(achieved.percent)}%)" if achieved.percent is not None else ""
    return (f"{unit}: “{target.metric}” đạt {_amount(target, achieved.value)}{share}, "
            f"chỉ tiêu {_amount(target, target.base_value)}.")


# ----------------------------------------------------------------------------- 4. coverage


def _coverage(plan: Located, received: list[Received], rec: Reconciliation) -> None:
    for found in coverage(plan.doc.tasks, [(r.source.path, r.source.doc) for r in received]):
        if found.score >= ADDRESSED:
            continue
        rec.flags.append(Flag(
            kind=FlagKind.TASK_NOT_ADDRESSED, unit=", ".join(found.task.units) or None, task=found.task.title,
            message=say.task_not_addressed(found.task.title), plan=_evidence(plan, found.task.provenance),
        ))


# ----------------------------------------------------------------------------- 5. confidence


def _check_confidence(report: Received, value: Provenance | None, what_vi: str, what_en: str,
                      rec: Reconciliation, plan: Located, plan_side: Provenance | None) -> None:
    if value is None or value.confidence >= LOW_CONFIDENCE:
        return
    rec.flags.append(Flag(
        kind=FlagKind.LOW_CONFIDENCE, unit=report.unit,
        message=say.low_confidence(report.unit, what_vi, what_en, value.text, value.confidence),
        plan=_evidence(plan, plan_side), report=_evidence(report.source, value),
    ))


def _evidence(source: Located, provenance: Provenance | None) -> Evidence:
    return Evidence(file=source.path, provenance=provenance)
