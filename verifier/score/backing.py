"""What a verdict rests on: no criterion is passed on the unit's word alone.

A criterion whose score would come from the explanation's own statements and figures, with no
document filed for it, no system figure and no task export behind it, is not ``pass``: its
status is :attr:`Status.NO_EVIDENCE`, its declared figures are ``unverified_claim``, and the
score drafted from them is shown as provisional (docs/evidence.md, "No verdict on the unit's
word alone"). A criterion that requires documents and has none filed gets ``missing_evidence``,
even when its explanation cites a document filed under another criterion.
"""

from __future__ import annotations

from collections.abc import Sequence

from verifier.match.documents import DocView
from verifier.results import Finding, FindingKind, Severity, Status
from verifier.rules.model import Archetype

# Archetypes whose verdict can come from the explanation itself (declared figures, listed items,
# "no violation" statements); the others either need a document or are left to the council.
ON_WORD = frozenset({Archetype.LINEAR_RATIO, Archetype.THRESHOLD_CAPPED_RATIO, Archetype.HARD_THRESHOLD,
                     Archetype.CHECKLIST, Archetype.NO_VIOLATION})


def unbacked_status(archetype: Archetype, status: Status, backed: bool) -> Status:
    """``status``, unless it is a verdict in the unit's favour resting on nothing but its word."""
    if backed or archetype not in ON_WORD or status not in (Status.PASS, Status.PARTIAL):
        return status
    return Status.NO_EVIDENCE


def unverified(code: str, declared: str | None) -> Finding:
    what = f"số liệu «{declared}»" if declared else "các nội dung nêu trong giải trình"
    return Finding(FindingKind.UNVERIFIED_CLAIM, Severity.WARNING,
                   f"Giải trình kê khai {what} nhưng không có tài liệu kiểm chứng nào cho tiêu chí này; kết quả chỉ "
                   f"dựa trên lời giải trình. Đề nghị tải lên tài liệu kiểm chứng vào thư mục evidence/{code}/.",
                   criterion=code)


def borrowed_note(views: Sequence[DocView]) -> str:
    """' (giải trình nêu văn bản số 163/KH-UBND, đã nộp tại evidence/1.1.1/…; …)' for a missing-evidence
    message: the cited documents exist, but were filed for another criterion."""
    if not views:
        return ""
    named = ", ".join(dict.fromkeys(f"{v.number or 'văn bản'} tại {v.where}" for v in views))
    return f" (giải trình nêu {named}, đã nộp cho tiêu chí khác; đề nghị đính kèm cả tại tiêu chí này)"
