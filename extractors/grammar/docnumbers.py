"""Document numbers and symbols ("số và ký hiệu") under Decree 30/2020/NĐ-CP and Party rules.

A number tells what a cited document is and who issued it: "19/KH-SVHTTDL" is plan no. 19 of the
Department of Culture, Sports and Tourism; "152/2025/NĐ-CP" a 2025 government decree; "238-QĐ/TW" a
Party Central decision (type after a dash, issuer after a slash); "123/UBND-VX" a công văn, which has
no type code. Legislative numbers ("55/2014/QH13") carry no type code either, so their type comes from
the name written before them ("Luật Đầu tư số ...").

Symbols are recognised by shape, not by a list of issuers: segments that start with an uppercase letter
(Vietnamese letters included), joined by "-" (or "/"). That shape is what keeps plain dates
("15/12/2026") and fractions ("124/124 xã") out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.text.doctypes import DOC_TYPE_NAMES, PARTY_TYPE_CODES, TYPE_CODES
from pipeline.text.letters import UPPER

_CODES_FOLDED = {k.casefold(): k for k in TYPE_CODES}  # "QĐ-TTG" written in capitals

@dataclass(frozen=True)
class DocNumber:
    """A document number with its parts. A draft's blank number ("Số:    /KH-UBND") has `number` and
    `serial` None but keeps `symbol`, type and issuer."""

    start: int
    end: int
    text: str
    number: str | None  # normalized: "19/KH-SVHTTDL", "238-QĐ/TW", "152/2025/NĐ-CP"
    symbol: str  # the part after the serial (and year): "KH-SVHTTDL", "QĐ/TW", "NĐ-CP"
    serial: str | None
    year: int | None
    type_code: str | None
    issuer_code: str | None
    doc_type: str | None


_SEG = rf"[{UPPER}]\w*"
# "-" (also across a line wrap: "NĐ-\nCP"), "/", or a "." followed by a capital ("KL-STP.ĐKT").
_JOIN = rf"(?:-(?:[ \t]*\n[ \t]*)?|/|\.(?=[{UPPER}]))"
_SYMBOL = rf"{_SEG}(?:{_JOIN}{_SEG})*"

# Party form first: "238-QĐ/TW". Case matters here (symbols are uppercase), so no IGNORECASE.
_PARTY = re.compile(rf"(?<![\w./-])(?P<serial>\d+)-(?P<code>{_SEG})/(?P<issuer>{_SEG}(?:-{_SEG})*)")
_STATE = re.compile(
    rf"(?<![\w./,-])(?P<serial>\d+(?:\.\d+)?)[ \t]*/(?:(?P<year>(?:19|20)\d{{2}})/)?(?P<symbol>{_SYMBOL})"
)
_DRAFT = re.compile(rf"(?<!\w)(?i:số)[ \t]*:?[ \t.…_]*/(?P<symbol>{_SYMBOL})")

_LEGISLATIVE = re.compile(r"^(?:UBTV)?QH\d*$")  # National Assembly and its Standing Committee
_NAME_BEFORE = re.compile(
    r"(?<!\w)(" + "|".join(sorted(map(re.escape, DOC_TYPE_NAMES), key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)


def _type_code(code: str, party: bool) -> str | None:
    table = PARTY_TYPE_CODES if party else TYPE_CODES
    canonical = code if code in table else _CODES_FOLDED.get(code.casefold())
    return canonical if canonical in table else None


def _name_before(text: str, start: int) -> str | None:
    """Doc type named just before a number ("Luật Hóa chất số 69/2025/QH15"), within the same clause."""
    window = text[max(0, start - 80) : start]
    window = re.split(r"[;\n]", window)[-1]
    names = _NAME_BEFORE.findall(window)
    return DOC_TYPE_NAMES[names[-1].lower()] if names else None


def _party(text: str, m: re.Match[str]) -> DocNumber:
    code, issuer = m.group("code"), m.group("issuer")
    type_code = _type_code(code, party=True)
    symbol = f"{code}/{issuer}"
    doc_type = PARTY_TYPE_CODES[type_code] if type_code else None
    serial = m.group("serial")
    return DocNumber(
        *m.span(), m.group(), f"{serial}-{symbol}", symbol, serial, None, type_code, issuer, doc_type
    )


def _state(text: str, m: re.Match[str]) -> DocNumber:
    serial = m.groupdict().get("serial")
    year = int(m.group("year")) if m.groupdict().get("year") else None
    symbol = re.sub(r"\s+", "", m.group("symbol"))
    first, *rest = re.split(r"[-/]", symbol, maxsplit=1)
    type_code = _type_code(first, party=False)
    issuer = (rest[0] if rest else None) if type_code else symbol
    if type_code:
        doc_type: str | None = TYPE_CODES[type_code]
    elif _LEGISLATIVE.match(first):
        doc_type = _name_before(text, m.start())
    else:
        doc_type = "cong_van"
    if serial is None:  # draft: the span is the symbol with its slash
        start, number = m.start("symbol") - 1, None
    else:
        start, number = m.start(), f"{serial}/{year}/{symbol}" if year else f"{serial}/{symbol}"
    return DocNumber(
        start, m.end(), text[start : m.end()], number, symbol, serial, year, type_code, issuer, doc_type
    )


def find_doc_numbers(text: str) -> list[DocNumber]:
    """All document numbers in `text`, in order. Spans cover the number itself, not a leading "số"."""
    found: list[DocNumber] = []
    taken: list[tuple[int, int]] = []
    for rx, make in ((_PARTY, _party), (_STATE, _state), (_DRAFT, _state)):
        for m in rx.finditer(text):
            doc = make(text, m)
            if all(doc.end <= s or doc.start >= e for s, e in taken):
                found.append(doc)
                taken.append((doc.start, doc.end))
    return sorted(found, key=lambda d: d.start)


def parse_doc_number(text: str) -> DocNumber | None:
    """The first document number in a short string such as "Số: 19/KH-SVHTTDL", or None."""
    found = find_doc_numbers(text)
    return found[0] if found else None
