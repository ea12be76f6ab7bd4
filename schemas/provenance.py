"""Where an extracted value came from: page, box, span and the source text."""

from __future__ import annotations

from pydantic import Field

from schemas.base import Model
from schemas.page import BBox, SourceKind


class Provenance(Model):
    """The evidence for one value.

    `span` indexes the normalized document text that `vanban text` prints
    (pages joined with a form feed), so a reviewer can find the exact
    characters; `bbox` is the union of the word boxes of that span on `page`.
    """

    page: int = Field(..., ge=1)
    bbox: BBox | None
    span: tuple[int, int]
    text: str = Field(..., description="the source text of the span, as normalized")
    source: SourceKind
    confidence: float = Field(1.0, ge=0.0, le=1.0)
    changes: list[str] = Field(default_factory=list, description="repairs applied to the words of this span")
