"""A batch of documents: extract each, never let one bad file stop the others.

`process_one` is the unit of work (a Prefect task wraps it); failures are
recorded with the file's name and the reason, and the file is copied into
`quarantine/` beside a note saying why, so nothing is silently dropped.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import BadInputError, VanbanError
from pipeline.ingest import identify
from pipeline.store import Store
from schemas.extraction import ExtractedDocument
from schemas.reconciliation import Reconciliation

SUPPORTED_SUFFIXES = {".pdf", ".docx", ".txt", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


@dataclass
class Outcome:
    """What happened to one input file."""

    path: str
    document: ExtractedDocument | None = None
    error_kind: str | None = None
    reason: str | None = None
    cached: bool = False

    @property
    def ok(self) -> bool:
        return self.document is not None


def collect_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus the supported files found under any folder named (sorted, unique)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            found.append(path)
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path, None)
    return list(unique)


def process_one(path: str | Path, out_dir: str | Path) -> Outcome:
    """Extract one file into `out_dir` (JSON beside the store), or quarantine it with its reason."""
    from pipeline.extract import extract_pages
    from pipeline.read import read_pages

    out = Path(out_dir)
    try:
        store = Store(out / "vanban.sqlite")
        source = identify(path)
        document = store.get(source.sha256)
        cached = document is not None
        if document is None:
            document = extract_pages(source, read_pages(source))
            store.put(document)
        elif document.file != source.path.name:
            document = document.model_copy(update={"file": source.path.name})
        write_document(out, document)
        return Outcome(str(path), document=document, cached=cached)
    except VanbanError as exc:
        return quarantine(out, Path(path), exc.kind, exc.reason)
    except Exception as exc:  # a bug must not cost the rest of the batch: record it like a bad file
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return quarantine(out, Path(path), "internal_error", f"unexpected error: {detail}")


def safe_name(name: str, limit: int = 120) -> str:
    """A file name that is safe on any disk: letters (Vietnamese too), digits and ._- kept, the rest '_'."""
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:limit] or "unnamed"


def output_name(document: ExtractedDocument) -> str:
    """`<file stem>.<first 12 hex of sha256>.json`: readable, and two files with one name never collide."""
    return f"{safe_name(Path(document.file).stem, 80)}.{document.sha256[:12]}.json"


def run_batch(paths: Iterable[str | Path], out_dir: str | Path) -> list[Outcome]:
    """The batch without Prefect (tests, scripts): same unit of work, same outputs."""
    from pipeline.outputs import write_summary

    outcomes = [process_one(path, out_dir) for path in collect_inputs(paths)]
    write_summary(Path(out_dir), outcomes)
    return outcomes


def write_document(out: Path, document: ExtractedDocument) -> Path:
    target = out / "documents" / output_name(document)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(document.model_dump_json(indent=2), encoding="utf-8")
    return target


def quarantine(out: Path, path: Path, kind: str, reason: str) -> Outcome:
    """Record a failed file: copy it into `quarantine/` beside a note saying why."""
    folder = out / "quarantine"
    folder.mkdir(parents=True, exist_ok=True)
    safe = safe_name(path.name)
    if path.is_file():
        with contextlib.suppress(OSError):  # the reason file below still records the failure
            shutil.copy2(path, folder / safe)
    note = {"file": str(path), "error": kind, "reason": reason}
    (folder / f"{safe}.reason.json").write_text(json.dumps(note, ensure_ascii=False, indent=2), encoding="utf-8")
    return Outcome(str(path), error_kind=kind, reason=reason)


def reconcile_outcomes(plan: Outcome, outcomes: Sequence[Outcome], roster_path: str | Path | None,
                       out_dir: str | Path) -> Reconciliation:
    """Reconcile a batch's extracted reports against its plan and write the reconciliation outputs.

    The plan is extracted like any other document (and cached); failed
    documents are already in failures.json, so only extracted ones count.
    """
    from pipeline.linking import Located
    from pipeline.reconcile import reconcile
    from pipeline.reconcile_outputs import write_reconciliation
    from pipeline.roster import load_roster

    if plan.document is None:
        raise BadInputError(plan.path, f"the plan could not be read: {plan.reason}")
    roster = load_roster(roster_path) if roster_path is not None else None
    plan_key = plan.document.sha256
    reports = [Located(o.path, o.document) for o in outcomes if o.document and o.document.sha256 != plan_key]
    result = reconcile(Located(plan.path, plan.document), reports, roster)
    if plan.document.doc_type != "ke_hoach":
        result.notes.insert(0, f"{plan.path}: the plan given is a {plan.document.doc_type}, not a kế hoạch.")
    write_reconciliation(result, Path(out_dir))
    return result
