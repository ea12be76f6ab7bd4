"""Revisions on the seed plan (samples/plans/seed_19-KH-SVHTTDL.pdf), without a web page: the record and the
effective document that `vanban run`, reconciliation and the review page all read.
"""

from __future__ import annotations

import pytest

from pipeline.errors import InvalidRevisionError, RevisionConflictError
from pipeline.run.ledger import Ledger
from pipeline.run.revisions import Change, effective, item_states, read_value, record, revisions_of


@pytest.fixture
def ledger(tmp_path):
    opened = Ledger.open(tmp_path)
    yield opened
    opened.close()


def _index(document, metric: str) -> int:
    return next(i for i, t in enumerate(document.targets) if t.metric == metric)


def test_values_are_read_as_the_documents_write_them():
    assert read_value("number", "23.100", "x") == 23100  # the plan's "23.100 nghìn lượt"
    assert read_value("number", "92,9", "x") == 92.9  # the reports' "đạt 92,9% kế hoạch"
    assert read_value("unit", "nghìn lượt", "x") == "nghìn lượt"
    assert read_value("date", "2026-12-15", "x") == "2026-12-15"
    for kind, text in (("number", "23 nghìn"), ("date", "15/12/2026"), ("unit", "chiếc lá"), ("role", "boss")):
        with pytest.raises(InvalidRevisionError):
            read_value(kind, text, "x")


def test_a_rejection_does_not_shift_the_values_after_it(seed_document, ledger):
    """Rejecting the first target, then editing the second, edits the second (keys are extraction indices)."""
    doc = seed_document
    first, tourists = 0, _index(doc, "lượt khách du lịch")
    assert first != tourists
    record(ledger.engine, doc, Change(f"targets[{first}]", "reject"), "lan", 0)
    record(ledger.engine, doc, Change(f"targets[{tourists}]", "edit", {"value": 21000.0}), "lan", 0)
    reviewed = effective(doc, revisions_of(ledger.engine, [doc.sha256])[doc.sha256])
    assert len(reviewed.targets) == len(doc.targets) - 1
    target = next(t for t in reviewed.targets if t.metric == "lượt khách du lịch")
    assert (target.value, target.base_value) == (21000.0, 21_000_000.0)
    assert doc.targets[tourists].value == 23100.0  # the extraction itself is kept


def test_a_revision_follows_its_value_into_a_newer_extraction(seed_document, ledger):
    """A newer reading that lists the targets in another order: the correction finds its value by its anchor."""
    doc = seed_document
    tourists = _index(doc, "lượt khách du lịch")
    record(ledger.engine, doc, Change(f"targets[{tourists}]", "edit", {"value": 21000.0}), "lan", 0)
    newer = doc.model_copy(update={"targets": list(reversed(doc.targets))})
    revisions = revisions_of(ledger.engine, [doc.sha256])[doc.sha256]
    reviewed = effective(newer, revisions)
    assert next(t for t in reviewed.targets if t.metric == "lượt khách du lịch").value == 21000.0
    moved = f"targets[{len(doc.targets) - 1 - tourists}]"
    assert item_states(newer, revisions)[moved].status == "edited"
    gone = newer.model_copy(update={"targets": [t for t in newer.targets if t.metric != "lượt khách du lịch"]})
    assert effective(gone, revisions).targets == gone.targets  # its value is not read any more: not applied


def test_a_stale_version_is_refused_and_nothing_is_stored(seed_document, ledger):
    doc = seed_document
    record(ledger.engine, doc, Change("issued_date", "edit", {"issued_date": "2026-01-31"}), "lan", 0)
    with pytest.raises(RevisionConflictError, match="lan"):
        record(ledger.engine, doc, Change("issued_date", "edit", {"issued_date": "2026-02-01"}), "mai", 0)
    assert [r.new_value for r in revisions_of(ledger.engine, [doc.sha256])[doc.sha256]] == ["2026-01-31"]


def test_revisions_and_the_review_tables_work_on_a_postgresql_ledger(seed_document, postgres_db):
    """A shared ledger (`vanban review --db postgresql://...`): migration 0002_review, the record, the queue."""
    from pipeline.review.queue import Filters, Queue

    ledger = Ledger.open(url=postgres_db)
    try:
        doc = seed_document
        assert ledger.claim(doc.sha256, doc.file, "/inbox/" + doc.file)
        ledger.finish(doc.sha256, doc)
        tourists = _index(doc, "lượt khách du lịch")
        record(ledger.engine, doc, Change(f"targets[{tourists}]", "edit", {"value": 21000.0}), "lan", 0)
        with pytest.raises(RevisionConflictError):
            record(ledger.engine, doc, Change(f"targets[{tourists}]", "reject"), "mai", 0)
        reviewed = effective(doc, revisions_of(ledger.engine, [doc.sha256])[doc.sha256])
        assert reviewed.targets[tourists].base_value == 21_000_000.0
        queue = Queue(ledger)
        assert queue.sync() == 1
        page = queue.page(Filters())
        assert [row.sha256 for row in page.rows] == [doc.sha256] and page.values_left == page.rows[0].values_total - 1
    finally:
        ledger.close()
