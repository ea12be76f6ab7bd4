"""One exception family for everything that can go wrong with an input file.

Each error names the file and a reason a clerk can act on; the batch runner
records it, quarantines the file and goes on with the rest.
"""

from __future__ import annotations

from pathlib import Path


class VanbanError(Exception):
    """Base of all errors about one document."""

    kind = "error"

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class BadInputError(VanbanError):
    """The file is damaged or not what its name says."""

    kind = "bad_input"


class EmptyDocumentError(VanbanError):
    """The file opened but holds no text to read."""

    kind = "empty"


class UnsupportedFormatError(VanbanError):
    """A format vanban does not read (yet)."""

    kind = "unsupported_format"


class EncryptedDocumentError(VanbanError):
    """A password-protected file: ask the sender for an open copy."""

    kind = "encrypted"


class TooLargeError(VanbanError):
    """Over a safety limit (bytes, pages, pixels)."""

    kind = "too_large"


class OcrError(VanbanError):
    """OCR could not run or failed on this document."""

    kind = "ocr_failed"


class ProcessingTimeoutError(VanbanError):
    """The document took longer than its time budget."""

    kind = "timeout"


class InvalidRevisionError(VanbanError):
    """A reviewer's correction that does not fit the model (a date that is no date, an unknown unit)."""

    kind = "invalid_revision"


class RevisionConflictError(VanbanError):
    """Another reviewer changed the same value since this one loaded it: nothing was stored."""

    kind = "revision_conflict"

class UnsafeInputError(VanbanError):
    """An inbox entry that must not be followed: a symbolic link (it may point anywhere on the machine)."""

    kind = "unsafe_input"


class OutputUnwritableError(VanbanError):
    """The output folder refused a write (read-only, disk full): the input is kept where it is, to retry."""

    kind = "output_unwritable"


class WorkerCrashedError(VanbanError):
    """The process reading the file died (a C library crash, the out-of-memory killer), on every try."""

    kind = "worker_crashed"


class InternalError(VanbanError):
    """A bug in vanban, met on this file: reported like a bad file so the batch goes on."""

    kind = "internal_error"


def error_of_kind(kind: str, path: str | Path, reason: str) -> VanbanError:
    """The typed error for an error kind (as recorded in failures.json and the ledger)."""
    for cls in _all_errors():
        if cls.kind == kind:
            return cls(path, reason)
    return InternalError(path, reason)


def _all_errors() -> list[type[VanbanError]]:
    found, todo = [], [VanbanError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return found


# Exit codes, after OCRmyPDF's model: one code per kind of trouble, so a script or a scheduler can tell
# "fix this file" from "fix the machine" from "some of the batch failed" without reading the log.
# 2 is the usage error of every command-line tool (and Typer's); 130 is an interrupt (128 + SIGINT).
EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 5
EXIT_PARTIAL = 10
EXIT_ALL_FAILED = 11
EXIT_INTERRUPTED = 130
EXIT_CODES: dict[str, int] = {
    BadInputError.kind: 3,
    EmptyDocumentError.kind: 3,
    UnsupportedFormatError.kind: 4,
    OcrError.kind: 6,
    ProcessingTimeoutError.kind: 7,
    EncryptedDocumentError.kind: 8,  # OCRmyPDF's code for an encrypted PDF too
    TooLargeError.kind: 9,
    WorkerCrashedError.kind: 12,
    InternalError.kind: EXIT_INTERNAL,
}


def exit_code(kind: str) -> int:
    """The exit status for one error kind (1 for a kind with no code of its own)."""
    return EXIT_CODES.get(kind, EXIT_INTERNAL)


def batch_exit_code(kinds: list[str | None], missing_inputs: bool = False) -> int:
    """A batch's exit status from each document's error kind (None: read).

    Every document read: 0. Some failed: EXIT_PARTIAL. All failed: the code
    of their one kind when they share it (a batch of one encrypted file
    exits as `vanban extract` would), else EXIT_ALL_FAILED. A named path that
    does not exist, or nothing to read: EXIT_NOT_FOUND.
    """
    failed = [kind for kind in kinds if kind is not None]
    if missing_inputs or not kinds:
        return EXIT_NOT_FOUND
    if not failed:
        return EXIT_OK
    if len(failed) < len(kinds):
        return EXIT_PARTIAL
    return exit_code(failed[0]) if len(set(failed)) == 1 else EXIT_ALL_FAILED
