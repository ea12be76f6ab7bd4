"""Reconciliation on the review page: which plan a document belongs to, and recomputing after a correction.

A correction to a plan or to one of its reports changes what the
reconciliation says, so it is recomputed at once from the documents as
reviewed (`pipeline.run.revisions.effective`), saved in the ledger as the
plan's latest reconciliation, and compared with the one before: every flag
the correction made disappear is recorded as resolved by that revision, and
every flag it raised as raised, so the reconciliation view can show both.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from pipeline.reconcile.flags import reconcile
from pipeline.reconcile.linking import Located
from pipeline.reconcile.roster import Roster, RosterUnit
from pipeline.run.ledger import Ledger, arrivals, documents, reconciliations
from pipeline.run.revisions import effective_documents
from schemas.extraction import ExtractedDocument
from schemas.reconciliation import Flag, Reconciliation, ReportState

metadata = sa.MetaData()
resolutions_table = sa.Table(
    "review_resolutions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("plan_sha256", sa.String(64), nullable=False),
    sa.Column("flag_key", sa.Text, nullable=False),
    sa.Column("flag", sa.Text, nullable=False),
    sa.Column("revision_id", sa.Integer, nullable=True),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)


class FileIndex:
    """Document files as reconciliation names them (the path given to `vanban run`, or its name) -> sha256.

    Built for the names the reconciliations hold (`add`), in one query per
    table, so it costs what the plans cite, not what the ledger holds.
    """

    def __init__(self, ledger: Ledger, names: Iterable[str] = ()) -> None:
        self.ledger = ledger
        self.by_name: dict[str, str] = {}
        self.add(names)

    def add(self, names: Iterable[str | None]) -> None:
        wanted = {n for n in names if n and n not in self.by_name}
        if not wanted:
            return
        keys = sorted(wanted | {Path(n).name for n in wanted})
        with self.ledger.engine.connect() as db:
            rows = [*db.execute(sa.select(documents.c.sha256, documents.c.first_name, documents.c.path)
                                .where(sa.or_(documents.c.path.in_(keys), documents.c.first_name.in_(keys)))),
                    *db.execute(sa.select(arrivals.c.sha256, arrivals.c.name, arrivals.c.path)
                                .where(sa.or_(arrivals.c.path.in_(keys), arrivals.c.name.in_(keys))))]
        for sha256, name, path in rows:
            for key in (path, name, Path(path).name):
                self.by_name.setdefault(key, sha256)

    def sha_of(self, file: str | None) -> str | None:
        if not file:
            return None
        return self.by_name.get(file) or self.by_name.get(Path(file).name)

    def paths_of(self, sha256s: Iterable[str]) -> dict[str, str]:
        """Where the ledger has each document (its absolute path for documents read since paths were kept so)."""
        with self.ledger.engine.connect() as db:
            return dict(db.execute(sa.select(documents.c.sha256, documents.c.path)
                                   .where(documents.c.sha256.in_(sorted(set(sha256s))))).all())


def cited_files(rec: Reconciliation) -> list[str]:
    """Every file a reconciliation names: the plan, the reports, the evidence of its flags and results."""
    names = [rec.plan_file, *(r.file for r in rec.reports)]
    for flag in rec.flags:
        names += [flag.plan.file if flag.plan else None, flag.report.file if flag.report else None]
    names += [m.file for t in rec.targets for m in t.results]
    return [n for n in names if n]


def latest_reconciliations(ledger: Ledger, index: FileIndex, out_dir: Path | None) -> dict[str, Reconciliation]:
    """The latest reconciliation of every plan, in one query; `out_dir/reconciliation.json` when the ledger has none.

    (A batch written before reconciliations were kept in the ledger left its
    reconciliation in the output folder only.) The files they cite are added
    to `index`.
    """
    latest = sa.select(sa.func.max(reconciliations.c.id)).group_by(reconciliations.c.plan_sha256)
    with ledger.engine.connect() as db:
        rows = db.execute(sa.select(reconciliations.c.plan_sha256, reconciliations.c.json)
                          .where(reconciliations.c.id.in_(latest))).all()
    found = {sha: Reconciliation.model_validate_json(text) for sha, text in rows}
    saved = out_dir / "reconciliation.json" if out_dir else None
    extra = None
    if saved is not None and saved.is_file():
        extra = Reconciliation.model_validate_json(saved.read_text(encoding="utf-8"))
    index.add(name for rec in [*found.values(), *([extra] if extra else [])] for name in cited_files(rec))
    if extra is not None:
        plan_sha = index.sha_of(extra.plan_file)
        if plan_sha and plan_sha not in found:
            found[plan_sha] = extra
    return found


def flag_key(flag: Flag) -> str:
    """What a flag is about, whatever its wording: kind, unit, target or task, and the report."""
    report = flag.report.file if flag.report else ""
    return "|".join([flag.kind.value, flag.unit or "", flag.target or "", flag.task or "", Path(report).name])


def documents_of(rec: Reconciliation, index: FileIndex) -> list[str]:
    """The sha256 of every report file the reconciliation lists (those the ledger knows)."""
    shas = [index.sha_of(r.file) for r in rec.reports if r.file]
    return [s for s in dict.fromkeys(shas) if s]


def _roster(rec: Reconciliation, reports: dict[str, ExtractedDocument], index: FileIndex) -> Roster | None:
    """The roster the reconciliation was made with, as far as it shows: its units, each matched by the name the
    report that matched it before was signed with. None when it was made without one (no unit missing or
    unknown, no office: nothing a roster adds)."""
    had = rec.office is not None or any(r.state in (ReportState.MISSING, ReportState.UNKNOWN_UNIT)
                                        for r in rec.reports)
    if not had:
        return None
    units = []
    for status in rec.reports:
        if status.state == ReportState.UNKNOWN_UNIT or any(u.name == status.unit for u in units):
            continue
        doc = reports.get(index.sha_of(status.file) or "")
        aliases = tuple({doc.issuer.name} if doc and doc.issuer else ())
        units.append(RosterUnit.build(status.unit, aliases))
    return Roster(units, source="review", office=rec.office)


@dataclass
class Recomputed:
    before: Reconciliation
    after: Reconciliation
    resolved: list[Flag]
    raised: list[Flag]


def recompute(ledger: Ledger, plan_sha: str, before: Reconciliation, index: FileIndex,
              revision_id: int | None) -> Recomputed:
    """Reconcile the plan again with every document as reviewed; saved in the ledger, flags' changes recorded."""
    shas = [plan_sha, *documents_of(before, index)]
    extracted = [d for d in (ledger.extraction(s) for s in shas) if d is not None]
    docs = {d.sha256: d for d in effective_documents(ledger.engine, extracted)}
    plan = docs[plan_sha]
    reports = {s: docs[s] for s in shas[1:] if s in docs}
    paths = index.paths_of(docs)
    files = {s: paths.get(s, d.file) for s, d in docs.items()}
    for status in before.reports:  # keep the names the first run gave the files (its outputs link them)
        sha = index.sha_of(status.file)
        if sha and status.file and Path(status.file).is_file():
            files[sha] = status.file
    plan_file = before.plan_file if before.plan_file and Path(before.plan_file).is_file() else files[plan_sha]
    after = reconcile(Located(plan_file, plan), [Located(files[s], d) for s, d in reports.items()],
                      _roster(before, reports, index))
    ledger.save_reconciliation(plan_sha, after.model_dump_json())
    old = {flag_key(f): f for f in before.flags}
    new = {flag_key(f): f for f in after.flags}
    resolved = [f for k, f in old.items() if k not in new]
    raised = [f for k, f in new.items() if k not in old]
    now = dt.datetime.now(dt.UTC)
    with ledger.engine.begin() as db:
        for state, flags in (("resolved", resolved), ("raised", raised)):
            for flag in flags:
                db.execute(resolutions_table.insert().values(
                    plan_sha256=plan_sha, flag_key=flag_key(flag), flag=flag.model_dump_json(),
                    revision_id=revision_id, state=state, created_at=now))
    return Recomputed(before, after, resolved, raised)


@dataclass(frozen=True)
class Resolution:
    flag: Flag
    revision_id: int | None
    state: str
    at: dt.datetime


def resolutions(ledger: Ledger, plan_sha: str) -> dict[str, Resolution]:
    """The last change recorded for each flag of a plan (resolved or raised), by flag key."""
    out: dict[str, Resolution] = {}
    with ledger.engine.connect() as db:
        for row in db.execute(sa.select(resolutions_table).where(resolutions_table.c.plan_sha256 == plan_sha)
                              .order_by(resolutions_table.c.id)):
            out[row.flag_key] = Resolution(Flag.model_validate(json.loads(row.flag)), row.revision_id, row.state,
                                           row.created_at)
    return out
