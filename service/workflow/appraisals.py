"""The council's own column: validated scores, recorded only when they change, with who, when and
the previous value.

Nothing is pre-filled: a criterion has a council score only once a member typed one or pressed
"Đồng ý đề xuất" for it. A score is refused, beside its field, unless it is a plain decimal number
("0,5" or "0.5"; no NaN, infinity or exponent), has at most two decimals, lies between the
criterion's bounds and is a value its archetype can give:

* ``binary_by_deadline``, ``hard_threshold``, ``no_violation``: 0 or the maximum;
* a deduction (field "ĐIỂM TRỪ", archetype ``deduction``): from minus its cap to 0, the cap read
  from the title's "trừ … điểm" amounts (1 point when the title names none);
* every other leaf: from 0 to the maximum;
* a parent (``sum``): never entered, it is the sum of its children.

Round 2 starts from round 1: a criterion not re-appraised in round 2 keeps its round-1 score in the
round-2 total.
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
from verifier.assessment.table import is_deduction_field
from verifier.report.fix_list import parent_code
from verifier.results import Report
from verifier.text import fold, one_line

NUMBER = re.compile(r"^[+-]?\d{1,3}(?:[.,]\d+)?$")
TWO_PLACES = Decimal("0.01")
BINARY = frozenset({"binary_by_deadline", "hard_threshold", "no_violation"})
MAX_OPINION = 5000


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


def _deduction_cap(title: str) -> Decimal:
    text = fold(title)
    capped = re.search(r"toi da (?:tru )?(\d+(?:[.,]\d+)?) diem", text)
    if capped:
        return Decimal(capped.group(1).replace(",", "."))
    amounts = [Decimal(a.replace(",", ".")) for a in re.findall(r"tru (\d+(?:[.,]\d+)?) diem", text)]
    return sum(amounts, Decimal(0)) or Decimal(1)


def limits_of(report: Report) -> dict[str, Limits]:
    """The bounds of every criterion the council can score (the leaves of the report's tree)."""
    parents = {p for c in report.criteria if (p := parent_code(c.code)) is not None}
    titles = {c.code: c.title for c in report.criteria}
    out: dict[str, Limits] = {}
    for c in report.criteria:
        if c.code in parents or c.rule == "sum":
            continue
        field = c.code.split(".", 1)[0]
        deduction = c.rule == "deduction" or is_deduction_field(titles.get(field, ""))
        if deduction:
            low, high, allowed = -_deduction_cap(c.title), Decimal(0), None
        elif c.rule in BINARY:
            low, high, allowed = Decimal(0), c.max_score, (Decimal(0), c.max_score)
        else:
            low, high, allowed = Decimal(0), c.max_score, None
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


def check(limits: Limits, raw: str) -> Decimal | RowError:
    """The score, or why it is refused (one line in each language)."""
    value = parse_score(raw)
    code = limits.code
    if value is None:
        return RowError(code, f"'{raw[:20]}' không phải là điểm (ví dụ: 0,5)",
                        f"'{raw[:20]}' is not a score (e.g. 0.5)")
    if value != value.quantize(TWO_PLACES):
        return RowError(code, "Điểm có tối đa 2 chữ số thập phân", "A score has at most 2 decimals")
    if value < limits.low or value > limits.high:
        return RowError(code, f"Điểm phải từ {_fmt(limits.low)} đến {_fmt(limits.high)}",
                        f"The score must be between {limits.low} and {limits.high}")
    if limits.allowed is not None and value not in limits.allowed:
        shown = " hoặc ".join(_fmt(v) for v in limits.allowed)
        return RowError(code, f"Tiêu chí này chỉ chấm {shown}",
                        f"This criterion is scored {' or '.join(str(v) for v in limits.allowed)} only")
    return value.quantize(TWO_PLACES)


def latest(session: Session, submission_id: str, round_no: int) -> dict[str, Appraisal]:
    """The newest entry of each criterion in one appraisal round."""
    rows = session.execute(select(Appraisal).where(Appraisal.submission_id == submission_id,
                                                   Appraisal.appraisal_round == round_no)
                           .order_by(Appraisal.id)).scalars()
    return {a.criterion: a for a in rows}


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
             before: Mapping[str, Appraisal]) -> tuple[list[tuple[Entry, Decimal]], list[RowError]]:
    """The entries that change something, with their scores, and every refusal. Unknown criteria,
    and parents, are refused like any bad value."""
    changed: list[tuple[Entry, Decimal]] = []
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
            if prior is None and opinion:
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
           changes: list[tuple[Entry, Decimal]], before: Mapping[str, Appraisal]) -> int:
    """Store the changed rows (one entry and one audit entry each) and return how many."""
    for e, score in changes:
        prior = before.get(e.criterion)
        row = Appraisal(submission_id=sub.id, round_id=version_id, criterion=e.criterion, score=str(score),
                        opinion=e.opinion, recorded_by=principal.actor, appraisal_round=round_no,
                        previous_score=prior.score if prior else None,
                        previous_opinion=prior.opinion if prior else None,
                        source="accepted" if e.accepted else "entered")
        session.add(row)
    session.flush()
    for e, score in changes:
        prior = before.get(e.criterion)
        append(session, Action.APPRAISAL_RECORDED, principal.actor, submission_id=sub.id, unit=sub.unit,
               year=sub.year, criterion=e.criterion,
               details={"round": round_no, "score": str(score), "opinion": e.opinion,
                        "previous": prior.score if prior else None,
                        "source": "accepted" if e.accepted else "entered"})
    return len(changes)


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
