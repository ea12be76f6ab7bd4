"""What the office sends on: the outputs of `vanban run --plan` on both sample sets, checked as a reader uses them.

Each set is reconciled once through the public command (tests/reconcile_runs.py).
Expectations come from the designed outcomes (samples/expected/reconcile/<set>.json,
written by hand from the report sources) and from the documents themselves
(the plans' headers and numbers), never from a program's output:

- every output (CLI summary, HTML, XLSX, JSON, DOCX) gives the same counts,
  and they are the designed ones;
- notes and the units' remarks are in Vietnamese with the English beside;
- units are listed missing, late, short, on time, outside the roster, then
  the documents set aside;
- summary.csv says what each row is, and a report's results are results;
- the draft report (bao-cao-tong-hop.docx) has the Decree 30 header block,
  cites the plan, and its target table is reconciliation.json's.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from pipeline.reconcile.labels import percent_vi
from pipeline.report.tables import result_percent
from pipeline.report.tally import COUNT_LINES
from pipeline.text.normalize import fold
from schemas.reconciliation import Reconciliation
from tests import reconcile_runs
from tests.reconcile_runs import SetRun

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# From the plans' own headers (samples/sources/<plan>.txt): parent, issuer, symbol code, place, date.
PLAN_HEADERS = {
    "seed": ("UBND TỈNH CAO BẰNG", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "SVHTTDL", "Cao Bằng",
             "Kế hoạch số 19/KH-SVHTTDL ngày 30/01/2026"),
    "ninhbinh": ("UBND TỈNH NINH BÌNH", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "SKHCN", "Ninh Bình",
                 "Kế hoạch số 27/KH-SKHCN ngày 23/01/2026"),
}

# The notes each set must carry, from its design (the "notes" and "reports" of the designed outcome): the
# file, and what the Vietnamese says in the words and figures of the documents.
NOTES_VI = {
    "seed": {
        "qldl_52-BC-QLDL.pdf": ["Phòng Quản lý Du lịch đã gửi báo cáo sau",
                                "thay thế bằng báo cáo số 58/BC-QLDL ngày 08/12/2026"],
        "ttxtdl_24-BC-TTXTDL.pdf": ["không dẫn kế hoạch nào", "không đưa vào tổng hợp"],
        "qlvh_66-BC-QLVH.pdf": ["dẫn Kế hoạch số 33/KH-SVHTTDL, không phải Kế hoạch số 19/KH-SVHTTDL",
                                "không đưa vào tổng hợp"],
        "dnt_40-BC-DNT.pdf": ["“ĐOÀN NGHỆ THUẬT TỈNH” không có trong danh sách đơn vị", "kết quả vẫn được tính"],
    },
    "ninhbinh": {},
}

VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)

# The reader's order (pipeline/reconcile/order.py) as the design states each report: missing, late, short of a
# target while on time, on time, outside the roster, superseded, for another plan or none.
GROUPS = ["missing", "late", "short", "on_time", "unknown_unit", "superseded", "not_for_plan"]


@pytest.fixture(scope="module", params=reconcile_runs.SETS)
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> SetRun:
    return reconcile_runs.run_set(request.param, tmp_path_factory)


# ----------------------------------------------------------------------------- the designed counts


def designed_counts(expected: dict[str, Any]) -> dict[str, int]:
    """The counts the design implies: its reports' states, its missing units, its targets and flags."""
    states = [r["state"] for r in expected["reports"]]
    def key(entry: dict[str, Any]) -> tuple[str, str]:  # two targets may read '100': their metrics tell them apart
        return entry["target"], entry.get("metric_contains", "")

    short = {key(f) for f in expected["flags"] if f["kind"] == "target_shortfall"}
    not_reported = {key(f) for f in expected["flags"] if f["kind"] == "target_not_reported"}
    met = {key(m) for m in expected["met"]} - short
    return {
        "documents": len(states),
        "received": sum(s in {"on_time", "late", "undated", "unknown_unit"} for s in states),
        "on_time": states.count("on_time"), "late": states.count("late"), "unknown_unit": states.count("unknown_unit"),
        "set_aside": sum(s in {"superseded", "not_for_plan"} for s in states),
        "missing": len(expected["missing"]),
        "targets": len(expected["target_legend"]),
        "targets_met": len(met), "targets_shortfall": len(short), "targets_not_reported": len(not_reported),
        "flags": len(expected["flags"]),
    }


