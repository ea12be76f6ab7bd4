"""Ruled tables in page images: the cell grid from the printed lines, for OCR'd pages.

Appendix tables (assignments, targets) are printed with rules. A PDF's text
layer gives those rules to pdfplumber; a scan only has pixels, so the rules
are found with morphology (long thin horizontal and vertical runs of ink)
and OCR words are sorted into the cells they fall in, then read like a text
layer's table rows.
"""

from __future__ import annotations

import cv2
import numpy as np

from schemas.page import BBox

Cell = BBox
Table = list[list[Cell]]  # rows of cells, page coordinates (points)

_MIN_TABLE_AREA = 0.01  # of the page
# Gray level below which a pixel may belong to a rule. Thin rules of a worn or unevenly lit scan come out
# at 180-200 after preprocessing (which turns everything above 200 into paper); only long straight runs
# of such pixels count, so paper noise at that level does not make rules.
RULE_INK = 210
_PRESENT = 0.6  # share of a row band a vertical rule must cover to separate two cells there


def find_cells(gray: np.ndarray, scale: float) -> list[Table]:
    """Tables on a grayscale page as rows of cell boxes in points (`scale` = points per pixel)."""
    ink = (gray < RULE_INK).astype(np.uint8) * 255
    h, w = ink.shape
    # close small breaks (noise, JPEG) along each direction, keep only long runs, then thicken across the
    # run so a rule tilted by a pixel or two still projects onto one band
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 1)))
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (w // 25, 1)))
    horizontal = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 5)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 9)))
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, h // 60)))
    vertical = cv2.dilate(vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 1)))
    if cv2.countNonZero(horizontal) == 0 or cv2.countNonZero(vertical) == 0:
        return []
    grid = cv2.dilate(horizontal | vertical, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(grid, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    tables = []
    for contour in contours:
        x, y, cw, ch = cv2.boundingRect(contour)
        if cw * ch < _MIN_TABLE_AREA * w * h:
            continue
        table = _cells(horizontal[y:y + ch, x:x + cw], vertical[y:y + ch, x:x + cw], x, y, scale)
        if len(table) >= 2:
            tables.append(table)
    return sorted(tables, key=lambda t: t[0][0].y0)


def _positions(profile: np.ndarray, threshold: float) -> list[int]:
    """Centres of the runs of `profile` above `threshold` (one per printed rule)."""
    above = np.flatnonzero(profile > threshold)
    if above.size == 0:
        return []
    runs = np.split(above, np.flatnonzero(np.diff(above) > 3) + 1)
    return [int(run.mean()) for run in runs]


def _cells(horizontal: np.ndarray, vertical: np.ndarray, x0: int, y0: int, scale: float) -> Table:
    height, width = horizontal.shape
    rows_at = _positions(horizontal.sum(axis=1) / 255, width * 0.4)
    cols_at = _positions(vertical.sum(axis=0) / 255, height * 0.15)
    if len(rows_at) < 2 or len(cols_at) < 2:
        return []
    table: Table = []
    for top, bottom in zip(rows_at, rows_at[1:], strict=False):
        if bottom - top < 8:
            continue
        band = vertical[top:bottom]
        present = [c for c in cols_at if band[:, max(0, c - 3):c + 4].max(axis=1).mean() / 255 >= _PRESENT]
        if len(present) < 2:
            continue
        table.append([
            BBox(x0=(x0 + a) * scale, y0=(y0 + top) * scale, x1=(x0 + b) * scale, y1=(y0 + bottom) * scale)
            for a, b in zip(present, present[1:], strict=False)
        ])
    return table
