"""What a document says it is: its own number and its type, read from header lines before any extractor runs.

The structure stage decides a document's type here once (the type line, else the code in its own symbol,
else its enacting formula), so every extractor sees the type the output gives. Lines are plain strings;
the caller maps indices back to segments.
"""

from __future__ import annotations

import re

from pipeline.text.docnumbers import DocNumber, parse_doc_number
from pipeline.text.letters import UPPER

NUMBER_LINE = re.compile(r"^\W*Số\s*[:.]?\s*(?P<rest>\S.*)?$", re.IGNORECASE)
_SERIAL_ONLY = re.compile(r"^\W*(?P<label>Số\s*[:.]?)?\s*(?P<serial>\d{1,6})\s*$", re.IGNORECASE)
#: A symbol alone on a line ("/BCA-C04": SG25, "Số:" and the handwritten serial lost by OCR; "/STC-VP": SG06).
SYMBOL_ONLY = re.compile(rf"^[\s\d.…_]*/[{UPPER}][\w&()-]*\s*$")
#: The enacting formula of a decision or resolution ("QUYẾT ĐỊNH:" / "QUYẾT NGHỊ:" above "Điều 1.").
_ENACTING = re.compile(r"^[*\s]*(QUYẾT ĐỊNH|QUYẾT NGHỊ)\s*:\s*\**\s*$")
_ENACTING_REACH = 60  # lines after the header searched for it (TW01: the 6th)


def own_number(lines: list[str]) -> tuple[int, int, DocNumber] | None:
    """The document's own number among its header lines, as (first line, last line, number).

    The `Số:` line (a blank draft number keeps its symbol: "Số: /BTP-BTTP"); a colon-less `SỐ ...` (part of
    a body's name: "THEO QUYẾT ĐỊNH SỐ 1050/QĐ-SCT") only when there is no other; a symbol alone ("/BCA-C04":
    "Số:" and the handwritten number lost by OCR, SG25) last.
    """
    parts = _split_number(lines)
    if parts is not None:
        return parts
    for index in sorted(range(len(lines)), key=lambda i: ":" not in lines[i][:6]):
        match = NUMBER_LINE.match(lines[index])
        if match and match.group("rest") and (parsed := parse_doc_number(lines[index])):
            return index, index, parsed
    for index, line in enumerate(lines):
        if SYMBOL_ONLY.match(line) and (parsed := parse_doc_number(f"Số: {line.strip()}")):
            return index, index, parsed
    return None


def _split_number(lines: list[str]) -> tuple[int, int, DocNumber] | None:
    """A number whose serial and symbol a reader put on two lines: "Số: 464" then "/STC-VP" (SG06), or
    "12094" on the line above "Số: /BNV-CCHC" (SG01). The signing system stamps the serial as a widget
    beside the printed symbol (../shared/realdocs/signed/SOURCE.md), and reading order can place it off
    the line."""
    for index, line in enumerate(lines):
        labelled = _SERIAL_ONLY.match(line)
        if labelled and labelled.group("label"):  # "Số: 464", its symbol on one of the next two lines
            for later in range(index + 1, min(len(lines), index + 3)):
                if SYMBOL_ONLY.match(lines[later]):
                    joined = parse_doc_number(f"Số: {labelled.group('serial')}{lines[later].strip()}")
                    if joined is not None:
                        return index, later, joined
            continue
        blank = parse_doc_number(line) if NUMBER_LINE.match(line) else None
        if blank is None or blank.number is not None:
            continue
        for other in (index - 1, index + 1):  # "Số: /BNV-CCHC", its serial alone just above or below
            bare = _SERIAL_ONLY.match(lines[other]) if 0 <= other < len(lines) else None
            if bare and not bare.group("label"):
                joined = parse_doc_number(f"Số: {bare.group('serial')}/{blank.symbol}")
                if joined is not None:
                    return min(index, other), max(index, other), joined
    return None


def type_of_number(number: DocNumber | None) -> str | None:
    """The type a document's own symbol gives: its type code (`560/GM-UBND` a giấy mời), none for a công văn
    (`123/UBND-VX`). Decree 30, Appendix III: every type but the công văn carries its code."""
    if number is None:
        return None
    return number.doc_type if number.type_code else "cong_van"


def enacted_type(lines: list[str]) -> str | None:
    """A decision or resolution by its enacting formula, when its type line is lost (TW01, reassembled
    without its header)."""
    for line in lines[:_ENACTING_REACH]:
        match = _ENACTING.match(line)
        if match:
            return "quyet_dinh" if match.group(1) == "QUYẾT ĐỊNH" else "nghi_quyet"
    return None
