"""The ledger: a claim is exclusive across processes, a new ledger opens under contention, migrations apply."""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

import pytest
import sqlalchemy as sa

from pipeline.run.ledger import MAX_ATTEMPTS, Ledger
from tests.ledger_jobs import claim_all, open_at

HASHES = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(40)]


@pytest.fixture(scope="module")
def two_processes():
    """Two spawned processes, started once for the module (each pays the imports once)."""
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(time.sleep, [0, 0]))
        yield pool


def _claim_race(pool: ProcessPoolExecutor, url: str) -> tuple[list[str], list[str]]:
    Ledger.open(url=url).close()  # the schema exists; the race is about the claims
    start_at = time.time() + 1.0
    first, second = (pool.submit(claim_all, url, HASHES, start_at) for _ in range(2))
    return first.result(), second.result()


def _assert_each_claimed_once(url: str, won: tuple[list[str], list[str]]) -> None:
    first, second = won
    assert not set(first) & set(second), "a document was claimed by both processes"
    assert sorted(first + second) == sorted(HASHES)
    ledger = Ledger.open(url=url)
    assert ledger.counts()["processing"] == len(HASHES)
    assert all(row.attempts == 1 for row in ledger.documents())


def test_claim_is_exclusive_between_two_processes_on_sqlite(tmp_path, two_processes):
    url = f"sqlite:///{tmp_path / 'vanban.db'}"
    _assert_each_claimed_once(url, _claim_race(two_processes, url))


def test_claim_is_exclusive_between_two_processes_on_postgresql(postgres_db, two_processes):
    _assert_each_claimed_once(postgres_db, _claim_race(two_processes, postgres_db))


def test_two_processes_open_a_new_ledger_at_once(tmp_path, two_processes):
    """Last time this failed with "database is locked" (the set-up was guarded by a thread lock only)."""
    for round_ in range(6):
        folder = tmp_path / f"out{round_}"
        start_at = time.time() + 0.3
        results = [two_processes.submit(open_at, str(folder), start_at) for _ in range(2)]
        assert [r.result()["done"] for r in results] == [0, 0]
    assert (tmp_path / "out0" / "vanban.db").exists()


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_migrations_apply_on_an_empty_sqlite_database(tmp_path):
    ledger = Ledger.open(tmp_path)
    assert {"documents", "arrivals", "extractions", "reconciliations", "alembic_version"} <= _tables(ledger.engine)
    with ledger.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert "0001_ledger" in {row[0] for row in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}


def test_migrations_apply_on_an_empty_postgresql_database(postgres_db):
    ledger = Ledger.open(url=postgres_db)
    assert {"documents", "arrivals", "extractions", "reconciliations", "alembic_version"} <= _tables(ledger.engine)


def test_a_document_s_life(tmp_path, seed_document):
    """Arrival, duplicate, claim, failure with attempts left, retry, done with its extraction, reopen."""
    sha = seed_document.sha256
    ledger = Ledger.open(tmp_path)
    assert ledger.record_arrival(sha, "kh19.pdf", "/inbox/kh19.pdf") is False
    assert ledger.record_arrival(sha, "copy of kh19.pdf", "/inbox/copy.pdf") is True
    assert ledger.claim(sha, "kh19.pdf", "/inbox/kh19.pdf") is True
    assert ledger.claim(sha, "kh19.pdf", "/inbox/kh19.pdf") is False  # processing: owned by the first claim
    ledger.fail(sha, "timeout", "took too long", final=False)
    assert ledger.document(sha).status == "failed"
    assert ledger.claim(sha, "kh19.pdf", "/inbox/kh19.pdf") is True
    assert ledger.extraction(sha) is None
    ledger.finish(sha, seed_document)
    assert ledger.claim(sha, "kh19.pdf", "/inbox/kh19.pdf") is False  # done by this code: never read again
    reopened = Ledger.open(tmp_path)
    assert reopened.extraction(sha) == seed_document
    row = reopened.document(sha)
    assert (row.status, row.first_name, row.attempts, row.error_kind) == ("done", "kh19.pdf", 2, None)


def test_attempts_run_out_into_quarantine(tmp_path):
    ledger = Ledger.open(tmp_path)
    sha = HASHES[0]
    for _ in range(MAX_ATTEMPTS):
        assert ledger.claim(sha, "a.pdf", "/inbox/a.pdf")
        ledger.fail(sha, "worker_crashed", "the worker died", final=False)
    assert ledger.document(sha).status == "quarantined"
    assert not ledger.claim(sha, "a.pdf", "/inbox/a.pdf")


def test_release_hands_a_claim_back(tmp_path):
    ledger = Ledger.open(tmp_path)
    sha = HASHES[1]
    assert ledger.claim(sha, "b.pdf", "/inbox/b.pdf")
    assert [row.sha256 for row in ledger.stale()] == [sha]
    ledger.release(sha)
    assert ledger.document(sha).status == "received" and ledger.document(sha).attempts == 0
    assert ledger.claim(sha, "b.pdf", "/inbox/b.pdf")


def test_a_name_that_is_not_utf8_is_recorded(tmp_path):
    ledger = Ledger.open(tmp_path)
    name = b"b\xe1o c\xe1o.pdf".decode("utf-8", "surrogateescape")  # a Windows-1258 name on a Linux share
    assert ledger.claim(HASHES[2], name, f"/inbox/{name}")
    assert ledger.document(HASHES[2]).first_name == "b\\xe1o c\\xe1o.pdf"


def test_reconciliations_latest_first(tmp_path):
    ledger = Ledger.open(tmp_path)
    ledger.save_reconciliation("plan", '{"n": 1}')
    ledger.save_reconciliation("plan", '{"n": 2}')
    assert ledger.latest_reconciliation("plan") == '{"n": 2}'
    assert ledger.latest_reconciliation("other") is None
