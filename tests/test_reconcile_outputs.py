"""The reconciliation outputs written from a hand-built Reconciliation: JSON, CSV, XLSX, HTML and DOCX.

The fixture has every flag kind, Vietnamese text with diacritics, a target
nobody reported, a late unit (from a scan), a missing unit, a superseded
report and an unknown unit whose name is an HTML injection attempt. Its
files are copies of the seed plan and a seed report under the fixture's
names (one has a space and an en dash in its name), so the sources can be
copied beside the page and cropped.
"""

from __future__ import annotations

import csv
import re
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from pipeline.report.outputs import write_reconciliation
from pipeline.report.tables import COUNT_COLUMNS, FLAG_COLUMNS, TARGET_COLUMNS, UNIT_COLUMNS
from schemas.page import BBox
from schemas.provenance import Provenance
from schemas.reconciliation import (
    Evidence,
    Flag,
    FlagKind,
    Note,
    Reconciliation,
    ReportState,
    ReportStatus,
    ResultMatch,
    TargetAttainment,
    TargetStatus,
    flat_counts,
)

ROOT = Path(__file__).resolve().parent.parent
MALICIOUS = "<script>alert(1)</script>"
SHORTFALL_TEXT = 'đón 20.500 nghìn lượt khách, đạt "88,7%" <so với kế hoạch>'


def prov(page: int, text: str, source: str = "text_layer", confidence: float = 1.0) -> Provenance:
    return Provenance(page=page, bbox=BBox(x0=72, y0=100 + page, x1=500, y1=114 + page), span=(page * 100, page * 100 + len(text)),
                      text=text, source=source, confidence=confidence)


