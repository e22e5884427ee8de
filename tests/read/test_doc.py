"""Legacy Word .doc through LibreOffice headless: a real Word 97 file (tests/read/fixtures)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

from verifier.errors import FileTimeout, LegacyDocUnsupported
from verifier.limits import ReadSettings
from verifier.read import read_file
from verifier.read.doc import converter
from verifier.read.model import FileKind, PageMethod

DOC = Path(__file__).parent / "fixtures" / "ke-hoach-163.doc"
needs_soffice = pytest.mark.skipif(converter() is None, reason="LibreOffice is not installed (scripts/setup)")


@needs_soffice
@pytest.mark.slow
def test_real_word97_file_is_converted_and_read(tmp_path: Path) -> None:
    path = tmp_path / "KH 163 (bản cũ).doc"
    shutil.copyfile(DOC, path)
    result = read_file(path)
    assert result.kind is FileKind.DOC
    assert {p.method for p in result.pages} == {PageMethod.DOC}
    assert "Số: 163/KH-UBND" in result.text and "ngày 30 tháng 12 năm 2022" in result.text
    assert result.notices == ()


@needs_soffice
@pytest.mark.slow
def test_two_conversions_at_once_do_not_collide(tmp_path: Path) -> None:
    """Each conversion has its own LibreOffice profile; a shared one makes the second fail."""
    results: dict[int, str] = {}
    errors: list[BaseException] = []

    def convert(k: int) -> None:
        path = tmp_path / f"doc{k}.doc"
        shutil.copyfile(DOC, path)
        try:
            results[k] = read_file(path).text
        except BaseException as exc:     # reported below: a thread must not swallow it
            errors.append(exc)

    threads = [threading.Thread(target=convert, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 2 and all("163/KH-UBND" in text for text in results.values())


def test_without_libreoffice_one_bilingual_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    path = tmp_path / "KH cũ.doc"
    shutil.copyfile(DOC, path)
    with pytest.raises(LegacyDocUnsupported) as info:
        read_file(path)
    line = info.value.one_line()
    assert line.startswith("[E_LEGACY_DOC]") and line.count("KH cũ.doc") == 2 and "\n" not in line
    assert "LibreOffice" in line


@needs_soffice
def test_conversion_timeout_kills_the_converter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "chậm.doc"
    shutil.copyfile(DOC, path)
    work = tmp_path / "work"          # the conversion's private folder (and profile) goes here
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    settings = ReadSettings().with_limits(convert_timeout_s=0.05)
    with pytest.raises(FileTimeout) as info:
        read_file(path, settings)
    assert "chậm.doc" in info.value.one_line() and "0.05" in info.value.one_line()
    # soffice forks soffice.bin; both were killed with their process group
    alive = subprocess.run(["pgrep", "-f", str(work)], capture_output=True, text=True).stdout.split()
    assert alive == []

