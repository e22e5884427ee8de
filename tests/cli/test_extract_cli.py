"""`verifier extract` from the user's entry point: JSON shape, bad input exit codes and messages."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.cli.conftest import load_json, run_cli
from verifier.read.doc import converter

KEYS = {"file", "pages", "ocr", "number", "type", "issuer", "date", "place", "title", "references"}


def _docx_named_pdf(path: Path) -> None:
    import docx

    doc = docx.Document()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nHUYỆN KON RẪY"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.cell(1, 0).text = "Số: 38/KH-UBND"
    table.cell(1, 1).text = "Kon Rẫy, ngày 28 tháng 02 năm 2023"
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Tuyên truyền công tác cải cách hành chính năm 2023")
    doc.add_paragraph("Căn cứ Kế hoạch số 163/KH-UBND ngày 30/12/2022 của UBND huyện; đạt 07/07 xã.")
    doc.save(str(path))


def test_extract_json_of_a_docx_whose_extension_lies(tmp_path: Path, cli_cache: Path) -> None:
    f = tmp_path / "ke-hoach.pdf"
    _docx_named_pdf(f)
    res = run_cli("extract", str(f), "--format", "json", "--quiet", cache=cli_cache)
    assert res.returncode == 0, res.stderr
    [obj] = load_json(res.stdout)
    assert set(obj) >= KEYS
    assert obj["number"] == "38/KH-UBND"
    assert obj["date"] == "2023-02-28"
    assert obj["type"] == "Kế hoạch"
    assert obj["place"] == "Kon Rẫy"
    assert obj["references"] == [{"number": "163/KH-UBND", "date": "2022-12-30"}]
    assert obj["kind"] == "docx"


def _ole_word_doc() -> bytes:
    """A compound file whose directory names a WordDocument stream: what Word 97-2003 writes."""
    header = bytes.fromhex("D0CF11E0A1B11AE1").ljust(512, b"\x00")
    name = "WordDocument".encode("utf-16-le") + b"\x00\x00"
    entry = name.ljust(64, b"\x00") + len(name).to_bytes(2, "little") + bytes([2])
    return header + entry.ljust(128, b"\x00") + b"\x00" * 384


def _bad_files(tmp: Path) -> dict[str, Path]:
    files = {}
    files["E_EMPTY"] = tmp / "rong.pdf"
    files["E_EMPTY"].write_bytes(b"")
    files["E_CORRUPT"] = tmp / "hong.pdf"
    files["E_CORRUPT"].write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n%trunc")
    files["E_UNSUPPORTED"] = tmp / "la.pdf"
    files["E_UNSUPPORTED"].write_bytes(b"\x7fELF\x02\x01\x01" + b"\x00" * 200)
    # With LibreOffice (scripts/setup installs it as root) this bare stub converts to nothing.
    legacy = "E_CORRUPT_DOC" if converter() is not None else "E_LEGACY_DOC"
    files[legacy] = tmp / "cu.doc"
    files[legacy].write_bytes(_ole_word_doc())
    bomb = tmp / "bom.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("word/media/big.bin", b"\x00" * (120 * 1024 * 1024))
    files["E_ARCHIVE_BOMB"] = bomb
    return files


def test_bad_files_exit_2_with_one_clear_line_each_and_the_batch_goes_on(tmp_path: Path, cli_cache: Path) -> None:
    bad = _bad_files(tmp_path)
    good = tmp_path / "tot.docx"
    _docx_named_pdf(good)
    res = run_cli("extract", *map(str, bad.values()), str(good), "--format", "json", "--quiet", cache=cli_cache)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr + res.stdout
    by_file = {Path(o["file"]).name: o for o in load_json(res.stdout)}
    assert by_file["tot.docx"]["number"] == "38/KH-UBND"
    for key, path in bad.items():
        code = key.removesuffix("_DOC") if key == "E_CORRUPT_DOC" else key
        assert by_file[path.name]["error"]["code"] == code, (code, by_file[path.name])
        line = next(ln for ln in res.stderr.splitlines() if path.name in ln)
        assert line.startswith(f"[{code}]") and line.count(path.name) == 2  # Vietnamese and English


def test_missing_file_is_reported_not_raised(tmp_path: Path, cli_cache: Path) -> None:
    res = run_cli("extract", str(tmp_path / "khong-co.pdf"), "--quiet", cache=cli_cache)
    assert res.returncode == 2
    assert "khong-co.pdf" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_second_run_is_served_from_the_cache(tmp_path: Path, cli_cache: Path, fmt: str) -> None:
    f = tmp_path / "a.docx"
    _docx_named_pdf(f)
    first = run_cli("extract", str(f), "--format", fmt, "--quiet", cache=cli_cache)
    assert first.returncode == 0, first.stderr
    cached = list(cli_cache.rglob("*.json"))
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns
    second = run_cli("extract", str(f), "--format", fmt, "--quiet", cache=cli_cache)
    assert second.stdout == first.stdout
    assert cached[0].stat().st_mtime_ns == stamp
