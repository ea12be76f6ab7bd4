"""Page images made ready for Tesseract: upright, straight, and free of seals, ink and shading.

Each step records what it did in the page's notes, so a reviewer can see why
a box sits where it does. Chosen for speed on a 2-core machine: deskew is a
projection-profile search over a subsample of dark pixels, not a Hough
transform of the full image.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

TARGET_DPI = 300
# Pages under this resolution are upscaled to TARGET_DPI. Not 150-dpi pages: on the real ones (the Lào Cai
# scans and the signed PDFs rendered at 150 dpi, bench/ocr_real_diagnosis.md) the upscaled page read worse
# (bag WER 8.4 % against 6.3 % as given, LC set) and Tesseract's main call cost twice the CPU.
UPSCALE_BELOW = 140
# A page whose paper is this white everywhere (1st percentile of the background) and whose paper noise is at
# most NOISY is read as given after colour suppression and deskew: every real page of realdocs/scans and
# realdocs/signed (born-digital renders and the SG21-SG25 scans) has background >= 254 and noise 3-9, and
# flattening + whitening them lost words ("Bộ tr IrỚng Bộ Cổng T hương", LC_QD-1050 p1).
CLEAN_PAPER = 240
NOISY = 12
# Whitening (gray above 200 becomes paper) pays at 300 dpi, where it parts letters a scan's halo joins
# (SG24's "BỘ CÔNG AN" read "CÔNGAN" without it), and costs at 150 dpi, where thin strokes are that light.
WHITEN_FROM_DPI = 200
_WHITEN = np.clip(np.arange(256) * 255.0 / 200.0, 0, 255).astype(np.uint8)
# The largest colour spread that still counts as gray, by brightness: spread > (70 * brightest) // 255
# exactly when spread * 255 > brightest * 70 (spread is an integer).
_SATURATED = (np.arange(256) * 70 // 255).astype(np.uint8)
MAX_SKEW = 5.0  # degrees searched either way
_SKEW_STEP = 0.1
EDGE = 0.03  # share of the width and height at each edge left out of the skew estimate


@dataclass
class Prepared:
    """A grayscale page image for OCR and how it relates to the input."""

    image: np.ndarray  # uint8 grayscale, upright and deskewed
    dpi: float
    notes: list[str] = field(default_factory=list)


def to_array(image: Image.Image | np.ndarray) -> np.ndarray:
    """uint8 array of any page image: RGB for colour, 2-D for gray (palette, RGBA, 16-bit, bilevel too)."""
    if isinstance(image, np.ndarray):
        return image
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    return np.asarray(image)


def suppress_colour(rgb: np.ndarray) -> tuple[np.ndarray, float]:
    """Grayscale in which coloured ink (red seals, blue signatures) fades to paper.

    A coloured pixel takes its brightest channel: pure seal red (210, 25, 35)
    becomes light gray 210, while black print under the seal, dark red at
    most, stays dark. Returns the grayscale image and the share of pixels
    treated as coloured.

    Every step is an 8-bit OpenCV kernel on single planes: numpy's reductions
    over the colour axis and 16-bit temporaries took half a second a page,
    more than all the other preprocessing together; this gives the same bytes
    in a tenth of the time.
    """
    red, green, blue = cv2.split(rgb)
    brightest = cv2.max(cv2.max(red, green), blue)
    spread = cv2.subtract(brightest, cv2.min(cv2.min(red, green), blue))
    del red, green, blue
    # saturation above 70/255: spread * 255 > brightest * 70, as a per-brightness threshold table
    coloured = cv2.compare(spread, cv2.LUT(brightest, _SATURATED), cv2.CMP_GT)
    del spread
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    count = cv2.countNonZero(coloured)
    if count:
        cv2.copyTo(brightest, coloured, gray)
    return gray, count / coloured.size


def _background(gray: np.ndarray) -> np.ndarray:
    """The paper without the print, at an eighth of the size: a closing wipes out the letters."""
    small = cv2.resize(gray, None, fx=0.125, fy=0.125, interpolation=cv2.INTER_AREA)
    return cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))


def _clean(gray: np.ndarray, background: np.ndarray) -> bool:
    """White, even paper without speckle: nothing for flattening, whitening or denoising to do."""
    return _darkest_paper(background) >= CLEAN_PAPER and noise_level(gray) <= NOISY


def _darkest_paper(background: np.ndarray) -> int:
    """The gray level that 1 % of the paper is darker than, from a histogram of the 8-bit levels.

    Counted rather than taken with `np.percentile`, which imports numpy.ma: 0.05 s CPU of the start of
    every `vanban text` process, a tenth of what plain Tesseract spends on a whole 150-dpi page.
    """
    below = np.bincount(background.ravel(), minlength=256).cumsum()
    return int(np.searchsorted(below, 0.01 * background.size))


def flatten_background(gray: np.ndarray, background: np.ndarray | None = None) -> np.ndarray:
    """Divide out uneven lighting (a shadowed edge, a photo's vignette) so one threshold fits the page."""
    background = _background(gray) if background is None else background
    background = cv2.resize(cv2.GaussianBlur(background, (0, 0), 3), (gray.shape[1], gray.shape[0]))
    return cv2.divide(gray, np.maximum(background, 1), scale=255)


def noise_level(gray: np.ndarray) -> float:
    """Standard deviation of the paper: speckle and sensor noise, measured where there is no ink.

    A mask and one OpenCV pass, not a boolean-indexed copy of most of the page.
    """
    paper = cv2.compare(gray, 180, cv2.CMP_GT)
    if not cv2.countNonZero(paper):
        return 0.0
    return float(cv2.meanStdDev(gray, mask=paper)[1][0, 0])


def skew_angle(gray: np.ndarray) -> float:
    """How far the page is rotated (degrees, counter-clockwise positive); `rotate(gray, -angle)` levels it.

    For each candidate angle the dark pixels are projected onto the rotated
    vertical axis; text lines give the sharpest histogram when level.
    """
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    # the scanner's dark border along an edge is level with the image, not with the text, and it
    # outweighs a table's worth of print: the page's outer margin, where no text is, is left out
    margin_y, margin_x = round(small.shape[0] * EDGE), round(small.shape[1] * EDGE)
    small = small[margin_y:small.shape[0] - margin_y, margin_x:small.shape[1] - margin_x]
    ys, xs = np.nonzero(small < 128)
    if len(xs) < 200:
        return 0.0
    if len(xs) > 60_000:
        pick = np.random.default_rng(0).choice(len(xs), 60_000, replace=False)
        xs, ys = xs[pick], ys[pick]
    xs = xs - xs.mean()
    height = small.shape[0] + small.shape[1]

    def sharpness(angle: float) -> float:
        projected = (ys + xs * np.tan(np.deg2rad(angle))).astype(np.int64)
        counts = np.bincount(projected - projected.min(), minlength=height).astype(np.float64)
        return float((counts**2).sum())

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, _SKEW_STEP), key=sharpness)
    # a 0.1° error tilts a ruled table line by 3-4 px across the page: refine to 0.02°
    return float(max(np.arange(coarse - _SKEW_STEP, coarse + _SKEW_STEP + 1e-9, 0.02), key=sharpness))


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """Rotate about the centre, keeping the whole page and filling with paper white."""
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += new_w / 2 - w / 2
    matrix[1, 2] += new_h / 2 - h / 2
    return cv2.warpAffine(gray, matrix, (new_w, new_h), flags=cv2.INTER_LINEAR, borderValue=255)


