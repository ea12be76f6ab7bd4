"""The PDF reader on real e-signed PDFs (../shared/realdocs/signed, see its SOURCE.md).

Every expectation is read off the printed page: what a reader of the paper sees on that line.
"""

from __future__ import annotations

from functools import cache

import pytest

from pipeline.ingest.pdf import read_pdf
from schemas.page import Page, WordSource
from tests.conftest import signed_pdf


@cache
def _pages(prefix: str) -> tuple[Page, ...]:
    return tuple(read_pdf(signed_pdf(prefix)))


@cache
def _first_page(prefix: str) -> Page:
    """Page 1 alone, from its text layer (SG02 has 27 pages of tables: reading them all costs 20 s)."""
    import pdfplumber

    from pipeline.ingest.pdf import _read_page

    with pdfplumber.open(signed_pdf(prefix)) as pdf:
        return _read_page(pdf.pages[0], 1)


def _line(page: Page, start: str) -> str:
    found = [ln.text for ln in page.lines if ln.text.startswith(start)]
    assert found, f"no line starting {start!r} on page {page.number}: {[ln.text for ln in page.lines[:15]]}"
    return found[0]


# --- 1. widgets: the number and the day the signing system stamps over the page -----------------------


@pytest.mark.parametrize(
    ("prefix", "number_line", "date_line"),
    [
        ("SG04", "Số: 1468 /STP-BTTP", "Lâm Đồng, ngày 13 tháng 11 năm 2025"),
        ("SG01", "Số: 12094 /BNV-CCHC", "Hà Nội, ngày 15 tháng 12 năm 2025"),  # number drawn 10 pt above its line
        ("SG14", "Số: 05 /TTr-SNV", "Lâm Đồng, ngày 06 tháng 01 năm 2026"),  # day, month and year all stamped
    ],
)
def test_stamped_number_and_day_read_into_their_printed_lines(prefix: str, number_line: str, date_line: str) -> None:
    page = _first_page(prefix)
    assert _line(page, "Số:") == number_line
    assert date_line in [ln.text for ln in page.lines]
    stamped = [w for ln in page.lines for w in ln.words if w.source is WordSource.WIDGET]
    assert stamped and all(w.text.isdigit() for w in stamped)


def test_stamped_value_keeps_the_box_it_is_drawn_in() -> None:
    """Provenance points where the widget draws the value, not at the printed line's box."""
    page = _first_page("SG01")
    number = next(w for ln in page.lines for w in ln.words if w.text == "12094")
    assert number.source is WordSource.WIDGET
    assert 85 < number.bbox.y0 < 92  # drawn above `Số:` (top 99.2)


def test_value_fills_the_blank_of_a_line_split_by_it() -> None:
    """SG02's annex subtitle stays one line with the stamped number, day and month in their blanks."""
    page = _first_page("SG02")
    assert _line(page, "(Kèm theo") == "(Kèm theo Công văn số 12094 /BNV-CCHC ngày 15 / 12 /2025 của Bộ Nội vụ)"


def test_signature_stamp_is_a_line_of_its_own_after_the_page() -> None:
    """SG12's stamp `Cơ quan phát hành: …` is drawn above the header: kept whole, after the page's own lines,
    so the header still starts with the issuer."""
    page = _first_page("SG12")
    assert page.lines[-1].text == "Cơ quan phát hành: VĂN PHÒNG CHÍNH PHỦ"
    assert all(w.source is WordSource.WIDGET for w in page.lines[-1].words)
    assert page.lines[0].text == "THỦ TƯỚNG CHÍNH PHỦ"


def test_unsigned_draft_keeps_its_blanks() -> None:
    """SG03 pp. 3-4: the attached unsigned letter has `Số:      /BTP-BTTP` and no widget: nothing invented."""
    page = _pages("SG03")[2]
    assert _line(page, "Số:") == "Số: /BTP-BTTP"
    assert not any(w.source for ln in page.lines for w in ln.words)


# --- 2. words by geometry, not by font subset ----------------------------------------------------------