SENTENCE = re.compile(
    r"đã nhận (?P<documents>\d+) văn bản: (?P<received>\d+) báo cáo được tính \((?P<on_time>\d+) đúng hạn, "
    r"(?P<late>\d+) muộn(?:, (?P<undated>\d+) không rõ ngày)?(?:, (?P<unknown_unit>\d+) của đơn vị ngoài danh sách)?\)"
    r"(?:; (?P<set_aside>\d+) văn bản để riêng \([^)]*\))?; (?P<missing>\d+) đơn vị chưa gửi báo cáo", re.IGNORECASE,
)
TARGETS_SENTENCE = re.compile(r"(?P<targets>\d+) chỉ tiêu: (?P<targets_met>\d+) đạt, (?P<targets_shortfall>\d+) "
                              r"không đạt, (?P<targets_not_reported>\d+) chưa có báo cáo(?:; (?P<flags>\d+) cảnh báo)?")


def sentence_counts(text: str) -> dict[str, int]:
    """The counts a Vietnamese summary sentence states (CLI, HTML and DOCX all say them this way)."""
    found = SENTENCE.search(text)
    assert found, f"no count sentence in: {text[:400]}"
    counts = {k: int(v) for k, v in found.groupdict().items() if v is not None}
    counts.setdefault("unknown_unit", 0)
    counts.setdefault("set_aside", 0)
    targets = TARGETS_SENTENCE.search(text)
    assert targets, f"no target sentence in: {text[:400]}"
    counts |= {k: int(v) for k, v in targets.groupdict().items() if v is not None}
    return counts


