"""Document metadata from the Decree 30 header, type line and signature block.

A draft leaves its number and day blank (`Số:      /KH-UBND`, `ngày   tháng 12
năm 2025`): those stay null rather than being guessed from elsewhere. Only the
document itself may fill them: its own annex naming it ("Kèm theo Công văn số
5689/BCA-C04 ngày 16 tháng 12 năm 2025", same symbol, same month), or a
biên bản's meeting day. The type and the number line come from the structure,
which decided them before any extractor ran; documents filed after the first
one in the file never stand in for its facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from extractors.context import Context
from extractors.grammar import find_dates, to_iso
from extractors.names import repair_surname
from extractors.titles import canonical_title, is_title, starts_with_title
from extractors.units import HEAD_RE
from pipeline.text.identity import NUMBER_LINE, SYMBOL_ONLY
from pipeline.text.letters import LOWER, UPPER
from pipeline.text.normalize import fold
from pipeline.text.structure import AUTHORITY, Segment, is_person_name, split_rank
from pipeline.text.textcheck import is_acronym, is_plain_word
from schemas.extraction import Issuer, Signer
from schemas.page import SourceKind
from schemas.provenance import Provenance

_PLACE_DATE = re.compile(r"^\W*(?P<place>[^\d,;:]{2,40}?)\s*,\s*ngày\b", re.IGNORECASE)
_TITLE_WORD = f"[{UPPER}][{LOWER}]+"
_PLACE_DATE_INLINE = re.compile(rf"(?P<place>(?:{_TITLE_WORD}\s+){{0,4}}{_TITLE_WORD}),\s*ngày\b")
_MOTTO = re.compile(r"CỘNG H[OÒ]A|Độc lập|ĐẢNG CỘNG SẢN", re.IGNORECASE)
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
    """The main document's header facts; documents filed after it in the file never stand in for them."""
    structure = ctx.structure
    prov: dict[str, Provenance] = {}
    number = None
    if structure.number_line is not None and structure.number is not None:
        number = structure.number.number
        prov["number"] = ctx.provenance(structure.number_line.start, structure.number_line.end)
    place, issued = _place_and_date(ctx, structure.header, prov)
    if structure.type_line is not None:
        prov["doc_type"] = ctx.provenance(structure.type_line.start, structure.type_line.end)
    if number is None and structure.number is not None:
        number, issued = _number_from_own_annex(ctx, number, issued, prov)
    if issued is None and structure.doc_type == "bien_ban":
        issued = _meeting_day(ctx, prov)
    title = None
    if structure.summary is not None:
        title = _title_text(structure.summary.text)
        if title.startswith("(") and title.endswith(")"):
            title = title[1:-1]  # "(V/v Phê duyệt ...)" under "BÁO CÁO ĐỀ XUẤT" (SG24)
        prov["title"] = ctx.provenance(structure.summary.start, structure.summary.end)
    return Metadata(structure.doc_type, number, _issuer(ctx, structure.header), place, issued, title,
                    _signer(ctx, structure.signature), prov)


_SYMBOL_WRAP = re.compile(rf"(?<=[{UPPER}\d])-[ \t]*\n\s*(?=[{UPPER}])")


def _title_text(summary: str) -> str:
    """The trích yếu on one line: a symbol wrapped after its hyphen joined back ("Công văn số 3183/SNV-" ⏎
    "TCBC": SG08), no closing stop (SG09's "nhiệm kỳ 2025-2030.")."""
    text = _SYMBOL_WRAP.sub("-", summary.replace("*", " "))
    return " ".join(text.split()).rstrip(" .;")


def _number_from_own_annex(ctx: Context, number: str | None, issued: str | None,
                           prov: dict[str, Provenance]) -> tuple[str | None, str | None]:
    """A header number left blank or unreadable (handwritten on a scan: SG25) as its own annex states it.

    An annex filed in the same file names the document it belongs to ("(Kèm theo Công văn số: 5689/BCA-C04
    ngày 16 tháng 12 năm 2025)"). It is this document's number only when the symbol is the one printed in
    this header; its date only when it agrees with the month and year the header prints.
    """
    own = ctx.structure.number
    for attachment in ctx.structure.attachments:
        line = attachment.attached_to
        if own is None or line is None:
            continue
        mentions = ctx.mentions(line.start, line.end)
        cited = next((n for n in mentions.numbers if n.number and n.symbol == own.symbol), None)
        if cited is None:
            continue
        prov["number"] = ctx.provenance(line.start + cited.start, line.start + cited.end)
        day = next((d for d in mentions.dates if d.kind == "day" and d.start >= cited.end), None)
        if issued is None and day is not None and day.start_date and _agrees_with_header(ctx, day.start_date):
            ctx.issued_date = day.start_date
            prov["issued_date"] = ctx.provenance(line.start + day.start, line.start + day.end)
            issued = to_iso(day.start_date)
        return cited.number, issued
    return number, issued


