"""The sample generator: determinism, committed output up to date, truth.json faithful to files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pypdfium2 as pdfium
import pytest

from samplegen import DocSpec, Format, Ref, Signer, Table, render_docx, render_pdf, truth_entry, write_workbook
from samplegen.konray2023 import CORPUS
from samplegen.konray_workbooks import STATS_HEADER
from samplegen.spec import header_date

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_evidence" / "konray-2023"
# sha256 of the real Kon Rẫy 2023 scoring table as published (the seed the sample is built on):
# the sample must carry it unchanged, byte for byte.
SEED_SHA256 = "56092fff805ade55e3b8cd83fe9a3093d4be8374fbd1fd5c5051dfb6118ad378"
D = dt.date

# Copied from the seed table / generator brief, NOT from the generator: (folder, number, date).
SEED_CITED = [
    ("1.1.1", "163/KH-UBND", D(2022, 12, 30)), ("1.2.1", "75/BC-UBND", D(2023, 3, 15)),
    ("1.2.1", "195/BC-UBND", D(2023, 6, 13)), ("1.2.1", "363/BC-UBND", D(2023, 9, 14)),
    ("1.2.1", "540/BC-UBND", D(2023, 12, 14)), ("1.3.1", "13/KH-UBND", D(2023, 1, 19)),
    ("1.3.1", "130/KH-UBND", D(2023, 8, 29)), ("1.4.1", "38/KH-UBND", D(2023, 2, 28)),
    ("1.5", "173/QĐ-UBND(CT)", D(2023, 4, 11)), ("2.1.1", "35/KH-UBND", D(2023, 2, 20)),
    ("2.1.1", "61/KH-UBND", D(2023, 3, 22)), ("2.1.1", "431/QĐ-UBND", D(2023, 11, 14)),
    ("2.1.2", "01/BC-ĐKT", D(2023, 12, 4)), ("2.1.3", "2082/STP-TTr", D(2023, 11, 10)),
    ("2.1.3", "496/BC-UBND", D(2023, 11, 27)), ("2.2.1", "53/KH-UBND", D(2023, 3, 10)),
    ("2.2.4", "224/BC-TP", D(2022, 11, 13)), ("2.2.4", "473/BC-UBND", D(2023, 11, 15)),
    ("4.1.2", "1727/UBND-NC", D(2023, 11, 16)), ("4.1.2", "1873/UBND-NC", D(2023, 12, 15)),
    ("5.1.1", "195/TTr-UBND", D(2023, 11, 30)), ("5.1.1", "3983/UBND-NC", D(2023, 11, 16)),
    ("5.1.1", "3682/SNV-XDCQ&TCBM", D(2023, 12, 18)), ("5.1.2", "269/UBND-NC", D(2023, 3, 17)),
    ("5.1.3", "142/KH-UBND", D(2023, 10, 2)), ("5.1.3", "544/BC-UBND", D(2023, 12, 15)),
    ("5.4", "146-KH/HU", D(2023, 11, 10)), ("5.4", "1734/UBND-NC", D(2023, 11, 17)),
    ("5.7", "19/BC-PNV", D(2023, 11, 17)), ("6.1.1", "459/BC-UBND", D(2023, 11, 9)),
    ("7.1.1", "45/KH-UBND", None), ("7.1.8", "1064/QĐ-UBND", D(2023, 12, 8)),
    ("7.2.1", "539/QĐ-UBND", D(2023, 11, 1)), ("8.1", "02/TB-PNV", D(2023, 4, 25)),
    ("8.1", "11/TB-SNV", D(2023, 1, 20)), ("8.1", "25/TB-SNV", D(2023, 3, 31)),
    ("9.3", "856/UBND-NC", D(2023, 7, 12)),
]
SEED_FILE_NAMES = [
    "7.1.1/Kế hoạch 45. Chuyển đổi số 2023.pdf", "1.6.1/26. Huyen KR.xlsx",
    "7.3.3/Thanh toan truc tuyen Kon Ray.docx",
    "7.1.5/Quyết định 344 của UBND huyện về quy chế hoạt động Trang TTĐT.pdf",
    "2.1.3/CVSTP Vv báo cáo công tác theo dõi thi hành pháp luật năm 2023.pdf",
    "2.1.3/BCUB công tác theo dõi thi hành pháp luật năm 2023.pdf",
    "6.1.1/1. Báo cáo thực hiện, giải ngân vốn ĐT công năm 2023, Dự kiến KH năm 2024 (1).pdf",
    "6.2.1/UBND huyện Kon Rẫy tỉnh Kon Tum.pdf",
]
# a document number in running text: 163/KH-UBND, 33/2023/NĐ-CP, 173/QĐ-UBND(CT), 146-KH/HU
NUMBER_RX = re.compile(r"(?<![\w/.])(\d{1,5}(?:/\d{4})?/[A-ZĐ][A-Za-zĐđ0-9&]*(?:-[A-ZĐ][A-Za-zĐđ0-9&]*)*"
                       r"(?:\([A-Z]+\))?|\d{1,5}-[A-ZĐ]{1,3}/[A-ZĐ]{1,5})")


@pytest.fixture(scope="module")
def truth() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((SAMPLE / "truth.json").read_text(encoding="utf-8"))
    return data


def _small_spec(**changes: Any) -> DocSpec:
    base: dict[str, Any] = dict(
        file="evidence/1.1.1/t.pdf", number="07/KH-UBND", type="Kế hoạch", issuer="ỦY BAN NHÂN DÂN HUYỆN KON RẪY",
        date=D(2023, 2, 5), title="Thử nghiệm", body=("Căn cứ {0};", "# I. NỘI DUNG", "Đoạn văn.",
                                                      Table(("STT", "Việc"), (("1", "Một"), ("2", "Hai")))),
        citations=(Ref("76/NQ-CP", D(2021, 7, 15), "Nghị quyết", "của Chính phủ"),),
        signer=Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"), pages=2)
    base.update(changes)
    return DocSpec(**base)


def _pdf_text(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(path)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def test_pdf_docx_xlsx_are_byte_identical_across_runs(tmp_path: Path) -> None:
    spec = _small_spec()
    for run in ("a", "b"):
        render_pdf(spec, tmp_path / run / "t.pdf")
        render_pdf(spec, tmp_path / run / "s.pdf", scanned=True)
        render_docx(spec, tmp_path / run / "t.docx")
        write_workbook([("Mã", "Ngày"), ("1.1.1", D(2023, 1, 1))], tmp_path / run / "t.xlsx")
    for name in ("t.pdf", "s.pdf", "t.docx", "t.xlsx"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_pdf_has_exact_page_count_header_date_and_page_numbers_from_page_2(tmp_path: Path) -> None:
    spec = _small_spec(pages=3)
    pages = _pdf_text(render_pdf(spec, tmp_path / "t.pdf"))
    assert len(pages) == 3
    first = " ".join(pages[0].split())
    assert "Số: 07/KH-UBND" in first
    assert "Kon Rẫy, ngày 05 tháng 02 năm 2023" in first
    assert "Nghị quyết số 76/NQ-CP ngày 15/7/2021" in first
    assert not pages[0].strip().startswith("1")
    assert pages[1].strip().startswith("2") and pages[2].strip().startswith("3")


def test_scanned_pdf_has_no_text_layer_and_small_pages(tmp_path: Path) -> None:
    path = render_pdf(_small_spec(), tmp_path / "s.pdf", scanned=True)
    texts = _pdf_text(path)
    assert len(texts) == 2
    assert all(not t.strip() for t in texts)
    assert path.stat().st_size < 300_000 * len(texts)


@pytest.mark.parametrize(("day", "expected"), [
    (D(2020, 3, 5), "Hà Nội, ngày 05 tháng 3 năm 2020"),
    (D(2023, 2, 28), "Hà Nội, ngày 28 tháng 02 năm 2023"),
    (D(2023, 1, 9), "Hà Nội, ngày 09 tháng 01 năm 2023"),
    (D(2023, 11, 10), "Hà Nội, ngày 10 tháng 11 năm 2023"),
])
def test_header_date_follows_decree_30_padding(day: dt.date, expected: str) -> None:
    assert header_date("Hà Nội", day) == expected


def test_spec_errors_are_loud(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not printed"):
        _small_spec(body=("Không trích dẫn.",)).validate()
    long_body = tuple(f"Đoạn văn dài số {i} " * 40 for i in range(12))
    with pytest.raises(ValueError, match="pages"):
        render_pdf(_small_spec(body=("Căn cứ {0};", *long_body), pages=1), tmp_path / "x.pdf")


def test_type_code_and_layout_from_number() -> None:
    assert _small_spec(number="173/QĐ-UBND(CT)", type="Quyết định").type_code == "QĐ"
    assert _small_spec(number="146-KH/HU").type_code == "KH"
    assert _small_spec(number="1727/UBND-NC", type="Công văn").type_code == "CV"
    assert _small_spec(number="195/TTr-UBND", type="Tờ trình").type_code == "TTr"


def test_assessment_is_the_seed_verbatim() -> None:
    digest = hashlib.sha256((SAMPLE / "assessment.tsv").read_bytes()).hexdigest()
    assert digest == SEED_SHA256


def test_truth_lists_exactly_the_evidence_files_on_disk(truth: list[dict[str, Any]]) -> None:
    listed = {e["file"] for e in truth}
    on_disk = {p.relative_to(SAMPLE).as_posix() for p in (SAMPLE / "evidence").rglob("*") if p.is_file()}
    assert listed == on_disk
    assert len(listed) == len(truth)


def test_truth_matches_pdf_page_counts(truth: list[dict[str, Any]]) -> None:
    for e in truth:
        if e["kind"] == "pdf":
            assert len(pdfium.PdfDocument(SAMPLE / e["file"])) == e["pages"], e["file"]


def test_committed_truth_is_the_current_specs(truth: list[dict[str, Any]]) -> None:
    assert truth == sorted((truth_entry(s) for s in CORPUS), key=lambda e: str(e["file"]))


def test_every_seed_cited_document_is_filed_with_its_number_and_date(truth: list[dict[str, Any]]) -> None:
    by_number = {e["number"]: e for e in truth if e["number"]}
    for folder, number, date in SEED_CITED:
        assert number in by_number, number
        entry = by_number[number]
        assert entry["file"].startswith(f"evidence/{folder}/"), (number, entry["file"])
        if date is not None:
            assert entry["date"] == date.isoformat(), number
    files = {e["file"] for e in truth}
    for name in SEED_FILE_NAMES:
        assert f"evidence/{name}" in files, name


def test_issuers_and_formats_of_special_documents(truth: list[dict[str, Any]]) -> None:
    by_number = {e["number"]: e for e in truth if e["number"]}
    assert by_number["173/QĐ-UBND(CT)"]["issuer"] == "ỦY BAN NHÂN DÂN TỈNH KON TUM"
    assert by_number["146-KH/HU"]["issuer"] == "HUYỆN ỦY KON RẪY"
    assert by_number["01/BC-ĐKT"]["issuer"] == "ĐOÀN KIỂM TRA LIÊN NGÀNH"
    assert by_number["195/TTr-UBND"]["type_code"] == "TTr"
    kinds = [e["kind"] for e in truth]
    assert sum(e["scanned"] and e["kind"] == "pdf" for e in truth) >= 8
    assert kinds.count("docx") >= 3 and kinds.count("image") == 1 and kinds.count("xlsx") == 2


def test_born_digital_bodies_cite_exactly_the_truth_references(truth: list[dict[str, Any]]) -> None:
    for e in truth:
        if e["kind"] != "pdf" or e["scanned"]:
            continue
        text = " ".join(" ".join(_pdf_text(SAMPLE / e["file"])).split())
        found = set(NUMBER_RX.findall(text))
        assert found == {e["number"]} | {r["number"] for r in e["references"]}, e["file"]
        assert e["title"].split()[0] in text


_REBUILD = """
import sys
from pathlib import Path
from samplegen.konray2023 import CORPUS, DOCUMENTS
from samplegen.render import write_spec, write_workbook_spec
from samplegen.spec import WorkbookSpec
out = Path(sys.argv[1])
for spec in DOCUMENTS:
    if spec.number in ("163/KH-UBND", "1727/UBND-NC", "02/TB-PNV"):
        print(spec.format, write_spec(spec, out).relative_to(out))
