"""Page images for the review page, rendered on the server from the stored file and cached as PNG.

The boxes the page draws must sit on the words they came from, so each page
is drawn in the coordinate frame its words were read in: a text-layer PDF
page as pdfium renders it (PDF points from the top-left), a scanned page as
OCR saw it (turned upright and deskewed by `pipeline.ocr.preprocess.prepare`,
points = pixels x 72 / dpi). The PNG and the page size in points are cached
beside the ledger, keyed by content hash: a page is rendered once, then
served as a file.

`text_under` reads what lies under a box a reviewer drew: the text layer
when the page has one, else Tesseract on that crop of the cached image.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from pipeline.errors import BadInputError, OcrError
from pipeline.ingest.identify import FileKind, identify
from pipeline.ingest.image import image_pages, pdf_page_images
from pipeline.ingest.pdfium_lock import PDFIUM_LOCK
from pipeline.ocr.engine import LANG, PageImage, ocr_page
from pipeline.ocr.misreads import fix_misreads
from pipeline.ocr.preprocess import prepare
from pipeline.ocr.repair import repair_page
from pipeline.ocr.tesseract import ONE_BLOCK, TesseractFailed, read_text
from pipeline.text.normalize import normalize_pages
from schemas.page import BBox, SourceKind

_CROP_TIMEOUT = 30.0  # seconds for a reviewer's box: a few words, read while the reviewer waits
TEXT_LAYER_DPI = 144  # twice the PDF resolution: sharp enough to read a 12 pt line on a laptop screen
_RENDER_LOCK = threading.Lock()  # one render at a time: the machine is small (pdfium's own lock is PDFIUM_LOCK)


@dataclass(frozen=True)
class PageView:
    """A rendered page: its PNG and its size in the points its boxes are given in."""

    png: Path
    width: float
    height: float
    dpi: float

    def percent(self, box: BBox) -> dict[str, float]:
        """The box as CSS percentages of the page: boxes stay on their words at any zoom."""
        return {"left": 100 * box.x0 / self.width, "top": 100 * box.y0 / self.height,
                "width": 100 * (box.x1 - box.x0) / self.width, "height": 100 * (box.y1 - box.y0) / self.height}


def has_pages(path: Path) -> bool:
    """True for files with pages to show (PDF, images); DOCX and plain text have no page image."""
    try:
        return identify(path).kind in (FileKind.PDF, FileKind.IMAGE)
    except BadInputError:
        return False


class PageCache:
    """PNG renders of document pages under `folder`, one pair of files per page: <sha>-p<n>.png and .json."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def _paths(self, sha256: str, number: int) -> tuple[Path, Path]:
        stem = f"{sha256}-p{number}"
        return self.folder / f"{stem}.png", self.folder / f"{stem}.json"

    def cached(self, sha256: str, number: int) -> PageView | None:
        png, meta = self._paths(sha256, number)
        if not (png.is_file() and meta.is_file()):
            return None
        size = json.loads(meta.read_text(encoding="utf-8"))
        return PageView(png, size["width"], size["height"], size["dpi"])

    def view(self, path: Path, sha256: str, number: int, source: SourceKind, turn: int = 0) -> PageView:
        """The page rendered (once) from the stored file; `BadInputError` naming the file if it cannot be.

        `turn` is the clockwise rotation OCR gave the page (`turn_in_notes` of its notes), so a
        sideways scan is shown upright, in the frame of its words' boxes.
        """
        found = self.cached(sha256, number)
        if found is not None:
            return found
        with _RENDER_LOCK:
            found = self.cached(sha256, number)
            if found is not None:
                return found
            pixels, dpi = _render(path, number, source, turn)
            png, meta = self._paths(sha256, number)
            tmp = png.with_suffix(".tmp.png")
            Image.fromarray(pixels).save(tmp, optimize=False, compress_level=3)
            tmp.replace(png)
            height, width = pixels.shape[:2]
            size = {"width": width * 72 / dpi, "height": height * 72 / dpi, "dpi": dpi}
            meta.write_text(json.dumps(size), encoding="utf-8")
            return PageView(png, size["width"], size["height"], dpi)


    def weak_words(self, path: Path, sha256: str, number: int, below: float) -> list[dict[str, object]]:
        """The words of a scanned page OCR was unsure of (confidence < `below`) or repaired, with their boxes.

        The page is read again exactly as extraction read it (`ocr_page`, then
        normalization, diacritic repair and misread fixes, as
        `pipeline.ingest.read.read_pages` does for an OCR page), so the words
        are the ones the values came from; cached beside the page image.
        """
        cache = self.folder / f"{sha256}-p{number}.words.json"
        if cache.is_file():
            words = json.loads(cache.read_text(encoding="utf-8"))
        else:
            page = _page_image(path, number)
            read = fix_misreads(repair_page(normalize_pages([ocr_page(path, page)])[0]))
            words = [{"text": w.text, "confidence": w.confidence, "original": w.original, "repair": w.repair,
                      "x0": w.bbox.x0, "y0": w.bbox.y0, "x1": w.bbox.x1, "y1": w.bbox.y1}
                     for line in read.lines for w in line.words]
            tmp = cache.with_suffix(".tmp")
            tmp.write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
            tmp.replace(cache)
        return [w for w in words if w["confidence"] < below or w["repair"]]


