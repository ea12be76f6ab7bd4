#!/usr/bin/env python3
"""Many varied unit reports answering the seed plan, for the reconciliation benchmark.

Why: the hand-written report sets in ``samples/reports/`` prove that each
reconciliation rule fires as designed, but a dozen files say nothing about
speed or about how matching holds up across hundreds of phrasings.  This
module writes ``n`` born-digital report PDFs that answer Kế hoạch số
19/KH-SVHTTDL (the seed plan), from a generated roster of about ``n / 2``
units, varying what a real batch varies:

* the unit (roster name, an alias, old tone marks ``HOÁ``, hyphen or en dash in
  its name), its number and date (on time, or days after the deadline
  ``trước ngày 15/12/2026``);
* the results: the plan's three targets (khách du lịch, doanh thu, Chỉ số Hạnh
  phúc) reported or not, in prose or in a ``Chỉ tiêu | ĐVT | Kế hoạch | Thực
  hiện | Tỷ lệ %`` table, in the plan's scale (``21.450 nghìn lượt``), in full
  (``21.450.000 lượt``) or in another scale (``21,45 triệu lượt``,
  ``3.520.000 triệu đồng``), with or without ``đạt ...% kế hoạch`` and growth;
* which of the plan's four tasks it speaks to, in several wordings;
* extra documents of the same unit: an earlier provisional report (superseded),
  a report on another plan, an event report citing no plan.

Everything is drawn from ``random.Random`` seeded per file from ``seed``, so a
given ``(n, seed)`` always gives the same bytes; pages are laid out by
``samples/make_samples.py`` (reportlab, the same Decree 30 layout as the
samples).  Besides the PDFs, ``out_dir`` receives ``roster.yaml`` (the format
of ``samples/rosters/*.yaml``) and ``truth.json``: per file the unit, state,
date and results as generated, and the reconciliation the set was built to
produce (missing units, late reports, shortfalls, met targets, targets and
tasks nobody reported on), in the shape of ``samples/expected/reconcile/*.json``.

Usage::

    python bench/report_variations.py --n 500 --out /tmp/reports --seed 1
    # or: from bench.report_variations import generate; generate("19/KH-SVHTTDL", 500, out, seed=1)
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make ``bench.corpus`` importable
    sys.path.insert(0, str(REPO))

from bench.corpus import load_make_samples  # noqa: E402

PLAN_NUMBER = "19/KH-SVHTTDL"
PLAN_NAMES = frozenset({PLAN_NUMBER, "seed", "seed_19-KH-SVHTTDL", "seed_19-KH-SVHTTDL.pdf"})
PLAN_CITATION = (
    "Kế hoạch số 19/KH-SVHTTDL ngày 30/01/2026 của Sở Văn hóa, Thể thao và Du lịch về phát động phong "
    "trào thi đua thực hiện thắng lợi mục tiêu, nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng, "
    "an ninh năm 2026"
)
DEADLINE = dt.date(2026, 12, 15)  # "trước ngày 15/12/2026": that day or later is late
PARENTS = ("SỞ VHTTDL TỈNH CAO BẰNG", "SỞ VHTTDL CAO BẰNG")


@dataclass(frozen=True)
class Target:
    """One numeric goal of the seed plan, as the plan writes it and in base units."""

    raw: str  # as written in the plan: how golden outputs identify it
    metric: str
    base: float  # target in base units (lượt, đồng, %)


TARGETS = (
    Target("23.100 nghìn lượt", "khách du lịch", 23_100_000),
    Target("3.350 tỷ đồng", "doanh thu", 3_350_000_000_000),
    Target("70 %", "Chỉ số Hạnh phúc", 70.0),
)
TASKS = (
    "Thi đua thực hiện công tác tuyên truyền, phối hợp triển khai thành công cuộc bầu cử đại biểu Quốc hội "
    "khóa XVI và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026 – 2031",
    "Thi đua thực hiện thắng lợi các mục tiêu, nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng, an "
    "ninh theo Nghị quyết của Ban Chấp hành Đảng bộ tỉnh và Hội đồng nhân dân cấp tỉnh về mục tiêu, nhiệm "
    "vụ, kế hoạch năm 2026 trong lĩnh vực văn hóa, thể thao và du lịch.",
    "Thi đua xây dựng tổ chức Đảng, chính quyền và các đoàn thể vững mạnh",
    "Thi đua xây dựng, biểu dương, khen thưởng các mô hình mới, nhân tố mới, điển hình tiên tiến trong ngành "
    "VH TTDL.",
)

# Paragraphs that speak to each task (index into TASKS), in different wordings.
TASK_PARAGRAPHS: tuple[tuple[str, ...], ...] = (
    (
        "Đơn vị tổ chức tuyên truyền cuộc bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các "
        "cấp nhiệm kỳ 2026 - 2031 bằng băng rôn, khẩu hiệu, pa-nô và tin bài trên trang thông tin điện tử; "
        "100% công chức, viên chức, người lao động tham gia bỏ phiếu.",
        "Hưởng ứng cuộc bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân các cấp, đơn vị phối hợp tổ "
        "chức {k} buổi văn nghệ, chiếu phim lưu động kết hợp tuyên truyền Luật Bầu cử tới cử tri vùng cao.",
        "Công tác tuyên truyền bầu cử được triển khai kịp thời: treo {k} băng rôn, khẩu hiệu; đăng tải tin, "
        "bài về cuộc bầu cử đại biểu Quốc hội khóa XVI và Hội đồng nhân dân các cấp trên mạng xã hội của đơn vị.",
    ),
    (
        "Đơn vị triển khai đồng bộ các nhiệm vụ phát triển văn hóa, thể thao và du lịch năm 2026, tham gia "
        "thực hiện Dự án 6 về bảo tồn, phát huy giá trị văn hóa truyền thống của đồng bào dân tộc thiểu số "
        "gắn với phát triển du lịch.",
        "Phối hợp khai thác các tuyến du lịch Công viên địa chất toàn cầu UNESCO Non nước Cao Bằng và khu du "
        "lịch thác Bản Giốc; tham gia xây dựng sản phẩm du lịch cho không gian phía Tây Bắc của tỉnh.",
        "Tổ chức và tham gia {k} giải thể thao, góp phần đẩy mạnh phong trào rèn luyện thân thể, bảo tồn các "
        "môn thể thao dân tộc truyền thống; bảo đảm an ninh trật tự, an toàn dữ liệu thông tin tại cơ quan.",
    ),
    (
        "Đơn vị chú trọng xây dựng tổ chức Đảng, chính quyền và các đoàn thể vững mạnh; vận động đảng viên, "
        "đoàn viên, hội viên gương mẫu thực hiện nhiệm vụ được giao.",
        "Công tác giáo dục chính trị, tư tưởng gắn với học tập và làm theo tư tưởng, đạo đức, phong cách Hồ "
        "Chí Minh được duy trì thường xuyên trong chi bộ và các đoàn thể của đơn vị.",
    ),
    (
        "Đơn vị phát hiện, xây dựng {k} mô hình mới, cách làm hay; biểu dương, khen thưởng kịp thời các tập "
        "thể, cá nhân điển hình tiên tiến trong phong trào thi đua.",
        "Tổ chức sơ kết phong trào, đề nghị khen thưởng {k} cá nhân tiêu biểu; giới thiệu các điển hình tiên "
        "tiến, nhân tố mới để nhân rộng trong toàn ngành.",
    ),
)

# Metric wordings per target (same metric, different words) and the verb that introduces a value.
WORDINGS = (
    ("lượt khách du lịch", "tổng lượt khách du lịch đến tỉnh", "tổng số lượt khách đến tham quan, du lịch",
     "lượng khách du lịch đến Cao Bằng"),
    ("doanh thu du lịch", "tổng doanh thu từ hoạt động du lịch", "tổng thu từ khách du lịch",
     "doanh thu từ hoạt động du lịch"),
    ("tỷ lệ số xã có điểm Chỉ số Hạnh phúc của người dân từ 70 điểm trở lên",
     "tỷ lệ xã đạt điểm Chỉ số Hạnh phúc từ 70 điểm trở lên",
     "tỷ lệ số xã có Chỉ số Hạnh phúc của người dân đạt từ 70 điểm"),
)

UNIT_TYPES = (
    ("Ban Quản lý Khu di tích {p}", "BQL Khu di tích {p}", "đơn vị sự nghiệp"),
    ("Trạm Thông tin Du lịch {p}", "Trạm TTDL {p}", "đơn vị sự nghiệp"),
    ("Đội Thông tin lưu động {p}", "Đội TTLĐ {p}", "đơn vị sự nghiệp"),
    ("Nhà Văn hóa {p}", "NVH {p}", "đơn vị sự nghiệp"),
    ("Trung tâm Văn hóa - Điện ảnh {p}", "TT VH-ĐA {p}", "đơn vị sự nghiệp"),
    ("Phòng Văn hóa - Thể thao khu vực {p}", "Phòng VH-TT {p}", "phòng"),
    ("Thư viện khu vực {p}", "TV khu vực {p}", "đơn vị sự nghiệp"),
    ("Trung tâm Dịch vụ Du lịch {p}", "TT DVDL {p}", "đơn vị sự nghiệp"),
)
PLACES = (
    "Pác Bó", "Bản Giốc", "Phia Oắc", "Nguyên Bình", "Trùng Khánh", "Hà Quảng", "Bảo Lạc", "Bảo Lâm",
    "Thạch An", "Quảng Hòa", "Hạ Lang", "Hòa An", "Thông Nông", "Trà Lĩnh", "Phục Hòa", "Đông Khê",
    "Tĩnh Túc", "Xuân Trường", "Lũng Nặm", "Cần Yên", "Đàm Thủy", "Ngọc Côn", "Khâm Thành", "Kim Đồng",
    "Nước Hai", "Thanh Long", "Quang Trung", "Mông Ân", "Sơn Lộ", "Yên Thổ", "Lý Quốc", "Minh Khai",
    "Canh Tân", "Đức Long", "Phan Thanh", "Ca Thành", "Quốc Toản", "Hưng Đạo", "Bế Triều", "Tam Kim",
)
BASE_UNITS = (
    ("Văn phòng Sở", ("Văn phòng",), "phòng"),
    ("Phòng Tổ chức – Pháp chế", ("Phòng TC-PC",), "phòng"),
    ("Phòng Quản lý Văn hóa", ("Phòng QLVH",), "phòng"),
    ("Phòng Quản lý Du lịch", ("Phòng QLDL",), "phòng"),
    ("Trung tâm Thông tin và Xúc tiến Du lịch", ("Trung tâm TT&XTDL",), "đơn vị sự nghiệp"),
    ("Bảo tàng tỉnh", ("Bảo tàng tỉnh Cao Bằng",), "đơn vị sự nghiệp"),
    ("Thư viện tỉnh", ("Thư viện tỉnh Cao Bằng",), "đơn vị sự nghiệp"),
    ("Trung tâm Huấn luyện và Thi đấu Thể dục thể thao", ("Trung tâm Huấn luyện và Thi đấu TDTT",),
     "đơn vị sự nghiệp"),
)
SURNAMES = ("Nông", "Hoàng", "Lục", "Đàm", "Bế", "Lường", "Triệu", "Lý", "Nguyễn", "Đinh", "Lâm", "Mạc")
MIDDLES = ("Văn", "Thị", "Đức", "Thị Thu", "Văn Minh", "Thị Hải", "Quốc", "Ngọc")
GIVENS = ("Lan", "Thành", "Hương", "Quyết", "Yến", "Khánh", "Phúc", "Tiến", "Hùng", "Mai", "Dũng", "Hà")


@dataclass
class Unit:
    name: str
    aliases: tuple[str, ...]
    group: str
    code: str  # the symbol in the unit's document numbers (BC-<code>)


@dataclass
class Report:
    """One generated file and what it says, as the truth the benchmark scores against."""

    file: str
    unit: str
    kind: str  # main | earlier | other_plan | no_plan
    issued: dt.date
    results: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------- small writers


def vn_int(value: int) -> str:
    """23100 -> '23.100' (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def vn_dec(value: float, places: int = 1) -> str:
    """92.857 -> '92,9'; a whole value loses its decimals ('100')."""
    text = f"{value:,.{places}f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return text[: -(places + 1)] if text.endswith("," + "0" * places) else text


def _rng(seed: int, *key: object) -> random.Random:
    """A generator for one item, independent of how many items come before it."""
    digest = hashlib.sha256("|".join(map(str, (seed, *key))).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _code(name: str) -> str:
    """Document-number symbol from a unit name: initials of its capitalised words ('QLDL')."""
    words = [w for w in name.replace("–", " ").replace("-", " ").split() if w[:1].isupper()]
    return "".join(w[0] for w in words)[:6].upper() or "DV"


def _issuer_lines(unit: Unit, rng: random.Random) -> tuple[str, ...]:
    """The issuer as the header prints it: the name or an alias, upper case, with tone and dash variants."""
    text = rng.choice((unit.name, unit.name, *unit.aliases)) if unit.aliases else unit.name
    if rng.random() < 0.3:
        text = text.replace("hóa", "hoá").replace("Hóa", "Hoá")
    if rng.random() < 0.5:
        text = text.replace(" – ", " - ") if " – " in text else text.replace(" - ", " – ")
    return _wrap_issuer(text.upper())


ISSUER_WIDTH = 195.0  # points: the header's left column (73 mm) less padding, as make_samples lays it out


def _wrap_issuer(upper: str) -> tuple[str, ...]:
    """Break the issuer into lines that fit the header column in bold 13 pt, as a clerk would."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    load_make_samples()._pdf_styles()  # registers the fonts measured here

    def width(text: str) -> float:
        return stringWidth(text, "Serif-Bold", 13)

    words = upper.split()
    if width(upper) <= ISSUER_WIDTH:
        return (upper,)
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    fitting = [pair for pair in splits if max(map(width, pair)) <= ISSUER_WIDTH]
    # Two lines, the first as full as it can be, never leaving one word alone below nor splitting
    # "khu vực" or a dashed name: "THƯ VIỆN KHU VỰC / ĐỨC LONG", "SỞ VĂN HÓA, THỂ THAO / VÀ DU LỊCH".
    good = [pair for pair in fitting
            if len(pair[1].split()) > 1 and pair[0].split()[-1] not in ("KHU", "-", "–")
            and pair[1].split()[0] not in ("-", "–")]
    if good or fitting:
        return max(good or fitting, key=lambda pair: width(pair[0]))
    lines: list[str] = []
    for word in words:
        if lines and width(f"{lines[-1]} {word}") <= ISSUER_WIDTH:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return tuple(lines)


def _signer(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"


def _place_date(day: dt.date) -> str:
    return f"Cao Bằng, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


# --------------------------------------------------------------------------- roster


def make_roster(count: int, seed: int) -> list[Unit]:
    """``count`` units: the seed roster's eight first, then generated units (type x place)."""
    units = [Unit(name, aliases, group, _code(name)) for name, aliases, group in BASE_UNITS][:count]
    rng = _rng(seed, "roster")
    combos = [(t, p) for p in PLACES for t in UNIT_TYPES]
    rng.shuffle(combos)
    serial = 0
    while len(units) < count:
        (name_t, alias_t, group), place = combos[serial % len(combos)]
        round_ = serial // len(combos)
        suffix = f" số {round_ + 1}" if round_ else ""
        name = name_t.format(p=place) + suffix
        units.append(Unit(name, (alias_t.format(p=place) + suffix,), group, _code(name)))
        serial += 1
    return units


def roster_yaml(units: list[Unit]) -> str:
    """The roster in the ``samples/rosters/*.yaml`` format (JSON-quoted scalars are valid YAML)."""
    lines = [
        f"# Generated by bench/report_variations.py for Kế hoạch {PLAN_NUMBER}; the plan's group",
        "# 'các phòng, đơn vị sự nghiệp trực thuộc Sở' covers every unit below.",
        "units:",
    ]
    for unit in units:
        q = json.dumps(unit.name, ensure_ascii=False)
        aliases = ", ".join(json.dumps(a, ensure_ascii=False) for a in unit.aliases)
        lines += [f"  - name: {q}", f"    aliases: [{aliases}]", f"    groups: [{unit.group}]"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- one report


def _khach_text(base: int, rng: random.Random) -> tuple[str, str, str]:
    """A tourist count as prose text, table unit and table value, in one of three scales."""
    style = rng.randrange(3)
    if style == 0:
        return f"{vn_int(base // 1000)} nghìn lượt", "Nghìn lượt", vn_int(base // 1000)
    if style == 1:
        return f"{vn_int(base)} lượt", "Lượt", vn_int(base)
    return f"{vn_dec(base / 1e6, 2)} triệu lượt", "Triệu lượt", vn_dec(base / 1e6, 2)


def _doanh_thu_text(base: int, rng: random.Random) -> tuple[str, str, str]:
    """Revenue in tỷ đồng or in triệu đồng."""
    ty = base // 10**9
    if rng.random() < 0.75:
        return f"{vn_int(ty)} tỷ đồng", "Tỷ đồng", vn_int(ty)
    return f"{vn_int(ty * 1000)} triệu đồng", "Triệu đồng", vn_int(ty * 1000)


def _results(rng: random.Random) -> list[dict[str, Any]]:
    """Which targets this report gives a result for, and the achieved base values."""
    out: list[dict[str, Any]] = []
    if rng.random() < 0.55:
        out.append({"target": 0, "achieved": rng.randrange(19_000, 25_600, 10) * 1000})
    if rng.random() < 0.5:
        out.append({"target": 1, "achieved": rng.randrange(2_900, 3_800, 5) * 10**9})
    if rng.random() < 0.3:
        out.append({"target": 2, "achieved": float(rng.randrange(55, 86))})
    return out


def _result_prose(result: dict[str, Any], rng: random.Random) -> str:
    index, achieved = result["target"], result["achieved"]
    target = TARGETS[index]
    pct = achieved / target.base * 100
    wording = rng.choice(WORDINGS[index])
    if index == 0:
        value = _khach_text(int(achieved), rng)[0]
    elif index == 1:
        value = _doanh_thu_text(int(achieved), rng)[0]
    else:
        value = f"{vn_dec(achieved)}%"
    verb = rng.choice(("ước đạt", "đạt", "ước tính đạt"))
    text = f"Năm 2026, {wording} {verb} {value}"
    if index < 2 and rng.random() < 0.7:
        text += f", đạt {vn_dec(pct)}% kế hoạch"
    if index < 2 and rng.random() < 0.5:
        text += f", tăng {vn_dec(rng.uniform(2, 15))}% so với cùng kỳ"
    return text[0].upper() + text[1:] + "."


def _result_table(results: list[dict[str, Any]], rng: random.Random, ms: Any) -> Any:
    rows = [("STT", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện", "Tỷ lệ %")]
    for number, result in enumerate(results, start=1):
        index, achieved = result["target"], result["achieved"]
        target = TARGETS[index]
        wording = rng.choice(WORDINGS[index])
        wording = wording[0].upper() + wording[1:]
        if index == 0:
            _, unit, value = _khach_text(int(achieved), rng)
            plan = {"Nghìn lượt": "23.100", "Lượt": "23.100.000", "Triệu lượt": "23,1"}[unit]
        elif index == 1:
            _, unit, value = _doanh_thu_text(int(achieved), rng)
            plan = "3.350" if unit == "Tỷ đồng" else "3.350.000"
        else:
            unit, value, plan = "%", vn_dec(achieved), "70"
        pct = vn_dec(achieved / target.base * 100)
        rows.append((str(number), wording, unit, plan, value, pct))
    return ms.Block("table", table=ms.TableBlock((6, 40, 13, 14, 14, 11), ("c", "l", "c", "r", "r", "r"),
                                                 tuple(rows)))


HEAD_TITLES = (  # unit name prefix -> the head's title (the deputy signs "KT. <title>" as "PHÓ ...")
    ("Văn phòng", "CHÁNH VĂN PHÒNG"), ("Phòng", "TRƯỞNG PHÒNG"), ("Ban", "TRƯỞNG BAN"),
    ("Đội", "ĐỘI TRƯỞNG"), ("Trạm", "TRẠM TRƯỞNG"),
)


def _closing(unit: Unit, rng: random.Random, ms: Any) -> Any:
    """Recipients and signature; a deputy signs for the head now and then (``KT.``)."""
    head = next((title for prefix, title in HEAD_TITLES if unit.name.startswith(prefix)), "GIÁM ĐỐC")
    title, authority = head, ()
    if rng.random() < 0.25 and head in ("GIÁM ĐỐC", "TRƯỞNG PHÒNG", "TRƯỞNG BAN", "CHÁNH VĂN PHÒNG"):
        deputy = "PHÓ CHÁNH VĂN PHÒNG" if head == "CHÁNH VĂN PHÒNG" else f"PHÓ {head}"
        title, authority = deputy, (f"KT. {head}",)
    recipients = ("- Sở VHTTDL (qua Phòng TC-PC);", "- Lãnh đạo Sở (b/c);", "- Lưu: VT.")
    return ms.Block("closing", closing=ms.Closing(recipients, authority, title, _signer(rng)))


def build_report(unit: Unit, report: Report, number: int, rng: random.Random, ms: Any) -> Any:
    """The SampleDoc of one report; fills ``report.results`` and ``report.tasks`` with what it says."""
    blocks: list[Any] = []
    name_in_text = unit.name
    if report.kind in ("main", "earlier"):
        opener = rng.choice(("Thực hiện", "Căn cứ", "Triển khai"))
        summary = rng.choice((
            ("Kết quả thực hiện phong trào thi đua năm 2026",),
            ("Kết quả thực hiện Kế hoạch phát động phong trào thi đua", "năm 2026"),
            ("Tổng kết phong trào thi đua thực hiện nhiệm vụ năm 2026",),
        ))
        if report.kind == "earlier":
            summary = (*summary, "(số liệu ước thực hiện)")
        blocks.append(ms.Block("para", text=f"{opener} {PLAN_CITATION}, {name_in_text} báo cáo kết quả như sau:"))
        blocks.append(ms.Block("h1", text="I. KẾT QUẢ THỰC HIỆN"))
        tasks = sorted(rng.sample(range(4), rng.randint(1, 3)))
        if rng.random() < 0.85 and 2 in tasks:  # task 3 is rarely reported on, as in real batches
            tasks.remove(2)
        tasks = tasks or [1]
        for task in tasks:
            blocks.append(ms.Block("para", text=rng.choice(TASK_PARAGRAPHS[task]).format(k=rng.randint(2, 40))))
        results = _results(rng)
        if results:
            if rng.random() < 0.4:
                blocks.append(ms.Block("para", text="Kết quả thực hiện các chỉ tiêu năm 2026 như sau:"))
                blocks.append(_result_table(results, rng, ms))
            else:
                blocks.extend(ms.Block("para", text=_result_prose(r, rng)) for r in results)
        report.results = [
            {"target": TARGETS[r["target"]].raw, "achieved": r["achieved"],
             "percent": round(r["achieved"] / TARGETS[r["target"]].base * 100, 1)}
            for r in results
        ]
        report.tasks = tasks
    elif report.kind == "other_plan":
        summary = ("Kết quả thực hiện phong trào \"Toàn dân đoàn kết", "xây dựng đời sống văn hóa\" năm 2026")
        blocks.append(ms.Block("para", text=(
            "Thực hiện Kế hoạch số 33/KH-SVHTTDL ngày 05/3/2026 của Sở Văn hóa, Thể thao và Du lịch về thực "
            f"hiện phong trào \"Toàn dân đoàn kết xây dựng đời sống văn hóa\", {name_in_text} báo cáo như sau:")))
        blocks.append(ms.Block("h1", text="I. KẾT QUẢ THỰC HIỆN"))
        blocks.append(ms.Block("para", text=(
            f"Tỷ lệ hộ gia đình được công nhận danh hiệu \"Gia đình văn hóa\" đạt {vn_dec(rng.uniform(80, 95))}%; "
            "phong trào gắn với xây dựng tổ chức Đảng, chính quyền và các đoàn thể vững mạnh ở cơ sở.")))
    else:  # no_plan
        summary = ("Kết quả tổ chức các hoạt động chào mừng", "Ngày Di sản văn hóa Việt Nam năm 2026")
        blocks.append(ms.Block("para", text=(
            f"Thực hiện sự chỉ đạo của Lãnh đạo Sở, {name_in_text} báo cáo kết quả tổ chức các hoạt động "
            "chào mừng Ngày Di sản văn hóa Việt Nam (23/11) như sau:")))
        blocks.append(ms.Block("h1", text="I. KẾT QUẢ"))
        blocks.append(ms.Block("para", text=(
            f"Trong dịp lễ, đơn vị đón khoảng {vn_dec(rng.uniform(20, 180))} nghìn lượt khách, doanh thu từ "
            f"hoạt động du lịch ước đạt {rng.randint(15, 200)} tỷ đồng.")))
    blocks.append(ms.Block("h1", text="II. TỒN TẠI, HẠN CHẾ"))
    blocks.append(ms.Block("para", text=rng.choice((
        "Kinh phí cho hoạt động chuyên môn còn hạn hẹp; cơ sở vật chất, trang thiết bị đã xuống cấp.",
        "Nhân lực còn thiếu, một số viên chức kiêm nhiệm nhiều việc; số liệu tổng hợp đôi khi còn chậm.",
        "Thời tiết mưa lũ kéo dài ảnh hưởng đến tiến độ một số nhiệm vụ.",
    ))))
    blocks.append(ms.Block("h1", text="III. PHƯƠNG HƯỚNG, NHIỆM VỤ"))
    blocks.append(ms.Block("para", text=(
        "Tiếp tục thực hiện các nhiệm vụ còn lại, khắc phục hạn chế; đề nghị Sở quan tâm bố trí kinh phí "
        "cho đơn vị trong năm 2027./.")))
    blocks.append(_closing(unit, rng, ms))
    return ms.SampleDoc(
        name=Path(report.file).stem,
        parent=rng.choice(PARENTS),
        issuer=_issuer_lines(unit, rng),
        number=f"Số: {number}/BC-{unit.code}",
        place_date=_place_date(report.issued),
        type_line="BÁO CÁO",
        summary=summary,
        formats=frozenset({"pdf"}),
        blocks=tuple(blocks),
    )


# --------------------------------------------------------------------------- the set


def _plan_reports(units: list[Unit], n: int, seed: int) -> list[tuple[Unit, Report]]:
    """Distribute ``n`` reports over the units: ~6 % send nothing, each other unit one main report,
    the rest are extra documents (an earlier version, another plan's report, a report citing no plan)."""
    rng = _rng(seed, "plan")
    order = list(range(len(units)))
    rng.shuffle(order)
    silent = set(order[: max(1, round(len(units) * 0.06))]) if len(units) > 2 else set()
    active = [i for i in range(len(units)) if i not in silent]
    slots: list[tuple[int, str]] = [(i, "main") for i in active][:n]
    while len(slots) < n:
        kind = rng.choices(("earlier", "other_plan", "no_plan"), weights=(2, 1, 1))[0]
        slots.append((rng.choice(active), kind))
    rng.shuffle(slots)
    pairs: list[tuple[Unit, Report]] = []
    main_dates: dict[int, dt.date] = {}
    for i, kind in slots:
        if kind == "main":
            main_dates[i] = _main_date(_rng(seed, "date", i))
    for serial, (i, kind) in enumerate(slots):
        r = _rng(seed, "slot", serial)
        unit = units[i]
        if kind == "main":
            issued = main_dates[i]
        elif kind == "earlier":
            issued = main_dates[i] - dt.timedelta(days=r.randint(2, 20))
        else:
            issued = dt.date(2026, 6, 1) + dt.timedelta(days=r.randint(0, 190))
        file = f"r{serial + 1:04d}_{unit.code.lower()}-{kind.replace('_', '')}.pdf"
        pairs.append((unit, Report(file=file, unit=unit.name, kind=kind, issued=issued)))
    return pairs


def _main_date(rng: random.Random) -> dt.date:
    """A main report's date: mostly before the deadline, ~15 % one to fifteen days after it."""
    if rng.random() < 0.15:
        return DEADLINE + dt.timedelta(days=rng.randint(1, 15))
    return DEADLINE - dt.timedelta(days=rng.randint(1, 25))


def _truth(units: list[Unit], reports: list[Report]) -> dict[str, Any]:
    """The reconciliation the set was built to produce, in the samples/expected/reconcile shape."""
    winners: dict[str, Report] = {}
    states: dict[str, str] = {}
    for report in sorted(reports, key=lambda r: (r.issued, r.file)):
        if report.kind in ("other_plan", "no_plan"):
            states[report.file] = "not_for_plan"
            continue
        previous = winners.get(report.unit)
        if previous is not None:
            states[previous.file] = "superseded"
        winners[report.unit] = report
        states[report.file] = "late" if report.issued >= DEADLINE else "on_time"
    flags: list[dict[str, Any]] = []
    met: list[dict[str, Any]] = []
    missing = [u.name for u in units if u.name not in winners]
    flags += [{"kind": "missing_report", "unit": name} for name in missing]
    for report in sorted(winners.values(), key=lambda r: r.file):
        if states[report.file] == "late":
            flags.append({"kind": "late_report", "unit": report.unit, "report": report.file,
                          "issued_date": report.issued.isoformat(), "deadline": DEADLINE.isoformat()})
    reported: set[str] = set()
    for report in sorted(winners.values(), key=lambda r: r.file):
        for result in report.results:
            reported.add(result["target"])
            target = next(t for t in TARGETS if t.raw == result["target"])
            entry = {"target": target.raw, "unit": report.unit, "report": report.file,
                     "achieved": result["achieved"], "percent": result["percent"]}
            if result["achieved"] < target.base:
                flags.append({"kind": "target_shortfall", **entry})
            else:
                met.append(entry)
    flags += [{"kind": "target_not_reported", "target": t.raw} for t in TARGETS if t.raw not in reported]
    spoken = {task for report in winners.values() for task in report.tasks}
    flags += [{"kind": "task_not_addressed", "task": TASKS[i]} for i in range(len(TASKS)) if i not in spoken]
    return {
        "plan": PLAN_NUMBER,
        "reports": [
            {"file": r.file, "unit": r.unit, "kind": r.kind, "state": states[r.file],
             "issued_date": r.issued.isoformat(), "results": r.results, "tasks": r.tasks}
            for r in sorted(reports, key=lambda r: r.file)
        ],
        "missing": missing,
        "flags": flags,
        "met": met,
    }


def generate(plan: str, n: int, out_dir: Path, seed: int) -> list[Path]:
    """Write ``n`` varied report PDFs answering ``plan`` into ``out_dir``; return their paths (sorted).

    ``plan``: the seed plan, as its number ``19/KH-SVHTTDL``, ``seed`` or its
    sample name; other plans are not supported.  Also writes
    ``out_dir/roster.yaml`` (about ``n / 2`` units) and ``out_dir/truth.json``.
    Same ``(n, seed)``, same bytes.
    """
    if Path(plan).name not in PLAN_NAMES and plan not in PLAN_NAMES:
        raise ValueError(f"unsupported plan {plan!r}: only the seed plan {PLAN_NUMBER} is generated")
    if n < 1:
        raise ValueError("n must be at least 1")
    ms = load_make_samples()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    units = make_roster(max(1, math.ceil(n / 2)), seed)
    pairs = _plan_reports(units, n, seed)
    paths: list[Path] = []
    for serial, (unit, report) in enumerate(pairs):
        rng = _rng(seed, "report", serial)
        doc = build_report(unit, report, 10 + serial, rng, ms)
        path = out_dir / report.file
        path.write_bytes(ms.render_pdf(doc))
        paths.append(path)
    (out_dir / "roster.yaml").write_text(roster_yaml(units), encoding="utf-8")
    truth = _truth(units, [report for _, report in pairs])
    (out_dir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return sorted(paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate varied unit reports answering the seed plan.")
    parser.add_argument("--plan", default=PLAN_NUMBER, help=f"the plan answered (only {PLAN_NUMBER})")
    parser.add_argument("--n", type=int, default=100, help="number of reports (default 100)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = generate(args.plan, args.n, args.out, args.seed)
    print(f"wrote {len(paths)} reports, roster.yaml and truth.json to {args.out} "
          f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
