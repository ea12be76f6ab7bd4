"""Makers of bad input files, written into a test's temporary folder."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.conftest import SEED_PDF


def corrupt_pdf(folder: Path) -> Path:
    path = folder / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a pdf body\n%%EOF")
    return path


def truncated_pdf(folder: Path) -> Path:
    path = folder / "truncated.pdf"
    data = SEED_PDF.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def encrypted_pdf(folder: Path) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = folder / "encrypted.pdf"
    pdf = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("user-secret", "owner-secret"))
    pdf.drawString(100, 700, "KE HOACH so 1/KH-UBND")
    pdf.save()
    return path


def blank_pdf(folder: Path) -> Path:
    """A PDF whose only page has no text (what a scan without OCR looks like)."""
    from reportlab.pdfgen import canvas

    path = folder / "scan-without-text.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(100, 100, 300, 300, fill=1)
    pdf.save()
    return path


def empty_file(folder: Path, name: str = "empty.pdf") -> Path:
    path = folder / name
    path.write_bytes(b"")
    return path


def binary_junk(folder: Path) -> Path:
    path = folder / "report.pdf"
    path.write_bytes(bytes(range(256)) * 8)
    return path


def legacy_doc(folder: Path) -> Path:
    path = folder / "bao-cao.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    return path


def zip_not_docx(folder: Path) -> Path:
    path = folder / "archive.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "not a word file")
    return path


def legacy_encoded_text(folder: Path) -> Path:
    """Vietnamese in a legacy 8-bit code page, as old TCVN3/VNI files arrive."""
    path = folder / "ke-hoach-cu.txt"
    path.write_bytes(b"K\xd5 ho\xb9ch s\xe8 5 - UBND t\xadnh")  # TCVN3 bytes: not valid UTF-8
    return path
