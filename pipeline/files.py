"""Output files are replaced whole, never rewritten in place: a temporary name beside them, then a rename.

A batch killed while rewriting `summary.csv` left it at 0 bytes, and a clerk
opening an output mid-run saw half a file. Written under a hidden name in
the same folder (same file system, so the rename is atomic) and renamed over
the old one only when complete, an output is always either the previous
run's or this run's. A failed write leaves the previous file and removes
the temporary one.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """`with replacing(path) as tmp:` write `tmp` completely; it becomes `path` when the block ends without error."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        with open(tmp, "rb+") as fh:  # on disk before it carries the real name
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """`path.write_text`, replacing the file whole."""
    with replacing(path) as tmp:
        tmp.write_text(text, encoding=encoding)
    return path
