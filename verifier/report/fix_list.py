"""The unit's "what to fix" list: only what the unit itself can act on, grouped by field, most points
at stake first, in plain Vietnamese.

What a unit can act on: a document missing, late, of the wrong type or outside the period, a figure
that does not add up or differs from its document, a file it named but did not upload, a file that
cannot be read, its own table's gaps. What it cannot: a criterion left to the council's judgement
(manual review, low reading confidence, a date on an ambiguous boundary) and the deductions of the
field "ĐIỂM TRỪ" — 9.1 is the council's decision, offered to the council as a possibility
(:func:`deduction_notes`), never put to the unit as an accusation. Criteria that pass appear only
for a warning the unit can fix (a missing cell of its table); notes (severity info) never do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from verifier.results import CriterionResult, Finding, FindingKind, Report, Severity, Status

ACTIONABLE = frozenset({
    FindingKind.MISSING_EVIDENCE, FindingKind.LATE, FindingKind.WRONG_PERIOD, FindingKind.CLAIM_MISMATCH,
    FindingKind.UNVERIFIED_CLAIM, FindingKind.UNREADABLE, FindingKind.WRONG_TYPE, FindingKind.SCORE_MISMATCH,
    FindingKind.ARITHMETIC_ERROR, FindingKind.DUPLICATE_EVIDENCE, FindingKind.MISSING_CONTENT,
    FindingKind.TABLE_ERROR, FindingKind.ROLLUP_MISMATCH, FindingKind.UNKNOWN_ATTACHMENT, FindingKind.ESTIMATE,
    FindingKind.UNASSIGNED_FILE, FindingKind.BACKDATED, FindingKind.ALTERED_AFTER_SIGNING,
    FindingKind.SIGNER_MISMATCH, FindingKind.CONFLICTING_COPIES,
})
# What to do, in the unit's words (the finding's own message says about which document).
ACTION: dict[FindingKind, tuple[str, str]] = {
    FindingKind.MISSING_EVIDENCE: ("Bổ sung tài liệu còn thiếu", "Add the missing document"),
    FindingKind.LATE: ("Tài liệu ban hành sau thời hạn", "The document was issued after its deadline"),
    FindingKind.WRONG_PERIOD: ("Cập nhật số liệu đúng kỳ đánh giá", "Use figures of the assessed period"),
    FindingKind.CLAIM_MISMATCH: ("Giải trình chưa khớp với tài liệu", "The explanation differs from the document"),
    FindingKind.UNVERIFIED_CLAIM: ("Bổ sung tài liệu cho nội dung đã giải trình",
                                   "Add the document the explanation mentions"),
    FindingKind.UNREADABLE: ("Tải lại tệp đọc được", "Upload a readable copy"),
    FindingKind.WRONG_TYPE: ("Bổ sung đúng loại văn bản", "Add a document of the required type"),
    FindingKind.SCORE_MISMATCH: ("Xem lại điểm tự chấm", "Review the self score"),
    FindingKind.ARITHMETIC_ERROR: ("Sửa lại số liệu tính toán", "Correct the arithmetic"),
    FindingKind.DUPLICATE_EVIDENCE: ("Bỏ tệp trùng", "Remove the duplicate file"),
    FindingKind.MISSING_CONTENT: ("Bổ sung nội dung còn thiếu", "Add the missing content"),
    FindingKind.TABLE_ERROR: ("Sửa bảng tự đánh giá", "Correct the self-assessment table"),
    FindingKind.ROLLUP_MISMATCH: ("Sửa điểm tổng của mục", "Correct the section total"),
    FindingKind.UNKNOWN_ATTACHMENT: ("Tải lên tệp đã nêu trong giải trình", "Upload the file the table names"),
    FindingKind.ESTIMATE: ("Thay số ước tính bằng số thực hiện", "Replace estimates with actual figures"),
    FindingKind.UNASSIGNED_FILE: ("Đặt tệp vào đúng tiêu chí", "File the document under its criterion"),
    FindingKind.BACKDATED: ("Giải trình thời gian ký số của văn bản", "Explain when the document was signed"),
    FindingKind.ALTERED_AFTER_SIGNING: ("Nộp lại bản gốc tải từ hệ thống quản lý văn bản",
                                        "Upload the original from the document management system"),
    FindingKind.SIGNER_MISMATCH: ("Kiểm tra cơ quan ký số văn bản", "Check which body signed the document"),
    FindingKind.CONFLICTING_COPIES: ("Giữ lại đúng bản đã ban hành", "Keep only the copy that was issued"),
}
_KIND_CODE = re.compile(r"\b(" + "|".join(k.value for k in FindingKind) + r")\b")
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Problem:
    kind: FindingKind
    action: str                       # what to do, plain words
    message: str                      # the finding's own sentence, without internal codes
    file: str | None
    page: int | None


@dataclass(frozen=True)
class FixItem:
    code: str
    title: str
    points: Decimal                   # self score the evidence does not support (0 when none)
    status: Status
    findings: tuple[Finding, ...]     # the actionable findings, worst first
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class FixGroup:
    code: str                         # the field's code ("1"), or "" for the dossier as a whole
    title: str
    points: Decimal
    items: tuple[FixItem, ...]


def parent_code(code: str) -> str | None:
    """'1.1.1' -> '1.1'; '1' -> None."""
    return code.rsplit(".", 1)[0] if "." in code else None


def points_at_stake(c: CriterionResult) -> Decimal:
    """What the unit loses if it submits as is: its self score above the suggested one. A criterion
    left to the council (no suggested score) has nothing at stake the unit can fix."""
    if c.self_score is not None and c.status is Status.NO_EVIDENCE:
        return c.self_score        # nothing backs it: the council may give nothing without evidence
    if c.self_score is None or c.suggested_score is None:
        return Decimal(0)
    return max(c.self_score - c.suggested_score, Decimal(0))


def plain(text: str, lang: str = "vi") -> str:
    """A finding's sentence with any internal code replaced by its name."""
    from verifier.report.messages import kind_label

    return _KIND_CODE.sub(lambda m: kind_label(FindingKind(m.group(1)), lang).lower(), text)


