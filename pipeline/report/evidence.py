"""Evidence that survives being e-mailed: copies of the cited documents beside the report, crops of the cited places.

Links to `file:///home/…/report.pdf` break as soon as the output folder is
zipped and sent. So the documents a reconciliation cites are copied into
`sources/` inside the output folder and linked relatively
(`sources/qldl_58-BC-QLDL.pdf#page=1`, which Chromium's and Firefox's PDF
viewers open at the page), and the place a flag cites is shown inline: the
page is rendered (pypdfium2) and the source box cropped, outlined and
embedded in the page as a `data:` image. A DOCX or text source has no
geometry (its boxes are a synthetic character grid), so its quoted text is
shown instead. A scanned page's boxes are in the frame of the cleaned,
deskewed image OCR read, a few points from the PDF's own frame at most:
the crop's margin covers that; a box that does not fit the page at all
(a page OCR turned sideways) gets no crop, only its quote.
"""

from __future__ import annotations

import base64
import io
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from PIL import Image, ImageDraw

from pipeline.errors import VanbanError
from pipeline.ingest.identify import FileKind, identify, sha256_of
from pipeline.ingest.pdfium_lock import PDFIUM_LOCK
from schemas.provenance import Provenance

SOURCES_DIR = "sources"
CROP_DPI = 144  # twice screen resolution: print-sharp, and a line of 13 pt text is ~26 px high
MIN_WIDTH_PT = 250.0  # a short figure ("70 %") is shown with the words around it
MARGIN_X_PT, MARGIN_Y_PT = 18.0, 15.0  # about a line of body text above and below the box
MAX_HEIGHT_PT = 140.0  # a box over many lines is shown from its top, about eight lines
MAX_WIDTH_PT = 300.0  # wider boxes (a whole table row) are shown from the left of the box
LEFT_SHARE = 0.65
CSS_PX_PER_PT = 1.2  # shown at about the size it prints at (96/72 = 1.33 would be actual size)
MAX_CROPS = 400  # a batch of hundreds of reports still writes a page of reasonable size
OUTLINE = (217, 48, 37)


@dataclass(frozen=True)
class Crop:
    """An image of a cited place, ready for an <img>: data URI and its size in CSS pixels."""

    data_uri: str
    width: int
    height: int


class EvidenceFolder:
    """The `sources/` copies of an output folder, and crops of the places cited in them.

    Paths are keyed as the reconciliation gives them (relative to where the
    run started, or absolute); a file that cannot be found is not copied
    and its evidence is shown as quoted text without a link.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self._copies: dict[str, str | None] = {}
        self._names: dict[str, str] = {}  # copy name -> content hash, so two files never share a name
        self._kinds: dict[str, FileKind | None] = {}
        self.crops = 0

    def copy(self, file: str | None) -> str | None:
        """The copy's path relative to the output folder ('sources/x.pdf'), copying it on first use."""
        if not file:
            return None
        if file not in self._copies:
            self._copies[file] = self._copy(Path(file))
        return self._copies[file]

    def _copy(self, path: Path) -> str | None:
        if not path.is_file():
            # outputs rewritten from a saved reconciliation.json elsewhere: the copy made by the run stands in
            kept = self.out_dir / SOURCES_DIR / path.name
            return f"{SOURCES_DIR}/{path.name}" if kept.is_file() else None
        digest = sha256_of(path)
        name = path.name
        stem, suffix = path.stem, path.suffix
        counter = 1
        while name in self._names and self._names[name] != digest:
            counter += 1
            name = f"{stem}-{counter}{suffix}"
        target = self.out_dir / SOURCES_DIR / name
        if self._names.get(name) != digest:
            target.parent.mkdir(parents=True, exist_ok=True)
            if not (target.is_file() and sha256_of(target) == digest):
                shutil.copy2(path, target)
            self._names[name] = digest
        return f"{SOURCES_DIR}/{name}"

    def href(self, file: str | None, provenance: Provenance | None) -> str | None:
        """A relative link to the copy (percent-encoded: names hold spaces and Vietnamese letters), at the
        cited page when the copy is a PDF."""
        relative = self.copy(file)
        if relative is None:
            return None
        href = quote(relative)
        if provenance is not None and self.kind(file) == FileKind.PDF:
            return f"{href}#page={provenance.page}"
        return href

    def local(self, file: str | None) -> Path | None:
        """The copy in `sources/` of a cited file (copying it first), or None."""
        relative = self.copy(file)
        return self.out_dir / relative if relative else None

    def kind(self, file: str | None) -> FileKind | None:
        if not file:
            return None
        if file not in self._kinds:
            local = self.local(file)
            try:
                self._kinds[file] = identify(local).kind if local else None
            except (VanbanError, OSError):
                self._kinds[file] = None
        return self._kinds[file]

    def crop(self, file: str | None, provenance: Provenance | None) -> Crop | None:
        """The cited box on its page as an image, or None (no box, no geometry, no file, or too many crops)."""
        if provenance is None or provenance.bbox is None or self.crops >= MAX_CROPS:
            return None
        kind = self.kind(file)
        if kind not in (FileKind.PDF, FileKind.IMAGE):
            return None  # DOCX and text: a synthetic grid, not a place on a page
        local = self.local(file)
        assert local is not None  # it has a kind, so it was found
        page = _page_image(str(local.resolve()), kind, provenance.page)
        if page is None:
            return None
        crop = _cut(page, provenance)
        if crop is not None:
            self.crops += 1
        return crop


