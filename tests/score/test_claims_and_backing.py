"""Citations that almost match, self scores above the maximum, and no verdict on the unit's word
alone (docs/evidence.md), through evaluate() on the shipped 2023 framework."""

from __future__ import annotations

import datetime as dt

from verifier.results import FindingKind as K
from verifier.results import Severity, Status

from .builders import STATS_HEADER, doc, row, workbook
from .support import kinds, result, run

D = dt.date
E = Severity.ERROR
TITLE_53 = "Hệ thống hóa văn bản quy phạm pháp luật kỳ 2019 - 2023 trên địa bàn huyện Kon Rẫy"


def test_a_cited_number_one_keystroke_off_is_a_claim_mismatch_naming_both_numbers() -> None:
    explanation = ("Kế hoạch số 53/KH-UBND ngày 10/3/2023 về hệ thống hóa văn bản quy phạm pháp luật kỳ 2019 - 2023 "
                   "trên địa bàn huyện.")
    rep = run([row("2.2.1", "0.5", "0.5", explanation)],
              [doc("evidence/2.2.1/kh.pdf", "54/KH-UBND", D(2023, 3, 10), TITLE_53)])
    r = result(rep, "2.2.1")
    mismatch = [f for f in r.findings if f.kind is K.CLAIM_MISMATCH]
    assert len(mismatch) == 1 and mismatch[0].severity is E
    assert "53/KH-UBND" in mismatch[0].message and "54/KH-UBND" in mismatch[0].message
    assert K.UNVERIFIED_CLAIM not in kinds(r)          # not "not found" beside a silent pass
    assert r.status is Status.PARTIAL                  # the plan is there; the explanation is wrong


def test_a_consecutive_number_about_something_else_is_not_taken_for_the_cited_one() -> None:
    explanation = "Kế hoạch số 53/KH-UBND ngày 10/3/2023 về tuyên truyền cải cách hành chính năm 2023."
    rep = run([row("2.2.1", "0.5", "0.5", explanation)],
              [doc("evidence/2.2.1/kh.pdf", "54/KH-UBND", D(2023, 3, 10), TITLE_53)])
    r = result(rep, "2.2.1")
    assert K.CLAIM_MISMATCH not in kinds(r)
    assert K.UNVERIFIED_CLAIM in kinds(r)


def test_a_self_score_above_the_maximum_is_a_score_mismatch() -> None:
    # (the table parser's table_error for the same row: the defects sample, 3.5.3)
    rep = run([row("1.1.1", "0.5", "0.8", "Kế hoạch số 163/KH-UBND ngày 30/12/2022")],
              [doc("evidence/1.1.1/kh.pdf", "163/KH-UBND", D(2022, 12, 30),
                   "Kế hoạch cải cách hành chính nhà nước trên địa bàn huyện Kon Rẫy năm 2023")])
    r = result(rep, "1.1.1")
    assert K.SCORE_MISMATCH in kinds(r, E)
    above = next(f for f in r.findings if f.kind is K.SCORE_MISMATCH)
    assert "0,8" in above.message and "0,5" in above.message


def test_nothing_filed_for_a_criterion_is_missing_evidence_even_if_a_document_filed_elsewhere_is_cited() -> None:
    q1 = doc("evidence/1.1.1/bc75.pdf", "75/BC-UBND", D(2023, 3, 15),
             "Kết quả thực hiện công tác cải cách hành chính quý I năm 2023")
    rep = run([row("1.2.1", "0.5", "0.5", "Báo cáo số 75/BC-UBND ngày 15/3/2023 về CCHC quý I.")], [q1])
    r = result(rep, "1.2.1")
    missing = [f for f in r.findings if f.kind is K.MISSING_EVIDENCE]
    assert len(missing) == 4 and r.suggested_score == 0
    assert all("evidence/1.1.1/bc75.pdf" in f.message for f in missing)
    assert K.WRONG_TYPE not in kinds(r)


def test_a_declared_figure_with_nothing_behind_it_is_never_a_pass() -> None:
    r = result(run([row("1.3.2", "1", "1", "Đã xử lý 12/12 vấn đề phát hiện qua kiểm tra, đạt 100%.")], []), "1.3.2")
    assert r.status is Status.NO_EVIDENCE
    claim = next(f for f in r.findings if f.kind is K.UNVERIFIED_CLAIM)
    assert "12/12" in claim.message or "100%" in claim.message
    assert "Chưa có tài liệu kiểm chứng" in r.opinion


def test_the_same_figure_is_a_pass_once_a_document_or_a_system_figure_backs_it() -> None:
    text = "Đã xử lý 12/12 vấn đề phát hiện qua kiểm tra, đạt 100%."
    filed = doc("evidence/1.3.2/bc.pdf", "12/BC-UBND", D(2023, 11, 20),
                "Kết quả xử lý các vấn đề phát hiện qua kiểm tra")
    assert result(run([row("1.3.2", "1", "1", text)], [filed]), "1.3.2").status is Status.PASS
    stats = workbook("evidence/thong-ke.xlsx", [STATS_HEADER, ("1.3.2", "vấn đề xử lý", 12, 12, 100.0, "01/01/2023",
                                                                "03/12/2023", "Hệ thống")])
    assert result(run([row("1.3.2", "1", "1", text)], [stats]), "1.3.2").status is Status.PASS


def test_a_submission_without_evidence_says_so_first() -> None:
    rep = run([row("1.3.2", "1", "1", "Đạt 100%."), row("1.1.1", "0.5", "0.5", "Kế hoạch số 163/KH-UBND")], [])
    first = rep.findings[0]
    assert first.kind is K.MISSING_EVIDENCE and first.severity is E and first.criterion is None
    assert "evidence/" in first.message
    assert not [c.code for c in rep.criteria if c.status is Status.PASS]
