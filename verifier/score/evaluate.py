"""evaluate(): one submission, every rule, one Report. Pure, deterministic, and it never raises on
bad data: every problem becomes a Finding where the unit can see it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from verifier import __version__
from verifier.assessment.model import AssessmentTable
from verifier.assessment.rollup import check_rollup
from verifier.assessment.table import with_penalty_fields
from verifier.evidence import Evidence
from verifier.match.assign import folder_criterion
from verifier.results import CriterionResult, Deduction, Finding, FindingKind, Report, Severity, Status
from verifier.rules.model import Archetype, Criterion, FieldKind, Framework
from verifier.score.context import Context, build_context
from verifier.score.criterion import evaluate_leaf
from verifier.score.deductions import integrity_deduction
from verifier.score.files import duplicate_finding, file_statuses, table_finding, unreadable_finding
from verifier.score.rollup import roll_up, totals

NO_EVIDENCE_AT_ALL = ("Hồ sơ không có tài liệu kiểm chứng nào (thư mục evidence/ trống hoặc không có); mọi kết quả "
                      "chỉ dựa trên giải trình của đơn vị. / The submission holds no evidence files (evidence/ is "
                      "empty or absent); every result rests on the unit's explanation alone.")


def evaluate(framework: Framework, table: AssessmentTable, evidence: Sequence[Evidence], *,
             as_of: dt.date | None = None) -> Report:
    """Check every criterion of ``framework`` against the table and the extracted evidence.

    ``as_of`` is the date tasks and deadlines are judged at; by default the framework's appraisal
    cut-off in its year.
    """
    return evaluate_context(prepare(framework, table, evidence, as_of))


def prepare(framework: Framework, table: AssessmentTable, evidence: Sequence[Evidence],
            as_of: dt.date | None = None) -> Context:
    """What every rule reads, built once: the documents' matching views, pools and indexes.

    Built before a verdict to find the pages a body-reading rule needs (verifier/needs.py) and, when
    none had to be read, evaluated as it is: building it twice cost a district round 2 0.5 s
    (docs/service.md, "Round 2")."""
    return build_context(framework, with_penalty_fields(table, framework.penalty_fields()), evidence, as_of)


def evaluate_context(ctx: Context) -> Report:
    """Every rule of ``ctx.framework`` against the context :func:`prepare` built."""
    framework, table = ctx.framework, ctx.table
    leaves: dict[str, CriterionResult] = {}
    deferred: list[Criterion] = []
    for c in framework.criteria:
        if not framework.is_leaf(c.code):
            continue
        if c.rule.archetype is Archetype.DEDUCTION:
            deferred.append(c)
            continue
        leaves[c.code] = _guarded(c, ctx)
    deductions: list[Deduction] = []
    for c in deferred:
        result, deduction = integrity_deduction(c, tuple(leaves.values()))
        leaves[c.code] = dataclasses.replace(result, self_score=_self(table, c.code))
        deductions.append(deduction)
    for c in framework.criteria:
        # Other penalty rows go to the deduction list with exactly the score their row shows.
        r = leaves.get(c.code)
        if (r and c.kind is FieldKind.PENALTY and c.rule.archetype is not Archetype.DEDUCTION
                and r.suggested_score):
            deductions.append(Deduction(c.code, r.suggested_score, ("đơn vị tự kê khai",)))
    results = roll_up(framework, leaves, table)
    not_assessed = [r.code for r in results if r.status is Status.NOT_APPLICABLE and framework.is_leaf(r.code)]
    kinds = {code: kind.value for code, kind in framework.field_kinds().items()}
    results = _with_rollup(results, table, not_assessed, kinds)
    # Each result carries its field's kind, so reports and pages know what subtracts without the framework.
    results = tuple(dataclasses.replace(r, kind=found.kind.value) if (found := framework.criterion(r.code)) else r
                    for r in results)
    return Report(
        unit=table.unit, year=table.year or framework.year, framework=framework.label, criteria=results,
        deductions=tuple(deductions), totals=totals(framework, results, table),
        files=file_statuses(ctx.evidence), findings=_submission_findings(ctx),
        versions={"verifier": __version__, "framework": framework.label},
    )


def _self(table: AssessmentTable, code: str) -> Decimal | None:
    row = table.row(code)
    return row.self_score if row else None


def _guarded(c: Criterion, ctx: Context) -> CriterionResult:
    try:
        return evaluate_leaf(c, ctx.table.row(c.code), ctx)
    except Exception as exc:
        return CriterionResult(
            code=c.code, title=c.title, max_score=c.max_score, self_score=None, suggested_score=None,
            status=Status.MANUAL_REVIEW, rule=c.rule.archetype.value, confidence=c.rule.confidence.value,
            findings=(Finding(FindingKind.MANUAL_CHECK, Severity.ERROR,
                              f"Không tự đánh giá được tiêu chí này ({type(exc).__name__}: {exc}); Hội đồng xem xét "
                              "trực tiếp.", criterion=c.code),),
            opinion="Ý kiến: Hội đồng xem xét trực tiếp.")


def _with_rollup(results: tuple[CriterionResult, ...], table: AssessmentTable,
                 not_assessed: Sequence[str], kinds: dict[str, str]) -> tuple[CriterionResult, ...]:
    extra: dict[str, list[Finding]] = {}
    for p in check_rollup(table, not_assessed, kinds):
        extra.setdefault(p.criterion or "", []).append(table_finding(p, p.criterion))
    return tuple(dataclasses.replace(r, findings=r.findings + tuple(extra[r.code])) if r.code in extra else r
                 for r in results)


def _submission_findings(ctx: Context) -> tuple[Finding, ...]:
    fw, table = ctx.framework, ctx.table
    out: list[Finding] = []
    if not ctx.evidence:
        # Said first: every verdict below rests on the unit's word alone (score/backing.py).
        out.append(Finding(FindingKind.MISSING_EVIDENCE, Severity.ERROR, NO_EVIDENCE_AT_ALL))
    if table.year is not None and table.year != fw.year:
        out.append(Finding(FindingKind.TABLE_ERROR, Severity.WARNING,
                           f"Bảng tự đánh giá ghi năm {table.year} nhưng bộ tiêu chí áp dụng là năm {fw.year}."))
    codes = {c.code for c in fw.criteria}
    out.extend(table_finding(p, p.criterion) for p in table.problems if p.criterion not in codes)
    problem_lines = {p.line for p in table.problems}
    for row in table.rows:
        if row.code not in codes and row.line not in problem_lines:
            out.append(Finding(FindingKind.TABLE_ERROR, Severity.ERROR,
                               f"Dòng {row.line} của bảng tự đánh giá: mã tiêu chí {row.code} không có "
                               f"trong bộ tiêu chí {fw.label}; đề nghị kiểm tra lại mã.", criterion=row.code))
    present = {r.code for r in table.rows}
    for c in fw.criteria:
        if fw.is_leaf(c.code) and c.code not in present:
            out.append(Finding(FindingKind.TABLE_ERROR, Severity.WARNING,
                               f"Bảng tự đánh giá thiếu tiêu chí {c.code} ({c.title[:60]}).", criterion=c.code))
    out.extend(unreadable_finding(e, None) for e in ctx.broken.get("", ()))
    for e in ctx.evidence:
        original = ctx.duplicates.get(e.file)
        if original is not None and folder_criterion(e.folder_code, fw) is None:
            out.append(duplicate_finding(e.file, original, None, False))
    pooled = {v.ref for views in ctx.assignment.pools.values() for v in views}
    out.extend(ctx.integrity_findings([v for v in ctx.assignment.views if v.ref not in pooled], None))
    for v in ctx.assignment.unassigned:
        out.append(Finding(FindingKind.UNASSIGNED_FILE, Severity.WARNING,
                           f"Tệp {v.where} không khớp tiêu chí nào; đề nghị đặt vào thư mục evidence/<mã tiêu chí>/.",
                           file=v.file, document=v.number, date=v.date, page=v.pages[0] if v.in_bundle else None,
                           pages=v.page_range))
    return tuple(out)
