"""DOCX reading: body order with tables, header zone, headers/footers, text boxes, content controls."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest

from tests.read.conftest import (
    ISSUER,
    MOTTO,
    NUMBER,
    PLACE_DATE,
    SUMMARY,
    TYPE_NAME,
    build_decree30_docx,
    rewrite_zip,
)
from verifier.errors import NoTextFound
from verifier.read import read_file
from verifier.read.model import FileKind, PageMethod


def test_one_docx_page_with_the_header_zone(decree30_docx: Path) -> None:
    result = read_file(decree30_docx)
    assert result.kind is FileKind.DOCX
    assert len(result.pages) == 1
    page = result.pages[0]
    assert page.method is PageMethod.DOCX and page.number == 1
    assert page.header is not None
    assert page.header.left == "\n".join((*ISSUER, NUMBER))       # the "-------" rule is dropped
    assert page.header.right == "\n".join((*MOTTO, PLACE_DATE))
    assert page.header.below == f"{TYPE_NAME}\n{SUMMARY}"         # stops before "Căn cứ ..."


def test_body_order_interleaves_paragraphs_and_tables(decree30_docx: Path) -> None:
    text = read_file(decree30_docx).text
    order = ["Số: 163/KH-UBND", PLACE_DATE, TYPE_NAME, "Căn cứ Kế hoạch số 5126/KH-UBND",
             "Nhiệm vụ", "Rà soát thủ tục hành chính", "Tổ chức thực hiện sau bảng."]
    positions = [text.index(snippet) for snippet in order]
    assert positions == sorted(positions)
    # A table cell keeps its own line, so a number never runs into the neighbouring cell.
    assert "Số: 163/KH-UBND\n" in text


def test_section_header_first_and_footer_last(decree30_docx: Path) -> None:
    lines = read_file(decree30_docx).text.split("\n")
    assert lines[0] == "Văn bản điện tử"
    assert lines[-1] == "Trang chân"


def test_text_box_read_once_after_its_anchor(decree30_docx: Path) -> None:
    text = read_file(decree30_docx).text
    # Word stores a text box twice (DrawingML and its VML fallback); only one copy is real.
    assert text.count("Nội dung trong khung chữ") == 1
    assert text.index("Đoạn neo khung chữ.") < text.index("Nội dung trong khung chữ")


def test_content_control_text_is_read(decree30_docx: Path) -> None:
    assert "Nội dung điều khiển nội dung" in read_file(decree30_docx).text


def test_tracked_insertions_kept_deletions_dropped(decree30_docx: Path) -> None:
    result = read_file(decree30_docx)
    assert "Giữ lại Phần chèn" in result.text
    assert "Phần xóa" not in result.text
    assert [n.code for n in result.pages[0].notices] == ["tracked_changes"]


def test_no_tracked_changes_notice_without_revisions(tmp_path: Path) -> None:
    path = build_decree30_docx(tmp_path / "plain.docx", extras=False)
    assert read_file(path).pages[0].notices == ()


def test_decomposed_unicode_is_normalised(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(unicodedata.normalize("NFD", "Số: 12/QĐ-UBND ngày 5 tháng 3 năm 2023"))
    path = tmp_path / "nfd.docx"
    document.save(str(path))
    text = read_file(path).text
    assert text == "Số: 12/QĐ-UBND ngày 5 tháng 3 năm 2023"
    assert unicodedata.is_normalized("NFC", text)


def test_header_zone_from_tab_stops_without_a_table(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(f"{ISSUER[0]}\t\t{MOTTO[0]}")
    document.add_paragraph(f"{ISSUER[1]}\t\t{MOTTO[1]}")
    document.add_paragraph(f"{NUMBER}\t\t{PLACE_DATE}")
    document.add_paragraph("QUYẾT ĐỊNH")
    document.add_paragraph("Về việc ban hành Kế hoạch kiểm tra cải cách hành chính")
    document.add_paragraph("Căn cứ Luật Tổ chức chính quyền địa phương;")
    path = tmp_path / "tabs.docx"
    document.save(str(path))
    header = read_file(path).pages[0].header
    assert header is not None
    assert header.left == "\n".join((*ISSUER, NUMBER))
    assert header.right == "\n".join((*MOTTO, PLACE_DATE))
    assert header.below == "QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch kiểm tra cải cách hành chính"


def test_header_zone_from_stacked_lines(tmp_path: Path) -> None:
    document = docx.Document()
    for line in (*MOTTO, *ISSUER, NUMBER, PLACE_DATE, "BÁO CÁO", "Kết quả cải cách hành chính quý I",
                 "I. KẾT QUẢ ĐẠT ĐƯỢC"):
        document.add_paragraph(line)
    path = tmp_path / "stacked.docx"
    document.save(str(path))
    header = read_file(path).pages[0].header
    assert header is not None
    assert header.left == "\n".join((*ISSUER, NUMBER))
    assert header.right == "\n".join((*MOTTO, PLACE_DATE))
    assert header.below == "BÁO CÁO\nKết quả cải cách hành chính quý I"


def test_a_wide_first_table_is_not_a_header(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=5)
    for col in range(5):
        table.cell(0, col).text = f"Cột {col}"
    path = tmp_path / "wide.docx"
    document.save(str(path))
    header = read_file(path).pages[0].header
    assert header is None or "Cột 1" not in header.right


def test_nested_table_in_a_cell_is_read(tmp_path: Path) -> None:
    document = docx.Document()
    outer = document.add_table(rows=1, cols=1)
    inner = outer.cell(0, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Ô lồng A"
    inner.cell(0, 1).text = "Ô lồng B"
    path = tmp_path / "nested.docx"
    document.save(str(path))
    text = read_file(path).text
    assert text.index("Ô lồng A") < text.index("Ô lồng B")


def test_docx_without_text_is_no_text(tmp_path: Path) -> None:
    path = tmp_path / "trống.docx"
    docx.Document().save(str(path))
    with pytest.raises(NoTextFound) as info:
        read_file(path)
    assert info.value.code == "E_NO_TEXT"
    assert "trống.docx" in info.value.message_vi and "trống.docx" in info.value.message_en


def test_strict_main_part_name_from_package_relationships(tmp_path: Path) -> None:
    """The main part is found through _rels/.rels, not by its usual name."""
    source = build_decree30_docx(tmp_path / "src.docx", extras=False)
    with zipfile.ZipFile(source) as zf:
        entries = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    document = entries.pop("word/document.xml")
    rels = entries.pop("word/_rels/document.xml.rels")
    entries["_rels/.rels"] = entries["_rels/.rels"].replace(b"word/document.xml", b"word/main.xml")
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"/word/document.xml", b"/word/main.xml")
    entries["word/main.xml"] = document
    entries["word/_rels/main.xml.rels"] = rels
    target = tmp_path / "renamed.docx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for entry, data in entries.items():
            zf.writestr(entry, data)
    result = read_file(target)
    assert result.kind is FileKind.DOCX
    assert NUMBER in result.text


def test_rewritten_container_reads_the_same(tmp_path: Path) -> None:
    """rewrite_zip (used by the malicious-container tests) yields a readable DOCX when unchanged."""
    source = build_decree30_docx(tmp_path / "a.docx", extras=False)
    copy = rewrite_zip(source, tmp_path / "b.docx")
    assert read_file(copy).text == read_file(source).text
