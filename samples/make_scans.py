#!/usr/bin/env python3
"""Turn the born-digital sample plans into deterministic "office scans" for the OCR path.

Why this script exists: the OCR stage must meet what offices actually send: a
printed plan, signed in blue ink, stamped with a red seal over the signature,
then fed through a scanner that tilts the page, blurs and adds noise, lights it
unevenly and saves it as JPEG inside an image-only PDF (or as a fax-style
multi-page TIFF).  Scanning real plans would leak real documents into the repo
and give no ground truth; degrading ``samples/plans/*.pdf`` instead keeps every
fact known (``samples/expected/*.json`` still applies) and every defect
measurable (skew, seal position, ... are written beside each output).

Three levels (``LEVELS``):

* ``clean``: off-white paper, very light noise, skew <= 0.3 deg; OCR should be
  nearly perfect.  No seal and no signature (the easy baseline).
* ``noisy``: skew 0.5-1.5 deg (either sign), noise, blur, JPEG q55-65, a red
  seal over the left part of the title and the name, a blue signature.
* ``harsh``: skew 1.5-3 deg, heavy noise, uneven light, more blur, JPEG
  q38-45, seal and signature, dust and a dark scanner-lid strip on one edge.

Every random choice comes from a numpy ``Generator`` seeded by file name, page
and level, and only bit-exact operations touch the pixels (8-bit OpenCV
kernels, Pillow, IEEE element-wise numpy arithmetic; no transcendental numpy
functions on arrays), so the output bytes are the same on every run.

Usage::

    python samples/make_scans.py                          # all levels into samples/scans/out
    python samples/make_scans.py --levels clean,noisy --out /tmp/scans
    python samples/make_scans.py --commit                 # rewrite the small files in samples/scans/
    python samples/make_scans.py --check                  # exit 1 if those are stale
    python samples/make_scans.py --reports                # scanned unit reports -> samples/scans/out/reports

Unit reports whose source says ``scan: <level>`` (``samples/sources/reports/``)
reach their report set only as a scan: ``scan_reports`` renders the source
with ``make_samples.py`` and scans it; ``report_set`` assembles a whole set
(committed renders plus those scans) in one folder, ready for ``vanban run``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import io
import json
import math
import multiprocessing
import os
import pickle
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

SAMPLES_DIR = Path(__file__).resolve().parent
PLANS_DIR = SAMPLES_DIR / "plans"
SCANS_DIR = SAMPLES_DIR / "scans"
DEFAULT_OUT = SCANS_DIR / "out"  # generated, git-ignored (the repo's ``out/`` pattern)
REPORTS_OUT = DEFAULT_OUT / "reports"  # scanned unit reports: <set>/<name>.pdf (+ _born/ renders)
REPORTS_DIR = SAMPLES_DIR / "reports"  # committed report renders: <set>/<name>.pdf|docx
FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
SEAL_FONT = FONT_DIR / "LiberationSans-Bold.ttf"

DPI = 300
MM = DPI / 25.4  # pixels per millimetre
LEVELS = ("clean", "noisy", "harsh")
SEED_SAMPLE = "seed_19-KH-SVHTTDL"  # the rotated page comes from the seed plan, page 1
TIFF_SAMPLE = "tanhiep_draft-KH-UBND"  # the 2-page commune plan becomes the multi-page TIFF
TIFF_THRESHOLD = 150  # fixed like a B/W office scanner: the red seal and blue ink turn black
SEAL_RGB = (200, 30, 40)
INK_RGB = (30, 50, 165)
PRODUCER = "vanban samples/make_scans.py"
# Spawned workers import this file under this name (it is a data folder, not a package).
WORKER_MODULE = "make_scans"
# Title words that open the signature block (the line above the space for signature and seal).
SIGN_TITLES = ("GIÁM ĐỐC", "CHỦ TỊCH", "TRƯỞNG", "BÍ THƯ", "CHÁNH VĂN PHÒNG", "TỔNG")


@dataclass(frozen=True)
class LevelSpec:
    """How hard a level degrades a page; ranges are drawn per page from its seeded generator."""

    skew: tuple[float, float]  # |angle| in degrees, sign drawn separately
    blur: tuple[float, float]  # Gaussian sigma in pixels
    noise: float  # luminance noise sigma (0-255 scale)
    chroma: float  # per-channel noise sigma
    jpeg: tuple[int, int]  # quality, inclusive
    ink: float  # darkest toner level: a scanner never records pure black
    paper: tuple[float, float, float]  # paper colour
    texture: float  # amplitude of the paper's blotchy shading
    stamped: bool  # signature and seal on the signature page
    lighting: tuple[float, float] = (0.0, 0.0)  # depth of the one-sided darkening
    dust: tuple[int, int] = (0, 0)  # number of dark specks
    lid_strip: bool = False  # dark band along one edge (the page did not cover the glass)


LEVEL_SPECS: dict[str, LevelSpec] = {
    "clean": LevelSpec(
        skew=(0.05, 0.3), blur=(0.35, 0.45), noise=2.0, chroma=0.6, jpeg=(88, 90),
        ink=28.0, paper=(248.0, 246.0, 240.0), texture=0.006, stamped=False,
    ),
    "noisy": LevelSpec(
        skew=(0.5, 1.5), blur=(0.6, 0.8), noise=7.0, chroma=2.0, jpeg=(55, 65),
        ink=42.0, paper=(241.0, 237.0, 226.0), texture=0.015, stamped=True, dust=(20, 60),
    ),
    "harsh": LevelSpec(
        skew=(1.5, 3.0), blur=(0.9, 1.2), noise=15.0, chroma=4.0, jpeg=(38, 45),
        ink=58.0, paper=(233.0, 226.0, 210.0), texture=0.03, stamped=True,
        lighting=(0.28, 0.42), dust=(300, 700), lid_strip=True,
    ),
}


# --------------------------------------------------------------------------- randomness


def page_seed(name: str, page: int, level: str) -> int:
    """The seed of one page: from the file name (not its folder), the 1-based page and the level.

    Keyed on the name so a copy of a plan elsewhere scans identically, and on
    page and level so pages and levels do not share noise.
    """
    digest = hashlib.sha256(f"vanban-scan|{name}|{page}|{level}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _rngs(seed: int, count: int) -> list[np.random.Generator]:
    """Independent generators per effect, so adding an effect later does not reshuffle the others."""
    return [np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(count)]


def _q(value: float, places: int = 6) -> float:
    """Round a float from math.sin/cos so a last-ulp libm difference cannot move a pixel."""
    return round(value, places)


@dataclass
class PageParams:
    """What was done to one page, in output pixels (after skew and rotation): the ground truth.

    ``skew_deg`` is the counter-clockwise rotation of the content as seen on
    screen (OpenCV's convention); a deskewer should find ``-skew_deg``.
    """

    page: int
    level: str
    seed: int
    skew_deg: float
    blur_sigma: float
    noise_sigma: float
    jpeg_quality: int
    rotated_90: bool = False
    width_px: int = 0
    height_px: int = 0
    width_pt: float = 0.0
    height_pt: float = 0.0
    seal: dict[str, float] | None = None  # cx, cy, r
    signature: dict[str, float] | None = None  # x0, y0, x1, y1
    lighting: dict[str, float] | None = None  # direction_deg (towards the dark side), depth
    extra: dict[str, Any] = field(default_factory=dict)


def plan_page(name: str, page: int, level: str) -> PageParams:
    """Draw the scalar parameters of one page (skew, blur, noise, quality) from its seed.

    Kept separate from the pixel work so tests and benchmarks can learn the
    true skew of a page without rendering it.
    """
    spec = LEVEL_SPECS[level]
    seed = page_seed(name, page, level)
    rng = _rngs(seed, 1)[0]
    magnitude = rng.uniform(*spec.skew)
    sign = 1.0 if rng.random() < 0.5 else -1.0
    skew = round(sign * magnitude, 3)
    blur = round(float(rng.uniform(*spec.blur)), 2)
    quality = int(rng.integers(spec.jpeg[0], spec.jpeg[1] + 1))
    return PageParams(
        page=page, level=level, seed=seed, skew_deg=skew, blur_sigma=blur,
        noise_sigma=spec.noise, jpeg_quality=quality,
    )


# --------------------------------------------------------------------------- signature block


@dataclass(frozen=True)
class SignatureBlock:
    """Where the signature goes, found in the born-digital text layer (PDF points, top-left origin).

    ``title`` is the line just above the space left for signature and seal,
    ``name`` the signer's name below it; ``seal_text`` is what the seal says
    (the header's parent body and issuer).
    """

    page: int  # 1-based
    title: tuple[float, float, float, float]  # x0, top, x1, bottom
    name: tuple[float, float, float, float]
    seal_text: tuple[str, ...]


def _lines(words: Iterable[dict[str, Any]], tolerance: float = 3.0) -> list[list[dict[str, Any]]]:
    """Group pdfplumber words into text lines by their top coordinate."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) < tolerance:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _bbox(line: list[dict[str, Any]]) -> tuple[float, float, float, float]:
    """Bounding box of a line of words."""
    return (
        min(w["x0"] for w in line), min(w["top"] for w in line),
        max(w["x1"] for w in line), max(w["bottom"] for w in line),
    )


def _seal_text(page: Any) -> tuple[str, ...]:
    """The seal's ring text: the header's left column (parent, then issuer), one part per font weight.

    Read from the page so any plan gets its own issuer on the seal, not a fixed name.
    """
    words = [
        w for w in page.extract_words(extra_attrs=["fontname"])
        if w["top"] < 170 and w["x1"] < page.width * 0.46
    ]
    parts: list[tuple[bool, list[str]]] = []
    for line in _lines(words):
        text = " ".join(w["text"] for w in line)
        if text.startswith("Số"):
            break
        bold = "Bold" in line[0]["fontname"]
        if parts and parts[-1][0] == bold:
            parts[-1][1].append(text)
        else:
            parts.append((bold, [text]))
    texts = tuple(" ".join(lines).upper() for _, lines in parts)
    return texts or ("CƠ QUAN BAN HÀNH",)


_SIGNATURE_CACHE: dict[tuple[str, int, int], SignatureBlock | None] = {}


def find_signature_block(pdf: Path) -> SignatureBlock | None:
    """Cached ``locate_signature_block``: every level and variant of a plan asks for the same block."""
    stat = Path(pdf).stat()
    key = (str(Path(pdf).resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _SIGNATURE_CACHE:
        _SIGNATURE_CACHE[key] = locate_signature_block(pdf)
    return _SIGNATURE_CACHE[key]


def locate_signature_block(pdf: Path) -> SignatureBlock | None:
    """Locate the signature block: the last upper-case title line (``GIÁM ĐỐC``, ``CHỦ TỊCH``, ...)
    in the right half of a page that is followed by a tall empty gap and then the signer's name.

    Searching by text, not by fixed coordinates, keeps the seal over the
    signature whatever page the closing lands on (the seed signs on page 4,
    the Ninh Bình plan on page 2 before its appendices).
    """
    with pdfplumber.open(pdf) as doc:
        for index in range(len(doc.pages) - 1, -1, -1):
            page = doc.pages[index]
            right = [w for w in page.extract_words() if w["x0"] >= page.width * 0.5]
            lines = _lines(right)
            found: tuple[list[dict[str, Any]], list[dict[str, Any]]] | None = None
            for upper, lower in zip(lines, lines[1:], strict=False):
                text = " ".join(w["text"] for w in upper)
                gap = lower[0]["top"] - max(w["bottom"] for w in upper)
                if text == text.upper() and any(t in text for t in SIGN_TITLES) and 40 <= gap <= 160:
                    found = (upper, lower)
            if found is not None:
                return SignatureBlock(
                    page=index + 1, title=_bbox(found[0]), name=_bbox(found[1]),
                    seal_text=_seal_text(doc.pages[0]),
                )
    return None


# --------------------------------------------------------------------------- drawing helpers


def _smooth_field(rng: np.random.Generator, size: tuple[int, int], cells: int) -> np.ndarray:
    """A smooth random field (zero-mean, ~unit spread) of ``size`` (w, h): coarse noise, bicubic-upscaled.

    Pillow's float resize is used because it has no CPU-dependent code path.
    """
    width, height = size
    gw = max(2, width // cells + 2)
    gh = max(2, height // cells + 2)
    coarse = rng.standard_normal((gh, gw)).astype(np.float32)
    image = Image.fromarray(coarse).resize((width, height), Image.Resampling.BICUBIC)
    return np.asarray(image, dtype=np.float32)


def _bezier(p0: np.ndarray, p1: np.ndarray, p2: np.ndarray, p3: np.ndarray, n: int) -> np.ndarray:
    """A cubic Bezier sampled at ``n`` points (the flourish under a signature)."""
    t = np.linspace(0.0, 1.0, n)[:, None]
    u = 1.0 - t
    return u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3


def _stroke(draw: ImageDraw.ImageDraw, pts: np.ndarray, widths: np.ndarray) -> None:
    """Draw a pen stroke whose width follows ``widths`` (pen pressure), with round joints."""
    for i in range(len(pts) - 1):
        w = float(widths[i])
        (xa, ya), (xb, yb) = pts[i], pts[i + 1]
        draw.line([(xa, ya), (xb, yb)], fill=255, width=max(1, round(w)))
        r = w / 2
        draw.ellipse([xa - r, ya - r, xa + r, ya + r], fill=255)


def _knots(rng: np.random.Generator, t: np.ndarray, low: float, high: float, n: int = 7) -> np.ndarray:
    """A slowly varying random curve over ``t`` in [0, 1]: random knots, linear in between."""
    return np.interp(t, np.linspace(0.0, 1.0, n), rng.uniform(low, high, n))


def signature_mask(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    """A random handwritten signature (coverage 0..1) in a ``width`` x ``height`` box.

    Cursive is modelled as a pen oscillating up and down while drifting right
    (Hollerbach's model): the phase between the horizontal and vertical
    oscillation decides between loops and sharp peaks, and slowly varying
    amplitude and phase give letters of different shapes; a tall first
    stroke (the initial), a slant, then the long flourish back under the name
    that Vietnamese officials end with.  Drawn at 2x and reduced, so edges are
    anti-aliased like ink on paper.
    """
    s = 2
    W, H = width * s, height * s
    canvas = Image.new("L", (W, H), 0)
    draw = ImageDraw.Draw(canvas)
    base = float(rng.uniform(4.0, 5.5)) * s  # ballpoint / fine felt tip, ~0.35-0.45 mm

    n = 900
    t = np.linspace(0.0, 1.0, n)
    cycles = float(rng.uniform(4.5, 7.0))
    phase = np.radians(_knots(rng, t, 35.0, 120.0))
    amp_y = _knots(rng, t, 0.12, 0.30) * H
    amp_y[: n // 8] *= np.linspace(1.7, 1.0, n // 8)  # the initial is taller
    amp_x = amp_y * float(rng.uniform(0.35, 0.6))
    drift = (0.04 + float(rng.uniform(0.55, 0.68)) * t) * W
    baseline = (0.5 + float(rng.uniform(-0.06, 0.06)) - float(rng.uniform(0.0, 0.12)) * t) * H
    theta = 2 * math.pi * cycles * t
    sin_v = np.array([_q(math.sin(v)) for v in theta])
    sin_h = np.array([_q(math.sin(v)) for v in theta + phase])
    y = baseline - amp_y * sin_v
    x = drift + amp_x * sin_h + (baseline - y) * _q(math.tan(math.radians(float(rng.uniform(12, 30)))))
    body = np.column_stack([x, y])

    end = body[-1]
    low = np.array([float(rng.uniform(0.05, 0.25)) * W, float(rng.uniform(0.8, 0.95)) * H])
    swoop = _bezier(end, end + [0.12 * W, 0.35 * H], low + [0.1 * W, 0.15 * H], low, 120)
    far = np.array([float(rng.uniform(0.85, 0.98)) * W, float(rng.uniform(0.55, 0.8)) * H])
    sweep = _bezier(low, low + [-0.08 * W, -0.08 * H], far - [0.3 * W, -0.05 * H], far, 160)
    path = np.vstack([body, swoop[1:], sweep[1:]])

    pressure = _knots(rng, np.linspace(0.0, 1.0, len(path)), 0.7, 1.25, 11)
    pressure[:12] *= np.linspace(0.4, 1.0, 12)  # the pen lands...
    pressure[-60:] *= np.linspace(1.0, 0.25, 60)  # ...and lifts off in the flourish
    _stroke(draw, path, base * pressure)
    reduced = canvas.resize((width, height), Image.Resampling.BOX)
    return np.asarray(reduced, dtype=np.float32) / np.float32(255.0)


def _star(cx: float, cy: float, r: float, rotation_deg: float) -> list[tuple[float, float]]:
    """The ten vertices of a five-pointed star (inner radius 0.382 r), first point up at rotation 0."""
    pts = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.382
        a = math.radians(rotation_deg + 36 * i)
        pts.append((_q(cx + radius * math.sin(a)), _q(cy - radius * math.cos(a))))
    return pts


def seal_mask(rng: np.random.Generator, radius: float, texts: Sequence[str]) -> np.ndarray:
    """A round official seal (coverage 0..1, square side ~2 r): a thick outer and a thin inner ring,
    the issuer's name around the band between them, a star in the centre and a small star where
    the text ends and begins.  Drawn at 2x and reduced; the ink is uneven and speckled like a
    rubber stamp pressed by hand, and the whole seal is turned by a random angle.
    """
    s = 2
    side = int(math.ceil(2 * radius + 8)) * s
    c = side / 2
    R = radius * s
    mm = MM * s
    canvas = Image.new("L", (side, side), 0)
    draw = ImageDraw.Draw(canvas)
    outer_w, inner_r, inner_w = 1.1 * mm, R - 6.2 * mm, 0.35 * mm
    draw.ellipse([c - R, c - R, c + R, c + R], fill=255)
    draw.ellipse([c - R + outer_w, c - R + outer_w, c + R - outer_w, c + R - outer_w], fill=0)
    draw.ellipse([c - inner_r, c - inner_r, c + inner_r, c + inner_r], fill=255)
    ir = inner_r - inner_w
    draw.ellipse([c - ir, c - ir, c + ir, c + ir], fill=0)
    turn = float(rng.uniform(-25.0, 25.0))
    draw.polygon(_star(c, c, 4.6 * mm, turn), fill=255)

    # Ring text, clockwise, centred on the top; parts separated by small stars.  Seals use
    # tall condensed capitals: Liberation Sans Bold squeezed to 72 % of its width.
    condense = 0.72
    cap = 3.0 * mm
    mid_r = R - outer_w - 0.6 * mm - cap / 2
    items: list[str] = []
    for i, part in enumerate(texts):
        if i:
            items += [" ", "*", " "]
        items += list(part)
    while True:  # shrink until the text fits in 310 degrees of the ring (not below 2 mm capitals)
        size = cap / 0.73  # Liberation Sans cap height is ~0.73 em
        font = ImageFont.truetype(str(SEAL_FONT), max(8, round(size)))
        advances = [2.4 * mm if ch == "*" else font.getlength(ch) * condense for ch in items]
        gap = 0.1 * size
        total = sum(advances) + gap * len(items)
        if total / mid_r <= math.radians(310) or cap <= 2.0 * mm:
            break
        cap *= 0.94
        mid_r = R - outer_w - 0.6 * mm - cap / 2
    spare = math.radians(290) * mid_r - total
    if spare > 0:  # a short name is spread out, as engravers do, but not into single letters
        gap += min(spare / len(items), 0.45 * size)
    total = sum(advances) + gap * len(items)
    baseline = mid_r - cap / 2
    angle = -total / mid_r / 2 + math.radians(turn)
    glyph_side = int(size * 3)
    for ch, adv in zip(items, advances, strict=True):
        centre = angle + (adv + gap) / mid_r / 2
        if ch == "*":
            star = _star(c + mid_r * math.sin(centre), c - mid_r * math.cos(centre), 1.2 * mm, math.degrees(centre))
            draw.polygon(star, fill=255)
        elif ch != " ":
            glyph = Image.new("L", (glyph_side, glyph_side), 0)
            ImageDraw.Draw(glyph).text((glyph_side / 2, glyph_side / 2), ch, font=font, fill=255, anchor="ms")
            narrow = round(glyph_side * condense)
            glyph = glyph.resize((narrow, glyph_side), Image.Resampling.BOX)
            square = Image.new("L", (glyph_side, glyph_side), 0)
            square.paste(glyph, ((glyph_side - narrow) // 2, 0))
            glyph = square.rotate(-_q(math.degrees(centre), 4), resample=Image.Resampling.BICUBIC)
            gx = round(_q(c + baseline * math.sin(centre)) - glyph_side / 2)
            gy = round(_q(c - baseline * math.cos(centre)) - glyph_side / 2)
            canvas.paste(255, (gx, gy), glyph)
        angle += (adv + gap) / mid_r
    # The bottom gap between the end and the start of the text gets a small star.
    bottom = math.radians(180 + turn)
    draw.polygon(
        _star(c + mid_r * math.sin(bottom), c - mid_r * math.cos(bottom), 1.5 * mm, math.degrees(bottom)),
        fill=255,
    )

    small = int(side / s)
    mask = np.asarray(canvas.resize((small, small), Image.Resampling.BOX), dtype=np.float32) / np.float32(255)
    # Uneven ink: smooth blotches, a pressure ramp (pressed harder on one side), dropped speckles.
    density = np.float32(0.78) + np.float32(0.14) * _smooth_field(rng, (small, small), 40)
    ramp = np.linspace(-1.0, 1.0, small, dtype=np.float32)
    tilt = rng.uniform(-0.12, 0.12, 2).astype(np.float32)
    density += tilt[0] * ramp[None, :] + tilt[1] * ramp[:, None]
    dropped = rng.random((small, small), dtype=np.float32) < np.float32(0.12)
    density[dropped] *= np.float32(0.45)
    np.clip(density, 0.3, 0.95, out=density)
    return mask * density


# --------------------------------------------------------------------------- one page


def _affine_point(m: np.ndarray, x: float, y: float) -> tuple[float, float]:
    """Apply a 2x3 affine matrix to a point."""
    return (float(m[0, 0] * x + m[0, 1] * y + m[0, 2]), float(m[1, 0] * x + m[1, 1] * y + m[1, 2]))


def _render(pdf: str, index: int) -> tuple[np.ndarray, float, float]:
    """Rasterise one page at 300 dpi to RGB; returns the pixels and the page size in points."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[index]
        width_pt, height_pt = page.get_size()
        bitmap = page.render(scale=DPI / 72, rev_byteorder=True)
        rgb = np.array(bitmap.to_numpy()[:, :, :3])
        page.close()
    finally:
        doc.close()
    return rgb, float(width_pt), float(height_pt)


STRIP = 128  # rows per band: float work stays in cache and no page-sized float array is allocated


def _bands(height: int) -> Iterable[tuple[int, int]]:
    """Row bands of ``STRIP`` rows (an even number, so half-resolution chroma noise lines up)."""
    for y0 in range(0, height, STRIP):
        yield y0, min(height, y0 + STRIP)


def _paper_field(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    """Paper shading around 0 (~unit spread): large soft blotches plus finer fibre cloudiness.

    Both scales are summed on the coarse grid and upscaled once, so the page
    costs a single full-size resize.
    """
    gw, gh = width // 48 + 2, height // 48 + 2
    blotches = rng.standard_normal((height // 400 + 2, width // 400 + 2)).astype(np.float32)
    field = np.asarray(Image.fromarray(blotches).resize((gw, gh), Image.Resampling.BICUBIC), dtype=np.float32)
    field = field * np.float32(0.7) + rng.standard_normal((gh, gw)).astype(np.float32) * np.float32(0.3)
    return np.asarray(Image.fromarray(field).resize((width, height), Image.Resampling.BICUBIC), dtype=np.float32)


def _ink_on(page8: np.ndarray, alpha: np.ndarray, x0: int, y0: int, rgb: tuple[int, int, int]) -> None:
    """Multiply-blend ink of colour ``rgb`` and coverage ``alpha`` (0..1) into the 8-bit page at (x0, y0).

    Multiply is how ink on paper behaves: printed text stays dark under the
    seal and shows through it, as on a real stamped page.  Float arithmetic
    runs over the ink's own box only.
    """
    h, w = alpha.shape
    H, W = page8.shape[:2]
    bx0, by0, bx1, by1 = max(0, x0), max(0, y0), min(W, x0 + w), min(H, y0 + h)
    if bx1 <= bx0 or by1 <= by0:
        return
    crop = page8[by0:by1, bx0:bx1].astype(np.float32)
    a = alpha[by0 - y0 : by1 - y0, bx0 - x0 : bx1 - x0, None]
    absorbed = np.float32(1.0) - np.asarray(rgb, dtype=np.float32) / np.float32(255.0)
    crop *= np.float32(1.0) - a * absorbed
    np.rint(crop, out=crop)
    np.copyto(page8[by0:by1, bx0:bx1], crop, casting="unsafe")


def scan_page(
    pdf: str, index: int, level: str, *, rotate: bool = False,
    signature: dict[str, Any] | None = None, output: str = "jpeg",
) -> dict[str, Any]:
    """Scan one page (0-based ``index``) and return its encoded image and parameters.

    ``signature`` is a ``SignatureBlock`` as a dict (plain data so the task
    pickles without this module's classes) and is used only on its own page.
    ``output`` is ``"jpeg"`` (bytes of the JPEG the scanner saved) or
    ``"bilevel"`` (a 1-bit image as ``Image.tobytes()``, for fax-style TIFF).

    The page lives as 8-bit RGB; float arithmetic runs in row bands, which
    keeps a page at about 0.2 s of arithmetic and memory flat (~150 MB).
    """
    spec = LEVEL_SPECS[level]
    name = Path(pdf).stem
    params = plan_page(name, index + 1, level)
    _, paper_rng, sign_rng, seal_rng, light_rng, noise_rng, dust_rng = _rngs(params.seed, 7)

    rgb, width_pt, height_pt = _render(pdf, index)
    H, W = rgb.shape[:2]
    sx, sy = W / width_pt, H / height_pt

    # Toner and paper: black becomes dark grey, white becomes a faintly shaded paper colour.
    field = _paper_field(paper_rng, W, H)
    ink = np.float32(spec.ink)
    paper_rgb = np.asarray(spec.paper, dtype=np.float32)
    page8 = np.empty((H, W, 3), dtype=np.uint8)
    for y0, y1 in _bands(H):
        band = rgb[y0:y1].astype(np.float32)
        band *= np.float32(1 / 255)
        tex = field[y0:y1, :, None] * np.float32(spec.texture) + np.float32(1.0)
        band *= tex * paper_rgb - ink
        band += ink
        np.rint(band, out=band)
        np.copyto(page8[y0:y1], band, casting="unsafe")
    del rgb, field

    seal_info: dict[str, float] | None = None
    sig_info: dict[str, float] | None = None
    if spec.stamped and signature is not None and signature["page"] == index + 1:
        tx0, _, tx1, tbottom = signature["title"]
        nx0, ntop, nx1, _ = signature["name"]
        gap_top, gap_bottom = tbottom * sy, ntop * sy
        gap = gap_bottom - gap_top
        centre_x = (nx0 + nx1) / 2 * sx
        # Signature: blue ink between the title and the name, a little off centre.
        sw = int(min(max(tx1 - tx0, nx1 - nx0) * sx * 1.35, 58 * MM))
        sh = int(gap * 0.86)
        sgx = int(centre_x - sw / 2 + sign_rng.uniform(-4, 6) * MM)
        sgy = int(gap_top + gap * 0.07 + sign_rng.uniform(-1.5, 1.5) * MM)
        blue = (
            INK_RGB[0] + int(sign_rng.integers(-8, 9)),
            INK_RGB[1] + int(sign_rng.integers(-8, 9)),
            INK_RGB[2] + int(sign_rng.integers(-8, 9)),
        )
        _ink_on(page8, signature_mask(sign_rng, sw, sh) * np.float32(0.92), sgx, sgy, blue)
        sig_info = {"x0": sgx, "y0": sgy, "x1": sgx + sw, "y1": sgy + sh}
        # Seal: over the left part of the title and the name (and of the signature), as stamped.
        radius = float(seal_rng.uniform(17.0, 19.5)) * MM
        left = min(tx0, nx0) * sx
        cx = left + float(seal_rng.uniform(-0.1, 0.15)) * radius
        cy = (gap_top + gap_bottom) / 2 + float(seal_rng.uniform(-0.08, 0.08)) * gap
        mask = seal_mask(seal_rng, radius, signature["seal_text"])
        red = (
            SEAL_RGB[0] + int(seal_rng.integers(-10, 11)),
            SEAL_RGB[1] + int(seal_rng.integers(-10, 11)),
            SEAL_RGB[2] + int(seal_rng.integers(-10, 11)),
        )
        side = mask.shape[0]
        _ink_on(page8, mask, round(cx - side / 2), round(cy - side / 2), red)
        seal_info = {"cx": cx, "cy": cy, "r": radius}

    # Skew: rotate about the centre; uncovered corners show the paper colour.
    rad = math.radians(params.skew_deg)
    cos_a, sin_a = _q(math.cos(rad), 12), _q(math.sin(rad), 12)
    cxp, cyp = (W - 1) / 2, (H - 1) / 2
    m = np.array(
        [[cos_a, sin_a, _q((1 - cos_a) * cxp - sin_a * cyp, 9)],
         [-sin_a, cos_a, _q(sin_a * cxp + (1 - cos_a) * cyp, 9)]],
        dtype=np.float64,
    )
    border = tuple(round(v) for v in spec.paper)
    page8 = cv2.warpAffine(page8, m, (W, H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                           borderValue=border)
    if seal_info is not None and sig_info is not None:
        seal_info["cx"], seal_info["cy"] = _affine_point(m, seal_info["cx"], seal_info["cy"])
        corners = [_affine_point(m, x, y) for x in (sig_info["x0"], sig_info["x1"])
                   for y in (sig_info["y0"], sig_info["y1"])]
        sig_info = {"x0": min(p[0] for p in corners), "y0": min(p[1] for p in corners),
                    "x1": max(p[0] for p in corners), "y1": max(p[1] for p in corners)}

    light_info: dict[str, float] | None = None
    if spec.lighting[1] > 0:
        # Uneven light: one side darker (quadratic fall-off towards it) and a soft vignette.
        direction = round(float(light_rng.uniform(0.0, 360.0)), 1)
        depth = round(float(light_rng.uniform(*spec.lighting)), 3)
        da, db = _q(math.cos(math.radians(direction))), _q(math.sin(math.radians(direction)))
        lo, span = -(abs(da) + abs(db)), 2 * (abs(da) + abs(db))  # range of da*x + db*y on [-1, 1]^2
        xs = np.linspace(-1.0, 1.0, W, dtype=np.float32)
        ys = np.linspace(-1.0, 1.0, H, dtype=np.float32)
        for y0, y1 in _bands(H):
            grad = np.float32(da) * xs[None, :] + np.float32(db) * ys[y0:y1, None]
            grad -= np.float32(lo)
            grad *= np.float32(1 / span)
            light = np.float32(1.0) - np.float32(depth) * grad * grad
            light -= np.float32(0.06) * (xs[None, :] * xs[None, :] + ys[y0:y1, None] * ys[y0:y1, None])
            band = page8[y0:y1].astype(np.float32)
            band *= light[:, :, None]
            np.rint(band, out=band)
            np.copyto(page8[y0:y1], band, casting="unsafe")
        light_info = {"direction_deg": direction, "depth": depth}

    if spec.lid_strip:
        # The page did not quite cover the glass: a dark band along one edge.
        edge = int(light_rng.integers(0, 4))
        width = int(light_rng.integers(14, 40))
        shade = int(light_rng.integers(45, 90))
        if edge == 0:
            page8[:, :width] = shade
        elif edge == 1:
            page8[:, W - width :] = shade
        elif edge == 2:
            page8[:width, :] = shade
        else:
            page8[H - width :, :] = shade
        params.extra["lid_strip"] = {"edge": ["left", "right", "top", "bottom"][edge], "width": width}

    k = 2 * math.ceil(3 * params.blur_sigma) + 1
    page8 = cv2.GaussianBlur(page8, (k, k), params.blur_sigma, sigmaY=params.blur_sigma,
                             borderType=cv2.BORDER_REPLICATE)

    # Sensor noise, added in place: mostly luminance, plus colour noise at half resolution
    # (JPEG's 4:2:0 chroma would average finer colour grain away anyway).
    for y0, y1 in _bands(H):
        h = y1 - y0
        band = page8[y0:y1].astype(np.float32)
        lum = noise_rng.standard_normal((h, W), dtype=np.float32)
        lum *= np.float32(spec.noise)
        band += lum[:, :, None]
        chroma = noise_rng.standard_normal(((h + 1) // 2, (W + 1) // 2, 3), dtype=np.float32)
        chroma *= np.float32(spec.chroma)
        band += chroma.repeat(2, axis=0).repeat(2, axis=1)[:h, :W]
        np.clip(band, 0, 255, out=band)
        np.rint(band, out=band)
        np.copyto(page8[y0:y1], band, casting="unsafe")

    # Dust on the glass: small dark specks (integer drawing, no anti-aliasing).
    specks = int(dust_rng.integers(spec.dust[0], spec.dust[1] + 1)) if spec.dust[1] else 0
    for _ in range(specks):
        x, y = int(dust_rng.integers(0, W)), int(dust_rng.integers(0, H))
        r = int(dust_rng.integers(1, 4))
        v = int(dust_rng.integers(60, 170))
        cv2.circle(page8, (x, y), r, (v, v, v), thickness=-1, lineType=cv2.LINE_8)

    if rotate:
        # Fed sideways: the page turned 90 deg counter-clockwise (text runs bottom to top).
        page8 = np.ascontiguousarray(np.rot90(page8))
        width_pt, height_pt = height_pt, width_pt

        def turn(x: float, y: float) -> tuple[float, float]:
            return y, W - 1 - x

        if seal_info is not None and sig_info is not None:
            seal_info["cx"], seal_info["cy"] = turn(seal_info["cx"], seal_info["cy"])
            (ax, ay), (bx, by) = turn(sig_info["x0"], sig_info["y0"]), turn(sig_info["x1"], sig_info["y1"])
            sig_info = {"x0": min(ax, bx), "y0": min(ay, by), "x1": max(ax, bx), "y1": max(ay, by)}

    params.rotated_90 = rotate
    params.height_px, params.width_px = page8.shape[:2]
    params.width_pt, params.height_pt = round(width_pt, 4), round(height_pt, 4)
    params.seal = None if seal_info is None else {k_: round(v, 1) for k_, v in seal_info.items()}
    params.signature = None if sig_info is None else {k_: round(v, 1) for k_, v in sig_info.items()}
    params.lighting = light_info
    params.extra["dust_specks"] = specks
    params.extra["output"] = output  # "bilevel" pages skip the JPEG step (jpeg_quality unused)

    image = Image.fromarray(page8)
    if output == "bilevel":
        gray = np.asarray(image.convert("L"))
        data = Image.fromarray(gray >= TIFF_THRESHOLD).tobytes()
    else:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=params.jpeg_quality, subsampling=2, optimize=False,
                   progressive=False, dpi=(DPI, DPI))
        data = buffer.getvalue()
    return {"data": data, "size": (params.width_px, params.height_px), "params": asdict(params)}


def _scan_task(task: tuple[Any, ...]) -> dict[str, Any]:
    """Process-pool entry point: one page task, as a tuple of plain values."""
    if multiprocessing.parent_process() is not None:
        cv2.setNumThreads(1)  # the pool already uses every core
    pdf, index, level, rotate, signature, output = task
    return scan_page(pdf, index, level, rotate=rotate, signature=signature, output=output)


_scan_task.__module__ = WORKER_MODULE  # pickled by this name; see _run_tasks


# --------------------------------------------------------------------------- running pages


# Starting spawned workers costs ~2 s (each imports numpy, OpenCV, pdfium, pdfplumber) and a
# page ~0.5 s, so a pool only pays off from about this many pages (on 2 cores).
POOL_MIN_TASKS = 8


def _default_workers() -> int:
    """Cores this process may use (``VANBAN_SCAN_WORKERS`` overrides, e.g. 1 to debug)."""
    env = os.environ.get("VANBAN_SCAN_WORKERS")
    if env:
        return max(1, int(env))
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _run_tasks(tasks: list[tuple[Any, ...]], workers: int | None = None) -> list[dict[str, Any]]:
    """Run page tasks, in parallel when worth it; results come back in task order.

    Pages are independent and seeded by their own identity, so neither the
    number of workers nor their scheduling can change a byte.  Workers are
    spawned (not forked: pdfium and OpenCV threads do not survive a fork
    well) and import this file as ``make_scans`` from ``samples/``, whatever
    name the caller loaded it under.
    """
    workers = min(workers or _default_workers(), len(tasks))
    if workers <= 1 or len(tasks) < POOL_MIN_TASKS:
        return [_scan_task(task) for task in tasks]
    here = sys.modules[__name__]
    sys.modules.setdefault(WORKER_MODULE, here)
    if str(SAMPLES_DIR) not in sys.path:
        sys.path.append(str(SAMPLES_DIR))
    try:
        pickle.dumps(_scan_task)
    except (pickle.PicklingError, AttributeError, TypeError):
        return [_scan_task(task) for task in tasks]  # another make_scans took the name: run in-process
    ctx = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            return list(pool.map(_scan_task, tasks))
    except BrokenProcessPool:
        # Typically a calling script without ``if __name__ == "__main__":``: spawned
        # workers re-run it and die.  Slower, but the bytes are the same in-process.
        warnings.warn("scan workers could not start; scanning in-process", RuntimeWarning, stacklevel=2)
        return [_scan_task(task) for task in tasks]


def _page_count(pdf: Path) -> int:
    """Number of pages of a PDF."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def _signature_dict(pdf: Path, level: str) -> dict[str, Any] | None:
    """The signature block as plain data when the level stamps pages, else ``None`` (no text search)."""
    if not LEVEL_SPECS[level].stamped:
        return None
    block = find_signature_block(pdf)
    return None if block is None else asdict(block)


def _tasks(pdf: Path, level: str, rotate_page: int | None, output: str) -> list[tuple[Any, ...]]:
    """One task per page of ``pdf``."""
    if level not in LEVEL_SPECS:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    count = _page_count(pdf)
    if rotate_page is not None and not 1 <= rotate_page <= count:
        raise ValueError(f"rotate_page={rotate_page} is outside 1..{count} for {pdf.name}")
    signature = _signature_dict(pdf, level)
    return [
        (str(pdf), i, level, rotate_page == i + 1, signature, output) for i in range(count)
    ]


# --------------------------------------------------------------------------- writers


def _atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a concurrent reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def image_pdf(pages: Sequence[tuple[bytes, int, int, float, float]]) -> bytes:
    """An image-only PDF: one JPEG per page, embedded as is (DCTDecode), filling the page.

    Each page is ``(jpeg, width_px, height_px, width_pt, height_pt)``; the
    page keeps the born-digital page size in points, so a box in scan pixels
    maps to the same place as in the original.  Written by hand (a dozen
    objects) so the bytes depend on nothing but the JPEGs: no dates, no IDs.
    """
    objects: list[bytes] = []
    kids = []
    for i, (jpeg, wpx, hpx, wpt, hpt) in enumerate(pages):
        page_no, content_no, image_no = 3 + 3 * i, 4 + 3 * i, 5 + 3 * i
        kids.append(f"{page_no} 0 R")
        content = f"q {wpt:.4f} 0 0 {hpt:.4f} 0 0 cm /Im0 Do Q".encode()
        objects.append(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {wpt:.4f} {hpt:.4f}] "
                f"/Resources << /XObject << /Im0 {image_no} 0 R >> /ProcSet [/PDF /ImageC] >> "
                f"/Contents {content_no} 0 R >>"
            ).encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objects.append(
            (
                f"<< /Type /XObject /Subtype /Image /Width {wpx} /Height {hpx} /ColorSpace /DeviceRGB "
                f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpeg)} >>\nstream\n"
            ).encode()
            + jpeg
            + b"\nendstream"
        )
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode(),
    ]
    info = f"<< /Producer ({PRODUCER}) /Creator ({PRODUCER}) >>".encode()
    body = [*head, *objects, info]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(body, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(body) + 1, len(body), xref)
    )
    return out.getvalue()


def _pdf_from_results(results: Sequence[dict[str, Any]]) -> bytes:
    """Assemble page results into the image-only PDF."""
    return image_pdf(
        [
            (r["data"], r["size"][0], r["size"][1], r["params"]["width_pt"], r["params"]["height_pt"])
            for r in results
        ]
    )


def _tiff_from_results(results: Sequence[dict[str, Any]]) -> bytes:
    """Assemble bilevel page results into one multi-page Group 4 TIFF at 300 dpi."""
    frames = [Image.frombytes("1", tuple(r["size"]), r["data"]) for r in results]
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:], compression="group4",
                   dpi=(DPI, DPI))
    return buffer.getvalue()


def _sidecar(path: Path, key: str, pdf: Path, level: str, results: Sequence[dict[str, Any]]) -> None:
    """Write ``<output>.json``: the cache key and each page's ground truth (skew, seal, ...)."""
    meta = {"key": key, "source": pdf.name, "level": level, "pages": [r["params"] for r in results]}
    _atomic_write(path.with_name(path.name + ".json"), (json.dumps(meta, indent=1) + "\n").encode())


# --------------------------------------------------------------------------- public API


def make_scan(pdf: Path, level: str, out: Path, *, rotate_page: int | None = None,
              workers: int | None = None) -> Path:
    """Scan every page of ``pdf`` at ``level`` into an image-only PDF at ``out`` (returned).

    ``rotate_page`` (1-based) turns that page 90 deg counter-clockwise, as if
    fed sideways; its PDF page becomes landscape.  A ``<out>.json`` sidecar
    records each page's parameters.
    """
    pdf, out = Path(pdf), Path(out)
    results = _run_tasks(_tasks(pdf, level, rotate_page, "jpeg"), workers)
    _atomic_write(out, _pdf_from_results(results))
    _sidecar(out, cache_key(pdf, level, f"pdf-rot{rotate_page}"), pdf, level, results)
    return out


def make_page_images(pdf: Path, level: str, out_dir: Path, *, workers: int | None = None) -> list[Path]:
    """Scan ``pdf`` at ``level`` into one PNG per page, ``<stem>.<level>.p<N>.png`` in ``out_dir``.

    The PNG holds exactly the pixels of the JPEG the scanned PDF embeds
    (decoded, then stored losslessly), so both forms are the same scan.
    """
    pdf, out_dir = Path(pdf), Path(out_dir)
    results = _run_tasks(_tasks(pdf, level, None, "jpeg"), workers)
    paths = []
    for result in results:
        path = out_dir / f"{pdf.stem}.{level}.p{result['params']['page']}.png"
        buffer = io.BytesIO()
        with Image.open(io.BytesIO(result["data"])) as decoded:
            decoded.save(buffer, "PNG", compress_level=1, dpi=(DPI, DPI))  # noise does not compress
        _atomic_write(path, buffer.getvalue())
        paths.append(path)
    return paths


def make_tiff(pdf: Path, level: str, out: Path, *, workers: int | None = None) -> Path:
    """Scan ``pdf`` at ``level`` as a black-and-white office scanner would: one multi-page TIFF.

    Bilevel (fixed threshold, no JPEG step) with CCITT Group 4 compression
    at 300 dpi, the usual archive format; the red seal and the blue
    signature come out black, over the name, as they do on such scans.
    """
    pdf, out = Path(pdf), Path(out)
    results = _run_tasks(_tasks(pdf, level, None, "bilevel"), workers)
    _atomic_write(out, _tiff_from_results(results))
    _sidecar(out, cache_key(pdf, level, "tiff"), pdf, level, results)
    return out


def cache_key(pdf: Path, level: str, variant: str) -> str:
    """Hash of this script, the source PDF, the level, the variant and the pixel libraries' versions.

    Any change to the code or the sample, or a library upgrade that may
    change bytes, makes a cached scan stale.
    """
    h = hashlib.sha256()
    h.update(Path(__file__).read_bytes())
    h.update(Path(pdf).read_bytes())
    versions = (np.__version__, cv2.__version__, Image.__version__, pdfium.version.PYPDFIUM_INFO)
    h.update(f"|{level}|{variant}|{versions}".encode())
    return h.hexdigest()


def _is_fresh(out: Path, key: str) -> bool:
    """A cached output is fresh when it exists and its sidecar carries the same key."""
    sidecar = out.with_name(out.name + ".json")
    if not out.exists() or not sidecar.exists():
        return False
    try:
        return json.loads(sidecar.read_text(encoding="utf-8")).get("key") == key
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class _Job:
    """One output file of the standard set."""

    key: str  # mapping key, e.g. "seed_19-KH-SVHTTDL/noisy"
    pdf: Path
    level: str
    out: Path
    rotate_page: int | None = None
    tiff: bool = False

    @property
    def variant(self) -> str:
        return "tiff" if self.tiff else f"pdf-rot{self.rotate_page}"


def _run_jobs(
    jobs: Sequence[_Job], workers: int | None, log: Callable[[str], None] | None
) -> None:
    """Write every job whose output is missing or stale; all their pages run in one pool.

    A page shared by two outputs (the rotated plan's unrotated pages) is scanned once.
    """
    keys = {job: cache_key(job.pdf, job.level, job.variant) for job in jobs}
    stale = [job for job in jobs if not _is_fresh(job.out, keys[job])]
    if stale:
        unique: dict[tuple[Any, ...], int] = {}
        per_job: dict[_Job, list[tuple[Any, ...]]] = {}
        for job in stale:
            tasks = _tasks(job.pdf, job.level, job.rotate_page, "bilevel" if job.tiff else "jpeg")
            per_job[job] = tasks
            for task in tasks:
                ident = (task[0], task[1], task[2], task[3], task[5])
                unique.setdefault(ident, len(unique))
        ordered = sorted(unique, key=unique.__getitem__)
        lookup = {(t[0], t[1], t[2], t[3], t[5]): t for tasks in per_job.values() for t in tasks}
        started = time.perf_counter()
        results = _run_tasks([lookup[ident] for ident in ordered], workers)
        if log:
            log(f"scanned {len(ordered)} pages in {time.perf_counter() - started:.1f} s")
        for job in stale:
            pages = [results[unique[(t[0], t[1], t[2], t[3], t[5])]] for t in per_job[job]]
            data = _tiff_from_results(pages) if job.tiff else _pdf_from_results(pages)
            _atomic_write(job.out, data)
            _sidecar(job.out, keys[job], job.pdf, job.level, pages)
            if log:
                log(f"wrote {job.out} ({job.out.stat().st_size} bytes)")


def scan_set(
    out_dir: Path, levels: Sequence[str] = ("clean", "noisy"), *, plans_dir: Path = PLANS_DIR,
    workers: int | None = None, log: Callable[[str], None] | None = None,
) -> dict[str, Path]:
    """Generate (only what is missing or stale) the standard scanned test set into ``out_dir``.

    For every ``plans_dir/*.pdf``: ``<stem>.<level>.pdf`` per level (key
    ``"<stem>/<level>"``); plus ``"rotated"`` (the seed plan, noisy, page 1
    turned 90 deg) and ``"tiff"`` (the commune plan, noisy, bilevel
    multi-page TIFF).  Staleness is judged per file from ``cache_key``; all
    missing pages of all files run in one process pool, and a page shared by
    two outputs (the rotated plan's unrotated pages) is scanned once.
    """
    out_dir = Path(out_dir)
    jobs: list[_Job] = []
    for pdf in sorted(Path(plans_dir).glob("*.pdf")):
        for level in levels:
            jobs.append(_Job(f"{pdf.stem}/{level}", pdf, level, out_dir / f"{pdf.stem}.{level}.pdf"))
    seed = Path(plans_dir) / f"{SEED_SAMPLE}.pdf"
    if seed.exists():
        jobs.append(_Job("rotated", seed, "noisy", out_dir / f"{SEED_SAMPLE}.noisy.rot1.pdf", rotate_page=1))
    commune = Path(plans_dir) / f"{TIFF_SAMPLE}.pdf"
    if commune.exists():
        jobs.append(_Job("tiff", commune, "noisy", out_dir / f"{TIFF_SAMPLE}.noisy.tif", tiff=True))

    _run_jobs(jobs, workers, log)
    return {job.key: job.out for job in jobs}


# --------------------------------------------------------------------------- scanned unit reports


def _make_samples() -> Any:
    """``make_samples`` from this folder, by its own name (see samples/__init__.py)."""
    if str(SAMPLES_DIR) not in sys.path:
        sys.path.append(str(SAMPLES_DIR))
    return importlib.import_module("make_samples")


def scan_reports(
    out_dir: Path = REPORTS_OUT, *, sources_root: Path | None = None, workers: int | None = None,
    log: Callable[[str], None] | None = None,
) -> dict[str, Path]:
    """Scan every report source marked ``scan: <level>`` into ``out_dir/<set>/<name>.pdf``.

    The born-digital render goes to ``out_dir/_born/<set>/<name>.pdf`` (rewritten
    only when its bytes change, so the cache key stays put); the scan is redone
    only when its key changed.  Keys of the mapping are ``"<set>/<name>"``.
    A noisy page is about 1 MB of JPEG, too big to commit: these files are
    generated, like the plans' scans.
    """
    ms = _make_samples()
    out_dir = Path(out_dir)
    jobs: list[_Job] = []
    report_sets = ms.load_report_sources(*(() if sources_root is None else (Path(sources_root),)))
    for set_name, docs in report_sets.items():
        for doc in docs:
            if doc.scan is None:
                continue
            born = out_dir / "_born" / set_name / f"{doc.name}.pdf"
            data = ms.render_pdf(doc)
            if not born.exists() or born.read_bytes() != data:
                _atomic_write(born, data)
            jobs.append(_Job(f"{set_name}/{doc.name}", born, doc.scan, out_dir / set_name / f"{doc.name}.pdf"))
    _run_jobs(jobs, workers, log)
    return {job.key: job.out for job in jobs}


def report_set(
    name: str, dest: Path, *, scans_dir: Path = REPORTS_OUT, workers: int | None = None,
    log: Callable[[str], None] | None = None,
) -> Path:
    """Assemble report set ``name`` in ``dest``: its committed renders plus its scans (made if stale).

    The result holds exactly the files the set's golden reconciliation
    (``samples/expected/reconcile/<name>.json``) lists, and nothing else (no
    sidecars), so ``vanban run dest --plan ... --roster ...`` sees the set as
    designed.  Returns ``dest``.
    """
    committed = REPORTS_DIR / name
    if not committed.is_dir():
        raise FileNotFoundError(f"no report set {name!r} in {REPORTS_DIR}")
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(committed.iterdir()):
        if path.is_file():
            _atomic_write(dest / path.name, path.read_bytes())
    for key, scan in scan_reports(scans_dir, workers=workers, log=log).items():
        if key.split("/", 1)[0] == name:
            _atomic_write(dest / scan.name, scan.read_bytes())
    return dest


# --------------------------------------------------------------------------- committed samples


def committed_files(plans_dir: Path = PLANS_DIR, workers: int | None = None) -> dict[str, bytes]:
    """The small scans kept in git (``samples/scans/``), by file name.

    The seed plan's signature page at the noisy level (seal, signature,
    skew) and its first page fed sideways: the scanner's own JPEGs at 300 dpi,
    byte for byte what ``scan_set`` embeds in ``<seed>.noisy.pdf`` page 4 and
    ``<seed>.noisy.rot1.pdf`` page 1, so they can be opened on GitHub and used
    by quick tests without generating anything.  A noisy page does not
    compress well (about 1 MB as JPEG, 12 MB as PNG), hence two pages only.
    """
    seed = plans_dir / f"{SEED_SAMPLE}.pdf"
    block = find_signature_block(seed)
    if block is None:
        raise RuntimeError(f"no signature block found in {seed}")
    sig = asdict(block)
    tasks = [(str(seed), block.page - 1, "noisy", False, sig, "jpeg"), (str(seed), 0, "noisy", True, sig, "jpeg")]
    signed, turned = _run_tasks(tasks, workers)
    return {
        f"{SEED_SAMPLE}.noisy.p{block.page}.jpg": signed["data"],
        f"{SEED_SAMPLE}.noisy.p1-rot90.jpg": turned["data"],
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: generate scans into a folder, or write / check the committed small files."""
    parser = argparse.ArgumentParser(description="Turn samples/plans/*.pdf into deterministic scans.")
    parser.add_argument("--levels", default=",".join(LEVELS), help="comma-separated (default: all)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default samples/scans/out)")
    parser.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    parser.add_argument("--commit", action="store_true", help="rewrite the small files in samples/scans/")
    parser.add_argument("--check", action="store_true", help="exit 1 if samples/scans/ is stale")
    parser.add_argument("--reports", action="store_true",
                        help="scan the report sources marked 'scan:' (default out: samples/scans/out/reports)")
    args = parser.parse_args(argv)
    if args.reports:
        out = args.out if args.out != DEFAULT_OUT else REPORTS_OUT
        started = time.perf_counter()
        outputs = scan_reports(out, workers=args.workers, log=print)
        print(f"{len(outputs)} scanned reports in {out} ({time.perf_counter() - started:.1f} s)")
        return 0
    if args.commit or args.check:
        stale = []
        for fname, data in committed_files(workers=args.workers).items():
            path = SCANS_DIR / fname
            if args.commit:
                _atomic_write(path, data)
                print(f"wrote {path} ({len(data)} bytes)")
            elif not path.exists() or path.read_bytes() != data:
                stale.append(path)
        for path in stale:
            print(f"{path} is stale: run `python samples/make_scans.py --commit`", file=sys.stderr)
        if args.check and not stale:
            print(f"committed scans in {SCANS_DIR} are up to date")
        return 1 if stale else 0
    levels = [lv.strip() for lv in args.levels.split(",") if lv.strip()]
    unknown = [lv for lv in levels if lv not in LEVEL_SPECS]
    if unknown:
        parser.error(f"unknown level(s) {', '.join(unknown)}; choose from {', '.join(LEVELS)}")
    started = time.perf_counter()
    outputs = scan_set(args.out, levels, workers=args.workers, log=print)
    print(f"{len(outputs)} outputs in {args.out} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
