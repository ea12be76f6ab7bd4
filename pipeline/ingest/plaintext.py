"""Plain UTF-8 text files: one line a line, `a | b` rows as table rows, form feeds as page breaks."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import BadInputError
from pipeline.ingest.textlines import line_from_text, page_from_lines, split_cells
from schemas.page import Page


def decode_text(path: Path, data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 with a BOM; refuse anything else by name."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError(
            path, f"not UTF-8 text (byte {exc.start}); legacy TCVN3/VNI files must be converted to Unicode"
        ) from exc


def read_text(path: Path) -> list[Page]:
    text = decode_text(path, path.read_bytes())
    pages = []
    for number, chunk in enumerate(text.split("\f"), start=1):
        lines = []
        for raw in chunk.splitlines():
            line = line_from_text(raw, len(lines), split_cells(raw))
            if line is not None:
                lines.append(line)
        pages.append(page_from_lines(number, lines))
    return pages
