"""One document, start to end: read, extract, record in the ledger and write its JSON, or quarantine it.

`process_one` is the unit of work a flow's task runs; it never raises for a
bad file: failures are recorded with the file's name and the reason, and the
file is copied into `quarantine/` beside a note saying why, so nothing is
silently dropped and one bad file never stops a batch.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import traceback
from dataclasses import dataclass
from pathlib import Path

from extractors.assemble import extract_pages
from pipeline.errors import InternalError, VanbanError
from pipeline.ingest.identify import identify
from pipeline.ingest.read import load, read_pages
from pipeline.run.ledger import Ledger
from schemas.extraction import ExtractedDocument


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


def extract_file(path: str | Path) -> ExtractedDocument:
    """Read and extract one file; raises a `VanbanError` naming the file when it cannot."""
    source, pages = load(path)
    return extract_pages(source, pages)


def process_one(path: str | Path, out_dir: str | Path, db: str | None = None) -> Outcome:
    """Extract one file into `out_dir` (its JSON, its row in the ledger), or quarantine it with its reason.

    The ledger (`db`, else `out_dir/vanban.db`) is the cache: the same bytes
    read by the same code are read once, whatever the file is called. A file
    named in a batch is the user asking again, so a document quarantined
    before is claimed anew (`force`).
    """
    out = Path(out_dir)
    ledger: Ledger | None = None
    sha256: str | None = None
    try:
        ledger = Ledger.open(out, db)
        source = identify(path)
        sha256 = source.sha256
        document = ledger.extraction(sha256)
        cached = document is not None
        if document is None:
            ledger.claim(sha256, source.path.name, str(source.path), force=True)
            document = extract_pages(source, read_pages(source))
            ledger.finish(sha256, document)
        elif document.file != source.path.name:
            document = document.model_copy(update={"file": source.path.name})
        write_document(out, document)
        return Outcome(str(path), document=document, cached=cached)
    except VanbanError as exc:
        _record_failure(ledger, sha256, exc.kind, exc.reason)
        return quarantine(out, Path(path), exc.kind, exc.reason)
    except Exception as exc:  # a bug must not cost the rest of the batch: record it like a bad file
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        _record_failure(ledger, sha256, InternalError.kind, f"unexpected error: {detail}")
        return quarantine(out, Path(path), InternalError.kind, f"unexpected error: {detail}")
    finally:
        if ledger is not None:
            ledger.close()


def cached_outcomes(paths: list[Path], out_dir: str | Path, db: str | None = None) -> list[Outcome | None]:
    """The outcome of each file whose bytes the ledger already holds an extraction of (by this code), else None.

    Hashing is cheap next to reading: a batch looks here first and sends only
    the rest to its workers, so a re-run over a folder starts no worker for
    files it has already read.
    """
    out = Path(out_dir)
    ledger = Ledger.open(out, db)
    try:
        found: list[Outcome | None] = []
        for path in paths:
            try:
                source = identify(path)
            except VanbanError:
                found.append(None)  # the worker reports it, with its reason, like any other failure
                continue
            document = ledger.extraction(source.sha256)
            if document is None:
                found.append(None)
                continue
            if document.file != source.path.name:
                document = document.model_copy(update={"file": source.path.name})
            write_document(out, document)
            found.append(Outcome(str(path), document=document, cached=True))
        return found
    finally:
        ledger.close()


def record_lost(path: str | Path, out_dir: str | Path, error: VanbanError, db: str | None = None) -> Outcome:
    """A document whose work was lost (its time budget spent, its worker dead after every retry): quarantined.

    Called by the batch, not the worker, since the worker may be gone: the
    ledger row the lost attempt left `processing` is closed with the reason.
    """
    out = Path(out_dir)
    ledger: Ledger | None = None
    try:
        with contextlib.suppress(Exception):  # the quarantine note below still records the loss
            ledger = Ledger.open(out, db)
            source = identify(path)
            ledger.fail(source.sha256, error.kind, error.reason, final=True, name=source.path.name,
                        path=str(source.path))
        return quarantine(out, Path(path), error.kind, error.reason)
    finally:
        if ledger is not None:
            ledger.close()


def _record_failure(ledger: Ledger | None, sha256: str | None, kind: str, reason: str) -> None:
    """Quarantined in the ledger too, when the file got as far as its hash (a reader's error is final)."""
    if ledger is not None and sha256 is not None:
        with contextlib.suppress(Exception):  # the quarantine note still records it
            ledger.fail(sha256, kind, reason, final=True)


def safe_name(name: str, limit: int = 120) -> str:
    """A file name that is safe on any disk: letters (Vietnamese too), digits and ._- kept, the rest '_'."""
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:limit] or "unnamed"


def output_name(document: ExtractedDocument) -> str:
    """`<file stem>.<first 12 hex of sha256>.json`: readable, and two files with one name never collide."""
    return f"{safe_name(Path(document.file).stem, 80)}.{document.sha256[:12]}.json"


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
