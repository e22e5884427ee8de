"""Small helpers for the Vietnamese a unit reads: years in labels, dates and scores as printed."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

_YEAR = re.compile(r"\{Y([+-]\d)?\}")


def fill(text: str, year: int) -> str:
    """'Kế hoạch CCHC năm {Y}' -> 'Kế hoạch CCHC năm 2023'; '{Y-1}' -> '2022'."""
    return _YEAR.sub(lambda m: str(year + int(m.group(1) or 0)), text)


def vn_date(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "?"


def vn_num(d: Decimal | None) -> str:
    """Decimal comma, no trailing zeros: 0.50 -> '0,5', 3.88 -> '3,88', 97 -> '97'."""
    if d is None:
        return "—"
    text = f"{d.normalize():f}"
    return text.replace(".", ",")


def doc_label(number: str | None, date: dt.date | None, file: str) -> str:
    if number:
        return f"văn bản số {number}" + (f" ngày {vn_date(date)}" if date else "")
    return f"tệp {file}"


def sentence(text: str) -> str:
    """Upper-case the first letter only ('văn bản số 3682/SNV-…' -> 'Văn bản số 3682/SNV-…')."""
    return text[:1].upper() + text[1:]
