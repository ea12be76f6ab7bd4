"""The roster: loading it, and recognising its units under every name documents give them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import BadInputError
from pipeline.reconcile.roster import Roster, RosterUnit, load_roster

UNITS = [
    RosterUnit.build("Phòng Tổ chức – Pháp chế", ("Phòng TC-PC", "P. TCPC"), ("phòng",)),
    RosterUnit.build("Phòng Quản lý Du lịch", (), ("phòng",)),
    RosterUnit.build("Phòng Quản lý Thể dục thể thao", (), ("phòng",)),
    RosterUnit.build("Trung tâm Thông tin và Xúc tiến Du lịch", (), ("đơn vị sự nghiệp",)),
    RosterUnit.build("Bảo tàng tỉnh", (), ("đơn vị sự nghiệp",)),
    RosterUnit.build("UBND huyện Bảo Lạc", (), ("huyện",)),
]
ROSTER = Roster(UNITS)


@pytest.mark.parametrize(("written", "expected"), [
    ("PHÒNG TỔ CHỨC - PHÁP CHẾ", "Phòng Tổ chức – Pháp chế"),  # capitals, hyphen for en dash
    ("Phòng Tổ chức — Pháp chế", "Phòng Tổ chức – Pháp chế"),  # em dash
    ("Phòng TC - PC", "Phòng Tổ chức – Pháp chế"),  # alias with spaced dash
    ("P.TCPC", "Phòng Tổ chức – Pháp chế"),
    ("Phòng Tổ chúc - Pháp chê", "Phòng Tổ chức – Pháp chế"),  # OCR slips
    ("Phòng QLDL", "Phòng Quản lý Du lịch"),  # initials the roster never listed
    ("TT TTXTDL", "Trung tâm Thông tin và Xúc tiến Du lịch"),
    ("Trung tâm TT&XTDL", "Trung tâm Thông tin và Xúc tiến Du lịch"),
    ("TRUNG TÂM THÔNG TIN VÀ XÚC TIẾN DU LỊCH", "Trung tâm Thông tin và Xúc tiến Du lịch"),
    ("BẢO TÀNG TỈNH CAO BẰNG", "Bảo tàng tỉnh"),  # longer name than the roster's
    ("Ủy ban nhân dân huyện Bảo Lạc", "UBND huyện Bảo Lạc"),
    ("ỦY BAN NHÂN DÂN HUYỆN BẢO LẠC", "UBND huyện Bảo Lạc"),
])
def test_a_unit_is_recognised_under_its_usual_variants(written: str, expected: str) -> None:
    unit = ROSTER.match(written)
    assert unit is not None and unit.name == expected


@pytest.mark.parametrize("written", [
    "Phòng Quản lý",  # could be two units
    "Phòng Quản lý Văn hóa",  # another unit
    "Thư viện tỉnh",
    "",
])
def test_an_ambiguous_or_unknown_name_matches_nothing(written: str) -> None:
    assert ROSTER.match(written) is None


def test_a_plan_group_expands_to_the_units_tagged_with_its_words() -> None:
    names = [u.name for u in ROSTER.expand("Lãnh đạo các phòng, đơn vị sự nghiệp trực thuộc Sở")]
    assert names == [u.name for u in UNITS[:5]]
    assert [u.name for u in ROSTER.expand("các phòng chuyên môn")] == [u.name for u in UNITS[:3]]
    assert [u.name for u in ROSTER.expand("Phòng Quản lý Du lịch")] == ["Phòng Quản lý Du lịch"]
    assert ROSTER.expand("Các tổ chức đoàn thể") == []
    # a single named unit is not a group, even though "phòng" is a group word
    assert [u.name for u in ROSTER.expand("Phòng Tổ chức - Pháp chế")] == ["Phòng Tổ chức – Pháp chế"]


def test_yaml_and_csv_rosters_load_the_same_units(tmp_path: Path) -> None:
    yaml_file = tmp_path / "roster.yaml"
    yaml_file.write_text(
        "units:\n"
        "  - name: Phòng Tổ chức – Pháp chế\n    aliases: [Phòng TC-PC, P. TCPC]\n    groups: [phòng]\n"
        "  - Bảo tàng tỉnh\n",
        encoding="utf-8",
    )
    csv_file = tmp_path / "roster.csv"
    csv_file.write_text("name,aliases,groups\nPhòng Tổ chức – Pháp chế,Phòng TC-PC; P. TCPC,phòng\nBảo tàng tỉnh,,\n",
                        encoding="utf-8-sig")
    for path in (yaml_file, csv_file):
        roster = load_roster(path)
        assert [u.name for u in roster.units] == ["Phòng Tổ chức – Pháp chế", "Bảo tàng tỉnh"]
        assert roster.units[0].aliases == ("Phòng TC-PC", "P. TCPC")
        assert roster.units[0].groups == ("phòng",)


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("r.yaml", "units: [\n", "not valid YAML"),
    ("r.yaml", "units:\n  - aliases: [x]\n", "entry 1 has no name"),
    ("r.yaml", "units: []\n", "lists no units"),
    ("r.yaml", "units:\n  - A\n  - A\n", "lists a unit twice: A"),
    ("r.csv", "tên đơn vị,ghi chú\nA,x\n,chưa có tên\n", "line 3 has no unit name"),
    ("r.csv", "name\nA\nA\n", "lists a unit twice: A"),
    ("r.txt", "A\n", ".yaml, .yml, .csv or .xlsx"),
    ("r.xlsx", b"PK\x03\x04 not a workbook", "cannot read the roster workbook"),
    ("r.yaml", "office: {parent: UBND}\nunits: [A]\n", "'office:' needs at least a name"),
    ("r.yaml", b"\xff\xfe\x00bad", "cannot read"),
])
def test_a_bad_roster_is_refused_with_the_file_and_the_reason(tmp_path: Path, name: str, content: str | bytes,
                                                              reason: str) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(BadInputError) as caught:
        load_roster(path)
    assert reason in str(caught.value) and name in str(caught.value)


# ----------------------------------------------------------------------------- rosters as offices keep them

SEED_UNITS = ["Văn phòng Sở", "Phòng Tổ chức – Pháp chế", "Bảo tàng tỉnh"]


@pytest.mark.parametrize(("header", "rows"), [
    ("name,aliases,groups", ["Văn phòng Sở,Văn phòng;VP Sở,phòng", "Phòng Tổ chức – Pháp chế,Phòng TC-PC,phòng",
                             "Bảo tàng tỉnh,,đơn vị sự nghiệp"]),
    ("unit,aliases", ["Văn phòng Sở,Văn phòng;VP Sở", "Phòng Tổ chức – Pháp chế,Phòng TC-PC", "Bảo tàng tỉnh,"]),
    ("Đơn vị,Tên viết tắt", ["Văn phòng Sở,Văn phòng;VP Sở", "Phòng Tổ chức – Pháp chế,Phòng TC-PC",
                             "Bảo tàng tỉnh,"]),
    ("STT,Tên đơn vị,Ghi chú", ["1,Văn phòng Sở,", "2,Phòng Tổ chức – Pháp chế,đầu mối tổng hợp", "3,Bảo tàng tỉnh,"]),
    ("TÊN CƠ QUAN, ĐƠN VỊ;Nhóm", ["Văn phòng Sở;phòng", "Phòng Tổ chức – Pháp chế;phòng",
                                  "Bảo tàng tỉnh;đơn vị sự nghiệp"]),  # Excel's CSV where ',' is the decimal mark
    ("", ["Văn phòng Sở", "Phòng Tổ chức – Pháp chế", "Bảo tàng tỉnh"]),  # no header: one name a line
    ("", ["1,Văn phòng Sở", "2,Phòng Tổ chức – Pháp chế", "3,Bảo tàng tỉnh"]),  # no header, an STT column first
])
def test_a_csv_roster_is_read_whatever_its_header(tmp_path: Path, header: str, rows: list[str]) -> None:
    path = tmp_path / "danh-sach.csv"
    path.write_text("\n".join([header, *rows] if header else rows) + "\n", encoding="utf-8-sig")
    roster = load_roster(path)
    assert [u.name for u in roster.units] == SEED_UNITS
    if "aliases" in header or "viết tắt" in header:
        assert roster.units[0].aliases == ("Văn phòng", "VP Sở")
        assert roster.match("VĂN PHÒNG") is roster.units[0]
    if "groups" in header or "Nhóm" in header:
        assert roster.units[2].groups == ("đơn vị sự nghiệp",)
    assert roster.match("PHÒNG TỔ CHỨC - PHÁP CHẾ") is roster.units[1]


def test_an_xlsx_roster_with_a_title_row_and_one_without_a_header(tmp_path: Path) -> None:
    from openpyxl import Workbook

    titled = tmp_path / "titled.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH ĐƠN VỊ GỬI BÁO CÁO"])  # the title offices put above the table
    sheet.append([])
    sheet.append(["STT", "Tên đơn vị", "Tên viết tắt", "Khối"])
    sheet.append([1, "Văn phòng Sở", "Văn phòng; VP Sở", "phòng"])
    sheet.append([2, "Phòng Tổ chức – Pháp chế", "Phòng TC-PC", "phòng"])
    sheet.append([3, "Bảo tàng tỉnh", None, "đơn vị sự nghiệp"])
    sheet.append([None, None, None, None])  # blank rows at the end of a sheet are not units
    book.save(titled)
    roster = load_roster(titled)
    assert [u.name for u in roster.units] == SEED_UNITS
    assert roster.units[0].aliases == ("Văn phòng", "VP Sở")
    assert [u.name for u in roster.expand("các phòng, đơn vị sự nghiệp trực thuộc Sở")] == SEED_UNITS

    bare = tmp_path / "bare.xlsx"
    book = Workbook()
    for name in SEED_UNITS:
        book.active.append([name])
    book.save(bare)
    assert [u.name for u in load_roster(bare).units] == SEED_UNITS


def test_a_yaml_roster_may_name_the_office_that_compiles_the_reports(tmp_path: Path) -> None:
    path = tmp_path / "roster.yaml"
    path.write_text("office:\n  name: Sở Văn hóa, Thể thao và Du lịch\n  parent: UBND tỉnh Cao Bằng\n"
                    "  place: Cao Bằng\n  code: SVHTTDL\nunits: [Bảo tàng tỉnh]\n", encoding="utf-8")
    office = load_roster(path).office
    assert office is not None
    assert (office.name, office.parent, office.place, office.code) == (
        "Sở Văn hóa, Thể thao và Du lịch", "UBND tỉnh Cao Bằng", "Cao Bằng", "SVHTTDL")
