"""Identify an input file: what it really is, its content hash, and whether it is safe to read.

The kind comes from the file's bytes, not its name, so a PDF saved as `.doc`
is still read and a renamed executable is refused with a clear reason.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pipeline.errors import BadInputError, EmptyDocumentError, TooLargeError, UnsupportedFormatError
from pipeline.text.textcheck import vietnamese_share

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_DOCX_UNCOMPRESSED = 300 * 1024 * 1024  # a zip bomb dressed as .docx stops here
# The smallest side a page image can have and still hold a line of text: the real scans
# (realdocs/scans/LC_KH-1105-DKT_page*.png) are 1241x1755 px at 150 dpi; an A6 slip at the
# 70 dpi floor `ingest.image` accepts is 290 px wide. Below this, OpenCV's thresholding has
# nothing to work on (a 1x1 PNG used to end in an OpenCV traceback).
MIN_IMAGE_SIDE = 100
# Plain text saved from a legacy 8-bit font (TCVN3 "KÕ ho¹ch", VNI "Keá hoaïch") decodes as UTF-8 but its
# accented words are not Vietnamese. Every real text in realdocs/*.txt scores at least 0.99 (lowest:
# LC07_BC-UBND_ChiThi38-TTg_LaoCai.txt); the real legacy-font text layers saved as UTF-8 in
# realdocs/scans/*.textlayer_BROKEN.txt score 0.37-0.61 (highest: LC_QD-1050-SCT_page04).
LEGACY_TEXT_SHARE = 0.9
_MIN_WORDS_TO_JUDGE = 5


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
    if kind is FileKind.IMAGE:
        _check_image_header(path)
    elif kind is FileKind.TEXT:
        _check_text(path)
    return SourceFile(path=path, kind=kind, sha256=sha256_of(path), size=size)


_HTML_OPENINGS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<meta", b"<title", b"<div")


def _sniff(path: Path, head: bytes) -> FileKind:
    if head.lstrip(b"\x00\t\r\n ")[:5] == b"%PDF-":
        return FileKind.PDF
    if _looks_like_html(head):
        raise UnsupportedFormatError(path, "an HTML web page (saved from a browser or a mail?), not a document: "
                                           "open it and print it to PDF")
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    if head.startswith(_IMAGE_MAGIC):
        return FileKind.IMAGE
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormatError(path, "legacy Word 97-2003 (.doc) file: save it as .docx or PDF")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFormatError(path, "binary file of an unknown format (expected PDF, DOCX, TXT or image)")
    if _is_json(path, head):
        raise UnsupportedFormatError(path, "a JSON data file (an extraction or a sidecar?), not a document")
    return FileKind.TEXT


def _is_json(path: Path, head: bytes) -> bool:
    """Data, not prose: vanban's own `documents/*.json` or a scanner's sidecar dropped beside the documents
    (the demo's scans carry a `.pdf.json` beside each PDF) would otherwise be read as a text document."""
    if head.lstrip(b"\xef\xbb\xbf\t\r\n ")[:1] not in (b"{", b"["):
        return False
    try:
        json.loads(path.read_bytes())
    except (ValueError, OSError):
        return False
    return True


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


def _looks_like_html(head: bytes) -> bool:
    """A web page, whatever its name says (a portal's "download" link often saves the HTML error page as .pdf)."""
    start = head.lstrip(b"\xef\xbb\xbf\x00\t\r\n ").lower()
    return start.startswith(_HTML_OPENINGS) or (start.startswith(b"<") and b"<html" in head.lower())


def _check_image_header(path: Path) -> None:
    """Refuse an image too small to be a page from its header, before OpenCV ever sees its pixels."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:  # reads the header only; pixels stay on disk
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        if isinstance(exc, Image.DecompressionBombError):
            raise TooLargeError(path, f"refused as a possible image bomb ({exc})") from exc
        raise BadInputError(path, f"damaged or unfinished image ({type(exc).__name__}: {exc})") from exc
    if min(width, height) < MIN_IMAGE_SIDE:
        raise BadInputError(path, f"the image is {width}x{height} pixels: too small to be a scanned page "
                                  f"(at least {MIN_IMAGE_SIDE} pixels a side)")


def _check_text(path: Path) -> None:
    """Refuse mojibake from a legacy Vietnamese font saved as UTF-8 instead of reading it as a document.

    Bytes that are not UTF-8 at all are left to the text reader, which names them.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return
    # decomposed marks (NFD: what macOS saves) are Unicode Vietnamese too, only not yet composed
    words = [w for w in unicodedata.normalize("NFC", text).split() if any(ch.isalpha() for ch in w)]
    if len(words) < _MIN_WORDS_TO_JUDGE:
        return
    share = vietnamese_share(words)
    if share < LEGACY_TEXT_SHARE:
        raise BadInputError(path, f"only {share:.0%} of the words are Vietnamese as written: text from a legacy "
                                  "TCVN3/VNI font saved as UTF-8? Convert it to Unicode (e.g. Unikey's converter)")


def looks_complete(path: str | Path) -> bool:
    """Whether a file that may still be being written already opens as its kind (the watcher's second test).

    Size and mtime standing still says a writer paused; the format's own end
    says it finished: a PDF's `%%EOF` trailer, a ZIP's central directory (DOCX),
    PNG's IEND chunk, JPEG's end-of-image marker. Other kinds (text, TIFF, a
    file we will refuse anyway) count as complete once they stand still.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
            size = fh.seek(0, 2)
            fh.seek(max(0, size - 2048))
            tail = fh.read()
    except OSError:
        return False
    if not head:
        return True  # a zero-byte file is complete: identify refuses it by name
    if head.lstrip(b"\x00\t\r\n ")[:5] == b"%PDF-":
        return b"%%EOF" in tail
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path):
                return True
        except (zipfile.BadZipFile, OSError):
            return False
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return b"IEND" in tail[-16:]
    if head.startswith(b"\xff\xd8\xff"):
        return b"\xff\xd9" in tail[-64:]
    return True
