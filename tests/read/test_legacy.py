"""TCVN3 and VNI text layers are converted to Unicode, from the tables and through a real PDF."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.read.pdf_factory import make_legacy_pdf
from verifier.limits import ReadSettings
from verifier.read.legacy import (
    Legacy,
    is_caps_font,
    legacy_font,
    legacy_from_text,
    tcvn3_to_unicode,
    vni_to_unicode,
)
from verifier.read.model import HeaderZone, PageMethod
from verifier.read.pdf import read_pdf

# The cp1252 reading of TCVN3/VNI bytes, as any text extractor shows it, and what was typed.
TCVN3_CASES = [
    ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("KÕ ho¹ch c¶i c¸ch hµnh chÝnh n¨m 2023", "Kế hoạch cải cách hành chính năm 2023"),
    ("QuyÕt ®Þnh sè 431/Q§-UBND", "Quyết định số 431/QĐ-UBND"),
    ("Ng\u00adêi ®\u00adîc giao", "Người được giao"),
]
VNI_CASES = [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("Ngöôøi ñöôïc giao, naêm 2023, vaên baûn", "Người được giao, năm 2023, văn bản"),
    ("KEÁ HOAÏCH", "KẾ HOẠCH"),
]


@pytest.mark.parametrize(("legacy", "unicode"), TCVN3_CASES)
def test_tcvn3_table(legacy: str, unicode: str) -> None:
    assert tcvn3_to_unicode(legacy) == unicode


@pytest.mark.parametrize(("legacy", "unicode"), VNI_CASES)
def test_vni_table(legacy: str, unicode: str) -> None:
    assert vni_to_unicode(legacy) == unicode


def test_tcvn3_capitals_font_draws_lower_case_codes_as_capitals() -> None:
    assert tcvn3_to_unicode("uû ban nh©n d©n huyÖn", caps=True) == "UỶ BAN NHÂN DÂN HUYỆN"


def test_tcvn3_hyphen_becomes_u_horn_only_where_u_horn_can_stand() -> None:
    # PDFium reports TCVN3 "ư" (byte 0xAD) as "-"
    assert tcvn3_to_unicode("Ng-êi ®-îc giao, Bé T- ph¸p") == "Người được giao, Bộ Tư pháp"
    assert tcvn3_to_unicode("Sè 163/KH-UBND; NghÞ ®Þnh 30-CP") == "Số 163/KH-UBND; Nghị định 30-CP"
    assert tcvn3_to_unicode("kinh tÕ-x· héi") == "kinh tế-xã hội"


@pytest.mark.parametrize(("name", "kind"), [
    (".VnTime", Legacy.TCVN3), ("ABCDEF+.VnTimeH", Legacy.TCVN3), (".VnArial,Bold", Legacy.TCVN3),
    ("VNI-Times", Legacy.VNI), ("VNI-Helve-Condense", Legacy.VNI),
    ("TimesNewRomanPSMT", None), ("DejaVuSerif", None), ("AAAAAA+Arial-BoldMT", None),
])
def test_font_names(name: str, kind: Legacy | None) -> None:
    assert legacy_font(name) is kind


def test_caps_font_names() -> None:
    assert is_caps_font(".VnTimeH") and is_caps_font("XYZ+.VnArialH")
    assert not is_caps_font(".VnTime") and not is_caps_font("VNI-Times")


def test_byte_pattern_without_font_name() -> None:
    assert legacy_from_text(" ".join(t for t, _ in TCVN3_CASES)) is Legacy.TCVN3
    assert legacy_from_text(" ".join(t for t, _ in VNI_CASES)) is Legacy.VNI
    assert legacy_from_text(" ".join(u for _, u in TCVN3_CASES + VNI_CASES)) is None


def _read(path: Path) -> tuple[str, PageMethod, list[str], HeaderZone | None]:
    pages, _ = read_pdf(path, path.name, ReadSettings(), time.monotonic() + 60)
    (page,) = pages
    return page.text, page.method, [n.code for n in page.notices], page.header


def test_tcvn3_pdf_is_converted_and_marked_legacy(tmp_path: Path) -> None:
    lines = [
        (".VnTimeH", "uû ban nh©n d©n".encode("cp1252"), 110, 60),
        (".VnTimeH", "huyÖn kon rÉy".encode("cp1252"), 120, 78),
        (".VnTime", "Sè: 163/KH-UBND".encode("cp1252"), 125, 96),
        (".VnTimeH", "céng hßa x· héi chñ nghÜa viÖt nam".encode("cp1252"), 290, 60),
        (".VnTime", "§éc lËp - Tù do - H¹nh phóc".encode("cp1252"), 330, 78),
        (".VnTime", "Kon RÉy, ngµy 30 th¸ng 12 n¨m 2022".encode("cp1252"), 315, 96),
        (".VnTimeH", "kÕ ho¹ch".encode("cp1252"), 275, 140),
        (".VnTime", "C¶i c¸ch hµnh chÝnh nhµ n\xadíc n¨m 2023".encode("cp1252"), 200, 158),
        (".VnTime", "Ng\xadêi ®\xadîc giao nhiÖm vô ph¶i hoµn thµnh ®óng tiÕn ®é.".encode("cp1252"), 85, 200),
    ]
    text, method, codes, header = _read(make_legacy_pdf(tmp_path / "tcvn3.pdf", lines))
    assert method is PageMethod.LEGACY
    assert codes == ["legacy_tcvn3"]
    for expected in ("UỶ BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Kon Rẫy, ngày 30 tháng 12 năm 2022", "Người được giao nhiệm vụ", "KẾ HOẠCH"):
        assert expected in text
    assert header is not None
    assert "Số: 163/KH-UBND" in header.left and "ngày 30 tháng 12 năm 2022" in header.right
    assert header.below.startswith("KẾ HOẠCH")


def test_vni_pdf_is_converted_and_marked_legacy(tmp_path: Path) -> None:
    lines = [
        ("VNI-Times", "UÛY BAN NHAÂN DAÂN".encode("cp1252"), 110, 60),
        ("VNI-Times", "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM".encode("cp1252"), 290, 60),
        ("VNI-Times", "Soá: 163/KH-UBND".encode("cp1252"), 125, 80),
        ("VNI-Times", "Kon Raãy, ngaøy 30 thaùng 12 naêm 2022".encode("cp1252"), 315, 80),
        ("VNI-Times", "Ngöôøi ñöôïc giao nhieäm vuï phaûi hoaøn thaønh ñuùng tieán ñoä.".encode("cp1252"),
         85, 200),
    ]
    text, method, codes, header = _read(make_legacy_pdf(tmp_path / "vni.pdf", lines))
    assert method is PageMethod.LEGACY
    assert codes == ["legacy_vni"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Người được giao nhiệm vụ phải hoàn thành đúng tiến độ." in text
    assert header is not None and header.left.endswith("Số: 163/KH-UBND")
    assert header.right.endswith("Kon Rẫy, ngày 30 tháng 12 năm 2022")


def test_tcvn3_bytes_in_a_font_with_a_plain_name_are_found_by_their_pattern(tmp_path: Path) -> None:
    lines = [("TimesNewRoman", raw.encode("cp1252"), 85, 60 + 20 * i) for i, (raw, _) in enumerate(TCVN3_CASES)]
    text, method, codes, _ = _read(make_legacy_pdf(tmp_path / "renamed.pdf", lines))
    assert method is PageMethod.LEGACY and codes == ["legacy_tcvn3"]
    assert text.splitlines() == [unicode for _, unicode in TCVN3_CASES]
