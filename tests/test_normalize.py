"""Vietnamese text is normalized once: NFC, one tone placement, plain dashes; originals are kept."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.ingest.read import load
from pipeline.text.normalize import fold, normalize_pages, normalize_text, strip_marks


@pytest.mark.parametrize(("raw", "normalized"), [
    ("Văn hoá", "Văn hóa"),
    ("thuỷ lợi", "thủy lợi"),
    ("khoẻ mạnh", "khỏe mạnh"),
    ("HOÀ BÌNH", "HÒA BÌNH"),
    ("Thanh Hoá", "Thanh Hóa"),
    ("loà xoà", "lòa xòa"),
    ("kỹ thuật", "kỹ thuật"),  # a tone inside a closed syllable stays where it is
    ("quý II", "quý II"),  # 'qu' + y: the tone belongs on y
    ("hoàn thành", "hoàn thành"),
    ("Phòng Tổ chức – Pháp chế", "Phòng Tổ chức - Pháp chế"),
    ("giai đoạn 2026 — 2030", "giai đoạn 2026 - 2030"),
    ("“Vì người nghèo”", '"Vì người nghèo"'),
    ("Số\u00a019/KH", "Số 19/KH"),
    ("Kế\u200b hoạch", "Kế hoạch"),
    ("Thông tư số 23\u20442024/TT-BCT", "Thông tư số 23/2024/TT-BCT"),
])
def test_normalize_text(raw, normalized):
    assert normalize_text(raw) == normalized


def test_decomposed_input_is_composed():
    decomposed = unicodedata.normalize("NFD", "Sở Văn hoá, Thể thao và Du lịch")
    assert normalize_text(decomposed) == "Sở Văn hóa, Thể thao và Du lịch"
    assert unicodedata.is_normalized("NFC", normalize_text(decomposed))


def test_comparison_keys():
    assert fold("Phòng TỔ CHỨC – Pháp chế ") == fold("phòng tổ chức - pháp chế")
    assert fold("Văn hoá") == fold("văn hóa")
    assert strip_marks("Đắk Lắk") == "Dak Lak"


def test_words_keep_their_original_text(tmp_path):
    path = tmp_path / "kh.txt"
    path.write_text(unicodedata.normalize("NFD", "Sở Văn hoá – Thể thao\n"), encoding="utf-8")
    _, pages = load(path)
    words = pages[0].lines[0].words
    assert [w.text for w in words] == ["Sở", "Văn", "hóa", "-", "Thể", "thao"]
    assert words[2].original == unicodedata.normalize("NFD", "hoá") and words[3].original == "–"
    assert normalize_pages(pages) == pages  # normalizing twice changes nothing


def test_old_and_new_tone_placement_extract_alike(tmp_path):
    """A plan typed with old-style marks gives the same facts as one with new-style marks."""
    from pipeline.run.document import extract_file

    text = ("UBND TỈNH THANH HOÁ | CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "SỞ VĂN HOÁ, THỂ THAO VÀ DU LỊCH | Độc lập - Tự do - Hạnh phúc\n"
            "Số: 7/KH-SVHTTDL | Thanh Hoá, ngày 05 tháng 02 năm 2026\n\nKẾ HOẠCH\nPhát triển văn hoá năm 2026\n\n"
            "I. MỤC TIÊU\nPhấn đấu tỷ lệ gia đình văn hoá đạt 92%.\n"
            "II. TỔ CHỨC THỰC HIỆN\nGiao Phòng Quản lý văn hoá chủ trì, báo cáo trước ngày 15/12/2026.\n")
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace("hoá", "hóa").replace("HOÁ", "HÓA").replace("HOÀ", "HÒA"), encoding="utf-8")
    a, b = extract_file(old), extract_file(new)
    assert a.place == b.place == "Thanh Hóa"
    assert a.issuer.name == b.issuer.name == "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"
    assert [(t.metric, t.value) for t in a.targets] == [(t.metric, t.value) for t in b.targets] == \
        [("tỷ lệ gia đình văn hóa", 92.0)]
    assert [r.unit for r in a.responsibilities] == ["Phòng Quản lý văn hóa"]
    assert [(d.date, d.relation.value) for d in a.deadlines] == [("2026-12-15", "before")]
