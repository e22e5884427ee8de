"""The integrity deduction (archetype ``deduction``), suggested from what the other criteria found.

(a) evidence that contradicts the explanation, (b) evidence instructions not followed: each is a
list of finding kinds in the rule's parameters (``contradiction_kinds``, ``instructions_kinds``;
rules/library/templates.yaml ``integrity_deduction``), worth the rule's points when any criterion
in scope raised one as an error; the total is capped. Which kinds count is data, so a new kind of
finding counts once a framework lists it. The council decides; the deduction lists every reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from verifier.results import CriterionResult, Deduction, Finding, FindingKind, Severity, Status
from verifier.rules.model import Criterion
from verifier.score.wording import vn_num


def _kinds(names: Sequence[str]) -> frozenset[FindingKind]:
    known = {k.value: k for k in FindingKind}
    return frozenset(known[n] for n in names if n in known)   # the linter refuses unknown names


def _reasons(results: Sequence[CriterionResult], kinds: frozenset[FindingKind], scope: set[str]) -> list[str]:
    out: list[str] = []
    for r in results:
        if scope and r.code not in scope:
            continue
        for f in r.findings:
            if f.kind in kinds and f.severity is Severity.ERROR:
                reason = f"{r.code}: {f.kind.value}"
                if reason not in out:
                    out.append(reason)
    return out


def integrity_deduction(c: Criterion, results: Sequence[CriterionResult]) -> tuple[CriterionResult, Deduction]:
    params = c.rule.params
    scope = set(c.rule.counts)
    contradictions = _reasons(results, _kinds(params.contradiction_kinds), scope)
    instructions = _reasons(results, _kinds(params.instructions_kinds), scope)
    points = Decimal(0)
    if contradictions and params.contradiction:
        points += params.contradiction
    if instructions and params.instructions:
        points += params.instructions
    if params.cap is not None:
        points = min(points, params.cap)
    reasons = tuple(contradictions + instructions)
    findings: tuple[Finding, ...] = ()
    if points:
        parts = []
        if contradictions:
            parts.append(f"tài liệu/số liệu mâu thuẫn với giải trình ({', '.join(contradictions)})")
        if instructions:
            parts.append(f"thiếu tài liệu kiểm chứng bắt buộc ({', '.join(instructions)})")
        text = f"Đề xuất trừ {vn_num(points)} điểm: " + "; ".join(parts) + ". Hội đồng quyết định."
        findings = (Finding(FindingKind.MANUAL_CHECK, Severity.WARNING, text, criterion=c.code),)
        opinion = "Ý kiến: " + text
    else:
        opinion = "Ý kiến: Không có căn cứ đề xuất trừ điểm."
    suggested = -points
    result = CriterionResult(code=c.code, title=c.title, max_score=c.max_score, self_score=None,
                             suggested_score=suggested, status=Status.MANUAL_REVIEW if points else Status.PASS,
                             findings=findings, opinion=opinion, rule=c.rule.archetype.value,
                             confidence=c.rule.confidence.value)
    return result, Deduction(c.code, suggested, reasons)
