"""File metadata: PDF Info dictionary, OOXML core/app properties, as the authoring tools write them."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import openpyxl
import pytest
from reportlab.pdfgen.canvas import Canvas

from tests.read.conftest import build_decree30_docx, rewrite_zip
from verifier.read import read_file
from verifier.read.metadata import parse_pdf_date

ICT = dt.timezone(dt.timedelta(hours=7))


@pytest.mark.parametrize(("raw", "expected"), [
    ("D:20221230164512+07'00'", dt.datetime(2022, 12, 30, 16, 45, 12, tzinfo=ICT)),
    ("D:20221230164512+07'00", dt.datetime(2022, 12, 30, 16, 45, 12, tzinfo=ICT)),
    ("D:20221230094512Z", dt.datetime(2022, 12, 30, 9, 45, 12, tzinfo=dt.UTC)),
    ("D:20221230094512Z00'00'", dt.datetime(2022, 12, 30, 9, 45, 12, tzinfo=dt.UTC)),
    ("D:20221230", dt.datetime(2022, 12, 30)),                      # no offset: stays naive
    ("20221230164512-05'30'", dt.datetime(2022, 12, 30, 16, 45, 12,
                                          tzinfo=dt.timezone(-dt.timedelta(hours=5, minutes=30)))),
    ("D:20221332", None), ("hôm qua", None), ("", None), (None, None),
])
def test_pdf_dates(raw: str | None, expected: dt.datetime | None) -> None:
    assert parse_pdf_date(raw) == expected


def test_pdf_info_dictionary(tmp_path: Path) -> None:
    buf = io.BytesIO()
    c = Canvas(buf, invariant=True)       # invariant: CreationDate/ModDate 2000-01-01 00:00 UTC
    c.setAuthor("Nguyễn Văn A")
    c.drawString(100, 700, "Ke hoach so 163/KH-UBND ngay 30/12/2022 cua UBND huyen Kon Ray")
    c.showPage()
    c.save()
    path = tmp_path / "kh.pdf"
    path.write_bytes(buf.getvalue())
    metadata = read_file(path).metadata
    assert metadata is not None
    assert metadata.created == dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    assert metadata.modified == dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    assert metadata.author == "Nguyễn Văn A"
    assert metadata.producer is not None and "ReportLab" in metadata.producer


def test_docx_core_properties(tmp_path: Path) -> None:
    path = build_decree30_docx(tmp_path / "kh.docx", extras=False)
    document = docx.Document(str(path))
    document.core_properties.created = dt.datetime(2023, 1, 5, 8, 30)
    document.core_properties.modified = dt.datetime(2023, 1, 6, 9, 0)
    document.core_properties.author = "Phòng Nội vụ"
    document.save(str(path))
    metadata = read_file(path).metadata
    assert metadata is not None
    assert metadata.created == dt.datetime(2023, 1, 5, 8, 30, tzinfo=dt.UTC)   # W3CDTF "…Z"
    assert metadata.modified == dt.datetime(2023, 1, 6, 9, 0, tzinfo=dt.UTC)
    assert metadata.author == "Phòng Nội vụ"


def test_xlsx_core_and_app_properties(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["Tiêu chí", 1])
    wb.properties.creator = "Văn phòng HĐND-UBND"
    wb.properties.created = dt.datetime(2023, 2, 1, 7, 0)
    path = tmp_path / "bang.xlsx"
    wb.save(path)
    metadata = read_file(path).metadata
    assert metadata is not None
    assert metadata.author == "Văn phòng HĐND-UBND"
    assert metadata.created == dt.datetime(2023, 2, 1, 7, 0, tzinfo=dt.UTC)
    assert metadata.producer is not None and "Openpyxl" in metadata.producer   # its app.xml


def test_broken_core_properties_leave_metadata_empty_and_the_text_read(tmp_path: Path) -> None:
    source = build_decree30_docx(tmp_path / "src.docx", extras=False)
    path = rewrite_zip(source, tmp_path / "hong.docx", replace={"docProps/core.xml": b"<cp:coreProperties"})
    result = read_file(path)
    assert result.metadata is None or (result.metadata.created is None and result.metadata.author is None)
    assert "163/KH-UBND" in result.text


@pytest.mark.parametrize(("fixture", "author", "created"), [
    # what python-docx's template and openpyxl wrote, carried over by LibreOffice's conversion
    ("ke-hoach-163.doc", "python-docx", dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.UTC)),
    ("bang-theo-doi.xls", "openpyxl", None),
])
def test_ole_summary_information(fixture: str, author: str, created: dt.datetime | None) -> None:
    from verifier.read.metadata import ole_metadata

    metadata = ole_metadata(Path(__file__).parent / "fixtures" / fixture)
    assert metadata is not None and metadata.author == author
    assert metadata.created is not None and metadata.created.tzinfo is not None
    if created is not None:
        assert metadata.created == created
