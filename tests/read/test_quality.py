"""The per-page quality gate routes each text layer to text, legacy conversion, OCR or blank."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from verifier.limits import ReadSettings
from verifier.read.legacy import Legacy
from verifier.read.quality import Route, broken_share, judge, plausible_ratio

SETTINGS = ReadSettings()
GOOD = ("Số: 163/KH-UBND Kon Rẫy, ngày 30 tháng 12 năm 2022\nKẾ HOẠCH Cải cách hành chính nhà nước "
        "năm 2023; thực hiện theo Quyết định số 431/QĐ-UBND (14/11/2023), đạt 100%.")


def _never() -> float:
    raise AssertionError("the gate should not need this for the page")


def _no_fonts() -> Sequence[str]:
    raise AssertionError("the gate should not need the fonts for the page")


def test_clean_vietnamese_is_trusted_without_looking_at_images_or_fonts() -> None:
    verdict = judge(GOOD, SETTINGS, _never, _no_fonts)
    assert verdict.route is Route.TEXT and verdict.code == ""


def test_no_text_over_a_page_image_is_a_scan() -> None:
    verdict = judge("  12 \n", SETTINGS, lambda: 0.97, _no_fonts)
    assert (verdict.route, verdict.code) == (Route.OCR, "ocr_no_text_layer")


def test_short_text_without_an_image_is_kept_and_empty_is_blank() -> None:
    assert judge("Trang 3", SETTINGS, lambda: 0.0, _no_fonts).route is Route.TEXT
    assert judge(" \n ", SETTINGS, lambda: 0.0, _no_fonts).route is Route.BLANK
    assert judge("Trang 3", SETTINGS, lambda: 0.1, _no_fonts).route is Route.TEXT


def test_min_text_chars_setting_moves_the_threshold() -> None:
    strict = ReadSettings(min_text_chars=len(GOOD) + 10)
    assert judge(GOOD, strict, lambda: 0.9, _no_fonts).route is Route.OCR


def test_cid_glyphs_send_the_page_to_ocr() -> None:
    text = GOOD + " " + "(cid:71)(cid:72)(cid:3)(cid:88)(cid:81)(cid:74)" * 3
    verdict = judge(text, SETTINGS, _never, lambda: ["Arial"])
    assert (verdict.route, verdict.code) == (Route.OCR, "ocr_bad_text_layer")


def test_replacement_characters_send_the_page_to_ocr_but_a_stray_one_does_not() -> None:
    heavy = "".join(ch if i % 5 else "\ufffd" for i, ch in enumerate(GOOD))
    assert judge(heavy, SETTINGS, _never, lambda: []).route is Route.OCR
    stray = (GOOD + " ") * 2 + "\ufffd"
    assert broken_share(stray) < 0.01
    assert judge(stray, SETTINGS, _never, lambda: []).route is Route.TEXT


def test_implausible_characters_send_the_page_to_ocr() -> None:
    garbage = "ЖЗИЙ КЛМН ΣΤΥΦ ΧΨΩ ЁЂЃЄ ЅІЇЈ ЉЊЋЌ ЎЏАБ ВГДЕ 163 ЖЗИЙ КЛ"
    assert plausible_ratio(garbage) < 0.5
    verdict = judge(garbage, SETTINGS, _never, lambda: ["Arial"])
    assert (verdict.route, verdict.code) == (Route.OCR, "ocr_bad_text_layer")


def test_plausible_ratio_setting_is_respected() -> None:
    mostly = GOOD + " ЖЗИЙКЛ"     # about 96 % plausible
    assert judge(mostly, SETTINGS, _never, lambda: []).route is Route.TEXT
    assert judge(mostly, ReadSettings(min_plausible_ratio=0.99), _never, lambda: []).route is Route.OCR


@pytest.mark.parametrize(("text", "font", "kind"), [
    ("Céng hßa x· héi chñ nghÜa ViÖt Nam §éc lËp - Tù do - H¹nh phóc", ".VnTime", Legacy.TCVN3),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam Ñoäc laäp - Töï do - Haïnh phuùc", "VNI-Times", Legacy.VNI),
])
def test_legacy_fonts_route_to_conversion(text: str, font: str, kind: Legacy) -> None:
    verdict = judge(text, SETTINGS, _never, lambda: ["ABCDEF+Arial", font])
    assert verdict.route is Route.LEGACY
    assert verdict.legacy is kind and verdict.code == f"legacy_{kind.value}"
