"""Which files a batch reads: the files named, and every file found under the folders named.

A file's kind is told by its content (`pipeline.ingest.identify`), never by
its name: a real PDF saved as `.doc` or without an extension is read, and a
file that is no document is reported as such, not silently skipped. Only
hidden files and folders (`.git`, `.~lock…`), the batch's own output
folder and, inside a folder, the data files an office keeps beside its
documents (a roster, a scanner's `.json` sidecar, a spreadsheet: see
`DATA_SUFFIXES`) are left out; each skipped data file is logged by name.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote_from_bytes, unquote_to_bytes

_log = logging.getLogger(__name__)

#: Files kept beside the documents that are data, not documents: the roster (`roster.yaml`, `.csv`, `.xlsx`),
#: a generator's or scanner's `truth.json` / `<scan>.pdf.json`, vanban's own outputs. Named on the command
#: line they are still read (and refused with their reason); found in a folder they are skipped by name.
DATA_SUFFIXES = frozenset({".json", ".yaml", ".yml", ".csv", ".xlsx", ".xls", ".db", ".sqlite", ".lock", ".log"})


def _is_data(path: Path) -> bool:
    if path.suffix.lower() in DATA_SUFFIXES:
        _log.info("skipped %s: a data file (%s), not a document", path, path.suffix.lower())
        return True
    return False


def collect_inputs(paths: Iterable[str | Path], exclude: Path | None = None) -> list[Path]:
    """Files named directly, plus the files found under any folder named (sorted, unique), none under `exclude`."""
    skip = exclude.resolve() if exclude is not None else None
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file()
                            and not any(part.startswith(".") for part in p.relative_to(path).parts)
                            and not (skip is not None and p.resolve().is_relative_to(skip))
                            and not _is_data(p))
        else:
            found.append(path)
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path, None)
    return list(unique)


#: Marks a path carried as percent-encoded bytes (see `path_token`).
_BYTES_PREFIX = "%fs:"


def path_token(path: str | Path) -> str:
    """A path as text that survives JSON and UTF-8 (Prefect records a flow's parameters), reversibly.

    A name holding bytes that are not UTF-8 (a share written by an old
    Windows machine) cannot be encoded in a flow run's parameters: it is
    carried as `%fs:` + its percent-encoded bytes; every other path as it is.
    `token_path` turns either back into the same path.
    """
    raw = os.fsencode(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and not text.startswith(_BYTES_PREFIX):
        return text
    return _BYTES_PREFIX + quote_from_bytes(raw, safe="/")


def token_path(token: str) -> Path:
    """The path a `path_token` stands for."""
    if token.startswith(_BYTES_PREFIX):
        return Path(os.fsdecode(unquote_to_bytes(token[len(_BYTES_PREFIX):])))
    return Path(token)