def test_every_output_gives_the_designed_counts(run: SetRun) -> None:
    want = designed_counts(run.expected)
    keys = list(want)

    cli = sentence_counts(run.stderr)
    assert {k: cli[k] for k in keys if k in cli} == {k: want[k] for k in keys if k in cli}
    assert set(keys) - set(cli) == set(), "the CLI leaves a count out"

    html = (run.out / "reconciliation.html").read_text(encoding="utf-8")
    shown = {k: int(v) for k, v in re.findall(r'data-count="(\w+)"><b>(\d+)</b>', html)}
    shown |= {k: int(v) for k, v in re.findall(r'data-count="(flags_\w+)"><span class="badge"[^>]*>(\d+)<', html)}
    assert shown["flags"] == sum(v for k, v in shown.items() if k.startswith("flags_"))
    for key in keys:
        if key in {"set_aside", "unknown_unit"} and want[key] == 0:
            continue  # a rare state is listed only when it occurs
        assert shown.get(key) == want[key], (key, shown.get(key), want[key])
    in_words = sentence_counts(html)
    assert {k: v for k, v in in_words.items() if k in want} == {k: want[k] for k in in_words if k in want}

    with (run.out / "reconciliation_counts.csv").open(encoding="utf-8-sig", newline="") as fh:
        csv_counts = {row["key"]: int(row["value"]) for row in csv.DictReader(fh)}
    sheet = load_workbook(run.out / "reconciliation.xlsx")["Tổng hợp"]
    sheet_values = [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    xlsx = dict(zip([line.key for line in COUNT_LINES], sheet_values, strict=True))
    json_counts = run.rec.counts
    json_as_tally = {"documents": json_counts["documents"], "received": json_counts["reports_received"],
                     "on_time": json_counts["reports_on_time"], "late": json_counts["reports_late"],
                     "unknown_unit": json_counts["reports_unknown_unit"], "set_aside": json_counts["reports_set_aside"],
                     "missing": json_counts["reports_missing"], "targets": json_counts["targets"],
                     "targets_met": json_counts["targets_met"], "targets_shortfall": json_counts["targets_shortfall"],
                     "targets_not_reported": json_counts["targets_not_reported"], "flags": json_counts["flags"]}
    for key in keys:
        assert csv_counts[key] == xlsx[key] == json_as_tally[key] == want[key], key

    docx_text = "\n".join(p.text for p in Document(str(run.out / "bao-cao-tong-hop.docx")).paragraphs)
    docx = sentence_counts(docx_text.replace("Kế hoạch có ", ""))
    assert {k: v for k, v in docx.items() if k in want} == {k: want[k] for k in docx if k in want}
    listed = {title: int(n) for title, n in re.findall(r"^- (.+?) \((\d+)\): ", docx_text, re.MULTILINE)}
    assert listed.get("Đơn vị chưa gửi báo cáo", 0) == want["missing"]
    assert listed.get("Đơn vị gửi báo cáo muộn", 0) == want["late"]
    assert listed.get("Đơn vị gửi báo cáo đúng hạn", 0) == want["on_time"]


# ----------------------------------------------------------------------------- Vietnamese first


def test_notes_and_remarks_are_in_vietnamese_with_the_english_beside(run: SetRun) -> None:
    wanted = NOTES_VI[run.name]
    notes = {Path(n.file).name: n for n in run.rec.notes if n.file}
    assert set(notes) == set(wanted), sorted(notes)
    for name, fragments in wanted.items():
        message = notes[name].message
        assert message["vi"].startswith(name) and message["en"].startswith(name)
        for fragment in fragments:
            assert fragment in message["vi"], (name, message["vi"])
        assert VIETNAMESE.search(message["vi"]) and message["vi"] != message["en"]
    remarks = {Path(r.file).name: r.note for r in run.rec.reports if r.file and r.state.value not in {"on_time", "late"}}
    for name, note in remarks.items():
        assert note is not None and VIETNAMESE.search(note["vi"]) and note["en"], name
    with (run.out / "reconciliation_units.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = {Path(r["file"]).name: r for r in csv.DictReader(fh) if r["file"]}
    for name in remarks:
        assert rows[name]["note_vi"] == remarks[name]["vi"] and rows[name]["note_en"] == remarks[name]["en"]
    html = (run.out / "reconciliation.html").read_text(encoding="utf-8")
    for note in run.rec.notes:  # the page shows both languages, Vietnamese first
        vi, en = _html_text(note.message["vi"]), _html_text(note.message["en"])
        assert vi in html and en in html and html.index(vi) < html.index(en)


def _html_text(text: str) -> str:
    from html import escape

    return escape(text, quote=False).replace('"', "&#34;").replace("'", "&#39;")


# ----------------------------------------------------------------------------- order that serves the reader


def designed_groups(expected: dict[str, Any]) -> list[tuple[str, str]]:
    """(group, file or unit) per row, from the design alone."""
    short = {f["report"] for f in expected["flags"] if f["kind"] == "target_shortfall"}
    rows = [("missing", unit) for unit in expected["missing"]]
    for report in expected["reports"]:
        state = report["state"]
        group = "short" if state == "on_time" and report["file"] in short else state
        rows.append((group, report["file"]))
    return rows


def test_units_are_listed_in_the_order_a_head_of_office_reads_them(run: SetRun) -> None:
    want = designed_groups(run.expected)
    key = {name: group for group, name in want}
    actual = [Path(r.file).name if r.file else r.unit for r in run.rec.reports]
    assert sorted(actual) == sorted(key), "rows differ from the design"
    groups = [GROUPS.index(key[name]) for name in actual]
    assert groups == sorted(groups), list(zip(actual, [GROUPS[g] for g in groups], strict=True))
    with (run.out / "reconciliation_units.csv").open(encoding="utf-8-sig", newline="") as fh:
        csv_rows = [Path(r["file"]).name if r["file"] else r["unit"] for r in csv.DictReader(fh)]
    html = (run.out / "reconciliation.html").read_text(encoding="utf-8")
    html_states = re.findall(r'<tr class="unit" data-state="(\w+)">', html)
    assert csv_rows == actual
    assert html_states == [r.state.value for r in run.rec.reports]
    sheet = load_workbook(run.out / "reconciliation.xlsx")["Đơn vị"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [r.unit for r in run.rec.reports]
    set_aside = [r for r in run.rec.reports if r.state.value in {"superseded", "not_for_plan"}]
    assert all(r.note and r.note["vi"] for r in set_aside), "a document set aside says why"


# ----------------------------------------------------------------------------- summary.csv


def test_summary_rows_say_what_they_are_and_results_are_results(run: SetRun) -> None:
    with (run.out / "summary.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    kinds = {"target": "chỉ tiêu", "result": "kết quả", "deadline": "thời hạn", "responsibility": "trách nhiệm"}
    assert rows and all(kinds.get(r["kind"]) == r["kind_vi"] for r in rows)
    plan = Path(run.expected["plan_file"]).name
    targets = [r for r in rows if r["kind"] == "target"]
    # the plans set the targets of the design's legend; no report states one (their forward-looking parts
    # carry no measured goal, see samples/sources/reports/<set>/): a report's "đạt 92,9% kế hoạch" is a result
    assert {r["file"] for r in targets} == {plan}
    assert len(targets) == len(run.expected["target_legend"])
    results = [r for r in rows if r["kind"] == "result"]
    achieved = [(f["report"], f["achieved"]) for f in run.expected["flags"] if "achieved" in f]
    achieved += [(m["report"], m["achieved"]) for m in run.expected["met"]]
    for report, value in achieved:
        values = [float(r["base_value"]) for r in results if r["file"] == report and r["base_value"]]
        values += [float(r["value"]) for r in results if r["file"] == report]
        assert any(abs(v - value) <= 0.005 * max(value, 1) for v in values), (report, value, values)
    if run.name == "seed":  # "tổng lượt khách ... ước đạt 21.450 nghìn lượt, đạt 92,9% kế hoạch, tăng 8% ..."
        visitors = [r for r in results if r["file"] == "qldl_58-BC-QLDL.pdf" and r["base_value"] == "21450000.0"]
        assert len(visitors) == 1 and visitors[0]["percent_of_plan"] == "92.9" and visitors[0]["growth_percent"] == "8.0"
    assert {r["kind"] for r in rows} >= {"target", "result", "deadline", "responsibility"}


# ----------------------------------------------------------------------------- the draft synthesis report


def test_the_draft_report_has_the_decree_30_header_cites_the_plan_and_tables_the_targets(run: SetRun) -> None:
    parent, issuer, code, place, citation = PLAN_HEADERS[run.name]
    document = Document(str(run.out / "bao-cao-tong-hop.docx"))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    # Appendix I: "Cách mép trên và mép dưới 20 - 25 mm, cách mép trái 30 - 35 mm, cách mép phải 15 - 20 mm"
    assert 20 <= section.top_margin.mm <= 25 and 20 <= section.bottom_margin.mm <= 25
    assert 30 <= section.left_margin.mm <= 35 and 15 <= section.right_margin.mm <= 20
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and 13 <= normal.size.pt <= 14
    assert section.different_first_page_header_footer and "PAGE" in section.header._element.xml

    header = document.tables[0]
    left = [p.text for p in header.cell(0, 0).paragraphs if p.text]
    right = [p.text for p in header.cell(0, 1).paragraphs if p.text]
    assert left == [parent, issuer]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert re.fullmatch(rf"Số:\s+/BC-{code}", header.cell(1, 0).text)  # number left blank for the clerk
    assert re.fullmatch(rf"{place}, ngày\s+tháng\s+năm 20\d\d", header.cell(1, 1).text)  # so is the day
    runs = [r for p in header.cell(0, 0).paragraphs for r in p.runs]
    assert runs[-1].bold and not runs[0].bold  # the issuer bold, its parent not

    texts = [p.text for p in document.paragraphs]
    title = texts.index("BÁO CÁO")
    assert texts[title + 1].startswith(f"Kết quả thực hiện {citation}")
    body = "\n".join(texts)
    assert f"Thực hiện {citation}" in body
    assert "Nơi nhận:" in "\n".join(p.text for p in document.tables[-1].cell(0, 0).paragraphs)

    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    rec = run.rec
    want = []
    for index, target in enumerate(rec.targets, start=1):
        for result in target.results or [None]:
            verdict = ("Chưa báo cáo" if result is None else "Đạt" if result.met else "Không đạt")
            percent = percent_vi(result_percent(target, result)) if result else ""
            want.append([str(index), target.metric, result.unit if result else "", percent, verdict])
    assert [[r[0], r[1], r[3], r[5], r[6]] for r in rows] == [[w[0], w[1], w[2] or "", w[3], w[4]] for w in want]
    designed_metrics = {e["metric_contains"] for e in [*run.expected["flags"], *run.expected["met"]]
                        if e.get("metric_contains")}
    for words in designed_metrics:  # every target the design speaks of has its row
        assert any(fold(words) in fold(r[1]) for r in rows), words
    tasks = [f.task for f in rec.flags if f.kind.value == "task_not_addressed"]
    for task in tasks:
        assert any(text.startswith(f"- {task.rstrip('.')}") for text in texts), task
    for status in rec.reports:  # every unit is named in part I
        assert status.unit in body, status.unit


def test_the_draft_report_renders_in_libreoffice(run: SetRun) -> None:
    """The PDF LibreOffice made of the draft (when installed): fonts embedded, Vietnamese text intact."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (optional: apt-get install libreoffice-writer-nogui)")
    pdf = run.out / "bao-cao-tong-hop.pdf"
    assert pdf.is_file()
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:] if line.strip()), fonts
    assert "Serif" in fonts or "Times" in fonts, fonts
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "BÁO CÁO" in text and PLAN_HEADERS[run.name][4] in " ".join(text.split())
    _save_pages(pdf, f"bao-cao-tong-hop-{run.name}", dpi=80)


def test_the_printable_report_embeds_its_fonts_and_keeps_the_vietnamese(run: SetRun) -> None:
    if shutil.which("chromium") is None:
        pytest.skip("needs Debian's Chromium (make system installs it)")
    pdf = run.out / "reconciliation.pdf"
    assert pdf.is_file()
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(line.split()[-5] == "yes" for line in rows), fonts
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert f"Kế hoạch số {run.rec.plan}" in text and "Chưa gửi báo cáo" in text and "Đúng hạn" in text
    _save_pages(pdf, f"reconciliation-{run.name}", dpi=60)


def _save_pages(pdf: Path, stem: str, dpi: int) -> None:
    """The first two pages as PNG in tests/artifacts/, to look at."""
    import pypdfium2 as pdfium

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    document = pdfium.PdfDocument(str(pdf))
    try:
        for index in range(min(2, len(document))):
            image = document[index].render(scale=dpi / 72).to_pil()
            image.save(ARTIFACTS / f"{stem}-p{index + 1}.png")
    finally:
        document.close()


def test_draft_header_falls_back_to_blanks_without_a_plan_issuer() -> None:
    from pipeline.report.synthesis import header_of

    header = header_of(Reconciliation(plan="05/KH-UBND"))
    assert header.code == "UBND" and header.parent is None and header.name.startswith("…")


# ----------------------------------------------------------------------------- evidence that survives being mailed

# Runs after the page's scripts: what a reader sees of the evidence, and where each link leads.
EVIDENCE_PROBE = """
<script>
window.addEventListener('load', function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('#flag-table tbody tr.flag'));
  var crops = Array.prototype.slice.call(document.querySelectorAll('#flag-table figure.crop img'));
  var links = Array.prototype.slice.call(document.querySelectorAll('a.ev'));
  document.body.setAttribute('data-probe', JSON.stringify({
    flags: rows.length,
    crops: crops.length,
    cropsShown: crops.filter(function (i) {
      var r = i.getBoundingClientRect(); return i.complete && i.naturalWidth > 0 && r.width > 100 && r.height > 20;
    }).length,
    sidesWithoutEvidence: rows.reduce(function (n, r) {
      return n + Array.prototype.slice.call(r.querySelectorAll('td.ev-cell')).filter(function (c) {
        return c.querySelector('a.ev') && !c.querySelector('figure.crop img, q.quote');
      }).length;
    }, 0),
    links: links.map(function (a) { return a.href; })
  }));
});
</script>
"""


def test_the_page_keeps_its_evidence_when_the_folder_is_moved(run: SetRun, tmp_path: Path) -> None:
    """Copy the output folder elsewhere, hide the original and the sources, open the copy in Chromium:
    every crop shows, and every link leads to a file inside the copy."""
    from tests.test_reconcile_html import CHROMIUM, chromium, rendered_body

    if not CHROMIUM.exists():
        pytest.skip("needs Debian's Chromium at /usr/bin/chromium (make system installs it)")
    import json
    from urllib.parse import unquote, urlsplit

    moved = tmp_path / "gửi kèm thư" / run.out.name  # a new place, with a Vietnamese name on the way
    shutil.copytree(run.out, moved, ignore=shutil.ignore_patterns("vanban.db*", "documents"))
    page = moved / "reconciliation.html"
    probe = moved / "probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", EVIDENCE_PROBE + "</body>"), encoding="utf-8")
    hidden = run.out.with_name(run.out.name + "-hidden")
    run.out.rename(hidden)  # nothing may still point at the original folder
    try:
        body, log = rendered_body(probe, tmp_path / "profile")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"reconciliation-{run.name}-moved.png"
        shot.unlink(missing_ok=True)
        done = chromium(page.as_uri(), "--virtual-time-budget=3000", f"--screenshot={shot}", "--window-size=1280,2600",
                        profile=tmp_path / "profile")
        assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    finally:
        hidden.rename(run.out)
    seen = json.loads(body.get("data-probe") or "{}")
    assert body.get("data-script-errors") == "0", log[-2000:]
    sides = sum((f.plan is not None and f.plan.provenance is not None) + (f.report is not None
                and f.report.provenance is not None) for f in run.rec.flags)
    assert seen["flags"] == len(run.rec.flags)
    assert seen["crops"] == seen["cropsShown"] == sides, seen  # every cited place of these PDFs is shown
    assert seen["sidesWithoutEvidence"] == 0, seen
    assert seen["links"], "no evidence links"
    for href in seen["links"]:
        parts = urlsplit(href)
        assert parts.scheme == "file", href
        target = Path(unquote(parts.path))
        assert target.is_file() and moved in target.parents, href

