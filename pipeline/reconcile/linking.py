"""Which reports answer the plan, which unit sent each, and which deadline binds that unit.

A report names the plan it answers by number ("Thực hiện Kế hoạch số
19/KH-SVHTTDL ngày 30/01/2026"); when the number is missing or unreadable
the plan's date and its title are the fallback. The sending unit is the
report's issuer, matched to the roster. Of a plan's deadlines, the one that
decides lateness is the report deadline (a deadline whose sentence asks for
a báo cáo) that names the unit, directly or through a group the roster
expands; a report deadline naming no unit binds everyone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.reconcile.roster import Roster, RosterUnit
from pipeline.reconcile.similarity import content_words, overlap
from pipeline.text.normalize import fold, strip_marks
from schemas.extraction import Deadline, DeadlineRelation, ExtractedDocument

_REPORT_WORDS = ("bao cao",)
_TITLE_MATCH = 0.8


@dataclass(frozen=True)
class Located:
    """A document's extraction together with the path it was read from (for links to its pages)."""

    path: str
    doc: ExtractedDocument


def number_key(number: str | None) -> str | None:
    """'19/KH-SVHTTDL', 'Số 19/KH - SVHTTDL', '19/KH-SVHTTĐL' compare equal."""
    if not number:
        return None
    return "".join(ch for ch in strip_marks(fold(number)) if ch.isalnum() or ch == "/") or None


@dataclass(frozen=True)
class Link:
    linked: bool
    how: str  # "number", "date", "title", or why not: "no_plan", "other_plan"
    cited: str | None = None


def link_report(plan: ExtractedDocument, report: ExtractedDocument) -> Link:
    """Does `report` answer `plan`? By the number it cites, else by the plan's date or title."""
    wanted = number_key(plan.number)
    cited = report.responds_to
    if cited is not None and cited.number:
        if number_key(cited.number) == wanted:
            return Link(True, "number", cited.number)
        if not _unreadable_serial(cited.number, plan.number):
            return Link(False, "other_plan", cited.number)
    if wanted and any(number_key(ref.number) == wanted for ref in report.references):
        return Link(True, "number", plan.number)
    if cited is not None and cited.date and cited.date == plan.issued_date:
        return Link(True, "date", cited.number)
    if _titles_agree(plan, report):
        return Link(True, "title", None)
    if cited is not None and cited.number:
        return Link(False, "other_plan", cited.number)
    return Link(False, "no_plan", None)


def _unreadable_serial(a: str | None, b: str | None) -> bool:
    """`a` is `b` with its serial misread ('l9/KH-SVHTTDL' for '19/KH-SVHTTDL'): let the date decide."""
    ka, kb = number_key(a), number_key(b)
    if not ka or not kb or "/" not in ka or "/" not in kb:
        return False
    return ka.split("/", 1)[1] == kb.split("/", 1)[1] and not ka.split("/", 1)[0].isdigit()


def _titles_agree(plan: ExtractedDocument, report: ExtractedDocument) -> bool:
    if not plan.title or not report.title:
        return False
    plan_words = content_words(plan.title)
    return len(set(plan_words)) >= 4 and overlap(plan_words, content_words(report.title)) >= _TITLE_MATCH


def report_unit(doc: ExtractedDocument, roster: Roster | None) -> tuple[str, RosterUnit | None]:
    """The unit that sent a report: its roster entry when one matches, and its name as written."""
    issuer = doc.issuer.name if doc.issuer else None
    written = " ".join(issuer.split()) if issuer else doc.file
    if roster is None or not issuer:
        return written, None
    return written, roster.match(issuer)


def is_report_deadline(deadline: Deadline) -> bool:
    """A deadline whose sentence asks for a report ('gửi báo cáo ... trước ngày 15/12')."""
    text = strip_marks(fold(f"{deadline.applies_to or ''} {deadline.provenance.text}"))
    return deadline.date is not None and any(word in text for word in _REPORT_WORDS)


def deadline_for(plan: ExtractedDocument, unit: RosterUnit | None, written: str, roster: Roster | None) -> Deadline | None:
    """The report deadline that binds this unit.

    In order: one naming the unit (or a group the roster puts it in, also
    through a responsibility of that date that asks for the report); one
    naming no one; else the plan's latest report deadline, the lenient
    choice: a unit is never called late against a deadline that may be
    only its compiler's.
    """
    candidates = [d for d in plan.deadlines if is_report_deadline(d) and d.relation != DeadlineRelation.RECURRING]
    named, general = [], []
    for deadline in candidates:
        bound = _bound_units(plan, deadline)
        if not bound:
            general.append(deadline)
        elif any(_names_unit(name, unit, written, roster) for name in bound):
            named.append(deadline)
    chosen = named or general
    if chosen:
        return min(chosen, key=lambda d: d.date or "")
    return max(candidates, key=lambda d: d.date or "", default=None)


def _bound_units(plan: ExtractedDocument, deadline: Deadline) -> list[str]:
    """Units a report deadline binds: those it names, and those a responsibility of that date asks to report."""
    also = [
        r.unit for r in plan.responsibilities
        if r.deadline == deadline.date and any(w in strip_marks(fold(t)) for t in r.tasks for w in _REPORT_WORDS)
    ]
    return list(dict.fromkeys([*deadline.units, *also]))


def _names_unit(name: str, unit: RosterUnit | None, written: str, roster: Roster | None) -> bool:
    if roster is not None and unit is not None:
        return unit in roster.expand(name)
    return fold(name) == fold(written)


def days_late(issued: str | None, deadline: Deadline | None) -> int | None:
    """Days past the deadline (None when on time or when either date is unknown).

    'trước ngày 15/12' asks for the report before the 15th, so a report of the
    15th is one day late; 'chậm nhất ngày 15/12' allows the 15th itself.
    """
    if not issued or deadline is None or not deadline.date:
        return None
    issued_on, due = dt.date.fromisoformat(issued), dt.date.fromisoformat(deadline.date)
    if deadline.relation == DeadlineRelation.BEFORE:
        due -= dt.timedelta(days=1)
    late = (issued_on - due).days
    return late if late > 0 else None
