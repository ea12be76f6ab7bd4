"""The review queue: one row per document in `review_queue`, lowest confidence first, with filters and counts.

The row holds what the queue shows and filters on (type, issuing unit,
plan, confidence, how many values are weak and how many reviewed, the
reconciliation's flags on it), computed once from the extraction and its
revisions and refreshed when a reviewer acts on the document. So the
queue page costs a few indexed queries whatever the ledger holds: no
extraction is parsed and no query is made per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from extractors.version import code_version
from pipeline.review.items import review_items
from pipeline.run.ledger import Ledger, documents, reconciliations
from pipeline.run.revisions import revisions_of, revisions_table
from schemas.extraction import ExtractedDocument
from schemas.page import SourceKind

PAGE_SIZE = 25  # a screenful: the page costs the same with 25 documents or 25 000

metadata = sa.MetaData()
queue_table = sa.Table(
    "review_queue", metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("code_version", sa.String(64), nullable=False),
    sa.Column("file", sa.Text, nullable=False),
    sa.Column("doc_type", sa.String(32), nullable=False),
    sa.Column("number", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("issuer", sa.Text),
    sa.Column("plan", sa.Text),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("values_total", sa.Integer, nullable=False),
    sa.Column("values_low", sa.Integer, nullable=False),
    sa.Column("values_reviewed", sa.Integer, nullable=False),
    sa.Column("flags", sa.Text, nullable=False),
    sa.Column("flag_count", sa.Integer, nullable=False),
    sa.Column("scanned", sa.Boolean, nullable=False),
)


def summary(document: ExtractedDocument, revisions: list) -> dict[str, object]:
    """The queue row of a document as reviewed so far.

    Its confidence is that of its weakest value still to review (a reviewer
    starts where the reading is least sure); a document with every value
    reviewed counts as sure (1.0) and sinks to the bottom.
    """
    current, items = review_items(document, revisions)
    todo = [i for i in items if i.state.status == "extracted"]
    pages = [p.confidence for p in document.pages]
    fallback = 1.0 if items or not pages else min(pages)
    confidence = min(i.confidence for i in todo) if todo else fallback
    plan = current.number if current.doc_type == "ke_hoach" else (
        current.responds_to.number if current.responds_to else None)
    return {
        "sha256": document.sha256, "code_version": document.pipeline_version, "file": document.file,
        "doc_type": current.doc_type, "number": current.number, "title": current.title,
        "issuer": current.issuer.name if current.issuer else None, "plan": plan, "confidence": confidence,
        "values_total": len(items), "values_low": sum(1 for i in items if i.low),
        "values_reviewed": len(items) - len(todo),
        "scanned": any(p.source == SourceKind.OCR for p in document.pages),
    }


def refresh(ledger: Ledger, sha256s: list[str]) -> None:
    """Recompute the rows of these documents (after a revision, or when they are new), flags kept."""
    revisions = revisions_of(ledger.engine, sha256s)
    rows = []
    for sha in sha256s:
        document = ledger.extraction(sha)
        if document is not None:
            rows.append(summary(document, revisions.get(sha, [])))
    if not rows:
        return
    with ledger.engine.begin() as db:
        kept = dict(db.execute(sa.select(queue_table.c.sha256, queue_table.c.flags)
                               .where(queue_table.c.sha256.in_([r["sha256"] for r in rows]))).all())
        db.execute(queue_table.delete().where(queue_table.c.sha256.in_([r["sha256"] for r in rows])))
        for row in rows:
            flags = kept.get(row["sha256"], "")
            db.execute(queue_table.insert().values(**row, flags=flags, flag_count=_flag_count(flags)))


def _flag_count(flags: str) -> int:
    return sum(1 for kind in flags.split(",") if kind)


def sync(ledger: Ledger) -> int:
    """Add the documents the ledger read since the last visit (and those read again by newer code); how many.

    One query finds them; each new document's extraction is read once.
    """
    current = code_version()
    query = (sa.select(documents.c.sha256)
             .select_from(documents.outerjoin(queue_table, queue_table.c.sha256 == documents.c.sha256))
             .where(documents.c.status == "done",
                    sa.or_(queue_table.c.sha256.is_(None), queue_table.c.code_version != current)))
    with ledger.engine.connect() as db:
        missing = [row[0] for row in db.execute(query)]
    for start in range(0, len(missing), 200):
        refresh(ledger, missing[start:start + 200])
    return len(missing)


def set_flags(ledger: Ledger, flags: dict[str, list[str]], scope: list[str] | None = None) -> None:
    """Store each document's flag kinds; documents in `scope` (default: all) with no flag get none."""
    with ledger.engine.begin() as db:
        clear = queue_table.update().where(queue_table.c.flag_count > 0).values(flags="", flag_count=0)
        if scope is not None:
            clear = clear.where(queue_table.c.sha256.in_(scope))
        db.execute(clear)
        if flags:  # one statement for them all (executemany), not one per document
            db.execute(queue_table.update().where(queue_table.c.sha256 == sa.bindparam("key"))
                       .values(flags=sa.bindparam("text"), flag_count=sa.bindparam("count")),
                       [{"key": sha, "text": "," + ",".join(sorted(set(kinds))) + ",", "count": len(kinds)}
                        for sha, kinds in flags.items()])