def _page_image(path: Path, number: int) -> PageImage:
    """A scanned page's pixels as OCR receives them (a PDF page rendered, an image file's frame)."""
    kind = identify(path).kind
    if kind == FileKind.PDF:
        page = next(iter(pdf_page_images(path, [number])), None)
    elif kind == FileKind.IMAGE:
        page = next((p for p in image_pages(path) if p.number == number), None)
    else:
        raise BadInputError(path, f"a {kind.value} file has no page image")
    if page is None:
        raise BadInputError(path, f"no page {number}")
    return page


def _render(path: Path, number: int, source: SourceKind, turn: int = 0) -> tuple[np.ndarray, float]:
    """The page's pixels in its words' frame, and their resolution."""
    kind = identify(path).kind
    if kind == FileKind.PDF and source == SourceKind.TEXT_LAYER:
        with PDFIUM_LOCK:
            document = pdfium.PdfDocument(str(path))
            try:
                if not 1 <= number <= len(document):
                    raise BadInputError(path, f"no page {number}")
                bitmap = document[number - 1].render(scale=TEXT_LAYER_DPI / 72, rev_byteorder=True)
                return bitmap.to_numpy()[..., :3].copy(), float(TEXT_LAYER_DPI)
            finally:
                document.close()
    return _as_ocr_saw_it(_page_image(path, number), turn)


def _as_ocr_saw_it(page: PageImage, turn: int) -> tuple[np.ndarray, float]:
    """The page prepared exactly as `pipeline.ocr.engine.ocr_page` prepared it before Tesseract read it.

    The same turn (the one OCR noted, not a new guess) and the same `prepare`,
    so a rotated or tilted scan is shown upright and its boxes line up.
    """
    prepared = prepare(page.take(), page.dpi, turn)
    return prepared.image, prepared.dpi


def text_under(path: Path, view: PageView, number: int, box: BBox, source: SourceKind) -> str:
    """The text inside `box` on page `number`: from the text layer, or OCR'd from the cached page image.

    OcrError when Tesseract fails or times out on the box: an empty answer
    would read as "nothing is written there".
    """
    if source == SourceKind.TEXT_LAYER and identify(path).kind == FileKind.PDF:
        with _RENDER_LOCK, PDFIUM_LOCK:
            document = pdfium.PdfDocument(str(path))
            try:
                page = document[number - 1]
                _, height = page.get_size()
                text = page.get_textpage().get_text_bounded(left=box.x0, bottom=height - box.y1, right=box.x1,
                                                            top=height - box.y0)
            finally:
                document.close()
        return " ".join(text.split())
    scale = view.dpi / 72
    with Image.open(view.png) as image:
        crop = image.crop((int(box.x0 * scale), int(box.y0 * scale), int(box.x1 * scale) + 1,
                           int(box.y1 * scale) + 1)).convert("L")
    try:
        text = read_text(np.asarray(crop), LANG, psm=ONE_BLOCK, dpi=round(view.dpi), timeout=_CROP_TIMEOUT)
    except TesseractFailed as exc:  # the reviewer is told why the field is empty, and types the value
        raise OcrError(path, f"page {number}: the box could not be read ({exc})") from exc
    return " ".join(text.split())
