"""Every golden file of the real documents is well formed (no extraction here).

tests/realdocs_expected/*.json (texts) and tests/realdocs_expected/signed/*.json (PDFs): known keys
only (a `_note` is free text for readers), ISO dates, known document types, deadline relations and
responsibility roles, and a source document of the same stem in ../shared/realdocs when it is there.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pipeline.text.doctypes import DOC_TYPE_NAMES, TYPE_CODES
from schemas.extraction import Comparator, DeadlineRelation, ResponsibilityRole
from tests.conftest import REALDOCS, REPO

FOLDER = REPO / "tests" / "realdocs_expected"
GOLDENS = sorted(FOLDER.glob("*.json")) + sorted((FOLDER / "signed").glob("*.json"))

DOC_TYPES = set(TYPE_CODES.values()) | set(DOC_TYPE_NAMES.values()) | {"phu_luc", "khac"}
KEYS = {"_note", "doc_type", "number", "issued_date", "place", "issuer", "title", "signer", "references",
        "deadlines", "responsibilities", "recipients", "targets", "results"}
RELATIONS = {r.value for r in DeadlineRelation}
ROLES = {r.value for r in ResponsibilityRole}
COMPARATORS = {c.value for c in Comparator}


def _iso(value: object, nullable: bool = True) -> bool:
    if value is None:
        return nullable
    try:
        return isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _text(value: object, nullable: bool = True) -> bool:
    return (value is None and nullable) or (isinstance(value, str) and value == value.strip() and value != "")


def test_there_are_goldens_for_texts_and_signed_pdfs():
    assert len([p for p in GOLDENS if p.parent == FOLDER]) >= 11
    assert len([p for p in GOLDENS if p.parent.name == "signed"]) >= 14


@pytest.mark.parametrize("path", GOLDENS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_golden_is_well_formed(path: Path):
    golden = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(golden, dict)
    assert set(golden) <= KEYS, f"unknown keys {set(golden) - KEYS}"
    if "doc_type" in golden:
        assert golden["doc_type"] in DOC_TYPES
    if "number" in golden:
        assert _text(golden["number"])
    if "issued_date" in golden:
        assert _iso(golden["issued_date"])
    for key in ("place", "issuer", "title"):
        if key in golden:
            assert _text(golden[key]), key
    if "_note" in golden:
        assert _text(golden["_note"], nullable=False)
    if "signer" in golden:
        assert set(golden["signer"]) <= {"name", "title", "authority"} and golden["signer"]
        assert all(_text(v) for v in golden["signer"].values())
    for ref in golden.get("references", []):
        assert set(ref) <= {"number", "date", "title"} and "date" in ref, ref
        assert _text(ref.get("number")) and _iso(ref["date"]) and _text(ref.get("title")), ref
        assert ref.get("number") or ref.get("title"), ref
    numbers = [r["number"] for r in golden.get("references", []) if r.get("number")]
    assert len(numbers) == len(set(numbers)), "a reference listed twice"
    assert golden.get("number") is None or golden["number"] not in numbers, "the document cites itself"
    for deadline in golden.get("deadlines", []):
        assert set(deadline) == {"date", "relation"}, deadline
        assert deadline["relation"] in RELATIONS and _iso(deadline["date"]), deadline
        assert deadline["date"] is not None or deadline["relation"] in {"recurring", "ongoing"}, deadline
    for item in golden.get("responsibilities", []):
        assert set(item) == {"unit", "role"}, item
        assert _text(item["unit"], nullable=False) and item["role"] in ROLES, item
    for name in golden.get("recipients", []):
        assert _text(name, nullable=False) and not name.startswith("-") and not name.endswith((";", ".")), name
    for target in golden.get("targets", []):
        assert {"metric_contains", "value", "unit", "base_value", "comparator"} <= set(target), target
        assert target["comparator"] in COMPARATORS, target
    for result in golden.get("results", []):
        assert {"metric_contains", "value"} <= set(result), result


@pytest.mark.parametrize("path", GOLDENS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_golden_has_its_source_document(path: Path):
    if not REALDOCS.is_dir():
        pytest.skip("../shared/realdocs is not beside this checkout")
    source = REALDOCS / "signed" / f"{path.stem}.pdf" if path.parent.name == "signed" else REALDOCS / f"{path.stem}.txt"
    assert source.is_file(), f"no source document {source}"
