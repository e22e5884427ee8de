"""Builders for real evidence files, written by the libraries people's tools use.

DOCX files come from python-docx (plus raw WordprocessingML for the parts python-docx cannot
author: text boxes, content controls, tracked changes), XLSX from openpyxl, containers from
zipfile and OLE2 compound files from the published layout (MS-CFB), so every test reads a file
built the way a real one is.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NSDECL = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)

ISSUER = ("ỦY BAN NHÂN DÂN", "HUYỆN KON RẪY")
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
NUMBER = "Số: 163/KH-UBND"
PLACE_DATE = "Kon Rẫy, ngày 30 tháng 12 năm 2022"
TYPE_NAME = "KẾ HOẠCH"
SUMMARY = "Cải cách hành chính nhà nước năm 2023"


def text_box_xml(text: str) -> str:
    """A run holding a DrawingML text box with its VML fallback, as Word 2010+ writes it."""
    para = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    return (
        f"<w:r {_NSDECL}><mc:AlternateContent>"
        "<mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic><a:graphicData>"
        f"<wps:wsp><wps:txbx><w:txbxContent>{para}</w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{para}</w:txbxContent>"
        "</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def content_control_xml(text: str) -> str:
    """A block-level content control (w:sdt) wrapping one paragraph."""
    return (f"<w:sdt {_NSDECL}><w:sdtPr><w:alias w:val=\"Ghi chú\"/></w:sdtPr><w:sdtContent>"
            f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:sdtContent></w:sdt>")


def tracked_paragraph_xml(kept: str, inserted: str, deleted: str) -> str:
    return (f"<w:p {_NSDECL}><w:r><w:t xml:space=\"preserve\">{kept} </w:t></w:r>"
            f"<w:ins w:id=\"1\" w:author=\"A\"><w:r><w:t>{inserted}</w:t></w:r></w:ins>"
            f"<w:del w:id=\"2\" w:author=\"A\"><w:r><w:delText>{deleted}</w:delText></w:r></w:del></w:p>")


def build_decree30_docx(path: Path, *, body: Sequence[str] = (), extras: bool = True,
                        header_text: str = "Văn bản điện tử", footer_text: str = "Trang chân") -> Path:
    """A Decree 30 plan: 2-column header table, type name, trích yếu, body with a task table.

    With ``extras``: a section header and footer, a text box, a content control and a paragraph
    with a tracked insertion and deletion.
    """
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "\n".join(ISSUER)
    table.cell(0, 0).add_paragraph("-------")
    table.cell(0, 1).text = "\n".join(MOTTO)
    table.cell(0, 1).add_paragraph("_______________")
    table.cell(1, 0).text = NUMBER
    table.cell(1, 1).text = PLACE_DATE
    document.add_paragraph("")
    document.add_paragraph(TYPE_NAME)
    document.add_paragraph(SUMMARY)
    document.add_paragraph("Căn cứ Kế hoạch số 5126/KH-UBND ngày 22/12/2022 của UBND tỉnh;")
    tasks = document.add_table(rows=2, cols=3)
    for col, value in enumerate(("STT", "Nhiệm vụ", "Thời hạn")):
        tasks.cell(0, col).text = value
    for col, value in enumerate(("1", "Rà soát thủ tục hành chính", "Quý I")):
        tasks.cell(1, col).text = value
    document.add_paragraph("Tổ chức thực hiện sau bảng.")
    for line in body:
        document.add_paragraph(line)
    if extras:
        section = document.sections[0]
        section.header.paragraphs[0].text = header_text
        section.footer.paragraphs[0].text = footer_text
        anchor = document.add_paragraph("Đoạn neo khung chữ.")
        anchor._p.append(parse_xml(text_box_xml("Nội dung trong khung chữ")))
        document.element.body.insert(len(document.element.body) - 1,
                                     parse_xml(content_control_xml("Nội dung điều khiển nội dung")))
        document.element.body.insert(len(document.element.body) - 1,
                                     parse_xml(tracked_paragraph_xml("Giữ lại", "Phần chèn", "Phần xóa")))
    document.save(str(path))
    return path


def build_xlsx(path: Path, sheets: dict[str, Iterable[Sequence[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def rewrite_zip(source: Path, target: Path, replace: dict[str, bytes] | None = None,
                add: dict[str, bytes] | None = None) -> Path:
    """A copy of the zip ``source`` with some entries replaced and others added."""
    replace = replace or {}
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for entry, data in (add or {}).items():
            dst.writestr(entry, data)
    return target


def build_ole(path: Path, stream: str, size: int = 4096) -> Path:
    """A minimal valid OLE2 compound file (MS-CFB v3) holding one stream of ``size`` zero bytes.

    Layout: sector 0 FAT, sector 1 directory, sectors 2.. the stream (>= 4096 bytes, so it lives
    in regular sectors and no mini stream is needed).
    """
    sector = 512
    end, free, fat_sect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    n_stream = -(-size // sector)
    fat = [fat_sect, end] + [3 + i for i in range(n_stream - 1)] + [end]
    fat += [free] * (sector // 4 - len(fat))
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 76, 0, *([free] * 108))

    def entry(name: str, kind: int, child: int, start: int, length: int) -> bytes:
        raw = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00" if name else b""
        raw[0:len(encoded)] = encoded
        struct.pack_into("<HBBIII", raw, 64, len(encoded), kind, 1, free, free, child)
        struct.pack_into("<IQ", raw, 116, start, length)
        return bytes(raw)

    directory = (entry("Root Entry", 5, 1, end, 0) + entry(stream, 2, free, 2, size)
                 + entry("", 0, free, 0, 0) * 2)
    body = struct.pack(f"<{sector // 4}I", *fat) + directory + bytes(n_stream * sector)
    path.write_bytes(bytes(header) + body)
    return path


def docx_bytes(text: str = "Nội dung") -> bytes:
    """A one-paragraph DOCX as bytes."""
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, bytes], Path]:
    """Write bytes to tmp_path/<name> and return the path."""
    def write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path
    return write


@pytest.fixture
def decree30_docx(tmp_path: Path) -> Path:
    return build_decree30_docx(tmp_path / "KH 163 Kon Rẫy.docx")


@pytest.fixture
def simple_docx(write_file: Callable[[str, bytes], Path]) -> Callable[[str, str], Path]:
    """A one-paragraph DOCX saved under any name: ``simple_docx("x.pdf", "text")``."""
    def make(name: str, text: str = "Nội dung") -> Path:
        return write_file(name, docx_bytes(text=text))
    return make
