#!/usr/bin/env python3
"""How close vanban's extraction of the real documents is to their hand-checked golden facts.

Golden files (written by a person from the document, never from vanban's output):

* ``tests/realdocs_expected/signed/<stem>.json`` for the PDFs ``../shared/realdocs/signed/<stem>.pdf``
  (born-digital e-signed PDFs, and scans whose stem ends in ``-scan``);
* ``tests/realdocs_expected/<stem>.json`` for the texts ``../shared/realdocs/<stem>.txt``.

Each document is extracted once (``_extract``) and compared with ``tests/golden.py`` (the comparison
of the golden tests; for a ``-scan`` file free text is compared OCR-tolerantly, as the scan tests do).

Metric
------
Only the fields a golden file gives are scored (a key left out is not scored; ``_note`` is ignored).

* Scalar fields score 1 or 0: ``doc_type``, ``number``, ``issued_date`` (exact), ``place``,
  ``title``, ``issuer`` (folded text equality), and the signer's ``name``, ``title``, ``authority``
  (each 1 or 0). The **signer** family scores the mean of the signer parts the golden gives.
* List fields score F1 = 2·matched / (2·matched + missing + unexpected), with the matching rules of
  ``tests/golden.py``: ``references`` (number and date equal; a reference without number matches on
  its title), ``deadlines`` (the set of (date, relation)), ``responsibilities`` (role equal, unit
  text equal), ``recipients`` (each name text-equal; one-to-one in any order, whereas the golden
  test also wants the order), ``targets``, ``results``. Duplicate extracted items that equal an
  already matched expected item are not counted as unexpected. Both lists empty scores 1.
* Document score = macro mean over its field families (doc_type, number, issued_date, place,
  issuer, title, signer, and each list field present). A document that fails to extract scores 0.
* Reported: a table document x family, the mean document score for the signed PDFs and for the
  texts separately, and per-family means (plus the three signer parts) over each group.

Usage::

    PYTHONPATH=. python bench/realdocs_score.py [--realdocs DIR] [--json FILE] [--show N] [--only SG0]

``--show N`` prints up to N differences per document; ``--json`` writes every score and difference.
Exit status 0 whatever the scores; 1 when the golden files or the documents are missing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path
from statistics import mean
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.run.document import extract_file  # noqa: E402
from schemas.extraction import ExtractedDocument  # noqa: E402
from tests.golden import FieldCheck, field_checks  # noqa: E402

EXPECTED = REPO / "tests" / "realdocs_expected"
#: ../shared/realdocs beside the checkout (or beside the folder holding a git worktree).
REALDOCS_CANDIDATES = (REPO.parent / "shared" / "realdocs", REPO.parent.parent / "shared" / "realdocs")

SCALAR_FAMILIES = ("doc_type", "number", "issued_date", "place", "issuer", "title", "signer")
LIST_FAMILIES = ("references", "deadlines", "responsibilities", "recipients", "targets", "results")
FAMILIES = SCALAR_FAMILIES + LIST_FAMILIES
SIGNER_PARTS = ("signer.name", "signer.title", "signer.authority")
SHORT = {"doc_type": "type", "number": "num", "issued_date": "date", "place": "place", "issuer": "issuer",
         "title": "title", "signer": "signer", "references": "refs", "deadlines": "dead", "responsibilities": "resp",
         "recipients": "recip", "targets": "targ", "results": "res"}


def _extract(path: Path) -> ExtractedDocument:
    """The one place that calls vanban."""
    return extract_file(path)


def family_scores(checks: dict[str, FieldCheck]) -> dict[str, float]:
    """Score per field family: a scalar or list check as is, the signer as the mean of its parts."""
    scores = {name: check.score for name, check in checks.items() if not name.startswith("signer.")}
    parts = [checks[p].score for p in SIGNER_PARTS if p in checks]
    if parts:
        scores["signer"] = mean(parts)
    return {f: scores[f] for f in FAMILIES if f in scores}


def score_document(golden: Path, source: Path, ocr: bool) -> dict[str, Any]:
    expected = json.loads(golden.read_text(encoding="utf-8"))
    started = time.perf_counter()
    entry: dict[str, Any] = {"golden": str(golden.relative_to(REPO)), "source": source.name, "ocr": ocr}
    try:
        document = _extract(source)
    except Exception as exc:  # noqa: BLE001 - a crash scores 0 and is reported, the run goes on
        document = None
        entry["error"] = f"{type(exc).__name__}: {exc}"
        entry["traceback"] = traceback.format_exc(limit=4)
    entry["seconds"] = round(time.perf_counter() - started, 2)
    if document is None:
        empty = ExtractedDocument(pipeline_version="-", file=source.name, sha256="-", doc_type="-")
        checks = field_checks(empty, expected, ocr)
        families = {f: 0.0 for f in family_scores(checks)}
        parts = {p: 0.0 for p in SIGNER_PARTS if p in checks}
    else:
        checks = field_checks(document, expected, ocr)
        families = family_scores(checks)
        parts = {p: checks[p].score for p in SIGNER_PARTS if p in checks}
    entry["fields"] = families
    entry["signer_parts"] = parts
    entry["score"] = mean(families.values()) if families else 0.0
    entry["counts"] = {name: {"matched": c.matched, "missing": c.missing, "unexpected": c.unexpected}
                       for name, c in checks.items() if c.is_list}
    entry["differences"] = [d for c in checks.values() for d in c.diffs]
    return entry


def _group_summary(entries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    fields: dict[str, float] = {}
    for family in (*FAMILIES, *SIGNER_PARTS):
        key = "signer_parts" if family in SIGNER_PARTS else "fields"
        values = [e[key][family] for e in entries.values() if family in e[key]]
        if values:
            fields[family] = round(mean(values), 4)
    return {"documents": len(entries), "mean_score": round(mean(e["score"] for e in entries.values()), 4)
            if entries else None, "fields": fields}


def _cell(value: float | None) -> str:
    if value is None:
        return "-"
    return "1" if value == 1 else ("0" if value == 0 else f"{value:.2f}")


def _print_group(title: str, entries: dict[str, dict[str, Any]], summary: dict[str, Any], show: int) -> None:
    if not entries:
        return
    families = [f for f in FAMILIES if any(f in e["fields"] for e in entries.values())]
    width = max(len(stem[:4]) for stem in entries) + 2
    print(f"\n== {title}: {summary['documents']} documents, mean document score {summary['mean_score']:.3f}")
    header = f"{'doc':<{width}}" + "".join(f"{SHORT[f]:>7}" for f in families) + f"{'score':>8}{'sec':>7}"
    print(header)
    for stem, entry in entries.items():
        cells = "".join(f"{_cell(entry['fields'].get(f)):>7}" for f in families)
        flag = "  ERROR" if "error" in entry else ""
        print(f"{stem[:4]:<{width}}{cells}{entry['score']:>8.3f}{entry['seconds']:>7.1f}{flag}")
    means = "".join(f"{_cell(summary['fields'].get(f)):>7}" for f in families)
    print(f"{'mean':<{width}}{means}{summary['mean_score']:>8.3f}")
    parts = ", ".join(f"{p}={summary['fields'][p]:.3f}" for p in SIGNER_PARTS if p in summary["fields"])
    if parts:
        print(f"signer parts: {parts}")
    if show:
        for stem, entry in entries.items():
            lines = ([entry["error"]] if "error" in entry else []) + entry["differences"]
            if lines:
                print(f"\n-- {stem} ({len(lines)} difference(s))")
                for line in lines[:show]:
                    print(f"   {line}")
                if len(lines) > show:
                    print(f"   ... {len(lines) - show} more")


def _realdocs(explicit: Path | None) -> Path | None:
    if explicit is not None:
        return explicit if explicit.is_dir() else None
    return next((p for p in REALDOCS_CANDIDATES if p.is_dir()), None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realdocs", type=Path, default=None, help="folder of the real documents "
                        "(default ../shared/realdocs beside the checkout or its worktree folder)")
    parser.add_argument("--json", type=Path, default=None, help="write every score and difference to this file")
    parser.add_argument("--show", type=int, default=0, help="differences printed per document (default none)")
    parser.add_argument("--only", default="", help="score only the golden files whose stem starts with this")
    args = parser.parse_args()

    realdocs = _realdocs(args.realdocs)
    if realdocs is None:
        print("realdocs folder not found (give --realdocs)", file=sys.stderr)
        return 1
    groups = {
        "signed": [(g, realdocs / "signed" / f"{g.stem}.pdf") for g in sorted((EXPECTED / "signed").glob("*.json"))],
        "texts": [(g, realdocs / f"{g.stem}.txt") for g in sorted(EXPECTED.glob("*.json"))],
    }
    groups = {name: [(g, s) for g, s in pairs if g.stem.startswith(args.only)] for name, pairs in groups.items()}
    if not any(groups.values()):
        print(f"no golden files under {EXPECTED}", file=sys.stderr)
        return 1
    missing = [str(s) for pairs in groups.values() for _, s in pairs if not s.is_file()]
    if missing:
        print("documents not found:\n  " + "\n  ".join(missing), file=sys.stderr)
        return 1

    record: dict[str, Any] = {"realdocs": str(realdocs), "groups": {}}
    started = time.perf_counter()
    for name, pairs in groups.items():
        entries = {g.stem: score_document(g, s, ocr=g.stem.endswith("-scan")) for g, s in pairs}
        summary = _group_summary(entries)
        record["groups"][name] = {**summary, "per_document": entries}
        _print_group("signed PDFs" if name == "signed" else "texts", entries, summary, args.show)
    record["seconds"] = round(time.perf_counter() - started, 1)
    print(f"\n{record['seconds']} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
