"""The scanned samples are reproducible and look like what an office scanner sends.

Why: OCR tests and benchmarks compare results on ``samples/make_scans.py``
output with the hand-written facts of the born-digital plans.  That only means
something if a scan is byte-for-byte the same on every run (so a cache and a
score can be trusted), carries no text layer (so the OCR path is really
exercised), keeps the original page geometry (so provenance boxes map), and
really contains the defects it claims: a skew within its level's bound, a red
seal and blue signature over the signature block, a page fed sideways, a
multi-page bilevel TIFF.  Only the 2-page commune plan is scanned here, to stay
fast; ``scan_set`` over all samples runs where the OCR tests need it.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from PIL import Image

from samples import load

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
COMMUNE = SAMPLES / "plans" / "tanhiep_draft-KH-UBND.pdf"  # 2 pages, signature on page 2
MM = 300 / 25.4


make_scans = load("make_scans")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def embedded_jpegs(pdf: Path) -> list[bytes]:
    """The raw (still DCT-encoded) image stream of each page of an image-only PDF."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for page in doc:
            images = list(page.get_objects(filter=(pdfium_raw.FPDF_PAGEOBJ_IMAGE,)))
            assert len(images) == 1, "a scanned page holds exactly one image"
            assert images[0].get_filters() == ["DCTDecode"]
            out.append(bytes(images[0].get_data(decode_simple=False)))
        return out
    finally:
        doc.close()


def rgb(data: bytes | Path) -> np.ndarray:
    """Decode an image (bytes or path) to an RGB array."""
    with Image.open(io.BytesIO(data) if isinstance(data, bytes) else data) as image:
        return np.asarray(image.convert("RGB"))


def red_mask(img: np.ndarray) -> np.ndarray:
    """Seal-red pixels: strong red, weak green and blue (paper is ~(241, 237, 226), text grey)."""
    r, g, b = (img[..., i].astype(np.int16) for i in range(3))
    return (r > 140) & (r - g > 70) & (r - b > 60)


def blue_mask(img: np.ndarray) -> np.ndarray:
    """Ballpoint-blue pixels: blue clearly above red and green."""
    r, g, b = (img[..., i].astype(np.int16) for i in range(3))
    return (b > 90) & (b - r > 50) & (b - g > 35)


