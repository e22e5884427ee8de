"""Restoring OCR-damaged accents in issuer and place names from a closed vocabulary.

Tesseract's `vie` model most often loses the stacked marks of names ("KON RẪY" read as "RẤY",
"TỈNH" as "TÍNH") and sometimes a space ("TƯPHÁP"). Issuing bodies and place names come from a
small closed set, so a word whose accent-free form matches exactly one vocabulary word is put back
as that word. A form that folds to two different words ("SỞ"/"SỐ", "HÀ"/"HẠ") is left as read.
Only OCR'd text is touched: a text layer is already exact.
"""

from __future__ import annotations

import functools
import itertools

from verifier.text import fold

# Official body names (Decree 30 issuer lines) and the places of Kon Tum province.
PHRASES = (
    "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "TỈNH", "HUYỆN", "THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "PHƯỜNG",
    "SỞ", "SỐ", "PHÒNG", "NỘI VỤ", "TƯ PHÁP", "TÀI CHÍNH", "KẾ HOẠCH", "ĐẦU TƯ", "GIÁO DỤC", "ĐÀO TẠO",
    "VĂN HÓA", "THÔNG TIN", "TRUYỀN THÔNG", "THỂ THAO", "DU LỊCH", "TÀI NGUYÊN", "MÔI TRƯỜNG",
    "NÔNG NGHIỆP", "PHÁT TRIỂN NÔNG THÔN", "KINH TẾ", "HẠ TẦNG", "LAO ĐỘNG", "THƯƠNG BINH", "XÃ HỘI",
    "Y TẾ", "THANH TRA", "VĂN PHÒNG", "ĐOÀN KIỂM TRA LIÊN NGÀNH", "BAN CHỈ ĐẠO", "CHUYỂN ĐỔI SỐ",
    "ĐẢNG BỘ", "HUYỆN ỦY", "TỈNH ỦY", "TRUNG TÂM", "PHỤC VỤ HÀNH CHÍNH CÔNG", "CÔNG THƯƠNG",
    "GIAO THÔNG VẬN TẢI", "XÂY DỰNG", "KHOA HỌC", "CÔNG NGHỆ", "BỘ", "CHÍNH PHỦ",
    "KON TUM", "KON RẪY", "KON PLÔNG", "ĐĂK HÀ", "ĐĂK TÔ", "ĐĂK GLEI", "NGỌC HỒI", "SA THẦY",
    "TU MƠ RÔNG", "IA H'DRAI", "ĐĂK TƠ LUNG", "ĐĂK RVE", "ĐĂK KÔI", "ĐĂK PNE", "ĐĂK RUỒNG",
    "ĐĂK TƠ RE", "TÂN LẬP",
)


@functools.cache
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """Accent-free word -> word, and accent-free fused pair -> 'WORD WORD'; ambiguous folds dropped."""
    words: dict[str, set[str]] = {}
    pairs: dict[str, set[str]] = {}
    for phrase in PHRASES:
        parts = phrase.split()
        for w in parts:
            words.setdefault(fold(w), set()).add(w)
        for a, b in itertools.pairwise(parts):
            pairs.setdefault(fold(a) + fold(b), set()).add(f"{a} {b}")
    unique = {k: next(iter(v)) for k, v in words.items() if len(v) == 1}
    fused = {k: next(iter(v)) for k, v in pairs.items() if len(v) == 1 and k not in unique}
    return unique, fused


def _cased(word: str, like: str) -> str:
    if like.isupper():
        return word
    if like[:1].isupper():
        return word[:1] + word[1:].lower()
    return word.lower()


def restore(text: str) -> str:
    """The text with vocabulary words' accents restored; unknown and ambiguous words untouched."""
    unique, fused = _tables()
    out: list[str] = []
    for token in text.split(" "):
        core = token.strip(".,;:-")
        key = fold(core).replace(" ", "")
        if core and key in unique:
            out.append(token.replace(core, _cased(unique[key], core)))
        elif core and key in fused:
            out.append(token.replace(core, _cased(fused[key], core)))
        else:
            out.append(token)
    return " ".join(out)
