"""`vanban run --plan --roster` on the sample report sets raises exactly the flags each set was designed for.

Each set (samples/reports/<set>/) was written to produce a known list of
flags, statuses and met targets, recorded by hand in
samples/expected/reconcile/<set>.json before any code ran on it. The run
goes through the public command, as a user runs it; then every expected
flag must be found once, no other flag may appear, and every flag's
evidence must lead to the right page and text of its document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.text.normalize import fold
from schemas.reconciliation import Flag, Reconciliation
from tests import reconcile_runs

ROOT = Path(__file__).resolve().parent.parent
SETS = reconcile_runs.SETS


@pytest.fixture(scope="module", params=SETS)
def reconciled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Reconciliation]:
    run = reconcile_runs.run_set(request.param, tmp_path_factory)
    return run.expected, run.rec


def _name(path: str | None) -> str | None:
    return Path(path).name if path else None


def _raw_value(rec: Reconciliation, metric: str | None) -> str:
    return next((t.raw_value for t in rec.targets if t.metric == metric), "")


def _target_key(designed: str) -> str:
    """'100 (row 3)' -> '100': the set's notes tell equal raw values apart by their table row."""
    return designed.split(" (row")[0]


def _close(a: float | None, b: float | None, tolerance: float) -> bool:
    return a is not None and b is not None and abs(a - b) <= tolerance * max(abs(b), 1.0)


def _matches(want: dict[str, Any], flag: Flag, rec: Reconciliation) -> bool:
    """Does an actual flag fit a hand-written expected one? Every key written must agree."""
    if flag.kind.value != want["kind"]:
        return False
    checks = {
        "unit": lambda: flag.unit == want["unit"],
        "report": lambda: flag.report is not None and _name(flag.report.file) == want["report"],
        "target": lambda: fold(_target_key(want["target"])) in fold(_raw_value(rec, flag.target)),
        "metric_contains": lambda: fold(want["metric_contains"]) in fold(flag.target or ""),
        "task": lambda: flag.task is not None and fold(flag.task).startswith(fold(want["task"])[:60]),
        "achieved": lambda: _close(flag.achieved, want["achieved"], 0.005),
        "percent": lambda: _close(flag.percent, want["percent"], 0.002),
        "issued_date": lambda: any(r.issued_date == want["issued_date"] for r in rec.reports
                                   if flag.report and r.file == flag.report.file),
        "deadline": lambda: any(r.deadline == want["deadline"] for r in rec.reports if r.unit == flag.unit),
    }
    return all(check() for key, check in checks.items() if key in want)


def _show(flag: Flag) -> str:
    return f"{flag.kind.value} unit={flag.unit} target={flag.target} task={flag.task} {flag.message['en']}"


def test_exactly_the_designed_flags(reconciled: tuple[dict, Reconciliation]) -> None:
    expected, rec = reconciled
    unmatched = list(rec.flags)
    missing = []
    for want in expected["flags"]:
        found = [f for f in unmatched if _matches(want, f, rec)]
        if len(found) != 1:
            missing.append(f"{want} (found {len(found)})")
            continue
        unmatched.remove(found[0])
    assert not missing and not unmatched, (
        "expected but not raised:\n  " + "\n  ".join(missing) + "\nraised but not designed:\n  "
        + "\n  ".join(map(_show, unmatched))
    )


def test_every_report_gets_its_designed_status(reconciled: tuple[dict, Reconciliation]) -> None:
    expected, rec = reconciled
    actual = {_name(r.file): r for r in rec.reports if r.file}
    wrong = []
    for want in expected["reports"]:
        got = actual.get(want["file"])
        if got is None:
            wrong.append(f"{want['file']}: no status")
            continue
        for key in ("unit", "state", "issued_date"):
            value = got.unit if key == "unit" else getattr(got, key)
            value = value.value if hasattr(value, "value") else value
            if key in want and want[key] != value:
                wrong.append(f"{want['file']}: {key} {value!r}, designed {want[key]!r}")
    missing_units = sorted(r.unit for r in rec.reports if r.state.value == "missing")
    assert not wrong, "\n".join(wrong)
    assert missing_units == sorted(expected["missing"])


def test_met_targets_are_reported_as_met(reconciled: tuple[dict, Reconciliation]) -> None:
    expected, rec = reconciled
    met = [(t, r) for t in rec.targets for r in t.results if r.met]
    for want in expected["met"]:
        hits = [(t, r) for t, r in met if fold(_target_key(want["target"])) in fold(t.raw_value)
                and fold(want.get("metric_contains", "")) in fold(t.metric)
                and r.unit == want.get("unit", r.unit) and _close(r.value, want.get("achieved", r.value), 0.005)
                and _name(r.file) == want.get("report", _name(r.file))]
        assert len(hits) == 1, f"met target {want} found {len(hits)} times"
    assert len(met) == len(expected["met"]), [(t.raw_value, r.unit, r.value) for t, r in met]


def test_every_flag_cites_a_real_place_in_its_documents(reconciled: tuple[dict, Reconciliation]) -> None:
    _, rec = reconciled
    for flag in rec.flags:
        assert flag.message["vi"] and flag.message["en"]
        sides = [e for e in (flag.plan, flag.report) if e is not None]
        assert flag.plan is not None and flag.plan.provenance is not None, _show(flag)
        if flag.kind.value in {"late_report", "target_shortfall", "low_confidence"}:
            assert flag.report is not None and flag.report.provenance is not None, _show(flag)
        for evidence in sides:
            assert (ROOT / evidence.file).is_file(), evidence.file  # relative to where the run started
            prov = evidence.provenance
            if prov is None:
                continue
            assert prov.page >= 1 and prov.span[0] < prov.span[1], _show(flag)
            if prov.source.value != "ocr":  # born-digital: the span must read back the quoted text exactly
                assert _document_text(str(ROOT / evidence.file))[prov.span[0]:prov.span[1]] == prov.text, _show(flag)


_TEXTS: dict[str, str] = {}


def _document_text(path: str) -> str:
    """The string `vanban text` prints for a document (the one every span indexes)."""
    if path not in _TEXTS:
        from pipeline.ingest.read import load
        from pipeline.text.doctext import DocText

        _TEXTS[path] = DocText(load(Path(path))[1]).text
    return _TEXTS[path]
