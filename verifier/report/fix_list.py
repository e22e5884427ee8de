"""The "what to fix before you submit" list: criteria whose score is at risk, most points first."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from verifier.results import CriterionResult, Finding, Report, Severity, Status

_AT_RISK = {Status.FAIL, Status.PARTIAL, Status.MANUAL_REVIEW, Status.NO_EVIDENCE}
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class FixItem:
    code: str
    title: str
    points: Decimal                   # self score the evidence does not support (0 when unknown)
    status: Status
    findings: tuple[Finding, ...]


def parent_code(code: str) -> str | None:
    """'1.1.1' -> '1.1'; '1' -> None."""
    return code.rsplit(".", 1)[0] if "." in code else None


def points_at_stake(c: CriterionResult) -> Decimal:
    """What the unit loses if it submits as is: its self score above the suggested one.

    A criterion left for the council (no suggested score) puts the whole self score at stake.
    """
    if c.self_score is None:
        return Decimal(0)
    if c.status is Status.NO_EVIDENCE:
        return c.self_score        # nothing backs it: the council may give nothing without evidence
    if c.suggested_score is None:
        return c.self_score if c.status is Status.MANUAL_REVIEW else Decimal(0)
    return max(c.self_score - c.suggested_score, Decimal(0))


def fix_list(report: Report) -> tuple[FixItem, ...]:
    """Leaf criteria at risk (points from leaves only, so a field is not counted twice with its
    sub-criteria), and parents only for findings of their own; ordered by points at stake."""
    parents = {p for c in report.criteria if (p := parent_code(c.code)) is not None}
    order = {c.code: i for i, c in enumerate(report.criteria)}
    items: list[FixItem] = []
    for c in report.criteria:
        if c.status is Status.NOT_APPLICABLE:
            continue
        serious = tuple(f for f in c.findings if f.severity is not Severity.INFO)
        leaf = c.code not in parents
        points = points_at_stake(c) if leaf else Decimal(0)
        if (leaf and c.status in _AT_RISK) or serious or points > 0:
            shown = tuple(sorted(c.findings, key=lambda f: _SEVERITY_ORDER[f.severity]))
            items.append(FixItem(c.code, c.title, points, c.status, shown))
    items.sort(key=lambda it: (-it.points, _worst(it.findings), order[it.code]))
    return tuple(items)


def _worst(findings: tuple[Finding, ...]) -> int:
    return min((_SEVERITY_ORDER[f.severity] for f in findings), default=3)
