"""OCR misreads that decide values: symbols the model lacks, merged numerals, specks, weak lines.

Each check is driven by real pixels (text drawn with the samples' font at
300 dpi) or by the OCR tokens as Tesseract gives them, and asserts what a
reviewer would otherwise find wrong in the extraction: a "≥ 80%" target
turned "> 80", "Quý III/2026" lost, a unit name cut by a speck.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.ocr.engine import _speck
from pipeline.ocr.glyphs import Token, second_look
from pipeline.ocr.misreads import fix_misreads
from pipeline.text.normalize import normalize_text
from samples.make_samples import FONT_DIR
from schemas.page import BBox, Line, Page, SourceKind, Word

FONT = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Regular.ttf"), 50)  # 12 pt at 300 dpi


def _drawn(text: str) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A gray image of `text` and the ink box (left, top, width, height) of the text."""
    image = Image.new("L", (900, 160), 255)
    ImageDraw.Draw(image).text((40, 40), text, font=FONT, fill=0)
    pixels = np.asarray(image)
    ys, xs = np.nonzero(pixels < 170)
    return pixels, (int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1))


@pytest.mark.parametrize(("drawn", "read", "expected"), [
    ("≥", ">", "≥"), ("≤", "<", "≤"), (">", ">", ">"), ("<", "<", "<"), ("≥80", ">80", "≥80")])
def test_comparison_sign_is_told_by_the_bar_under_it(drawn, read, expected):
    """Tesseract's `vie` model has no ≥/≤: it reads '>'; the bar in the image decides."""
    pixels, (left, top, width, height) = _drawn(drawn)
    tokens = [Token(read, 0.93, left, top, width, height, line=(1, 1, 1))]
    second_look(pixels, tokens, "vie", 30)
    assert tokens[0].text == expected
    if expected != read:
        assert tokens[0].original == read and "bar" in tokens[0].repair


@pytest.mark.parametrize(("drawn", "read", "expected"), [
    ("III/2026", "IH/2026", "III/2026"), ("III/2026.", "IIH/2026.", "III/2026."), ("II/2026", "IH/2026", "II/2026"),
    ("II/2026", "Il/2026", "II/2026")])
def test_quarter_numeral_stems_are_counted(drawn, read, expected):
    pixels, (left, top, width, height) = _drawn(drawn)
    tokens = [Token("Quý", 0.93, 0, top, 30, height, line=(1, 1, 1)),
              Token(read, 0.78, left, top, width, height, line=(1, 1, 1))]
    second_look(pixels, tokens, "vie", 30)
    assert tokens[1].text == expected
    assert tokens[1].original == read


@pytest.mark.parametrize(("before", "drawn"), [("Tháng", "IH/2026"), ("Quý", "1/2026")])
def test_numeral_outside_a_quarter_or_arabic_is_left_alone(before, drawn):
    pixels, (left, top, width, height) = _drawn(drawn)
    tokens = [Token(before, 0.93, 0, top, 30, height, line=(1, 1, 1)),
              Token(drawn, 0.78, left, top, width, height, line=(1, 1, 1))]
    second_look(pixels, tokens, "vie", 30)
    assert tokens[1].text == drawn and tokens[1].original is None


def _token(text: str, confidence: float, width: int = 40, height: int = 40) -> Token:
    return Token(text, confidence, 0, 0, width, height, line=(1, 1, 1))


@pytest.mark.parametrize(("token", "in_text", "dropped"), [
    (_token("-", 0.46, width=30, height=5), True, False),   # the dash of "Tổ chức - Pháp chế", read weakly
    (_token("-", 0.46, width=6, height=5), True, True),     # a round speck read as a dash
    (_token("-", 0.57, width=10, height=51), True, True),   # a piece of table rule
    (_token("95", 0.37), True, False),                      # a target's number
    (_token("Phòng", 0.0), True, False),                    # a real word beside a table rule
    (_token("ANG", 0.0), False, True),                      # a signature's scribble, alone on its line
    (_token("(b/€);", 0.22), True, False),                  # kept for the misread fix
    (_token("(b/€);", 0.22), False, True),
    (_token("¬", 0.45), False, True),
    (_token("≥", 0.9), True, False),
])
def test_specks_are_told_from_print_by_kind_and_shape(token, in_text, dropped):
    assert _speck(token, in_text, text_height=40) is dropped


def test_a_box_over_several_lines_is_not_a_word():
    """A signature read as "441," with a box as tall as three lines would merge the recipients beside it."""
    assert _speck(_token("441,", 0.51, width=400, height=165), True, text_height=33)
    assert not _speck(_token("441,", 0.51, width=80, height=33), True, text_height=33)


