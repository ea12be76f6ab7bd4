"""Every sample document against its hand-checked expected facts."""

from __future__ import annotations

import json

import pytest

from pipeline.run.document import extract_file
from tests.conftest import SAMPLES
from tests.golden import differences

EXPECTED = sorted((SAMPLES / "expected").glob("*.json"))
CASES = [
    pytest.param(path, source, id=source.name)
    for path in EXPECTED
    for source in sorted((SAMPLES / "plans").glob(path.stem + ".*"))
    if source.suffix in {".pdf", ".docx"}
]


def test_every_expected_file_has_a_rendered_sample():
    assert EXPECTED, "no expected files in samples/expected"
    for path in EXPECTED:
        assert list((SAMPLES / "plans").glob(path.stem + ".pdf")), f"no PDF rendered for {path.name}"


@pytest.mark.parametrize(("expected_path", "source"), CASES)
def test_sample_matches_expected(expected_path, source):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    document = extract_file(source)
    problems = differences(document, expected)
    assert not problems, f"{source.name}:\n  " + "\n  ".join(problems)
