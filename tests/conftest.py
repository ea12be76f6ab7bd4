"""Shared paths and fixtures. Real documents are read from ../shared, never copied into the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SHARED = REPO.parent / "shared"
REALDOCS = SHARED / "realdocs"
SEED_PDF = SAMPLES / "plans" / "seed_19-KH-SVHTTDL.pdf"


@pytest.fixture(scope="session")
def seed_document():
    from pipeline.run.document import extract_file

    return extract_file(SEED_PDF)


def need_realdocs() -> None:
    if not REALDOCS.is_dir():
        pytest.skip("../shared/realdocs is not beside this checkout")


def signed_pdf(prefix: str) -> Path:
    """The real signed PDF `realdocs/signed/<prefix>_*.pdf` (SG01 … SG25, see its SOURCE.md)."""
    need_realdocs()
    found = sorted((REALDOCS / "signed").glob(f"{prefix}_*.pdf"))
    if not found:
        pytest.skip(f"{prefix} is not in {REALDOCS / 'signed'}")
    return found[0]


@pytest.fixture
def no_tesseract_models(monkeypatch, tmp_path):
    """A machine where Tesseract's models were never installed (no tessdata folder anywhere)."""
    from pipeline.ocr import tesseract

    monkeypatch.setattr(tesseract, "_TESSDATA_FOLDERS", ())
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path / "no-tessdata"))
    tesseract.tessdata_folder.cache_clear()
    tesseract.languages.cache_clear()
    yield
    tesseract.tessdata_folder.cache_clear()
    tesseract.languages.cache_clear()


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for every flow test of the session (each start costs 10-30 s)."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.batch import batch_flow  # noqa: F401  (configures Prefect before the harness starts)

    with prefect_test_harness(server_startup_timeout=180):
        yield


from tests.postgres import postgres_db, postgres_url  # noqa: E402, F401  (fixtures for the ledger's tests)
from tests.watch_fixtures import no_ambient_ledger, prefect_env  # noqa: E402, F401  (fixtures for the watch tests)
