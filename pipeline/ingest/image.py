"""Scanned pages that arrive as images: PNG, JPEG, TIFF (multi-page), and PDF pages rendered to images.

Sizes are checked from the header before any pixel is decoded, so an image
bomb (a tiny file that claims a gigapixel) is refused, not decompressed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline.errors import BadInputError, TooLargeError
from pipeline.ingest.pdfium_lock import PDFIUM_LOCK
from pipeline.ocr.engine import PageImage, ocr_pages
from schemas.page import Page

MAX_PIXELS = 150_000_000  # a page at 1200 dpi is ~140 Mpx; anything larger is not a scan
MAX_FRAMES = 2000
RENDER_DPI = 300
_DEFAULT_DPI = 300.0


def _dpi(image: Image.Image) -> float:
    """The resolution the scanner wrote, or 300 when missing or implausible."""
    value = image.info.get("dpi", (0, 0))
    dpi = float(value[0] if isinstance(value, tuple) else value or 0)
    return dpi if 70 <= dpi <= 1200 else _DEFAULT_DPI


def image_pages(path: Path) -> Iterator[PageImage]:
    """Each frame of an image file, one at a time."""
    try:
        with Image.open(path) as image:
            for index, frame in enumerate(ImageSequence.Iterator(image)):
                if index >= MAX_FRAMES:
                    raise TooLargeError(path, f"more than {MAX_FRAMES} frames")
                width, height = frame.size
                if width * height > MAX_PIXELS:
                    raise TooLargeError(path, f"page {index + 1} is {width}x{height} pixels: refused as a "
                                              f"possible image bomb (limit {MAX_PIXELS / 1e6:.0f} Mpx)")
                frame.load()
                yield PageImage(index + 1, frame.copy(), _dpi(frame))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        if isinstance(exc, Image.DecompressionBombError):
            raise TooLargeError(path, f"refused as a possible image bomb ({exc})") from exc
        raise BadInputError(path, f"cannot read the image ({type(exc).__name__}: {exc})") from exc


def read_image(path: Path) -> list[Page]:
    return ocr_pages(path, image_pages(path))


def pdf_page_images(path: Path, numbers: list[int], dpi: int = RENDER_DPI) -> Iterator[PageImage]:
    """PDF pages rendered one at a time (pdfium), for pages whose text layer is missing or unusable."""
    import pypdfium2 as pdfium

    try:
        with PDFIUM_LOCK:
            document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise BadInputError(path, f"cannot render the PDF ({exc})") from exc
    try:
        for number in numbers:
            with PDFIUM_LOCK:  # held for one page's render, not while the page is OCR'd
                page = document[number - 1]
                width, height = page.get_size()
                if width * height * (dpi / 72) ** 2 > MAX_PIXELS:
                    page.close()
                    raise TooLargeError(path, f"page {number} is {width:.0f}x{height:.0f} pt: too large to render")
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB, not pdfium's BGR
                pixels = bitmap.to_numpy()[..., :3].copy()  # one copy, no PIL image in between
                bitmap.close()
                page.close()
            yield PageImage(number, pixels, float(dpi))
    finally:
        with PDFIUM_LOCK:
            document.close()
