"""A small report shaped like the Kon Rẫy 2023 table: a field, criteria, a not-assessed sub-criterion,
field 9 deductions and text that a spreadsheet would otherwise run as a formula."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from verifier.results import (
    CriterionResult,
    Deduction,
    FileStatus,
    Finding,
    FindingKind,
    Report,
    Severity,
    Status,
    Totals,
)

LATE = Finding(FindingKind.LATE, Severity.ERROR, "Kế hoạch 163/KH-UBND ban hành ngày 05/01/2023, sau hạn 31/12/2022",
               criterion="1.1.1", file="evidence/1.1.1/KH 163.pdf", page=1, document="163/KH-UBND",
               date=dt.date(2023, 1, 5))
FORMULA_MESSAGE = Finding(FindingKind.UNVERIFIED_CLAIM, Severity.WARNING, "+15,5 nhiệm vụ không có tài liệu",
                          criterion="1.6.1", file="evidence/1.6.1/26. Huyen KR.xlsx", page=None)
SUBMISSION_LEVEL = Finding(FindingKind.UNREADABLE, Severity.ERROR, "Tệp scan.pdf bị hỏng", file="evidence/scan.pdf")


def criterion(code: str, title: str, max_score: str, self_score: str | None, suggested: str | None,
              status: Status, findings: tuple[Finding, ...] = (), opinion: str = "",
              evidence: tuple[str, ...] = ()) -> CriterionResult:
    # The report carries each criterion's field kind (from the framework): field 9 here is the penalty field.
    return CriterionResult(code, title, D(max_score), None if self_score is None else D(self_score),
                           None if suggested is None else D(suggested), status, findings, opinion, evidence,
                           kind="penalty" if code.split(".")[0] == "9" else "score")


def sample_report() -> Report:
    criteria = (
        criterion("1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "8.5", "5.38", "4", Status.PARTIAL),
        criterion("1.1", "Thực hiện kế hoạch cải cách hành chính", "1.5", "1.5", "0.5", Status.PARTIAL),
        criterion("1.1.1", "Việc ban hành Kế hoạch cải cách hành chính hằng năm", "0.5", "0.5", "0", Status.FAIL,
                  (LATE,), "Ý kiến: Ban hành không kịp thời (sau ngày 31/12 năm trước liền kề)",
                  ("evidence/1.1.1/KH 163.pdf",)),
        criterion("1.1.2", "Nội dung Kế hoạch bảo đảm toàn diện @ 06 lĩnh vực", "0.5", "0.5", "0.5", Status.PASS,
                  opinion="=HYPERLINK(\"http://evil.example\",\"bấm\")", evidence=("evidence/1.1.1/KH 163.pdf",)),
        criterion("1.1.3", "Mức độ hoàn thành kế hoạch cải cách hành chính năm", "0.5", "0.5", None,
                  Status.MANUAL_REVIEW, opinion="- - Đề nghị bổ sung phụ lục"),
        criterion("1.6", "Nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao", "7", "3.88", "3.5", Status.PARTIAL),
        criterion("1.6.1", "Nhiệm vụ UBND tỉnh/CT giao (ngoài CTCT)", "4", "3.88", "3.5", Status.PARTIAL,
                  (FORMULA_MESSAGE,), evidence=("evidence/1.6.1/26. Huyen KR.xlsx",)),
        criterion("1.6.2", "Thực hiện Chương trình công tác của UBND tỉnh", "3", "0", None, Status.NOT_APPLICABLE),
        criterion("9", "ĐIỂM TRỪ", "0", "0", "-0.5", Status.FAIL),
        criterion("9.1", "Cung cấp tài liệu kiểm chứng không trung thực", "0", "0", "-0.5", Status.FAIL),
    )
    return Report(
        unit="Huyện Kon Rẫy", year=2023, framework="kontum/district-2023@test", criteria=criteria,
        deductions=(Deduction("9.1", D("-0.5"), ("Tài liệu 163/KH-UBND không trung thực",)),),
        totals=Totals(max=D("5.5"), self=D("5.38"), suggested=D("3.5")),
        files=(FileStatus("evidence/1.1.1/KH 163.pdf", "ab" * 32, True, ocr=True, pages=2, number="163/KH-UBND",
                          date=dt.date(2023, 1, 5)),
               FileStatus("evidence/scan.pdf", None, False, error_code="E_CORRUPT", error="-bị hỏng")),
        findings=(SUBMISSION_LEVEL,),
    )