def sample_reconciliation(base: Path) -> Reconciliation:
    """A small, realistic reconciliation of three unit reports against Kế hoạch 19/KH-SVHTTDL.

    Files live under `base`: copies of sample PDFs under the names below (the DOCX one is a DOCX).
    """
    plan_file = str(base / "samples" / "plans" / "seed_19-KH-SVHTTDL.pdf")
    bao_lam = str(base / "samples" / "reports" / "bao_cao_bao_lam.docx")
    bao_lam_first = str(base / "samples" / "reports" / "bao_cao_bao_lam_lan1.pdf")
    trung_tam = str(base / "samples" / "reports" / "BC Trung tâm Văn hóa – Điện ảnh.pdf")
    unknown = str(base / "samples" / "reports" / "bc_khong_ro.pdf")
    copies = {plan_file: "samples/plans/seed_19-KH-SVHTTDL.pdf", bao_lam: "samples/reports/seed/tcpc_47-BC-TCPC.docx",
              bao_lam_first: "samples/reports/seed/qldl_52-BC-QLDL.pdf",
              trung_tam: "samples/reports/seed/qldl_58-BC-QLDL.pdf", unknown: "samples/reports/seed/dnt_40-BC-DNT.pdf"}
    for target, source in copies.items():
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        Path(target).write_bytes((ROOT / source).read_bytes())
    deadline_text = "Các đơn vị gửi báo cáo kết quả về Sở trước ngày 15/6/2026"
    p_deadline = prov(5, deadline_text)
    p_visitors = prov(2, "Phấn đấu đón 23.100 nghìn lượt khách du lịch trở lên")
    p_revenue = prov(2, "Doanh thu từ du lịch đạt 3.350 tỷ đồng")
    p_culture = prov(3, "Tỷ lệ xã có nhà văn hóa đạt từ 70% trở lên")
    p_task = prov(4, "Tổ chức Liên hoan nghệ thuật quần chúng tỉnh Cao Bằng lần thứ XII")
    r_visitors = prov(2, SHORTFALL_TEXT, source="ocr", confidence=0.81)
    r_revenue = prov(1, "Doanh thu du lịch ước đạt 3.500 tỷ đồng")
    r_late_date = prov(1, "Cao Bằng, ngày 20 tháng 6 năm 2026", source="ocr", confidence=0.88)
    r_lowconf = prov(1, "BÁO CÁO Kết quả thực hiện ... (chữ mờ)", source="ocr", confidence=0.42)

    unit_ok = "Phòng Văn hóa và Thông tin huyện Bảo Lâm"
    unit_late = "Trung tâm Văn hóa – Điện ảnh tỉnh Cao Bằng"
    unit_missing = "Ban Quản lý Công viên địa chất Non nước Cao Bằng"

    reports = [
        ReportStatus(unit=unit_ok, state=ReportState.ON_TIME, file=bao_lam, number="45/BC-VHTT",
                     issued_date="2026-06-10", deadline="2026-06-15", days_late=0, provenance=r_revenue),
        ReportStatus(unit=unit_ok, state=ReportState.SUPERSEDED, file=bao_lam_first, number="40/BC-VHTT",
                     issued_date="2026-06-02", deadline="2026-06-15",
                     note={"vi": "đã được thay thế bằng báo cáo số 45/BC-VHTT ngày 10/06/2026",
                           "en": "superseded by 45/BC-VHTT of 2026-06-10"}),
        ReportStatus(unit=unit_late, state=ReportState.LATE, file=trung_tam, number="112/BC-TTVHĐA",
                     issued_date="2026-06-20", deadline="2026-06-15", days_late=5, provenance=r_late_date),
        ReportStatus(unit=unit_missing, state=ReportState.MISSING, deadline="2026-06-15"),
        ReportStatus(unit=MALICIOUS, state=ReportState.UNKNOWN_UNIT, file=unknown,
                     note={"vi": "đơn vị không có trong danh sách", "en": "issuer matches no roster unit"}),
    ]
    targets = [
        TargetAttainment(metric="lượt khách du lịch", comparator="gte", value=23_100_000, unit="lượt",
                         raw_value="23.100 nghìn lượt", status=TargetStatus.SHORTFALL, provenance=p_visitors,
                         results=[ResultMatch(unit=unit_late, file=trung_tam, value=20_500_000, percent=88.7445,
                                              met=False, score=0.93, provenance=r_visitors)]),
        TargetAttainment(metric="doanh thu từ du lịch", comparator="eq", value=3_350_000_000_000, unit="đồng",
                         raw_value="3.350 tỷ đồng", status=TargetStatus.MET, provenance=p_revenue,
                         results=[ResultMatch(unit=unit_ok, file=bao_lam, value=3_500_000_000_000, percent=None,
                                              met=True, score=0.88, provenance=r_revenue)]),
        TargetAttainment(metric="tỷ lệ xã có nhà văn hóa", comparator="gte", value=70, unit="%",
                         raw_value="70%", status=TargetStatus.NOT_REPORTED, provenance=p_culture),
    ]
    flags = [
        Flag(kind=FlagKind.MISSING_REPORT, unit=unit_missing,
             message={"vi": f"{unit_missing} chưa gửi báo cáo (hạn 15/6/2026).",
                      "en": f"{unit_missing} has not reported (due 2026-06-15)."},
             plan=Evidence(file=plan_file, provenance=p_deadline)),
        Flag(kind=FlagKind.LATE_REPORT, unit=unit_late,
             message={"vi": f"{unit_late} gửi báo cáo muộn 5 ngày.", "en": f"{unit_late} reported 5 days late."},
             plan=Evidence(file=plan_file, provenance=p_deadline), report=Evidence(file=trung_tam, provenance=r_late_date)),
        Flag(kind=FlagKind.TARGET_NOT_REPORTED, target="tỷ lệ xã có nhà văn hóa",
             message={"vi": "Chưa đơn vị nào báo cáo chỉ tiêu: tỷ lệ xã có nhà văn hóa (≥ 70%).",
                      "en": "No report gives the target: share of communes with a cultural house (≥ 70%)."},
             plan=Evidence(file=plan_file, provenance=p_culture)),
        Flag(kind=FlagKind.TARGET_SHORTFALL, unit=unit_late, target="lượt khách du lịch",
             achieved=20_500_000, expected=23_100_000, percent=88.7445,
             message={"vi": "Lượt khách du lịch đạt 20.500.000/23.100.000 lượt (88,7% chỉ tiêu).",
                      "en": "Tourist visits 20,500,000 of 23,100,000 (88.7% of target)."},
             plan=Evidence(file=plan_file, provenance=p_visitors), report=Evidence(file=trung_tam, provenance=r_visitors)),
        Flag(kind=FlagKind.TASK_NOT_ADDRESSED, unit=unit_ok, task="Tổ chức Liên hoan nghệ thuật quần chúng",
             message={"vi": f"Báo cáo của {unit_ok} không đề cập nhiệm vụ: Tổ chức Liên hoan nghệ thuật quần chúng.",
                      "en": f"The report of {unit_ok} does not address: the mass-art festival."},
             plan=Evidence(file=plan_file, provenance=p_task), report=Evidence(file=bao_lam, provenance=None)),
        Flag(kind=FlagKind.LOW_CONFIDENCE, unit=MALICIOUS,
             message={"vi": "Văn bản quét mờ, độ tin cậy nhận dạng 42%: cần kiểm tra lại.",
                      "en": "Blurred scan, recognition confidence 42%: please check."},
             report=Evidence(file=unknown, provenance=r_lowconf)),
    ]
    rec = Reconciliation(
        plan="19/KH-SVHTTDL",
        plan_file=plan_file,
        plan_title="Kế hoạch tổ chức các hoạt động văn hóa, thể thao và du lịch năm 2026",
        plan_date="2026-01-15",
        reports=reports,
        targets=targets,
        flags=flags,
        met=["Doanh thu từ du lịch: đạt 3.500 tỷ đồng (104,5% chỉ tiêu) — Phòng Văn hóa và Thông tin huyện Bảo Lâm"],
        notes=[Note(file=bao_lam_first, message={
                   "vi": "bao_cao_bao_lam_lan1.pdf (40/BC-VHTT) đã được thay thế bằng 45/BC-VHTT của cùng đơn vị",
                   "en": "bao_cao_bao_lam_lan1.pdf (40/BC-VHTT) superseded by 45/BC-VHTT from the same unit"}),
               Note(file=unknown, message={"vi": f"bc_khong_ro.pdf: đơn vị {MALICIOUS!r} không có trong danh sách",
                                           "en": f"bc_khong_ro.pdf: issuer {MALICIOUS!r} matches no roster unit"})],
    )
    return rec.model_copy(update={"counts": flat_counts(rec.tally())})