def _ocr_page(*lines: list[tuple[str, float]]) -> Page:
    out = []
    for y, words in enumerate(lines):
        out.append(Line(words=[Word(text=t, confidence=c, bbox=BBox(x0=10 * x, y0=12 * y, x1=10 * x + 8, y1=12 * y + 10))
                               for x, (t, c) in enumerate(words)], bbox=BBox(x0=0, y0=12 * y, x1=100, y1=12 * y + 10)))
    return Page(number=1, width=600, height=800, source=SourceKind.OCR, lines=out)


def _texts(page: Page) -> list[str]:
    return [line.text for line in page.lines]


def test_speck_read_as_a_stop_before_lower_case_is_dropped():
    page = fix_misreads(_ocr_page([("phối", .96), ("hợp", .96), ("với", .96), ("Sở", .96), ("Tài", .96),
                                   ("chính", .96), ("thẩm.", .91)], [("định", .96), ("dự", .96), ("toán.", .96)],
                                  [("Giao", .96), ("Sở", .96)]))
    assert _texts(page) == ["phối hợp với Sở Tài chính thẩm", "định dự toán.", "Giao Sở"]
    word = page.lines[0].words[-1]
    assert word.original == "thẩm." and word.repair and word.confidence <= 0.85


def test_euro_in_an_abbreviation_and_letter_for_a_heading_number():
    page = fix_misreads(_ocr_page([("-", .9), ("Bộ", .96), ("Nội", .96), ("vụ", .96), ("(b/€);", .22)],
                                  [("S.", .29), ("Các", .97), ("Ban", .96)],
                                  [("S.", .95), ("Các", .97)], [("giá", .96), ("100", .96), ("€", .9)]))
    assert _texts(page) == ["- Bộ Nội vụ (b/c);", "5. Các Ban", "S. Các", "giá 100 €"]


def test_text_layer_pages_are_not_touched():
    page = _ocr_page([("thẩm.", .91)], [("định", .96)]).model_copy(update={"source": SourceKind.TEXT_LAYER})
    assert fix_misreads(page) is page


def test_eth_is_read_as_vietnamese_d_with_stroke():
    assert normalize_text("12-NQ/ÐU") == "12-NQ/ĐU"
    assert normalize_text("ðồng") == "đồng"


@pytest.mark.parametrize(("read", "printed"), [
    # tokens as vanban or plain Tesseract read them on real pages (bench/ocr_real_diagnosis.md), as printed
    ("1050/0Đ-SCT)", "1050/QĐ-SCT)"),  # LC_KH-1105 p5: 0 for Q in the type code
    ("820/0Đ-UBND", "820/QĐ-UBND"),  # SG10 p1
    ("820/OĐ-UBND", "820/QĐ-UBND"),
    ("23/2024/T1-BCT", "23/2024/TT-BCT"),  # LC_QD-1050 p1
    ("856/QĐĐ-TTg", "856/QĐ-TTg"),  # a doubled letter in the type code
    ("2575/5NV-TCCC", "2575/SNV-TCCC"),  # SG17 p4: an issuer code never opens with a digit
    ("I178/QĐ-BTP", "1178/QĐ-BTP"),  # SG04 p1
    ("§§0/STP-BTTP", "880/STP-BTTP"),  # SG13 p1
    ("Số:2l6", "Số:216"),  # SG07 p1 (plain Tesseract too)
    ("3l-HD/BTCTW", "31-HD/BTCTW"),  # SG03 p1: a Party number
    ("§0%", "80%"),
    ("Số:329_", "Số:329"),
])
def test_numbers_and_symbols_misread_on_real_pages_are_repaired(read, printed):
    page = fix_misreads(_ocr_page([("theo", .96), (read, .6), ("ngày", .96)]))
    word = page.lines[0].words[1]
    assert word.text == printed
    assert word.original == read and word.repair and word.confidence <= 0.6


@pytest.mark.parametrize("text", ["Quý II/2026", "Quý I/2026", "I.1", "mô hình 5S", "(IC15)", "IV/2024.",
                                  "215/SNV-CCHC&VTLT", "10797/QĐ-HĐTĐ", "03/BCĐX-CAT(PC04)", "ISO 9001:2015",
                                  "1.000 tỷ", "98%"])
def test_numbers_and_symbols_read_right_are_left_alone(text):
    page = _ocr_page([(t, .9) for t in text.split()])
    assert fix_misreads(page) is page
