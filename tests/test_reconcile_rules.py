"""Reconciliation rules on the sample reports: matching that survives the usual variation, and odd input.

The golden tests (test_reconcile_golden.py) pin whole sets; these tests pin
one rule each, on the same real sample files, so a failure names the rule.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import exit_code
from pipeline.reconcile.attainment import Goal, Reading, read_against
from pipeline.reconcile.flags import reconcile
from pipeline.reconcile.linking import Located
from pipeline.reconcile.roster import load_roster
from pipeline.run.document import extract_file
from pipeline.text.normalize import strip_marks
from schemas.reconciliation import FlagKind, ReportState

ROOT = Path(__file__).resolve().parent.parent
SEED_PLAN = ROOT / "samples" / "plans" / "seed_19-KH-SVHTTDL.pdf"
SEED_ROSTER = ROOT / "samples" / "rosters" / "seed_19-KH-SVHTTDL.yaml"
SEED_REPORTS = ROOT / "samples" / "reports" / "seed"
VANBAN = Path(sys.executable).with_name("vanban")


@pytest.fixture(scope="module")
def plan() -> Located:
    return Located(str(SEED_PLAN), extract_file(SEED_PLAN))


@pytest.fixture(scope="module")
def reports() -> dict[str, Located]:
    return {p.name: Located(str(p), extract_file(p)) for p in sorted(SEED_REPORTS.iterdir())}


def _tourists(plan: Located):  # noqa: ANN202
    return next(t for t in plan.doc.targets if t.base_unit == "lượt")


def test_prose_in_thousands_and_a_table_in_full_numbers_give_the_same_achievement(
        plan: Located, reports: dict[str, Located]) -> None:
    target = _tourists(plan)
    readings = {}
    for name in ("qldl_58-BC-QLDL.pdf", "ttxtdl_38-BC-TTXTDL.pdf"):  # "21.450 nghìn lượt" / table "21.450.000"
        found = [a for r in reports[name].doc.results if (a := read_against(Goal.of(target), Reading.of(r))) is not None]
        assert found, f"{name}: no result read against '{target.metric}'"
        readings[name] = max(found, key=lambda a: a.score)
    assert {a.value for a in readings.values()} == {21_450_000}
    assert {a.percent for a in readings.values()} == {92.9}
    assert not any(a.met for a in readings.values())
    assert readings["ttxtdl_38-BC-TTXTDL.pdf"].result.from_table
    assert not readings["qldl_58-BC-QLDL.pdf"].result.from_table


def test_a_metric_without_tone_marks_or_with_other_dashes_still_matches(
        plan: Located, reports: dict[str, Located]) -> None:
    target = _tourists(plan)
    result = next(r for r in reports["qldl_58-BC-QLDL.pdf"].doc.results if r.base_unit == "lượt")
    ocr_like = result.model_copy(update={"metric": strip_marks(result.metric), "text": strip_marks(result.text or "")})
    dashed = result.model_copy(update={"metric": result.metric.replace(" ", " – ", 1)})
    for variant in (ocr_like, dashed):
        achieved = read_against(Goal.of(target), Reading.of(variant))
        assert achieved is not None and achieved.value == 21_450_000


def test_a_figure_of_another_scale_is_not_read_as_the_target(plan: Located, reports: dict[str, Located]) -> None:
    # the museum's 48.600 visitors share the words "lượt khách" but are 0.2 % of the province's target
    target = _tourists(plan)
    museum = reports["bttinh_29-BC-BT.pdf"].doc
    assert any(r.base_unit == "lượt" for r in museum.results)
    assert all(read_against(Goal.of(target), Reading.of(r)) is None for r in museum.results)


def test_a_deciding_value_from_weak_ocr_raises_low_confidence(plan: Located, reports: dict[str, Located]) -> None:
    source = reports["qldl_58-BC-QLDL.pdf"]
    weak = []
    for result in source.doc.results:
        provenance = result.provenance.model_copy(update={"confidence": 0.41, "source": "ocr"})
        weak.append(result.model_copy(update={"provenance": provenance}))
    doc = source.doc.model_copy(update={"results": weak})
    rec = reconcile(plan, [Located(source.path, doc)], load_roster(SEED_ROSTER))
    low = [f for f in rec.flags if f.kind == FlagKind.LOW_CONFIDENCE]
    short = [f for f in rec.flags if f.kind == FlagKind.TARGET_SHORTFALL]
    assert len(short) == 1 and len(low) == 1
    assert low[0].unit == "Phòng Quản lý Du lịch" and low[0].report and low[0].report.provenance
    assert low[0].report.provenance.confidence == 0.41
    assert "41%" in low[0].message["vi"] and "check" in low[0].message["en"]
    # the same report read cleanly raises no such flag
    clean = reconcile(plan, [source], load_roster(SEED_ROSTER))
    assert not [f for f in clean.flags if f.kind == FlagKind.LOW_CONFIDENCE]


def test_odd_reports_are_set_aside_with_a_message_naming_the_file(plan: Located, reports: dict[str, Located]) -> None:
    rec = reconcile(plan, list(reports.values()), load_roster(SEED_ROSTER))
    states = {Path(r.file).name: r for r in rec.reports if r.file}
    assert states["ttxtdl_24-BC-TTXTDL.pdf"].state == ReportState.NOT_FOR_PLAN
    assert states["qlvh_66-BC-QLVH.pdf"].state == ReportState.NOT_FOR_PLAN
    assert states["qldl_52-BC-QLDL.pdf"].state == ReportState.SUPERSEDED
    assert states["dnt_40-BC-DNT.pdf"].state == ReportState.UNKNOWN_UNIT
    notes = "\n".join(n.message["en"] for n in rec.notes)
    assert "ttxtdl_24-BC-TTXTDL.pdf: cites no plan" in notes
    assert "qlvh_66-BC-QLVH.pdf: cites 33/KH-SVHTTDL, not 19/KH-SVHTTDL" in notes
    assert "qldl_52-BC-QLDL.pdf: Phòng Quản lý Du lịch sent a later report; superseded by qldl_58-BC-QLDL.pdf" in notes
    assert "'ĐOÀN NGHỆ THUẬT TỈNH' is not in the roster" in notes
    # the superseded report's lower figures raise nothing: only the later report counts
    assert not any(f.report and Path(f.report.file).name == "qldl_52-BC-QLDL.pdf" for f in rec.flags)


def test_the_later_of_two_reports_wins_whatever_the_order_given(plan: Located, reports: dict[str, Located]) -> None:
    pair = [reports["qldl_58-BC-QLDL.pdf"], reports["qldl_52-BC-QLDL.pdf"]]
    for order in (pair, pair[::-1]):
        rec = reconcile(plan, order, None)
        counted = [r for r in rec.reports if r.state != ReportState.SUPERSEDED]
        assert [Path(r.file).name for r in counted if r.file] == ["qldl_58-BC-QLDL.pdf"]
    assert "No roster given" in " ".join(n.message["en"] for n in rec.notes)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(VANBAN), "run", *args], capture_output=True, text=True, check=False, cwd=cwd)


def test_cli_refuses_bad_reconciliation_inputs_before_extracting(tmp_path: Path) -> None:
    report = str(SEED_REPORTS / "qldl_58-BC-QLDL.pdf")
    done = _run(report, "--roster", str(SEED_ROSTER), "--out", "o", cwd=tmp_path)
    assert done.returncode == 2 and "--roster needs --plan" in done.stderr
    done = _run(report, "--plan", "nope.pdf", "--out", "o", cwd=tmp_path)
    assert done.returncode == 2 and "nope.pdf: plan not found" in done.stderr
    bad = tmp_path / "roster.yaml"
    bad.write_text("units:\n  - aliases: [x]\n", encoding="utf-8")
    done = _run(report, "--plan", str(SEED_PLAN), "--roster", str(bad), "--out", "o", cwd=tmp_path)
    assert done.returncode == exit_code("bad_input") and "roster.yaml" in done.stderr and "has no name" in done.stderr
    assert not (tmp_path / "o").exists()  # nothing was extracted


def test_cli_names_an_unreadable_plan_and_keeps_the_extractions(tmp_path: Path) -> None:
    broken = tmp_path / "plan.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    done = _run(str(SEED_REPORTS / "qldl_58-BC-QLDL.pdf"), "--plan", str(broken), "--out", "o", cwd=tmp_path)
    assert done.returncode == exit_code("bad_input") and "plan.pdf" in done.stderr and "the plan could not be read" in done.stderr
    assert "Traceback" not in done.stderr
    assert list((tmp_path / "o" / "documents").glob("qldl_58*.json"))
