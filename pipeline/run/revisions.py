"""Reviewers' corrections: an append-only record of revisions, and the effective document they make.

The extraction stored in the ledger is never changed. Every reviewer action
(accept, edit, reject, add) is one row here: who, when, which value, old ->
new, the box on the page, the reason and the value's version. `effective`
is the ONE place revisions are applied: the review page, `vanban run`'s
outputs and the reconciliation all read documents through it, so a reviewed
value overrides the extracted one everywhere.

Values are addressed by item key: a header field (`number`, `issued_date`,
`title`, `place`, `issuer`, `signer`) or a list item by its index in the
extraction (`targets[3]`); values a reviewer added are `targets[+1]`,
`targets[+2]`... An item's version counts the revisions made to it: a
revision states the version it was made against, and a mismatch (another
reviewer got there first) is refused, never silently overwritten. The
unique index on (sha256, item, version) makes the database itself refuse a
race between two processes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, TypeAdapter, ValidationError

from extractors.grammar.numbers import parse_number
from extractors.grammar.units import SCALE_RE, base_unit_of, canonical_scale, lexicon_base
from pipeline.errors import InvalidRevisionError, RevisionConflictError
from pipeline.text.doctypes import DOC_TYPE_NAMES
from schemas.extraction import (
    Comparator,
    Deadline,
    DeadlineRelation,
    ExtractedDocument,
    Recipient,
    Reference,
    Responsibility,
    ResponsibilityRole,
    Result,
    Target,
)
from schemas.page import BBox
from schemas.provenance import Provenance

ACTIONS = ("accept", "edit", "reject", "add")

metadata = sa.MetaData()

revisions_table = sa.Table(
    "revisions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("item", sa.String(64), nullable=False),
    sa.Column("field", sa.String(128), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("old_value", sa.Text, nullable=True),
    sa.Column("new_value", sa.Text, nullable=True),
    sa.Column("page", sa.Integer, nullable=True),
    sa.Column("x0", sa.Float, nullable=True),
    sa.Column("y0", sa.Float, nullable=True),
    sa.Column("x1", sa.Float, nullable=True),
    sa.Column("y1", sa.Float, nullable=True),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("reviewer", sa.String(128), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("anchor", sa.Text, nullable=True),
    sa.UniqueConstraint("sha256", "item", "version", name="revisions_one_per_version"),
)


# ----------------------------------------------------------------------------- what can be reviewed

#: List families a reviewer works on, with their model. Header fields are below.
LIST_FAMILIES: dict[str, type[BaseModel]] = {
    "targets": Target,
    "results": Result,
    "deadlines": Deadline,
    "responsibilities": Responsibility,
    "references": Reference,
    "recipients": Recipient,
}
#: Families a reviewer may add a missed value to, by drawing its box.
ADDABLE = ("targets", "results", "deadlines", "responsibilities", "recipients")
HEADER_FIELDS = ("doc_type", "number", "issued_date", "title", "place")

#: The kind of each editable attribute: how the reviewer's text is read and checked.
EDITABLE: dict[str, dict[str, str]] = {
    "header": {"doc_type": "doc_type", "number": "text", "issued_date": "date", "title": "text", "place": "text"},
    "issuer": {"name": "text", "parent": "text"},
    "signer": {"name": "text", "title": "text"},
    "targets": {"value": "number", "unit": "unit", "metric": "text", "comparator": "comparator", "period": "text"},
    "results": {"value": "number", "unit": "unit", "metric": "text", "percent_of_plan": "number"},
    "deadlines": {"date": "date", "relation": "relation", "applies_to": "text"},
    "responsibilities": {"unit": "text", "role": "role", "deadline": "date"},
    "references": {"number": "text", "date": "date", "title": "text"},
    "recipients": {"name": "text"},
}
CHOICES: dict[str, tuple[str, ...]] = {
    "comparator": tuple(c.value for c in Comparator),
    "relation": tuple(r.value for r in DeadlineRelation),
    "role": tuple(r.value for r in ResponsibilityRole),
    "doc_type": tuple(sorted({*DOC_TYPE_NAMES.values(), "khac"})),
}
_ITEM = re.compile(r"^(?P<family>[a-z_]+)(?:\[(?P<added>\+)?(?P<index>\d+)\])?$")
_DATE = TypeAdapter(dt.date)


def family_of(item: str) -> str:
    """The family of an item key: 'targets[3]' -> 'targets', 'issued_date' -> 'header', 'signer' -> 'signer'."""
    match = _ITEM.match(item)
    if not match:
        raise KeyError(item)
    name = match["family"]
    if match["index"] is not None:
        if name not in LIST_FAMILIES:
            raise KeyError(item)
        return name
    if name in HEADER_FIELDS:
        return "header"
    if name in ("issuer", "signer"):
        return name
    raise KeyError(item)


def read_value(kind: str, text: str | None, where: str) -> Any:
    """A reviewer's text as the model's value, or `InvalidRevisionError` saying why (nothing is stored then).

    Numbers are read the Vietnamese way ("23.100" is twenty-three thousand
    one hundred, "92,9" a decimal), as the documents write them; a unit must
    be one the unit lexicon knows, after an optional scale word ("nghìn lượt").
    """
    text = (text or "").strip()
    if kind == "text":
        return text or None
    if not text:
        return None
    if kind == "number":
        value = parse_number(text)
        if value is None:
            raise InvalidRevisionError(where, f"“{text}” is not a number (write 23.100 or 92,9)")
        return value
    if kind == "date":
        try:
            return _DATE.validate_python(text).isoformat()
        except ValidationError as exc:
            raise InvalidRevisionError(where, f"“{text}” is not a date (write it as YYYY-MM-DD)") from exc
    if kind == "unit":
        rest = text
        scale = SCALE_RE.match(rest)
        if scale:
            rest = rest[scale.end():].strip()
        if rest and lexicon_base(rest) is None:
            raise InvalidRevisionError(where, f"“{text}” is not a unit vanban knows (e.g. lượt, người, %, tỷ đồng)")
        return text
    if kind in CHOICES:
        if text not in CHOICES[kind]:
            raise InvalidRevisionError(where, f"“{text}” is not one of {', '.join(CHOICES[kind])}")
        return text
    raise InvalidRevisionError(where, f"unknown kind of value {kind!r}")


def _scale(unit: str | None) -> float:
    if not unit:
        return 1.0
    match = SCALE_RE.match(unit.strip())
    found = canonical_scale(match.group(0)) if match else None
    return float(found[1]) if found else 1.0


# ----------------------------------------------------------------------------- the record


@dataclass(frozen=True)
class Revision:
    """One row of the record."""

    id: int
    sha256: str
    item: str
    field: str
    action: str
    old_value: Any
    new_value: Any
    page: int | None
    box: BBox | None
    reason: str | None
    reviewer: str
    created_at: dt.datetime
    version: int
    anchor: dict[str, Any] | None = None


def _revision(row: sa.Row) -> Revision:
    box = None if row.x0 is None else BBox(x0=row.x0, y0=row.y0, x1=row.x1, y1=row.y1)
    return Revision(row.id, row.sha256, row.item, row.field, row.action,
                    json.loads(row.old_value) if row.old_value is not None else None,
                    json.loads(row.new_value) if row.new_value is not None else None,
                    row.page, box, row.reason, row.reviewer, row.created_at, row.version,
                    json.loads(row.anchor) if row.anchor else None)


def revisions_of(engine: sa.Engine, sha256s: Iterable[str]) -> dict[str, list[Revision]]:
    """Every revision of these documents, oldest first, in one query."""
    keys = sorted(set(sha256s))
    out: dict[str, list[Revision]] = {key: [] for key in keys}
    if not keys:
        return out
    query = sa.select(revisions_table).where(revisions_table.c.sha256.in_(keys)).order_by(revisions_table.c.id)
    with engine.connect() as db:
        for row in db.execute(query):
            out[row.sha256].append(_revision(row))
    return out


def revised_documents(engine: sa.Engine) -> set[str]:
    """The sha256 of every document that has at least one revision."""
    with engine.connect() as db:
        return {row[0] for row in db.execute(sa.select(revisions_table.c.sha256).distinct())}


@dataclass(frozen=True)
class Change:
    """What a reviewer asks for: the item, the action, the attributes' new values (already read)."""

    item: str
    action: str
    values: dict[str, Any] = field(default_factory=dict)
    page: int | None = None
    box: BBox | None = None
    reason: str | None = None


