from __future__ import annotations

import datetime as dt
from decimal import Decimal

from verifier.report.json_report import report_from_dict, report_to_dict
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


def test_report_json_round_trips() -> None:
    late = Finding(FindingKind.LATE, Severity.ERROR, "muộn", "1.1.1", "evidence/1.1.1/a.pdf", 1, "163/KH-UBND",
                   dt.date(2023, 1, 5))
    report = Report(
        unit="Huyện Kon Rẫy", year=2023, framework="kontum/district-2023@1",
        criteria=(CriterionResult("1.1.1", "Kế hoạch", Decimal("0.5"), Decimal("0.5"), Decimal("0"), Status.FAIL,
                                  (late,), "Ý kiến: …", ("evidence/1.1.1/a.pdf",), "binary_by_deadline", "SEED"),
                  CriterionResult("1.6.2", "CTCT", Decimal("3"), Decimal("0"), None, Status.NOT_APPLICABLE)),
        deductions=(Deduction("9.1", Decimal("-0.5"), ("1.1.1: late",)),),
        totals=Totals(Decimal("97"), Decimal("90.29"), Decimal("87.75")),
        files=(FileStatus("evidence/1.1.1/a.pdf", "ab" * 32, True, False, 4, "163/KH-UBND", dt.date(2023, 1, 5)),),
        findings=(late,), versions={"extractor": "read-1"})
    back = report_from_dict(report_to_dict(report))
    assert back == report
    assert report_to_dict(back) == report_to_dict(report)
