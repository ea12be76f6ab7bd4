"""Document metadata from the Decree 30 header, type line and signature block.

A draft leaves its number and day blank (`Số:      /KH-UBND`, `ngày   tháng 12
năm 2025`): those stay null rather than being guessed from elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.context import Context
from extractors.grammar import find_dates, parse_doc_number, to_iso
from extractors.names import repair_surname
from extractors.titles import canonical_title, is_title
from extractors.units import HEAD_RE
from pipeline.text.doctypes import TYPE_CODES
from pipeline.text.letters import LOWER, UPPER
from pipeline.text.normalize import fold
from pipeline.text.structure import AUTHORITY, Segment, is_person_name
from pipeline.text.textcheck import is_acronym, is_plain_word
from schemas.extraction import Issuer, Signer
from schemas.page import SourceKind
from schemas.provenance import Provenance

_NUMBER = re.compile(r"^\W*Số\s*[:.]?\s*(?P<rest>\S.*)?$", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^\W*(?P<place>[^\d,;:]{2,40}?)\s*,\s*ngày\b", re.IGNORECASE)
_TITLE_WORD = f"[{UPPER}][{LOWER}]+"
_PLACE_DATE_INLINE = re.compile(rf"(?P<place>(?:{_TITLE_WORD}\s+){{0,4}}{_TITLE_WORD}),\s*ngày\b")
_MOTTO = re.compile(r"CỘNG H[OÒ]A|Độc lập|ĐẢNG CỘNG SẢN", re.IGNORECASE)
_APPENDIX_FIRST = re.compile(r"^\W*PHỤ LỤC\b")
_LOCAL_CONTINUATION = re.compile(r"^(TỈNH|THÀNH PHỐ|TP\.|XÃ|PHƯỜNG|HUYỆN|QUẬN|THỊ XÃ|THỊ TRẤN|ĐẶC KHU|VÀ|THEO)\b")


@dataclass
class Metadata:
    doc_type: str
    number: str | None
    issuer: Issuer | None
    place: str | None
    issued_date: str | None
    title: str | None
    signer: Signer | None
    provenance: dict[str, Provenance]


def extract_metadata(ctx: Context) -> Metadata:
    structure = ctx.structure
    prov: dict[str, Provenance] = {}
    number, number_code = _number(ctx, structure.header, prov)
    place, issued = _place_and_date(ctx, structure.header, prov)
    doc_type = structure.doc_type
    if structure.type_line is not None:
        prov["doc_type"] = ctx.provenance(structure.type_line.start, structure.type_line.end)
    if doc_type is None and structure.header == [] and structure.appendix_start is None and \
            ctx.text.lines and _APPENDIX_FIRST.match(ctx.text.lines[0].text):
        doc_type = "phu_luc"  # an appendix filed on its own ("PHỤ LỤC ... Kèm theo Báo cáo số ...")
    if doc_type is None:
        doc_type = TYPE_CODES.get(number_code or "", "cong_van" if structure.summary else "khac")
    title = None
    if structure.summary is not None:
        title = " ".join(structure.summary.text.replace("*", " ").split())
        prov["title"] = ctx.provenance(structure.summary.start, structure.summary.end)
    return Metadata(doc_type, number, _issuer(ctx, structure.header), place, issued, title,
                    _signer(ctx, structure.signature), prov)


def _number(ctx: Context, header: list[Segment], prov: dict[str, Provenance]) -> tuple[str | None, str | None]:
    """The `Số:` line; a colon-less `SỐ ...` (part of a body's name: "THEO QUYẾT ĐỊNH SỐ 1050/QĐ-SCT") only
    when there is no other."""
    ordered = sorted(header, key=lambda s: ":" not in s.text[:6])
    for segment in ordered:
        match = _NUMBER.match(segment.text)
        if not match or not match.group("rest"):
            continue
        parsed = parse_doc_number(match.group("rest"))
        if parsed is None:
            continue
        prov["number"] = ctx.provenance(segment.start, segment.end)
        return parsed.number, parsed.type_code
    return None, None


def _place_and_date(ctx: Context, header: list[Segment], prov: dict[str, Provenance]) -> tuple[str | None, str | None]:
    """`Cao Bằng, ngày 30 tháng 01 năm 2026`, at the start of a header line, or after other text on it
    (plain text copied from a PDF keeps both header columns on one line)."""
    found = [(s, m) for s in header if (m := _PLACE_DATE.match(s.text))]
    found += [(s, m) for s in header if (m := _PLACE_DATE_INLINE.search(s.text))]
    for segment, match in found[:1]:
        place = match.group("place").strip(" *_")
        prov["place"] = ctx.provenance(segment.start + match.start("place"), segment.start + match.end("place"))
        days = [d for d in find_dates(segment.text) if d.kind == "day"]
        if days:
            ctx.issued_date = days[0].start_date
            prov["issued_date"] = ctx.provenance(segment.start + days[0].start, segment.start + days[0].end)
            return place, to_iso(days[0].start_date)
        return place, None
    return None, None


# A header line ending in a linking word is cut mid-name: 'TRUNG TÂM HUẤN LUYỆN VÀ' / 'THI ĐẤU TDTT'.
_ENDS_OPEN = re.compile(r"\s(VÀ|CỦA|THUỘC|&)\s*$")


def _issuer(ctx: Context, header: list[Segment]) -> Issuer | None:
    """Issuing body: the upper-case lines of the header's left column.

    Two lines are parent and issuer (`UBND TỈNH CAO BẰNG` / `SỞ VĂN HÓA, ...`)
    when the second opens a unit of its own (a head word: SỞ, PHÒNG, TRUNG
    TÂM, ...); otherwise it continues the first (`ỦY BAN NHÂN DÂN` / `TỈNH
    LÂM ĐỒNG`, `TRẠM THÔNG TIN DU LỊCH` / `ĐÀM THỦY`).
    """
    lines = []
    for segment in header:
        cut = _MOTTO.search(segment.text)
        if cut is not None and cut.start() > 0:  # both header columns copied onto one line
            segment = Segment(segment.start, segment.start + len(segment.text[:cut.start()].rstrip()),
                              segment.text[:cut.start()].rstrip())
        text = segment.text
        if text and text.upper() == text and any(c.isalpha() for c in text) and not _MOTTO.search(text) \
                and not _NUMBER.match(text) and not text.startswith("#"):
            lines.append(segment)
    if not lines:
        return None
    groups: list[list[Segment]] = [[lines[0]]]
    for segment in lines[1:]:
        previous = groups[-1][-1].text
        line = segment.text.strip(" *_-.…")
        opens_unit = HEAD_RE.match(line) is not None or is_acronym(line.split()[0] if line.split() else "")
        if (_LOCAL_CONTINUATION.match(segment.text) or previous.endswith((",", "-", "–", "—"))
                or _ENDS_OPEN.search(previous) or not opens_unit):
            groups[-1].append(segment)  # a name wrapped onto the next line: 'TRUNG TÂM VĂN HÓA - ĐIỆN' / 'ẢNH ...'
        else:
            groups.append([segment])
    names = [" ".join(s.text.strip(" *_-.…") for s in g) for g in groups]
    last = groups[-1]
    return Issuer(
        name=names[-1],
        parent=" ".join(names[:-1]) or None,
        provenance=ctx.provenance(last[0].start, last[-1].end),
    )


def _has_word(text: str) -> bool:
    """A real word of two letters or more: not the signature's scribble read as '/ - Z/ Z--'."""
    return any(sum(ch.isalpha() for ch in w) >= 2 and is_plain_word(w) for w in text.split())


def _signer(ctx: Context, signature: list[Segment]) -> Signer | None:
    """Authority chain (`TM. ỦY BAN NHÂN DÂN` `KT. CHỦ TỊCH`), the signer's title, then the name."""
    authorities: list[str] = []
    titles: list[str] = []
    name = None
    used: list[Segment] = []
    for segment in signature:
        text = " ".join(segment.text.strip(" *_").split())
        if not text or name is not None:
            continue
        if AUTHORITY.match(text) and not titles:
            authorities.append(text)
        elif text.isupper() and not fold(text).startswith("nơi nhận") and _has_word(text) and is_title(text):
            titles.append(text)
        elif is_person_name(text) and (prov := ctx.provenance(segment.start, segment.end)).confidence >= 0.7:
            name = repair_surname(text) if prov.source is SourceKind.OCR else text
        else:
            continue
        used.append(segment)
    if not used:
        return None
    return Signer(
        name=name,
        title=" ".join(canonical_title(t) for t in titles) or None,
        authority=" ".join(canonical_title(a) for a in authorities) or None,
        provenance=ctx.provenance(used[0].start, used[-1].end),
    )
