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
