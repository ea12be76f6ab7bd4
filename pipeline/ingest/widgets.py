"""Text the e-signing system stamps over a page as form-field widgets, read into words.

The government signing system (VGCA) fills the number and the day of a signed
document (sometimes the month and the year too) into signature widgets laid
over the page: the page's own content reads `Số:      /STP-BTTP` and
`ngày   tháng 11 năm 2025`, and the values live only in each widget's
appearance stream (`/AP /N`). pdfminer, and so pdfplumber, read page content
only; poppler's `pdftotext` prints the values. Seen in 13 of the 20 signed
PDFs of `realdocs/signed` (SG01, SG02, SG04-SG07, SG10, SG13-SG16, SG18, SG19;
see its SOURCE.md).

Each appearance stream is run through pdfminer's own interpreter, placed at
its widget's box as the PDF specification places it (the form's BBox through
its Matrix, mapped onto the annotation's Rect), so its characters come out in
page coordinates with their real Unicode. The widget's `/V` is of no use here:
for a signature field it is the signature dictionary, not the printed value.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from pipeline.text.textcheck import is_unmapped_glyph
from schemas.page import BBox, Word, WordSource

if TYPE_CHECKING:
    import pdfplumber

#: Annotation flags (PDF 32000 §12.5.3) that keep an annotation off the displayed page.
_HIDDEN = 2
_NO_VIEW = 32


@dataclass
class WidgetText:
    """The words one widget shows, and whether they are one stamped value or a stamp of several words."""

    words: list[Word]

    @property
    def is_value(self) -> bool:
        """One token (`12094`, `15`, `2026`): a value filled into a printed line.

        The signing system's stamps hold several words (SG12 `Cơ quan phát hành: VĂN PHÒNG CHÍNH PHỦ`,
        SG19 `Số: 666/TTr-SNV; 22/12/2025; 18:56:39; +07:00`, SG20 `Digitally signed by …`): they are
        read as lines of their own, never merged into a body line.
        """
        return len(self.words) == 1


def widget_texts(pdf_page: pdfplumber.page.Page, word_gap: float) -> list[WidgetText]:
    """The text of every visible widget on the page that shows some (seals and signature images show none).

    `word_gap` is the gap, as a share of the font size, above which two characters are two words
    (the reader's own rule for page text, so widget and page words split alike).
    """
    page_obj = pdf_page.page_obj
    raw = _resolve(page_obj.annots)
    if not raw or (getattr(page_obj, "rotate", 0) or 0) % 360:
        return []
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    _, _, _, mb_top = (float(v) for v in page_obj.mediabox)
    mb_left = float(page_obj.mediabox[0])
    found = []
    for annot in raw if isinstance(raw, list) else []:
        annot = _resolve(annot)
        if not isinstance(annot, dict) or _name(annot.get("Subtype")) != "Widget":
            continue
        if int(_resolve(annot.get("F")) or 0) & (_HIDDEN | _NO_VIEW):
            continue
        chars = _appearance_chars(annot, interpreter, device)
        chars = [_as_char(c, mb_left, mb_top) for c in chars
                 if c.get_text().strip() and not is_unmapped_glyph(c.get_text(), c.width, c.size)]
        if chars:
            words = _words(chars, word_gap)
            if words:
                found.append(WidgetText(words))
    return found


def _appearance_chars(annot: dict[str, Any], interpreter: Any, device: Any) -> list[Any]:
    """pdfminer's characters of the annotation's normal appearance, in PDF user space."""
    from pdfminer.layout import LTChar
    from pdfminer.pdftypes import PDFStream
    from pdfminer.utils import apply_matrix_pt, mult_matrix

    appearance = _resolve(annot.get("AP"))
    if not isinstance(appearance, dict):
        return []
    normal = _resolve(appearance.get("N"))
    if isinstance(normal, dict):  # appearance states (check boxes): the one in /AS is shown
        normal = _resolve(normal.get(_name(annot.get("AS")) or ""))
    rect = _numbers(annot.get("Rect"), 4)
    if not isinstance(normal, PDFStream) or rect is None:
        return []
    box = _numbers(normal.get("BBox"), 4)
    matrix = _numbers(normal.get("Matrix"), 6) or [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    if box is None:
        return []
    corners = [apply_matrix_pt(tuple(matrix), (x, y)) for x in (box[0], box[2]) for y in (box[1], box[3])]
    bx0, bx1 = min(p[0] for p in corners), max(p[0] for p in corners)
    by0, by1 = min(p[1] for p in corners), max(p[1] for p in corners)
    rx0, rx1 = min(rect[0], rect[2]), max(rect[0], rect[2])
    ry0, ry1 = min(rect[1], rect[3]), max(rect[1], rect[3])
    if bx1 <= bx0 or by1 <= by0 or rx1 <= rx0 or ry1 <= ry0:
        return []  # a zero-size widget (SG19's first signature field) shows nothing
    sx, sy = (rx1 - rx0) / (bx1 - bx0), (ry1 - ry0) / (by1 - by0)
    to_rect = (sx, 0.0, 0.0, sy, rx0 - bx0 * sx, ry0 - by0 * sy)
    ctm = mult_matrix(tuple(matrix), to_rect)
    device.begin_page(SimpleNamespace(pageid=0, mediabox=(0, 0, rx1, ry1)), (1, 0, 0, 1, 0, 0))
    interpreter.render_contents(_resolve(normal.get("Resources")) or {}, [normal], ctm=ctm)
    device.end_page(None)
    return [item for item in _walk(device.get_result()) if isinstance(item, LTChar)]


def _walk(item: Any) -> Any:
    yield item
    if hasattr(item, "__iter__"):
        for child in item:
            yield from _walk(child)


def _as_char(char: Any, left: float, top: float) -> dict[str, Any]:
    """A pdfminer character as pdfplumber's character dict (top-left origin), marked as a widget's."""
    y_top = top - char.y1
    return {"text": char.get_text(), "x0": char.x0 - left, "x1": char.x1 - left, "top": y_top,
            "bottom": top - char.y0, "doctop": y_top, "upright": bool(char.upright), "size": char.size,
            "fontname": char.fontname}


def _words(chars: list[dict[str, Any]], word_gap: float) -> list[Word]:
    from pdfplumber.utils.text import WordExtractor

    extractor = WordExtractor(x_tolerance_ratio=word_gap)
    return [
        Word(text=w["text"], bbox=BBox(x0=w["x0"], y0=w["top"], x1=w["x1"], y1=w["bottom"]),
             source=WordSource.WIDGET)
        for w in extractor.extract_words(chars)
        if w["text"].strip()
    ]


def _resolve(value: Any) -> Any:
    from pdfminer.pdftypes import resolve1

    return resolve1(value)


def _name(value: Any) -> str | None:
    value = _resolve(value)
    name = getattr(value, "name", value)
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    return name if isinstance(name, str) else None


def _numbers(value: Any, count: int) -> list[float] | None:
    value = _resolve(value)
    if not isinstance(value, list | tuple) or len(value) != count:
        return None
    try:
        return [float(_resolve(v)) for v in value]
    except (TypeError, ValueError):
        return None
