"""OCR of scanned input: every input type, rotation, seals, blank pages, missing model, timeouts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw

from pipeline.errors import OcrError, TooLargeError
from pipeline.ingest.image import pdf_page_images
from pipeline.ingest.read import load
from pipeline.ocr import engine as ocr
from pipeline.run.document import extract_file
from tests.conftest import REALDOCS, REPO, SAMPLES, SEED_PDF, need_realdocs

COMMUNE = SAMPLES / "plans" / "tanhiep_draft-KH-UBND.pdf"


@pytest.fixture(scope="module")
def seed_page1() -> Image.Image:
    return Image.fromarray(next(pdf_page_images(SEED_PDF, [1], dpi=300)).image)


def _text(path) -> str:  # noqa: ANN001
    from pipeline.text.doctext import DocText

    return DocText(load(path)[1]).text


def test_png_page_is_ocred_with_boxes_in_page_coordinates(tmp_path, seed_page1):
    path = tmp_path / "page.png"
    seed_page1.save(path, dpi=(300, 300))
    _, pages = load(path)
    page = pages[0]
    assert page.source.value == "ocr"
    assert abs(page.width - 595.3) < 3 and abs(page.height - 841.9) < 3  # A4 in points
    words = {w.text.strip(".,;:"): w for line in page.lines for w in line.words}
    assert "19/KH-SVHTTDL" in words
    box = words["19/KH-SVHTTDL"].bbox
    assert 60 < box.x0 < 250 and 60 < box.y0 < 200  # top left, under the issuer
    assert 0.5 < words["19/KH-SVHTTDL"].confidence <= 1.0


def test_jpeg_and_multipage_tiff(tmp_path, seed_page1):
    jpeg = tmp_path / "scan.jpg"
    seed_page1.convert("L").save(jpeg, quality=70, dpi=(300, 300))
    assert extract_file(jpeg).number == "19/KH-SVHTTDL"
    tiff = tmp_path / "scan.tif"
    frames = [Image.fromarray(im.image).convert("L") for im in pdf_page_images(COMMUNE, [1, 2], dpi=200)]
    frames[0].save(tiff, save_all=True, append_images=frames[1:], dpi=(200, 200), compression="tiff_lzw")
    _, pages = load(tiff)
    assert [p.number for p in pages] == [1, 2] and all(p.lines for p in pages)


def test_scanned_pdf_and_mixed_pdf_decide_per_page(tmp_path, seed_page1):
    scanned = tmp_path / "scanned.pdf"
    seed_page1.convert("RGB").save(scanned, resolution=300)
    _, pages = load(scanned)
    assert pages[0].source.value == "ocr" and pages[0].notes[0].startswith("no text layer")
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    mixed = tmp_path / "mixed.pdf"
    pdf = canvas.Canvas(str(mixed), pagesize=(595.3, 841.9))
    pdf.drawString(72, 770, "Trang 1 co lop chu: Ke hoach so 5/KH-UBND ngay 02/3/2026")
    pdf.showPage()
    pdf.drawImage(ImageReader(seed_page1), 0, 0, width=595.3, height=841.9)
    pdf.showPage()
    pdf.save()
    _, pages = load(mixed)
    assert [p.source.value for p in pages] == ["text_layer", "ocr"]


def test_mojibake_text_layer_is_ocred(tmp_path, seed_page1):
    """A legacy-font text layer (the real one of a Lào Cai signed PDF, read from ../shared) is not text."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    need_realdocs()
    broken = (REALDOCS / "scans" / "LC_KH-1105-DKT_page01.textlayer_BROKEN.txt").read_text(encoding="utf-8")
    pdfmetrics.registerFont(TTFont("LiberationSans", "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"))
    path = tmp_path / "mojibake.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(595.3, 841.9))
    pdf.drawImage(ImageReader(seed_page1), 0, 0, width=595.3, height=841.9)
    text = pdf.beginText(72, 800)
    text.setFont("LiberationSans", 9)
    text.setTextRenderMode(3)  # invisible, like the text layer of a signed scan
    for line in broken.splitlines()[:60]:
        text.textLine(line)
    pdf.drawText(text)
    pdf.save()
    _, pages = load(path)
    assert pages[0].source.value == "ocr" and "unusable" in pages[0].notes[0]
    assert "19/KH-SVHTTDL" in _text(path)


def test_page_rotated_90_degrees_is_turned_upright(tmp_path, seed_page1):
    path = tmp_path / "sideways.png"
    seed_page1.rotate(90, expand=True).save(path, dpi=(300, 300))
    _, pages = load(path)
    assert any("rotated" in note for note in pages[0].notes)
    assert pages[0].height > pages[0].width
    assert "19/KH-SVHTTDL" in _text(path)


