"""The dispatcher: type from content not extension, hashing, the result record, page re-reads."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.read.conftest import NUMBER, PLACE_DATE, build_decree30_docx, build_ole, build_xlsx
from verifier.errors import EncryptedFile, UnsupportedType
from verifier.limits import Limits
from verifier.read import EXTRACTOR_VERSION, read_file, reread_page, sha256_file
from verifier.read.model import FileKind, PageMethod
from verifier.read.sniff import sniff

DejaVu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def test_docx_named_pdf_is_read_as_docx_with_a_notice(tmp_path: Path) -> None:
    path = build_decree30_docx(tmp_path / "KH 163.pdf", extras=False)
    result = read_file(path)
    assert result.kind is FileKind.DOCX
    assert NUMBER in result.text
    assert [n.code for n in result.notices] == ["extension_mismatch"]
    assert "KH 163.pdf" in result.notices[0].message


def test_xlsx_named_docx_is_read_as_xlsx(tmp_path: Path) -> None:
    path = build_xlsx(tmp_path / "bang.docx", {"A": [["Tiêu chí", 1]]})
    result = read_file(path)
    assert result.kind is FileKind.XLSX
    assert result.pages[0].method is PageMethod.XLSX
    assert [n.code for n in result.notices] == ["extension_mismatch"]


@pytest.mark.parametrize("name", ["KH 163.docx", "KH 163.DOCX", "KH 163"])
def test_no_notice_when_the_extension_fits_or_is_absent(tmp_path: Path, name: str) -> None:
    path = build_decree30_docx(tmp_path / name, extras=False)
    assert read_file(path).notices == ()


def test_result_record(tmp_path: Path) -> None:
    path = build_decree30_docx(tmp_path / "on-disk.docx", extras=False)
    data = path.read_bytes()
    result = read_file(path, name="evidence/1.1.1/KH 163.docx")
    assert result.file == "evidence/1.1.1/KH 163.docx"
    assert result.size == len(data)
    assert result.sha256 == hashlib.sha256(data).hexdigest() == sha256_file(path)
    assert result.seconds > 0
    assert result.ocr is False
    assert EXTRACTOR_VERSION


def test_sha256_of_a_file_larger_than_one_chunk(tmp_path: Path) -> None:
    data = bytes(range(256)) * 1000 + b"tail"        # 256,004 bytes: several 64 KiB chunks
    path = tmp_path / "blob.bin"
    path.write_bytes(data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()


def test_pdf_magic_after_leading_junk(write_file: Callable[[str, bytes], Path]) -> None:
    path = write_file("junk.pdf", b"\r\n" + b"x" * 500 + b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    assert sniff(path, "junk.pdf", Limits()) is FileKind.PDF


def test_pdf_magic_beyond_the_first_kib_is_not_pdf(write_file: Callable[[str, bytes], Path]) -> None:
    path = write_file("late.pdf", b"x" * 2000 + b"%PDF-1.7\n")
    with pytest.raises(UnsupportedType):
        sniff(path, "late.pdf", Limits())


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF"])
def test_images_by_magic(write_file: Callable[[str, bytes], Path], fmt: str) -> None:
    buffer = io.BytesIO()
    Image.new("L", (8, 8), 255).save(buffer, format=fmt)
    path = write_file("scan.pdf", buffer.getvalue())
    assert sniff(path, "scan.pdf", Limits()) is FileKind.IMAGE


def test_big_endian_tiff_magic(write_file: Callable[[str, bytes], Path]) -> None:
    path = write_file("scan.tif", b"MM\x00*" + bytes(60))
    assert sniff(path, "scan.tif", Limits()) is FileKind.IMAGE


def test_ole_word_document_is_doc(tmp_path: Path) -> None:
    path = build_ole(tmp_path / "cu.doc", "WordDocument")
    assert sniff(path, "cu.doc", Limits()) is FileKind.DOC


def test_ole_excel_workbook_is_xls_not_doc(tmp_path: Path) -> None:
    path = build_ole(tmp_path / "bang.doc", "Workbook")
    assert sniff(path, "bang.doc", Limits()) is FileKind.XLS


def test_ole_powerpoint_is_unsupported(tmp_path: Path) -> None:
    path = build_ole(tmp_path / "trinh chieu.doc", "PowerPoint Document")
    with pytest.raises(UnsupportedType) as info:
        sniff(path, "trinh chieu.doc", Limits())
    assert "PPT" in info.value.message_en and "trinh chieu.doc" in info.value.message_vi


def test_stream_name_in_content_does_not_make_a_doc(tmp_path: Path) -> None:
    """'WordDocument' appearing in an Excel file's data, even 128-aligned, is not a directory entry."""
    path = build_ole(tmp_path / "bang.xls", "Workbook", size=8192)
    data = bytearray(path.read_bytes())
    needle = "WordDocument".encode("utf-16-le") + b"\x00\x00"
    data[2048:2048 + len(needle)] = needle          # 128-aligned, inside the stream's sectors
    path.write_bytes(bytes(data))
    assert sniff(path, "bang.xls", Limits()) is FileKind.XLS


