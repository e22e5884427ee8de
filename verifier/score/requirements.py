"""Checking the documents a criterion requires: present, of the right kind, in period, on time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from verifier.match.documents import DocView, Fit, fit
from verifier.results import Finding, FindingKind, Severity
from verifier.rules.model import DeadlineMode, Requirement
from verifier.score.integrity import backdated_finding, gap_days, signed_on
from verifier.score.wording import doc_label, fill, sentence, vn_date


@dataclass(frozen=True)
class RequirementOutcome:
    requirement: Requirement
    met: bool
    used: tuple[DocView, ...]
    findings: tuple[Finding, ...]
    missing: bool = False           # nothing on topic at all (as opposed to wrong/late)


def _finding(kind: FindingKind, severity: Severity, message: str, code: str,
             view: DocView | None = None) -> Finding:
    return Finding(kind, severity, message, criterion=code, file=view.file if view else None,
                   page=view.pages[0] if view else None, document=view.number if view else None,
                   date=view.date if view else None, pages=view.page_range if view else None)


def view_label(v: DocView, *, dated: bool = True) -> str:
    """'văn bản số 363/BC-UBND ngày 14/09/2023', naming the file and pages when it is one of
    several documents in a file ('… (evidence/1.2.1/TLKC.pdf, tr. 3–4)')."""
    text = doc_label(v.number, v.date if dated else None, v.file)
    if not v.in_bundle:
        return text
    return f"{text} ({v.where})" if v.number else f"tài liệu tại {v.where}"


def check_requirement(req: Requirement, pool: Sequence[DocView], code: str, year: int,
                      cited: Sequence[str] = (), elsewhere: str = "", *, tolerance: int = 3) -> RequirementOutcome:
    """``cited``: numbers the explanation cites, named in the message when the document is missing;
    ``elsewhere``: a note naming cited documents filed for another criterion; ``tolerance``: days a
    document may be signed after its printed date (the framework's signing_tolerance_days)."""
    label = fill(req.label, year)
    verdicts = [(v, fit(req, v, year)) for v in pool]
    fits = [v for v, f in verdicts if f is Fit.FITS]
    if not fits:
        wrong = [(v, f) for v, f in verdicts if f in (Fit.WRONG_TYPE, Fit.WRONG_ISSUER)]
        if wrong:
            return RequirementOutcome(req, False, (), tuple(_wrong(req, v, f, code, label) for v, f in wrong))
        if not req.required:
            msg = f"Chưa thấy {label}; Hội đồng xem xét có cần bổ sung không."
            return RequirementOutcome(req, True, (), (_finding(FindingKind.MANUAL_CHECK, Severity.INFO, msg, code),))
        named = f" (giải trình nêu {', '.join(cited)} nhưng không có trong tài liệu tải lên)" if cited else ""
        msg = f"Thiếu {label}{named}{elsewhere}. Đề nghị tải lên văn bản này vào thư mục evidence/{code}/."
        return RequirementOutcome(req, False, (), (_finding(FindingKind.MISSING_EVIDENCE, Severity.ERROR, msg,
                                                            code),), missing=True)
    findings: list[Finding] = []
    in_period = [v for v in fits if _in_period(req, v, year)]
    if not in_period:
        start, end = req.period.resolve(year) if req.period else (None, None)
        for v in fits:
            findings.append(_finding(FindingKind.WRONG_PERIOD, Severity.ERROR,
                                     f"{sentence(view_label(v))} nằm ngoài kỳ đánh giá "
                                     f"({vn_date(start)} – {vn_date(end)}); đề nghị nộp {label} của kỳ đánh giá.",
                                     code, v))
        return RequirementOutcome(req, False, (), tuple(findings))
    backdated = _signing_checks(req, in_period, year, tolerance, code, findings)
    on_time, boundary, late, undated = _by_deadline(req, [v for v in in_period if v not in backdated], year)
    used = on_time or boundary or undated
    for v in undated:
        findings.append(_finding(FindingKind.LOW_CONFIDENCE, Severity.WARNING,
                                 f"Không đọc được ngày ban hành của {view_label(v, dated=False)}; "
                                 "Hội đồng kiểm tra thời hạn trên bản gốc.", code, v))
    if not on_time and boundary and req.deadline is not None:
        for v in boundary:
            findings.append(_finding(
                FindingKind.BOUNDARY_DATE, Severity.WARNING,
                f"{sentence(view_label(v))} ban hành đúng ngày hạn cuối "
                f"({req.deadline.text or vn_date(v.date)}); cách hiểu 'trước ngày' cần Hội đồng xác nhận.", code, v))
    if not used:
        deadline = req.deadline.date.resolve(year) if req.deadline else None
        for v in late:
            text = f" ({req.deadline.text})" if req.deadline and req.deadline.text else ""
            findings.append(_finding(FindingKind.LATE, Severity.ERROR,
                                     f"{sentence(view_label(v))} ban hành sau thời hạn "
                                     f"{vn_date(deadline)}{text}.", code, v))
        return RequirementOutcome(req, False, (), tuple(findings))
    if len(used) < req.count:
        findings.append(_finding(FindingKind.MISSING_EVIDENCE, Severity.ERROR,
                                 f"Cần ít nhất {req.count} {label}, mới có {len(used)}. Đề nghị bổ sung.", code))
        return RequirementOutcome(req, False, tuple(used), tuple(findings))
    for v in used:
        if v.low_confidence:
            findings.append(_finding(FindingKind.LOW_CONFIDENCE, Severity.WARNING,
                                     f"{sentence(', '.join(v.low_confidence))} của "
                                     f"{view_label(v)} đọc chưa chắc chắn; "
                                     "Hội đồng đối chiếu bản gốc.", code, v))
    return RequirementOutcome(req, True, tuple(used), tuple(findings))


def _wrong(req: Requirement, v: DocView, f: Fit, code: str, label: str) -> Finding:
    what = sentence(view_label(v))
    if f is Fit.WRONG_ISSUER:
        who = req.issuer.label if req.issuer and req.issuer.label else "cơ quan có thẩm quyền"
        msg = f"{what} không do {who} ban hành nên không được tính; đề nghị bổ sung {label}."
    else:
        kinds = ", ".join(req.types) or "?"
        msg = (f"{what} là loại {v.type_code or '?'}, không phải loại văn bản được chấp nhận ({kinds}); "
               f"đề nghị bổ sung {label}.")
    return _finding(FindingKind.WRONG_TYPE, Severity.ERROR, msg, code, v)


def _in_period(req: Requirement, v: DocView, year: int) -> bool:
    if req.period is None or v.date is None:
        return True
    start, end = req.period.resolve(year)
    return start <= v.date <= end


def _judge(req: Requirement, date: dt.date, deadline: dt.date | None) -> str:
    """'on_time', 'boundary' (on an ambiguously worded deadline day) or 'late'."""
    if deadline is None or date < deadline:
        return "on_time"
    if date == deadline and req.deadline is not None:
        return {DeadlineMode.ON_OR_BEFORE: "on_time", DeadlineMode.AMBIGUOUS: "boundary"}.get(req.deadline.mode, "late")
    return "late"


def _signing_checks(req: Requirement, views: Sequence[DocView], year: int, tolerance: int, code: str,
                    findings: list[Finding]) -> list[DocView]:
    """Documents whose signing time, not their printed date, decides the deadline (integrity.py):
    signed more than ``tolerance`` days after the printed date and too late that way. They are
    ``backdated`` errors and do not count; lesser gaps are noted as information."""
    deadline = req.deadline.date.resolve(year) if req.deadline else None
    out: list[DocView] = []
    for v in views:
        gap, signed = gap_days(v), signed_on(v)
        if gap is None or signed is None or v.date is None or gap <= 0:
            continue
        printed_ok = _judge(req, v.date, deadline) != "late"
        misses = printed_ok and _judge(req, signed, deadline) == "late"
        if gap > tolerance and misses:
            out.append(v)
            findings.append(backdated_finding(v, code, deadline, misses=True, label=sentence(view_label(v))))
        elif gap > tolerance or misses:
            findings.append(backdated_finding(v, code, deadline, misses=False, label=sentence(view_label(v))))
    return out


def _by_deadline(req: Requirement, views: Sequence[DocView], year: int) -> tuple[
        list[DocView], list[DocView], list[DocView], list[DocView]]:
    on_time: list[DocView] = []
    boundary: list[DocView] = []
    late: list[DocView] = []
    undated: list[DocView] = []
    deadline: dt.date | None = req.deadline.date.resolve(year) if req.deadline else None
    for v in views:
        if v.date is None:
            undated.append(v)
        elif deadline is None or v.date < deadline:
            on_time.append(v)
        elif v.date == deadline and req.deadline is not None:
            mode = req.deadline.mode
            if mode is DeadlineMode.ON_OR_BEFORE:
                on_time.append(v)
            elif mode is DeadlineMode.AMBIGUOUS:
                boundary.append(v)
            else:
                late.append(v)
        else:
            late.append(v)
    return on_time, boundary, late, undated
