import unicodedata

import pytest

from verifier.text import fold, normalize, one_line


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(unicodedata.normalize("NFD", "Kon Rẫy, ngày 30"), "Kon Rẫy, ngày 30", id="nfd_to_nfc"),
        pytest.param("163/QÐ\u2013UBND", "163/QĐ-UBND", id="eth_lookalike_and_en_dash"),
        pytest.param("a\u00a0\u00a0b\tc", "a b c", id="nbsp_and_tabs"),
        pytest.param("x\r\n\r\n\r\ny", "x\ny", id="blank_lines_collapse"),
        pytest.param("Ủy\u200bban\u00ad", "Ủyban", id="zero_width_removed"),
        pytest.param("  a  \n  b  ", "a\nb", id="lines_stripped"),
        pytest.param("", "", id="empty"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_is_idempotent_and_keeps_diacritics() -> None:
    text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập — Tự do — Hạnh phúc"
    once = normalize(text)
    assert normalize(once) == once
    assert "Độc lập - Tự do - Hạnh phúc" in once


def test_fold_is_accent_free_with_explicit_d() -> None:
    assert fold("Kế hoạch ĐĂK Tơ Lung") == "ke hoach dak to lung"
    assert fold(unicodedata.normalize("NFD", "Rẫy")) == fold("Rấy") == "ray"


def test_fold_drops_exactly_the_nonspacing_marks_of_any_script() -> None:
    # every code point of the Basic Multilingual Plane and some beyond (past the learnt table's cap),
    # against the definition: decompose, drop category Mn, then đ/Đ and case
    from verifier.text import _MARKS, _MARKS_KEPT

    points = [c for c in (*range(0x10000), *range(0x1D100, 0x1D250), *range(0xE0000, 0xE0200))
              if not 0xD800 <= c <= 0xDFFF]
    for start in range(0, len(points), 2048):
        text = "".join(chr(c) for c in points[start:start + 2048])
        decomposed = unicodedata.normalize("NFD", normalize(text))
        expected = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
        assert fold(text) == " ".join(expected.replace("đ", "d").replace("Đ", "D").lower().split())
    assert len(_MARKS) <= _MARKS_KEPT


def test_one_line() -> None:
    assert one_line("a\n b \n\nc") == "a b c"
