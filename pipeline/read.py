"""From a file on disk to normalized pages: the one entry point every stage uses."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import EmptyDocumentError, UnsupportedFormatError
from pipeline.ingest import FileKind, SourceFile, identify
from pipeline.normalize import normalize_pages
from schemas.page import Page


def read_pages(source: SourceFile) -> list[Page]:
    """Pages in reading order with normalized words; raises a typed error naming the file."""
    if source.kind is FileKind.PDF:
        from pipeline.read_pdf import read_pdf

        pages = read_pdf(source.path)
    elif source.kind is FileKind.DOCX:
        from pipeline.read_docx import read_docx

        pages = read_docx(source.path)
    elif source.kind is FileKind.TEXT:
        from pipeline.read_text import read_text

        pages = read_text(source.path)
    else:
        raise UnsupportedFormatError(source.path, "image input needs OCR, which this version does not include yet")
    pages = normalize_pages(pages)
    if not any(line.words for page in pages for line in page.lines):
        reason = "no text layer (a scanned PDF needs OCR)" if source.kind is FileKind.PDF else "no text"
        raise EmptyDocumentError(source.path, reason)
    return pages


def load(path: str | Path) -> tuple[SourceFile, list[Page]]:
    source = identify(path)
    return source, read_pages(source)
