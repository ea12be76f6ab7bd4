"""The sample rosters parse, and the hand-written reconciliation outcomes agree with the report sources.

Why: ``samples/expected/reconcile/<set>.json`` records, by hand, what
reconciling each sample report set must produce.  Those files are only worth
trusting if they agree with the sources they were designed from: every
report's issuer maps to the roster unit it is filed under (or to none, when
the design says ``unknown_unit``), the dates, plan citations, late and
superseded states are what the sources say, and the flags follow from them.
These checks use plain string handling (dashes, case, tone-mark placement),
never the reconciliation engine, so they hold the design still while the
engine is built against it.  The benchmark generator is checked here too:
it writes a roster in the same format.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ROSTERS = SAMPLES / "rosters"
RECONCILE = SAMPLES / "expected" / "reconcile"
REPORT_SOURCES = SAMPLES / "sources" / "reports"
PLAN_SOURCES = SAMPLES / "sources"

SETS = sorted(path.stem for path in RECONCILE.glob("*.json"))
ROSTER_FILES = sorted(p for p in ROSTERS.iterdir() if p.suffix in (".yaml", ".yml", ".csv"))
STATES = {"on_time", "late", "superseded", "not_for_plan", "unknown_unit"}
FLAG_KINDS = {
    "missing_report", "late_report", "target_not_reported", "target_shortfall", "task_not_addressed",
    "low_confidence",
}

# --------------------------------------------------------------------------- reading


def load_roster(path: Path) -> list[dict[str, Any]]:
    """A roster as a list of ``{name, aliases, groups}``: YAML (``units:``) or CSV (';' separates items)."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert rows and set(rows[0]) == {"name", "aliases", "groups"}, path
        return [
            {
                "name": row["name"].strip(),
                "aliases": [a.strip() for a in row["aliases"].split(";") if a.strip()],
                "groups": [g.strip() for g in row["groups"].split(";") if g.strip()],
            }
            for row in rows
        ]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and set(data) == {"units"}, path
    return [
        {"name": unit["name"], "aliases": list(unit.get("aliases") or []), "groups": list(unit.get("groups") or [])}
        for unit in data["units"]
    ]


_OLD_TONES = {  # "hoá" -> "hóa": the mark on the first vowel of a final oa/oe/uy (one placement, as DESIGN says)
    "oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oé": "óe", "oè": "òe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_OLD_TONE_RE = re.compile("(" + "|".join(_OLD_TONES) + r")(?!\w)")


def norm(text: str) -> str:
    """Compare unit names: NFC, lower case, one dash, one tone placement, single spaces."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"\s*[-–—‐]\s*", " - ", text)
    text = _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group(1)], text)
    return " ".join(text.split())


def header(path: Path) -> dict[str, list[str]]:
    """The ``key: value`` lines of a source's header (comments skipped)."""
    keys: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("%%") or not line.strip():
            continue
        if line.strip() == "---":
            break
        key, _, value = line.partition(":")
        keys.setdefault(key.strip(), []).append(value.strip())
    return keys


def body(path: Path) -> str:
    """The body text without comments and inline markup, NFC."""
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.split("\n---\n", 1)[1].splitlines() if not line.startswith("%%")]
    return unicodedata.normalize("NFC", "\n".join(lines).replace("**", ""))


def source_date(path: Path) -> str:
    match = re.search(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})", header(path)["place_date"][0])
    assert match, path
    day, month, year = (int(g) for g in match.groups())
    return dt.date(year, month, day).isoformat()


def expected(name: str) -> dict[str, Any]:
    return json.loads((RECONCILE / f"{name}.json").read_text(encoding="utf-8"))


def roster_of(name: str) -> list[dict[str, Any]]:
    return load_roster(ROOT / expected(name)["roster_file"])


def unit_for(issuer: str, roster: list[dict[str, Any]]) -> str | None:
    """The roster name an issuer maps to, by name or alias after normalisation (None: no unit)."""
    key = norm(issuer)
    hits = {u["name"] for u in roster for form in (u["name"], *u["aliases"]) if norm(form) == key}
    assert len(hits) <= 1, (issuer, hits)
    return next(iter(hits), None)


# --------------------------------------------------------------------------- rosters


