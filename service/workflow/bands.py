"""Class bands of the provincial ranking (domain.md 0.1): xuất sắc >= 90, tốt 80-<90, khá 70-<80,
trung bình 50-<70, yếu < 50. Only the first two are confirmed by published results, so the cut-offs
are parameters: ``VERIFIER_CLASS_BANDS="90,80,70,50"``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

NAMES = ("xuat_sac", "tot", "kha", "trung_binh", "yeu")


@dataclass(frozen=True)
class Bands:
    cutoffs: tuple[Decimal, Decimal, Decimal, Decimal] = (Decimal(90), Decimal(80), Decimal(70), Decimal(50))

    @classmethod
    def from_env(cls) -> Bands:
        raw = os.environ.get("VERIFIER_CLASS_BANDS", "").strip()
        if not raw:
            return cls()
        try:
            values = tuple(Decimal(v.strip()) for v in raw.split(","))
        except InvalidOperation as exc:
            raise ValueError(f"VERIFIER_CLASS_BANDS={raw!r}: four numbers expected") from exc
        if len(values) != 4 or list(values) != sorted(values, reverse=True):
            raise ValueError(f"VERIFIER_CLASS_BANDS={raw!r}: four descending numbers expected")
        return cls((values[0], values[1], values[2], values[3]))

    def band(self, index: Decimal) -> str:
        """The band name of an index (score / adjusted maximum × 100)."""
        for name, cutoff in zip(NAMES, self.cutoffs, strict=False):
            if index >= cutoff:
                return name
        return NAMES[-1]


def index_of(total: Decimal, maximum: Decimal) -> Decimal:
    """Score as a share of the adjusted maximum, in percent (domain.md 0.2)."""
    if maximum <= 0:
        return Decimal(0)
    return (total / maximum * 100).quantize(Decimal("0.01"))
