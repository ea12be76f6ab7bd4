"""The benchmark corpus is what the benchmark needs: distinct, valid, text-bearing PDFs.

Why: ``bench/bench_textlayer.py`` times vanban on generated PDFs. If two files
were identical, vanban's content-hash cache would answer the second and the
benchmark would time a cache hit; if a file had no text layer it would time
OCR instead of the text layer. The real documents are the realistic half of
the corpus, so when ``../shared/realdocs`` is present they must be used.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pdfplumber

from bench.corpus import MANIFEST, build_corpus, discover_sources
from tests.conftest import REALDOCS

COUNT = 7  # the 5 samples, then the first real documents (when present)


def test_corpus_files_are_distinct_pdfs_with_text(tmp_path: Path) -> None:
    paths = build_corpus(tmp_path, COUNT)
    assert len(paths) == COUNT
    digests = {hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}
    assert len(digests) == COUNT, "two corpus files are byte-identical"
    texts = set()
    for serial, path in enumerate(paths, start=1):
        assert path.read_bytes().startswith(b"%PDF-")
        with pdfplumber.open(path) as pdf:
            first = pdf.pages[0].extract_text() or ""
        assert len(first) > 200, f"{path.name}: no text layer"
        assert f"Bản sao số {serial}" in first
        texts.add(first)
    assert len(texts) == COUNT, "two corpus files share their first page's text"


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    first = [p.read_bytes() for p in build_corpus(tmp_path / "a", 2)]
    second = [p.read_bytes() for p in build_corpus(tmp_path / "b", 2)]
    assert first == second


def test_realdocs_are_used_when_present(tmp_path: Path) -> None:
    sources = discover_sources()
    samples = [s for s in sources if s.kind == "sample"]
    build_corpus(tmp_path, COUNT)
    manifest = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    kinds = [entry["kind"] for entry in manifest["files"]]
    if any(REALDOCS.glob("*.txt")):
        assert "realdoc" in kinds
        assert kinds[len(samples)] == "realdoc"
        # the real documents are read in place, never copied into the repository
        assert manifest["realdocs_dir"] == str(REALDOCS)
    else:
        assert set(kinds) == {"sample"}
