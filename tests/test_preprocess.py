"""Page geometry on scans that are worn or badly placed: the skew under a dark border, faint table rules.

Both failures lost a whole appendix table on the harsh Ninh Bình scan: the
scanner's dark edge made the page look level, and the table's rules were too
light to be found, so every target and assignment in it was missed.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.ocr.preprocess import rotate, skew_angle
from pipeline.ocr.table_grid import find_cells
from samples.make_samples import FONT_DIR

FONT = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Regular.ttf"), 42)


def _text_page() -> np.ndarray:
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    for row in range(40):
        draw.text((250, 300 + row * 70), "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trước và đúng hạn 98%",
                  font=FONT, fill=0)
    return np.asarray(page)


def test_skew_is_measured_on_the_text_not_on_a_dark_scanner_edge():
    tilted = rotate(_text_page(), 1.8)
    tilted[:60] = 40  # the scanner's lid shadow along the top: level with the image, not with the text
    assert abs(skew_angle(tilted) - 1.8) < 0.1


def _grid(rule_gray: int) -> np.ndarray:
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    left, right, top = 300, 2200, 600
    for row in range(6):
        draw.line((left, top + row * 140, right, top + row * 140), fill=rule_gray, width=3)
    for x in (left, 500, 1500, 1900, right):
        draw.line((x, top, x, top + 5 * 140), fill=rule_gray, width=3)
    return np.asarray(page)


def test_faint_table_rules_are_found():
    for gray in (60, 195):  # a crisp print, and rules left light by a worn or unevenly lit scan
        tables = find_cells(_grid(gray), 72 / 300)
        assert len(tables) == 1, gray
        assert len(tables[0]) == 5 and all(len(row) == 4 for row in tables[0])


def test_paper_at_the_whitening_level_makes_no_rules():
    noise = np.random.default_rng(0).normal(225, 12, (3508, 2480)).clip(0, 255).astype(np.uint8)
    assert find_cells(noise, 72 / 300) == []
