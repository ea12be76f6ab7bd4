"""Identify an input file: what it really is, its content hash, and whether it is safe to read.

The kind comes from the file's bytes, not its name, so a PDF saved as `.doc`
is still read and a renamed executable is refused with a clear reason.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pipeline.errors import BadInputError, EmptyDocumentError, TooLargeError, UnsupportedFormatError

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_DOCX_UNCOMPRESSED = 300 * 1024 * 1024  # a zip bomb dressed as .docx stops here


class FileKind(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    TEXT = "text"
    IMAGE = "image"


@dataclass(frozen=True)
class SourceFile:
    """A file accepted for reading: its path, real kind and identity."""

    path: Path
    kind: FileKind
    sha256: str
    size: int


_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def identify(path: str | Path) -> SourceFile:
    """Check `path` and return what it is, or raise a typed error naming it."""
    path = Path(path)
    if not path.exists():
        raise BadInputError(path, "file not found")
    if not path.is_file():
        raise BadInputError(path, "not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise EmptyDocumentError(path, "the file is empty (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise TooLargeError(path, f"file is {size / 1e6:.0f} MB, over the {MAX_FILE_BYTES / 1e6:.0f} MB limit")
    with path.open("rb") as fh:
        head = fh.read(4096)
    kind = _sniff(path, head)
    return SourceFile(path=path, kind=kind, sha256=sha256_of(path), size=size)


def _sniff(path: Path, head: bytes) -> FileKind:
    if head.lstrip(b"\x00\t\r\n ")[:5] == b"%PDF-":
        return FileKind.PDF
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    if head.startswith(_IMAGE_MAGIC):
        return FileKind.IMAGE
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormatError(path, "legacy Word 97-2003 (.doc) file: save it as .docx or PDF")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFormatError(path, "binary file of an unknown format (expected PDF, DOCX, TXT or image)")
    return FileKind.TEXT


def _sniff_zip(path: Path) -> FileKind:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            total = sum(info.file_size for info in zf.infolist())
    except zipfile.BadZipFile as exc:
        raise BadInputError(path, f"damaged ZIP/DOCX container ({exc})") from exc
    if "word/document.xml" not in names:
        raise UnsupportedFormatError(path, "ZIP archive that is not a Word document (.docx)")
    if total > MAX_DOCX_UNCOMPRESSED:
        raise TooLargeError(path, f"DOCX expands to {total / 1e6:.0f} MB: refused as a possible zip bomb")
    return FileKind.DOCX
