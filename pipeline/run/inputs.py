"""Which files a batch reads: the files named, and the documents found under the folders named."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

SUPPORTED_SUFFIXES = {".pdf", ".docx", ".txt", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def collect_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus the supported files found under any folder named (sorted, unique)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            found.append(path)
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path, None)
    return list(unique)
