"""The OCR benchmark's error rates: the targets compare CERs, so the measure itself must be right.

Why these cases: a wrong edit distance or a normalization applied to one side
only would move every CER the benchmark reports, and with it the verdict on
the "60 % of plain Tesseract" and "no worse than OCRmyPDF" targets.
"""

from __future__ import annotations

import random

import pytest

from bench.cer import (
    ErrorCount,
    bag_word_errors,
    cer,
    char_errors,
    levenshtein,
    normalize_for_cer,
    paged_errors,
    split_form_feeds,
    split_vanban_pages,
    wer,
    word_errors,
)


def _table_distance(a: str, b: str) -> int:
    """The textbook dynamic-programming distance, as the oracle for the bit-parallel one."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        previous = current
    return previous[-1]


def test_identical_texts_have_no_errors() -> None:
    text = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"
    assert cer(text, text) == 0.0
    assert wer(text, text) == 0.0
    assert levenshtein("", "") == 0


@pytest.mark.parametrize(
    ("hypothesis", "reference", "edits"),
    [
        ("Bằng", "Bằng", 0),
        ("Băng", "Bằng", 1),  # a lost tone mark: one substituted character
        ("CÂU", "CẦU", 1),
        ("kế hoach", "kế hoạch", 1),
        ("kế hoạchh", "kế hoạch", 1),  # one insertion
        ("ế hoạch", "kế hoạch", 1),  # one deletion
        ("", "abc", 3),
        ("abc", "", 3),
        ("kitten", "sitting", 3),
    ],
)
def test_known_small_edits(hypothesis: str, reference: str, edits: int) -> None:
    assert levenshtein(hypothesis, reference) == edits
    assert levenshtein(reference, hypothesis) == edits


def test_rate_is_edits_over_reference_length() -> None:
    count = char_errors("Băng", "Bằng")
    assert (count.edits, count.length) == (1, 4)
    assert cer("Băng", "Bằng") == pytest.approx(0.25)
    assert cer("anything", "") == 8.0  # an empty reference counts as one unit: finite, and clearly wrong


def test_bit_parallel_distance_matches_the_table() -> None:
    rng = random.Random(7)
    alphabet = "aăâbcdđeêoôơuư .,"
    for _ in range(300):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 70)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 70)))
        assert levenshtein(a, b) == _table_distance(a, b), (a, b)


def test_long_texts_are_fast_enough() -> None:
    rng = random.Random(3)
    reference = "".join(rng.choice("abcdeghiklmnoprstuvxyăâđêôơư ") for _ in range(12_000))
    hypothesis = list(reference)
    for _ in range(300):
        hypothesis[rng.randrange(len(hypothesis))] = "#"
    distance = levenshtein("".join(hypothesis), reference)
    assert 0 < distance <= 300


def test_normalization_makes_old_and_new_tone_placement_equal() -> None:
    assert cer("hoá", "hóa") == 0.0
    assert cer("Thuỷ lợi", "Thủy lợi") == 0.0
    decomposed = "Kê\u0301 hoa\u0323ch"  # combining marks, as some OCR output arrives
    assert cer(decomposed, "Kế hoạch") == 0.0
    assert cer("Tự do – Hạnh phúc", "Tự do - Hạnh phúc") == 0.0  # en dash vs hyphen


def test_whitespace_and_layout_do_not_count() -> None:
    laid_out = "  UBND TỈNH LÀO CAI        CỘNG HÒA\n\n   SỞ CÔNG THƯƠNG\f"
    assert normalize_for_cer(laid_out) == "UBND TỈNH LÀO CAI CỘNG HÒA SỞ CÔNG THƯƠNG"
    assert cer(laid_out, "UBND TỈNH LÀO CAI CỘNG HÒA SỞ CÔNG THƯƠNG") == 0.0


def test_case_is_an_error() -> None:
    assert cer("sở", "Sở") == pytest.approx(0.5)


def test_vanban_page_headers_are_stripped() -> None:
    output = "--- page 1 (ocr) ---\nKẾ HOẠCH\n--- page 2 (ocr) ---\nThực hiện\n"
    assert cer(output, "KẾ HOẠCH Thực hiện") == 0.0
    assert normalize_for_cer("--- page 12 (text_layer) ---\nSố: 19") == "Số: 19"


def test_vanban_output_splits_by_page() -> None:
    output = "--- page 1 (ocr) ---\nKẾ HOẠCH\nsố 1\n--- page 2 (text_layer) ---\nThực hiện\n"
    pages = split_vanban_pages(output)
    assert list(pages) == [1, 2]
    assert normalize_for_cer(pages[1]) == "KẾ HOẠCH số 1"
    assert normalize_for_cer(pages[2]) == "Thực hiện"


def test_form_feed_output_splits_by_page() -> None:
    pages = split_form_feeds("trang một\n\ftrang hai\n\f")
    assert {n: normalize_for_cer(t) for n, t in pages.items()} == {1: "trang một", 2: "trang hai"}


def test_word_error_rate() -> None:
    count = word_errors("Kế hoach phát đông", "Kế hoạch phát động")
    assert (count.edits, count.length) == (2, 4)
    assert wer("phát động Kế hoạch", "Kế hoạch phát động") == pytest.approx(1.0)  # order matters


def test_paged_errors_sum_counts_and_charge_missing_pages() -> None:
    reference = {1: "abcd", 2: "efgh"}
    result = paged_errors({1: "abcd"}, reference)  # page 2 missing: all 4 characters deleted
    assert (result.chars.edits, result.chars.length) == (4, 8)
    assert result.pages[1][0].edits == 0
    extra = paged_errors({1: "abcd", 2: "efgh", 3: "xy"}, reference)  # an extra page is not free
    assert (extra.chars.edits, extra.chars.length) == (2, 8)
    assert extra.as_dict()["cer"] == pytest.approx(0.25)


def test_error_counts_add() -> None:
    assert ErrorCount(1, 10) + ErrorCount(2, 30) == ErrorCount(3, 40)
    assert (ErrorCount(1, 10) + ErrorCount(2, 30)).rate == pytest.approx(3 / 40)


def test_bag_word_errors_ignore_order_but_not_misreads() -> None:
    assert bag_word_errors("phát động Kế hoạch", "Kế hoạch phát động") == ErrorCount(0, 4)
    assert bag_word_errors("Kế hoach phát động", "Kế hoạch phát động") == ErrorCount(1, 4)
    assert bag_word_errors("Kế hoạch", "Kế hoạch phát động") == ErrorCount(2, 4)  # two words missing


# --- bench/bench_ocr_real.py: the issue-date check and the words one side wins over the other


def test_header_date_reads_the_place_date_line() -> None:
    from bench.bench_ocr_real import header_date

    layout = "Số: 1468 /STP-BTTP        Lâm Đồng, ngày 13 tháng 11 năm 2025\nKính gửi: Sở Nội vụ"
    assert header_date(layout) == (13, 11, 2025)
    assert header_date("Lâm Đồng, ngày 06 tháng 01năm 2026") == (6, 1, 2026)  # a widget glued to "năm"
    body_first = "Căn cứ Luật ngày 19 tháng 6 năm 2015;\nHà Nội, ngày 01 tháng 7 năm 2025"
    assert header_date(body_first) == (1, 7, 2025)  # the line with a place before the comma wins


def test_header_date_misread_parts_do_not_count_as_read() -> None:
    from bench.bench_ocr_real import header_date

    assert header_date("Lào Cai, ngày O6 tháng 3 năm 2026") == (None, 3, 2026)
    assert header_date("Lào Cai, ngày 06 tháng 3 năm 2026") != header_date("Lào Cai, ngày 08 tháng 3 năm 2026")
    assert header_date("UBND TỈNH LÀO CAI\nSỞ CÔNG THƯƠNG") is None


def test_word_wins_count_each_side_right_words() -> None:
    from bench.bench_ocr_real import word_wins

    reference = "Sở Công Thương tỉnh Lào Cai 8%"
    vanban = "Sở Công Thương tĩnh Lào Cai 89%"
    tesseract = "Sở Công Thuơng tỉnh Lào Cai 89%"
    assert word_wins(vanban, tesseract, reference) == (1, 1)  # Thương won, tỉnh lost
    assert word_wins(reference, reference, reference) == (0, 0)
    assert word_wins("Lào Lào Cai", "Lào Cai", "Lào Lào Cai") == (1, 0)  # a repeated word counts per occurrence


def test_cell_bars_are_layout_not_words() -> None:
    from bench.bench_ocr_real import without_cell_bars

    row = "1 | An Giang | 90 | 1 |"
    assert normalize_for_cer(without_cell_bars(row)) == "1 An Giang 90 1"
    assert without_cell_bars("11| Gia Lai") == "11| Gia Lai"  # a bar glued to a word is a misread: it counts
