"""Born-digital PDF pages to the page model, via pdfplumber's word boxes.

Tables are found only on pages that draw lines or rectangles, because table
detection is the slow part of pdfplumber and a page with no rules has no
ruled table to find.

Pages without a single character of text (a scan) never reach pdfplumber:
pdfium counts each page's characters in a millisecond, and a PDF of scans
goes straight to OCR instead of paying pdfminer's parse of every page first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import BadInputError, EncryptedDocumentError, TooLargeError
from pipeline.text.layout import page_lines
from pipeline.text.textcheck import USABLE_SHARE, vietnamese_share
from schemas.page import BBox, Page, SourceKind, Word

if TYPE_CHECKING:
    import pdfplumber

MAX_PAGES = 2000
NO_TEXT_LAYER = "no text layer: OCR"


@dataclass
class Survey:
    """What pdfium tells of a PDF without parsing it: the page count and the size of each page with no text."""

    count: int
    textless: dict[int, tuple[float, float]]  # page number -> (width, height) in points

    @property
    def all_textless(self) -> bool:
        return len(self.textless) == self.count


def read_pdf(path: Path) -> list[Page]:
    """Every page: from the text layer where it is usable, else OCR'd (a page OCR cannot read has no lines)."""
    survey = survey_pdf(path)
    if survey is not None:
        _check_count(path, survey.count)
    if survey is not None and survey.all_textless:
        pages = [_awaiting_ocr(n, w, h) for n, (w, h) in survey.textless.items()]
        scanned = dict.fromkeys(survey.textless, NO_TEXT_LAYER)
    else:
        pages, scanned = _read_text_layer(path, set(survey.textless) if survey else set())
    if scanned:
        from pipeline.ingest.image import pdf_page_images
        from pipeline.ocr.engine import ocr_pages

        for page in ocr_pages(path, pdf_page_images(path, sorted(scanned))):
            pages[page.number - 1] = page.model_copy(update={"notes": [scanned[page.number], *page.notes]})
    return pages


def survey_pdf(path: Path) -> Survey | None:
    """Page count and textless pages by pdfium; None when pdfium cannot open the file.

    None sends the file down pdfplumber's path, which names the problem
    (password, damage) with a typed error.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError, ValueError):
        return None
    try:
        count = len(document)
        textless = {}
        for index in range(count if 0 < count <= MAX_PAGES else 0):
            page = document[index]
            textpage = page.get_textpage()
            if textpage.count_chars() == 0:
                textless[index + 1] = page.get_size()
            textpage.close()
            page.close()
        return Survey(count, textless)
    except pdfium.PdfiumError:
        return None
    finally:
        document.close()


def _awaiting_ocr(number: int, width: float, height: float) -> Page:
    """A page with no text layer, held in its place until its OCR'd page replaces it."""
    return Page(number=number, width=float(width), height=float(height), source=SourceKind.OCR, lines=[])


def _check_count(path: Path, count: int) -> None:
    if count == 0:
        raise BadInputError(path, "the PDF has no pages")
    if count > MAX_PAGES:
        raise TooLargeError(path, f"{count} pages, over the {MAX_PAGES}-page limit")


def _read_text_layer(path: Path, textless: set[int]) -> tuple[list[Page], dict[int, str]]:
    """pdfplumber's pages, and why each page that needs OCR needs it (pages in `textless` are not parsed)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        if _caused_by(exc, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise EncryptedDocumentError(path, "the PDF is password-protected: ask for an open copy") from exc
        raise BadInputError(path, f"cannot open the PDF ({_describe(exc)})") from exc
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise BadInputError(path, f"damaged PDF page tree ({type(exc).__name__})") from exc
        _check_count(path, count)
        pages = []
        scanned: dict[int, str] = {}
        for number, pdf_page in enumerate(pdf.pages, start=1):
            if number in textless:
                page, reason = _awaiting_ocr(number, pdf_page.width, pdf_page.height), NO_TEXT_LAYER
            else:
                try:
                    page = _read_page(pdf_page, number)
                    reason: str | None = _why_ocr(pdf_page, page)
                except Exception as exc:
                    raise BadInputError(path, f"cannot read page {number} ({type(exc).__name__}: {exc})") from exc
            if reason:
                scanned[number] = reason
            pages.append(page)
            pdf_page.close()  # drop pdfminer's cached layout: memory stays flat on long files
    return pages, scanned


def _why_ocr(pdf_page: pdfplumber.page.Page, page: Page) -> str | None:
    """Why a page must be OCR'd (no text layer, mojibake, or a scan with a few stamped words), or None."""
    words = [w.text for line in page.lines for w in line.words if w.text != "|"]
    if not words:
        return NO_TEXT_LAYER
    share = vietnamese_share(words)
    if share < USABLE_SHARE:
        return f"text layer unusable ({share:.0%} Vietnamese words, legacy font encoding?): OCR"
    area = float(pdf_page.width * pdf_page.height) or 1.0
    covered = sum((im["x1"] - im["x0"]) * (im["bottom"] - im["top"]) for im in pdf_page.images) / area
    if covered > 0.5 and len(words) < 30:
        return f"a page image with only {len(words)} words of text layer: OCR"
    return None


def _read_page(pdf_page: pdfplumber.page.Page, number: int) -> Page:
    raw = pdf_page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["fontname"])
    words = [
        Word(
            text=w["text"],
            bbox=BBox(x0=w["x0"], y0=w["top"], x1=w["x1"], y1=w["bottom"]),
            bold="bold" in w["fontname"].lower(),
        )
        for w in raw
        if w["text"].strip()
    ]
    tables = pdf_page.find_tables() if (pdf_page.lines or pdf_page.rects) else []
    rows = [[[BBox(x0=c[0], y0=c[1], x1=c[2], y1=c[3]) for c in row.cells if c is not None] for row in t.rows]
            for t in tables]
    lines = page_lines(words, rows)
    return Page(
        number=number,
        width=float(pdf_page.width),
        height=float(pdf_page.height),
        source=SourceKind.TEXT_LAYER,
        lines=lines,
    )


def _caused_by(exc: BaseException, kinds: tuple[type[BaseException], ...]) -> bool:
    """pdfplumber wraps pdfminer's errors: look through the whole chain."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kinds) or any(isinstance(a, kinds) for a in getattr(seen, "args", ())):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _describe(exc: BaseException) -> str:
    root: BaseException = exc
    while (root.__cause__ or root.__context__) is not None:
        root = root.__cause__ or root.__context__  # type: ignore[assignment]
    return f"{type(root).__name__}: {root}".rstrip(": ")
