"""Findings about files rather than content: unreadable, duplicated, named but not uploaded, and
the table's own problems, placed on the criterion they concern."""

from __future__ import annotations

from pathlib import PurePosixPath

from rapidfuzz import fuzz

from verifier.assessment.model import Row, TableProblem
from verifier.evidence import Evidence
from verifier.match.assign import folder_criterion
from verifier.results import DocumentInfo, FileStatus, Finding, FindingKind, Severity, SignatureInfo
from verifier.score.context import Context
from verifier.text import normalize

NAME_SIMILARITY = 90.0
_ERROR_PROBLEMS = frozenset({"bad_number", "self_above_max", "unknown_code", "duplicate_code", "negative_score",
                             "negative_max", "rollup_mismatch"})


def _name_key(name: str) -> str:
    return normalize(PurePosixPath(name.replace("\\", "/")).name).casefold()


def attachment_uploaded(name: str, uploaded: list[str]) -> bool:
    key = _name_key(name)
    return any(key == u or fuzz.ratio(key, u) >= NAME_SIMILARITY for u in uploaded)


def unreadable_finding(e: Evidence, code: str | None) -> Finding:
    err = e.error
    detail = f"[{err.code}] {err.message_vi}" if err else "không đọc được"
    return Finding(FindingKind.UNREADABLE, Severity.ERROR,
                   f"Không đọc được tệp {e.file} ({detail}). Đề nghị tải lại bản PDF/DOCX đọc được.",
                   criterion=code, file=e.file)


def duplicate_finding(file: str, original: str, code: str | None, same_criterion: bool) -> Finding:
    where = "trong cùng tiêu chí" if same_criterion else f"(đã nộp tại {original})"
    return Finding(FindingKind.DUPLICATE_EVIDENCE, Severity.WARNING if same_criterion else Severity.INFO,
                   f"Tệp {file} trùng nội dung với {original} {where}."
                   + (" Đề nghị bỏ bản trùng." if same_criterion else ""), criterion=code, file=file)


def table_finding(p: TableProblem, code: str | None) -> Finding:
    kind = FindingKind.ROLLUP_MISMATCH if p.code == "rollup_mismatch" else FindingKind.TABLE_ERROR
    severity = Severity.ERROR if p.code in _ERROR_PROBLEMS else Severity.WARNING
    return Finding(kind, severity, f"Dòng {p.line} của bảng tự đánh giá: {p.message}", criterion=code)


def criterion_file_findings(code: str, row: Row | None, ctx: Context) -> list[Finding]:
    out: list[Finding] = [unreadable_finding(e, code) for e in ctx.broken.get(code, ())]
    for e in ctx.evidence:
        original = ctx.duplicates.get(e.file)
        if original is None or folder_criterion(e.folder_code, ctx.framework) != code:
            continue
        other = next((x for x in ctx.evidence if x.file == original), None)
        same = other is not None and folder_criterion(other.folder_code, ctx.framework) == code
        out.append(duplicate_finding(e.file, original, code, same))
    if row is not None and row.attachments:
        uploaded = [_name_key(e.file) for e in ctx.evidence]
        for name in row.attachments:
            if not attachment_uploaded(name, uploaded):
                out.append(Finding(FindingKind.UNKNOWN_ATTACHMENT, Severity.WARNING,
                                   f"Bảng tự đánh giá nêu tệp «{name}» nhưng tệp này không có trong hồ sơ tải lên; "
                                   f"đề nghị tải lên vào thư mục evidence/{code}/.", criterion=code, file=name))
    out.extend(table_finding(p, code) for p in ctx.table.problems if p.criterion == code)
    return out


def file_statuses(evidence: tuple[Evidence, ...]) -> tuple[FileStatus, ...]:
    out = []
    for e in evidence:
        ident = e.identity
        number = ident.number.value.text if ident and ident.number else None
        date = ident.date.value if ident and ident.date else None
        read = e.read
        documents = tuple(DocumentInfo(
            pages=d.pages, number=d.identity.number.value.text if d.identity.number else None,
            type_code=d.identity.type_code.value if d.identity.type_code else None,
            date=d.identity.date.value if d.identity.date else None,
            title=d.identity.title.value if d.identity.title else None,
            attached_to=d.attached_to.text if d.attached_to else None) for d in e.parts)
        signatures = tuple(SignatureInfo(s.signer, s.organization, s.signed_at, s.covers_whole_file, s.valid)
                           for s in (read.signatures if read else ()))
        out.append(FileStatus(file=e.file, sha256=e.sha256, ok=e.ok, ocr=bool(read and read.ocr),
                              pages=len(read.pages) if read else 0, number=number, date=date,
                              error_code=e.error.code if e.error else None,
                              error=e.error.message_vi if e.error else None,
                              documents=documents, signatures=signatures,
                              error_en=e.error.message_en if e.error else None))
    return tuple(out)
