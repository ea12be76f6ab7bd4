"""Honest state: a page that could not be read says so, and so does its document; Word tables keep merged cells.

Real files from ../shared/realdocs; OCR failures are forced at the OCR engine's boundary (a Tesseract
crash cannot be summoned on demand).
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from pipeline.ingest.docx import read_docx
from schemas.page import Page, PageStatus, SourceKind
from tests.conftest import REALDOCS, need_realdocs, signed_pdf


def test_a_failed_page_is_reported_not_passed_off_as_blank(monkeypatch: pytest.MonkeyPatch) -> None:
    """SG09: p. 1 is sent to OCR (unmapped glyphs), p. 2 times out: the document is partial and says which page.

    The OCR engine is replaced at its boundary: p. 1 comes back as the words of its own text layer
    (Tesseract's reading is not what is tested here, and costs 10 s), p. 2 as the engine reports a
    timeout (`failed: OCR timed out ...`).
    """
    import pdfplumber

    import pipeline.ocr.engine as engine
    from pipeline.ingest.pdf import _read_page
    from pipeline.run.document import extract_file

    def second_page_times_out(path, pages, timeout=engine.PAGE_TIMEOUT):  # noqa: ANN001, ANN202
        numbers = [p.number for p in pages]
        with pdfplumber.open(path) as pdf:
            first = _read_page(pdf.pages[0], 1).model_copy(update={"source": SourceKind.OCR})
        failed = Page(number=2, width=595.0, height=842.0, source=SourceKind.OCR,
                      notes=["failed: OCR timed out after 180 s (forced by the test)"])
        return [p for p in (first, failed) if p.number in numbers]

    monkeypatch.setattr(engine, "ocr_pages", second_page_times_out)
    document = extract_file(signed_pdf("SG09"))
    assert document.status == "partial"
    first, second = document.pages
    assert first.status is PageStatus.OCR and any("unmapped glyphs" in n for n in first.notes)
    assert second.status is PageStatus.FAILED and second.confidence == 0.0
    assert any("timed out" in n for n in second.notes)
    assert any(w.startswith("page 2 not read") for w in document.warnings)
    assert document.number == "1925/STC-HTDN"  # what was read is still read
    dumped = document.model_dump(mode="json")
    assert dumped["status"] == "partial" and dumped["pages"][1]["status"] == "failed"


def test_pages_read_cleanly_say_how() -> None:
    """SG08 (born-digital, one page): status ok, page read from its text layer."""
    from pipeline.run.document import extract_file

    document = extract_file(signed_pdf("SG08"))
    assert document.status == "ok"
    assert [p.status for p in document.pages] == [PageStatus.OK]


def test_vertically_merged_word_cells_keep_their_content_in_every_row(tmp_path: Path) -> None:
    """LD09's statistics table as Word lays it out: `STT` and `Chỉ tiêu thống kê` span two header rows,
    `Kết quả thống kê` two columns, and a unit (`Cơ quan, đơn vị`) two data rows (LD09 lines 9-18)."""
    need_realdocs()
    source = (REALDOCS / "LD09_BC_PhuLuc-CCHC-2025_LamDong.txt").read_text(encoding="utf-8")
    assert "3.2 | Số UBND cấp xã đã kiểm tra |  | 38 |" in source  # the row whose unit cell is merged above
    document = docx.Document()
    table = document.add_table(rows=4, cols=5)
    grid = [["STT", "Chỉ tiêu thống kê", "Kết quả thống kê", "", "Ghi chú"],
            ["", "", "Đơn vị tính", "Số liệu", ""],
            ["3.1.", "Số sở, ngành đã kiểm tra", "Cơ quan, đơn vị", "04", ""],
            ["3.2", "Số UBND cấp xã đã kiểm tra", "", "38", ""]]
    for r, values in enumerate(grid):
        for c, value in enumerate(values):
            if value:
                table.cell(r, c).text = value
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(1, 1))
    table.cell(0, 2).merge(table.cell(0, 3))
    table.cell(0, 4).merge(table.cell(1, 4))
    table.cell(2, 2).merge(table.cell(3, 2))
    path = tmp_path / "ld09.docx"
    document.save(str(path))

    rows = [ln.text for page in read_docx(path) for ln in page.lines if ln.is_table_row]
    assert rows == [
        "STT | Chỉ tiêu thống kê | Kết quả thống kê | Ghi chú",
        "STT | Chỉ tiêu thống kê | Đơn vị tính | Số liệu | Ghi chú",
        "3.1. | Số sở, ngành đã kiểm tra | Cơ quan, đơn vị | 04 |",
        "3.2 | Số UBND cấp xã đã kiểm tra | Cơ quan, đơn vị | 38 |",
    ]
