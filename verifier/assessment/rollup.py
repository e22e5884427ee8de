"""Does the table add up? Every parent equals the sum of its children, up to the grand total.

Each parent is compared with its direct children's *stated* values, so one wrong cell is reported
once, where it is, and not again at every level above it. Rules (domain.md 0.2):

* fields add up to the "Tổng điểm" row; a penalty field subtracts;
* a not-assessed criterion keeps its place in its parent's nominal maximum (1.6 still shows 7) but
  its maximum leaves the grand total (100 -> 97);
* scores are rounded to 2 decimals, so a difference of up to 0.01 is not a mismatch.

Which fields are bonus or penalty fields is the framework's (``kinds``: field code -> "score" |
"bonus" | "penalty", from its ``kind:`` keys); without it every field adds. A bonus field is capped
at its maximum and stays out of the total maximum, a penalty field subtracts, and neither needs its
children to add up to its maximum.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal

from verifier.assessment.model import AssessmentTable, Row, TableProblem
from verifier.assessment.numbers import format_number

TOLERANCE = Decimal("0.01")

_Getter = Callable[[Row], Decimal | None]
_COLUMNS: tuple[tuple[str, _Getter], ...] = (
    ("Điểm tối đa", lambda r: r.max_score),
    ("Tự đánh giá", lambda r: r.self_score),
    ("Thẩm định", lambda r: r.appraisal),
)


def _parent(code: str) -> str:
    return code.rpartition(".")[0]


def _mismatch(label: str, where: str, row: Row, stated: Decimal, parts: Decimal, what: str,
              missing: Sequence[str], note: str = "") -> TableProblem:
    text = (f"«{label}» của {where} ghi {format_number(stated)} nhưng tổng {what} là "
            f"{format_number(parts)}")
    if missing:
        text += f" (thiếu điểm của {', '.join(missing)}; phần chênh lệch là {format_number(stated - parts)})"
    if note:
        text += f" ({note})"
    return TableProblem("rollup_mismatch", text, row.line, row.code)


def _check_parents(rows: Sequence[Row], kinds: Mapping[str, str]) -> list[TableProblem]:
    by_code: dict[str, Row] = {}
    for r in rows:
        by_code.setdefault(r.code, r)
    children: dict[str, list[Row]] = {}
    for r in by_code.values():
        if _parent(r.code) in by_code:
            children.setdefault(_parent(r.code), []).append(r)
    problems: list[TableProblem] = []
    for code, kids in children.items():
        parent = by_code[code]
        capped = kinds.get(code.split(".")[0], "score") != "score"
        for label, get in _COLUMNS:
            if capped and label == "Điểm tối đa":
                continue   # a bonus or penalty field's maximum is its cap, not its children's sum
            stated = get(parent)
            values = [get(k) for k in kids]
            present = [v for v in values if v is not None]
            if stated is None or not present:
                continue
            if label == "Thẩm định" and len(present) < len(values):
                continue  # the council has not appraised every child yet; nothing to compare
            parts = sum(present, Decimal(0))
            # a bonus field counts at most its maximum; a penalty field's maximum (0) is no bound
            if kinds.get(code.split(".")[0]) == "bonus" and parent.max_score is not None and parts > 0:
                parts = min(parts, parent.max_score)
            if abs(stated - parts) > TOLERANCE:
                missing = [k.code for k, v in zip(kids, values, strict=True) if v is None]
                problems.append(_mismatch(label, code, parent, stated, parts, "các tiêu chí con", missing))
    return problems


def _top_most(codes: Collection[str]) -> list[str]:
    """Drop codes whose ancestor is also listed (its maximum already leaves the total)."""
    def ancestors(code: str) -> list[str]:
        parts = code.split(".")
        return [".".join(parts[:i]) for i in range(1, len(parts))]
    return [c for c in dict.fromkeys(codes) if not any(a in codes for a in ancestors(c))]


def _check_total(table: AssessmentTable, not_assessed: Collection[str],
                 kinds: Mapping[str, str]) -> list[TableProblem]:
    total = table.total
    fields = [r for r in table.rows if r.depth == 1]
    problems: list[TableProblem] = []
    known = {r.code: r for r in table.rows}
    for code in not_assessed:
        if code not in known:
            problems.append(TableProblem(
                "unknown_code", f"Tiêu chí không đánh giá {code} không có trong bảng",
                total.line if total else 0, code))
    if total is None or not fields:
        return problems
    removed = [known[c] for c in _top_most([c for c in not_assessed if c in known])]
    for label, get in _COLUMNS:
        stated = get(total)
        values = [get(f) for f in fields]
        if stated is None or all(v is None for v in values):
            continue
        if label == "Thẩm định" and any(v is None for v in values):
            continue
        parts = Decimal(0)
        for f, v in zip(fields, values, strict=True):
            kind = kinds.get(f.code, "score")
            if v is None or (kind == "bonus" and label == "Điểm tối đa"):
                continue
            parts += -abs(v) if kind == "penalty" and label != "Điểm tối đa" else v
        note = ""
        if label == "Điểm tối đa" and removed:
            cut = sum((r.max_score or Decimal(0) for r in removed), Decimal(0))
            note = (f"{format_number(parts)} trừ {format_number(cut)} điểm của tiêu chí không đánh giá "
                    f"{', '.join(r.code for r in removed)}")
            parts -= cut
        if abs(stated - parts) > TOLERANCE:
            missing = [f.code for f, v in zip(fields, values, strict=True) if v is None]
            problems.append(_mismatch(label, "Tổng điểm", total, stated, parts, "các lĩnh vực", missing,
                                      note))
    return problems


def check_rollup(table: AssessmentTable, not_assessed: Collection[str] = (),
                 kinds: Mapping[str, str] | None = None) -> tuple[TableProblem, ...]:
    """Every roll-up mismatch of the table, as "rollup_mismatch" problems in line order."""
    known = dict(kinds or {})
    problems = _check_parents(table.rows, known) + _check_total(table, frozenset(not_assessed), known)
    return tuple(sorted(problems, key=lambda p: p.line))
