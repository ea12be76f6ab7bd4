"""Pydantic models only: the page model, extraction and reconciliation results.

No I/O lives here, so every stage (and every user of the JSON) can depend on
these models without pulling in PDF, OCR or NLP libraries.
"""

from schemas.extraction import (
    Comparator,
    Deadline,
    DeadlineRelation,
    ExtractedDocument,
    Issuer,
    PageInfo,
    Recipient,
    Reference,
    Responsibility,
    ResponsibilityRole,
    Result,
    Signer,
    Target,
)
from schemas.page import BBox, Line, Page, SourceKind, Word
from schemas.provenance import Provenance
from schemas.reconciliation import Flag, FlagKind, Reconciliation

__all__ = [
    "BBox",
    "Comparator",
    "Deadline",
    "DeadlineRelation",
    "ExtractedDocument",
    "Flag",
    "FlagKind",
    "Issuer",
    "Line",
    "Page",
    "PageInfo",
    "Provenance",
    "Recipient",
    "Reconciliation",
    "Reference",
    "Responsibility",
    "ResponsibilityRole",
    "Result",
    "Signer",
    "SourceKind",
    "Target",
    "Word",
]
