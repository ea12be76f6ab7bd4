"""Signers' names read by OCR: the family name is repaired against a list of common surnames.

A seal is stamped over the left of the signer's name, so the family name is
the word OCR most often gets wrong, and family names form a short list. The
first word is replaced only when its letters without marks match exactly one
surname; given names are left as read.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from pipeline.text.normalize import skeleton


@lru_cache(maxsize=1)
def _surnames() -> dict[str, str]:
    text = resources.files("pipeline.ocr").joinpath("data/surnames.txt").read_text(encoding="utf-8")
    by_key: dict[str, set[str]] = {}
    for line in text.splitlines():
        name = line.strip()
        if name and not name.startswith("#"):
            by_key.setdefault(skeleton(name), set()).add(name)
    return {key: names.pop() for key, names in by_key.items() if len(names) == 1}


def repair_surname(name: str) -> str:
    """'Trân Quốc Phong' -> 'Trần Quốc Phong'; unchanged when the first word is a known surname or ambiguous."""
    first, _, rest = name.partition(" ")
    surname = _surnames().get(skeleton(first))
    if surname is None or surname == first or not rest:
        return name
    return f"{surname} {rest}"