@pytest.mark.parametrize("path", ROSTER_FILES, ids=lambda p: p.name)
def test_roster_parses_with_unique_names_and_aliases(path: Path) -> None:
    units = load_roster(path)
    assert len(units) >= 4
    forms: list[str] = []
    for unit in units:
        assert isinstance(unit["name"], str) and unit["name"].strip() == unit["name"] != ""
        assert all(isinstance(a, str) and a for a in unit["aliases"])
        assert unit["groups"] and all(isinstance(g, str) and g == g.lower() for g in unit["groups"])
        forms += [norm(unit["name"]), *(norm(a) for a in unit["aliases"])]
    assert len(forms) == len(set(forms)), "a name or alias may stand for one unit only"


def test_every_roster_belongs_to_a_designed_set() -> None:
    assert {(ROOT / expected(name)["roster_file"]).resolve() for name in SETS} == {p.resolve() for p in ROSTER_FILES}
    assert {p.name for p in REPORT_SOURCES.iterdir() if p.is_dir()} == set(SETS)


def test_normalisation_handles_the_usual_variants() -> None:
    assert norm("PHÒNG QUẢN LÝ VĂN HOÁ") == norm("Phòng Quản lý Văn hóa")
    assert norm("PHÒNG TỔ CHỨC - PHÁP CHẾ") == norm("Phòng Tổ chức – Pháp chế")
    assert norm("Phòng TC-PC") == norm("phòng tc - pc")
    assert norm("hoàn thành") == "hoàn thành", "only a final oa/oe/uy moves its mark"


# --------------------------------------------------------------------------- designed outcomes


@pytest.mark.parametrize("name", SETS)
def test_designed_outcome_agrees_with_the_report_sources(name: str) -> None:
    design = expected(name)
    roster = roster_of(name)
    names = {u["name"] for u in roster}
    plan_source = PLAN_SOURCES / f"{Path(design['plan_file']).stem}.txt"
    assert f"Số: {design['plan']}" == header(plan_source)["number"][0]
    assert all((ROOT / folder).is_dir() for folder in design["report_folders"])

    sources = {path.stem: path for path in sorted((REPORT_SOURCES / name).glob("*.txt"))}
    by_stem = {Path(r["file"]).stem: r for r in design["reports"]}
    assert set(by_stem) == set(sources), "one designed entry per report source"
    for stem, report in by_stem.items():
        source = sources[stem]
        keys = header(source)
        assert report["state"] in STATES, report
        assert report.get("design"), f"{stem}: say what the report is for"
        formats = set((keys.get("formats") or ["pdf"])[0].split())
        assert Path(report["file"]).suffix == (".docx" if formats == {"docx"} else ".pdf"), stem
        assert report.get("scan") == (keys["scan"][0] if "scan" in keys else None), stem
        assert report["issued_date"] == source_date(source), stem
        issuer = " ".join(keys["issuer"])
        mapped = unit_for(issuer, roster)
        if report["state"] == "unknown_unit":
            assert mapped is None and report["unit"] == issuer, f"{stem}: an intended unknown must stay unknown"
        else:
            assert mapped == report["unit"], f"{stem}: issuer {issuer!r} maps to {mapped!r}"
        cites = f"Kế hoạch số {design['plan']}" in body(source)
        assert cites == (report["state"] != "not_for_plan"), f"{stem}: plan citation vs state"

    deadline = {f["deadline"] for f in design["flags"] if f["kind"] == "late_report"}
    assert len(deadline) == 1, "each sample set has one reporting deadline"
    deadline_date = deadline.pop()
    linked = [r for r in design["reports"] if r["state"] in ("on_time", "late", "superseded")]
    for report in linked:
        later = [o for o in linked if o["unit"] == report["unit"] and o["issued_date"] > report["issued_date"]]
        if report["state"] == "superseded":
            assert later, f"{report['file']}: superseded by nothing"
        else:
            assert not later, f"{report['file']}: a later report of the unit wins"
            # "trước ngày D": dated D or later is late
            assert (report["state"] == "late") == (report["issued_date"] >= deadline_date), report["file"]

    winners = {r["file"]: r for r in linked if r["state"] in ("on_time", "late")}
    reporting = {r["unit"] for r in winners.values()}
    assert sorted(design["missing"]) == sorted(names - reporting)
    kinds = [f["kind"] for f in design["flags"]]
    assert set(kinds) <= FLAG_KINDS
    assert sorted(f["unit"] for f in design["flags"] if f["kind"] == "missing_report") == sorted(design["missing"])
    late = sorted((r["unit"], r["file"], r["issued_date"]) for r in winners.values() if r["state"] == "late")
    assert late == sorted(
        (f["unit"], f["report"], f["issued_date"]) for f in design["flags"] if f["kind"] == "late_report"
    )

    plan_text = unicodedata.normalize("NFC", plan_source.read_text(encoding="utf-8"))
    for entry in [f for f in design["flags"] if f["kind"] == "target_shortfall"] + design["met"]:
        report = winners[entry["report"]]
        assert entry["unit"] == report["unit"]
        assert entry["target"] in plan_text, entry
        shortfall = entry in design["flags"]
        assert (entry["percent"] < 100) == shortfall, entry
    for flag in design["flags"]:
        if flag["kind"] == "target_not_reported":
            assert flag["target"] in plan_text
        if flag["kind"] == "task_not_addressed":
            assert re.search(r"^## \d+\. " + re.escape(flag["task"]) + "$", plan_text, re.M), flag
    for task, files in design.get("tasks_addressed", {}).items():
        assert re.search(r"^## \d+\. " + re.escape(task) + "$", plan_text, re.M), task
        assert files and set(files) <= set(winners), task