def _problem(f: Finding, lang: str) -> Problem:
    pair = ACTION[f.kind]
    return Problem(f.kind, pair[1] if lang == "en" else pair[0], plain(f.message, lang), f.file, f.page)


def _actionable(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    kept = [f for f in findings if f.kind in ACTIONABLE and f.severity is not Severity.INFO]
    return tuple(sorted(kept, key=lambda f: _SEVERITY_ORDER[f.severity]))


def _deduction_codes(report: Report) -> set[str]:
    deducted = {d.code for d in report.deductions}
    return {c.code for c in report.criteria if c.rule == "deduction" or c.kind == "penalty" or c.code in deducted}


def fix_list(report: Report, lang: str = "vi") -> tuple[FixItem, ...]:
    """Criteria with something the unit can fix, most points at stake first."""
    parents = {p for c in report.criteria if (p := parent_code(c.code)) is not None}
    skipped = _deduction_codes(report)
    order = {c.code: i for i, c in enumerate(report.criteria)}
    items: list[FixItem] = []
    for c in report.criteria:
        if c.status is Status.NOT_APPLICABLE or c.code in skipped:
            continue
        found = _actionable(c.findings)
        leaf = c.code not in parents
        if not found:
            continue
        points = points_at_stake(c) if leaf else Decimal(0)
        items.append(FixItem(c.code, c.title, points, c.status, found, tuple(_problem(f, lang) for f in found)))
    items.sort(key=lambda it: (-it.points, _SEVERITY_ORDER[it.findings[0].severity], order[it.code]))
    return tuple(items)


def fix_groups(report: Report, lang: str = "vi") -> tuple[FixGroup, ...]:
    """The list grouped by field, fields with most points at stake first; findings about the dossier
    as a whole (a file that cannot be read, the table) come first, under the code ""."""
    titles = {c.code: c.title for c in report.criteria}
    groups: dict[str, list[FixItem]] = {}
    for it in fix_list(report, lang):
        groups.setdefault(it.code.split(".", 1)[0], []).append(it)
    out = [FixGroup(code, titles.get(code, code), sum((i.points for i in its), Decimal(0)), tuple(its))
           for code, its in groups.items()]
    out.sort(key=lambda g: (-g.points, [int(p) if p.isdigit() else 0 for p in g.code.split(".")]))
    general = _actionable(report.findings)
    if general:
        whole = "Toàn hồ sơ" if lang != "en" else "The dossier as a whole"
        item = FixItem("", whole, Decimal(0), Status.FAIL, general, tuple(_problem(f, lang) for f in general))
        out.insert(0, FixGroup("", whole, Decimal(0), (item,)))
    return tuple(out)


def deduction_notes(report: Report, lang: str = "vi") -> tuple[str, ...]:
    """The deductions the check suggests, worded for the council as possibilities:
    "Có thể bị trừ theo mục 9.1 vì …; Hội đồng xem xét"."""
    notes = []
    for d in report.deductions:
        reasons = "; ".join(plain(r, lang) for r in d.reasons)
        points = format(abs(d.points).normalize(), "f").replace(".", "," if lang != "en" else ".")
        if lang == "en":
            notes.append(f"May be deducted {points} under {d.code} because: {reasons}. For the council to decide.")
        else:
            notes.append(f"Có thể bị trừ {points} điểm theo mục {d.code} vì: {reasons}. Hội đồng xem xét, quyết định.")
    return tuple(notes)
