"""Every bad-input case of the reader issue, through `verifier extract`: exit 2, one clear line naming
the file in Vietnamese and English, and the other files of the batch still read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.cli.conftest import load_json, run_cli
from tests.read.conftest import build_decree30_docx, rewrite_zip
from tests.read.pdf_factory import blank_scan, make_scan_pdf, make_text_pdf, render_page, scanned, user_password

BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                  b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                  b'<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>')


def _expect(res_stdout: str, stderr: str, path: Path, code: str) -> None:
    [obj] = [o for o in load_json(res_stdout) if Path(o["file"]).name == path.name]
    assert obj["error"]["code"] == code, obj
    line = next(ln for ln in stderr.splitlines() if path.name in ln)
    assert line.startswith(f"[{code}]") and line.count(path.name) == 2
    assert "Traceback" not in stderr


def _run(paths: list[Path], tmp: Path, env: dict[str, str] | None = None) -> tuple[str, str]:
    good = build_decree30_docx(tmp / "good.docx")
    res = run_cli("extract", *map(str, paths), str(good), "--format", "json", "--quiet", "--no-cache",
                  env_extra=env)
    assert res.returncode == 2, res.stderr
    ok = [o for o in load_json(res.stdout) if Path(o["file"]).name == "good.docx"]
    assert ok and ok[0].get("error") is None and ok[0]["number"]       # the batch went on
    return res.stdout, res.stderr


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = make_text_pdf(tmp_path / "mat-khau.pdf", encrypt=user_password())
    out, err = _run([path], tmp_path)
    _expect(out, err, path, "E_ENCRYPTED")


def test_xml_entities_in_docx(tmp_path: Path) -> None:
    base = build_decree30_docx(tmp_path / "base.docx")
    path = rewrite_zip(base, tmp_path / "thuc-the.docx", replace={"word/document.xml": BILLION_LAUGHS})
    out, err = _run([path], tmp_path)
    _expect(out, err, path, "E_UNSAFE_XML")


def test_too_many_entries_is_a_bomb(tmp_path: Path) -> None:
    path = tmp_path / "nhieu.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        for i in range(2100):
            z.writestr(f"word/media/{i}.bin", b"x")
    out, err = _run([path], tmp_path)
    _expect(out, err, path, "E_ARCHIVE_BOMB")


def test_configured_page_limit(tmp_path: Path) -> None:
    path = make_text_pdf(tmp_path / "dai.pdf", pages=3)
    out, err = _run([path], tmp_path, {"VERIFIER_MAX_PAGES": "2"})
    _expect(out, err, path, "E_TOO_MANY_PAGES")


def test_configured_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "lon.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"0" * 200_000)
    good_size = build_decree30_docx(tmp_path / "probe.docx").stat().st_size
    out, err = _run([path], tmp_path, {"VERIFIER_MAX_FILE_BYTES": str(good_size + 1000)})
    _expect(out, err, path, "E_TOO_LARGE")


@pytest.mark.slow
@pytest.mark.ocr
@pytest.mark.parametrize(("env", "code"), [
    pytest.param({"VERIFIER_MAX_PIXELS": "100000"}, "E_TOO_MANY_PIXELS", id="pixels"),
    pytest.param({"VERIFIER_PAGE_TIMEOUT_S": "0.05"}, "E_OCR_TIMEOUT", id="ocr_timeout"),
])
def test_scan_limits(tmp_path: Path, env: dict[str, str], code: str) -> None:
    page = scanned(render_page(make_text_pdf(tmp_path / "src.pdf")))
    path = make_scan_pdf(tmp_path / "quet.pdf", [page])
    out, err = _run([path], tmp_path, env)
    _expect(out, err, path, code)


@pytest.mark.slow
@pytest.mark.ocr
def test_blank_scanned_page(tmp_path: Path) -> None:
    path = make_scan_pdf(tmp_path / "trang-trang.pdf", [blank_scan()])
    out, err = _run([path], tmp_path)
    _expect(out, err, path, "E_NO_TEXT")
