"""Every document this one cites: number, type, date and issuer.

A citation reads `<Type> số <number> ngày <date> của <issuer> về ...`, or for
a law cited by name, `Luật <name> ngày <date>`. Numbers anywhere in the body
count (legal bases, the content, the appendices); the document's own number
does not.
"""

from __future__ import annotations

import re

from extractors.context import Context
from extractors.grammar import DateMention, DocNumber, to_iso
from pipeline.text.doctypes import DOC_TYPE_NAMES
from pipeline.text.normalize import fold
from schemas.extraction import Reference

_TYPE_BEFORE = re.compile(
    r"(?P<name>" + "|".join(sorted(map(re.escape, DOC_TYPE_NAMES), key=len, reverse=True)) + r")"
    r"(?:\s+(?:liên tịch|[A-ZĐ][\w-]*))?\s*(?:số\s*)?[:.]?\s*$",
    re.IGNORECASE,
)
_DATE_GAP = re.compile(r"^[\s,]*(?:ban hành\s+)?(?:ngày\s*)?$", re.IGNORECASE)
_ISSUER_AFTER = re.compile(
    r"^[\s,]*(?:của|do)\s+(?P<issuer>[^;,.()]{3,90}?)"
    r"(?=\s+(?:về|v/v|quy định|ban hành|phê duyệt|hướng dẫn|triển khai|thực hiện|phát động|giao|tổ chức|"
    r"tiếp tục|kết luận|khóa|nhiệm kỳ|trên địa bàn)\b|[;,.()]|$)",
    re.IGNORECASE,
)
# "Luật" of a law, not of a lawyer: "Đoàn Luật sư", "Liên đoàn Luật sư" (SG04), "Luật sư Nguyễn Văn A".
_LAW = r"(?<!Đoàn )(?<!đoàn )\b(?:Bộ [Ll]uật|Luật(?! sư\b)|Pháp lệnh|Hiến pháp)"  # "Bộ Luật hình sự" (LC06)
# A law's name holds no digit and no bracket: "Luật Khoáng sản năm 2010 (có hiệu lực thi hành đến ngày ...)"
# (LC06) is identified by its year, and the day after it is when it ceased to apply, not its date.
_NAMED_LAW = re.compile(rf"(?P<title>{_LAW}\s+[^;\n()\d]{{2,120}}?)\s+(?:số\s+\S+\s+)?ngày\s")
#: A law identified by its year alone: "Luật Công chứng năm 2024", "Luật Luật sư năm 2006" (SG03),
#: "Luật Công chứng 2024" (SG04). The name holds no digit and no stop, so a cited number or date or the
#: previous sentence never runs into it ("... Điều 28 Luật Khoáng sản. Căn cứ Luật Khoáng sản năm 2010": LC06).
_LAW_OF_YEAR = re.compile(rf"(?P<title>{_LAW}\s+[^;.\n\d()\"]{{2,80}}?\s+(?:năm\s+)?(?:19|20)\d{{2}})(?![\d/])")
#: A date that opens its sentence and is followed by the number it dates: "Ngày 09/4/2025, Bộ Tư pháp đã có
#: Công văn số 1866/BTP-PLHSHC ..." (SG03), "Ngày 08/10/2024, Chính phủ ban hành Nghị định số 126/2024/NĐ-CP"
#: (SG17), "...: ngày 14/8/2024, Sở Tài nguyên và Môi trường có Công văn số 4321/STNMT-CCBVMT" (SG17).
_SENTENCE_START = re.compile(r"(?:^|[.;:]\s*|\(\d+\)\s*)$")
_DATE_FIRST_REACH = 160  # characters from such a date to the number it dates (SG17: 66)