def test_password_protected_office_file_is_encrypted(tmp_path: Path) -> None:
    path = build_ole(tmp_path / "mật khẩu.docx", "EncryptedPackage")
    with pytest.raises(EncryptedFile) as info:
        read_file(path)
    assert info.value.code == "E_ENCRYPTED"
    assert "mật khẩu.docx" in info.value.message_vi and "mật khẩu.docx" in info.value.message_en


def test_reread_of_a_docx_page_returns_the_same_page(decree30_docx: Path) -> None:
    page = reread_page(decree30_docx, 1, 300)
    assert page == read_file(decree30_docx).pages[0]
    with pytest.raises(ValueError):
        reread_page(decree30_docx, 2, 300)


def _text_pdf(path: Path) -> Path:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    pdfmetrics = pytest.importorskip("reportlab.pdfbase.pdfmetrics")
    ttfonts = pytest.importorskip("reportlab.pdfbase.ttfonts")
    if not DejaVu.exists():
        pytest.skip("DejaVu fonts not installed")
    pdfmetrics.registerFont(ttfonts.TTFont("DejaVuSerif", str(DejaVu)))
    pdf = canvas.Canvas(str(path))
    pdf.setFont("DejaVuSerif", 13)
    for i, line in enumerate(("ỦY BAN NHÂN DÂN", "HUYỆN KON RẪY", NUMBER, PLACE_DATE, "KẾ HOẠCH",
                              "Cải cách hành chính nhà nước năm 2023")):
        pdf.drawString(72, 770 - 18 * i, line)
    pdf.save()
    return path


def test_pdf_is_dispatched_to_the_pdf_reader(tmp_path: Path) -> None:
    pytest.importorskip("verifier.read.pdf")
    path = _text_pdf(tmp_path / "KH 163.docx")
    result = read_file(path)
    assert result.kind is FileKind.PDF
    assert NUMBER in result.text and PLACE_DATE in result.text
    assert "extension_mismatch" in [n.code for n in result.notices]


def _header_image(path: Path, fmt: str) -> Path:
    if not DejaVu.exists():
        pytest.skip("DejaVu fonts not installed")
    font = ImageFont.truetype(str(DejaVu), 40)
    image = Image.new("L", (1400, 420), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(("ỦY BAN NHÂN DÂN", NUMBER, PLACE_DATE)):
        draw.text((60, 40 + 120 * i), line, font=font, fill=0)
    image.save(path, format=fmt, dpi=(200, 200))
    return path


@pytest.mark.ocr
@pytest.mark.slow
def test_image_named_pdf_is_dispatched_to_ocr(tmp_path: Path) -> None:
    pytest.importorskip("verifier.read.image")
    result = read_file(_header_image(tmp_path / "QĐ quét.pdf", "PNG"))
    assert result.kind is FileKind.IMAGE
    assert result.ocr
    assert "163/KH-UBND" in result.text
    assert "extension_mismatch" in [n.code for n in result.notices]


@pytest.mark.ocr
@pytest.mark.slow
def test_reread_of_a_pdf_page_goes_to_ocr(tmp_path: Path) -> None:
    pytest.importorskip("verifier.read.ocr")
    page = reread_page(_text_pdf(tmp_path / "KH 163.pdf"), 1, 200)
    assert page.number == 1
    assert page.method is PageMethod.OCR and page.dpi == 200
    assert "163/KH-UBND" in page.text
