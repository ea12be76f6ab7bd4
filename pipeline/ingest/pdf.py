"""Born-digital PDF pages to the page model, from pdfplumber's characters.

Characters are grouped into words by their gap against the font size, never by
font name (real signed PDFs draw Vietnamese letters from a second subset of the
same font); the values the e-signing system stamps as widgets are read into the
printed line they fill (`pipeline.ingest.widgets`); footnote marks are split off
the word they are glued to. A text layer that lies (mojibake, unmapped glyphs,
an old OCR layer stripped to ASCII) sends its page to OCR with a note saying why.

Tables are found only on pages that draw visible lines or rectangles, because
table detection is the slow part of pdfplumber, a page with no rules has no
ruled table to find, and white backgrounds are not tables.

Pages without a single character of text (a scan) never reach pdfplumber:
pdfium counts each page's characters in a millisecond, and a PDF of scans
goes straight to OCR instead of paying pdfminer's parse of every page first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import BadInputError, EncryptedDocumentError, TooLargeError
from pipeline.ingest.pdfium_lock import PDFIUM_LOCK
from pipeline.ingest.widgets import widget_texts
from pipeline.text.layout import COLUMN_GAP, group_rows, make_line, order_rows, page_lines
from pipeline.text.textcheck import (
    MARKED_SHARE,
    UNMAPPED_SHARE,
    USABLE_SHARE,
    is_unmapped_glyph,
    marked_share,
    vietnamese_share,
)
from schemas.page import BBox, Line, Page, SourceKind, Word, WordSource

if TYPE_CHECKING:
    import pdfplumber

MAX_PAGES = 2000
NO_TEXT_LAYER = "no text layer: OCR"
#: Two characters of a line are two words when the gap between them exceeds this share of the font size.
#: Measured on the first three pages of SG01-SG20 (realdocs/signed): letters of one word sit at -0.08 to 0.04
#: of the size (kerning), word gaps drawn without a space character (SG03's `V/v hợp nhất`, 13 pt) at 0.17
#: and above, nothing between. The font name plays no part: Vietnamese letters drawn from a second subset
#: of the same font (SG16's `B ộ`, `S ở`, `kho ả`) stay in their word.
WORD_GAP = 0.1
#: A rectangle covering this share of the page is a background, never a table (SG06's two 600 x 450 pt
#: rectangles together cover the page; a real ruled table keeps its margins).
PAGE_SIZE_SHARE = 0.8
#: A footnote mark is drawn at most this share of the size of the letter it follows (SG18: 9 pt after 14 pt)
MARK_SIZE = 0.8
#: ... with its baseline raised at least this share of that letter's size (SG18: 6.1 pt of 14).
MARK_RAISE = 0.2
#: Units whose raised digit is an exponent, not a footnote (`m2`, `km2`, `m3` in plans' land and building figures).
_POWERED_UNITS = frozenset({"m", "cm", "dm", "mm", "km"})


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


def ocr_reasons(path: Path) -> dict[int, str]:
    """Why each page that needs OCR needs it (page number -> note), without OCR'ing anything."""
    survey = survey_pdf(path)
    textless = set(survey.textless) if survey else set()
    return _read_text_layer(path, textless)[1]


def survey_pdf(path: Path) -> Survey | None:
    """Page count and textless pages by pdfium; None when pdfium cannot open the file.

    None sends the file down pdfplumber's path, which names the problem
    (password, damage) with a typed error.
    """
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:  # a page count and a character count a page: milliseconds
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
    """Why a page must be OCR'd (no text layer, mojibake, unmapped glyphs, a stripped OCR layer, or a scan
    with a few stamped words), or None."""
    words = [w.text for line in page.lines for w in line.words if w.text != "|"]
    if not words:
        return NO_TEXT_LAYER
    share = vietnamese_share(words)
    if share < USABLE_SHARE:
        return f"text layer unusable ({share:.0%} Vietnamese words, legacy font encoding?): OCR"
    glyphs = pdf_page.chars
    unmapped = sum(1 for c in glyphs if is_unmapped_glyph(c["text"], c["x1"] - c["x0"], c["size"]))
    inked = sum(1 for c in glyphs if not c["text"].isspace()) + unmapped
    if inked and unmapped / inked > UNMAPPED_SHARE:
        return f"text layer has unmapped glyphs ({unmapped} of {inked} drawn with no Unicode mapping): OCR"
    marked = marked_share(words)
    if marked is not None and marked < MARKED_SHARE:
        return (f"text layer without Vietnamese marks ({marked:.0%} of words marked: an old OCR layer "
                "stripped to ASCII?): OCR")
    area = float(pdf_page.width * pdf_page.height) or 1.0
    covered = sum((im["x1"] - im["x0"]) * (im["bottom"] - im["top"]) for im in pdf_page.images) / area
    if covered > 0.5 and len(words) < 30:
        return f"a page image with only {len(words)} words of text layer: OCR"
    return None