ROTATED_NOTE = "rotated {}° clockwise to upright"  # the page's note when OCR turned it; `turn_in_notes` reads it
_ROTATED = re.compile("^" + re.escape(ROTATED_NOTE).replace(re.escape("{}"), r"(\d+)") + "$")


def turn_in_notes(notes: list[str]) -> int:
    """The clockwise turn OCR gave a page, from its notes (0 if none): to show the page as OCR read it."""
    for note in notes:
        found = _ROTATED.match(note)
        if found:
            return int(found.group(1))
    return 0


def prepare(image: Image.Image | np.ndarray, dpi: float, orientation: int = 0) -> Prepared:
    """Colour suppression, upscaling of low-resolution scans, lighting and denoise where the paper needs
    them, and deskew.

    `orientation` is the clockwise rotation (0/90/180/270) the page needs, as
    found by Tesseract's OSD; the caller detects it once on a small image.
    """
    notes = []
    pixels = to_array(image)
    del image  # the caller handed the page over: let its full-colour copy go now
    if pixels.ndim == 2:
        gray, coloured = pixels, 0.0
    else:
        gray, coloured = suppress_colour(pixels)
    del pixels
    if coloured > 0.0005:
        notes.append(f"removed coloured ink (seal, signature): {coloured:.2%} of pixels")
    if orientation:
        gray = np.rot90(gray, k=-orientation // 90).copy()
        notes.append(ROTATED_NOTE.format(orientation))
    if dpi < UPSCALE_BELOW:
        factor = TARGET_DPI / dpi
        gray = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
        notes.append(f"upscaled {dpi:.0f} -> {TARGET_DPI} dpi")
        dpi = TARGET_DPI
    background = _background(gray)
    clean = _clean(gray, background)
    if not clean:
        gray = flatten_background(gray, background)
    if not clean or dpi >= WHITEN_FROM_DPI:
        gray = cv2.LUT(gray, _WHITEN)  # faded ink (a seal's ring, paper texture) above 200 becomes paper
    if not clean:
        noise = noise_level(gray)
        if noise > NOISY:
            gray = cv2.medianBlur(gray, 3)
            notes.append(f"denoised (paper noise {noise:.0f})")
    angle = skew_angle(gray)
    if abs(angle) >= 0.15:
        gray = rotate(gray, -angle)
        notes.append(f"deskewed {angle:+.1f}°")
    return Prepared(gray, dpi, notes)