@pytest.fixture
def rec(tmp_path: Path) -> Reconciliation:
    return sample_reconciliation(tmp_path)


@pytest.fixture
def outputs(rec: Reconciliation, tmp_path: Path) -> dict[str, Path]:
    return write_reconciliation(rec, tmp_path / "out", pdf=False)


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


class LinkParser(HTMLParser):
    """Every <a href> with its title, every resource attribute, every <script> and the SVG bars."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str | None]] = []
        self.resources: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.bars: list[str | None] = []
        self.flag_rows: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "a":
            self.links.append((attr.get("href") or "", attr.get("title")))
        if tag == "script":
            self.scripts.append(attr)
        if tag == "g" and "bar" in (attr.get("class") or "").split():
            self.bars.append(attr.get("data-status"))
        if tag == "tr" and "flag" in (attr.get("class") or "").split():
            self.flag_rows.append(attr.get("data-kind"))
        for name in ("src", "srcset", "data", "poster", "background"):
            if attr.get(name):
                self.resources.append(attr[name])
        if tag == "link":
            self.resources.append(attr.get("href") or "")


def parse_html(path: Path) -> LinkParser:
    parser = LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_output_is_written(outputs: dict[str, Path]) -> None:
    assert set(outputs) == {"json", "counts_csv", "flags_csv", "targets_csv", "units_csv", "xlsx", "html", "docx"}
    for key, path in outputs.items():
        assert path.is_file() and path.stat().st_size > 0, key
    assert outputs["json"].name == "reconciliation.json"
    assert outputs["html"].name == "reconciliation.html"


def test_json_round_trips(rec: Reconciliation, outputs: dict[str, Path]) -> None:
    text = outputs["json"].read_text(encoding="utf-8")
    assert Reconciliation.model_validate_json(text) == rec
    assert "Trung tâm Văn hóa – Điện ảnh" in text  # diacritics written as text, not \u escapes


def test_csv_files_have_a_bom_for_excel(outputs: dict[str, Path]) -> None:
    for key in ("counts_csv", "flags_csv", "targets_csv", "units_csv"):
        assert outputs[key].read_bytes().startswith(b"\xef\xbb\xbf"), key


def test_flags_csv(rec: Reconciliation, outputs: dict[str, Path]) -> None:
    header, rows = read_csv(outputs["flags_csv"])
    assert header == [c.key for c in FLAG_COLUMNS]
    assert len(rows) == len(rec.flags) == 6
    assert {r["kind"] for r in rows} == {k.value for k in FlagKind}
    by_kind = {r["kind"]: r for r in rows}
    short = by_kind["target_shortfall"]
    assert short["message_vi"] == "Lượt khách du lịch đạt 20.500.000/23.100.000 lượt (88,7% chỉ tiêu)."
    assert short["kind_vi"] == "Chỉ tiêu không đạt"
    assert (short["achieved"], short["expected"], short["percent"]) == ("20500000", "23100000", "88.74")
    assert short["report_page"] == "2" and short["report_text"] == SHORTFALL_TEXT
    assert short["report_file"].endswith("BC Trung tâm Văn hóa – Điện ảnh.pdf")
    missing = by_kind["missing_report"]
    assert missing["unit"] == "Ban Quản lý Công viên địa chất Non nước Cao Bằng"
    assert missing["plan_page"] == "5" and missing["report_file"] == ""
    assert by_kind["low_confidence"]["unit"] == MALICIOUS  # CSV keeps data as it is


def test_targets_csv_has_a_row_per_result_and_one_for_an_unreported_target(rec, outputs) -> None:
    header, rows = read_csv(outputs["targets_csv"])
    assert header == [c.key for c in TARGET_COLUMNS]
    assert len(rows) == sum(max(1, len(t.results)) for t in rec.targets) == 3
    visitors, revenue, culture = rows
    assert visitors["metric"] == "lượt khách du lịch" and visitors["comparator_sign"] == "≥"
    assert visitors["goal"] == "≥ 23.100 nghìn lượt" and revenue["goal"] == "3.350 tỷ đồng"  # '=' is not shown
    assert visitors["status_vi"] == "Không đạt" and visitors["met"] == "không đạt"
    assert visitors["reporting_unit"] == "Trung tâm Văn hóa – Điện ảnh tỉnh Cao Bằng"
    assert revenue["target_value"] == "3350000000000" and revenue["achieved"] == "3500000000000"
    assert revenue["percent"] == "104.48"  # computed when the report states none
    assert culture["status"] == "not_reported" and culture["status_vi"] == "Chưa báo cáo"
    assert culture["reporting_unit"] == culture["achieved"] == culture["report_file"] == ""
    assert culture["plan_page"] == "3" and culture["plan_text"] == "Tỷ lệ xã có nhà văn hóa đạt từ 70% trở lên"


def test_units_csv(rec: Reconciliation, outputs: dict[str, Path]) -> None:
    header, rows = read_csv(outputs["units_csv"])
    assert header == [c.key for c in UNIT_COLUMNS]
    assert len(rows) == len(rec.reports) == 5
    assert [r["state"] for r in rows] == ["on_time", "superseded", "late", "missing", "unknown_unit"]
    late = rows[2]
    assert (late["state_vi"], late["days_late"], late["deadline"]) == ("Muộn", "5", "2026-06-15")
    assert late["number"] == "112/BC-TTVHĐA"
    assert rows[1]["note_vi"] == "đã được thay thế bằng báo cáo số 45/BC-VHTT ngày 10/06/2026"
    assert rows[1]["note_en"] == "superseded by 45/BC-VHTT of 2026-06-10"
    assert rows[3]["file"] == "" and rows[3]["state_vi"] == "Chưa gửi"


def test_xlsx_sheets_headers_and_formats(rec: Reconciliation, outputs: dict[str, Path]) -> None:
    book = load_workbook(outputs["xlsx"])
    assert book.sheetnames == ["Tổng hợp", "Cảnh báo", "Chỉ tiêu", "Đơn vị"]
    expected_rows = {"Tổng hợp": len(read_csv(outputs["counts_csv"])[1]), "Cảnh báo": 6, "Chỉ tiêu": 3, "Đơn vị": 5}
    headers = {}
    for name, sheet in zip(book.sheetnames, book.worksheets, strict=True):
        assert sheet.max_row == expected_rows[name] + 1, name
        assert sheet.freeze_panes == "A2", name
        assert all(cell.font.bold for cell in sheet[1]), name
        headers[name] = [cell.value for cell in sheet[1]]
        for letter, dimension in sheet.column_dimensions.items():
            assert 8 <= dimension.width <= 60, (name, letter)
    assert headers["Cảnh báo"][:3] == ["Loại cảnh báo", "Đơn vị", "Nội dung"]
    assert "Mã loại" not in headers["Cảnh báo"]  # the code column is for the CSV only
    assert headers["Chỉ tiêu"] == [
        "Chỉ tiêu", "Mức đề ra (như kế hoạch ghi)", "Giá trị chỉ tiêu", "Đơn vị tính", "Trạng thái",
        "Đơn vị báo cáo", "Kết quả đạt", "% so với chỉ tiêu", "Đạt/không đạt", "Trang (KH)",
        "Trích kế hoạch", "Tệp báo cáo", "Trang (BC)", "Trích báo cáo",
    ]
    assert headers["Đơn vị"] == ["Đơn vị", "Tình trạng", "Tệp báo cáo", "Số văn bản", "Ngày văn bản",
                                 "Hạn báo cáo", "Số ngày muộn", "Ghi chú", "Note (English)"]
    targets = book["Chỉ tiêu"]
    percent = targets.cell(row=2, column=headers["Chỉ tiêu"].index("% so với chỉ tiêu") + 1)
    assert percent.value == pytest.approx(0.8874) and "%" in percent.number_format
    assert targets.cell(row=4, column=1).value == "tỷ lệ xã có nhà văn hóa"
    assert targets.cell(row=4, column=headers["Chỉ tiêu"].index("Đơn vị báo cáo") + 1).value is None  # not reported
    units = book["Đơn vị"]
    assert units.cell(row=4, column=1).value == "Trung tâm Văn hóa – Điện ảnh tỉnh Cao Bằng"
    assert units.cell(row=4, column=5).value.isoformat().startswith("2026-06-20")
    assert units.cell(row=4, column=7).value == 5


def test_html_lists_every_flag_with_escaped_text(rec: Reconciliation, outputs: dict[str, Path]) -> None:
    html = outputs["html"].read_text(encoding="utf-8")
    parsed = parse_html(outputs["html"])
    assert parsed.flag_rows == [k.value for k in FlagKind]  # one row per flag, in severity order
    for flag in rec.flags:
        if flag.unit:
            assert escape(flag.unit) in html
        assert escape(flag.message["vi"]) in html
        assert escape(flag.message["en"]) in html
    assert rec.plan in html and "Kế hoạch tổ chức các hoạt động văn hóa" in html
    assert "15/01/2026" in html


def test_html_links_to_copies_of_the_cited_pages(rec: Reconciliation, outputs: dict[str, Path]) -> None:
    """Links are relative, to copies in sources/ beside the page (so the folder can be mailed whole)."""
    parsed = parse_html(outputs["html"])
    links = set(parsed.links)
    for flag in rec.flags:
        for evidence in (flag.plan, flag.report):
            if evidence is None:
                continue
            name = Path(evidence.file).name
            copy = outputs["html"].parent / "sources" / name
            assert copy.read_bytes() == Path(evidence.file).read_bytes(), name
            href = quote(f"sources/{name}")
            if evidence.provenance and name.endswith(".pdf"):
                assert (f"{href}#page={evidence.provenance.page}", evidence.provenance.text) in links
            elif evidence.provenance:  # a DOCX has no pages to jump to
                assert (href, evidence.provenance.text) in links
    shortfall = next(f.report for f in rec.flags if f.kind == FlagKind.TARGET_SHORTFALL)
    href = "sources/BC%20Trung%20t%C3%A2m%20V%C4%83n%20h%C3%B3a%20%E2%80%93%20%C4%90i%E1%BB%87n%20%E1%BA%A3nh.pdf#page=2"
    assert (href, SHORTFALL_TEXT) in links, shortfall  # quotes and angle brackets survive the attribute intact
    assert all(not h.startswith(("file:", "/")) and "://" not in h for h, _ in parsed.links)


def test_html_escapes_data_and_loads_nothing(outputs: dict[str, Path]) -> None:
    html = outputs["html"].read_text(encoding="utf-8")
    assert MALICIOUS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    parsed = parse_html(outputs["html"])
    assert len(parsed.scripts) == 2 and all("src" not in s for s in parsed.scripts)  # only the page's own
    assert parsed.resources and all(r.startswith("data:image/png;base64,") for r in parsed.resources)  # crops
    assert not re.search(r"""(?:href|src)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"url\(|@import|https?://", html, re.IGNORECASE)
    assert "Content-Security-Policy" in html and "default-src 'none'" in unescape(html)  # attribute, entity-escaped


