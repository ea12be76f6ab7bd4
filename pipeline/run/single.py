"""One file read and extracted, nothing recorded: what `vanban extract` prints.

Kept apart from the batch's unit of work (`pipeline.run.document`) so that
reading one file imports no database layer (SQLAlchemy, the ledger: 0.5 s).
"""

from __future__ import annotations

from pathlib import Path

from extractors.assemble import extract_pages
from pipeline.ingest.read import load
from schemas.extraction import ExtractedDocument


def extract_file(path: str | Path) -> ExtractedDocument:
    """Read and extract one file; raises a `VanbanError` naming the file when it cannot."""
    source, pages = load(path)
    return extract_pages(source, pages)
