"""Document numbers and symbols ("số và ký hiệu") under Decree 30/2020/NĐ-CP and Party rules.

A number tells what a cited document is and who issued it: "19/KH-SVHTTDL" is plan no. 19 of the
Department of Culture, Sports and Tourism; "152/2025/NĐ-CP" a 2025 government decree; "238-QĐ/TW" a
Party Central decision (type after a dash, issuer after a slash); "123/UBND-VX" a công văn, which has
no type code. Legislative numbers ("55/2014/QH13") carry no type code either, so their type comes from
the name written before them ("Luật Đầu tư số ...").

Symbols are recognised by shape, not by a list of issuers: segments that start with an uppercase letter
(Vietnamese letters included), joined by "-" (or "/"). That shape is what keeps plain dates
("15/12/2026") and fractions ("124/124 xã") out.

Symbols as printed on real pages (../shared/realdocs/signed/SOURCE.md) are read whole:

* broken across a line after the hyphen ("3183/SNV-" ⏎ "TCBC", SG08; "545/HD-" ⏎ "BTV", SG04;
  "1187/QĐ-" ⏎ "BNV", SG19; "7619/QĐ-" ⏎ "BCA", SG25), or typed with spaces around it
  ("1925 /STC- HTDN", SG09; "820/QĐ - UBND"): a hyphen followed or preceded by blanks joins only a
  segment that looks like a code (capitals and digits, at most one lower-case letter: "TCBC", "C04",
  "TTg"), so "19/KH-UBND - Ủy ban ..." stays "19/KH-UBND";
* "&" inside a segment ("215/SNV-CCHC&VTLT", SG06/SG07/SG14/SG18; "30.6/GĐN-ĐQ&V", LC04);
* a parenthesized unit code glued to the end ("03/BCĐX-CAT(PC04)", SG24);
* a Party number broken after its dash ("31-" ⏎ "HD/BTCTW", SG03), or written with a second dash
  where the slash belongs ("Đề án số 08-ĐA-TU", SG15: read only after "số" and with a known type code);
* the year slot as printed even when it is a typo ("45/25010/NĐ-CP", SG17: the year is then None);
* "số" glued to the digits by a signing widget ("Công văn số12094/BNV-CCHC", SG02).
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


_SEG = rf"[{UPPER}]\w*(?:&[{UPPER}]\w*)*"
# A segment that may follow a hyphen with blanks around it: a code, not a word ("TCBC", "C04", "TTg").
_CODE = rf"[{UPPER}][{UPPER}\d&]+[a-z]?[{UPPER}\d&]*(?![\w&])"
# "-" (tight, or with blanks or a line wrap before a code), "/", or a "." followed by a capital ("KL-STP.ĐKT").
_JOIN = rf"(?:-(?![ \t\n])|[ \t]*-[ \t]*\n?[ \t]*(?={_CODE})|/|\.(?=[{UPPER}]))"
_TAIL = rf"(?:\([{UPPER}\d]+\))?"  # "CAT(PC04)"
_SYMBOL = rf"{_SEG}(?:{_JOIN}{_SEG})*{_TAIL}"
_NOT_AFTER = r"(?:(?<![\w./,-])|(?<=số)|(?<=Số)|(?<=SỐ))"  # "số12094/BNV-CCHC": a widget glued to "số"

# Party form first: "238-QĐ/TW". Case matters here (symbols are uppercase), so no IGNORECASE.
_PARTY = re.compile(
    rf"{_NOT_AFTER}(?P<serial>\d+)[ \t]*-[ \t]*\n?[ \t]*(?P<code>{_SEG})/(?P<issuer>{_SEG}(?:-{_SEG})*)"
)
_PARTY_DASHED = re.compile(
    r"(?<!\w)(?i:số)[ \t]*:?[ \t]*(?P<serial>\d+)-(?P<code>"
    + "|".join(sorted(map(re.escape, PARTY_TYPE_CODES), key=len, reverse=True))
    + rf")-(?P<issuer>{_SEG})(?![\w/-])"
)
_STATE = re.compile(
    rf"{_NOT_AFTER}(?P<serial>\d+(?:\.\d+)?)[ \t]*/(?:(?P<year>\d{{4,5}})[ \t]*/)?(?P<symbol>{_SYMBOL})"
)
_DRAFT = re.compile(rf"(?<!\w)(?i:số)[ \t]*:?[ \t.…_]*/(?P<symbol>{_SYMBOL})")

_LEGISLATIVE = re.compile(r"^(?:UBTV)?QH\d*$")  # National Assembly and its Standing Committee
_NAME_BEFORE = re.compile(
    r"(?<!\w)(" + "|".join(sorted(map(re.escape, DOC_TYPE_NAMES), key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)
_BLANKS = re.compile(r"\s+")


def type_code_of(code: str, party: bool = False) -> str | None:
    """The canonical type code of a symbol's first segment ("QĐ", "qđ" -> "QĐ"), or None for an issuer."""
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
    type_code = type_code_of(code, party=True)
    dashed = m.re is _PARTY_DASHED
    symbol = f"{code}-{issuer}" if dashed else f"{code}/{issuer}"
    doc_type = PARTY_TYPE_CODES[type_code] if type_code else None
    serial = m.group("serial")
    start = m.start("serial")
    return DocNumber(
        start, m.end(), text[start : m.end()], f"{serial}-{symbol}", symbol, serial, None, type_code, issuer,
        doc_type,
    )


def _state(text: str, m: re.Match[str]) -> DocNumber:
    serial = m.groupdict().get("serial")
    year_text = m.groupdict().get("year")
    year = int(year_text) if year_text and 1900 <= int(year_text) <= 2100 else None
    symbol = _BLANKS.sub("", m.group("symbol"))
    first, *rest = re.split(r"[-/]", symbol, maxsplit=1)
    type_code = type_code_of(first)
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
        start, number = m.start(), f"{serial}/{year_text}/{symbol}" if year_text else f"{serial}/{symbol}"
    return DocNumber(
        start, m.end(), text[start : m.end()], number, symbol, serial, year, type_code, issuer, doc_type
    )


def find_doc_numbers(text: str) -> list[DocNumber]:
    """All document numbers in `text`, in order. Spans cover the number itself, not a leading "số"."""
    found: list[DocNumber] = []
    taken: list[tuple[int, int]] = []
    for rx, make in ((_PARTY, _party), (_PARTY_DASHED, _party), (_STATE, _state), (_DRAFT, _state)):
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
