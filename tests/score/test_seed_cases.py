"""The twelve seed cases of domain.md (f), on constructed evidence, through evaluate()."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from verifier.evidence import Evidence
from verifier.results import FindingKind as K
from verifier.results import Severity, Status

from .builders import STATS_HEADER, TASKS_HEADER, doc, row, workbook
from .support import kinds, result, run

D = dt.date
E = Severity.ERROR
PLAN = "Kế hoạch cải cách hành chính nhà nước trên địa bàn huyện Kon Rẫy năm 2023"
STATS = "evidence/thong-ke-he-thong-2023.xlsx"


def stats(*rows: tuple[object, ...]) -> Evidence:
    return workbook(STATS, [STATS_HEADER, *rows])


def sys_row(code: str, num: int, den: int) -> tuple[object, ...]:
    return (code, "chỉ tiêu", num, den, round(num * 100 / den, 2), "01/01/2023", "03/12/2023", "Hệ thống")


# 1 -------------------------------------------------------------------------------------------
def test_1_plan_issued_before_31_12_of_previous_year_scores_full() -> None:
    rep = run([row("1.1.1", "0.5", "0.5", "Kế hoạch số 163/KH-UBND ngày 30/12/2022 của UBND huyện")],
              [doc("evidence/1.1.1/kh.pdf", "163/KH-UBND", D(2022, 12, 30), PLAN)])
    r = result(rep, "1.1.1")
    assert (r.status, r.suggested_score) == (Status.PASS, Decimal("0.50"))
    assert not kinds(r, E)
    assert r.opinion.startswith("Ý kiến: Ban hành kịp thời")
    assert r.evidence == ("evidence/1.1.1/kh.pdf",)


def test_1_plan_dated_exactly_31_12_is_flagged_for_review_and_late_plan_fails() -> None:
    on_day = result(run([row("1.1.1", "0.5", "0.5")],
                        [doc("evidence/1.1.1/kh.pdf", "163/KH-UBND", D(2022, 12, 31), PLAN)]), "1.1.1")
    assert on_day.suggested_score == Decimal("0.50")
    assert K.BOUNDARY_DATE in kinds(on_day, Severity.WARNING)
    late = result(run([row("1.1.1", "0.5", "0.5")],
                      [doc("evidence/1.1.1/kh.pdf", "5/KH-UBND", D(2023, 1, 5), PLAN)]), "1.1.1")
    assert (late.status, late.suggested_score) == (Status.FAIL, Decimal(0))
    assert K.LATE in kinds(late, E) and K.SCORE_MISMATCH in kinds(late)


# 2 -------------------------------------------------------------------------------------------
REPORTS = [("75/BC-UBND", D(2023, 3, 15), "quý I năm 2023"), ("195/BC-UBND", D(2023, 6, 13), "6 tháng đầu năm 2023"),
           ("363/BC-UBND", D(2023, 9, 14), "quý III năm 2023")]


Q3_ON_TIME = D(2023, 9, 14)


def _reports(q3_date: dt.date = Q3_ON_TIME) -> list[Evidence]:
    out = [doc(f"evidence/1.2.1/{n.split('/')[0]}.pdf", n, q3_date if n.startswith("363") else d,
               f"Kết quả thực hiện công tác cải cách hành chính {p}") for n, d, p in REPORTS]
    out.append(doc("evidence/1.2.1/540.pdf", "540/BC-UBND", D(2023, 12, 14),
                   "Kết quả công tác cải cách hành chính nhà nước trên địa bàn huyện Kon Rẫy năm 2023"))
    return out


def test_2_four_periodic_reports_on_time() -> None:
    r = result(run([row("1.2.1", "0.5", "0.5")], _reports()), "1.2.1")
    assert (r.status, r.suggested_score) == (Status.PASS, Decimal("0.50"))
    assert len(r.evidence) == 4


def test_2_a_late_quarterly_report_fails_and_a_missing_one_is_named() -> None:
    late = result(run([row("1.2.1", "0.5", "0.5")], _reports(D(2023, 9, 20))), "1.2.1")
    assert late.suggested_score == 0 and K.LATE in kinds(late, E)
    missing = result(run([row("1.2.1", "0.5", "0.5")], _reports()[:3]), "1.2.1")
    assert K.MISSING_EVIDENCE in kinds(missing, E)
    assert any("năm 2023" in f.message for f in missing.findings if f.kind is K.MISSING_EVIDENCE)


# 3 -------------------------------------------------------------------------------------------
def test_3_grassroots_initiative_is_the_wrong_level_provincial_recognition_counts() -> None:
    local = doc("evidence/1.5/qd.pdf", "95/QĐ-UBND", D(2023, 5, 2), "Về việc công nhận sáng kiến cấp cơ sở năm 2023")
    r = result(run([row("1.5", "3", "3")], [local]), "1.5")
    assert (r.status, r.suggested_score) == (Status.FAIL, Decimal(0))
    assert K.WRONG_TYPE in kinds(r, E)
    provincial = doc("evidence/1.5/qd173.pdf", "173/QĐ-UBND(CT)", D(2023, 4, 11),
                     "Về việc công nhận sáng kiến cấp tỉnh năm 2022 (đợt 1)", issuer="ỦY BAN NHÂN DÂN TỈNH KON TUM")
    r = result(run([row("1.5", "3", "3")], [local, provincial]), "1.5")
    assert (r.status, r.suggested_score) == (Status.PASS, Decimal("3.00"))


# 4 -------------------------------------------------------------------------------------------
def _tasks(on_time: int, late: int, open_: int) -> Evidence:
    rows: list[tuple[object, ...]] = [TASKS_HEADER]
    rows += [(i, f"Nhiệm vụ {i}", "CV", "20/03/2023", "17/03/2023", "Hoàn thành đúng hạn") for i in range(on_time)]
    rows += [(i, f"Trễ {i}", "CV", "31/05/2023", "09/06/2023", "Hoàn thành trễ hạn") for i in range(late)]
    rows += [(i, f"Mở {i}", "CV", "25/12/2023", "", "Đang thực hiện") for i in range(open_)]
    return workbook("evidence/1.6.1/26. Huyen KR.xlsx", rows)


def test_4_weighted_task_completion_from_the_task_workbook() -> None:
    r = result(run([row("1.6.1", "4", "3.88", attachments=("26. Huyen KR.xlsx",))], [_tasks(15, 1, 3)]), "1.6.1")
    assert r.suggested_score == Decimal("3.88")
    assert r.status is Status.PARTIAL and not kinds(r, E)
    assert K.UNKNOWN_ATTACHMENT not in kinds(r)


def test_4_no_task_workbook_is_missing_evidence() -> None:
    r = result(run([row("1.6.1", "4", "3.88")], []), "1.6.1")
    assert r.suggested_score == 0 and K.MISSING_EVIDENCE in kinds(r, E)


# 5 -------------------------------------------------------------------------------------------
def test_5_unit_leading_no_programme_item_is_not_assessed_and_leaves_the_maximum() -> None:
    text = ("Chương trình công tác trọng tâm năm 2023 bao gồm 89 nội dung, trong đó, UBND huyện Kon Rẫy được giao "
            "chủ trì tham mưu 00 nội dung. Do đó, UBND huyện không đánh giá tiêu chí này.")
    rep = run([row("1.6.2", "3", "0", text)], [])
    r = result(rep, "1.6.2")
    assert r.status is Status.NOT_APPLICABLE and r.suggested_score is None
    assert rep.totals.max == Decimal(97)
    assert result(rep, "1.6").max_score == Decimal(7)     # the parent keeps its nominal maximum


# 6 -------------------------------------------------------------------------------------------
def test_6_hard_threshold_on_system_figures_and_the_unit_window_is_flagged() -> None:
    text = ("Số liệu thống kê từ ngày 15/12/2022 đến 14/12/2023: Tổng số hồ sơ đã giải quyết của đơn vị: 1311 hồ sơ, "
            "Đã giải quyết sớm hạn 1264 hồ sơ (đạt 96,42%), 47 hồ sơ trễ hạn.")
    r = result(run([row("3.4.1", "1", "0.97", text)], [stats(sys_row("3.4.1", 1264, 1311))]), "3.4.1")
    assert (r.status, r.suggested_score) == (Status.FAIL, Decimal(0))
    assert K.WRONG_PERIOD in kinds(r, Severity.WARNING)
    assert K.SCORE_MISMATCH in kinds(r, Severity.WARNING)
    assert STATS in r.evidence


# 7 -------------------------------------------------------------------------------------------
def test_7_digitisation_below_80_percent_still_full_in_kon_tum_2023() -> None:
    text = "Số hồ sơ có số hóa kết quả trên số hồ sơ đã giải quyết là. 503/646 hồ sơ, đạt tỷ lệ 77,86%"
    r = result(run([row("3.3.5", "2", "2", text)], [stats(sys_row("3.3.5", 488, 629))]), "3.3.5")
    assert (r.status, r.suggested_score) == (Status.PASS, Decimal("2.00"))
    assert not kinds(r, E)     # 77.86 % declared vs 77.58 % system is within tolerance


# 8 -------------------------------------------------------------------------------------------
def test_8_disbursement_scored_on_actuals_and_the_estimate_rejected() -> None:
    text = ("Tổng kế hoạch vốn đầu tư phát triển năm 2023 là 144.636 triệu đồng, đã giải ngân 52.849 triệu đồng, "
            "đạt 36,5% kế hoạch; ước thực hiện 31/12/2023 giải ngân 144.636 triệu đồng, đạt 100% kế hoạch")
    rep = run([row("6.1.1", "2", "2", text)], [stats(sys_row("6.1.1", 51740, 94561))])
    r = result(rep, "6.1.1")
    assert (r.status, r.suggested_score) == (Status.PARTIAL, Decimal("1.09"))
    assert K.CLAIM_MISMATCH in kinds(r, E)
    assert any(f.kind is K.ESTIMATE and "ước tính" in f.message for f in r.findings)


# 9 -------------------------------------------------------------------------------------------
def test_9_system_figure_beats_the_self_report() -> None:
    text = "Số TTHC có phát sinh giao dịch thanh toán trực tuyến trên tổng số TTHC đang triển khai là 19/86 thủ tục"
    without = result(run([row("7.3.2", "0.5", "0.11", text)], []), "7.3.2")
    assert without.suggested_score == Decimal("0.11")
    r = result(run([row("7.3.2", "0.5", "0.11", text)], [stats(sys_row("7.3.2", 5, 48))]), "7.3.2")
    assert r.suggested_score == Decimal("0.05")
    assert K.CLAIM_MISMATCH in kinds(r, E)


# 10 ------------------------------------------------------------------------------------------
def test_10_declared_ratio_is_recomputed() -> None:
    text = "Tỷ lệ đơn vị sự nghiệp công lập có tiết kiệm kinh phí là 1/32= 8,68% đơn vị."
    r = result(run([row("6.3.1", "1", "0", text)], []), "6.3.1")
    assert r.suggested_score == 0
    errs = [f for f in r.findings if f.kind is K.ARITHMETIC_ERROR]
    assert len(errs) == 1 and "3,13%" in errs[0].message


# 11 ------------------------------------------------------------------------------------------
def test_11_a_proposal_is_not_an_approval() -> None:
    text = "gửi tờ trình đề nghị Sở Nội vụ thẩm định (Tờ trình số 195/TTr-UBND ngày 30/11/2023 của UBND huyện)"
    ttr = doc("evidence/5.1.1/ttr.pdf", "195/TTr-UBND", D(2023, 11, 30), "Về việc thẩm định, phê duyệt vị trí việc làm")
    r = result(run([row("5.1.1", "1", "1", text)], [ttr]), "5.1.1")
    assert (r.status, r.suggested_score) == (Status.FAIL, Decimal(0))
    assert K.WRONG_TYPE in kinds(r, E)
    approved = doc("evidence/5.1.1/qd.pdf", "88/QĐ-UBND", D(2023, 12, 1), "Về việc phê duyệt vị trí việc làm")
    assert result(run([row("5.1.1", "1", "1", text)], [ttr, approved]), "5.1.1").suggested_score == Decimal("1.00")


# 12 ------------------------------------------------------------------------------------------
def test_12_parents_sum_their_children_and_totals_follow() -> None:
    rep = run([row("6.1.1", "2", "2"), row("6.3.1", "1", "0", "1/32= 8,68% đơn vị")],
              [stats(sys_row("6.1.1", 51740, 94561))])
    by = {c.code: c for c in rep.criteria}
    fw_children = {"6.1": ["6.1.1", "6.1.2", "6.1.3"], "6": ["6.1", "6.2", "6.3", "6.4", "6.5"]}
    for parent, children in fw_children.items():
        assert by[parent].suggested_score == sum(by[k].suggested_score or 0 for k in children)
    top = [c for c in rep.criteria if "." not in c.code]
    assert rep.totals.suggested == sum(c.suggested_score or 0 for c in top)
    assert rep.totals.max == Decimal(100)   # nothing was dropped in this table


def test_9_1_deduction_lists_its_reasons_and_is_capped() -> None:
    rows = [row("6.3.1", "1", "0", "1/32= 8,68% đơn vị"), row("1.6.1", "4", "4")]
    rep = run(rows, [])
    d = next(x for x in rep.deductions if x.code == "9.1")
    assert d.points == Decimal("-1")   # contradiction (6.3.1) and missing evidence (1.6.1 and more)
    assert "6.3.1: arithmetic_error" in d.reasons and "1.6.1: missing_evidence" in d.reasons
    assert result(rep, "9.1").suggested_score == Decimal("-1")
