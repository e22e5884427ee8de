"""The council's own column: validated scores, recorded only when they change, with who, when and
the previous value.

Nothing is pre-filled: a criterion has a council score only once a member typed one or pressed
"Đồng ý đề xuất" for it. A score is refused, beside its field, unless it is a plain decimal number
("0,5" or "0.5"; no NaN, infinity or exponent), has at most two decimals, lies between the
criterion's bounds and is a value its archetype can give. Bounds and values come from the framework
the report names (rules/<province>/<level>-<year>.yaml, verifier/rules/model.py), never from titles:

* ``binary_by_deadline``: 0, the maximum, and ``late_fraction`` of it when the framework sets one;
  ``hard_threshold``, ``no_violation``: 0 or the maximum;
* ``count_steps`` / ``ratio_steps``: 0 or a step's ``fraction`` of the maximum;
* a criterion of a penalty field (``kind: penalty``): from minus its cap to 0 (the rule's ``cap``,
  else the field's); ``penalty_items`` only in multiples of ``per_item``, ``deduction`` only in sums
  of its ``contradiction`` and ``instructions`` amounts;
* every other leaf: from 0 to the maximum;
* a parent (``sum``): never entered, it is the sum of its children.

A member can clear a score ("Xoá điểm", or emptying its field): that is a change like any other, a
row with an empty score, who, when and the previous value; the criterion counts as not scored again.
Round 2 starts from round 1: a criterion not re-appraised in round 2 (or whose round-2 score was
cleared) keeps its round-1 score in the round-2 total.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.audit.log import Action, append
from service.auth.tokens import Principal
from service.storage.models import Appraisal, Submission
from service.workflow.provinces import framework_of
from verifier.report.fix_list import parent_code
from verifier.results import Report
from verifier.rules.model import Archetype, Criterion, FieldKind, Framework
from verifier.text import one_line

NUMBER = re.compile(r"^[+-]?\d{1,3}(?:[.,]\d+)?$")
TWO_PLACES = Decimal("0.01")
BINARY = frozenset({Archetype.BINARY_BY_DEADLINE, Archetype.HARD_THRESHOLD, Archetype.NO_VIOLATION})
STEPPED = frozenset({Archetype.COUNT_STEPS, Archetype.RATIO_STEPS})
MAX_OPINION = 5000
MAX_ALLOWED = 40          # more distinct values than this: show and check the range only
CLEARED = ""              # the stored score of a cleared entry


@dataclass(frozen=True)
class Limits:
    code: str
    title: str
    max_score: Decimal
    low: Decimal
    high: Decimal
    allowed: tuple[Decimal, ...] | None      # the only values, when the archetype has few
    suggested: Decimal | None
    field: str                               # the top-level code ("1" for 1.1.1)
    unavailable: bool = False                # its framework cannot be read: no value is accepted


@dataclass(frozen=True)
class RowError:
    criterion: str
    message_vi: str
    message_en: str

    def as_dict(self) -> dict[str, str]:
        return {"criterion": self.criterion, "message_vi": self.message_vi, "message_en": self.message_en}


@dataclass(frozen=True)
class Entry:
    criterion: str
    score: str            # as typed
    opinion: str = ""
    accepted: bool = False  # "Đồng ý đề xuất": the suggestion is the score
    clear: bool = False     # an empty score clears a recorded one (the form); else it keeps it (the API)


def _q(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES)


def _sums(amounts: Iterable[Decimal], cap: Decimal) -> tuple[Decimal, ...] | None:
    """Every total of some of ``amounts`` (each used once), at most ``cap``: 9.1's 0,5 + 0,5 capped at 1."""
    totals = {Decimal(0)}
    for a in amounts:
        totals |= {t + a for t in totals}
    capped = sorted({_q(min(t, cap)) for t in totals})
    return tuple(capped) if len(capped) <= MAX_ALLOWED else None


def _multiples(step: Decimal, cap: Decimal) -> tuple[Decimal, ...] | None:
    if step <= 0 or cap / step > MAX_ALLOWED:
        return None
    out, n = [], 0
    while step * n < cap:
        out.append(_q(step * n))
        n += 1
    return (*out, _q(cap))


