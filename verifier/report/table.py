"""Plain-text tables for a terminal: the extract listing and the check report.

The check table mirrors the scoring software's export (criterion, max, self score) with the
suggested score and a drafted council opinion beside the unit's own, then the findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from verifier.evidence import Evidence
from verifier.results import Finding, FindingKind, Report, Severity, Status
from verifier.text import one_line

STATUS_VI = {
    Status.PASS: "đạt",
    Status.PARTIAL: "một phần",
    Status.FAIL: "không đạt",
    Status.NOT_APPLICABLE: "không đánh giá",
    Status.MANUAL_REVIEW: "cần xem xét",
    Status.NO_EVIDENCE: "chưa có TLKC",
}
SEVERITY_MARK = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "·"}


def _cut(text: str, width: int) -> str:
    text = one_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _grid(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def extract_table(items: Sequence[Evidence]) -> str:
    rows = []
    for ev in items:
        ident = ev.identity
        if ev.error is not None or ev.read is None:
            rows.append([_cut(ev.file, 40), "-", "-", ev.error.code if ev.error else "?", "", "", ""])
            continue
        rows.append([
            _cut(ev.file, 40), str(len(ev.read.pages)), "ocr" if ev.read.ocr else "text",
            ident.number.value.text if ident and ident.number else "?",
            ident.type_name.value if ident and ident.type_name else "?",
            ident.date.value.strftime("%d/%m/%Y") if ident and ident.date else "?",
            _cut(ident.title.value, 50) if ident and ident.title else "",
        ])
    return _grid(["Tệp", "Trang", "Cách đọc", "Số/ký hiệu", "Loại", "Ngày", "Trích yếu"], rows)


def _pages(f: Finding) -> str | None:
    if f.pages is not None and f.pages[1] != f.pages[0]:
        return f"tr. {f.pages[0]}–{f.pages[1]}"
    return f"tr. {f.page}" if f.page else None


def check_table(report: Report) -> str:
    rows = []
    for c in report.criteria:
        indent = "  " * c.code.count(".")
        rows.append([f"{indent}{c.code}", _cut(c.title, 48), _fmt(c.max_score), _fmt(c.self_score),
                     _fmt(c.suggested_score), STATUS_VI[c.status], _cut(c.opinion, 60)])
    out = [f"KẾT QUẢ KIỂM TRA TÀI LIỆU KIỂM CHỨNG — {report.unit} — Năm {report.year or '?'}",
           f"Bộ tiêu chí: {report.framework}",
           # A submission without evidence says so before anything else.
           *(f"{SEVERITY_MARK[f.severity]} {one_line(f.message)}" for f in report.findings
             if f.kind is FindingKind.MISSING_EVIDENCE and f.criterion is None and f.file is None), "",
           _grid(["Mã", "Tiêu chí", "Tối đa", "Tự ĐG", "Đề xuất", "Trạng thái", "Ý kiến (dự thảo)"], rows), ""]
    for d in report.deductions:
        out.append(f"Điểm trừ {d.code}: {_fmt(d.points)} — " + "; ".join(d.reasons))
    t = report.totals
    out.append(f"Tổng điểm: tối đa {_fmt(t.max)} · tự đánh giá {_fmt(t.self)} · đề xuất {_fmt(t.suggested)}")
    out.append("")
    out.append("PHÁT HIỆN (✗ lỗi, ! cảnh báo, · thông tin)")
    for c in report.criteria:
        for f in c.findings:
            where = ", ".join(x for x in (f.file, _pages(f), f.document) if x)
            out.append(f" {SEVERITY_MARK[f.severity]} {c.code} [{f.kind.value}] {one_line(f.message)}"
                       + (f" ({where})" if where else ""))
    for f in report.findings:
        out.append(f" {SEVERITY_MARK[f.severity]} [{f.kind.value}] {one_line(f.message)}"
                   + (f" ({f.file})" if f.file else ""))
    return "\n".join(out)
