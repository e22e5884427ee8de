"""What the explanation claims, held against the evidence: cited documents and declared figures.

* Every cited document is looked up among all the evidence (number + symbol, then date).
* Every declared percentage is recomputed from its ratio ("1/32 = 8,68%" is 3,125%).
* Estimates ("ước thực hiện") are not actuals and do not feed a score (domain.md (d)).
* When the province's system has a figure for the criterion, the system figure is scored and a
  declared figure that differs from it is a contradiction (7.3.2: 19/86 declared, 5/48 system).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from verifier.assessment.claims import Figure
from verifier.identify.model import Citation
from verifier.match.cited import DocIndex, Lookup
from verifier.match.documents import DocView
from verifier.match.stats import SystemFigure
from verifier.results import Finding, FindingKind, Severity
from verifier.score.archetypes import q2
from verifier.score.wording import vn_date, vn_num
from verifier.text import fold

_ESTIMATE = re.compile(r"(?<!\w)(uoc thuc hien|uoc tinh|uoc dat|du kien|uoc)(?!\w)")
_BASIS = re.compile(r"(?<!\w)(theo|can cu|tai|thuc hien|huong dan cua)(?:\s+\S+){0,2}\s*$")
_CLAUSE_END = re.compile(r"\.(?=\s)|[;:\n]|\s-\s")
SUBJECT_CHARS = 160
_WINDOW = re.compile(r"từ\s+ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})\s+(?:đến|tới)\s+(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})",
                     re.I)


@dataclass(frozen=True)
class CitationCheck:
    citation: Citation
    result: Lookup
    file: str | None
    finding: Finding | None
    view: DocView | None = None       # the document found (inside its file, when a bundle)


def check_citations(text: str, citations: Sequence[Citation], index: DocIndex, code: str) -> tuple[
        CitationCheck, ...]:
    """One check per distinct cited document (same number and date cited twice counts once)."""
    seen: set[tuple[str, dt.date | None]] = set()
    out: list[CitationCheck] = []
    folded = fold(text)
    for c in citations:
        key = (c.number.text, c.date)
        if key in seen:
            continue
        seen.add(key)
        found = index.lookup(c, subject_after(text, c))
        view = found.view
        ref = _ref(c)
        finding: Finding | None = None
        if found.result is Lookup.DATE_DIFFERS and view is not None:
            finding = _on(view, FindingKind.CLAIM_MISMATCH, Severity.ERROR, code,
                          f"Giải trình nêu {ref} nhưng văn bản tải lên ({view.where}) ghi ngày "
                          f"{vn_date(view.date)}. Đề nghị sửa giải trình hoặc tải đúng văn bản.")
        elif found.result is Lookup.TYPE_DIFFERS and view is not None:
            finding = _on(view, FindingKind.CLAIM_MISMATCH, Severity.WARNING, code,
                          f"Giải trình nêu {ref} nhưng văn bản tải lên ({view.where}) là loại "
                          f"{view.type_code}. Đề nghị kiểm tra lại.")
        elif found.result is Lookup.NUMBER_DIFFERS and view is not None:
            finding = _on(view, FindingKind.CLAIM_MISMATCH, Severity.ERROR, code,
                          f"Giải trình nêu {ref} nhưng văn bản tải lên cùng ngày, cùng nội dung ({view.where}) "
                          f"mang số {view.number}, không phải {c.number.text}. Đề nghị sửa giải trình hoặc "
                          "tải đúng văn bản.")
        elif found.result is Lookup.NOT_FOUND:
            basis = _is_basis(folded, c)
            finding = Finding(FindingKind.UNVERIFIED_CLAIM, Severity.INFO if basis else Severity.WARNING,
                              f"Giải trình nêu {ref} nhưng không có văn bản này trong tài liệu kiểm chứng"
                              + ("" if basis else "; đề nghị tải lên văn bản này."),
                              criterion=code, document=c.number.text, date=c.date)
        out.append(CitationCheck(c, found.result, view.file if view else None, finding, view))
    return tuple(out)


def _on(view: DocView, kind: FindingKind, severity: Severity, code: str, message: str) -> Finding:
    return Finding(kind, severity, message, criterion=code, file=view.file, page=view.pages[0],
                   document=view.number, date=view.date, pages=view.page_range)


def subject_after(text: str, c: Citation) -> str:
    """What the explanation says the cited document is about: the words after the citation up to
    the end of its clause ("… ngày 10/3/2023 về tuyên truyền cải cách hành chính năm 2023;")."""
    at = text.find(c.source) if c.source else -1
    if at < 0:
        return ""
    rest = text[at + len(c.source):at + len(c.source) + SUBJECT_CHARS]
    end = _CLAUSE_END.search(rest)
    return rest[:end.start()] if end else rest


def _ref(c: Citation) -> str:
    kind = c.type_name or "văn bản"
    return f"{kind} số {c.number.text}" + (f" ngày {vn_date(c.date)}" if c.date else "")


def _is_basis(folded: str, c: Citation) -> bool:
    """A document cited as the basis ('theo Hướng dẫn số 01/HD-SNV'), not offered as evidence."""
    source = fold(c.source)
    at = folded.find(source) if source else -1
    if at < 0:
        at = folded.find(fold(c.number.text))
    if at < 0:
        return False
    return bool(_BASIS.search(folded[max(0, at - 40):at]))


def is_estimate(text: str, figure: Figure) -> bool:
    """The clause holding the figure says it is an estimate ('ước thực hiện … đạt 100%')."""
    before = text[:figure.start]
    ends = list(_CLAUSE_END.finditer(before))
    clause = before[ends[-1].end():] if ends else before
    return bool(_ESTIMATE.search(fold(clause + figure.text)))


def declared_percent(f: Figure) -> Decimal | None:
    return f.percent if f.percent is not None else f.computed_percent


def arithmetic_findings(figures: Sequence[Figure], code: str) -> tuple[Finding, ...]:
    out = []
    for f in figures:
        if f.consistent is False and f.computed_percent is not None:
            out.append(Finding(FindingKind.ARITHMETIC_ERROR, Severity.ERROR,
                               f"Giải trình ghi «{f.text}» nhưng {vn_num(f.numerator)}/{vn_num(f.denominator)} = "
                               f"{vn_num(q2(f.computed_percent))}%. Đề nghị sửa lại số liệu.", criterion=code))
    return tuple(out)


def estimate_findings(estimates: Sequence[Figure], code: str) -> tuple[Finding, ...]:
    return tuple(Finding(FindingKind.ESTIMATE, Severity.WARNING,
                         f"«{f.text}» là số ước tính, không phải số thực hiện; đề nghị cung cấp số liệu thực hiện "
                         "có tài liệu kiểm chứng (báo cáo chính thức).", criterion=code) for f in estimates)


def choose_declared(text: str, figures: Sequence[Figure]) -> tuple[Figure | None, tuple[Figure, ...]]:
    """The figure a score would rest on (the last actual one) and the estimates set aside."""
    estimates = tuple(f for f in figures if is_estimate(text, f))
    actual = [f for f in figures if f not in estimates and declared_percent(f) is not None]
    return (actual[-1] if actual else None), estimates


def choose_system(rows: Sequence[SystemFigure], window: tuple[dt.date, dt.date] | None) -> SystemFigure | None:
    """The system row for the assessment window; without a window, the row with the latest end."""
    if not rows:
        return None
    if window is not None:
        inside = [r for r in rows if r.start is not None and r.end is not None
                  and window[0] <= r.start and r.end <= window[1]]
        if inside:
            return max(inside, key=lambda r: (r.end or dt.date.min, r.start or dt.date.min))
    return max(rows, key=lambda r: (r.end or dt.date.min))


def system_mismatch(declared: Figure | None, system: SystemFigure, tolerance: Decimal, code: str) -> Finding | None:
    if declared is None or system.percent is None:
        return None
    pct = declared_percent(declared)
    if pct is None or abs(pct - system.percent) <= tolerance:
        return None
    window = f", {vn_date(system.start)} – {vn_date(system.end)}" if system.start or system.end else ""
    source = f" ({system.source}{window})" if system.source else window
    return Finding(FindingKind.CLAIM_MISMATCH, Severity.ERROR,
                   f"Giải trình kê khai «{declared.text}» ({vn_num(q2(pct))}%) nhưng số liệu hệ thống{source} là "
                   f"{system.describe()}. Điểm được tính theo số liệu hệ thống; đề nghị đơn vị giải trình chênh lệch.",
                   criterion=code, file=system.file)


def declared_windows(text: str) -> tuple[tuple[dt.date, dt.date], ...]:
    out = []
    for m in _WINDOW.finditer(text):
        try:
            out.append((dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))),
                        dt.date(int(m.group(6)), int(m.group(5)), int(m.group(4)))))
        except ValueError:
            continue
    return tuple(out)


def window_findings(text: str, window: tuple[dt.date, dt.date], code: str) -> tuple[Finding, ...]:
    """Declared data windows other than the assessment's ('từ 15/12/2022 đến 14/12/2023')."""
    return tuple(Finding(FindingKind.WRONG_PERIOD, Severity.WARNING,
                         f"Số liệu giải trình tính từ {vn_date(a)} đến {vn_date(b)}, khác kỳ số liệu đánh giá "
                         f"({vn_date(window[0])} – {vn_date(window[1])}); đề nghị cập nhật số liệu đúng kỳ.",
                         criterion=code, date=b)
                 for a, b in declared_windows(text) if (a, b) != window)
