"""OCR on crops of REAL pages (../shared/realdocs/signed): what plain Tesseract and the old path got wrong.

Crops are rendered at test time with pdftoppm (which draws the signing system's form widgets, so the
stamped number and day are in the pixels, as on a printout or a scan); nothing is copied into the
repository. Each expectation is read off the document itself (its text layer or, for the scans, the
page as printed; see SOURCE.md there).
"""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import cv2
import pytest

from pipeline.ingest.read import load
from pipeline.ocr.preprocess import turn_in_notes
from pipeline.ocr.tesseract import AUTO_LAYOUT, read_words
from pipeline.review.pages import PageCache
from schemas.page import Page, SourceKind
from tests.conftest import signed_pdf


def _pdf(prefix: str) -> Path:
    path = signed_pdf(prefix)
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    return path


def _render(tmp: Path, prefix: str, page: int, dpi: int, box: tuple[float, float, float, float]) -> Path:
    """A crop of one page as a PNG: `box` = left, top, right, bottom as shares of the page."""
    from PIL import Image

    out = tmp / f"{prefix}_p{page}_{dpi}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile",
                    str(_pdf(prefix)), str(out)], check=True, capture_output=True)
    png = out.with_suffix(".png")
    with Image.open(png) as image:
        w, h = image.size
        image.crop((round(box[0] * w), round(box[1] * h), round(box[2] * w), round(box[3] * h))).save(
            png, dpi=(dpi, dpi))
    return png


@cache
def _read(prefix: str, page: int, dpi: int, box: tuple[float, float, float, float]) -> list[Page]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return load(_render(Path(tmp), prefix, page, dpi, box))[1]


def _text(pages: list[Page]) -> str:
    return "\n".join(" ".join(w.text for w in line.words) for page in pages for line in page.lines)


HEADER = (0.45, 0.08, 1.0, 0.2)  # the right column of a first page's header: motto and date line


@pytest.mark.parametrize(("prefix", "date"), [
    ("SG04", "ngày 13 tháng 11 năm 2025"),  # stamped italic widget digits: page reading "/3", "I1"
    ("SG06", "ngày 15 tháng 01 năm 2026"),  # "75", "(1"
    ("SG18", "ngày 05 tháng 11 năm 2025"),  # "25": a valid day, but not the one stamped
])
def test_stamped_day_and_month_of_the_header_date_are_read(prefix, date):
    pages = _read(prefix, 1, 150, HEADER)
    assert date in _text(pages), _text(pages)
    day = next(w for line in pages[0].lines for w in line.words if w.repair and "header date" in w.repair)
    assert day.original is not None  # the page reading is kept for the reviewer


def test_a_handwritten_day_is_left_blank_not_guessed():
    # SG25 (a scan): the day "16" was written with a pen; its digit readings are weak ("6" at 0.47 and 0)
    pages = _read("SG25", 1, 150, HEADER)
    text = " ".join(_text(pages).split())  # the blank slot may break the line: "Hà Nội, ngày" / "tháng 12 ..."
    assert "ngày tháng 12 năm 2025" in text, text
    assert any("handwritten" in note for note in pages[0].notes)


def test_a_capitals_header_keeps_its_tone_marks():
    # SG14 p1 at 150 dpi: the old path (upscaled, flattened) read "UBND TĨNH LÂM ĐỎNG"
    pages = _read("SG14", 1, 150, (0.0, 0.0, 0.45, 0.15))
    assert "UBND TỈNH LÂM ĐỒNG" in _text(pages), _text(pages)


@pytest.mark.parametrize(("read", "printed"), [
    # lines as vanban read them on real first pages (bench/ocr_real_diagnosis.md), and as printed
    ("UBND TĨNH LÂM ĐỎNG", "UBND TỈNH LÂM ĐỒNG"),  # SG14 p1, 150 dpi
    ("UBND TĨNH LÀO CAI", "UBND TỈNH LÀO CAI"),  # LC_QD-1050 p1
    ("TĨNH BÌNH THUẬN", "TỈNH BÌNH THUẬN"),  # SG11 p1
    ("CHỦ TỊCH HỘI ĐÓNG THẨM ĐỊNH, ĐÁNH GIÁ", "CHỦ TỊCH HỘI ĐỒNG THẨM ĐỊNH, ĐÁNH GIÁ"),  # SG10 p1, 300 dpi
    ("tĩnh Lâm Đồng", "tỉnh Lâm Đồng"),
])
def test_tone_marks_on_capitals_are_repaired_with_provenance(read, printed):
    from pipeline.ocr.repair import repair_words
    from schemas.page import BBox, Word

    box = BBox(x0=0, y0=0, x1=1, y1=1)
    words = repair_words([Word(text=t, confidence=0.9, bbox=box) for t in read.split()])
    assert " ".join(w.text for w in words) == printed
    changed = [w for w in words if w.original]
    assert changed and all(w.repair and w.confidence < 0.9 for w in changed)


NOI_NHAN = {  # the `Nơi nhận` block beside the signature, as printed (text layer); earlier OCR interleaved them
    "SG11": ((0.0, 0.79, 1.0, 0.97), ["Nơi nhận:", "- Như Điều 3;", "- Chủ tịch UBND tỉnh;", "PHÓ CHỦ TỊCH"]),
    "SG08": ((0.0, 0.71, 1.0, 0.92), ["Nơi nhận:", "- Như trên;", "- Giám đốc Sở (báo cáo);", "PHÓ GIÁM ĐỐC"]),
}


