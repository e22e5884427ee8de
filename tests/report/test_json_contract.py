"""`verifier check --format json`: findings inside a bundle carry pages; files[] lists each file's
documents (with pages) and signatures; every key round-trips through report_from_dict."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from verifier.evidence import Evidence
from verifier.identify.model import Document
from verifier.read.model import Page, PageMethod, Signature
from verifier.report.json_report import report_from_dict, report_to_dict
from verifier.results import FindingKind
from verifier.text import normalize

from ..score.builders import doc, row
from ..score.support import run

VN = dt.timezone(dt.timedelta(hours=7))
BUNDLE = "evidence/1.2.1/TLKC.pdf"


def _bundle() -> Evidence:
    """Two reports in one file, the second dated after its deadline (15/6/2023)."""
    q1 = doc(BUNDLE, "75/BC-UBND", dt.date(2023, 3, 15),
             "Kết quả thực hiện công tác cải cách hành chính quý I năm 2023")
    h1 = doc(BUNDLE, "195/BC-UBND", dt.date(2023, 6, 20),
             "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2023")
    assert q1.read is not None and h1.read is not None and q1.identity and h1.identity
    pages = (Page(1, q1.read.pages[0].text, PageMethod.TEXT), Page(2, normalize("2\nNội dung quý I."), PageMethod.TEXT),
             Page(3, h1.read.pages[0].text, PageMethod.TEXT))
    sig = Signature("Nguyễn Văn An", "UBND huyện Kon Rẫy", dt.datetime(2023, 3, 15, 16, 45, 12, tzinfo=VN), True, None)
    read = dataclasses.replace(q1.read, pages=pages, signatures=(sig,))
    return dataclasses.replace(q1, read=read, documents=(Document((1, 2), q1.identity), Document((3, 3), h1.identity)))


def test_findings_inside_a_bundle_name_their_pages_and_files_list_documents_and_signatures() -> None:
    report = run([row("1.2.1", "0.5", "0.5")], [_bundle()])
    data = json.loads(json.dumps(report_to_dict(report), ensure_ascii=False))
    crit = next(c for c in data["criteria"] if c["code"] == "1.2.1")
    late = next(f for f in crit["findings"] if f["kind"] == FindingKind.LATE.value)
    assert late["pages"] == [3, 3] and late["page"] == 3 and late["file"] == BUNDLE
    assert "tr. 3" in late["message"]
    missing = next(f for f in crit["findings"] if f["kind"] == FindingKind.MISSING_EVIDENCE.value)
    assert "pages" not in missing                  # not about a document: no pages key
    entry = next(f for f in data["files"] if f["file"] == BUNDLE)
    assert entry["documents"] == [
        {"pages": [1, 2], "number": "75/BC-UBND", "type_code": "BC", "date": "2023-03-15",
         "title": "Kết quả thực hiện công tác cải cách hành chính quý I năm 2023", "attached_to": None},
        {"pages": [3, 3], "number": "195/BC-UBND", "type_code": "BC", "date": "2023-06-20",
         "title": "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2023", "attached_to": None}]
    assert entry["signatures"] == [{"signer": "Nguyễn Văn An", "organization": "UBND huyện Kon Rẫy",
                                    "signed_at": "2023-03-15T16:45:12+07:00", "covers_whole_file": True,
                                    "valid": None}]
    # every existing key is still there
    assert {"file", "sha256", "ok", "ocr", "pages", "number", "date", "error_code", "error"} <= set(entry)


def test_the_report_round_trips_with_pages_documents_and_signatures() -> None:
    report = run([row("1.2.1", "0.5", "0.5")], [_bundle()])
    again = report_from_dict(json.loads(json.dumps(report_to_dict(report))))
    assert again.files == report.files
    assert again.criteria == report.criteria


def test_the_printable_report_shows_pages_inside_a_bundle_and_who_signed_when() -> None:
    from verifier.report.html_report import report_html

    report = run([row("1.2.1", "0.5", "0.5")], [_bundle()])
    vi, en = report_html(report, "vi"), report_html(report, "en")
    assert "75/BC-UBND (trang 1–2)" in vi and "195/BC-UBND (trang 3–3)" in vi
    assert "Ký số: Nguyễn Văn An, 15/03/2023 16:45 +0700 (chưa kiểm tra chứng thư)" in vi
    assert "Signed by Nguyễn Văn An, 15/03/2023 16:45 +0700 (certificate not checked)" in en
