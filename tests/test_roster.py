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
    ("r.csv", "ten,bi_danh\nA,B\n", "'name' column"),
    ("r.txt", "A\n", ".yaml, .yml or .csv"),
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
