"""evaluate() on submission-level matters: files, duplicates, attachments, unsorted evidence,
table problems, claims against documents, a 2024 submission, determinism and speed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from decimal import Decimal

from verifier.assessment.model import TableProblem
from verifier.results import FindingKind as K
from verifier.results import Severity, Status
from verifier.score import evaluate

from .builders import broken, doc, row, table
from .support import framework, kinds, result, run

D = dt.date
PLAN = "Kế hoạch cải cách hành chính nhà nước trên địa bàn huyện Kon Rẫy năm {y}"


def test_unreadable_file_is_an_error_with_its_code_and_a_file_status() -> None:
    rep = run([row("1.1.1", "0.5", "0.5")], [broken("evidence/1.1.1/kh.pdf")])
    r = result(rep, "1.1.1")
    unreadable = [f for f in r.findings if f.kind is K.UNREADABLE]
    assert unreadable and "E_CORRUPT" in unreadable[0].message and unreadable[0].severity is Severity.ERROR
    status = next(f for f in rep.files if f.file == "evidence/1.1.1/kh.pdf")
    assert (status.ok, status.error_code) == (False, "E_CORRUPT")


def test_same_content_under_two_criteria_is_a_duplicate() -> None:
    a = doc("evidence/1.1.1/kh.pdf", "163/KH-UBND", D(2022, 12, 30), PLAN.format(y=2023), content=b"same")
    b = doc("evidence/1.1.2/kh-copy.pdf", "163/KH-UBND", D(2022, 12, 30), PLAN.format(y=2023), content=b"same")
    rep = run([row("1.1.1", "0.5", "0.5"), row("1.1.2", "0.5", "0.5")], [a, b])
    dup = [f for f in result(rep, "1.1.2").findings if f.kind is K.DUPLICATE_EVIDENCE]
    assert dup and dup[0].file == "evidence/1.1.2/kh-copy.pdf" and "evidence/1.1.1/kh.pdf" in dup[0].message
    assert K.DUPLICATE_EVIDENCE not in kinds(result(rep, "1.1.1"))


def test_attachment_named_but_not_uploaded() -> None:
    uploaded = doc("evidence/2.1.3/BCUB công tác theo dõi thi hành pháp luật năm 2023.pdf", "496/BC-UBND",
                   D(2023, 11, 27), "Công tác theo dõi tình hình thi hành pháp luật năm 2023")
    names = ("bcub CÔNG TÁC theo dõi thi hành pháp luật năm 2023.pdf", "CVSTP Vv báo cáo năm 2023.pdf")
    r = result(run([row("2.1.3", "1", "1", attachments=names)], [uploaded]), "2.1.3")
    missing = [f for f in r.findings if f.kind is K.UNKNOWN_ATTACHMENT]
    assert [f.file for f in missing] == ["CVSTP Vv báo cáo năm 2023.pdf"]
    assert missing[0].severity is Severity.WARNING


def test_unsorted_evidence_is_assigned_by_content_and_strays_are_reported() -> None:
    plan = doc("evidence/kh163.pdf", "163/KH-UBND", D(2022, 12, 30), PLAN.format(y=2023))
    stray = doc("evidence/giay-moi.pdf", "12/GM-UBND", D(2023, 5, 5), "Mời họp giao ban")
    rep = run([row("1.1.1", "0.5", "0.5")], [plan, stray])
    assert result(rep, "1.1.1").suggested_score == Decimal("0.50")
    strays = [f for f in rep.findings if f.file == "evidence/giay-moi.pdf"]
    assert [(f.kind, f.criterion) for f in strays] == [(K.UNASSIGNED_FILE, None)]


def test_cited_document_with_another_date_is_a_claim_mismatch() -> None:
    text = "Kế hoạch số 163/KH-UBND ngày 28/12/2022 của UBND huyện"
    r = result(run([row("1.1.1", "0.5", "0.5", text)],
                   [doc("evidence/1.1.1/kh.pdf", "163/KH-UBND", D(2022, 12, 30), PLAN.format(y=2023))]), "1.1.1")
    mismatch = [f for f in r.findings if f.kind is K.CLAIM_MISMATCH]
    assert mismatch and mismatch[0].document == "163/KH-UBND" and mismatch[0].date == D(2022, 12, 30)
    assert r.status is Status.PARTIAL


def test_cited_required_document_not_uploaded_is_missing_evidence_naming_it() -> None:
    r = result(run([row("1.1.1", "0.5", "0.5", "Kế hoạch số 163/KH-UBND ngày 30/12/2022")], []), "1.1.1")
    missing = [f for f in r.findings if f.kind is K.MISSING_EVIDENCE]
    assert missing and "163/KH-UBND" in missing[0].message and "evidence/1.1.1/" in missing[0].message
    assert K.UNVERIFIED_CLAIM not in kinds(r)   # said once, as missing evidence


def test_wrong_period_document() -> None:
    old = doc("evidence/2.1.1/kh.pdf", "20/KH-UBND", D(2022, 2, 10),
              "Theo dõi tình hình thi hành pháp luật năm 2022 trên địa bàn huyện")
    r = result(run([row("2.1.1", "1", "1")], [old]), "2.1.1")
    assert K.WRONG_PERIOD in kinds(r, Severity.ERROR) and r.suggested_score == 0


def test_low_confidence_number_is_a_warning() -> None:
    shaky = doc("evidence/1.1.1/kh.pdf", "163/KH-UBND", D(2022, 12, 30), PLAN.format(y=2023), confidence=0.6)
    r = result(run([row("1.1.1", "0.5", "0.5")], [shaky]), "1.1.1")
    assert K.LOW_CONFIDENCE in kinds(r, Severity.WARNING) and r.suggested_score == Decimal("0.50")


def test_table_problems_and_unknown_codes_become_findings() -> None:
    t = table(row("1.1.1", "0.5", "0.7"), row("1.9.9", "1", "1", line=7))
    t = dataclasses.replace(t, problems=(TableProblem("self_above_max", "Tự đánh giá vượt điểm tối đa", 3, "1.1.1"),
                                         TableProblem("bad_number", "Ô «Tự đánh giá» không phải số", 9, None)))
    rep = evaluate(framework(), t, [])
    assert K.TABLE_ERROR in kinds(result(rep, "1.1.1"), Severity.ERROR)
    sub = {(f.kind, f.criterion) for f in rep.findings}
    assert (K.TABLE_ERROR, "1.9.9") in sub and (K.TABLE_ERROR, None) in sub


def test_a_2024_submission_is_judged_with_2024_deadlines() -> None:
    on_time = doc("evidence/1.1.1/kh.pdf", "170/KH-UBND", D(2023, 12, 28), PLAN.format(y=2024))
    rep = run([row("1.1.1", "0.5", "0.5")], [on_time], year=2024)
    assert rep.framework == "kontum/district-2024@2024.1"
    assert result(rep, "1.1.1").suggested_score == Decimal("0.50")
    late = doc("evidence/1.1.1/kh.pdf", "3/KH-UBND", D(2024, 1, 8), PLAN.format(y=2024))
    assert K.LATE in kinds(result(run([row("1.1.1", "0.5", "0.5")], [late], year=2024), "1.1.1"))
    # the 2023 plan is the wrong year's plan for 2024
    old = doc("evidence/1.1.1/kh.pdf", "163/KH-UBND", D(2022, 12, 30), PLAN.format(y=2023))
    assert result(run([row("1.1.1", "0.5", "0.5")], [old], year=2024), "1.1.1").suggested_score == 0


def test_deterministic_and_fast() -> None:
    evidence = [doc(f"evidence/1.2.1/{i}.pdf", f"{i}/BC-UBND", D(2023, 3, 1 + i % 28),
                    f"Kết quả công tác cải cách hành chính quý I năm 2023 lần {i}") for i in range(1, 200)]
    rows = [row("1.2.1", "0.5", "0.5", "Báo cáo quý I số 75/BC-UBND ngày 15/3/2023")]
    started = time.perf_counter()
    a = run(rows, evidence)
    elapsed = time.perf_counter() - started
    assert a == run(rows, evidence)
    assert elapsed < 1.0


def test_never_raises_on_odd_evidence() -> None:
    from verifier.evidence import Evidence

    odd = [Evidence("evidence/x", None, None, None, None), Evidence("evidence/1.1.1/y.pdf", "1.1.1", "", None, None)]
    rep = run([row("1.1.1", "0.5", None, "Kế hoạch số  /KH- ngày 99/99/2023 — 5/0 = 12%")], odd)
    assert result(rep, "1.1.1").status in (Status.FAIL, Status.MANUAL_REVIEW)


def test_a_negative_self_score_is_a_deduction_only_in_the_frameworks_penalty_field() -> None:
    """The table is read before the framework is known; evaluate() re-judges its score ranges with
    the framework's `kind: penalty` fields, whatever their titles."""
    from pathlib import Path

    from verifier.assessment import parse_table_text
    from verifier.rules import load_framework

    root = Path(__file__).resolve().parents[2]
    fw = load_framework(root / "rules" / "kontum" / "district-2023.yaml")
    text = (root / "sample_evidence" / "konray-2023" / "assessment.tsv").read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("9.2."))
    cells = lines[at].split("\t")
    cells[2] = "-1"
    lines[at] = "\t".join(cells)
    t = parse_table_text("\n".join(lines), "assessment.tsv")
    assert "negative_score" in {p.code for p in t.problems if p.criterion == "9.2"}   # no framework yet
    report = evaluate(fw, t, [])
    flagged = [f for c in report.criteria if c.code == "9.2" for f in c.findings if "âm" in f.message]
    assert flagged == []