def test_html_chart_has_one_bar_per_target(rec: Reconciliation, outputs: dict[str, Path]) -> None:
    parsed = parse_html(outputs["html"])
    assert parsed.bars == [t.status.value for t in rec.targets]
    html = outputs["html"].read_text(encoding="utf-8")
    assert html.count('class="hundred"') == 1  # the 100% line
    assert "88,7%" in html and "104,5%" in html  # achieved % per reported bar
    assert re.search(r'class="inbar"[^>]*>Chưa báo cáo<', html)  # the unreported target says so in its bar


def test_outputs_for_an_empty_reconciliation(tmp_path: Path) -> None:
    """A plan with no targets and no reports still gives valid, readable outputs."""
    rec = Reconciliation(plan="01/KH-UBND")
    paths = write_reconciliation(rec, tmp_path, pdf=False)
    assert read_csv(paths["flags_csv"]) == ([c.key for c in FLAG_COLUMNS], [])
    assert [r["value"] for r in read_csv(paths["counts_csv"])[1]] == ["0"] * len(read_csv(paths["counts_csv"])[1])
    book = load_workbook(paths["xlsx"])
    assert [s.max_row for s in book.worksheets][1:] == [1, 1, 1]
    html = paths["html"].read_text(encoding="utf-8")
    assert "Không có cảnh báo" in html and "<svg" not in html


