"""The kinds of criteria real frameworks have beyond the district table, on the shipped Sơn La commune
framework (a new province and level, no code) and small frameworks that extend it."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from verifier.results import FindingKind as K
from verifier.results import Report, Severity, Status
from verifier.rules import Framework, load_framework
from verifier.score import evaluate

from .builders import STATS_HEADER, doc, row, table, workbook
from .support import kinds, result

D = dt.date
ROOT = Path(__file__).resolve().parents[2]
XA = "ỦY BAN NHÂN DÂN XÃ MƯỜNG MẪU"
TINH = "ỦY BAN NHÂN DÂN TỈNH SƠN LA"
UNIT = "Xã Mường Mẫu"


def commune() -> Framework:
    return load_framework(ROOT / "rules" / "sonla" / "commune-2025.yaml")


def run(rows: list, evidence: list, fw: Framework | None = None) -> Report:  # type: ignore[type-arg]
    return evaluate(fw or commune(), table(*rows, year=2025, unit=UNIT), evidence)


@pytest.fixture()
def rules(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    return tmp_path / "rules"


def variant(rules: Path, body: str) -> Framework:
    path = rules / "sonla" / "commune-2025-test.yaml"
    path.write_text("extends: sonla/commune-2025\nframework: {id: sonla/commune-2025-test, version: t}\n" + body,
                    encoding="utf-8")
    return load_framework(path)


def meeting(n: int, month: int) -> object:
    return doc(f"evidence/1.5/tb-{n}.pdf", f"{n}/TB-UBND", D(2025, month, 5),
               "Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban cải cách hành chính", issuer=XA)


# --- count steps -------------------------------------------------------------------------------

def test_meetings_are_counted_from_documents_not_from_the_claim() -> None:
    rep = run([row("1.5", "1", "1", "Tổ chức 04 cuộc họp giao ban")],
              [meeting(30, 8), meeting(41, 10), meeting(52, 12)])
    r = result(rep, "1.5")
    assert r.suggested_score == Decimal("0.75")
    assert K.SCORE_MISMATCH in kinds(r, Severity.WARNING)          # the unit claimed 1


def test_a_declared_count_without_documents_is_scored_but_flagged() -> None:
    r = result(run([row("1.5", "1", "0.5", "Đã tổ chức 02 cuộc họp giao ban")], []), "1.5")
    assert r.suggested_score == Decimal("0.5") and K.UNVERIFIED_CLAIM in kinds(r, Severity.WARNING)


def test_nothing_claimed_is_not_missing_evidence_but_a_claim_with_nothing_is() -> None:
    quiet = result(run([row("1.5", "1", "0", "Không tổ chức")], []), "1.5")
    assert quiet.suggested_score == 0 and K.MISSING_EVIDENCE not in kinds(quiet)
    loud = result(run([row("1.5", "1", "1", "Thực hiện tốt")], []), "1.5")
    assert loud.suggested_score == 0 and K.MISSING_EVIDENCE in kinds(loud, Severity.ERROR)


# --- ratio steps ("trên 90%": strict) --------------------------------------------------------------

@pytest.mark.parametrize(("declared", "score"), [("18/20, đạt 90%", "1"), ("19/20, đạt 95%", "2"),
                                                  ("14/20, đạt 70%", "1"), ("13/20, đạt 65%", "0")])
def test_bands_above_and_from(declared: str, score: str) -> None:
    r = result(run([row("1.1.2", "2", "2", f"Hoàn thành {declared} nhiệm vụ")], []), "1.1.2")
    assert r.suggested_score == Decimal(score)


# --- per-item penalties: the row and the deduction list agree -------------------------------------

@pytest.mark.parametrize(("declared", "suggested", "warned"), [("-1", "-1", False), ("-1.5", "-1.5", False),
                                                               ("-3", "-2", True), ("-0.75", "-1", True)])
def test_penalty_per_item_with_its_cap(declared: str, suggested: str, warned: bool) -> None:
    rep = run([row("10.2", "0", declared, "Hồ sơ trễ hạn chưa có phiếu xin lỗi")], [])
    r = result(rep, "10.2")
    assert r.suggested_score == Decimal(suggested)
    assert (K.TABLE_ERROR in kinds(r, Severity.WARNING)) is warned
    listed = next(d for d in rep.deductions if d.code == "10.2")
    assert listed.points == r.suggested_score
    # the field is the sum of its rows (here also 10.1, the deduction suggested from the rows not filled in)
    integrity = result(rep, "10.1").suggested_score
    assert r.suggested_score is not None and integrity is not None
    assert result(rep, "10").suggested_score == r.suggested_score + integrity


# --- surveys and system-scored criteria ask nothing of the unit -----------------------------------

def test_a_survey_is_not_self_scored() -> None:
    rep = run([row("8.1", "10", "9")], [])
    r = result(rep, "8.1")
    assert r.suggested_score is None and r.status is Status.MANUAL_REVIEW
    assert any("điều tra xã hội học" in f.message for f in r.findings if f.kind is K.MANUAL_CHECK)
    assert K.TABLE_ERROR in kinds(r, Severity.WARNING)            # it carries a self score it should not
    assert rep.totals.max == Decimal(100)


def test_a_system_scored_criterion_says_who_scores_it_instead_of_asking_for_files() -> None:
    r = result(run([row("3.3", "4", "4")], []), "3.3")
    assert r.status is Status.MANUAL_REVIEW and r.suggested_score is None
    assert not [f for f in r.findings if f.severity is not Severity.INFO]
    assert any("Trung tâm Phục vụ hành chính công" in f.message and "không cần tải" in f.message for f in r.findings)
    stats = workbook("evidence/so-lieu.xlsx", [STATS_HEADER, ("3.3", "Hồ sơ trực tuyến toàn trình", 412, 950, "",
                                                              "01/07/2025", "15/12/2025", "Hệ thống")])
    scored = result(run([row("3.3", "4", "4", "Đạt 43,37%")], [stats]), "3.3")
    assert scored.suggested_score == Decimal("3.47")               # 766 cap at 50 %: 4 × 43.37 / 50


# --- not applicable: remove from the maximum, or full marks ---------------------------------------

def test_the_not_applicable_convention_is_per_framework_and_per_criterion(rules: Path) -> None:
    text = "Trong năm không được giao nhiệm vụ; không đánh giá tiêu chí này"
    rule = 'criteria:\n  - code: "1.6"\n    rule: {not_assessed_when: ["khong danh gia tieu chi nay"]'
    removed = variant(rules, rule + "}\n")
    rep = run([row("1.6", "2.5", "0", text)], [], removed)
    assert result(rep, "1.6").status is Status.NOT_APPLICABLE and rep.totals.max == Decimal("97.5")
    full = variant(rules, rule + ", not_applicable: full_marks}\n")
    rep = run([row("1.6", "2.5", "2.5", text)], [], full)
    r = result(rep, "1.6")
    assert (r.status, r.suggested_score) == (Status.PASS, Decimal("2.5")) and rep.totals.max == Decimal(100)


# --- bonus points with a cap --------------------------------------------------------------------

def test_bonus_points_are_capped_and_stay_out_of_the_maximum() -> None:
    award = doc("evidence/9.2/qd-khen.pdf", "1901/QĐ-UBND", D(2025, 12, 9),
                "Khen thưởng tập thể có thành tích xuất sắc trong công tác cải cách hành chính năm 2025", issuer=TINH)
    idea = doc("evidence/9.1/qd-sang-kien.pdf", "1850/QĐ-UBND", D(2025, 11, 28),
               "Công nhận sáng kiến cải cách hành chính cấp tỉnh năm 2025", issuer=TINH)
    rep = run([row("9.1", "2", "2"), row("9.2", "2", "2")], [award, idea])
    assert result(rep, "9.1").suggested_score == result(rep, "9.2").suggested_score == Decimal(2)
    assert result(rep, "9").suggested_score == Decimal(3)           # 4 points, capped at the field's 3
    assert rep.totals.max == Decimal(100)
    unclaimed = run([row("9.1", "2", "0"), row("9.2", "2", "0")], [])
    assert result(unclaimed, "9.1").status is Status.NOT_APPLICABLE
    assert not [f for f in result(unclaimed, "9.1").findings if f.severity is Severity.ERROR]


# --- the integrity deduction counts the finding kinds its rule lists --------------------------------

def test_which_findings_count_for_the_deduction_is_data(rules: Path) -> None:
    proposal = doc("evidence/4.2.1/ttr.pdf", "60/TTr-UBND", D(2025, 11, 20),
                   "Đề nghị thẩm định danh mục vị trí việc làm", issuer=XA)
    rows = [row("4.2.1", "2", "2", "Tờ trình số 60/TTr-UBND"), row("10.1", "0", "0")]
    scope = 'criteria:\n  - code: "10.1"\n    rule:\n      counts: ["4.2.1"]\n'   # this one criterion only
    plain = run(rows, [proposal], variant(rules, scope))
    assert K.WRONG_TYPE in kinds(result(plain, "4.2.1"), Severity.ERROR)
    assert next(d for d in plain.deductions if d.code == "10.1").points == 0
    stricter = variant(rules, scope + "      params: {contradiction_kinds: [claim_mismatch, arithmetic_error, "
                                      "wrong_type]}\n")
    counted = next(d for d in run(rows, [proposal], stricter).deductions if d.code == "10.1")
    assert counted.points == Decimal("-0.5") and counted.reasons == ("4.2.1: wrong_type",)


def test_an_unknown_finding_kind_is_a_lint_error(rules: Path) -> None:
    from verifier.errors import RuleError

    with pytest.raises(RuleError) as err:
        variant(rules, 'criteria:\n  - code: "10.1"\n    rule:\n      params: {contradiction_kinds: [backdatd]}\n')
    assert "unknown finding kind 'backdatd'" in err.value.message_en


# --- a plan issued late: part of the points where the framework says so ---------------------------

def test_late_plan_earns_the_late_fraction(rules: Path) -> None:
    fw = variant(rules, 'criteria:\n  - code: "1.1.1"\n    rule:\n      params: {late_fraction: 0.5}\n'
                        '      requires:\n        - {id: plan, label: "KH", types: [KH], issuer: own,'
                        ' topic: {all: ["cai cach hanh chinh"], scorer: partial_ratio, processor: fold, threshold: 90},'
                        ' period: assessed, deadline: {date: "{Y}-07-31"}}\n')
    late = doc("evidence/1.1.1/kh.pdf", "12/KH-UBND", D(2025, 8, 15), "Kế hoạch cải cách hành chính năm 2025",
               issuer=XA)
    r = result(run([row("1.1.1", "1", "1")], [late], fw), "1.1.1")
    assert r.suggested_score == Decimal("0.5") and K.LATE in kinds(r, Severity.ERROR)