def test_letters_from_a_second_font_subset_stay_in_their_word() -> None:
    """SG16 draws Vietnamese letters from a second subset of the same font (263 splits by font name)."""
    words = [w.text for page in _pages("SG16") for ln in page.lines for w in ln.words]
    assert "Bộ" in words and "Sở" in words
    singles = {w for w in words if len(w) == 1 and w.isalpha() and not w.isascii()}
    assert singles <= {"ở", "ý"}, singles  # the one-letter words the text has ("ở", "ý kiến")


def test_words_drawn_without_space_characters_are_split_by_their_gap() -> None:
    """SG03's trích yếu has no space characters: a 3 pt absolute tolerance glued it into one word."""
    page = _first_page("SG03")
    assert _line(page, "V/v") == "V/v hợp nhất TCXH-NN của công"


# --- 3-4. text layers that must be OCR'd instead -------------------------------------------------------


def test_page_with_unmapped_glyphs_is_sent_to_ocr_with_the_reason() -> None:
    """SG09 draws `UBND TỈNH BÌNH THUẬN` and the N of `Sở Nội vụ` with glyphs its text layer reads as spaces."""
    from pipeline.ingest.pdf import ocr_reasons

    reasons = ocr_reasons(signed_pdf("SG09"))
    assert "unmapped glyphs" in reasons[1]


def test_stripped_ocr_layer_is_read_again_by_ocr() -> None:
    """SG21's old OCR layer reads `ceNG HoA x,l ugr cnu Ncnin`: the page is OCR'd and says why."""
    page = _pages("SG21")[0]
    assert page.source.value == "ocr"
    assert any("without Vietnamese marks" in note for note in page.notes)
    text = " ".join(ln.text for ln in page.lines)
    assert "CỘNG HÒA" in text or "Độc lập" in text


def test_real_text_layers_are_kept() -> None:
    """Born-digital pages of every kind in the set keep their text layer (no needless OCR)."""
    from pipeline.ingest.pdf import ocr_reasons

    for prefix in ("SG08", "SG16", "SG20"):
        assert ocr_reasons(signed_pdf(prefix)) == {}, prefix


# --- 5. backgrounds are not tables ---------------------------------------------------------------------


def test_white_page_size_background_is_not_read_as_a_table() -> None:
    """SG06 paints two white 600 x 450 pt rectangles over the page: its header and body are lines, not cells."""
    page = _first_page("SG06")
    assert not any(ln.is_table_row for ln in page.lines)
    assert _line(page, "Số:") == "Số: 464 /STC-VP"
    assert "Lâm Đồng, ngày 15 tháng 01 năm 2026" in [ln.text for ln in page.lines]


def test_drawn_table_is_still_a_table() -> None:
    """SG18 p. 4 has a real ruled table (black rules): its rows keep their cells."""
    page = _pages("SG18")[3]
    rows = [ln for ln in page.lines if ln.is_table_row]
    assert len(rows) >= 3 and all("|" in ln.text for ln in rows)


# --- 6. footnote marks ---------------------------------------------------------------------------------


def test_footnote_mark_is_its_own_token() -> None:
    """SG18 p. 1 `05 mô hình, sáng kiến¹`: the raised 9 pt `1` is a mark, not part of `kiến`."""
    words = [w for ln in _pages("SG18")[0].lines for w in ln.words]
    at = next(i for i, w in enumerate(words) if w.text == "kiến" and words[i + 1].text == "1")
    mark = words[at + 1]
    assert mark.source is WordSource.FOOTNOTE_MARK
    assert mark.bbox.y1 < words[at].bbox.y1  # raised: the box is the mark's own
    assert "kiến1" not in [w.text for w in words]


def test_footnote_mark_before_a_full_stop() -> None:
    """SG18 p. 2 `trên địa bàn tỉnh².`: word, mark and stop, each its own characters."""
    texts = [ln.text for ln in _pages("SG18")[1].lines]
    assert any("địa bàn tỉnh 2 . Theo đó" in t for t in texts)