def test_counts_csv_holds_the_one_tally(rec: Reconciliation, outputs: dict[str, Path]) -> None:
    header, rows = read_csv(outputs["counts_csv"])
    assert header == [c.key for c in COUNT_COLUMNS]
    values = {r["key"]: int(r["value"]) for r in rows}
    # the fixture: four files came (one superseded), three count (on time, late, outside the roster), one unit missing
    assert (values["documents"], values["received"], values["set_aside"], values["missing"]) == (4, 3, 1, 1)
    assert (values["on_time"], values["late"], values["unknown_unit"]) == (1, 1, 1)
    assert (values["targets"], values["targets_met"], values["flags"]) == (3, 1, 6)


def test_a_pdf_place_is_cropped_and_a_docx_place_is_quoted(rec: Reconciliation, tmp_path: Path) -> None:
    """A DOCX has no page geometry (synthetic boxes): its cited text is shown; a PDF's cited box is cropped."""
    docx_file = next(r.file for r in rec.reports if r.file and r.file.endswith(".docx"))
    said = "Phòng đã tổ chức 02 hội nghị phổ biến pháp luật cho công chức"
    task = next(f for f in rec.flags if f.kind == FlagKind.TASK_NOT_ADDRESSED)
    task.report = Evidence(file=docx_file, provenance=prov(1, said))
    html = write_reconciliation(rec, tmp_path / "out", pdf=False)["html"].read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="flag" data-kind="(\w+)">(.*?)</tr>', html, re.DOTALL)
    cells = {kind: re.findall(r'<td class="ev-cell">(.*?)</td>', row, re.DOTALL) for kind, row in rows}
    plan_side, report_side = cells["task_not_addressed"]
    assert "<img src=\"data:image/png;base64," in plan_side  # the plan is a PDF
    assert "<img" not in report_side and f'<q class="quote">{said}</q>' in report_side
    assert 'href="sources/bao_cao_bao_lam.docx"' in report_side  # no page to jump to in a DOCX
