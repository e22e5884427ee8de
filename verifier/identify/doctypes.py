"""Document types: the Decree 30 abbreviations, their names, and accent-tolerant name matching.

The abbreviations are compared case-sensitively (TTr is not TT, QyĐ is not QĐ, CTr is not CT),
because Decree 30 Phụ lục III distinguishes them only by case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

from verifier.text import fold

# Decree 30/2020/NĐ-CP, Phụ lục III: the administrative types that have an abbreviation.
_ADMIN: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
}

# Legal normative documents (they also carry a year: 33/2023/NĐ-CP); QĐ, NQ and CT are shared above.
_LEGAL: dict[str, str] = {
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NQLT": "Nghị quyết liên tịch",
    "PL": "Pháp lệnh",
}

# Party documents (Hướng dẫn 36-HD/VPTW) add a few codes of their own.
_PARTY: dict[str, str] = {
    "KL": "Kết luận",
    "QĐi": "Quy định",
}

# Copies (sao y, trích sao, sao lục) and the công văn, which Decree 30 leaves without an
# abbreviation; "CV" is our code for it, and Party công văn really do write "CV" (123-CV/HU).
_OTHER: dict[str, str] = {
    "SY": "Bản sao y",
    "TrS": "Bản trích sao",
    "SL": "Bản sao lục",
    "CV": "Công văn",
}

TYPE_NAMES: Mapping[str, str] = MappingProxyType({**_ADMIN, **_LEGAL, **_PARTY, **_OTHER})
"""Type code -> type name as Decree 30 writes it."""

ADMIN_CODES: frozenset[str] = frozenset(_ADMIN)
LEGAL_CODES: frozenset[str] = frozenset({*_LEGAL, "QĐ", "NQ", "CT"})
TYPE_CODES: frozenset[str] = frozenset(TYPE_NAMES)
LETTER_CODE = "CV"

# Body abbreviations that happen to start with a type code ("HĐND" is not "HĐ-ND").
_NOT_FUSED: frozenset[str] = frozenset({
    "HĐND", "UBND", "BCĐ", "BCH", "CTN", "TTg", "TTCP", "PCTT", "KHCN", "HĐTĐ", "HĐQT", "BCA",
    "TCCB", "TCT", "QLĐT", "TNMT", "KHĐT", "HDTT", "ĐU", "BCSĐ",
})


# Issuer parts of a symbol that OCR reads with the wrong D ("UBNĐ" for UBND, "HDND" for HĐND).
BODY_CODES: frozenset[str] = _NOT_FUSED | {"UBND", "HĐND", "VP", "SNV", "STP", "STC", "SKHĐT"}


def body_code_repair(token: str) -> str | None:
    """'UBNĐ' -> 'UBND', 'HDND' -> 'HĐND': a symbol's issuer part one D/Đ from a known body code."""
    if token in BODY_CODES or not ("D" in token or "Đ" in token):
        return None
    for i, ch in enumerate(token):
        if ch in "DĐ":
            fixed = token[:i] + ("Đ" if ch == "D" else "D") + token[i + 1:]
            if fixed in BODY_CODES:
                return fixed
    return None


def is_type_code(token: str) -> bool:
    """True when a symbol's first token names a type (Phụ lục III, VBQPPL, Party or copy codes)."""
    return token in TYPE_CODES


def ascii_d_repair(token: str) -> str | None:
    """'ND' -> 'NĐ' when the token is not a code itself but its Đ spelling is; else None."""
    if "D" not in token or token in TYPE_CODES:
        return None
    fixed = token.replace("D", "Đ")
    return fixed if fixed in TYPE_CODES else None


def split_fused(token: str, *, legal: bool = False) -> tuple[str, str] | None:
    """Split a symbol whose hyphen was lost ('QĐUBND' -> ('QĐ', 'UBND')) by longest type prefix.

    Without a year only the administrative codes (and the unambiguous NĐ) are tried, since
    "TTHC" or "TTCP" are body names, not Thông tư.
    """
    if token in _NOT_FUSED or token in TYPE_CODES:
        return None
    codes = ADMIN_CODES | LEGAL_CODES if legal else ADMIN_CODES | {"NĐ"}
    for code in sorted(codes, key=len, reverse=True):
        rest = token[len(code):]
        if token.startswith(code) and len(rest) >= 2 and rest[0].isupper():
            return code, rest
    return None


_VARIANTS: dict[str, str] = {}


def _variants(base: str) -> str:
    """Every letter that folds to ``base`` (both cases), as a regex character class body."""
    if not _VARIANTS:
        for cp in (*range(0x41, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
            ch = chr(cp)
            if not ch.isalpha():
                continue
            key = fold(ch)
            if len(key) == 1:
                upper = ch.upper()
                _VARIANTS[key] = _VARIANTS.get(key, "") + ch + (upper if len(upper) == 1 else "")
    return "".join(sorted(set(_VARIANTS.get(base, base))))


def loose(phrase: str) -> str:
    """A regex matching ``phrase`` with any diacritics, any case and optional spaces between words.

    OCR and broken encodings lose or swap tone marks ("RẪY" read as "RẤY", "XÃ HỘI" as "XàHỘI"),
    so header phrases and type names are matched on their letters alone.
    """
    parts: list[str] = []
    for word in fold(phrase).split():
        parts.append("".join(f"[{re.escape(_variants(c))}]" if c.isalpha() else re.escape(c)
                             for c in word))
    return r"\s*".join(parts)


def _compact(text: str) -> str:
    return fold(text).replace(" ", "")


_NAME_TO_CODE: dict[str, str] = {}
for _code, _name in TYPE_NAMES.items():
    # Shared names (Quyết định is both admin and legal) keep the first, administrative, code.
    _NAME_TO_CODE.setdefault(_compact(_name), _code)


def code_for_name(text: str) -> str | None:
    """The type code of a line that is exactly a type name ('KẾ HOẠCH' -> 'KH'), accent-blind."""
    key = _compact(unicodedata.normalize("NFC", text)).strip(".:")
    code = _NAME_TO_CODE.get(key)
    return code if code in TYPE_NAMES else None
