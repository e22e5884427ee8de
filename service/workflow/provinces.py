"""Province names shown to people. Tokens, accounts and dossiers carry a short code ("kontum"); pages
and exports show the name ("Kon Tum"). A code not listed here is shown as it is."""

from __future__ import annotations

import re

from verifier.text import fold

# The 63 provinces and cities before the 2025 merger, and the merged names after it: a dossier of
# an earlier year keeps the name it was filed under.
_NAMES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định",
    "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ",
    "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Huế", "Tiền Giang",
    "Thành phố Hồ Chí Minh", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)


def code_of(name: str) -> str:
    """'Kon Tum' -> 'kontum'; 'Bà Rịa - Vũng Tàu' -> 'bariavungtau'."""
    return re.sub(r"[^a-z0-9]", "", fold(name))


NAMES: dict[str, str] = {code_of(n): n for n in _NAMES}
NAMES["hochiminh"] = NAMES["hcm"] = "Thành phố Hồ Chí Minh"


def province_name(code: str | None) -> str:
    if not code:
        return ""
    return NAMES.get(code, code)