def estimate_skew(img: np.ndarray) -> float:
    """Skew by projection profile: the angle (deg, counter-clockwise on screen) that makes the
    row histogram of dark pixels sharpest, i.e. that lines the text rows up again."""
    gray = np.asarray(Image.fromarray(img).convert("L").reduce(2), dtype=np.int16)
    ys, xs = np.nonzero(gray < 110)
    ys, xs = ys.astype(np.float64), xs.astype(np.float64)

    def sharpness(angle: float) -> float:
        rows = np.round(ys + xs * math.tan(math.radians(angle))).astype(np.int64)
        counts = np.bincount(rows - rows.min()).astype(np.float64)
        return float((counts * counts).sum())

    coarse = max(np.arange(-4.0, 4.0001, 0.1), key=sharpness)
    return float(max(np.arange(coarse - 0.1, coarse + 0.1001, 0.01), key=sharpness))


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Scan the commune plan through every public entry point, twice where determinism is checked."""
    plans = tmp_path_factory.mktemp("plans")
    shutil.copy(COMMUNE, plans / COMMUNE.name)  # scan_set over this one plan only
    first, second = tmp_path_factory.mktemp("scans_a"), tmp_path_factory.mktemp("scans_b")
    outputs = make_scans.scan_set(first, ("noisy",), plans_dir=plans)
    return {
        "plans": plans,
        "first": first,
        "set": outputs,
        "pdf": outputs[f"{COMMUNE.stem}/noisy"],
        "pdf_again": make_scans.make_scan(COMMUNE, "noisy", second / "commune.pdf"),
        "tiff": outputs["tiff"],
        "tiff_again": make_scans.make_tiff(COMMUNE, "noisy", second / "commune.tif"),
        "pngs": make_scans.make_page_images(COMMUNE, "noisy", second),
        "rotated": make_scans.make_scan(COMMUNE, "noisy", second / "rotated.pdf", rotate_page=1),
        "signature": make_scans.find_signature_block(COMMUNE),
    }


def test_scans_are_byte_identical_across_runs_and_entry_points(scans: dict[str, Any]) -> None:
    assert set(scans["set"]) == {f"{COMMUNE.stem}/noisy", "tiff"}  # no seed plan here: no "rotated"
    assert sha256(scans["pdf"]) == sha256(scans["pdf_again"])
    assert sha256(scans["tiff"]) == sha256(scans["tiff_again"])
    sidecar = json.loads(Path(f"{scans['pdf']}.json").read_text(encoding="utf-8"))
    again = json.loads(Path(f"{scans['pdf_again']}.json").read_text(encoding="utf-8"))
    assert sidecar["pages"] == again["pages"]
    assert len(sidecar["key"]) == 64


def test_scan_set_regenerates_only_what_is_stale(scans: dict[str, Any]) -> None:
    pdf, tiff = scans["pdf"], scans["tiff"]
    before = {path: path.stat().st_mtime_ns for path in (pdf, tiff)}
    assert make_scans.scan_set(scans["first"], ("noisy",), plans_dir=scans["plans"]) == scans["set"]
    assert {path: path.stat().st_mtime_ns for path in (pdf, tiff)} == before

    sidecar = Path(f"{tiff}.json")
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    sidecar.write_text(json.dumps({**meta, "key": "stale"}), encoding="utf-8")
    tiff_bytes = tiff.read_bytes()
    make_scans.scan_set(scans["first"], ("noisy",), plans_dir=scans["plans"])
    assert pdf.stat().st_mtime_ns == before[pdf]
    assert json.loads(sidecar.read_text(encoding="utf-8"))["key"] == meta["key"]
    assert tiff.read_bytes() == tiff_bytes


def test_scanned_pdf_is_image_only_with_the_original_geometry(scans: dict[str, Any]) -> None:
    with pdfplumber.open(COMMUNE) as original, pdfplumber.open(scans["pdf"]) as scanned:
        assert len(scanned.pages) == len(original.pages) == 2
        for src, page in zip(original.pages, scanned.pages, strict=True):
            assert page.extract_words() == []
            assert page.chars == []
            assert page.width == pytest.approx(src.width, abs=0.01)
            assert page.height == pytest.approx(src.height, abs=0.01)
            (image,) = page.images
            assert tuple(image["srcsize"]) == (math.ceil(src.width * 300 / 72), math.ceil(src.height * 300 / 72))
            assert image["x0"] == pytest.approx(0, abs=0.01) and image["x1"] == pytest.approx(src.width, abs=0.01)


def test_png_pages_hold_the_pixels_of_the_pdf(scans: dict[str, Any]) -> None:
    pngs = scans["pngs"]
    assert [p.name for p in pngs] == [f"{COMMUNE.stem}.noisy.p1.png", f"{COMMUNE.stem}.noisy.p2.png"]
    for png, jpeg in zip(pngs, embedded_jpegs(scans["pdf"]), strict=True):
        assert np.array_equal(rgb(png), rgb(jpeg))


def test_noisy_signature_page_has_a_red_seal_and_blue_signature_on_the_block(scans: dict[str, Any]) -> None:
    block = scans["signature"]
    assert block is not None and block.page == 2
    pages = [rgb(p) for p in scans["pngs"]]
    signed = pages[block.page - 1]
    scale = 300 / 72
    tx0, ttop, _, _ = (v * scale for v in block.title)
    nx0, _, nx1, nbottom = (v * scale for v in block.name)
    # The block with a margin for skew and for the seal reaching left of the text.
    x0, y0, x1, y1 = int(min(tx0, nx0) - 30 * MM), int(ttop - 15 * MM), int(nx1 + 30 * MM), int(nbottom + 15 * MM)
    region = np.zeros(signed.shape[:2], dtype=bool)
    region[y0:y1, x0:x1] = True

    red, blue = red_mask(signed), blue_mask(signed)
    assert (red & region).sum() > 20_000, "the seal's rings, star and ring text"
    assert (red & ~region).sum() < 200, "no red anywhere else"
    assert (blue & region).sum() > 5_000, "the signature's strokes"
    assert (blue & ~region).sum() < 200

    # Stamped over the left part of the title and the name, as officials stamp.
    ys, xs = np.nonzero(red & region)
    assert xs.mean() < (nx0 + nx1) / 2
    assert xs.min() < min(tx0, nx0) < xs.max()
    assert ys.min() < ttop + 20 and ys.max() > nbottom - 40

    unsigned = pages[0]
    assert red_mask(unsigned).sum() < 200 and blue_mask(unsigned).sum() < 200


def test_noisy_pages_are_skewed_within_the_bound(scans: dict[str, Any]) -> None:
    sidecar = json.loads(Path(f"{scans['pdf']}.json").read_text(encoding="utf-8"))
    for png, page in zip(scans["pngs"], sidecar["pages"], strict=True):
        truth = page["skew_deg"]
        assert truth == make_scans.plan_page(COMMUNE.stem, page["page"], "noisy").skew_deg
        assert 0.5 <= abs(truth) <= 1.5
        measured = estimate_skew(rgb(png))
        assert abs(measured - truth) < 0.15, (measured, truth)
        assert 0.3 < abs(measured) <= 1.65


@pytest.mark.parametrize("level", make_scans.LEVELS)
def test_every_planned_skew_respects_its_level(level: str) -> None:
    low, high = make_scans.LEVEL_SPECS[level].skew
    assert high <= {"clean": 0.3, "noisy": 1.5, "harsh": 3.0}[level]
    angles = [
        make_scans.plan_page(pdf.stem, page, level).skew_deg
        for pdf in sorted((SAMPLES / "plans").glob("*.pdf"))
        for page in range(1, 5)
    ]
    assert all(low <= abs(a) <= high for a in angles)
    assert any(a > 0 for a in angles) and any(a < 0 for a in angles), "both directions occur"


def test_rotated_page_is_fed_sideways(scans: dict[str, Any]) -> None:
    with pdfplumber.open(scans["rotated"]) as pdf:
        first, second = pdf.pages
        assert first.width > first.height and second.height > second.width
        assert first.width == pytest.approx(second.height, abs=0.01)
        assert tuple(first.images[0]["srcsize"]) == (3508, 2481)
        assert first.extract_words() == []
    turned, rest = embedded_jpegs(scans["rotated"])
    assert rest == embedded_jpegs(scans["pdf"])[1], "only the chosen page differs"
    upright = rgb(scans["pngs"][0]).astype(np.int16)
    sideways = rgb(turned).astype(np.int16)
    assert sideways.shape == (2481, 3508, 3)
    # Counter-clockwise: rotating the upright scan the same way gives the same page.
    same = np.abs(np.rot90(upright) - sideways).mean()
    other = np.abs(np.rot90(upright, -1) - sideways).mean()
    assert same < 4 and other > 3 * same


def test_tiff_is_a_bilevel_multipage_office_scan(scans: dict[str, Any]) -> None:
    with Image.open(scans["tiff"]) as tiff:
        assert tiff.n_frames == 2
        frames = []
        for i in range(tiff.n_frames):
            tiff.seek(i)
            assert tiff.mode == "1" and tiff.size == (2481, 3508)
            assert tiff.info["compression"] == "group4"
            assert tiff.info["dpi"] == pytest.approx((300, 300))
            frames.append(np.asarray(tiff.convert("L")))
    ink = [(frame < 128).mean() for frame in frames]
    assert all(0.01 < share < 0.2 for share in ink)  # text on white, not a black or empty page
    assert scans["tiff"].stat().st_size < 400_000


def test_committed_scans_are_up_to_date() -> None:
    committed = make_scans.committed_files()
    assert sum(len(data) for data in committed.values()) < 2_300_000
    for name, data in committed.items():
        path = make_scans.SCANS_DIR / name
        assert path.exists(), f"{path} missing: run `python samples/make_scans.py --commit`"
        assert path.read_bytes() == data, f"{path} is stale: run `python samples/make_scans.py --commit`"


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown level"):
        make_scans.make_scan(COMMUNE, "blurry", tmp_path / "x.pdf")
    with pytest.raises(ValueError, match="outside 1..2"):
        make_scans.make_scan(COMMUNE, "noisy", tmp_path / "x.pdf", rotate_page=3)
