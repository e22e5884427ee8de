"""System figures: the province's statistics workbook, one row per criterion code.

Which header names mean code, numerator, denominator, percent, period and source is the
framework's data (``workbooks.statistics``; the defaults are in rules/library/defaults.yaml).
When a criterion has a row here, the system figure is what the council scores with
(domain.md (d): a ratio was scored on 5/48 from the system, not the unit's 19/86).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from verifier.evidence import Evidence
from verifier.match.sheets import parse_date, parse_decimal, sheet_rows
from verifier.rules.loader import default_workbooks
from verifier.rules.model import StatisticsSheet

_REQUIRED = ("code", "numerator", "denominator")


def _columns(spec: StatisticsSheet) -> dict[str, tuple[str, ...]]:
    return {"code": spec.code, "indicator": spec.indicator, "numerator": spec.numerator,
            "denominator": spec.denominator, "percent": spec.percent, "start": spec.start, "end": spec.end,
            "source": spec.source}


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


def is_statistics(e: Evidence, spec: StatisticsSheet | None = None) -> bool:
    columns = _columns(spec or default_workbooks().statistics)
    return next(iter(sheet_rows(e, columns, _REQUIRED)), None) is not None


def read_statistics_rows(evidence: Iterable[Evidence], spec: StatisticsSheet | None = None) -> dict[
        str, tuple[SystemFigure, ...]]:
    """Criterion code -> every system row for it (a workbook may hold several periods)."""
    columns = _columns(spec or default_workbooks().statistics)
    out: dict[str, list[SystemFigure]] = {}
    for e in evidence:
        if not e.ok:
            continue
        for row in sheet_rows(e, columns, _REQUIRED):
            code = row.get("code", "").strip().rstrip(".")
            if not code or not code[0].isdigit():
                continue
            num = parse_decimal(row.get("numerator", ""))
            den = parse_decimal(row.get("denominator", ""))
            pct = parse_decimal(row.get("percent", ""))
            if pct is None and num is not None and den:
                pct = num * 100 / den
            out.setdefault(code, []).append(SystemFigure(
                code=code, indicator=row.get("indicator", ""), numerator=num, denominator=den,
                percent=pct, start=parse_date(row.get("start", "")),
                end=parse_date(row.get("end", "")), source=row.get("source", ""), file=e.file))
    return {k: tuple(v) for k, v in out.items()}