def record(engine: sa.Engine, document: ExtractedDocument, change: Change, reviewer: str,
           expected_version: int) -> list[Revision]:
    """Check `change` against the model and the item's version, then append it; the rows written.

    Raises `InvalidRevisionError` (nothing stored) when the change does not
    validate, and `RevisionConflictError` when the item moved on since the
    reviewer loaded it (version mismatch), with who changed it and to what.
    """
    where = f"{document.file} {change.item}"
    if change.action not in ACTIONS:
        raise InvalidRevisionError(where, f"unknown action {change.action!r}")
    family = family_of(change.item)
    now = dt.datetime.now(dt.UTC)
    try:
        with engine.begin() as db:
            past = [_revision(r) for r in db.execute(
                sa.select(revisions_table).where(revisions_table.c.sha256 == document.sha256)
                .order_by(revisions_table.c.id))]
            working, _, _ = _applied(document, past)  # every value still at its extracted index
            state = item_states(document, past).get(change.item)
            version = state.version if state else 0
            if version != expected_version:
                last = state.last if state else None
                who = f"{last.reviewer} ({last.action}, {last.created_at:%H:%M:%S})" if last else "another reviewer"
                now_is = f" to {json.dumps(last.new_value, ensure_ascii=False)}" if last and last.action == "edit" \
                    else ""
                raise RevisionConflictError(where, f"{who} changed this value{now_is} after you opened it (version "
                                                   f"{version}, yours {expected_version}); nothing was saved, "
                                                   "reload to see the current value")
            rows = _rows(document, working, family, change, where, past)
            anchor = anchor_of(document, change.item)
            if change.box is None:  # the value's own box, recorded with the revision
                change = _with_box(working, change)
            # rows made on an older extraction may hold this key for another value: number after every one of them
            base = max([version, *(r.version for r in past if r.item == change.item)])
            for offset, (fld, old, new) in enumerate(rows):
                db.execute(revisions_table.insert().values(
                    sha256=document.sha256, item=change.item, field=fld, action=change.action,
                    old_value=None if old is None else json.dumps(old, ensure_ascii=False),
                    new_value=None if new is None else json.dumps(new, ensure_ascii=False),
                    page=change.page, x0=change.box.x0 if change.box else None, y0=change.box.y0 if change.box else None,
                    x1=change.box.x1 if change.box else None, y1=change.box.y1 if change.box else None,
                    reason=change.reason, reviewer=reviewer, created_at=now, version=base + 1 + offset,
                    anchor=json.dumps(anchor, ensure_ascii=False) if anchor else None))
            written = [_revision(r) for r in db.execute(
                sa.select(revisions_table).where(revisions_table.c.sha256 == document.sha256,
                                                 revisions_table.c.item == change.item,
                                                 revisions_table.c.version > base)
                .order_by(revisions_table.c.id))]
    except sa.exc.IntegrityError as exc:  # the same version written by another process at once
        raise RevisionConflictError(where, "another reviewer saved this value at the same moment; nothing was "
                                           "saved, reload to see theirs") from exc
    return written


