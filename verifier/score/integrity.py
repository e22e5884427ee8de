"""The evidence's own integrity: what its digital signatures and file metadata say about it.

Since Decree 30/2020 every document leaves the e-office system signed: by the leader, then by
the organisation when the văn thư stamps the number and day. So the signatures tell when a
document really came into being and whether it was changed since, which no scoring software
checks (docs/evidence.md, "Integrity checks"):

* ``backdated`` — signed later than its printed date by more than the framework's tolerance, and
  too late for the criterion's deadline when judged by the signing time (requirements.py judges
  the deadline; :func:`signed_on` and :func:`gap_days` are here);
* ``altered_after_signing`` — bytes appended after the last signature, or changed inside one;
* ``signer_mismatch`` — the signing organisation is not the issuing body in the header;
* ``conflicting_copies`` — two files with the same number and date but different text;
* ``suspicious_metadata`` — a Word or Excel file created after its printed date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from rapidfuzz import fuzz

from verifier.evidence import Evidence
from verifier.match.documents import DocView
from verifier.read.model import FileKind, PageMethod, Signature
from verifier.results import Finding, FindingKind, Severity
from verifier.score.wording import vn_date
from verifier.text import fold

# Text similarity (rapidfuzz ratio of the folded words) below which two copies with the same number
# and date differ in content. Two text layers of one document agree almost exactly; OCR of a scan
# adds noise. Tuned on the generated samples only (a scan against its born-digital original scores
# 88-96); unconfirmed on real submissions.
SAME_TEXT = 97.0
SAME_SCAN = 80.0
COMPARED_CHARS = 20000      # of each copy: enough to see a changed body, bounded work
SIGNER_TOKEN = 85.0         # rapidfuzz ratio at which two words of body names are the same word
_ABBREVIATIONS = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "tp": "thanh pho", "tx": "thi xa"}
_ALLOWED_AFTER = frozenset({"none", "lta_updates", "form_filling"})


# -- signing time -------------------------------------------------------------------------------

def first_signature(e: Evidence) -> Signature | None:
    """The earliest signature with a time: when the document first existed as signed."""
    sigs = [s for s in (e.read.signatures if e.read else ()) if s.signed_at is not None]
    return min(sigs, key=lambda s: s.signed_at or dt.datetime.max) if sigs else None


def signed_on(view: DocView) -> dt.date | None:
    """The local date (in the signature's own offset, +07:00 in Vietnam) of the first signature."""
    sig = first_signature(view.evidence)
    return sig.signed_at.date() if sig is not None and sig.signed_at is not None else None


def gap_days(view: DocView) -> int | None:
    """Days from the printed date to the first signature; None when either is unknown."""
    signed = signed_on(view)
    return (signed - view.date).days if signed is not None and view.date is not None else None


def backdated_finding(view: DocView, code: str, deadline: dt.date | None, *, misses: bool, label: str) -> Finding:
    """The error when the signing time misses ``deadline``; information for a lesser gap."""
    signed = signed_on(view)
    base = (f"{label} ghi ngày {vn_date(view.date)} nhưng được ký số ngày {vn_date(signed)} "
            f"({gap_days(view)} ngày sau)")
    if misses:
        text = (f"{base}; tính theo thời gian ký thì văn bản ban hành sau thời hạn {vn_date(deadline)}. "
                "Đề nghị đơn vị giải trình; Hội đồng xem xét trừ điểm theo tiêu chí 9.1.")
        severity = Severity.ERROR
    else:
        text = f"{base}. Hội đồng lưu ý khi đối chiếu thời hạn."
        severity = Severity.INFO
    return Finding(FindingKind.BACKDATED, severity, text, criterion=code, file=view.file, page=view.pages[0],
                   document=view.number, date=view.date, pages=view.page_range)


# -- per file -----------------------------------------------------------------------------------

def _altered(e: Evidence, sigs: Sequence[Signature]) -> Finding | None:
    broken = [s for s in sigs if s.intact is False or s.modification == "other"]
    covered = any(s.covers_whole_file for s in sigs)
    annotations_only = not broken and all(s.modification == "annotations" for s in sigs if not s.covers_whole_file)
    if not broken and (covered or all(s.modification in _ALLOWED_AFTER for s in sigs)):
        return None
    if broken:
        who = broken[0].signer or broken[0].organization or "?"
        text = (f"Tệp {e.file} có nội dung bị thay đổi hoặc bổ sung sau chữ ký số của {who}; nội dung hiện tại "
                "không còn được chữ ký bảo vệ. Đề nghị nộp lại bản gốc tải từ hệ thống quản lý văn bản.")
        return Finding(FindingKind.ALTERED_AFTER_SIGNING, Severity.ERROR, text, file=e.file)
    if annotations_only:
        return Finding(FindingKind.ALTERED_AFTER_SIGNING, Severity.INFO,
                       f"Tệp {e.file} có chú thích được thêm sau chữ ký số cuối cùng (ví dụ số, ngày do hệ thống "
                       "đóng dấu); Hội đồng đối chiếu số, ngày trên bản gốc.", file=e.file)
    return Finding(FindingKind.ALTERED_AFTER_SIGNING, Severity.ERROR,
                   f"Tệp {e.file} có phần được ghi thêm sau chữ ký số cuối cùng (không chữ ký nào bao trùm toàn bộ "
                   "tệp). Đề nghị nộp lại bản gốc tải từ hệ thống quản lý văn bản.", file=e.file)


def _words_of(text: str) -> list[str]:
    return " ".join(_ABBREVIATIONS.get(w, w) for w in re.split(r"[\s.,\-]+", fold(text)) if w).split()


def same_body(a: str, b: str) -> bool:
    """Two names of one body: every word of the shorter is in the longer ("UBND huyện Kon Rẫy" and
    "ỦY BAN NHÂN DÂN HUYỆN KON RẪY"; "Sở Nội vụ tỉnh Kon Tum" and "SỞ NỘI VỤ"), not merely the same
    kind of body ("UBND huyện Đăk Tô")."""
    wa, wb = _words_of(a), _words_of(b)
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return bool(short) and all(any(fuzz.ratio(w, u) >= SIGNER_TOKEN for u in long) for w in short)


def _signer_mismatch(view: DocView, sigs: Sequence[Signature]) -> Finding | None:
    orgs = [s.organization for s in sigs if s.organization]
    if not orgs or not view.issuer:
        return None
    if any(same_body(o, view.issuer_text or view.issuer) for o in orgs):
        return None
    what = f"văn bản số {view.number}" if view.number else f"tệp {view.where}"
    return Finding(FindingKind.SIGNER_MISMATCH, Severity.WARNING,
                   f"{what[0].upper()}{what[1:]} ghi cơ quan ban hành «{view.issuer_text}» nhưng được ký số bởi "
                   f"«{orgs[0]}». Hội đồng kiểm tra thẩm quyền ban hành.",
                   file=view.file, page=view.pages[0], document=view.number, date=view.date, pages=view.page_range)


def _metadata(view: DocView, tolerance: int) -> Finding | None:
    read = view.evidence.read
    meta = read.metadata if read else None
    if read is None or read.kind not in (FileKind.DOCX, FileKind.XLSX) or meta is None or meta.created is None:
        return None
    if view.date is None or (meta.created.date() - view.date).days <= tolerance:
        return None
    return Finding(FindingKind.SUSPICIOUS_METADATA, Severity.INFO,
                   f"Tệp {view.file} ghi ngày {vn_date(view.date)} nhưng được tạo ngày {vn_date(meta.created.date())} "
                   "(theo thông tin của tệp); Hội đồng đối chiếu với bản gốc đã ban hành.",
                   file=view.file, document=view.number, date=view.date)


def file_findings(views: Sequence[DocView], tolerance: int) -> dict[tuple[str, int], list[Finding]]:
    """Findings about each document that do not depend on a criterion, keyed by :attr:`DocView.ref`."""
    out: dict[tuple[str, int], list[Finding]] = defaultdict(list)
    seen_files: set[str] = set()
    for v in views:
        sigs = v.evidence.read.signatures if v.evidence.read else ()
        if sigs and v.file not in seen_files:
            altered = _altered(v.evidence, sigs)
            if altered is not None:
                out[v.ref].append(altered)
        seen_files.add(v.file)
        for found in (_signer_mismatch(v, sigs) if sigs else None, _metadata(v, tolerance)):
            if found is not None:
                out[v.ref].append(found)
    for ref, finding in conflicting_copies(views):
        out[ref].append(finding)
    return out


# -- across files -------------------------------------------------------------------------------

def _words(view: DocView) -> str:
    return view.full_text[:COMPARED_CHARS]


def _scanned(view: DocView) -> bool:
    read = view.evidence.read
    return read is not None and any(p.method is PageMethod.OCR for p in read.pages
                                    if view.pages[0] <= p.number <= view.pages[1])


def _complete(view: DocView) -> bool:
    read = view.evidence.read
    return read is not None and all(p.complete for p in read.pages if view.pages[0] <= p.number <= view.pages[1])


def conflicting_copies(views: Sequence[DocView]) -> list[tuple[tuple[str, int], Finding]]:
    """Pairs of documents in different files with one number and date but different text.

    Byte-identical files are duplicates (files.py), not conflicts; a page read only in its top band
    (header-first OCR) cannot be compared and is left out.
    """
    groups: dict[tuple[tuple[str, str], dt.date], list[DocView]] = defaultdict(list)
    for v in views:
        if v.key is not None and v.date is not None and _complete(v):
            groups[(v.key, v.date)].append(v)
    out: list[tuple[tuple[str, int], Finding]] = []
    for same in groups.values():
        for a, b in combinations(same, 2):
            if a.file == b.file or (a.evidence.sha256 and a.evidence.sha256 == b.evidence.sha256):
                continue
            floor = SAME_SCAN if _scanned(a) or _scanned(b) else SAME_TEXT
            score = fuzz.ratio(_words(a), _words(b))
            if score >= floor:
                continue
            text = (f"Tệp {a.where} và tệp {b.where} cùng mang số {a.number} ngày {vn_date(a.date)} nhưng nội dung "
                    f"khác nhau (giống {score:.0f}%). Đề nghị đơn vị xác định bản đã ban hành và nộp đúng bản.")
            for v in (a, b):
                out.append((v.ref, Finding(FindingKind.CONFLICTING_COPIES, Severity.ERROR, text, file=v.file,
                                           page=v.pages[0], document=v.number, date=v.date, pages=v.page_range)))
    return out
