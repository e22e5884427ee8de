"""Bundles: several documents in one real PDF (built by samplegen and merged by PDFium, as units do),
split where a Decree 30 header starts, each identified and matched on its own pages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from samplegen import DocSpec, Ref, Signer
from samplegen.bundle import merge_pdfs
from samplegen.konray2023 import CORPUS
from samplegen.layout import pinned_rl_config, render_pdf_bytes
from samplegen.scan import scanned_pdf
from verifier.assessment import load_table
from verifier.evidence import Evidence
from verifier.identify.split import signals
from verifier.limits import ReadSettings
from verifier.pipeline import extract_evidence
from verifier.read.model import Page, PageMethod
from verifier.report.extract_json import evidence_to_dict
from verifier.results import CriterionResult, FindingKind, Status
from verifier.rules import load_framework
from verifier.score import evaluate
from verifier.text import normalize

ROOT = Path(__file__).resolve().parents[2]
SPECS = {s.number: s for s in CORPUS if isinstance(s, DocSpec)}
REPORTS = ("75/BC-UBND", "195/BC-UBND", "363/BC-UBND", "540/BC-UBND")
BUNDLE = "evidence/1.2.1/TLKC tiêu chí 1.2.1.pdf"
D = dt.date


def _spans(numbers: tuple[str, ...]) -> list[tuple[int, int]]:
    """Page ranges from the specs' own page counts (what was merged), not from the reader."""
    out, first = [], 1
    for n in numbers:
        out.append((first, first + SPECS[n].pages - 1))
        first += SPECS[n].pages
    return out


