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


def test_one_line() -> None:
    assert one_line("a\n b \n\nc") == "a b c"
