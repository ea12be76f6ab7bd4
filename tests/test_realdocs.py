"""Every real document in ../shared/realdocs extracts, with the right type and exact provenance.

Types come from ../shared/realdocs/SOURCE.md. TW02 is left out of the type
check: it was reassembled from chunks that lost its header and type line.
"""

from __future__ import annotations

import pytest

from extractors.assemble import extract_pages
from pipeline.ingest.read import load
from pipeline.text.doctext import DocText
from tests.conftest import REALDOCS, need_realdocs

TYPES = {
    "LD01": "ke_hoach", "LD02": "ke_hoach", "LD03": "ke_hoach", "LD04": "ke_hoach", "LD05": "ke_hoach",
    "LD06": "ke_hoach", "LD07": "bao_cao", "LD08": "bao_cao", "LD09": "phu_luc", "LD10": "bao_cao",
    "LC01": "ke_hoach", "LC02": "ke_hoach", "LC03": "ke_hoach", "LC04": "ke_hoach", "LC05": "ke_hoach",
    "LC06": "bao_cao", "LC07": "bao_cao", "LC08": "bao_cao", "LC09": "bao_cao", "LC10": "bao_cao",
    "LC11": "bao_cao", "LC12": "bao_cao", "LC13": "bao_cao", "LC14": "bao_cao", "LC15": "thong_bao",
    "LC16": "cong_van", "LC17": "cong_van", "TW01": "quyet_dinh", "TW02": None,
}
UNSIGNED = {"LD09", "LC14", "TW02"}  # an appendix, an internal report without signature block, a reassembly


def _files() -> list:
    return sorted(REALDOCS.glob("*.txt")) if REALDOCS.is_dir() else []


def test_all_29_documents_are_there():
    need_realdocs()
    assert {p.name[:4] for p in _files()} == set(TYPES)


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name[:4])
def test_real_document_extracts(path):
    source, pages = load(path)
    document = extract_pages(source, pages)
    key = path.name[:4]
    if TYPES[key] is not None:
        assert document.doc_type == TYPES[key]
    if key not in UNSIGNED:
        assert document.signer is not None and document.signer.name, "signer not found"
    text = DocText(pages).text
    values = [*document.references, *document.targets, *document.deadlines, *document.responsibilities,
              *document.results, *document.recipients]
    for value in values:
        start, end = value.provenance.span
        assert text[start:end] == value.provenance.text and value.provenance.text.strip()
    numbers = [r.number for r in document.references if r.number]
    assert len(numbers) == len(set(numbers)), "a cited document listed twice"
    assert document.number is None or document.number not in numbers
    for deadline in document.deadlines:
        assert deadline.date is not None or deadline.relation.value in {"recurring", "ongoing"}


@pytest.mark.parametrize(("printed", "as_read"), [
    ("\n- Lưu: VT, KT. |", "\nLưu: VT, KT |"),  # the filed copy, bullet and stop lost
    ("\n- Các chuyên viên TMTH;\n", "\nCác chuyên viên TMTH\n"),  # as SG21's scan reads "- Phòng HCQT;"
], ids=["filed-copy", "unit-before-the-filed-copy"])
def test_a_recipient_read_without_its_dash_and_closing_mark_stays_a_recipient(tmp_path, printed, as_read):
    """LC01's recipients with one line as OCR reads it at times, its bullet and closing mark lost: the
    line is still a recipient, and the recipients after it are still read."""
    need_realdocs()
    real = REALDOCS / "LC01_KH-UBND_ChiThi11-KhoangSan_LaoCai.txt"
    text = real.read_text(encoding="utf-8")
    assert printed in text
    damaged = tmp_path / real.name
    damaged.write_text(text.replace(printed, as_read), encoding="utf-8")
    recipients = [r.name for r in extract_pages(*load(damaged)).recipients]
    assert recipients[-3:] == ["CVP, các PCVP UBND tỉnh", "Các chuyên viên TMTH", "Lưu: VT, KT"]