def _agrees_with_header(ctx: Context, day: date) -> bool:
    """The header's date line, day left blank, prints this month and year ("ngày   tháng 12 năm 2025")."""
    period = ctx.header_period
    return period is not None and period[0] <= day <= period[1]


_MEETING_OPENERS = re.compile(r"^(?:Hôm nay|Vào hồi|Vào lúc)\b", re.IGNORECASE)


def _meeting_day(ctx: Context, prov: dict[str, Provenance]) -> str | None:
    """A biên bản is dated the day of the meeting it records: "Hôm nay, vào lúc 14 giờ 30 phút, ngày 18 tháng
    12 năm 2025, ..." (SG23, whose header day is handwritten), when the header prints that month and year."""
    for block in ctx.structure.blocks[:3]:
        if not _MEETING_OPENERS.match(block.text):
            continue
        for mention in ctx.mentions(block.start, block.end).dates:
            if mention.kind == "day" and mention.start_date and _agrees_with_header(ctx, mention.start_date):
                ctx.issued_date = mention.start_date
                prov["issued_date"] = ctx.provenance(block.start + mention.start, block.start + mention.end)
                return to_iso(mention.start_date)
    return None


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
                and not NUMBER_LINE.match(text) and not SYMBOL_ONLY.match(text) and not text.startswith("#"):
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
    """Authority chain (`TM. ỦY BAN NHÂN DÂN` `KT. CHỦ TỊCH`), the signer's title, then the name.

    A signature block opens with its authority: capitals read before it are noise (SG09's "LLL" above
    "KT.GIÁM ĐỐC"). A second title line that is itself a post is the signer's own office, kept after a comma
    ("TM. HỘI ĐỒNG" / "CHỦ TỊCH" / "GIÁM ĐỐC SỞ NỘI VỤ": SG10, a council signing through its chair), while
    a line that is not a post continues the title ("VỤ TRƯỞNG" / "VỤ CẢI CÁCH HÀNH CHÍNH": SG01). A military
    or police rank before the name is not part of it ("Thượng tướng Nguyễn Văn Long": SG25). Of several
    signers (a biên bản's secretary and chair: SG23), the one signing for the body (`TM.`, `KT.`) is the
    document's signer.
    """
    blocks: list[tuple[list[str], list[str], str | None, list[Segment]]] = []
    authorities: list[str] = []
    titles: list[str] = []
    used: list[Segment] = []
    for segment in signature:
        text = " ".join(segment.text.strip(" *_").split())
        if not text:
            continue
        _, person = split_rank(text)
        if AUTHORITY.match(text) and not authorities and titles:
            titles, used = [], []  # what came before the authority was not a title
        if AUTHORITY.match(text) and not titles:
            authorities.append(text)
        elif text.isupper() and not fold(text).startswith("nơi nhận") and _has_word(text) and is_title(text):
            titles.append(text)
        elif is_person_name(person) and (prov := ctx.provenance(segment.start, segment.end)).confidence >= 0.7:
            name = repair_surname(person) if prov.source is SourceKind.OCR else person
            blocks.append((authorities, titles, name, [*used, segment]))
            authorities, titles, used = [], [], []
            continue
        else:
            continue
        used.append(segment)
    if used:
        blocks.append((authorities, titles, None, used))
    if not blocks:
        return None
    authorities, titles, name, used = next((b for b in blocks if b[0] and b[2]), blocks[0])
    return Signer(
        name=name,
        title=_join_titles(titles),
        authority=" ".join(canonical_title(a) for a in authorities) or None,
        provenance=ctx.provenance(used[0].start, used[-1].end),
    )


def _join_titles(titles: list[str]) -> str | None:
    if not titles:
        return None
    out = canonical_title(titles[0])
    for line in titles[1:]:
        written = canonical_title(line)
        out += (", " if starts_with_title(written) else " ") + written
    return out