@dataclass(frozen=True)
class _PageImage:
    image: Image.Image
    scale: float  # pixels per PDF point
    width_pt: float
    height_pt: float


@lru_cache(maxsize=8)
def _page_image(path: str, kind: FileKind, number: int) -> _PageImage | None:
    """One page as an RGB image at CROP_DPI (PDF) or as scanned (image files); cached: flags share pages."""
    try:
        if kind == FileKind.PDF:
            import pypdfium2 as pdfium

            with PDFIUM_LOCK:
                document = pdfium.PdfDocument(path)
                try:
                    if not 1 <= number <= len(document):
                        return None
                    page = document[number - 1]
                    width, height = page.get_size()
                    scale = CROP_DPI / 72
                    image = page.render(scale=scale, rev_byteorder=True).to_pil().convert("RGB")
                    page.close()
                finally:
                    document.close()
            return _PageImage(image, scale, width, height)
        from pipeline.ingest.image import image_pages

        for page_image in image_pages(Path(path)):
            if page_image.number == number:
                frame = page_image.take()
                image = frame if isinstance(frame, Image.Image) else Image.fromarray(frame)
                scale = page_image.dpi / 72
                return _PageImage(image.convert("RGB"), scale, image.width / scale, image.height / scale)
    except Exception:  # noqa: BLE001 - a damaged source or pdfium's own errors: the quote still stands
        return None
    return None


def _cut(page: _PageImage, provenance: Provenance) -> Crop | None:
    box = provenance.bbox
    assert box is not None
    if box.x1 > page.width_pt + MARGIN_X_PT or box.y1 > page.height_pt + MARGIN_Y_PT or box.x1 <= box.x0:
        return None  # not this page's frame (a page OCR turned sideways)
    width = min(max(box.x1 - box.x0 + 2 * MARGIN_X_PT, MIN_WIDTH_PT), MAX_WIDTH_PT)
    # Most of the room goes left of the box: what a figure measures is written before it, in a sentence
    # ("... được bồi dưỡng kỹ năng số đạt 94,7%") as in a table row (the indicator's cell, then the value).
    spare = width - (box.x1 - box.x0)
    left = box.x0 - max(MARGIN_X_PT, LEFT_SHARE * spare) if spare > 0 else box.x0 - MARGIN_X_PT
    left = min(max(0.0, left), max(0.0, page.width_pt - width))
    right = min(page.width_pt, left + width)
    top = max(0.0, box.y0 - MARGIN_Y_PT)
    bottom = min(page.height_pt, box.y1 + MARGIN_Y_PT, top + MAX_HEIGHT_PT)
    s = page.scale
    image = page.image.crop((round(left * s), round(top * s), round(right * s), round(bottom * s))).copy()
    draw = ImageDraw.Draw(image)
    outline = ((box.x0 - left) * s - 3, (box.y0 - top) * s - 3, (box.x1 - left) * s + 3, (box.y1 - top) * s + 3)
    draw.rectangle(outline, outline=OUTLINE, width=max(2, round(s)))
    buffer = io.BytesIO()
    image.convert("P", palette=Image.ADAPTIVE, colors=64).save(buffer, format="PNG", optimize=True)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return Crop(f"data:image/png;base64,{data}", round((right - left) * CSS_PX_PER_PT),
                round((bottom - top) * CSS_PX_PER_PT))