def _rows(document: ExtractedDocument, current: ExtractedDocument, family: str, change: Change, where: str,
          past: list[Revision]) -> list[tuple[str, Any, Any]]:
    """(field, old, new) per row to write, after checking the result validates through the pydantic model."""
    if change.action == "add":
        return [(change.item, None, _added_item(family, change, where))]
    if "[+" in change.item:  # a value a reviewer added: confirm or drop it; to change it, drop it and draw again
        added = next((r.new_value for r in reversed(past) if r.item == change.item and r.action == "add"), None)
        if added is None or change.action == "edit":
            raise InvalidRevisionError(where, "an added value can be accepted or rejected; reject it and draw it "
                                              "again to change it")
        return [(change.item, added, None if change.action == "reject" else added)]
    old_item = _get(current, change.item)
    if old_item is None:
        raise InvalidRevisionError(where, "no such value (rejected already, or never extracted)")
    if change.action in ("accept", "reject"):
        return [(change.item, _plain(old_item), None if change.action == "reject" else _plain(old_item))]
    kinds = EDITABLE[family]
    unknown = set(change.values) - set(kinds)
    if unknown:
        raise InvalidRevisionError(where, f"{', '.join(sorted(unknown))} cannot be edited here")
    rows = []
    trial = current
    for name, new in change.values.items():
        fld = change.item if family == "header" else f"{change.item}.{name}"
        old = _get(trial, change.item) if family == "header" else getattr(old_item, name, None) if old_item else None
        if old == new:
            continue
        trial = _apply_edit(trial, change.item, family, name, new, where)
        rows.append((fld, _plain(old), new))
    if not rows:
        raise InvalidRevisionError(where, "nothing changed: use accept to confirm a value as it is")
    try:  # the whole document must still be a valid ExtractedDocument
        ExtractedDocument.model_validate(trial.model_dump())
        effective(document, [*past, *(_trial(change, f, o, n) for f, o, n in rows)])
    except ValidationError as exc:
        raise InvalidRevisionError(where, f"the corrected document does not validate: {exc.errors()[0]['msg']}") \
            from exc
    return rows