def extract_references(ctx: Context, own_number: str | None) -> list[Reference]:
    structure = ctx.structure
    spans = [(b.start, b.end, b.kind != "table_row" and fold(b.text).startswith("căn cứ")) for b in structure.blocks]
    if structure.summary is not None:
        spans.insert(0, (structure.summary.start, structure.summary.end, False))
    found: dict[str, Reference] = {}
    for start, end, is_basis in spans:
        piece = ctx.piece(start, end)
        mentions = ctx.mentions(start, end)
        days = [d for d in mentions.dates if d.kind == "day"]
        for number in mentions.numbers:
            if number.number is None or number.number == own_number:
                continue
            after = next((d for d in days if d.start >= number.end and _DATE_GAP.match(piece[number.end:d.start])),
                         None)
            date = after or _date_before(piece, days, mentions.numbers, number)
            tail_from = after.end if after else number.end
            issuer = _ISSUER_AFTER.match(piece[tail_from:])
            named = _TYPE_BEFORE.search(piece[max(0, number.start - 40):number.start])
            doc_type = DOC_TYPE_NAMES[named.group("name").lower()] if named else number.doc_type
            begin = number.start - len(named.group(0)) if named else number.start
            begin = start + (min(begin, date.start) if date is not None and after is None else begin)
            stop = start + (issuer.end() + tail_from if issuer else tail_from)
            reference = Reference(
                number=number.number,
                doc_type=doc_type,
                date=to_iso(date.start_date) if date else None,
                issuer=" ".join(issuer.group("issuer").split()) if issuer else None,
                is_legal_basis=is_basis,
                provenance=ctx.provenance(begin, stop),
            )
            _keep(found, number.number, reference)
        for law in _NAMED_LAW.finditer(piece):
            date = next((d for d in days if d.start >= law.end() - 5 and d.start <= law.end() + 3), None)
            if date is None or any(n.start < law.end() + 12 and n.start >= law.start() for n in mentions.numbers):
                continue
            title = " ".join(law.group("title").split())
            reference = Reference(
                number=None, doc_type=DOC_TYPE_NAMES.get(title.split()[0].lower(), "luat"),
                date=to_iso(date.start_date), title=title, is_legal_basis=is_basis,
                provenance=ctx.provenance(start + law.start(), start + date.end),
            )
            _keep(found, fold(title) + (reference.date or ""), reference)
        for law in _LAW_OF_YEAR.finditer(piece):
            if any(d.start <= law.end() and law.start() < d.end for d in mentions.dates if d.kind == "day") or \
                    any(fold(law.group("title")).startswith(fold(r.title or "-")) for r in found.values()):
                continue  # dated by a day: the reference above
            title = " ".join(law.group("title").split())
            reference = Reference(
                number=None, doc_type=DOC_TYPE_NAMES.get(title.split()[0].lower(), "luat"), date=None, title=title,
                is_legal_basis=is_basis, provenance=ctx.provenance(start + law.start(), start + law.end()),
            )
            _keep(found, fold(title), reference)
    return list(found.values())


def _date_before(piece: str, days: list[DateMention], numbers: list[DocNumber], number: DocNumber) -> DateMention | None:
    """The date opening the sentence that cites `number`, when no other number comes between them."""
    for day in reversed(days):
        if day.end > number.start:
            continue
        if number.start - day.end > _DATE_FIRST_REACH or not fold(day.text).startswith("ngày"):
            return None
        between = piece[day.end:number.start]
        if not between.lstrip().startswith(",") or re.search(r"[.;](?:\s|$)", between) or \
                any(day.end <= n.start < number.start for n in numbers):
            return None
        return day if _SENTENCE_START.search(piece[:day.start]) else None
    return None


def _keep(found: dict[str, Reference], key: str, reference: Reference) -> None:
    """First citation wins; a later one fills in what the first left out (date, issuer)."""
    earlier = found.get(key)
    if earlier is None:
        found[key] = reference
        return
    updates = {f: getattr(reference, f) for f in ("date", "issuer", "doc_type")
               if getattr(earlier, f) is None and getattr(reference, f) is not None}
    if updates:
        found[key] = earlier.model_copy(update=updates)
