"""The `vanban` command as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import bad_inputs
from tests.conftest import SAMPLES, SEED_PDF, SHARED

VANBAN = [sys.executable, "-m", "pipeline.cli"]


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([*VANBAN, *args], capture_output=True, text=True, timeout=300, env=env, **kwargs)


def test_extract_prints_json_that_keeps_the_contract():
    result = run("extract", str(SEED_PDF), "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["number"] == "19/KH-SVHTTDL"
    checker = SHARED / "tools" / "check-contract"
    if not checker.exists():
        pytest.skip("../shared/tools/check-contract is not beside this checkout")
    verdict = subprocess.run([sys.executable, str(checker)], input=result.stdout, capture_output=True, text=True)
    assert verdict.returncode == 0 and "contract ok" in verdict.stdout, verdict.stdout


def test_text_reads_header_columns_one_after_the_other():
    result = run("text", str(SEED_PDF))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "--- page 1 (text_layer) ---"
    order = ["UBND TỈNH CAO BẰNG", "Số: 19/KH-SVHTTDL", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
             "Cao Bằng, ngày 30 tháng 01 năm 2026", "KẾ HOẠCH"]
    positions = [lines.index(text) for text in order]
    assert positions == sorted(positions)
    tail = lines[lines.index("Nơi nhận:"):]
    assert tail[1] == "- Vụ Tổ chức cán bộ, Bộ VHTTDL;" and tail[-3:] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC",
                                                                         "Ngọc Văn Chấn"]
    assert "--- page 4 (text_layer) ---" in lines


def test_schema_describes_both_models():
    result = run("schema")
    schemas = json.loads(result.stdout)
    assert set(schemas) == {"ExtractedDocument", "Reconciliation"}
    assert {"targets", "deadlines", "responsibilities", "references"} <= set(schemas["ExtractedDocument"]["properties"])


def test_extract_of_a_bad_file_names_it_and_fails(tmp_path):
    bad = bad_inputs.encrypted_pdf(tmp_path)
    result = run("extract", str(bad))
    assert result.returncode == 8  # EXIT_CODES["encrypted"], OCRmyPDF's code for an encrypted PDF
    assert "encrypted" in result.stderr and "encrypted.pdf" in result.stderr
    assert result.stdout == ""


def test_run_writes_outputs_and_survives_bad_files(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED_PDF, inbox / SEED_PDF.name)
    docx = next((SAMPLES / "plans").glob("*.docx"))
    shutil.copy(docx, inbox / docx.name)
    bad_inputs.corrupt_pdf(inbox)
    out = tmp_path / "out"

    first = run("run", str(inbox), "--out", str(out))
    assert first.returncode == 10, first.stderr  # EXIT_PARTIAL: one document of the batch failed
    assert f"output: {out.resolve()}" in first.stdout
    assert "2 of 3 documents extracted (0 from cache), 1 failed" in first.stderr
    assert len(list((out / "documents").glob("*.json"))) == 2
    failures = json.loads((out / "failures.json").read_text(encoding="utf-8"))
    assert [Path(f["file"]).name for f in failures] == ["corrupt.pdf"]
    summary = (out / "summary.csv").read_text(encoding="utf-8-sig").splitlines()
    assert summary[0].startswith("file,number,doc_type")
    assert any("19/KH-SVHTTDL" in row and ",target," in row for row in summary)

    second = run("run", str(inbox), "--out", str(out))
    assert "2 of 3 documents extracted (2 from cache), 1 failed" in second.stderr
