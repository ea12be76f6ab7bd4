"""From a file on disk to normalized pages: the one entry point every stage uses."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import EmptyDocumentError, OcrError, UnsupportedFormatError
from pipeline.ingest.identify import FileKind, SourceFile, identify
from pipeline.text.normalize import normalize_pages
from schemas.page import FAILED_NOTE, Page, SourceKind


def read_pages(source: SourceFile) -> list[Page]:
    """Pages in reading order with normalized words; raises a typed error naming the file."""
    if source.kind is FileKind.PDF:
        from pipeline.ingest.pdf import read_pdf

        pages = read_pdf(source.path)
    elif source.kind is FileKind.DOCX:
        from pipeline.ingest.docx import read_docx

        pages = read_docx(source.path)
    elif source.kind is FileKind.TEXT:
        from pipeline.ingest.plaintext import read_text

        pages = read_text(source.path)
    elif source.kind is FileKind.IMAGE:
        from pipeline.ingest.image import read_image

        pages = read_image(source.path)
    else:
        raise UnsupportedFormatError(source.path, f"no reader for {source.kind}")
    pages = [_repair(p) if p.source is SourceKind.OCR else p for p in normalize_pages(pages)]
    if not any(line.words for page in pages for line in page.lines):
        failed = [note for page in pages for note in page.notes if note.startswith(FAILED_NOTE)]
        if failed:
            raise OcrError(source.path, "; ".join(failed[:3]))
        raise EmptyDocumentError(source.path, "no text found (blank pages?)")
    return pages


def _repair(page: Page) -> Page:
    """Marks restored on letters, then punctuation misreads fixed (both keep the OCR text on the word)."""
    from pipeline.ocr.misreads import fix_misreads
    from pipeline.ocr.repair import repair_page

    return fix_misreads(repair_page(page))


def load(path: str | Path) -> tuple[SourceFile, list[Page]]:
    source = identify(path)
    return source, read_pages(source)
