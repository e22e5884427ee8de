"""One leaf criterion: its claims, its required documents, its archetype score, its verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from verifier.assessment.claims import Figure, extract_claims
from verifier.assessment.model import Row
from verifier.match.cited import Lookup
from verifier.match.documents import DocView
from verifier.match.tasks import read_tasks
from verifier.match.topic import phrase_matches
from verifier.results import CriterionResult, Finding, FindingKind, Severity, Status
from verifier.rules.model import Archetype, Criterion, EvidenceSource, FieldKind, NotApplicable
from verifier.score import archetypes as A
from verifier.score.backing import borrowed_note, unbacked_status, unverified
from verifier.score.claims import (
    arithmetic_findings,
    check_citations,
    choose_declared,
    choose_system,
    declared_percent,
    estimate_findings,
    system_mismatch,
    window_findings,
)
from verifier.score.context import Context
from verifier.score.files import criterion_file_findings
from verifier.score.kinds import count_steps, penalty_items, scored_elsewhere, survey
from verifier.score.opinion import draft_opinion
from verifier.score.requirements import RequirementOutcome, check_requirement
from verifier.score.wording import fill, vn_num
from verifier.text import fold

RATIO_ARCHETYPES = (Archetype.LINEAR_RATIO, Archetype.THRESHOLD_CAPPED_RATIO, Archetype.HARD_THRESHOLD,
                    Archetype.RATIO_STEPS)
# The council decides these; the suggestion is a draft, never a verdict of the evidence.
REVIEWED = (Archetype.MANUAL_REVIEW, Archetype.DEDUCTION, Archetype.PENALTY_ITEMS, Archetype.SURVEY)
_EPS = Decimal("0.005")


@dataclass
class _Work:
    """What is gathered while one criterion is evaluated."""

    findings: list[Finding] = field(default_factory=list)
    used: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)      # labels of what to upload
    basis: str = ""                                       # what the score rests on, for the opinion
    declared: str | None = None                           # the unit's declared figure a score rests on

    def use(self, *files: str | None) -> None:
        for f in files:
            if f and f not in self.used:
                self.used.append(f)


def evaluate_leaf(c: Criterion, row: Row | None, ctx: Context) -> CriterionResult:
    rule = c.rule
    text = row.explanation if row else ""
    self_score = row.self_score if row else None
    work = _Work()
    work.findings.extend(criterion_file_findings(c.code, row, ctx))

    if rule.archetype is Archetype.NOT_ASSESSED or _not_assessed(rule.not_assessed_when, text, ctx):
        if ctx.framework.not_applicable_of(c) is NotApplicable.FULL_MARKS:
            return _result(c, self_score, A.q2(c.max_score), Status.PASS, work,
                           "Ý kiến: Đơn vị không có nhiệm vụ thuộc tiêu chí này (theo giải trình); "
                           "được tính điểm tối đa theo quy định.")
        return _result(c, self_score, None, Status.NOT_APPLICABLE, work,
                       "Ý kiến: Không đánh giá tiêu chí này (đơn vị không thuộc đối tượng đánh giá theo giải trình); "
                       "điểm tối đa được trừ khỏi tổng điểm.")
    if c.kind is FieldKind.BONUS and not self_score:
        return _result(c, self_score, None, Status.NOT_APPLICABLE, work,
                       "Ý kiến: Đơn vị không đề nghị điểm thưởng này.")
    elsewhere = scored_elsewhere(c)
    if elsewhere is not None:
        work.findings.append(elsewhere)

    claims = extract_claims(text) if text else None
    checks = check_citations(text, claims.citations, ctx.index, c.code) if claims else ()
    cited_views = [ch.view for ch in checks if ch.result in (Lookup.FOUND, Lookup.TYPE_DIFFERS, Lookup.NUMBER_DIFFERS)
                   and ch.view is not None]
    own = ctx.pool(c.code, rule.also_from)
    work.findings.extend(ctx.integrity_findings(ctx.assignment.pool(c.code), c.code))
    # Cited documents filed elsewhere complement a criterion's own evidence, never replace it
    # (score/backing.py): with nothing filed for it, its required documents are missing.
    pool = ctx.pool(c.code, rule.also_from, cited_views) if own else ()
    borrowed = borrowed_note(cited_views) if not own else ""
    not_found = [ch for ch in checks if ch.result is Lookup.NOT_FOUND]

    outcomes: list[RequirementOutcome] = []
    claimed_missing: set[str] = set()
    for req in rule.requires:
        cited = [ch.citation.number.text for ch in not_found if ch.citation.number.type_code in req.types]
        outcome = check_requirement(req, pool, c.code, ctx.year, cited, borrowed,
                                    tolerance=ctx.framework.integrity.signing_tolerance_days)
        outcomes.append(outcome)
        if outcome.missing:
            claimed_missing.update(cited)
        if not outcome.met:
            work.missing.append(fill(req.label, ctx.year))
        work.findings.extend(outcome.findings)
        work.use(*(v.file for v in outcome.used))
    work.findings.extend(ch.finding for ch in checks
                         if ch.finding is not None and ch.citation.number.text not in claimed_missing)
    requirements_met = all(o.met for o in outcomes)

    figures = claims.figures if claims else ()
    work.findings.extend(arithmetic_findings(figures, c.code))
    suggested: Decimal | None
    archetype = rule.archetype
    if archetype is Archetype.BINARY_BY_DEADLINE:
        suggested = A.binary(c.max_score, requirements_met)
        late_share = rule.params.late_fraction
        if not requirements_met and late_share is not None and _only_late(outcomes):
            suggested = A.q2(c.max_score * late_share)
            work.basis = f"ban hành chưa kịp thời: {vn_num(late_share)} số điểm"
    elif archetype is Archetype.CHECKLIST:
        suggested = _checklist(c, text, pool, outcomes, ctx, work) if requirements_met else A.ZERO
    elif archetype in RATIO_ARCHETYPES:
        suggested = _ratio(c, text, figures, ctx, work)
        if suggested is not None and not requirements_met:
            suggested = A.ZERO
    elif archetype is Archetype.WEIGHTED_TASK_COMPLETION:
        suggested = _tasks(c, pool, ctx, work)
    elif archetype is Archetype.COUNT_STEPS:
        suggested, work.basis, counted = count_steps(c, text, outcomes, self_score, work.findings)
        work.use(*(v.file for v in counted))
    elif archetype is Archetype.PENALTY_ITEMS:
        suggested = penalty_items(c, row, work.findings)
        _expects(c, ctx, work)
    elif archetype is Archetype.SURVEY:
        suggested = None
        survey(c, row, work.findings)
    elif archetype is Archetype.NO_VIOLATION:
        suggested = A.q2(c.max_score) if requirements_met else A.ZERO
        work.basis = "không phát hiện vi phạm qua tài liệu kiểm chứng"
    else:   # manual review, and deductions until the whole submission is known
        suggested = None
        if archetype is Archetype.MANUAL_REVIEW and c.kind is FieldKind.PENALTY and self_score is not None:
            suggested = -abs(self_score)        # a penalty row carries the unit's own deduction
        elif archetype is Archetype.MANUAL_REVIEW:
            suggested = _clamped(self_score, c.max_score)
        _expects(c, ctx, work)
    work.use(*(v.file for v in pool if v.file in {ch.file for ch in checks}))

    mismatch = _score_mismatch(c, self_score, suggested, archetype)
    if mismatch is not None:
        work.findings.append(mismatch)
    status = _status(archetype, c.max_score, suggested, work.findings)
    backed = unbacked_status(archetype, status, bool(own) or bool(work.used))
    if backed is not status:
        work.findings.append(unverified(c.code, work.declared))
        status = backed
    opinion = draft_opinion(c, status, suggested, self_score, work.findings, work.missing, work.basis, ctx.year)
    return _result(c, self_score, suggested, status, work, opinion)


def _result(c: Criterion, self_score: Decimal | None, suggested: Decimal | None, status: Status, work: _Work,
            opinion: str) -> CriterionResult:
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    findings = tuple(sorted(work.findings, key=lambda f: order[f.severity]))
    return CriterionResult(code=c.code, title=c.title, max_score=c.max_score, self_score=self_score,
                           suggested_score=suggested, status=status, findings=findings, opinion=opinion,
                           evidence=tuple(work.used), rule=c.rule.archetype.value,
                           confidence=c.rule.confidence.value)


def _not_assessed(phrases: tuple[str, ...], text: str, ctx: Context) -> bool:
    folded = fold(text)
    how = ctx.framework.matching.not_assessed
    return any(phrase_matches(p, folded, how.scorer, how.threshold) for p in phrases)


def _expects(c: Criterion, ctx: Context, work: _Work) -> None:
    if c.rule.expects:
        work.findings.append(Finding(FindingKind.MANUAL_CHECK, Severity.INFO,
                                     f"Không có tài liệu nào tự quyết định được tiêu chí này; Hội đồng kiểm tra: "
                                     f"{fill(c.rule.expects, ctx.year)}.", criterion=c.code))


def _only_late(outcomes: list[RequirementOutcome]) -> bool:
    """Every unmet requirement failed only for being late (present, right kind, in period)."""
    failed = [o for o in outcomes if not o.met]
    return bool(failed) and all(
        {f.kind for f in o.findings if f.severity is Severity.ERROR} == {FindingKind.LATE} for o in failed)


def _clamped(value: Decimal | None, max_score: Decimal) -> Decimal | None:
    return None if value is None else A.q2(min(max(value, A.ZERO), max_score))


def _checklist(c: Criterion, text: str, pool: tuple[DocView, ...], outcomes: list[RequirementOutcome],
               ctx: Context, work: _Work) -> Decimal:
    rule = c.rule
    if rule.checklist_scope == "explanation":
        haystack = fold(text)
        where = "giải trình"
    else:
        docs = [v for o in outcomes for v in o.used] or list(pool)
        haystack = "\n".join(v.full_text for v in docs)
        where = "tài liệu kiểm chứng"
        work.use(*(v.file for v in docs))
    how = ctx.framework.matching.checklist
    found = [any(phrase_matches(k, haystack, how.scorer, how.threshold) for k in item.keywords)
             for item in rule.checklist]
    for item, ok in zip(rule.checklist, found, strict=True):
        if not ok:
            work.missing.append(item.label)
            work.findings.append(Finding(FindingKind.MISSING_CONTENT, Severity.ERROR,
                                         f"Không thấy nội dung «{item.label}» trong {where}; đề nghị bổ sung "
                                         "nội dung và tài liệu chứng minh.", criterion=c.code))
    if rule.checklist_scope == "explanation" and rule.expects:
        work.findings.append(Finding(FindingKind.MANUAL_CHECK, Severity.INFO,
                                     f"Các nội dung được đối chiếu trên giải trình; Hội đồng kiểm tra: "
                                     f"{fill(rule.expects, ctx.year)}.", criterion=c.code))
    work.basis = f"{sum(found)}/{len(found)} nội dung"
    return A.checklist(c.max_score, found, [i.points for i in rule.checklist])


def _ratio(c: Criterion, text: str, figures: tuple[Figure, ...], ctx: Context, work: _Work) -> Decimal | None:
    rule = c.rule
    window = None
    if rule.data_window is not None:
        window = rule.data_window.resolve(ctx.year)
        work.findings.extend(window_findings(text, window, c.code))
    system = choose_system(ctx.statistics.get(rule.statistic or c.code, ()), window)
    declared, estimates = choose_declared(text, figures)
    work.findings.extend(estimate_findings(estimates, c.code))
    ratio: Decimal | None
    if system is not None and system.ratio is not None:
        ratio = system.ratio
        work.use(system.file)
        work.basis = f"số liệu hệ thống {system.describe()}"
        mismatch = system_mismatch(declared, system, rule.params.tolerance, c.code)
        if mismatch is not None:
            work.findings.append(mismatch)
    elif declared is not None:
        pct = declared.computed_percent if declared.consistent is False else declared_percent(declared)
        ratio = None if pct is None else pct / 100
        work.basis = f"số liệu đơn vị kê khai «{declared.text}»"
        work.declared = declared.text
    elif rule.evidence is EvidenceSource.SYSTEM:
        return None     # scored_elsewhere() has said who scores it; nothing to ask of the unit
    else:
        work.findings.append(Finding(FindingKind.MANUAL_CHECK, Severity.WARNING,
                                     "Không có số liệu để tính điểm (không có số liệu hệ thống, giải trình không nêu "
                                     "tỷ lệ); đề nghị đơn vị nêu rõ tử số/mẫu số và tải lên tài liệu kiểm chứng.",
                                     criterion=c.code))
        return None
    if ratio is None:
        return None
    percent = A.percent_of(ratio)
    threshold = rule.params.threshold
    if rule.archetype is Archetype.RATIO_STEPS:
        return A.stepped(c.max_score, percent, [(s.at_least, s.fraction, s.strict) for s in rule.params.steps])
    if rule.archetype is Archetype.LINEAR_RATIO or threshold is None:
        return A.linear_ratio(c.max_score, ratio)
    work.basis += f" (ngưỡng {vn_num(threshold)}%)"
    if rule.archetype is Archetype.THRESHOLD_CAPPED_RATIO:
        return A.threshold_capped_ratio(c.max_score, percent, threshold)
    return A.hard_threshold(c.max_score, percent, threshold)


def _tasks(c: Criterion, pool: tuple[DocView, ...], ctx: Context, work: _Work) -> Decimal | None:
    counts = read_tasks((v.evidence for v in pool), ctx.as_of, ctx.framework.workbooks.tasks)
    if counts is None and c.rule.evidence is EvidenceSource.SYSTEM:
        return None
    if counts is None:
        label = fill(c.rule.expects, ctx.year) or "Bảng thống kê nhiệm vụ"
        work.missing.append(label)
        work.findings.append(Finding(FindingKind.MISSING_EVIDENCE, Severity.ERROR,
                                     f"Thiếu {label}. Đề nghị tải lên vào thư mục evidence/{c.code}/.",
                                     criterion=c.code))
        return A.ZERO
    work.use(counts.file)
    work.basis = counts.describe()
    weight = c.rule.params.late_weight if c.rule.params.late_weight is not None else A.ZERO
    score = A.weighted_task_completion(c.max_score, counts.on_time, counts.late, counts.due, weight)
    if score is None:
        work.findings.append(Finding(FindingKind.MANUAL_CHECK, Severity.INFO,
                                     f"Chưa có nhiệm vụ nào đến hạn ({counts.describe()}).", criterion=c.code,
                                     file=counts.file))
    return score


def _score_mismatch(c: Criterion, self_score: Decimal | None, suggested: Decimal | None,
                    archetype: Archetype) -> Finding | None:
    """Self score differs from what the evidence supports: a warning when the unit claims more
    (the council will lower it), information when it claims less; an error above the maximum."""
    if self_score is not None and self_score > c.max_score:
        return Finding(FindingKind.SCORE_MISMATCH, Severity.ERROR,
                       f"Điểm tự đánh giá {vn_num(self_score)} vượt điểm tối đa {vn_num(c.max_score)} của tiêu chí; "
                       "đề nghị sửa lại điểm tự đánh giá.", criterion=c.code)
    if archetype in REVIEWED or self_score is None or suggested is None:
        return None
    if abs(self_score - suggested) < _EPS:
        return None
    higher = self_score > suggested
    advice = " Đề nghị điều chỉnh hoặc bổ sung tài liệu." if higher else ""
    return Finding(FindingKind.SCORE_MISMATCH, Severity.WARNING if higher else Severity.INFO,
                   f"Điểm tự đánh giá {vn_num(self_score)} {'cao hơn' if higher else 'thấp hơn'} "
                   f"mức tài liệu kiểm chứng hỗ trợ ({vn_num(suggested)}).{advice}", criterion=c.code)


def _status(archetype: Archetype, max_score: Decimal, suggested: Decimal | None,
            findings: list[Finding]) -> Status:
    if archetype in REVIEWED or suggested is None:
        return Status.MANUAL_REVIEW
    if max_score > 0 and suggested <= 0:
        return Status.FAIL
    if suggested < max_score or any(f.severity is Severity.ERROR for f in findings):
        return Status.PARTIAL
    return Status.PASS
