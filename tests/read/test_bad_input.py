"""Bad input gives a typed VerifierError with a stable code and a message naming the file."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.read.conftest import build_decree30_docx, build_ole, build_xlsx, docx_bytes, rewrite_zip
from verifier.errors import VerifierError
from verifier.limits import ReadSettings
from verifier.read import read_file
from verifier.read.doc import converter

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""


def _rejects(path: Path, code: str, name: str | None = None,
             settings: ReadSettings | None = None) -> VerifierError:
    shown = name or path.name
    with pytest.raises(VerifierError) as info:
        read_file(path, settings or ReadSettings(), name=name)
    err = info.value
    assert err.code == code, err.one_line()
    # The person sees which file, in both languages.
    assert shown in err.message_vi and shown in err.message_en
    assert err.one_line().startswith(f"[{code}] ")
    return err


def test_zero_byte_file(write_file: Callable[[str, bytes], Path]) -> None:
    _rejects(write_file("Báo cáo rỗng.pdf", b""), "E_EMPTY")


def test_over_the_size_limit(tmp_path: Path) -> None:
    path = build_decree30_docx(tmp_path / "Kế hoạch lớn.docx", extras=False)
    size = path.stat().st_size
    err = _rejects(path, "E_TOO_LARGE", settings=ReadSettings().with_limits(max_file_bytes=size - 1))
    assert str(size) in err.message_en


def test_exactly_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = build_decree30_docx(tmp_path / "vừa.docx", extras=False)
    settings = ReadSettings().with_limits(max_file_bytes=path.stat().st_size)
    assert read_file(path, settings).size == path.stat().st_size


def test_size_is_refused_before_the_content_is_looked_at(write_file: Callable[[str, bytes], Path]) -> None:
    # Garbage that would otherwise be E_UNSUPPORTED: the size check must come first.
    path = write_file("rác.pdf", os.urandom(4096))
    _rejects(path, "E_TOO_LARGE", settings=ReadSettings().with_limits(max_file_bytes=1024))


def test_random_bytes_named_pdf(write_file: Callable[[str, bytes], Path]) -> None:
    err = _rejects(write_file("QĐ 12.pdf", b"\x01\x02\x03" + os.urandom(2000)), "E_UNSUPPORTED")
    assert "(binary)" in err.message_en


def test_plain_text_named_docx(write_file: Callable[[str, bytes], Path]) -> None:
    err = _rejects(write_file("ghi chú.docx", "Kế hoạch số 163/KH-UBND".encode()), "E_UNSUPPORTED")
    assert "(text)" in err.message_en


def test_zip_that_is_not_office(write_file: Callable[[str, bytes], Path], tmp_path: Path) -> None:
    path = tmp_path / "hồ sơ.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "xin chào")
    err = _rejects(path, "E_UNSUPPORTED")
    assert "(ZIP)" in err.message_en


def test_docx_with_a_200_mb_entry_is_a_bomb(tmp_path: Path) -> None:
    source = build_decree30_docx(tmp_path / "src.docx", extras=False)
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        with dst.open("word/media/pad.bin", "w") as pad:
            block = bytes(1024 * 1024)
            for _ in range(200):
                pad.write(block)
    assert path.stat().st_size < 1024 * 1024           # 200 MB of zeros deflate to a few hundred KB
    err = _rejects(path, "E_ARCHIVE_BOMB")
    assert "pad.bin" in err.detail


def test_highly_compressed_entry_under_the_size_limit_is_a_bomb(tmp_path: Path) -> None:
    source = build_decree30_docx(tmp_path / "src.docx", extras=False)
    path = rewrite_zip(source, tmp_path / "ratio.docx", add={"word/media/pad.bin": bytes(5 * 1024 * 1024)})
    err = _rejects(path, "E_ARCHIVE_BOMB")
    assert "ratio" in err.detail


def test_docx_with_too_many_entries_is_a_bomb(tmp_path: Path) -> None:
    source = build_decree30_docx(tmp_path / "src.docx", extras=False)
    extra = {f"word/media/p{i}.bin": b"x" for i in range(ReadSettings().limits.zip_max_entries)}
    _rejects(rewrite_zip(source, tmp_path / "many.docx", add=extra), "E_ARCHIVE_BOMB")


@pytest.mark.parametrize("entry", ["../../evil.xml", "/etc/evil.xml", "C:/evil.xml"])
def test_entry_path_tricks_are_refused(tmp_path: Path, entry: str) -> None:
    source = build_decree30_docx(tmp_path / "src.docx", extras=False)
    _rejects(rewrite_zip(source, tmp_path / "paths.docx", add={entry: b"<x/>"}), "E_ARCHIVE_BOMB")


def test_duplicate_entries_are_refused(tmp_path: Path) -> None:
    source = build_decree30_docx(tmp_path / "src.docx", extras=False)
    with pytest.warns(UserWarning, match="Duplicate name"):
        path = rewrite_zip(source, tmp_path / "dup.docx",
                           add={"word/document.xml": docx_bytes()[:10]})
    _rejects(path, "E_ARCHIVE_BOMB")


def test_encrypted_zip_entry_is_refused(tmp_path: Path) -> None:
    path = build_decree30_docx(tmp_path / "khóa.docx", extras=False)
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")              # first central directory record
    data[central + 8] |= 0x01                        # general purpose flag: encrypted
    path.write_bytes(bytes(data))
    _rejects(path, "E_ARCHIVE_BOMB")


def test_billion_laughs_in_document_xml(tmp_path: Path) -> None:
    source = build_decree30_docx(tmp_path / "src.docx", extras=False)
    path = rewrite_zip(source, tmp_path / "cười.docx", replace={"word/document.xml": BILLION_LAUGHS})
    err = _rejects(path, "E_UNSAFE_XML")
    assert err.detail == "word/document.xml"


def test_doctype_in_utf16_is_found(tmp_path: Path) -> None:
    source = build_decree30_docx(tmp_path / "src.docx", extras=False)
    utf16 = BILLION_LAUGHS.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>')
    path = rewrite_zip(source, tmp_path / "u16.docx",
                       replace={"word/document.xml": b"\xff\xfe" + utf16.decode().encode("utf-16-le")})
    _rejects(path, "E_UNSAFE_XML")


def test_xxe_in_an_xlsx_worksheet(tmp_path: Path) -> None:
    source = build_xlsx(tmp_path / "src.xlsx", {"A": [["chữ"]]})
    path = rewrite_zip(source, tmp_path / "xxe.xlsx", replace={"xl/worksheets/sheet1.xml": XXE})
    err = _rejects(path, "E_UNSAFE_XML")
    assert err.detail == "xl/worksheets/sheet1.xml"


def test_truncated_docx(tmp_path: Path) -> None:
    path = build_decree30_docx(tmp_path / "cắt cụt.docx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _rejects(path, "E_CORRUPT")


def test_malformed_document_xml(tmp_path: Path) -> None:
    source = build_decree30_docx(tmp_path / "src.docx", extras=False)
    path = rewrite_zip(source, tmp_path / "hỏng.docx", replace={"word/document.xml": b"<w:document><w:body>"})
    _rejects(path, "E_CORRUPT")


def test_library_failure_becomes_corrupt(tmp_path: Path) -> None:
    """openpyxl's own exception on a broken workbook part comes out typed, not as a traceback."""
    source = build_xlsx(tmp_path / "src.xlsx", {"A": [["chữ"]]})
    path = rewrite_zip(source, tmp_path / "sổ hỏng.xlsx", replace={"xl/workbook.xml": b"<workbook"})
    _rejects(path, "E_CORRUPT")


def test_missing_file(tmp_path: Path) -> None:
    _rejects(tmp_path / "không có.pdf", "E_CORRUPT")


def test_display_name_is_used_in_messages(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"")
    _rejects(path, "E_EMPTY", name="evidence/1.1.1/Kế hoạch 163.pdf")


@pytest.mark.skipif(converter() is not None, reason="LibreOffice is installed: .doc is converted")
def test_legacy_doc_without_libreoffice(tmp_path: Path) -> None:
    path = build_ole(tmp_path / "KH cũ.doc", "WordDocument")
    _rejects(path, "E_LEGACY_DOC")