def _read_page(pdf_page: pdfplumber.page.Page, number: int) -> Page:
    from pdfplumber.utils.text import WordExtractor

    # Space characters are left out: the gap decides. Some are drawn over other runs' letters (SG14's
    # `Nơi nhận:` row pads with spaces that reach under `KT. GIÁM ĐỐC`, which split it into `K T .`).
    inked = [c for c in pdf_page.chars if not c["text"].isspace()]
    raw = WordExtractor(x_tolerance_ratio=WORD_GAP).extract_words(inked, return_chars=True)
    words = [word for w in raw if w["text"].strip() for word in _words_of(w["chars"])]
    ruled = _without_invisible_rules(pdf_page)
    tables = ruled.find_tables() if ruled is not None else []
    rows = [[[BBox(x0=c[0], y0=c[1], x1=c[2], y1=c[3]) for c in row.cells if c is not None] for row in t.rows]
            for t in tables]
    laid: list[Word] = []
    true_boxes: dict[int, Word] = {}  # id of a value as laid out -> the widget's word at its own box
    stamps: list[Line] = []
    for widget in widget_texts(pdf_page, WORD_GAP):
        if widget.is_value:
            value = widget.words[0]
            on_line = on_host_line(value, words)
            laid.append(on_line)
            true_boxes[id(on_line)] = value
        else:
            stamps.extend(order_rows(group_rows(widget.words)))
    lines = page_lines(words + laid, rows)
    if true_boxes:
        lines = [_restore(line, true_boxes) for line in lines]
    # Stamps are an overlay, not part of the page's reading order: after the page's own lines, so a
    # stamp drawn above the header (SG19's `Số: 666/TTr-SNV; 22/12/2025; …`, SG12's `Cơ quan phát
    # hành: …`) is not read as the header.
    lines = lines + stamps
    return Page(
        number=number,
        width=float(pdf_page.width),
        height=float(pdf_page.height),
        source=SourceKind.TEXT_LAYER,
        lines=lines,
    )


def _without_invisible_rules(pdf_page: pdfplumber.page.Page) -> pdfplumber.page.Page | None:
    """The page without rectangles and rules nobody sees, for the table finder; None if no rule is left.

    Word-to-PDF converters paint white backgrounds: SG06 fills two white rectangles of 600 x 450 pt
    that cover the page and four white ones behind its paragraphs, and pdfplumber's `find_tables`
    returned them as one table holding the whole page (its header, body and signature read as cells).
    A rectangle is kept when its fill or its stroke shows on white paper and it does not cover the
    page; a rule is kept when its stroke shows.
    """
    area = float(pdf_page.width * pdf_page.height) or 1.0

    def visible(obj: dict) -> bool:
        kind = obj.get("object_type")
        if kind == "rect":
            covers = (obj["x1"] - obj["x0"]) * (obj["bottom"] - obj["top"]) >= PAGE_SIZE_SHARE * area
            stroked = bool(obj.get("stroke")) and not _is_white(obj.get("stroking_color"))
            filled = bool(obj.get("fill")) and not _is_white(obj.get("non_stroking_color"))
            return not covers and (stroked or filled)
        if kind == "line":
            return not _is_white(obj.get("stroking_color"))
        return True

    if not any(visible(o) for o in pdf_page.rects) and not any(visible(o) for o in pdf_page.lines):
        return None
    if all(visible(o) for o in pdf_page.rects) and all(visible(o) for o in pdf_page.lines):
        return pdf_page
    return pdf_page.filter(visible)