def _penalty(c: Criterion, field: Criterion | None) -> tuple[Decimal, tuple[Decimal, ...] | None] | None:
    """A penalty criterion's cap and its allowed magnitudes (positive), from the rule's parameters;
    None when the framework declares no cap for it (nor for its field)."""
    p = c.rule.params
    cap = p.cap if p.cap is not None else c.cap if c.cap is not None else field.cap if field else None
    if cap is None:
        return None
    if c.rule.archetype is Archetype.PENALTY_ITEMS and p.per_item:
        return cap, _multiples(p.per_item, cap)
    if c.rule.archetype is Archetype.DEDUCTION:
        amounts = [a for a in (p.contradiction, p.instructions) if a]
        return cap, _sums(amounts, cap) if amounts else None
    return cap, None


def _bounds(c: Criterion, field: Criterion | None) -> tuple[Decimal, Decimal, tuple[Decimal, ...] | None] | None:
    """(low, high, allowed values or None for any in range) of one leaf; None for a penalty without a cap."""
    penalty = c.kind is FieldKind.PENALTY or c.rule.archetype in (Archetype.DEDUCTION, Archetype.PENALTY_ITEMS)
    if penalty:
        found = _penalty(c, field)
        if found is None:
            return None
        cap, magnitudes = found
        allowed = tuple(sorted(-m for m in magnitudes)) if magnitudes else None
        return -cap, Decimal(0), allowed
    top = c.max_score
    if c.rule.archetype in BINARY:
        values = {Decimal(0), top}
        if c.rule.archetype is Archetype.BINARY_BY_DEADLINE and c.rule.params.late_fraction is not None:
            values.add(top * c.rule.params.late_fraction)
        return Decimal(0), top, tuple(sorted(_q(v) for v in values))
    if c.rule.archetype in STEPPED and c.rule.params.steps:
        values = {Decimal(0), *(top * st.fraction for st in c.rule.params.steps)}
        return Decimal(0), top, tuple(sorted(_q(v) for v in values))
    return Decimal(0), top, None


def limits_of(report: Report, framework: Framework | None = None) -> dict[str, Limits]:
    """The bounds of every criterion the council can score (the leaves of the report's tree), from the
    framework the report names. When that framework cannot be read, every leaf is listed but
    ``unavailable``: the form says why and accepts nothing, rather than guess bounds."""
    framework = framework if framework is not None else framework_of(report.framework)
    parents = {p for c in report.criteria if (p := parent_code(c.code)) is not None}
    out: dict[str, Limits] = {}
    for c in report.criteria:
        if c.code in parents or c.rule == "sum":
            continue
        field = c.code.split(".", 1)[0]
        rule = framework.criterion(c.code) if framework is not None else None
        bounds = _bounds(rule, framework.criterion(field)) if rule is not None and framework is not None else None
        if bounds is None:
            out[c.code] = Limits(c.code, c.title, c.max_score, Decimal(0), c.max_score, None, c.suggested_score,
                                 field, unavailable=True)
            continue
        low, high, allowed = bounds
        out[c.code] = Limits(c.code, c.title, c.max_score, low, high, allowed, c.suggested_score, field)
    return out


def stored(text: str | None) -> Decimal | None:
    """A stored score as a number; None for anything not finite. Rows written before scores were
    validated may hold 'NaN' or 'sNaN': they count as unscored, so totals and exports never fail."""
    try:
        value = Decimal(text) if text is not None else None
    except (InvalidOperation, ValueError):
        return None
    return value if value is not None and value.is_finite() else None


def parse_score(raw: str) -> Decimal | None:
    """'0,5' -> Decimal('0.5'); None when it is not a plain decimal number."""
    text = one_line(raw).replace(" ", "")
    if not NUMBER.match(text):
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def shown_values(values: tuple[Decimal, ...], lang: str = "vi") -> str:
    """'0; 0,25; 0,5 hoặc 1' (a semicolon: the decimal comma would make a list of commas ambiguous)."""
    texts = [_fmt(v) if lang != "en" else format(v.normalize(), "f") for v in values]
    last = " hoặc " if lang != "en" else " or "
    return texts[0] if len(texts) == 1 else "; ".join(texts[:-1]) + last + texts[-1]


