"""Integrity checks (score/integrity.py) on evidence carrying the signatures and metadata a reader
returns: backdated, altered after signing, signer mismatch, conflicting copies, suspicious metadata."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import pytest

from verifier.evidence import Evidence
from verifier.read.model import FileKind, FileMetadata, Page, PageMethod, Signature
from verifier.results import FindingKind as K
from verifier.results import Report, Severity
from verifier.rules.model import Integrity
from verifier.score import evaluate
from verifier.text import normalize

from .builders import doc, row, table
from .support import framework, kinds, result, run

D = dt.date
E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
VN = dt.timezone(dt.timedelta(hours=7))
PLAN = "Kế hoạch cải cách hành chính nhà nước trên địa bàn huyện Kon Rẫy năm 2023"
ISSUER_ORG = "UBND huyện Kon Rẫy"


def signed(e: Evidence, *sigs: Signature) -> Evidence:
    assert e.read is not None
    return dataclasses.replace(e, read=dataclasses.replace(e.read, signatures=sigs))


def sig(at: dt.datetime | None, *, org: str | None = ISSUER_ORG, whole: bool = True, intact: bool | None = True,
        modification: str | None = "none", signer: str | None = "Nguyễn Văn An") -> Signature:
    return Signature(signer, org, at, whole, None, intact, modification)


def plan(printed: dt.date, file: str = "evidence/1.1.1/kh.pdf") -> Evidence:
    return doc(file, "163/KH-UBND", printed, PLAN)


def plan_report(e: Evidence, tolerance: int | None = None) -> Report:
    rows = [row("1.1.1", "0.5", "0.5", "Kế hoạch số 163/KH-UBND ngày 30/12/2022")]
    if tolerance is None:
        return run(rows, [e])
    fw = dataclasses.replace(framework(), integrity=Integrity(signing_tolerance_days=tolerance))
    return evaluate(fw, table(*rows), [e])


def test_signed_a_week_after_its_printed_date_and_too_late_that_way_is_backdated() -> None:
    rep = plan_report(signed(plan(D(2022, 12, 30)), sig(dt.datetime(2023, 1, 5, 16, 45, tzinfo=VN))))
    r = result(rep, "1.1.1")
    assert K.BACKDATED in kinds(r, E) and K.LATE not in kinds(r)
    assert r.suggested_score == 0
    found = next(f for f in r.findings if f.kind is K.BACKDATED)
    assert "30/12/2022" in found.message and "05/01/2023" in found.message
    assert "1.1.1: backdated" in next(d for d in rep.deductions if d.code == "9.1").reasons


def test_a_gap_that_still_meets_the_deadline_is_information() -> None:
    r = result(plan_report(signed(plan(D(2022, 12, 10)), sig(dt.datetime(2022, 12, 20, 9, tzinfo=VN)))), "1.1.1")
    assert K.BACKDATED in kinds(r, INFO) and K.BACKDATED not in kinds(r, E)
    assert r.suggested_score == Decimal("0.50")


def test_within_the_tolerance_the_printed_date_counts_even_across_the_deadline() -> None:
    r = result(plan_report(signed(plan(D(2022, 12, 30)), sig(dt.datetime(2023, 1, 2, 8, tzinfo=VN)))), "1.1.1")
    assert r.suggested_score == Decimal("0.50")
    assert K.BACKDATED in kinds(r, INFO) and K.BACKDATED not in kinds(r, E)


def test_the_tolerance_is_the_frameworks_parameter() -> None:
    e = signed(plan(D(2022, 12, 30)), sig(dt.datetime(2023, 1, 5, 16, 45, tzinfo=VN)))
    assert K.BACKDATED in kinds(result(plan_report(e, tolerance=3), "1.1.1"), E)
    assert K.BACKDATED not in kinds(result(plan_report(e, tolerance=10), "1.1.1"), E)


def test_the_signing_day_is_the_day_where_it_was_signed() -> None:
    # 31/12/2022 23:30 in Vietnam is 16:30 UTC: the local day decides, not the UTC one.
    late_night = dt.datetime(2022, 12, 31, 23, 30, tzinfo=VN)
    r = result(plan_report(signed(plan(D(2022, 12, 20)), sig(late_night))), "1.1.1")
    assert r.suggested_score == Decimal("0.50") and K.BACKDATED not in kinds(r, E)


@pytest.mark.parametrize(("sigs", "severity"), [
    pytest.param((sig(dt.datetime(2022, 12, 30, 9, tzinfo=VN), whole=False, modification=None),), E,
                 id="bytes-appended-after-the-only-signature"),
    pytest.param((sig(dt.datetime(2022, 12, 30, 9, tzinfo=VN), intact=False),), E, id="signed-bytes-changed"),
    pytest.param((sig(dt.datetime(2022, 12, 30, 9, tzinfo=VN), whole=False, modification="other"),
                  sig(dt.datetime(2022, 12, 30, 10, tzinfo=VN))), E, id="content-changed-between-signatures"),
    pytest.param((sig(dt.datetime(2022, 12, 30, 9, tzinfo=VN), whole=False, modification="annotations"),), INFO,
                 id="only-annotations-after-the-last-signature"),
])
def test_altered_after_signing(sigs: Sequence[Signature], severity: Severity) -> None:
    r = result(plan_report(signed(plan(D(2022, 12, 30)), *sigs)), "1.1.1")
    assert K.ALTERED_AFTER_SIGNING in kinds(r, severity)


def test_the_e_office_flow_leader_then_organisation_is_not_altered() -> None:
    # The leader signs; the văn thư stamps the number (an annotation) and the organisation signs it all.
    leader = sig(dt.datetime(2022, 12, 30, 9, tzinfo=VN), whole=False, modification="annotations", org=ISSUER_ORG)
    office = sig(dt.datetime(2022, 12, 30, 10, tzinfo=VN), signer="Ủy ban nhân dân huyện Kon Rẫy")
    r = result(plan_report(signed(plan(D(2022, 12, 30)), leader, office)), "1.1.1")
    assert not kinds(r) & {K.ALTERED_AFTER_SIGNING, K.SIGNER_MISMATCH, K.BACKDATED}
    assert r.suggested_score == Decimal("0.50")


def test_signed_by_another_organisation_is_a_signer_mismatch() -> None:
    e = signed(plan(D(2022, 12, 30)), sig(dt.datetime(2022, 12, 30, 9, tzinfo=VN), org="UBND huyện Đăk Tô"))
    r = result(plan_report(e), "1.1.1")
    found = next(f for f in r.findings if f.kind is K.SIGNER_MISMATCH)
    assert found.severity is W and "Đăk Tô" in found.message and "KON RẪY" in found.message


def test_a_signature_with_nothing_readable_in_it_is_no_crash_and_no_finding() -> None:
    blank = Signature(None, None, None, True, None)
    r = result(plan_report(signed(plan(D(2022, 12, 30)), blank)), "1.1.1")
    assert r.suggested_score == Decimal("0.50")
    assert not kinds(r) & {K.ALTERED_AFTER_SIGNING, K.SIGNER_MISMATCH, K.BACKDATED}


def _with_body(e: Evidence, body: str, method: PageMethod = PageMethod.TEXT) -> Evidence:
    assert e.read is not None
    page = Page(1, normalize(f"{e.read.pages[0].text}\n{body}"), method)
    return dataclasses.replace(e, read=dataclasses.replace(e.read, pages=(page,)))


BODY = ("I. MỤC ĐÍCH\nĐẩy mạnh cải cách thủ tục hành chính, nâng cao chất lượng phục vụ người dân.\n"
        "II. NHIỆM VỤ\n1. Rà soát 45 thủ tục hành chính; 2. Số hóa 100% hồ sơ; 3. Kiểm tra 12 xã, thị trấn.")


def test_two_files_with_one_number_and_date_but_different_text_conflict() -> None:
    a = _with_body(plan(D(2022, 12, 30), "evidence/1.1.1/kh.pdf"), BODY)
    b = _with_body(doc("evidence/1.1.1/kh-ban-2.pdf", "163/KH-UBND", D(2022, 12, 30), PLAN, content=b"other"),
                   "I. MỤC ĐÍCH\nTổ chức hội nghị triển khai.\nII. NHIỆM VỤ\nGiao Phòng Nội vụ theo dõi, "
                   "tổng hợp, báo cáo kết quả thực hiện về UBND huyện trước ngày 15/12/2023.")
    r = result(run([row("1.1.1", "0.5", "0.5")], [a, b]), "1.1.1")
    conflicts = [f for f in r.findings if f.kind is K.CONFLICTING_COPIES]
    assert {f.file for f in conflicts} == {a.file, b.file} and all(f.severity is E for f in conflicts)


def test_a_scan_of_the_same_document_is_not_a_conflict() -> None:
    a = _with_body(plan(D(2022, 12, 30), "evidence/1.1.1/kh.pdf"), BODY)
    noisy = BODY.replace("thủ tục", "thủ tuc").replace("100%", "l00%").replace("người dân", "ngưởi dân")
    b = _with_body(doc("evidence/1.1.1/kh-scan.pdf", "163/KH-UBND", D(2022, 12, 30), PLAN, content=b"scan"),
                   noisy, PageMethod.OCR)
    r = result(run([row("1.1.1", "0.5", "0.5")], [a, b]), "1.1.1")
    assert K.CONFLICTING_COPIES not in kinds(r)


def test_a_word_file_created_after_its_printed_date_is_noted() -> None:
    e = plan(D(2022, 12, 30), "evidence/1.1.1/kh.docx")
    assert e.read is not None
    meta = FileMetadata(created=dt.datetime(2023, 2, 14, 8, 0, tzinfo=VN))
    read = dataclasses.replace(e.read, kind=FileKind.DOCX, metadata=meta)
    e = dataclasses.replace(e, read=read)
    r = result(run([row("1.1.1", "0.5", "0.5")], [e]), "1.1.1")
    found = next(f for f in r.findings if f.kind is K.SUSPICIOUS_METADATA)
    assert found.severity is INFO and "14/02/2023" in found.message
    fresh = dataclasses.replace(e, read=dataclasses.replace(
        read, metadata=FileMetadata(created=dt.datetime(2022, 12, 29, 8, tzinfo=VN))))
    assert K.SUSPICIOUS_METADATA not in kinds(result(run([row("1.1.1", "0.5", "0.5")], [fresh]), "1.1.1"))
