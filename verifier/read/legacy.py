"""Pre-Unicode Vietnamese encodings in PDF text layers: TCVN3 (ABC, ".VnTime") and VNI ("VNI-Times").

Documents typed before Unicode became mandatory in state agencies used 8-bit fonts whose glyphs
sit on Latin-1 code points. A PDF made from them has a text layer that reads as mojibake
("Céng hßa x· héi" for "Cộng hòa xã hội"): the bytes are right, the font's meaning is lost. The
tables below restore that meaning. They are written from the encoding definitions:

* TCVN3 (TCVN 5712:1993, VN3): one byte per precomposed lower-case letter; upper-case letters
  with tone marks do not exist, so headings use a capitals font (".VnTimeH") that draws the
  lower-case codes as capitals.
* VNI: a base vowel followed by one modifier byte (tone, or hat/breve plus tone), except for
  ơ ư đ and the toned i, which have single bytes.

The extractor hands us the cp1252 reading of each byte, so every table is keyed by that character.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from enum import StrEnum


class Legacy(StrEnum):
    TCVN3 = "tcvn3"
    VNI = "vni"


def _byte_char(code: int) -> str:
    """The character a cp1252 text layer shows for one byte (Latin-1 where cp1252 has a hole)."""
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(code)


_TCVN3_BYTES: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}
_TCVN3: dict[str, str] = {_byte_char(code): letter for code, letter in _TCVN3_BYTES.items()}

# VNI: single-byte letters, then the modifiers that follow a base vowel (lower- and upper-case
# forms of each modifier byte mean the same marks).
_VNI_SINGLE_BYTES: dict[int, str] = {
    0xF4: "ơ", 0xD4: "Ơ", 0xF6: "ư", 0xD6: "Ư", 0xF1: "đ", 0xD1: "Đ",
    0xED: "í", 0xEC: "ì", 0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị",
    0xCD: "Í", 0xCC: "Ì", 0xC6: "Ỉ", 0xD3: "Ĩ", 0xD2: "Ị",
}
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_HAT, _BREVE = "\u0302", "\u0306"
_VNI_MARK_BYTES: dict[int, str] = {
    0xF9: _ACUTE, 0xF8: _GRAVE, 0xFB: _HOOK, 0xF5: _TILDE, 0xEF: _DOT,
    0xE2: _HAT, 0xE1: _HAT + _ACUTE, 0xE0: _HAT + _GRAVE, 0xE5: _HAT + _HOOK, 0xE3: _HAT + _TILDE,
    0xE4: _HAT + _DOT,
    0xEA: _BREVE, 0xE9: _BREVE + _ACUTE, 0xE8: _BREVE + _GRAVE, 0xFA: _BREVE + _HOOK,
    0xFC: _BREVE + _TILDE, 0xEB: _BREVE + _DOT,
}
_VNI_MARK_BYTES.update({code - 0x20: marks for code, marks in list(_VNI_MARK_BYTES.items())})
_VNI_SINGLE: dict[str, str] = {_byte_char(c): letter for c, letter in _VNI_SINGLE_BYTES.items()}
_VNI_MARKS: dict[str, str] = {_byte_char(c): marks for c, marks in _VNI_MARK_BYTES.items()}
_VNI_BASES = frozenset("aeiouyAEIOUYơưƠƯ")

# Byte-pattern evidence when the font name is missing: characters that plain Vietnamese never
# contains but the legacy encodings produce constantly.
_TCVN3_SIGNS = re.compile("[µ¸¹¶·®§©ª«¬¨Þß×ÜØÕÖË¾»Æ]")
_VNI_SIGNS = re.compile("[aeouyAEOUY][øûïäåëüÿÖÏÄÅËÜØÛ]")

_TCVN3_FONT = re.compile(r"(?:^|\+)[._#]?(?:2E)?Vn[A-Z]")          # .VnTime, .VnTimeH, .VnArial
_TCVN3_CAPS_FONT = re.compile(r"(?:^|\+)[._#]?(?:2E)?Vn[A-Za-z ]+H(?:[,-].*)?$")
_VNI_FONT = re.compile(r"(?:^|\+)VNI[-_ #]", re.IGNORECASE)        # VNI-Times, VNI-Helve


def legacy_font(name: str) -> Legacy | None:
    """The legacy encoding a PDF font name announces, if any."""
    if _VNI_FONT.search(name):
        return Legacy.VNI
    if _TCVN3_FONT.search(name):
        return Legacy.TCVN3
    return None


def is_caps_font(name: str) -> bool:
    """TCVN3 capitals fonts (".VnTimeH") draw lower-case codes as capitals."""
    return bool(_TCVN3_CAPS_FONT.search(name))


def legacy_from_fonts(names: Iterable[str]) -> Legacy | None:
    """The first legacy encoding announced by any of the fonts."""
    for name in names:
        kind = legacy_font(name)
        if kind is not None:
            return kind
    return None


def legacy_from_text(text: str) -> Legacy | None:
    """Guess TCVN3/VNI from the byte pattern alone (no font name); strict, to avoid false alarms."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < 20:
        return None
    tcvn3 = len(_TCVN3_SIGNS.findall(text))
    vni = len(_VNI_SIGNS.findall(text))
    if max(tcvn3, vni) < max(3, letters // 40):
        return None
    return Legacy.TCVN3 if tcvn3 >= vni else Legacy.VNI


# TCVN3's "ư" is byte 0xAD, the cp1252 soft hyphen, and PDFium reports it as "-". A hyphen is
# read back as "ư" only where "ư" can stand: right after a consonant (ư never follows a vowel) and
# not before a capital or digit (so "163/KH-UBND" and "30-CP" keep theirs).
_TCVN3_U_HORN = re.compile(r"(?<=[bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX])-(?![A-ZĐ0-9])")


def tcvn3_to_unicode(text: str, caps: bool = False) -> str:
    out = _TCVN3_U_HORN.sub("ư", "".join(_TCVN3.get(ch, ch) for ch in text))
    return out.upper() if caps else out


def vni_to_unicode(text: str) -> str:
    out: list[str] = []
    for ch in text:
        marks = _VNI_MARKS.get(ch)
        if marks is not None and out and out[-1][-1:] in _VNI_BASES:
            out[-1] += marks
            continue
        out.append(_VNI_SINGLE.get(ch, ch))
    return unicodedata.normalize("NFC", "".join(out))


def to_unicode(text: str, kind: Legacy, caps: bool = False) -> str:
    """Convert one run of legacy-font text; ``caps`` for a TCVN3 capitals font."""
    if kind is Legacy.TCVN3:
        return tcvn3_to_unicode(text, caps)
    return vni_to_unicode(text)


def convert_runs(runs: Iterable[tuple[str, str]]) -> str:
    """Convert text runs given as (text, font name); runs in Unicode fonts pass unchanged."""
    parts: list[str] = []
    for text, font in runs:
        kind = legacy_font(font)
        parts.append(text if kind is None else to_unicode(text, kind, is_caps_font(font)))
    return "".join(parts)