def _with_box(document: ExtractedDocument, change: Change) -> Change:
    """The change with the page and box of the value it is about (its provenance), when it has one."""
    if "[+" in change.item:
        return change
    if family_of(change.item) == "header":
        prov = document.field_provenance.get(change.item)
    else:
        value = _get(document, change.item)
        prov = getattr(value, "provenance", None)
    if prov is None or prov.bbox is None:
        return change
    return Change(change.item, change.action, change.values, prov.page, prov.bbox, change.reason)


def _trial(change: Change, fld: str, old: Any, new: Any) -> Revision:
    """A revision not yet stored, to check the document as it would be."""
    return Revision(0, "", change.item, fld, change.action, old, new, change.page, change.box, change.reason, "",
                    dt.datetime.now(dt.UTC), 0)


def _added_item(family: str, change: Change, where: str) -> dict[str, Any]:
    """A value the extractor missed, built from the reviewer's box and fields and validated by its model."""
    if family not in ADDABLE:
        raise InvalidRevisionError(where, f"values cannot be added to {family}")
    if change.box is None or change.page is None:
        raise InvalidRevisionError(where, "draw the value's box on the page first")
    text = str(change.values.pop("text", "") or "").strip()
    if not text:
        raise InvalidRevisionError(where, "the text under the box is empty: type what it says")
    provenance = Provenance(page=change.page, bbox=change.box, span=(0, 0), text=text,
                            source=str(change.values.pop("source", "text_layer")), confidence=1.0)
    values = {k: v for k, v in change.values.items() if v is not None}
    if family in ("targets", "results"):
        if "value" not in values:
            raise InvalidRevisionError(where, "a target or result needs its number")
        values.setdefault("metric", text)
        values["base_value"] = values["value"] * _scale(values.get("unit"))
        values["base_unit"] = base_unit_of(values["unit"]) if values.get("unit") else None
        if family == "targets":
            values.setdefault("comparator", Comparator.EQ.value)
            values.update(text=text, raw_value=text)
        else:
            values.setdefault("text", text)
    elif family == "deadlines":
        values.setdefault("date", None)
        values.setdefault("relation", DeadlineRelation.BY.value)
        values.setdefault("applies_to", text)
    elif family == "responsibilities":
        values.setdefault("unit", text)
        values.setdefault("role", ResponsibilityRole.ASSIGNED.value)
    elif family == "recipients":
        values.setdefault("name", text)
    try:
        item = LIST_FAMILIES[family].model_validate({**values, "provenance": provenance.model_dump()})
    except ValidationError as exc:
        problem = exc.errors()[0]
        raise InvalidRevisionError(where, f"{'.'.join(map(str, problem['loc']))}: {problem['msg']}") from exc
    return item.model_dump(mode="json")