def check(limits: Limits, raw: str) -> Decimal | RowError:
    """The score, or why it is refused (one line in each language)."""
    code = limits.code
    if limits.unavailable:
        return RowError(code, "Không đọc được khung chấm điểm của báo cáo này (hoặc khung không khai mức trừ "
                              "tối đa): chưa chấm được tiêu chí này",
                        "The report's framework cannot be read (or declares no cap here): this criterion "
                        "cannot be scored yet")
    value = parse_score(raw)
    if value is None:
        return RowError(code, f"'{raw[:20]}' không phải là điểm (ví dụ: 0,5)",
                        f"'{raw[:20]}' is not a score (e.g. 0.5)")
    if value != value.quantize(TWO_PLACES):
        return RowError(code, "Điểm có tối đa 2 chữ số thập phân", "A score has at most 2 decimals")
    if value < limits.low or value > limits.high:
        return RowError(code, f"Điểm phải từ {_fmt(limits.low)} đến {_fmt(limits.high)}",
                        f"The score must be between {limits.low} and {limits.high}")
    if limits.allowed is not None and value not in limits.allowed:
        return RowError(code, f"Tiêu chí này chỉ chấm {shown_values(limits.allowed)}",
                        f"This criterion is scored {shown_values(limits.allowed, 'en')} only")
    return value.quantize(TWO_PLACES)


def latest(session: Session, submission_id: str, round_no: int, *, with_cleared: bool = False
           ) -> dict[str, Appraisal]:
    """The newest entry of each criterion in one appraisal round. A criterion whose newest entry
    cleared its score is left out (it is not scored), unless ``with_cleared``."""
    rows = session.execute(select(Appraisal).where(Appraisal.submission_id == submission_id,
                                                   Appraisal.appraisal_round == round_no)
                           .order_by(Appraisal.id)).scalars()
    newest = {a.criterion: a for a in rows}
    return newest if with_cleared else {k: a for k, a in newest.items() if a.score != CLEARED}


def effective(session: Session, submission_id: str, round_no: int) -> dict[str, Appraisal]:
    """What counts in ``round_no``: its own entries, and for round 2 round 1's where it has none."""
    out = latest(session, submission_id, 1) if round_no >= 2 else {}
    out.update(latest(session, submission_id, round_no))
    return out


def history(session: Session, submission_id: str, criterion: str | None = None) -> list[Appraisal]:
    stmt = select(Appraisal).where(Appraisal.submission_id == submission_id).order_by(Appraisal.id)
    if criterion is not None:
        stmt = stmt.where(Appraisal.criterion == criterion)
    return list(session.execute(stmt).scalars())


def validate(limits: Mapping[str, Limits], entries: Iterable[Entry],
             before: Mapping[str, Appraisal]) -> tuple[list[tuple[Entry, Decimal | None]], list[RowError]]:
    """The entries that change something, with their scores (None: cleared), and every refusal.
    Unknown criteria, and parents, are refused like any bad value. ``before`` holds the scored
    entries only (``latest``): clearing what is not scored changes nothing."""
    changed: list[tuple[Entry, Decimal | None]] = []
    errors: list[RowError] = []
    for e in entries:
        code = one_line(e.criterion)[:32]
        lim = limits.get(code)
        if lim is None:
            errors.append(RowError(code, "Không có tiêu chí này (hoặc là mục cha, tính bằng tổng)",
                                   "No such criterion (or a parent, which is a sum)"))
            continue
        if len(e.opinion) > MAX_OPINION:
            errors.append(RowError(code, f"Ý kiến dài quá {MAX_OPINION} ký tự",
                                   f"The opinion is over {MAX_OPINION} characters"))
            continue
        opinion = e.opinion.strip()
        prior = before.get(code)
        raw = e.score.strip()
        if e.accepted:
            if lim.suggested is None:
                errors.append(RowError(code, "Tiêu chí này không có điểm đề xuất", "No suggested score here"))
                continue
            raw = str(lim.suggested)
        if not raw:
            if e.clear:
                if prior is not None:        # a recorded score cleared: a change like any other
                    changed.append((Entry(code, CLEARED, "", clear=True), None))
                elif opinion:
                    errors.append(RowError(code, "Cần nhập điểm cùng với ý kiến", "Enter a score with the opinion"))
            elif prior is None and opinion:
                errors.append(RowError(code, "Cần nhập điểm cùng với ý kiến", "Enter a score with the opinion"))
            elif prior is not None and opinion != prior.opinion:
                kept = stored(prior.score)
                if kept is None:
                    errors.append(RowError(code, "Cần nhập lại điểm", "Enter the score again"))
                    continue
                changed.append((Entry(code, prior.score, opinion), kept))
            continue
        result = check(lim, raw)
        if isinstance(result, RowError):
            errors.append(result)
            continue
        if prior is not None and stored(prior.score) == result and prior.opinion == opinion:
            continue
        changed.append((Entry(code, raw, opinion, e.accepted), result))
    return changed, errors


