"""The sample plans are regenerated from their sources and still read like real documents.

Why: golden tests compare extractor output with ``samples/expected/*.json``,
which were written by hand from ``samples/sources/*.txt``.  That only holds if
the committed PDFs are exactly what the sources render to (``--check``), if the
PDFs keep a text layer laid out as Decree 30/2020 prescribes, and if the
hand-written facts do not drift from the sources they were read from.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from samples import load

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PLANS = SAMPLES / "plans"
EXPECTED = SAMPLES / "expected"


make_samples = load("make_samples")

# Page counts are part of the contract: a layout change that reflows a plan
# onto another page moves every provenance box, so it must be a deliberate edit.
EXPECTED_PAGES = {
    "seed_19-KH-SVHTTDL": 4,
    "quangtri_86-KH-UBND": 4,
    "nghean_312-KH-SNNMT": 4,
    "tanhiep_draft-KH-UBND": 2,
    "ninhbinh_27-KH-SKHCN": 4,
}
DOCX_SAMPLES = {"ninhbinh_27-KH-SKHCN"}

REPORTS = SAMPLES / "reports"
# Unit reports (samples/sources/reports/<set>/), "<set>/<name>" -> pages of the committed render.
# The same contract as the plans: a reflow moves every provenance box.
EXPECTED_REPORT_PAGES = {
    "seed/bttinh_29-BC-BT": 2,
    "seed/dnt_40-BC-DNT": 1,
    "seed/qldl_52-BC-QLDL": 1,
    "seed/qldl_58-BC-QLDL": 2,
    "seed/qlvh_61-BC-QLVH": 2,
    "seed/qlvh_66-BC-QLVH": 1,
    "seed/tthl_85-BC-TTHL": 2,
    "seed/ttxtdl_24-BC-TTXTDL": 1,
    "seed/ttxtdl_38-BC-TTXTDL": 2,
    "ninhbinh/cds_31-BC-CDS": 1,
    "ninhbinh/khtc_52-BC-KHTC": 1,
    "ninhbinh/vp_205-BC-VP": 2,
}
DOCX_REPORTS = {"seed/tcpc_47-BC-TCPC", "ninhbinh/ttcntt_18-BC-TTCNTT"}  # sent as Word files only
SCANNED_REPORTS = {"seed/vps_112-BC-VP": ("noisy", 1)}  # level, pages: reaches its set as a scan

COMPARATORS = {"eq", "gte", "gt", "lte", "lt", "increase", "decrease"}
RELATIONS = {"before", "by", "on", "period", "recurring", "ongoing"}
ROLES = {"lead", "support"}
SCALES = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9}


def nfc(text: str) -> str:
    """Compare text in one Unicode form: the PDF text layer and the sources may differ in composition."""
    return unicodedata.normalize("NFC", text)


def source_doc(name: str) -> Any:
    return make_samples.parse_source(make_samples.SOURCES_DIR / f"{name}.txt")


def source_text(name: str) -> str:
    """The source with inline markup removed and dashes unified, as the facts were read from it."""
    raw = (make_samples.SOURCES_DIR / f"{name}.txt").read_text(encoding="utf-8")
    return nfc(raw.replace("**", "").replace("–", "-"))


def expected(name: str) -> dict[str, Any]:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- reproducibility


def test_every_source_has_expected_facts_and_a_page_count() -> None:
    sources = {path.stem for path in make_samples.SOURCES_DIR.glob("*.txt")}
    facts = {path.stem for path in EXPECTED.glob("*.json")}
    assert sources == set(EXPECTED_PAGES)
    assert facts == set(EXPECTED_PAGES)
    assert {doc.name for doc in make_samples.load_sources() if "docx" in doc.formats} == DOCX_SAMPLES


def test_committed_samples_are_regenerated_from_sources() -> None:
    assert make_samples.check() == []


def test_every_report_source_is_rendered_once() -> None:
    """Each report source gives exactly one file in its set: a PDF, a DOCX, or (generated) a scan."""
    sets = make_samples.load_report_sources()
    names = {f"{set_name}/{doc.name}" for set_name, docs in sets.items() for doc in docs}
    assert names == set(EXPECTED_REPORT_PAGES) | DOCX_REPORTS | set(SCANNED_REPORTS)
    for set_name, docs in sets.items():
        for doc in docs:
            key = f"{set_name}/{doc.name}"
            assert doc.type_line == "BÁO CÁO"
            files = sorted(path.name for path in (REPORTS / set_name).glob(f"{doc.name}.*"))
            if key in SCANNED_REPORTS:
                assert doc.scan == SCANNED_REPORTS[key][0] and files == [], "a scan is generated, not committed"
            elif key in DOCX_REPORTS:
                assert doc.formats == {"docx"} and files == [f"{doc.name}.docx"]
            else:
                assert doc.formats == {"pdf"} and files == [f"{doc.name}.pdf"]


def test_report_markup_rules(tmp_path: Path) -> None:
    """DOCX-only and scans are for reports; a plan must have a PDF and is never a scan."""
    head = "issuer: PHÒNG A\nnumber: Số: 1/BC-A\nplace_date: A, ngày 1 tháng 1 năm 2026\ntype: BÁO CÁO\nsummary: Thử\n"
    body = "---\nNội dung.\n@closing\ntitle: TRƯỞNG PHÒNG\nsigner: Nguyễn Văn A\n@end\n"
    docx_only = tmp_path / "docx_only.txt"
    docx_only.write_text(head + "formats: docx\n" + body, encoding="utf-8")
    assert make_samples.parse_source(docx_only, report=True).formats == {"docx"}
    with pytest.raises(make_samples.SourceError, match="formats"):
        make_samples.parse_source(docx_only)
    scanned = tmp_path / "scanned.txt"
    scanned.write_text(head + "scan: noisy\n" + body, encoding="utf-8")
    assert make_samples.parse_source(scanned, report=True).scan == "noisy"
    with pytest.raises(make_samples.SourceError, match="scan"):
        make_samples.parse_source(scanned)
    bad_level = tmp_path / "bad_level.txt"
    bad_level.write_text(head + "scan: blurry\n" + body, encoding="utf-8")
    with pytest.raises(make_samples.SourceError, match="scan"):
        make_samples.parse_source(bad_level, report=True)


def test_check_reports_a_stale_or_orphan_report(tmp_path: Path) -> None:
    """--check covers the report sets: an edited render and a file without a source are both named."""
    reports = tmp_path / "reports"
    for path in REPORTS.glob("*/*"):
        (reports / path.parent.name).mkdir(parents=True, exist_ok=True)
        (reports / path.parent.name / path.name).write_bytes(path.read_bytes())
    stale = reports / "seed" / "qlvh_61-BC-QLVH.pdf"
    stale.write_bytes(stale.read_bytes() + b"\n% edited by hand\n")
    (reports / "seed" / "left_behind.pdf").write_bytes(b"%PDF-1.4\n")
    problems = make_samples.check(PLANS, scratch=tmp_path / "fresh", reports_dir=reports)
    assert len(problems) == 2
    assert any("qlvh_61-BC-QLVH.pdf differs" in p for p in problems)
    assert any("left_behind.pdf has no source" in p for p in problems)


def test_check_reports_a_stale_sample(tmp_path: Path) -> None:
    """--check must fail on a file that no longer matches, not just on a missing one."""
    for name in EXPECTED_PAGES:
        (tmp_path / f"{name}.pdf").write_bytes((PLANS / f"{name}.pdf").read_bytes())
    for name in DOCX_SAMPLES:
        (tmp_path / f"{name}.docx").write_bytes((PLANS / f"{name}.docx").read_bytes())
    stale = tmp_path / "tanhiep_draft-KH-UBND.pdf"
    stale.write_bytes(stale.read_bytes() + b"\n% edited by hand\n")
    problems = make_samples.check(tmp_path, scratch=tmp_path / "fresh")
    assert len(problems) == 1 and "tanhiep_draft-KH-UBND.pdf" in problems[0]


def test_unclosed_block_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(
        "issuer: UBND XÃ A\nnumber: Số: 1/KH-UBND\nplace_date: A, ngày 1 tháng 1 năm 2026\n"
        "type: KẾ HOẠCH\nsummary: Thử\n---\n@table 1 1\na | b\n",
        encoding="utf-8",
    )
    with pytest.raises(make_samples.SourceError, match="@end"):
        make_samples.parse_source(bad)


# --------------------------------------------------------------------------- the PDFs


@pytest.mark.parametrize("name", sorted(EXPECTED_PAGES))
def test_pdf_pages_text_layer_and_layout(name: str) -> None:
    path = PLANS / f"{name}.pdf"
    facts = expected(name)
    doc = source_doc(name)
    assert path.stat().st_size < 100_000, "subset fonts: a sample PDF stays under 100 KB"
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == EXPECTED_PAGES[name]
        texts = [nfc(page.extract_text() or "") for page in pdf.pages]
        for page in pdf.pages:
            assert page.width == pytest.approx(595.28, abs=0.5)
            assert page.height == pytest.approx(841.89, abs=0.5)
    first = texts[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert "KẾ HOẠCH" in first
    if facts["number"] is None:
        assert re.search(r"Số:\s*/KH-", first), "a blank draft number still prints its line"
    else:
        assert f"Số: {facts['number']}" in first
    assert nfc(doc.issuer[0]) in first
    # Decree 30: from page 2 on, the page number heads the page.
    for number, text in enumerate(texts[1:], start=2):
        assert text.splitlines()[0].strip() == str(number)
    closing_pages = [text for text in texts if "Nơi nhận:" in text]
    assert len(closing_pages) == 1
    assert nfc(facts["signer"]["name"]) in closing_pages[0]
    assert nfc(facts["signer"]["title"]) in closing_pages[0]
    for body_text in texts:
        assert len(body_text) > 200, "every page has a text layer"


@pytest.mark.parametrize("key", sorted(EXPECTED_REPORT_PAGES))
def test_report_pdf_pages_text_layer_and_layout(key: str) -> None:
    set_name, name = key.split("/")
    path = REPORTS / set_name / f"{name}.pdf"
    doc = make_samples.parse_source(make_samples.REPORT_SOURCES_DIR / set_name / f"{name}.txt", report=True)
    assert path.stat().st_size < 100_000
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == EXPECTED_REPORT_PAGES[key]
        texts = [nfc(page.extract_text() or "") for page in pdf.pages]
    first = texts[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and "BÁO CÁO" in first
    assert nfc(doc.number) in first and nfc(doc.place_date) in first
    assert all(nfc(line) in first for line in doc.issuer)
    for number, text in enumerate(texts[1:], start=2):
        assert text.splitlines()[0].strip() == str(number)
    closing = next(block.closing for block in doc.blocks if block.kind == "closing")
    closing_pages = [text for text in texts if "Nơi nhận:" in text]
    assert len(closing_pages) == 1 and nfc(closing.signer) in closing_pages[0]


def test_report_docx_header_and_result_table() -> None:
    import docx

    word = docx.Document(str(REPORTS / "seed" / "tcpc_47-BC-TCPC.docx"))
    assert word.tables[0].cell(0, 0).text == "SỞ VHTTDL TỈNH CAO BẰNG\nPHÒNG TỔ CHỨC - PHÁP CHẾ"
    assert word.tables[0].cell(1, 0).text == "Số: 47/BC-TCPC"
    assert word.core_properties.created == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with pdfplumber.open(REPORTS / "seed" / "ttxtdl_38-BC-TTXTDL.pdf") as pdf:
        table = pdf.pages[0].extract_tables()[0]
    assert [nfc(cell or "") for cell in table[0]] == ["STT", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện", "Tỷ lệ %"]
    assert [nfc(cell or "") for cell in table[1]] == [
        "1", "Tổng lượt khách du lịch đến tỉnh", "Lượt", "23.100.000", "21.450.000", "92,9",
    ]


def test_scanned_report_is_deterministic_and_image_only(tmp_path: Path) -> None:
    """make_scans --reports: the same bytes on every run, no text layer, the born-digital page count."""
    make_scans = load("make_scans")
    first = make_scans.scan_reports(tmp_path / "a", workers=1)
    again = make_scans.scan_reports(tmp_path / "b", workers=1)
    assert set(first) == set(SCANNED_REPORTS)
    for key, (_, pages) in SCANNED_REPORTS.items():
        assert first[key].read_bytes() == again[key].read_bytes()
        assert first[key].stat().st_size > 400_000, "too big to commit: generated, like the plans' scans"
        with pdfplumber.open(first[key]) as pdf:
            assert len(pdf.pages) == pages
            assert not (pdf.pages[0].extract_text() or "").strip()
    assembled = make_scans.report_set("seed", tmp_path / "set", scans_dir=tmp_path / "a", workers=1)
    designed = json.loads((EXPECTED / "reconcile" / "seed.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in assembled.iterdir()) == sorted(r["file"] for r in designed["reports"])


def test_appendices_start_on_their_own_pages() -> None:
    with pdfplumber.open(PLANS / "ninhbinh_27-KH-SKHCN.pdf") as pdf:
        third, fourth = (nfc(page.extract_text() or "") for page in pdf.pages[2:4])
        tables = pdf.pages[3].extract_tables()
    assert third.splitlines()[1].startswith("PHỤ LỤC I: CHỈ TIÊU")
    assert fourth.splitlines()[1].startswith("PHỤ LỤC II: PHÂN CÔNG NHIỆM VỤ")
    header = [nfc((cell or "").replace("\n", " ")) for cell in tables[0][0]]
    assert header == [
        "STT",
        "Nội dung nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
        "Sản phẩm",
    ]
    assert len(tables[0]) == 10


def test_docx_has_borderless_header_and_word_tables() -> None:
    import docx

    word = docx.Document(str(PLANS / "ninhbinh_27-KH-SKHCN.docx"))
    header = word.tables[0]
    assert header.cell(0, 0).text == "UBND TỈNH NINH BÌNH\nSỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert header.cell(0, 1).text.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert header.cell(1, 0).text == "Số: 27/KH-SKHCN"
    assert header._tbl.tblPr.find(docx.oxml.ns.qn("w:tblBorders")) is None
    grids = [table for table in word.tables if table.style is not None and table.style.name == "Table Grid"]
    assert [len(table.rows) for table in grids] == [10, 10]
    assert grids[1].cell(0, 2).text == "Cơ quan chủ trì"
    assert word.core_properties.created == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


# --------------------------------------------------------------------------- the hand-written facts


def _date_after(text: str, start: int) -> str | None:
    """The first date written after ``start`` (d/m/yyyy or 'ngày d tháng m năm yyyy'), as ISO."""
    window = text[start : start + 90]
    match = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})|ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})", window)
    if not match:
        return None
    day, month, year = (int(g) for g in (match.groups()[:3] if match.group(1) else match.groups()[3:]))
    return dt.date(year, month, day).isoformat()


def _number_forms(value: float) -> set[str]:
    """How a value can be written in Vietnamese: 23.100, 71,5, 03 (zero-padded counts)."""
    if value == int(value):
        whole = int(value)
        return {f"{whole:,}".replace(",", "."), str(whole), f"{whole:02d}"}
    return {f"{value:,}".replace(",", "X").replace(".", ",").replace("X", ".")}


@pytest.mark.parametrize("name", sorted(EXPECTED_PAGES))
def test_expected_facts_agree_with_their_source(name: str) -> None:
    facts = expected(name)
    doc = source_doc(name)
    text = source_text(name)
    assert set(facts) == {
        "doc_type",
        "number",
        "issued_date",
        "place",
        "issuer",
        "signer",
        "references",
        "targets",
        "deadlines",
        "responsibilities",
        "recipients",
    }
    assert facts["doc_type"] == "ke_hoach" and doc.type_line == "KẾ HOẠCH"

    if facts["number"] is None:
        assert re.fullmatch(r"Số:\s+/KH-\w+", doc.number)
    else:
        assert doc.number == f"Số: {facts['number']}"
    assert doc.place_date.startswith(f"{facts['place']}, ngày")
    if facts["issued_date"] is None:
        assert re.search(r"ngày\s+tháng", doc.place_date), "only a blank day makes the date null"
    else:
        assert _date_after(doc.place_date, 0) == facts["issued_date"]
    assert facts["issuer"] == doc.issuer_name

    closing = next(block.closing for block in doc.blocks if block.kind == "closing")
    assert facts["signer"] == {
        "name": closing.signer,
        "title": closing.title,
        "authority": " ".join(closing.authority) or None,
    }
    assert facts["recipients"] == [line.removeprefix("- ").rstrip(";.") for line in closing.recipients]

    own = facts["number"]
    for ref in facts["references"]:
        if ref["number"] is None and ref["date"] is None:  # a law identified by its year: its title says it
            assert set(ref) == {"number", "title", "date"} and ref["title"] in text, ref
            continue
        if ref["number"] is None:
            assert set(ref) == {"number", "title", "date"}
            at = text.find(f"{ref['title']} ngày")
        else:
            assert set(ref) == {"number", "date"} and ref["number"] != own
            at = text.find(ref["number"])
        assert at >= 0, ref
        assert _date_after(text, at) == ref["date"], ref
    numbers = [ref["number"] for ref in facts["references"] if ref["number"]]
    assert len(numbers) == len(set(numbers))

    lowered = text.lower()
    for target in facts["targets"]:
        assert set(target) == {"metric_contains", "value", "unit", "base_value", "comparator"}
        assert target["comparator"] in COMPARATORS
        assert target["metric_contains"].lower() in lowered, target
        assert any(form in text for form in _number_forms(target["value"])), target
        unit = target["unit"]
        assert unit == "%" or unit == unit.lower(), target
        scale = SCALES.get(unit.split()[0], 1.0)
        assert target["base_value"] == pytest.approx(target["value"] * scale), target

    pairs = [(d["date"], d["relation"]) for d in facts["deadlines"]]
    assert len(pairs) == len(set(pairs)), "one entry per distinct (date, relation)"
    for date, relation in pairs:
        assert relation in RELATIONS
        if relation in ("recurring", "ongoing"):
            assert date is None
        else:
            dt.date.fromisoformat(date)

    units = [(r["unit"], r["role"]) for r in facts["responsibilities"]]
    assert len(units) == len(set(units))
    for unit, role in units:
        assert role in ROLES
        assert "–" not in unit and unit in text, unit
