"""Drafting the council's opinion ("Ý kiến: …") from a verdict and its findings.

The wording follows the seed table's council comments: "Ban hành kịp thời (…)", "Thống nhất với
kết quả tự đánh giá của đơn vị", "Đề nghị bổ sung …". It is a draft for the council to edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from verifier.results import Finding, FindingKind, Severity, Status
from verifier.rules.model import Criterion
from verifier.score.wording import fill, sentence, vn_num

_REASONS: dict[FindingKind, str] = {
    FindingKind.LATE: "văn bản ban hành chưa kịp thời",
    FindingKind.WRONG_TYPE: "tài liệu chưa đúng loại văn bản hoặc cấp có thẩm quyền",
    FindingKind.WRONG_PERIOD: "tài liệu/số liệu ngoài kỳ đánh giá",
    FindingKind.CLAIM_MISMATCH: "số liệu, văn bản giải trình chưa khớp tài liệu kiểm chứng/số liệu hệ thống",
    FindingKind.ARITHMETIC_ERROR: "tỷ lệ kê khai tính chưa đúng",
    FindingKind.UNREADABLE: "có tệp không đọc được",
    FindingKind.MISSING_CONTENT: "nội dung chưa đầy đủ",
}


def draft_opinion(c: Criterion, status: Status, suggested: Decimal | None, self_score: Decimal | None,
                  findings: Sequence[Finding], missing: Sequence[str], basis: str, year: int) -> str:
    ops = c.rule.opinions
    if status is Status.MANUAL_REVIEW:
        what = fill(c.rule.expects, year) if c.rule.expects else "tài liệu kiểm chứng"
        return f"Ý kiến: Hội đồng kiểm tra, đối chiếu {what}."
    if status is Status.NO_EVIDENCE:
        tail = f" Điểm đề xuất {vn_num(suggested)} tạm tính theo {basis}." if suggested is not None and basis else ""
        return ("Ý kiến: Chưa có tài liệu kiểm chứng; kết quả chỉ dựa trên giải trình của đơn vị. Đề nghị bổ sung "
                f"tài liệu kiểm chứng.{tail}")
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if status is Status.PASS and not errors:
        differs = self_score is not None and suggested is not None and self_score != suggested
        plain = "Tài liệu kiểm chứng đáp ứng yêu cầu" if differs else "Thống nhất với kết quả tự đánh giá của đơn vị"
        head = fill(ops.pass_, year) if ops.pass_ else plain
        tail = f" ({basis})" if basis and not ops.pass_ else ""
        if differs:
            tail += f". Đề xuất chấm {vn_num(suggested)} điểm"
        return f"Ý kiến: {head}{tail}."
    parts: list[str] = []
    reasons = []
    for f in errors:
        r = _REASONS.get(f.kind)
        if r and r not in reasons:
            reasons.append(r)
    if reasons:
        parts.append(sentence("; ".join(reasons)))
    if missing:
        need = "; ".join(dict.fromkeys(missing))
        parts.append(fill(ops.fail, year).replace("{missing}", need) if ops.fail else f"Đề nghị bổ sung {need}")
    elif ops.fail and not reasons:
        parts.append(fill(ops.fail, year).replace("{missing}", "tài liệu kiểm chứng"))
    if basis:
        parts.append(f"Căn cứ {basis}")
    if suggested is not None:
        parts.append(f"đề xuất chấm {vn_num(suggested)}/{vn_num(c.max_score)} điểm")
    return "Ý kiến: " + ". ".join(p[0].upper() + p[1:] for p in parts if p) + "."
