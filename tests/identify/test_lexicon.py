import pytest

from verifier.identify.lexicon import restore


@pytest.mark.parametrize(
    ("ocr", "restored"),
    [
        pytest.param("ỦY BAN NHÂN DÂN TÍNH KON TUM", "ỦY BAN NHÂN DÂN TỈNH KON TUM", id="tinh"),
        pytest.param("HUYỆN ỦY KON RẤY", "HUYỆN ỦY KON RẪY", id="stacked_mark_upper"),
        pytest.param("Kon Rấy", "Kon Rẫy", id="stacked_mark_title_case"),
        pytest.param("PHÒNG TUPHÁP", "PHÒNG TƯ PHÁP", id="lost_space"),
        pytest.param("BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", id="so_is_ambiguous_kept"),
        pytest.param("SỞ NỘI VỤ", "SỞ NỘI VỤ", id="correct_text_untouched"),
        pytest.param("ĐOÀN KIỂM LIÊN TRA NGÀNH", "ĐOÀN KIỂM LIÊN TRA NGÀNH", id="word_order_not_guessed"),
        pytest.param("CÔNG TY ABC", "CÔNG TY ABC", id="unknown_words_kept"),
    ],
)
def test_restore(ocr: str, restored: str) -> None:
    assert restore(ocr) == restored