def _plain(value: Any) -> Any:
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else value


# ----------------------------------------------------------------------------- the effective document


@dataclass
class ItemState:
    """Where an item stands after review."""

    status: str = "extracted"  # extracted, accepted, edited, rejected, added
    version: int = 0
    last: Revision | None = None
    revisions: list[Revision] = field(default_factory=list)


def item_states(document: ExtractedDocument, revisions: list[Revision]) -> dict[str, ItemState]:
    """Each revised item's status and version (items never revised are absent: extracted, version 0)."""
    states: dict[str, ItemState] = {}
    for rev in revisions:
        key = resolve(document, rev)
        if key is None:
            continue
        state = states.setdefault(key, ItemState())
        state.version = max(state.version, rev.version)
        state.last = rev
        state.revisions.append(rev)
        state.status = {"accept": "accepted", "edit": "edited", "reject": "rejected", "add": "added"}[rev.action]
        if rev.action in ("edit", "accept") and any(r.action == "add" for r in state.revisions):
            state.status = "added"
    return states


def effective(document: ExtractedDocument, revisions: list[Revision]) -> ExtractedDocument:
    """The document as reviewed: the extraction with every revision applied, in order.

    Accepted and edited values get confidence 1.0 (a person read them off
    the page, so reconciliation no longer flags them as weak OCR); rejected
    list items are dropped, rejected header fields emptied; added items are
    appended to their list. The extraction itself is not modified.
    """
    if not revisions:
        return document
    doc, rejected, added = _applied(document, revisions)
    for family in LIST_FAMILIES:
        items = getattr(doc, family)
        kept = [item for i, item in enumerate(items) if f"{family}[{i}]" not in rejected]
        kept += [LIST_FAMILIES[family].model_validate(value) for key, value in added.items()
                 if key.startswith(f"{family}[+") and key not in rejected]
        setattr(doc, family, kept)
    for name in HEADER_FIELDS:
        if name in rejected:
            setattr(doc, name, "khac" if name == "doc_type" else None)
    for name in ("issuer", "signer"):
        if name in rejected:
            setattr(doc, name, None)
    return doc


def _applied(document: ExtractedDocument, revisions: list[Revision]
             ) -> tuple[ExtractedDocument, set[str], dict[str, dict[str, Any]]]:
    """Edits and confirmations applied with every item still at its extracted index; the rejected item keys and
    the added items apart. Revisions whose value is no longer in this extraction (`resolve`) are left out."""
    doc = document.model_copy(deep=True)
    added: dict[str, dict[str, Any]] = {}
    rejected: set[str] = set()
    for rev in revisions:
        key = resolve(document, rev)
        if key is None:
            continue
        family = family_of(key)
        if rev.action == "add":
            added[key] = rev.new_value
        elif rev.action == "reject":
            rejected.add(key)
        elif rev.action == "accept":
            rejected.discard(key)
            if key in added:
                continue
            doc = _confirm(doc, key)
        elif rev.action == "edit":
            name = key if family == "header" else rev.field.rsplit(".", 1)[1]
            if key in added:
                added[key] = {**added[key], name: rev.new_value}
                added[key].update(_rescaled(added[key], name, rev.new_value))
                continue
            doc = _apply_edit(doc, key, family, name, rev.new_value, key)
            doc = _confirm(doc, key)
    return doc, rejected, added


def anchor_of(document: ExtractedDocument, item: str) -> dict[str, Any] | None:
    """What identifies an extracted value beyond its index: its page and source text (None for added values)."""
    if "[+" in item:
        return None
    family = family_of(item)
    if family == "header":
        prov = document.field_provenance.get(item)
    else:
        value = _get(document, item)
        prov = value.provenance if value is not None else None
    return {"page": prov.page, "text": prov.text} if prov is not None else None


