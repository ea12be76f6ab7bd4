"""Which code made an extraction: a hash of the code and data the extraction depends on.

A cached extraction is only as good as the code that made it. A version
number bumped by hand is forgotten (and was: cached results outlived rule
fixes), so the store keys each result by this hash instead. Any edit to a
reader, an OCR step, a lexicon, a rule or a model changes it; edits to the
run, reconciliation, reports or CLI, which do not change an extraction, do
not.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
#: What an ExtractedDocument depends on: the models, the readers and OCR, the text layer, the extractors.
_SOURCES = ("schemas", "pipeline/errors.py", "pipeline/text", "pipeline/ocr", "pipeline/ingest", "extractors")
_SUFFIXES = {".py", ".txt", ".json", ".yaml", ".csv"}


@lru_cache(maxsize=1)
def code_version() -> str:
    """`<package version>+<12 hex digits of the sources' hash>`, computed once per process."""
    digest = hashlib.sha256()
    for entry in _SOURCES:
        path = _ROOT / entry
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix in _SUFFIXES)
        for file in files:
            if "__pycache__" in file.parts:
                continue
            digest.update(file.relative_to(_ROOT).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    try:
        release = metadata.version("vanban")
    except metadata.PackageNotFoundError:
        release = "0"
    return f"{release}+{digest.hexdigest()[:12]}"
