"""Parents are the sum of their children; not-assessed criteria leave the total maximum.

A bonus field adds at most its maximum (or its ``cap``) and does not raise the total maximum; a
penalty field subtracts at most its ``cap`` when it has one (rules/README.md, "Field kinds").
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from verifier.assessment.model import AssessmentTable
from verifier.results import CriterionResult, Status, Totals
from verifier.rules.model import Criterion, FieldKind, Framework
from verifier.score.archetypes import ZERO, q2


def _parent_status(children: Sequence[CriterionResult], suggested: Decimal, max_score: Decimal) -> Status:
    statuses = {c.status for c in children}
    if statuses <= {Status.NOT_APPLICABLE}:
        return Status.NOT_APPLICABLE
    if max_score > 0 and suggested <= 0 and statuses & {Status.FAIL}:
        return Status.FAIL
    if statuses & {Status.FAIL, Status.PARTIAL}:
        return Status.PARTIAL
    if statuses - {Status.NOT_APPLICABLE} == {Status.NO_EVIDENCE}:
        return Status.NO_EVIDENCE
    if statuses & {Status.MANUAL_REVIEW, Status.NO_EVIDENCE}:   # partly on the unit's word: the council looks
        return Status.MANUAL_REVIEW
    return Status.PASS


def roll_up(framework: Framework, leaves: dict[str, CriterionResult], table: AssessmentTable) -> tuple[
        CriterionResult, ...]:
    """Every criterion in framework order, parents summed bottom-up from their children."""
    results = dict(leaves)
    for c in sorted(framework.criteria, key=lambda x: -x.depth):
        if c.code in results:
            continue
        children = [results[k.code] for k in framework.children(c.code) if k.code in results]
        suggested = _capped(c, q2(sum((k.suggested_score or ZERO for k in children
                                       if k.status is not Status.NOT_APPLICABLE), ZERO)))
        row = table.row(c.code)
        results[c.code] = CriterionResult(
            code=c.code, title=c.title, max_score=c.max_score, self_score=row.self_score if row else None,
            suggested_score=suggested, status=_parent_status(children, suggested, c.max_score),
            rule=c.rule.archetype.value, confidence=c.rule.confidence.value,
            opinion="", evidence=tuple(dict.fromkeys(f for k in children for f in k.evidence)))
    return tuple(results[c.code] for c in framework.criteria)


def _capped(c: Criterion, total: Decimal) -> Decimal:
    if c.kind is FieldKind.BONUS:
        return min(total, c.cap if c.cap is not None else c.max_score)
    if c.kind is FieldKind.PENALTY and c.cap is not None:
        return max(total, -c.cap)
    return total


def totals(framework: Framework, results: Sequence[CriterionResult], table: AssessmentTable) -> Totals:
    by_code = {r.code: r for r in results}
    top = [c for c in framework.criteria if c.depth == 1]
    scored = {c.code for c in framework.criteria if c.kind is FieldKind.SCORE}
    dropped = sum((r.max_score for r in results
                   if r.status is Status.NOT_APPLICABLE and framework.is_leaf(r.code) and r.code in scored), ZERO)
    max_total = sum((c.max_score for c in top if c.kind is FieldKind.SCORE), ZERO) - dropped
    if table.total is not None and table.total.self_score is not None:
        self_total = table.total.self_score
    else:
        self_total = sum((by_code[c.code].self_score or ZERO for c in top), ZERO)
    suggested = sum((by_code[c.code].suggested_score or ZERO for c in top), ZERO)
    return Totals(max=q2(max_total), self=q2(self_total), suggested=q2(suggested))