def resolve(document: ExtractedDocument, rev: Revision) -> str | None:
    """The key the revision's value has in this extraction, or None when it is not in it any more.

    A revision names a value by its index in the extraction it was made on.
    A newer vanban may read the document into a different list; the value
    is then found again by its anchor (page and source text), and a revision
    whose value the new reading does not have is not applied (it stays in
    the record).
    """
    if rev.anchor is None or family_of(rev.item) not in LIST_FAMILIES:
        return rev.item
    if anchor_of(document, rev.item) == rev.anchor:
        return rev.item
    family = family_of(rev.item)
    for index in range(len(getattr(document, family))):
        key = f"{family}[{index}]"
        if anchor_of(document, key) == rev.anchor:
            return key
    return None


def _get(doc: ExtractedDocument, item: str) -> Any:
    """The item's current value: a model (list item, issuer, signer), a header string, or None."""
    match = _ITEM.match(item)
    family = family_of(item)
    if family in LIST_FAMILIES:
        if match["added"]:
            return None
        items = getattr(doc, family)
        index = int(match["index"])
        return items[index] if index < len(items) else None
    return getattr(doc, match["family"])


def _rescaled(values: dict[str, Any], name: str, new: Any) -> dict[str, Any]:
    """A target's or result's base value and unit follow an edited value or unit (scale words multiplied out)."""
    if name not in ("value", "unit") or "base_value" not in values:
        return {}
    unit = values.get("unit")
    return {"base_value": float(values["value"]) * _scale(unit), "base_unit": base_unit_of(unit) if unit else None}


def _apply_edit(doc: ExtractedDocument, item: str, family: str, name: str, new: Any,
                where: str) -> ExtractedDocument:
    if family == "header":
        return doc.model_copy(update={item: new})
    if family in ("issuer", "signer"):
        current = getattr(doc, family)
        if current is None:
            raise InvalidRevisionError(where, f"no {family} was read: nothing to edit")
        return doc.model_copy(update={family: _validated(type(current), current, {name: new}, where)})
    index = int(_ITEM.match(item)["index"])
    items = list(getattr(doc, family))
    if index >= len(items):
        raise InvalidRevisionError(where, "no such value")
    current = items[index]
    update = {name: new} | _rescaled({**current.model_dump(), name: new}, name, new)
    items[index] = _validated(type(current), current, update, where)
    return doc.model_copy(update={family: items})


def _validated(model: type[BaseModel], current: BaseModel, update: dict[str, Any], where: str) -> BaseModel:
    try:
        return model.model_validate({**current.model_dump(), **update})
    except ValidationError as exc:
        problem = exc.errors()[0]
        raise InvalidRevisionError(where, f"{'.'.join(map(str, problem['loc']))}: {problem['msg']}") from exc


def _confirm(doc: ExtractedDocument, item: str) -> ExtractedDocument:
    """A value a person confirmed or corrected: its provenance's confidence becomes 1.0."""
    family = family_of(item)
    if family == "header":
        prov = doc.field_provenance.get(item)
        if prov is None:
            return doc
        return doc.model_copy(update={"field_provenance": {**doc.field_provenance,
                                                           item: prov.model_copy(update={"confidence": 1.0})}})
    if family in ("issuer", "signer"):
        current = getattr(doc, family)
        if current is None:
            return doc
        return doc.model_copy(update={family: current.model_copy(
            update={"provenance": current.provenance.model_copy(update={"confidence": 1.0})})})
    index = int(_ITEM.match(item)["index"])
    items = list(getattr(doc, family))
    if index < len(items):
        items[index] = items[index].model_copy(
            update={"provenance": items[index].provenance.model_copy(update={"confidence": 1.0})})
    return doc.model_copy(update={family: items})


def effective_documents(engine: sa.Engine, documents: list[ExtractedDocument]) -> list[ExtractedDocument]:
    """Each document as reviewed (one query for all their revisions); documents never reviewed come back as is."""
    revisions = revisions_of(engine, (d.sha256 for d in documents))
    return [effective(d, revisions.get(d.sha256, [])) for d in documents]


__all__ = [
    "ACTIONS", "ADDABLE", "CHOICES", "EDITABLE", "HEADER_FIELDS", "LIST_FAMILIES", "Change", "ItemState",
    "Revision", "effective", "effective_documents", "family_of", "item_states", "read_value", "record",
    "revised_documents", "revisions_of", "revisions_table",
]