def _is_white(color: object) -> bool:
    """Paper white in gray (1), RGB (1, 1, 1) or CMYK (0, 0, 0, 0); no colour set means black."""
    if isinstance(color, int | float):
        color = (color,)
    if not isinstance(color, list | tuple) or not color or not all(isinstance(c, int | float) for c in color):
        return False
    if len(color) == 4:
        return all(c <= 0.05 for c in color)
    return all(c >= 0.95 for c in color)


def _words_of(chars: list[dict]) -> list[Word]:
    """One word from its characters, or two when it ends in a footnote mark (`kiến¹` -> `kiến`, `1`).

    A mark is a run of digits drawn smaller than the letter before it and raised above its baseline:
    SG18's `05 mô hình, sáng kiến1` sets its marks at 9 pt against 14 pt, 6.1 pt above the baseline.
    Glued to the word, the mark makes `kiến1`, a word no rule or lexicon knows.
    """
    end = len(chars)
    while end > 1 and not chars[end - 1]["text"].isalnum():
        end -= 1  # punctuation after the mark (SG18 `tỉnh2.`, `khác3.`) stays after it
    cut = end
    while cut > 1 and chars[cut - 1]["text"].isdigit():
        cut -= 1
    if 0 < cut < end:
        last = chars[cut - 1]
        mark = chars[cut:end]
        stem = "".join(c["text"] for c in chars[:cut])
        if last["text"].isalpha() and stem.lower() not in _POWERED_UNITS and all(
            c["size"] <= MARK_SIZE * last["size"] and last["bottom"] - c["bottom"] >= MARK_RAISE * last["size"]
            for c in mark
        ):
            rest = [_word(chars[end:])] if end < len(chars) else []
            return [_word(chars[:cut]), _word(mark, WordSource.FOOTNOTE_MARK), *rest]
    return [_word(chars)]


def _word(chars: list[dict], source: WordSource | None = None) -> Word:
    return Word(
        text="".join(c["text"] for c in chars),
        bbox=BBox(x0=min(c["x0"] for c in chars), y0=min(c["top"] for c in chars),
                  x1=max(c["x1"] for c in chars), y1=max(c["bottom"] for c in chars)),
        bold=_is_bold(chars),
        source=source,
    )


def _is_bold(chars: list[dict]) -> bool:
    """Most of the word's letters are drawn in a bold face (a word may mix two subsets of one font)."""
    bold = sum(1 for c in chars if "bold" in c["fontname"].lower())
    return bold * 2 > len(chars)


def on_host_line(value: Word, words: list[Word]) -> Word:
    """The stamped value with the top and bottom of the printed line it fills, for laying out the page.

    The host is the page word its box overlaps most vertically among those within a column gap across
    (the date line on the right, not the trích yếu on the left at the same height: SG01's day `15`).
    Widget text is drawn off the line's baseline (SG01's `12094` sits 10.6 pt above `Số:   /BNV-CCHC`
    and overlaps it by 3.3 pt of 14), so any overlap counts and the largest wins. With the host's top
    and bottom the value fills the blank it was stamped into, so the printed line stays one line
    (SG02's `Kèm theo Công văn số 12094/BNV-CCHC ngày 15/12/2025`). No host: the value as it is.
    """
    best: tuple[float, float, Word] | None = None
    for word in words:
        overlap = min(word.bbox.y1, value.bbox.y1) - max(word.bbox.y0, value.bbox.y0)
        distance = max(0.0, word.bbox.x0 - value.bbox.x1, value.bbox.x0 - word.bbox.x1)
        if overlap <= 0 or distance > COLUMN_GAP:
            continue
        if best is None or (overlap, -distance) > (best[0], -best[1]):
            best = (overlap, distance, word)
    if best is None:
        return value.model_copy()
    host = best[2].bbox
    return value.model_copy(update={"bbox": BBox(x0=value.bbox.x0, y0=host.y0, x1=value.bbox.x1, y1=host.y1)})


def _restore(line: Line, true_boxes: dict[int, Word]) -> Line:
    """The line with each laid-out value back at the widget's own box (provenance points where it is drawn)."""
    if not any(id(w) in true_boxes for w in line.words):
        return line
    return make_line([true_boxes.get(id(w), w) for w in line.words], is_table_row=line.is_table_row)


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
