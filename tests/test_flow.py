"""The batch flow under Prefect's test harness: one flow run, one task per document, same outputs."""

from __future__ import annotations

import json

import pytest

from tests import bad_inputs
from tests.conftest import SEED_PDF


@pytest.fixture(scope="module")
def harness(prefect_harness):
    yield


def test_flow_extracts_a_batch_and_records_failures(harness, tmp_path):
    from flows.batch import batch_flow

    bad = bad_inputs.empty_file(tmp_path)
    outcomes, counts = batch_flow([str(SEED_PDF), str(bad)], str(tmp_path / "out"))
    assert counts == {"documents": 2, "extracted": 1, "from_cache": 0, "failed": 1, "rows": counts["rows"]}
    assert counts["rows"] >= 3 + 2 + 3  # targets, deadlines, responsibilities of the seed
    assert outcomes[0].document.number == "19/KH-SVHTTDL"
    assert outcomes[1].error_kind == "empty"
    manifest = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert manifest["failures"][0]["reason"] == "the file is empty (0 bytes)"