def _write(root: Path, relative: str, data: bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _extract(root: Path, relative: str) -> Evidence:
    return extract_evidence(root / relative, relative, ReadSettings.from_env(), cache=None)


@pytest.fixture(scope="module")
def reports_bundle(tmp_path_factory: pytest.TempPathFactory) -> Evidence:
    root = tmp_path_factory.mktemp("bundle")
    _write(root, BUNDLE, merge_pdfs([render_pdf_bytes(SPECS[n]) for n in REPORTS]))
    return _extract(root, BUNDLE)


def test_each_document_of_a_bundle_is_found_with_its_pages(reports_bundle: Evidence) -> None:
    docs = reports_bundle.documents
    assert [d.pages for d in docs] == _spans(REPORTS)
    for d, n in zip(docs, REPORTS, strict=True):
        spec = SPECS[n]
        assert d.identity.number is not None and d.identity.number.value.text == spec.number
        assert d.identity.date is not None and d.identity.date.value == spec.date
        assert d.identity.title is not None and d.identity.title.value == " ".join(spec.title.split())
        assert d.attached_to is None
    # The file's own identity stays that of its first document.
    assert reports_bundle.identity == docs[0].identity


def test_extract_json_lists_the_documents_and_keeps_the_file_keys(reports_bundle: Evidence) -> None:
    out = json.loads(json.dumps(evidence_to_dict(reports_bundle)))
    assert out["number"] == "75/BC-UBND" and out["pages"] == 9
    assert [(d["pages"], d["number"], d["date"]) for d in out["documents"]] == [
        (list(span), n, SPECS[n].date.isoformat()) for span, n in zip(_spans(REPORTS), REPORTS, strict=True)]
    assert set(out["documents"][0]) == {"pages", "number", "type", "type_code", "issuer", "date", "place", "title",
                                        "references", "attached_to"}
    assert out["signatures"] == []


def _konray(evidence: list[Evidence]) -> dict[str, CriterionResult]:
    fw = load_framework(ROOT / "rules" / "kontum" / "district-2023.yaml")
    table = load_table(ROOT / "sample_evidence" / "konray-2023" / "assessment.tsv")
    report = evaluate(fw, table, evidence)
    return {c.code: c for c in report.criteria}


def test_the_four_reports_merged_into_one_pdf_get_the_full_score(reports_bundle: Evidence) -> None:
    r = _konray([reports_bundle])["1.2.1"]
    assert r.suggested_score == Decimal("0.50"), [f.message for f in r.findings]
    assert r.status is Status.PASS
    assert FindingKind.MISSING_EVIDENCE not in {f.kind for f in r.findings}


def test_a_late_document_inside_a_bundle_is_named_by_file_and_pages(tmp_path: Path) -> None:
    late = dataclasses.replace(SPECS["363/BC-UBND"], date=D(2023, 9, 20))
    parts = [render_pdf_bytes(SPECS["75/BC-UBND"]), render_pdf_bytes(SPECS["195/BC-UBND"]),
             render_pdf_bytes(late), render_pdf_bytes(SPECS["540/BC-UBND"])]
    _write(tmp_path, BUNDLE, merge_pdfs(parts))
    r = _konray([_extract(tmp_path, BUNDLE)])["1.2.1"]
    found = [f for f in r.findings if f.kind is FindingKind.LATE]
    first, last = _spans(REPORTS)[2]
    assert len(found) == 1 and found[0].pages == (first, last) and found[0].page == first
    assert f"tr. {first}–{last}" in found[0].message and BUNDLE in found[0].message


# -- where a document starts ----------------------------------------------------------------------

def _page(text: str) -> Page:
    return Page(2, normalize(text), PageMethod.TEXT)


HEADER = """ỦY BAN NHÂN DÂN
HUYỆN KON RẪY
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 540/BC-UBND Kon Rẫy, ngày 14 tháng 12 năm 2023
BÁO CÁO
Kết quả công tác cải cách hành chính năm 2023"""


@pytest.mark.parametrize(("text", "starts"), [
    pytest.param(HEADER, True, id="full-header"),
    pytest.param("2\nCăn cứ Kế hoạch số 163/KH-UBND ngày 30/12/2022 của UBND huyện;\nCác phòng ban thực hiện.",
                 False, id="page-number-and-can-cu"),
    pytest.param("UBND HUYỆN KON RẪY\nBÁO CÁO CCHC NĂM 2023\n3\nII. NHIỆM VỤ TRỌNG TÂM", False,
                 id="running-header"),
    pytest.param("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐƠN ĐỀ NGHỊ\nKính gửi: UBND xã",
                 False, id="motto-of-a-form-alone"),
    pytest.param("ỦY BAN NHÂN DÂN\nHUYỆN KON RẪY\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                 "KẾ HOẠCH\nCải cách hành chính năm 2023\n(Ban hành kèm theo Quyết định số 25/QĐ-UBND\n"
                 "ngày 10/01/2023 của UBND huyện Kon Rẫy)", True, id="plan-issued-by-decision"),
    pytest.param("QUY CHẾ\nLàm việc của Ủy ban nhân dân huyện\n(Ban hành kèm theo Quyết định số 344/QĐ-UBND "
                 "ngày 14/6/2019)", True, id="regulation-without-its-header-block"),
    pytest.param("Thực hiện Kế hoạch ban hành kèm theo Quyết định số 25/QĐ-UBND ngày 10/01/2023, "
                 "UBND huyện báo cáo như sau:", False, id="kem-theo-in-running-text"),
])
def test_where_a_document_starts(text: str, starts: bool) -> None:
    assert signals(_page(text)).starts_document is starts


# -- a plan issued by a decision --------------------------------------------------------------------

DECISION = Ref("25/QĐ-UBND", D(2022, 12, 28), "Quyết định", "của Ủy ban nhân dân huyện Kon Rẫy")
SIGNER = Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An")
PLAN_TITLE = "Cải cách hành chính nhà nước trên địa bàn huyện Kon Rẫy năm 2023"
QD = DocSpec(file="evidence/1.1.1/qd.pdf", number="25/QĐ-UBND", type="Quyết định",
             issuer="ỦY BAN NHÂN DÂN HUYỆN KON RẪY", date=DECISION.date or D(2022, 12, 28),
             title=f"Ban hành Kế hoạch {PLAN_TITLE[0].lower()}{PLAN_TITLE[1:]}",
             body=("# QUYẾT ĐỊNH:", "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính năm 2023.",
                   "Điều 2. Quyết định có hiệu lực kể từ ngày ký."),
             signer=SIGNER, pages=1)
KH = DocSpec(file="evidence/1.1.1/kh.pdf", number="25/QĐ-UBND", type="Kế hoạch", issuer="ỦY BAN NHÂN DÂN HUYỆN KON RẪY",
             date=DECISION.date or D(2022, 12, 28), title=PLAN_TITLE,
             body=("# I. MỤC ĐÍCH, YÊU CẦU", "Đẩy mạnh cải cách hành chính trên sáu lĩnh vực.",
                   "# II. NHIỆM VỤ", "Cải cách thể chế; cải cách thủ tục hành chính; cải cách tổ chức bộ máy."),
             signer=SIGNER, pages=2, issued_by=DECISION)


@pytest.mark.parametrize("with_decision", [True, False], ids=["decision-and-plan", "plan-alone"])
def test_a_plan_issued_by_a_decision_carries_its_number_and_date(tmp_path: Path, with_decision: bool) -> None:
    parts = [render_pdf_bytes(QD), render_pdf_bytes(KH)] if with_decision else [render_pdf_bytes(KH)]
    rel = "evidence/1.1.1/Kế hoạch CCHC 2023.pdf"
    _write(tmp_path, rel, merge_pdfs(parts))
    ev = _extract(tmp_path, rel)
    plan = ev.documents[-1]
    assert plan.pages == ((2, 3) if with_decision else (1, 2))
    assert len(ev.documents) == (2 if with_decision else 1)
    ident = plan.identity
    assert ident.number is not None and ident.number.value.text == "25/QĐ-UBND"
    assert ident.date is not None and ident.date.value == D(2022, 12, 28)
    assert ident.type_code is not None and ident.type_code.value == "KH"
    assert ident.title is not None and ident.title.value == PLAN_TITLE
    assert plan.attached_to is not None and plan.attached_to.text == "25/QĐ-UBND"
    assert "25/QĐ-UBND" not in {c.number.text for c in ident.citations}
    # A KH requirement is met by it, its deadline (31/12/2022) judged on the decision's date.
    r = _konray([ev])["1.1.1"]
    assert r.suggested_score == Decimal("0.50"), [f.message for f in r.findings]


def test_a_plan_issued_after_the_deadline_is_late_on_the_decisions_date(tmp_path: Path) -> None:
    late = Ref("3/QĐ-UBND", D(2023, 1, 6), "Quyết định", "của Ủy ban nhân dân huyện Kon Rẫy")
    spec = dataclasses.replace(KH, number=late.number, date=late.date or D(2023, 1, 6), issued_by=late)
    rel = "evidence/1.1.1/kh.pdf"
    _write(tmp_path, rel, render_pdf_bytes(spec))
    r = _konray([_extract(tmp_path, rel)])["1.1.1"]
    assert r.suggested_score == Decimal(0)
    assert FindingKind.LATE in {f.kind for f in r.findings}


# -- bad input inside a bundle ----------------------------------------------------------------------

def _corrupt_image_page(tmp: Path) -> bytes:
    """A scanned page whose JPEG data is garbage past its header (a broken transfer)."""
    buf = io.BytesIO()
    Image.new("L", (600, 840), 255).save(buf, "JPEG")
    data = buf.getvalue()
    jpeg = tmp / "broken.jpg"
    jpeg.write_bytes(data[:200] + bytes((i * 37) % 256 for i in range(len(data) - 400)) + data[-200:])
    out = io.BytesIO()
    with pinned_rl_config(use_a85=1):
        c = Canvas(out, pagesize=A4, invariant=1)
        c.drawImage(str(jpeg), 0, 0, *A4)      # a file path: reportlab embeds the JPEG as it is
        c.showPage()
        c.save()
    return out.getvalue()


def test_an_unreadable_page_inside_a_bundle_keeps_the_other_documents(tmp_path: Path) -> None:
    parts = [render_pdf_bytes(SPECS["75/BC-UBND"]), _corrupt_image_page(tmp_path),
             render_pdf_bytes(SPECS["195/BC-UBND"])]
    _write(tmp_path, BUNDLE, merge_pdfs(parts))
    ev = _extract(tmp_path, BUNDLE)
    assert ev.ok, ev.error
    q1 = SPECS["75/BC-UBND"].pages
    assert [d.identity.number.value.text for d in ev.documents if d.identity.number] == ["75/BC-UBND", "195/BC-UBND"]
    assert [d.pages for d in ev.documents] == [(1, q1 + 1), (q1 + 2, q1 + 1 + SPECS["195/BC-UBND"].pages)]
    assert ev.read is not None and ev.read.pages[q1].method is PageMethod.BLANK


@pytest.mark.slow
@pytest.mark.ocr
def test_a_scanned_bundle_is_split_and_identified(tmp_path: Path) -> None:
    merged = merge_pdfs([render_pdf_bytes(SPECS[n]) for n in REPORTS])
    _write(tmp_path, BUNDLE, scanned_pdf(merged, seed=121, colour=False))
    ev = _extract(tmp_path, BUNDLE)
    assert [d.pages for d in ev.documents] == _spans(REPORTS)
    got = [(d.identity.number.value.text if d.identity.number else None,
            d.identity.date.value if d.identity.date else None) for d in ev.documents]
    assert got == [(n, SPECS[n].date) for n in REPORTS]
