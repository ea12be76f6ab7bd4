"""Every value of a document as the review page lists it: key, family, what it says, its box, its state.

Built from the extraction and its revisions (`pipeline.run.revisions`), so
the list shows the reviewed value while the original extraction stays in
the ledger. A value's box is its provenance box on its page; the page
template turns it into page-relative percentages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from pipeline.reconcile.flags import LOW_CONFIDENCE
from pipeline.run.revisions import (
    EDITABLE,
    HEADER_FIELDS,
    LIST_FAMILIES,
    ItemState,
    Revision,
    effective,
    item_states,
)
from schemas.extraction import ExtractedDocument
from schemas.provenance import Provenance

_REPAIRED = re.compile(r"^.*? -> (\S+)")

# A value is marked "low confidence" below LOW_CONFIDENCE: the threshold reconciliation flags weak OCR at
# (pipeline.reconcile.flags, its one owner).

#: Family -> (Vietnamese label, English label, colour). Colours are far apart for reviewers with common
#: colour-vision deficiencies (blue/orange/purple/green/brown/teal/grey).
FAMILIES: dict[str, tuple[str, str, str]] = {
    "header": ("Thông tin văn bản", "Header", "#5e5c64"),
    "issuer": ("Cơ quan ban hành", "Issuer", "#5e5c64"),
    "signer": ("Người ký", "Signer", "#5e5c64"),
    "targets": ("Chỉ tiêu", "Targets", "#1c71d8"),
    "results": ("Kết quả", "Results", "#e66100"),
    "deadlines": ("Thời hạn", "Deadlines", "#9141ac"),
    "responsibilities": ("Trách nhiệm", "Responsibilities", "#26a269"),
    "references": ("Căn cứ, trích dẫn", "References", "#865e3c"),
    "recipients": ("Nơi nhận", "Recipients", "#2190a4"),
}


@dataclass
class ReviewItem:
    """One value on the page and in the list."""

    key: str
    family: str
    label: str
    value: str
    provenance: Provenance | None
    state: ItemState
    attrs: dict[str, Any] = field(default_factory=dict)  # editable attribute -> current value

    @property
    def confidence(self) -> float:
        return self.provenance.confidence if self.provenance else 1.0

    @property
    def low(self) -> bool:
        return self.confidence < LOW_CONFIDENCE and self.state.status == "extracted"

    @property
    def changes(self) -> list[str]:
        return self.provenance.changes if self.provenance else []

    @property
    def source_parts(self) -> list[tuple[str, bool]]:
        """The source text in pieces, the words OCR repair changed marked (a repair reads 'before -> after (why)',
        pipeline/ocr/repair.py and misreads.py), so a reviewer sees which letters were not on the page as read."""
        text = self.provenance.text if self.provenance else ""
        repaired = [m.group(1) for c in self.changes if (m := _REPAIRED.match(c))]
        if not repaired:
            return [(text, False)]
        pattern = re.compile("|".join(re.escape(w) for w in sorted(set(repaired), key=len, reverse=True)))
        parts, at = [], 0
        for found in pattern.finditer(text):
            parts += [(text[at:found.start()], False), (found.group(0), True)]
            at = found.end()
        return [p for p in [*parts, (text[at:], False)] if p[0]]

    @property
    def colour(self) -> str:
        return FAMILIES[self.family][2]

    @property
    def dom_id(self) -> str:
        return "v-" + self.key.replace("[", "-").replace("]", "").replace("+", "a")


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}".replace(",", ".") if float(value).is_integer() else f"{value:,.2f}".replace(
        ",", " ").replace(".", ",").replace(" ", ".")


def _describe(family: str, item: BaseModel) -> tuple[str, str]:
    """(label, value) a reviewer reads in the list."""
    data = item.model_dump()
    if family == "targets":
        return data["metric"], f"{data['comparator_text'] or data['comparator']} {_number(data['value'])} " \
                               f"{data['unit'] or ''}".strip()
    if family == "results":
        return data["metric"], f"{_number(data['value'])} {data['unit'] or ''}".strip()
    if family == "deadlines":
        return data["applies_to"] or "", f"{data['relation']} {data['date'] or ''}".strip()
    if family == "responsibilities":
        return data["role"], data["unit"]
    if family == "references":
        return data["number"] or "", data["title"] or data["date"] or ""
    if family in ("recipients", "issuer", "signer"):
        return family, data["name"] or ""
    return family, str(data)


def review_items(document: ExtractedDocument, revisions: list[Revision]) -> tuple[ExtractedDocument, list[ReviewItem]]:
    """The effective document and its values in list order: header first, then each family in page order.

    Rejected values stay in the list (struck through, so a reviewer can
    accept them back); added values come after their family's extracted ones.
    """
    states = item_states(document, revisions)
    current = effective(document, revisions)
    items: list[ReviewItem] = []

    def state(key: str) -> ItemState:
        return states.get(key) or ItemState()

    for name in HEADER_FIELDS:
        value = getattr(current, name)
        prov = current.field_provenance.get(name)
        if value is None and prov is None and name not in states:
            continue
        if states.get(name) and states[name].status == "rejected":
            value = getattr(document, name)
        items.append(ReviewItem(name, "header", name, "" if value is None else str(value), prov, state(name),
                                {name: value}))
    for name in ("issuer", "signer"):
        model = getattr(current, name) if state(name).status != "rejected" else getattr(document, name)
        if model is None:
            continue
        label, value = _describe(name, model)
        items.append(ReviewItem(name, name, label, value, model.provenance, state(name),
                                {a: getattr(model, a) for a in EDITABLE[name]}))
    for family, model_type in LIST_FAMILIES.items():
        originals = getattr(document, family)
        shown = {i: item for i, item in enumerate(originals)}
        # the effective list drops rejected items: map the survivors back to their original index
        survivors = iter(getattr(current, family))
        for i in range(len(originals)):
            key = f"{family}[{i}]"
            if state(key).status != "rejected":
                shown[i] = next(survivors)
        for i, item in shown.items():
            key = f"{family}[{i}]"
            label, value = _describe(family, item)
            items.append(ReviewItem(key, family, label, value, item.provenance, state(key),
                                    {a: getattr(item, a) for a in EDITABLE[family]}))
        for key, st in states.items():
            if key.startswith(f"{family}[+"):
                added = model_type.model_validate(st.revisions[0].new_value)
                label, value = _describe(family, added)
                items.append(ReviewItem(key, family, label, value, added.provenance, st,
                                        {a: getattr(added, a) for a in EDITABLE[family]}))
    return current, items


def next_added_key(family: str, revisions: list[Revision]) -> str:
    """The key of the next value a reviewer adds to `family`: targets[+1], targets[+2]..."""
    taken = [int(r.item.split("[+")[1].rstrip("]")) for r in revisions if r.item.startswith(f"{family}[+")]
    return f"{family}[+{max(taken, default=0) + 1}]"
