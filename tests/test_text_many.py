"""`vanban text A B ...`: every file's text in the order given, scanned pages of all files in one OCR pool."""

from __future__ import annotations

import threading
import time

import pytest
from PIL import Image

from pipeline.errors import TooLargeError
from pipeline.ingest.image import pdf_page_images
from pipeline.ocr import engine as ocr
from schemas.page import Page, SourceKind
from tests import bad_inputs
from tests.conftest import SAMPLES, SEED_PDF
from tests.test_cli import run

COMMUNE = SAMPLES / "plans" / "tanhiep_draft-KH-UBND.pdf"


def sections(stdout: str) -> list[tuple[str, str]]:
    """(file, text) per `==> FILE <==` header, in printed order."""
    out: list[tuple[str, str]] = []
    for line in stdout.splitlines(keepends=True):
        if line.startswith("==> ") and line.rstrip("\n").endswith(" <=="):
            out.append((line[4:].rstrip("\n")[:-4], ""))
        else:
            assert out, f"text before the first file header: {line!r}"
            out[-1] = (out[-1][0], out[-1][1] + line)
    return out


@pytest.fixture(scope="module")
def scan_png(tmp_path_factory) -> str:
    """A one-page scan (the commune plan's first page as a gray PNG): OCR'd, so the slowest file."""
    path = tmp_path_factory.mktemp("scan") / "commune-p1.png"
    Image.fromarray(next(pdf_page_images(COMMUNE, [1], dpi=300)).image).convert("L").save(path, dpi=(300, 300))
    return str(path)


def test_each_file_is_printed_in_the_order_given_as_when_read_alone(scan_png):
    """The scan comes first and takes longest: the text files read beside it still print after it."""
    files = [scan_png, str(SEED_PDF), str(COMMUNE)]
    result = run("text", *files)
    assert result.returncode == 0, result.stderr
    printed = sections(result.stdout)
    assert [name for name, _ in printed] == files
    for name, text in printed:
        alone = run("text", name)
        assert alone.returncode == 0, alone.stderr
        assert text == alone.stdout
    assert printed[0][1].startswith("--- page 1 (ocr) ---\n") and "TÂN HIỆP" in printed[0][1]


def test_one_bad_file_is_named_with_its_reason_and_the_others_are_printed(tmp_path):
    encrypted = bad_inputs.encrypted_pdf(tmp_path)
    missing = tmp_path / "missing.pdf"
    result = run("text", str(SEED_PDF), str(encrypted), str(missing), str(COMMUNE))
    assert result.returncode == 1
    assert [name for name, _ in sections(result.stdout)] == [str(SEED_PDF), str(COMMUNE)]
    errors = result.stderr.splitlines()
    assert any(str(encrypted) in line and "encrypted" in line for line in errors), result.stderr
    assert any(str(missing) in line and "not found" in line for line in errors), result.stderr


def test_a_single_file_prints_no_header():
    result = run("text", str(COMMUNE))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("--- page 1 (text_layer) ---\n")
    assert "==>" not in result.stdout


# --- the shared pool, without Tesseract ----------------------------------------------------------------


class FakeOcr:
    """Stands in for `ocr_page`: records how many pages are rendered or in OCR at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.live = 0  # pages rendered and not yet OCR'd
        self.most = 0

    def pages(self, count: int, fail_at: int | None = None):  # noqa: ANN201
        for number in range(1, count + 1):
            if number == fail_at:
                raise TooLargeError("doc.pdf", f"page {number} is too large to render")
            with self.lock:
                self.live += 1
                self.most = max(self.most, self.live)
            yield ocr.PageImage(number, None, 300.0)

    def ocr_page(self, path, page, timeout):  # noqa: ANN001, ANN201
        time.sleep(0.02)
        with self.lock:
            self.live -= 1
        return Page(number=page.number, width=1, height=1, source=SourceKind.OCR, lines=[], notes=[str(path)])


@pytest.fixture
def fake(monkeypatch) -> FakeOcr:
    stand_in = FakeOcr()
    monkeypatch.setattr(ocr, "ocr_page", stand_in.ocr_page)
    monkeypatch.setattr(ocr, "check_tesseract", lambda path: None)
    monkeypatch.setattr(ocr, "_prefetch_lexicon", lambda: None)
    return stand_in


def _read_together(documents: dict[str, tuple[int, int | None]], fake: FakeOcr) -> dict[str, object]:
    """OCR several documents from their own threads inside one `shared_pages`; each one's pages or error."""
    results: dict[str, object] = {}

    def read(name: str, count: int, fail_at: int | None) -> None:
        try:
            results[name] = ocr.ocr_pages(name, fake.pages(count, fail_at))
        except Exception as exc:  # noqa: BLE001
            results[name] = exc

    with ocr.shared_pages(limit=2):
        threads = [threading.Thread(target=read, args=(name, *spec)) for name, spec in documents.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    return results


def test_documents_share_one_pool_and_never_hold_more_pages_than_slots(fake):
    results = _read_together({"a.pdf": (5, None), "b.pdf": (3, None), "c.pdf": (4, None)}, fake)
    for name, count in (("a.pdf", 5), ("b.pdf", 3), ("c.pdf", 4)):
        pages = results[name]
        assert [p.number for p in pages] == list(range(1, count + 1))  # each document's own pages, in order
        assert all(p.notes == [name] for p in pages)
    assert fake.most <= 2  # page images in memory: the pool's slots, however many documents feed it


def test_a_document_that_fails_mid_way_gives_back_its_slots(fake):
    results = _read_together({"bad.pdf": (4, 2), "good.pdf": (6, None)}, fake)
    assert isinstance(results["bad.pdf"], TooLargeError)
    assert [p.number for p in results["good.pdf"]] == [1, 2, 3, 4, 5, 6]  # no slot was lost: no deadlock


def test_without_a_shared_pool_each_call_brings_its_own(fake):
    pages = ocr.ocr_pages("one.pdf", fake.pages(3))
    assert [p.number for p in pages] == [1, 2, 3] and fake.most <= ocr.workers()
