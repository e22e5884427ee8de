"""Deduction 9.1, suggested from what the other criteria found (domain.md (d)).

(a) evidence that contradicts the explanation — a cited document with another date, a declared
figure the system contradicts, a ratio computed wrongly — suggests −0.5; (b) not following the
evidence instructions — a required document or explanation absent — suggests another −0.5; the
total is capped (−1). The council decides; the deduction lists every reason it rests on.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from verifier.results import CriterionResult, Deduction, Finding, FindingKind, Severity, Status
from verifier.rules.model import Criterion
from verifier.score.wording import vn_num

# BACKDATED: a document whose signing time misses the deadline its printed date meets (issue 8).
CONTRADICTION = frozenset({FindingKind.CLAIM_MISMATCH, FindingKind.ARITHMETIC_ERROR, FindingKind.BACKDATED})
INSTRUCTIONS = frozenset({FindingKind.MISSING_EVIDENCE})


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


def deduction_9_1(c: Criterion, results: Sequence[CriterionResult]) -> tuple[CriterionResult, Deduction]:
    params = c.rule.params
    scope = set(c.rule.counts)
    contradictions = _reasons(results, CONTRADICTION, scope)
    instructions = _reasons(results, INSTRUCTIONS, scope)
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
