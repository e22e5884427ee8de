"""The scoring archetypes of domain.md, as plain functions of numbers.

Each reproduces the council's arithmetic on the seed table; the rule file supplies the
parameters (thresholds, weights), never this module. Scores are rounded once, at the end, to two
decimals with ROUND_HALF_UP, as the scoring software prints them (3,875 -> 3,88).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
_CENT = Decimal("0.01")
_HUNDRED = Decimal(100)


def q2(value: Decimal) -> Decimal:
    return value.quantize(_CENT, ROUND_HALF_UP)


def _clamp(ratio: Decimal) -> Decimal:
    return min(max(ratio, ZERO), Decimal(1))


def binary(max_score: Decimal, ok: bool) -> Decimal:
    """binary_by_deadline: the required documents are there and on time -> max, else 0."""
    return q2(max_score) if ok else ZERO


def linear_ratio(max_score: Decimal, ratio: Decimal) -> Decimal:
    """max × numerator/denominator (6.1.1: 2 × 51740/94561 = 1,09); ratios above 1 count as 1."""
    return q2(max_score * _clamp(ratio))


def threshold_capped_ratio(max_score: Decimal, percent: Decimal, threshold: Decimal) -> Decimal:
    """≥ T -> max; below, max × percent / T (the Bộ chỉ số 766 shape)."""
    if percent >= threshold:
        return q2(max_score)
    return q2(max_score * _clamp(percent / threshold))


def hard_threshold(max_score: Decimal, percent: Decimal, threshold: Decimal) -> Decimal:
    """≥ T -> max; below -> 0 (3.4.1: 96,42% under a threshold above it gives 0)."""
    return q2(max_score) if percent >= threshold else ZERO


def weighted_task_completion(max_score: Decimal, on_time: int, late: int, due: int,
                             late_weight: Decimal) -> Decimal | None:
    """max × (on_time + w·late)/due, with not-yet-due tasks already left out of ``due``.

    None when no task is due yet: nothing to score, the council decides.
    """
    if due <= 0:
        return None
    return q2(max_score * _clamp((Decimal(on_time) + late_weight * late) / Decimal(due)))


def checklist(max_score: Decimal, found: Sequence[bool], points: Sequence[Decimal | None]) -> Decimal:
    """Per-item points when the rule gives them (capped at max); otherwise all items or nothing."""
    if points and all(p is not None for p in points):
        total = sum((p for p, ok in zip(points, found, strict=True) if ok and p is not None), ZERO)
        return q2(min(total, max_score))
    return q2(max_score) if found and all(found) else ZERO


def percent_of(ratio: Decimal) -> Decimal:
    return ratio * _HUNDRED


def stepped(max_score: Decimal, value: Decimal, steps: Sequence[tuple[Decimal, Decimal, bool]]) -> Decimal:
    """count_steps / ratio_steps: the fraction of the highest step reached.

    ``steps``: (bound, fraction, strict); strict means the value must exceed the bound ("trên 90%").
    4/3/2/1 meetings -> 1/0.75/0.5/0.25 of max; > 90 % -> max, 70-90 % -> half; below every step, 0.
    """
    for bound, fraction, strict in sorted(steps, key=lambda s: (s[0], s[2]), reverse=True):
        if value > bound or (value == bound and not strict):
            return q2(max_score * fraction)
    return ZERO


def per_item_penalty(items: int, per_item: Decimal, cap: Decimal) -> Decimal:
    """penalty_items: -(items × per_item), at most -cap (9.4: 0.5 a task, at most 1)."""
    return -q2(min(per_item * max(items, 0), cap))
