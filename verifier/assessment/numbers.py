"""Numbers as Vietnamese documents write them: decimal comma, thousands dot.

"0,5" and "12,88" are decimals; "144.636" and "4.239" are thousands. A single dot followed by other
than exactly three digits ("0.5", "3.88", as an English-locale export writes them) is a decimal point.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_SHAPE = re.compile(r"[+-]?\d+(?:[.,]\d+)*")
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")        # 144.636, 1.234.567
_GROUPED_COMMA = re.compile(r"[1-9]\d{0,2}(?:,\d{3}){2,}")  # 1,234,567 (never a decimal)


def parse_number(text: str) -> Decimal | None:
    """The value of a written number, or None when the text is not one number."""
    s = text.strip().replace(" ", "")
    if not _SHAPE.fullmatch(s):
        return None
    sign = ""
    if s[0] in "+-":
        sign, s = ("-" if s[0] == "-" else ""), s[1:]
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        decimal_sep = "," if s.rfind(",") > s.rfind(".") else "."
        whole, _, frac = s.rpartition(decimal_sep)
        group_sep = "." if decimal_sep == "," else ","
        if not re.fullmatch(rf"[1-9]\d{{0,2}}(?:\{group_sep}\d{{3}})*|0", whole) or not frac.isdigit():
            return None
        s = whole.replace(group_sep, "") + "." + frac
    elif has_comma:
        if _GROUPED_COMMA.fullmatch(s):
            s = s.replace(",", "")
        elif s.count(",") == 1:
            s = s.replace(",", ".")
        else:
            return None
    elif has_dot:
        if _GROUPED.fullmatch(s):
            s = s.replace(".", "")
        elif s.count(".") != 1:
            return None
    try:
        return Decimal(sign + s)
    except InvalidOperation:  # pragma: no cover - the shape check admits only digits and one point
        return None


def format_number(value: Decimal) -> str:
    """Vietnamese form of a Decimal, as the export writes it: 12.88 -> "12,88", 3 -> "3"."""
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