def record(session: Session, sub: Submission, principal: Principal, *, round_no: int, version_id: int,
           changes: list[tuple[Entry, Decimal | None]], before: Mapping[str, Appraisal]) -> int:
    """Store the changed rows (one entry and one audit entry each) and return how many."""
    for e, score in changes:
        prior = before.get(e.criterion)
        row = Appraisal(submission_id=sub.id, round_id=version_id, criterion=e.criterion,
                        score=CLEARED if score is None else str(score),
                        opinion=e.opinion, recorded_by=principal.actor, appraisal_round=round_no,
                        previous_score=prior.score if prior else None,
                        previous_opinion=prior.opinion if prior else None, source=_source(e))
        session.add(row)
    session.flush()
    for e, score in changes:
        prior = before.get(e.criterion)
        append(session, Action.APPRAISAL_RECORDED, principal.actor, submission_id=sub.id, unit=sub.unit,
               year=sub.year, criterion=e.criterion,
               details={"round": round_no, "score": None if score is None else str(score), "opinion": e.opinion,
                        "previous": prior.score if prior else None, "source": _source(e)})
    return len(changes)


def _source(e: Entry) -> str:
    return "cleared" if e.clear and not e.score else "accepted" if e.accepted else "entered"


@dataclass(frozen=True)
class CouncilTotal:
    total: Decimal
    scored: int          # criteria with a council score


def totals(values: Mapping[str, Appraisal]) -> CouncilTotal:
    scores = [v for a in values.values() if (v := stored(a.score)) is not None]
    return CouncilTotal(sum(scores, Decimal(0)), len(scores))


def field_totals(values: Mapping[str, Appraisal]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(Decimal)
    for code, a in values.items():
        out[code.split(".", 1)[0]] += stored(a.score) or Decimal(0)
    return dict(out)


def council_totals(session: Session, submission_ids: list[str]) -> dict[str, dict[int, CouncilTotal]]:
    """Round 1 and round 2 council totals of many dossiers in one query (the dashboard)."""
    if not submission_ids:
        return {}
    newest = (select(func.max(Appraisal.id)).where(Appraisal.submission_id.in_(submission_ids))
              .group_by(Appraisal.submission_id, Appraisal.appraisal_round, Appraisal.criterion))
    rows = session.execute(select(Appraisal.submission_id, Appraisal.appraisal_round, Appraisal.criterion,
                                  Appraisal.score).where(Appraisal.id.in_(newest))).all()
    by_round: dict[str, dict[int, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for sid, rnd, code, score in rows:
        value = stored(score)
        if value is not None:
            by_round[sid][int(rnd)][code] = value
    out: dict[str, dict[int, CouncilTotal]] = {}
    for sid, rounds in by_round.items():
        first = rounds.get(1, {})
        second = {**first, **rounds.get(2, {})}
        out[sid] = {1: CouncilTotal(sum(first.values(), Decimal(0)), len(first))}
        if 2 in rounds:
            out[sid][2] = CouncilTotal(sum(second.values(), Decimal(0)), len(second))
    return out


def scored_dossiers(session: Session, sub: Submission) -> bool:
    return session.execute(select(Appraisal.id).where(Appraisal.submission_id == sub.id).limit(1)).first() is not None
