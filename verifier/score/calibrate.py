"""`verifier rules calibrate`: replay appraised submissions and compare with the council.

A table exported after appraisal carries the council's score per criterion ("Thẩm định"). For
each leaf the suggestion is compared with it (equal to the cent); each disagreement is listed
with its reason (the rule, its confidence, what the score rests on, the council's own opinion).
Then every parameter the framework could not confirm (confidence BG or UNKNOWN) is replayed over
a range of values, and the values that agree with the council on more submissions are named:
the figures an analyst takes to Sở Nội vụ to confirm (docs/frameworks.md, "Calibrating").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from verifier.assessment.model import AssessmentTable
from verifier.evidence import Evidence
from verifier.results import CriterionResult, Report, Status
from verifier.rules.model import Archetype, Confidence, Criterion, Framework, Params
from verifier.score.context import Context, build_context
from verifier.score.criterion import evaluate_leaf
from verifier.score.deductions import integrity_deduction
from verifier.score.evaluate import evaluate

_CENT = Decimal("0.005")
UNCONFIRMED = (Confidence.BG, Confidence.UNKNOWN)
_THRESHOLDS = tuple(Decimal(v) / 2 for v in range(1, 201))        # 0.5 % .. 100 %, in order
_WEIGHTS = tuple(Decimal(v) / 4 for v in range(0, 5))
_POINTS = (Decimal(0), Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal(1))


@dataclass(frozen=True)
class Comparison:
    code: str
    suggested: Decimal | None
    council: Decimal | None
    agrees: bool
    reason: str                     # why they differ ("" when they agree)


@dataclass(frozen=True)
class SubmissionCalibration:
    name: str
    unit: str
    year: int | None
    compared: tuple[Comparison, ...]    # leaves with a council score
    skipped: tuple[str, ...]            # leaves without one, or scored by survey

    @property
    def agreed(self) -> int:
        return sum(c.agrees for c in self.compared)


@dataclass(frozen=True)
class ParameterFit:
    code: str
    parameter: str                      # "threshold", "late_weight", "archetype threshold_capped_ratio", …
    current: str
    confidence: str
    agree_now: int
    agree_best: int
    best_values: tuple[str, ...]        # values with the most agreement, ranges collapsed
    out_of: int


@dataclass(frozen=True)
class Calibration:
    framework: str
    submissions: tuple[SubmissionCalibration, ...]
    parameters: tuple[ParameterFit, ...]

    @property
    def agreed(self) -> int:
        return sum(s.agreed for s in self.submissions)

    @property
    def compared(self) -> int:
        return sum(len(s.compared) for s in self.submissions)


@dataclass(frozen=True)
class Appraised:
    """One submission to replay: its table (with the council's column) and its extracted evidence."""

    name: str
    table: AssessmentTable
    evidence: tuple[Evidence, ...]


def calibrate(framework: Framework, submissions: Sequence[Appraised]) -> Calibration:
    runs = [(s, evaluate(framework, s.table, s.evidence)) for s in submissions]
    per_submission = tuple(_compare(framework, s, report) for s, report in runs)
    contexts = [(s, build_context(framework, s.table, s.evidence, None), report) for s, report in runs]
    fits = tuple(f for c in framework.leaves() if c.rule.confidence in UNCONFIRMED
                 for f in _fits(framework, c, contexts))
    return Calibration(framework.label, per_submission, fits)


# --- agreement ------------------------------------------------------------------------------


def _same(suggested: Decimal | None, council: Decimal | None, result: CriterionResult) -> bool:
    if result.status is Status.NOT_APPLICABLE:
        return council is None or council == 0   # the export prints 0 for a criterion left out
    if suggested is None or council is None:
        return False
    return abs(suggested - council) < _CENT


def _compare(framework: Framework, s: Appraised, report: Report) -> SubmissionCalibration:
    by_code = {r.code: r for r in report.criteria}
    compared: list[Comparison] = []
    skipped: list[str] = []
    for c in framework.leaves():
        row = s.table.row(c.code)
        result = by_code.get(c.code)
        if row is None or result is None or row.appraisal is None or c.rule.archetype is Archetype.SURVEY:
            skipped.append(c.code)
            continue
        agrees = _same(result.suggested_score, row.appraisal, result)
        compared.append(Comparison(c.code, result.suggested_score, row.appraisal, agrees,
                                   "" if agrees else _reason(c, result, row.opinion, row.self_score)))
    return SubmissionCalibration(s.name, s.table.unit, s.table.year, tuple(compared), tuple(skipped))


def _reason(c: Criterion, r: CriterionResult, council_opinion: str, self_score: Decimal | None) -> str:
    parts = [f"{c.rule.archetype.value} ({c.rule.confidence.value})"]
    if r.suggested_score is None:
        parts.append("no suggestion: " + ("no self score to carry and no deciding document"
                                          if self_score is None else "nothing to score with"))
    elif r.status is Status.MANUAL_REVIEW and c.rule.archetype is Archetype.MANUAL_REVIEW:
        parts.append("manual review carries the self score; the council scored otherwise")
    opinion = r.opinion.removeprefix("Ý kiến: ").strip()
    if opinion:
        parts.append(f"ours: {opinion[:140]}")
    council = " ".join(council_opinion.split()).removeprefix("Ý kiến:").strip()
    if council:
        parts.append(f"council: {council[:140]}")
    return "; ".join(parts)


# --- which unconfirmed values would have agreed ---------------------------------------------


Variant = tuple[str, Callable[[Criterion], Criterion]]


def _fits(framework: Framework, c: Criterion,
          runs: Sequence[tuple[Appraised, Context, Report]]) -> Iterator[ParameterFit]:
    targets: list[tuple[Context, Decimal, Report]] = []
    for s, ctx, report in runs:
        row = s.table.row(c.code)
        if row is not None and row.appraisal is not None:
            targets.append((ctx, row.appraisal, report))
    if not targets:
        return
    for parameter, current, variants in _variants(c):
        if parameter.endswith("if threshold_capped_ratio") and all(
                _agrees_with(framework, c, ctx, council, rep) for ctx, council, rep in targets):
            continue    # another archetype is worth naming only where this one disagrees
        scores = [(label, sum(_agrees_with(framework, change(c), ctx, council, rep) for ctx, council, rep in targets))
                  for label, change in variants]
        now = sum(_agrees_with(framework, c, ctx, council, rep) for ctx, council, rep in targets)
        best = max(n for _l, n in scores)
        yield ParameterFit(c.code, parameter, current, c.rule.confidence.value, now, best,
                           _runs([label for label, _n in scores], {label for label, n in scores if n == best}),
                           len(targets))


def _agrees_with(framework: Framework, c: Criterion, ctx: Context, council: Decimal, report: Report) -> bool:
    if c.rule.archetype is Archetype.DEDUCTION:
        others = tuple(r for r in report.criteria if r.code != c.code)
        result, _d = integrity_deduction(c, others)
    else:
        result = evaluate_leaf(c, ctx.table.row(c.code), ctx)
    return _same(result.suggested_score, council, result)


def _setting(archetype: Archetype | None = None, **params: Decimal) -> Callable[[Criterion], Criterion]:
    """A change of one criterion: some parameters, and perhaps its archetype."""
    def change(c: Criterion) -> Criterion:
        # only Decimal parameters are swept; mypy cannot see that from **params
        rule = dataclasses.replace(c.rule, params=dataclasses.replace(c.rule.params, **params))  # type: ignore[arg-type]
        if archetype is not None:
            rule = dataclasses.replace(rule, archetype=archetype)
        return dataclasses.replace(c, rule=rule)
    return change


def _variants(c: Criterion) -> Iterator[tuple[str, str, list[Variant]]]:
    p: Params = c.rule.params
    arch = c.rule.archetype
    if arch in (Archetype.HARD_THRESHOLD, Archetype.THRESHOLD_CAPPED_RATIO):
        yield "threshold", _plain(p.threshold), [(_plain(t), _setting(threshold=t)) for t in _THRESHOLDS]
    if arch is Archetype.LINEAR_RATIO:
        capped = Archetype.THRESHOLD_CAPPED_RATIO
        yield ("threshold if threshold_capped_ratio", "linear_ratio",
               [("linear_ratio", _setting())] + [(_plain(t), _setting(capped, threshold=t)) for t in _THRESHOLDS])
    if arch is Archetype.WEIGHTED_TASK_COMPLETION:
        yield "late_weight", _plain(p.late_weight), [(_plain(w), _setting(late_weight=w)) for w in _WEIGHTS]
    if arch is Archetype.DEDUCTION:
        yield "contradiction", _plain(p.contradiction), [(_plain(v), _setting(contradiction=v)) for v in _POINTS]
        yield "instructions", _plain(p.instructions), [(_plain(v), _setting(instructions=v)) for v in _POINTS]
    if arch is Archetype.PENALTY_ITEMS:
        yield "per_item", _plain(p.per_item), [(_plain(v), _setting(per_item=v)) for v in _POINTS if v > 0]


def _plain(d: Decimal | None) -> str:
    if d is None:
        return "-"
    return f"{d.normalize():f}"


def _runs(order: list[str], winners: set[str]) -> tuple[str, ...]:
    """The winning values as runs of consecutive candidates: '75–77.5', '99.5', 'linear_ratio'."""
    runs: list[list[str]] = []
    previous_won = False
    for label in order:
        won = label in winners
        if won and previous_won and _is_number(label) and _is_number(runs[-1][-1]):
            runs[-1].append(label)
        elif won:
            runs.append([label])
        previous_won = won
    return tuple(r[0] if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True
