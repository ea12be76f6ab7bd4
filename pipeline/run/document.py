"""One document, start to end: read, extract, record in the ledger and write its JSON, or quarantine it.

`process_one` is the unit of work a flow's task runs; it never raises for a
bad file: failures are recorded with the file's name and the reason, and the
file is copied into `quarantine/` beside a note saying why, so nothing is
silently dropped and one bad file never stops a batch.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import traceback
from dataclasses import dataclass
from pathlib import Path

from extractors.assemble import extract_pages
from pipeline.errors import InternalError, VanbanError
from pipeline.files import replacing, write_text
from pipeline.ingest.identify import identify
from pipeline.ingest.read import read_pages
from pipeline.run.ledger import Ledger, text_of
from pipeline.run.single import extract_file  # noqa: F401  (the batch's callers read one file through here too)
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
            document = named(extract_pages(source, read_pages(source)), source.path)
            ledger.finish(sha256, document)
        else:
            document = named(document, source.path)
        write_document(out, document)
        clear_quarantine(out, Path(path))
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


def named(document: ExtractedDocument, path: Path) -> ExtractedDocument:
    """The extraction under this file's name (a cached one was read under another), as text JSON can hold.

    A name with bytes that are not UTF-8 is kept with those bytes as \\xNN:
    the JSON, the ledger and the CSV take UTF-8 only.
    """
    name = text_of(path.name)
    return document if document.file == name else document.model_copy(update={"file": name})


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
            document = named(document, source.path)
            write_document(out, document)
            clear_quarantine(out, Path(path))
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
    return write_text(target, document.model_dump_json(indent=2))


def quarantine_name(path: Path) -> str:
    """`<stem>.<8 hex of the source path's hash><suffix>`: two files of one name in two folders never collide."""
    digest = hashlib.sha256(os.fsencode(Path(path).absolute())).hexdigest()[:8]
    return safe_name(f"{Path(path).stem}.{digest}{Path(path).suffix}")


def quarantine(out: Path, path: Path, kind: str, reason: str) -> Outcome:
    """Record a failed file: copy it into `quarantine/` beside a note saying why."""
    folder = out / "quarantine"
    folder.mkdir(parents=True, exist_ok=True)
    name = quarantine_name(path)
    if path.is_file():
        with contextlib.suppress(OSError), replacing(folder / name) as tmp:  # the note below still records it
            shutil.copy2(path, tmp)
    note = {"file": text_of(path), "error": kind, "reason": reason}
    write_text(folder / f"{name}.reason.json", json.dumps(note, ensure_ascii=False, indent=2))
    return Outcome(str(path), error_kind=kind, reason=reason)


def clear_quarantine(out: Path, path: Path) -> None:
    """A file that failed before and is read now: its quarantine copy and note are stale, and go."""
    folder = out / "quarantine"
    name = quarantine_name(path)
    for stale in (folder / name, folder / f"{name}.reason.json"):
        stale.unlink(missing_ok=True)