def test_seed_task_flag_is_not_spoken_to_by_any_linked_report() -> None:
    """The seed's task_not_addressed flag holds only if no report the plan counts uses its key words."""
    design = expected("seed")
    words = ("đảng", "chính quyền", "đoàn thể", "vững mạnh", "chính trị", "tư tưởng", "hồ chí minh")
    for report in design["reports"]:
        text = body(REPORT_SOURCES / "seed" / f"{Path(report['file']).stem}.txt").casefold()
        found = [w for w in words if w in text]
        if report["state"] in ("on_time", "late"):
            assert not found, f"{report['file']} speaks to task 3: {found}"
    trap = body(REPORT_SOURCES / "seed" / "qlvh_66-BC-QLVH.txt").casefold()
    assert all(w in trap for w in words[:4]), "the other-plan report is the trap that must not be linked"


# --------------------------------------------------------------------------- benchmark generator


def _generator() -> Any:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench import report_variations

    return report_variations


def test_generator_is_deterministic_and_writes_a_matching_roster(tmp_path: Path) -> None:
    gen = _generator()
    first = gen.generate("19/KH-SVHTTDL", 8, tmp_path / "a", seed=7)
    again = gen.generate("seed", 8, tmp_path / "b", seed=7)
    assert len(first) == 8 and all(p.suffix == ".pdf" for p in first)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    assert (tmp_path / "a" / "roster.yaml").read_bytes() == (tmp_path / "b" / "roster.yaml").read_bytes()
    roster = load_roster(tmp_path / "a" / "roster.yaml")
    assert len(roster) == 4
    truth = json.loads((tmp_path / "a" / "truth.json").read_text(encoding="utf-8"))
    assert sorted(r["file"] for r in truth["reports"]) == sorted(p.name for p in first)
    assert {r["unit"] for r in truth["reports"]} <= {u["name"] for u in roster}
    other = gen.generate("19/KH-SVHTTDL", 8, tmp_path / "c", seed=8)
    assert [p.read_bytes() for p in other] != [p.read_bytes() for p in first]
    with pytest.raises(ValueError, match="only the seed plan"):
        gen.generate("27/KH-SKHCN", 2, tmp_path / "d", seed=1)


def test_generated_issuers_map_to_the_generated_roster(tmp_path: Path) -> None:
    import pdfplumber

    gen = _generator()
    paths = gen.generate("19/KH-SVHTTDL", 12, tmp_path, seed=3)
    roster = load_roster(tmp_path / "roster.yaml")
    truth = {r["file"]: r for r in json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))["reports"]}
    for path in paths:
        with pdfplumber.open(path) as pdf:
            lines = (pdf.pages[0].extract_text() or "").splitlines()
        # left header column: the lines before the number, minus the motto half and the parent line
        left = [re.split(r" (?:CỘNG HÒA|Độc lập)", line)[0] for line in lines[: next(
            i for i, line in enumerate(lines) if line.startswith("Số:"))]]
        issuer = " ".join(left[1:])
        assert unit_for(issuer, roster) == truth[path.name]["unit"], (path.name, issuer)