for book in CORPUS:
    if isinstance(book, WorkbookSpec):
        print("xlsx", write_workbook_spec(book, out).relative_to(out))
"""


def test_committed_files_are_up_to_date(tmp_path: Path) -> None:
    # A fresh interpreter, as scripts/make_samples.py runs: reportlab keeps fonts and switches in
    # module globals that other tests in this process may have changed.
    done = subprocess.run([sys.executable, "-c", _REBUILD, str(tmp_path)], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    rebuilt = [line.split(" ", 1) for line in done.stdout.splitlines()]
    assert {kind for kind, _ in rebuilt} >= {Format.PDF.value, Format.DOCX.value, Format.PHOTO.value, "xlsx"}
    for _kind, rel in rebuilt:
        # Digests, not bytes: a failing byte comparison of megabytes makes pytest's diff run for minutes.
        got = hashlib.sha256((tmp_path / rel).read_bytes()).hexdigest()
        assert got == hashlib.sha256((SAMPLE / rel).read_bytes()).hexdigest(), rel


def test_statistics_workbook_is_typed_and_keyed_by_criterion() -> None:
    ws = openpyxl.load_workbook(SAMPLE / "evidence" / "thong-ke-he-thong-2023.xlsx")["Chỉ số"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Mã tiêu chí", "Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Từ ngày", "Đến ngày", "Nguồn")
    assert rows[0] == STATS_HEADER
    figures = {(r[0], r[2], r[3]) for r in rows[1:]}
    for expected in [("3.3.5", 503, 646), ("3.4.1", 1264, 1311), ("3.4.2", 3628, 3638), ("7.2.2", 273, 628),
                     ("7.3.1", 48, 48), ("7.3.2", 5, 48), ("7.3.3", 1049, 2308), ("6.1.1", 51740, 94561),
                     ("3.2.2", 7, 7), ("7.1.3", 4239, 4239)]:
        assert expected in figures
    rates = {r[0]: r[4] for r in rows[1:] if r[6] == dt.datetime(2023, 12, 3)}
    assert rates["3.3.5"] == 77.58
    for r in rows[1:]:
        assert isinstance(r[2], int) and isinstance(r[3], int) and isinstance(r[4], int | float)
        assert isinstance(r[5], dt.datetime) and isinstance(r[6], dt.datetime)
        assert r[4] == round(r[2] * 100 / r[3], 2)


def test_task_workbook_counts_match_the_seed() -> None:
    ws = openpyxl.load_workbook(SAMPLE / "evidence" / "1.6.1" / "26. Huyen KR.xlsx").worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("STT", "Nhiệm vụ", "Văn bản giao", "Hạn xử lý", "Ngày hoàn thành", "Trạng thái")
    tasks = rows[1:]
    assert len(tasks) == 19
    on_time = [t for t in tasks if t[4] is not None and t[4] <= t[3]]
    late = [t for t in tasks if t[4] is not None and t[4] > t[3]]
    open_ = [t for t in tasks if t[4] is None]
    assert (len(on_time), len(late), len(open_)) == (15, 1, 3)
    assert all(t[3] > dt.datetime(2023, 12, 3) for t in open_)