@pytest.mark.parametrize("prefix", sorted(NOI_NHAN))
def test_recipients_and_signature_read_line_by_line(prefix):
    box, printed = NOI_NHAN[prefix]
    # " | " marks a wide gap, not another line: where pdftoppm substitutes a font the PDF does not embed
    # (SG11's WinAnsi "Times New Roman,Bold"), URW's Nimbus Roman leaves one inside "PHÓ CHỦ TỊCH"
    lines = [line.replace(" | ", " ") for line in _text(_read(prefix, 1, 150, box)).splitlines()]
    assert all(line in lines for line in printed), lines


def test_a_box_over_two_lines_does_not_interleave_them():
    """A seal's stroke or a Tesseract box drawn over two printed lines joins a row but never stretches it."""
    from pipeline.text.layout import page_lines
    from schemas.page import BBox, Word

    box, printed = NOI_NHAN["SG11"]
    words = [w for line in _read("SG11", 1, 150, box)[0].lines for w in line.words]
    first = next(w for w in words if w.text == "Nơi")
    below = next(w for w in words if w.text == "Như")
    height = first.bbox.y1 - first.bbox.y0
    stroke = Word(text="|", confidence=0.3, bbox=BBox(x0=first.bbox.x0 - 2 * height, y0=first.bbox.y0,
                                                      x1=first.bbox.x0 - height, y1=below.bbox.y1))
    lines = [" ".join(w.text for w in line.words) for line in page_lines([stroke, *words], [])]
    assert any(line.endswith("Nơi nhận:") for line in lines), lines
    assert any(line.endswith("- Như Điều 3;") for line in lines), lines


def _scan(name: str) -> Path:
    from tests.conftest import REALDOCS, need_realdocs

    need_realdocs()
    return REALDOCS / "scans" / name


def test_an_upright_landscape_page_is_read_without_orientation_detection(monkeypatch):
    """LC_KH-1105 p4, a landscape annex table: its first reading is upright, so OSD's half second is not spent."""
    from pipeline.ocr import engine

    asked: list[int] = []
    monkeypatch.setattr(engine, "orientation", lambda image: asked.append(1) or 0)
    pages = load(_scan("LC_KH-1105-DKT_page04.png"))[1]
    assert asked == []
    assert not any("rotated" in note for note in pages[0].notes)
    assert "PHỤ LỤC I" in _text(pages)  # the annex heading, as printed (reference line 104)


@pytest.mark.parametrize("quarter", [90, 270])
def test_a_real_page_fed_sideways_is_turned_upright(tmp_path, quarter):
    """LC_KH-1105 p1 turned a quarter: Tesseract reads it weakly or as vertical text, so OSD turns it back."""
    from collections import Counter

    from PIL import Image

    upright = _scan("LC_KH-1105-DKT_page01.png")
    sideways = tmp_path / "sideways.png"
    with Image.open(upright) as image:
        image.rotate(quarter, expand=True).save(sideways, dpi=(150, 150))
    pages = load(sideways)[1]
    assert any("rotated" in note for note in pages[0].notes)
    turned, straight = Counter(_text(pages).split()), Counter(_text(load(upright)[1]).split())
    assert sum((turned & straight).values()) >= 0.9 * sum(straight.values())  # read as the page itself reads
    # the reviewers' page shows it turned as OCR turned it, so the words' boxes fall on their print
    view = PageCache(tmp_path / "views").view(sideways, "sideways", 1, SourceKind.OCR, turn_in_notes(pages[0].notes))
    assert (round(view.width), round(view.height)) == (round(pages[0].width), round(pages[0].height))
    assert view.height > view.width


def test_lines_the_page_reading_skipped_are_read_alone():
    """SG21 at 300 dpi: Tesseract's page reading gives no word for two clean printed lines.

    The signer's title "PHÓ CHÁNH VĂN PHÒNG" and the recipient "- Phòng HCQT;" (as printed on the
    page, SOURCE.md) are found as rows of letter-sized ink no word covers, and read again alone.
    """
    pages = load(_pdf("SG21"))[1]
    text = _text(pages)
    assert "PHÓ CHÁNH VĂN PHÒNG" in text
    assert "Phòng HC" in text
    added = [w for line in pages[0].lines for w in line.words if w.repair and "missed" in w.repair]
    assert {w.text for w in added} >= {"PHÓ", "CHÁNH", "VĂN", "PHÒNG", "Phòng"}
    assert all(w.original == "" for w in added)  # provenance: nothing was read there before


def test_pages_read_at_once_in_threads_read_as_each_reads_alone():
    """Tesseract runs in-process, one engine per thread: two real pages read at the same time in two
    threads give exactly the words each gives read alone (no engine, image or result shared)."""
    pages = [cv2.imread(str(_scan(name)), cv2.IMREAD_GRAYSCALE)
             for name in ("LC_KH-1105-DKT_page03.png", "LC_QD-1050-SCT_page03.png")]

    def words(image):  # noqa: ANN001, ANN202
        data = read_words(image, "vie", psm=AUTO_LAYOUT, dpi=150, timeout=120)
        return [(text, left, top) for text, left, top in zip(data["text"], data["left"], data["top"], strict=True)
                if text.strip()]

    alone = [words(page) for page in pages]
    with ThreadPoolExecutor(2) as pool:
        together = list(pool.map(words, [pages[0], pages[1], pages[0], pages[1]]))
    assert all(len(reading) > 100 for reading in alone)
    assert together == alone + alone