def test_text_under_a_red_seal_survives(tmp_path):
    """Stamp ink is translucent: it multiplies with the print under it, as the seal layer does here."""
    page = Image.fromarray(next(pdf_page_images(SEED_PDF, [4], dpi=300)).image)
    seal = Image.new("RGB", page.size, "white")
    draw = ImageDraw.Draw(seal)
    name_y = 0
    from pipeline.ingest.pdf import read_pdf

    for line in read_pdf(SEED_PDF)[3].lines:
        if line.text == "Ngọc Văn Chấn":
            name_y, name_x = line.bbox.y0 * 300 / 72, line.bbox.x0 * 300 / 72
    assert name_y
    for radius in (170, 150):
        draw.ellipse((name_x - 60, name_y - 250, name_x - 60 + 2 * radius, name_y - 250 + 2 * radius),
                     outline=(205, 30, 40), width=14)
    draw.ellipse((name_x + 10, name_y - 120, name_x + 190, name_y + 60), fill=(235, 140, 145))
    page = ImageChops.multiply(page, seal)
    path = tmp_path / "sealed.png"
    page.save(path, dpi=(300, 300))
    _, pages = load(path)
    assert any("coloured ink" in note for note in pages[0].notes)
    assert "Ngọc Văn Chấn" in _text(path)


def test_blank_page_among_others_and_blank_document(tmp_path, seed_page1):
    blank = Image.new("L", seed_page1.size, 255)
    tiff = tmp_path / "with-blank.tif"
    seed_page1.convert("L").save(tiff, save_all=True, append_images=[blank], dpi=(300, 300))
    _, pages = load(tiff)
    assert pages[0].lines and not pages[1].lines
    only_blank = tmp_path / "blank.png"
    blank.save(only_blank, dpi=(300, 300))
    with pytest.raises(Exception, match="no text found"):
        load(only_blank)


def test_missing_vietnamese_model_is_a_clear_error(tmp_path, seed_page1, monkeypatch):
    path = tmp_path / "page.png"
    seed_page1.save(path)
    monkeypatch.setattr(ocr, "LANG", "xyz")
    with pytest.raises(OcrError, match=r"no 'xyz' model \(apt-get install tesseract-ocr-vie\)") as caught:
        load(path)
    assert caught.value.path == str(path)


def test_missing_tesseract_is_a_clear_error(tmp_path, seed_page1, no_tesseract_models):
    path = tmp_path / "page.png"
    seed_page1.save(path)
    with pytest.raises(OcrError, match=r"Tesseract is not installed.*apt-get install tesseract-ocr tesseract-ocr-vie"):
        load(path)


def test_a_page_that_times_out_is_recorded_and_the_others_continue(tmp_path, seed_page1, monkeypatch):
    tiff = tmp_path / "two.tif"
    seed_page1.convert("L").save(tiff, save_all=True, append_images=[seed_page1.convert("L")], dpi=(300, 300))
    real = ocr.read_words
    calls = []

    def slow_second(image, lang, **kwargs):  # noqa: ANN001, ANN003 - the engine's page readings only
        calls.append(image.shape)
        return real(image, lang, **{**kwargs, "timeout": 0.01}) if len(calls) == 2 else real(image, lang, **kwargs)

    monkeypatch.setattr(ocr, "read_words", slow_second)
    monkeypatch.setattr(ocr, "workers", lambda: 1)
    _, pages = load(tiff)
    assert pages[0].lines
    assert not pages[1].lines and "timed out" in pages[1].notes[-1]


def test_image_bomb_is_refused_before_decoding(tmp_path):
    path = tmp_path / "bomb.png"
    Image.new("1", (20_000, 20_000), 1).save(path, optimize=True)
    assert path.stat().st_size < 2_000_000
    with pytest.raises(TooLargeError, match="image bomb"):
        load(path)


def test_tesseract_runs_wait_for_a_free_core_across_threads_and_processes(monkeypatch):
    """`vanban run` workers each OCR in threads: together they may not start more Tesseracts than cores."""
    import threading
    import time

    if ocr._slot_dir() is None:
        pytest.skip("no file locks here: Tesseract processes are limited per process only")
    monkeypatch.setattr(ocr, "workers", lambda: 1)
    entered: list[float] = []

    def other_thread() -> None:
        with ocr.tesseract_slot():
            entered.append(time.monotonic())

    with ocr.tesseract_slot():
        thread = threading.Thread(target=other_thread)
        thread.start()
        time.sleep(0.3)
        assert not entered  # the only slot is held
        released = time.monotonic()
    thread.join(timeout=10)
    assert entered and entered[0] >= released

    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pipeline.ocr import engine as ocr; ocr.workers = lambda: 1\n"
         "with ocr.tesseract_slot():\n    print('held', flush=True); time.sleep(1.0)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        start = time.monotonic()
        with ocr.tesseract_slot():
            waited = time.monotonic() - start
    finally:
        holder.wait(timeout=30)
    assert waited > 0.5  # another process's Tesseract held the core


@pytest.mark.skipif(not Path("/proc/self/task").is_dir() or (os.cpu_count() or 1) < 2,
                    reason="threads are counted in /proc, and a one-core machine gets no pool anyway")
def test_the_ocr_libraries_load_without_thread_pools_of_their_own():
    """vanban reads a page per core; numpy's OpenBLAS pool on top cost every `vanban text` 0.1 s CPU to start."""
    env = {key: value for key, value in os.environ.items() if key not in ("OPENBLAS_NUM_THREADS", "OMP_THREAD_LIMIT")}
    count = "import os, pipeline.ocr.engine, numpy; print(len(os.listdir('/proc/self/task')))"
    threads = subprocess.run([sys.executable, "-c", count], env={**env, "PYTHONPATH": str(REPO)}, cwd=REPO,
                             capture_output=True, text=True, check=True).stdout
    assert threads.strip() == "1"  # the main thread alone
