"""System figures: the province's statistics workbook, one row per criterion code.

The sheet's header is ``Mã tiêu chí | Chỉ tiêu | Tử số | Mẫu số | Tỷ lệ (%) | Từ ngày | Đến ngày |
Nguồn``. When a criterion has a row here, the system figure is what the council scores with
(domain.md (d): 7.3.2 was scored on 5/48 from the system, not the unit's 19/86).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from verifier.evidence import Evidence
from verifier.match.sheets import parse_date, parse_decimal, sheet_rows
from verifier.text import fold

HEADERS = ("Mã tiêu chí", "Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ", "Từ ngày", "Đến ngày", "Nguồn")
_REQUIRED = ("Mã tiêu chí", "Tử số", "Mẫu số")
_K = {h: fold(h) for h in HEADERS}


@dataclass(frozen=True)
class SystemFigure:
    code: str
    indicator: str
    numerator: Decimal | None
    denominator: Decimal | None
    percent: Decimal | None           # as written, or computed from numerator/denominator
    start: dt.date | None
    end: dt.date | None
    source: str
    file: str

    @property
    def ratio(self) -> Decimal | None:
        """numerator/denominator, else percent/100."""
        if self.numerator is not None and self.denominator:
            return self.numerator / self.denominator
        return self.percent / 100 if self.percent is not None else None

    def describe(self) -> str:
        if self.numerator is not None and self.denominator is not None:
            text = f"{_plain(self.numerator)}/{_plain(self.denominator)}"
            if self.percent is not None:
                text += f" = {_plain(self.percent)}%"
            return text
        return f"{_plain(self.percent)}%" if self.percent is not None else "?"


def _plain(d: Decimal | None) -> str:
    if d is None:
        return "?"
    q = d.quantize(Decimal("0.01"), ROUND_HALF_UP).normalize()
    return f"{q:f}".replace(".", ",")


def is_statistics(e: Evidence) -> bool:
    return next(iter(sheet_rows(e, _REQUIRED)), None) is not None


def read_statistics_rows(evidence: Iterable[Evidence]) -> dict[str, tuple[SystemFigure, ...]]:
    """Criterion code -> every system row for it (a workbook may hold several periods)."""
    out: dict[str, list[SystemFigure]] = {}
    for e in evidence:
        if not e.ok:
            continue
        for row in sheet_rows(e, _REQUIRED, HEADERS):
            code = row.get(_K["Mã tiêu chí"], "").strip().rstrip(".")
            if not code or not code[0].isdigit():
                continue
            num = parse_decimal(row.get(_K["Tử số"], ""))
            den = parse_decimal(row.get(_K["Mẫu số"], ""))
            pct = parse_decimal(row.get(_K["Tỷ lệ"], ""))
            if pct is None and num is not None and den:
                pct = num * 100 / den
            out.setdefault(code, []).append(SystemFigure(
                code=code, indicator=row.get(_K["Chỉ tiêu"], ""), numerator=num, denominator=den,
                percent=pct, start=parse_date(row.get(_K["Từ ngày"], "")),
                end=parse_date(row.get(_K["Đến ngày"], "")), source=row.get(_K["Nguồn"], ""), file=e.file))
    return {k: tuple(v) for k, v in out.items()}
