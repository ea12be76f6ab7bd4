"""Recipients (Nơi nhận): each listed body as written, without its bullet and closing punctuation."""

from __future__ import annotations

from extractors.context import Context
from schemas.extraction import Recipient


def extract_recipients(ctx: Context) -> list[Recipient]:
    out = []
    for segment in ctx.structure.recipients:
        text = segment.text
        lead = len(text) - len(text.lstrip(" -+•*"))
        raw = text[lead:].rstrip(" -/")  # a dash or slash trailing a recipient is a scan speck
        if raw and raw[-1] in ";.,":
            raw = raw[:-1].rstrip()
        if raw:
            start = segment.start + lead
            out.append(Recipient(name=" ".join(raw.split()), provenance=ctx.provenance(start, start + len(raw))))
    return out