@dataclass
class Filters:
    doc_type: str = ""
    issuer: str = ""
    status: str = ""  # "todo": values left to review; "done": all reviewed
    flag: str = ""
    plan: str = ""
    page: int = 0

    def where(self) -> list[sa.ColumnElement[bool]]:
        q = queue_table.c
        out: list[sa.ColumnElement[bool]] = []
        if self.doc_type:
            out.append(q.doc_type == self.doc_type)
        if self.issuer:
            out.append(q.issuer == self.issuer)
        if self.status == "todo":
            out.append(q.values_reviewed < q.values_total)
        elif self.status == "done":
            out.append(q.values_reviewed >= q.values_total)
        if self.flag:
            out.append(q.flags.contains(f",{self.flag},", autoescape=True))
        if self.plan:
            out.append(q.plan == self.plan)
        return out


@dataclass
class QueuePage:
    rows: list[sa.Row]
    total: int
    left: int  # documents in the filter with values still to review
    values_left: int
    low_left: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def queue_rows(ledger: Ledger, filters: Filters) -> list[sa.Row]:
    """One page of the queue, lowest confidence first (read along the index on confidence, file)."""
    q = queue_table.c
    with ledger.engine.connect() as db:
        return db.execute(sa.select(queue_table).where(*filters.where()).order_by(q.confidence, q.file, q.sha256)
                          .offset(filters.page * PAGE_SIZE).limit(PAGE_SIZE)).all()


def queue_page(ledger: Ledger, filters: Filters) -> QueuePage:
    """One page of the queue and the counts beside it: a fixed number of queries, whatever the ledger holds."""
    q = queue_table.c
    where = filters.where()
    rows = queue_rows(ledger, filters)
    with ledger.engine.connect() as db:
        total, left, values_left, low_left = db.execute(sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(sa.case((q.values_reviewed < q.values_total, 1), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(q.values_total - q.values_reviewed), 0),
            sa.func.coalesce(sa.func.sum(q.values_low), 0)).where(*where)).one()
        facets = {}
        for name, column in (("doc_type", q.doc_type), ("issuer", q.issuer), ("plan", q.plan)):
            facets[name] = [(value, n) for value, n in db.execute(
                sa.select(column, sa.func.count()).where(column.is_not(None)).group_by(column)
                .order_by(sa.func.count().desc(), column).limit(100)).all()]
        flag_texts = db.execute(sa.select(q.flags, sa.func.count()).where(q.flag_count > 0)
                                .group_by(q.flags)).all()
    kinds: dict[str, int] = {}
    for text, n in flag_texts:
        for kind in filter(None, text.split(",")):
            kinds[kind] = kinds.get(kind, 0) + n
    facets["flag"] = sorted(kinds.items())
    return QueuePage(rows, total, left, values_left, low_left, facets)


class Queue:
    """The queue of one server: `sync`, `refresh`, `set_flags` and `page`, with the counts cached.

    The counts and the filters' choices change only when the ledger does.
    `changed` tells, in one cheap query, whether anything was read, revised
    or reconciled since this server last looked (by it or by any other
    process on the same database); until then a visit costs that query and
    the page's rows.
    """

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self._mark: tuple | None = None
        self._counts: dict[tuple, QueuePage] = {}

    def _fingerprint(self) -> tuple:
        with self.ledger.engine.connect() as db:
            return tuple(db.execute(sa.select(
                sa.select(sa.func.count()).select_from(documents).where(documents.c.status == "done")
                .scalar_subquery(),
                sa.select(sa.func.max(documents.c.updated_at)).scalar_subquery(),
                sa.select(sa.func.max(revisions_table.c.id)).scalar_subquery(),
                sa.select(sa.func.max(reconciliations.c.id)).scalar_subquery())).one())

    def changed(self) -> bool:
        """True when the ledger moved on since the last call (or `settle`)."""
        mark = self._fingerprint()
        if mark == self._mark:
            return False
        self._mark = mark
        self._counts.clear()
        return True

    def settle(self) -> None:
        """This server's own changes are already in its state: the next visit need not reload for them."""
        self._mark = self._fingerprint()

    def sync(self) -> int:
        added = sync(self.ledger)
        self._counts.clear()
        return added

    def refresh(self, sha256s: list[str]) -> None:
        refresh(self.ledger, sha256s)
        self._counts.clear()

    def set_flags(self, flags: dict[str, list[str]], scope: list[str] | None = None) -> None:
        set_flags(self.ledger, flags, scope)
        self._counts.clear()

    def page(self, filters: Filters) -> QueuePage:
        key = (filters.doc_type, filters.issuer, filters.status, filters.flag, filters.plan)
        counts = self._counts.get(key)
        if counts is None:
            counts = self._counts[key] = queue_page(self.ledger, filters)
            if filters.page == 0:
                return counts
        return QueuePage(queue_rows(self.ledger, filters), counts.total, counts.left, counts.values_left,
                         counts.low_left, counts.facets)
