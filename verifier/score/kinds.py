"""Criterion kinds beyond the district table's: counted steps, per-item penalties, surveys, and
criteria another agency scores from its own system (frameworks.md 1.4).

Each returns the suggested score and adds its findings to the criterion's work; none asks a unit
to upload what it cannot have: a survey or a system-scored criterion says who scores it instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal

from verifier.assessment.model import Row
from verifier.match.documents import DocView
from verifier.results import Finding, FindingKind, Severity
from verifier.rules.model import Criterion, EvidenceSource
from verifier.score import archetypes as A
from verifier.score.requirements import RequirementOutcome
from verifier.score.wording import vn_num
from verifier.text import fold


def declared_count(text: str, words: Sequence[str]) -> int | None:
    """'đã tổ chức 04 cuộc họp' -> 4 when 'cuoc hop' is one of ``words``; the largest such count."""
    if not words:
        return None
    folded = fold(text)
    pattern = re.compile(r"(?<!\w)(\d{1,3})\s+(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    counts = [int(m.group(1)) for m in pattern.finditer(folded)]
    return max(counts) if counts else None


def count_steps(c: Criterion, text: str, outcomes: Sequence[RequirementOutcome], claimed: Decimal | None,
                findings: list[Finding]) -> tuple[Decimal, str, tuple[DocView, ...]]:
    """(score, basis, documents counted): distinct documents that meet the requirement, else the
    count the explanation declares (then the council checks it against the documents)."""
    docs = tuple(dict.fromkeys(v for o in outcomes for v in o.used))
    steps = [(s.at_least, s.fraction, s.strict) for s in c.rule.params.steps]
    if docs:
        return A.stepped(c.max_score, Decimal(len(docs)), steps), f"{len(docs)} văn bản đáp ứng yêu cầu", docs
    declared = declared_count(text, c.rule.params.count_words)
    if declared is None and not claimed:
        return A.ZERO, "đơn vị không kê khai", ()    # nothing claimed: nothing to prove
    if declared is None:
        findings.append(Finding(FindingKind.MISSING_EVIDENCE, Severity.ERROR,
                                "Không có văn bản nào chứng minh số lượng, giải trình cũng không nêu số lượng; "
                                f"đề nghị tải lên văn bản vào thư mục evidence/{c.code}/.", criterion=c.code))
        return A.ZERO, "", ()
    findings.append(Finding(FindingKind.UNVERIFIED_CLAIM, Severity.WARNING,
                            f"Số lượng {declared} theo giải trình chưa có văn bản chứng minh; Hội đồng đối chiếu.",
                            criterion=c.code))
    return A.stepped(c.max_score, Decimal(declared), steps), f"{declared} theo giải trình", ()


def penalty_items(c: Criterion, row: Row | None, findings: list[Finding]) -> Decimal:
    """The unit declares its penalty (a number of items × the per-item points); the suggestion is
    that number of items, capped, and the same figure goes to the row and the deduction list."""
    per_item, cap = c.rule.params.per_item, c.rule.params.cap
    declared = abs(row.self_score) if row is not None and row.self_score is not None else Decimal(0)
    if per_item is None or cap is None or per_item <= 0:
        return -declared
    items = math.ceil(declared / per_item) if declared else 0
    suggested = A.per_item_penalty(items, per_item, cap)
    if declared and declared != items * per_item:
        findings.append(Finding(FindingKind.TABLE_ERROR, Severity.WARNING,
                                f"Điểm trừ tự kê khai {vn_num(declared)} không phải bội số của {vn_num(per_item)} "
                                f"điểm/mục; đề xuất tính {items} mục.", criterion=c.code))
    if declared > cap:
        findings.append(Finding(FindingKind.TABLE_ERROR, Severity.WARNING,
                                f"Điểm trừ tự kê khai {vn_num(declared)} vượt mức trừ tối đa {vn_num(cap)}; "
                                f"đề xuất trừ {vn_num(-suggested)}.", criterion=c.code))
    if items:
        findings.append(Finding(FindingKind.MANUAL_CHECK, Severity.INFO,
                                f"Đơn vị tự kê khai {items} mục × {vn_num(per_item)} điểm (tối đa {vn_num(cap)}); "
                                "Hội đồng xác nhận.", criterion=c.code))
    return suggested


def survey(c: Criterion, row: Row | None, findings: list[Finding]) -> None:
    """A survey component: nothing to verify, nothing to self-score."""
    who = c.rule.scored_by or "điều tra xã hội học"
    findings.append(Finding(FindingKind.MANUAL_CHECK, Severity.INFO,
                            f"Tiêu chí chấm qua điều tra xã hội học ({who}); đơn vị không tự chấm và không cần "
                            "tài liệu kiểm chứng.", criterion=c.code))
    if row is not None and row.self_score:
        findings.append(Finding(FindingKind.TABLE_ERROR, Severity.WARNING,
                                f"Tiêu chí điều tra xã hội học không tự chấm, nhưng bảng ghi {vn_num(row.self_score)} "
                                "điểm tự đánh giá.", criterion=c.code))


def scored_elsewhere(c: Criterion) -> Finding | None:
    """For a criterion another agency scores from its system: say so instead of asking for files."""
    if c.rule.evidence is not EvidenceSource.SYSTEM:
        return None
    who = c.rule.scored_by or "cơ quan có thẩm quyền"
    return Finding(FindingKind.MANUAL_CHECK, Severity.INFO,
                   f"Tiêu chí do {who} chấm từ số liệu hệ thống; đơn vị không cần tải lên tài liệu kiểm chứng.",
                   criterion=c.code)
