"""Hostile paths and names from the CLI (fuzz findings F09-F11): one line per bad file, the rest kept.

Run as the user runs it (``python -m cli.main`` in a subprocess), since what broke was the output
stream and the process, not a function's return value. The subprocess timeout only guards the
test run against a regression to a hang; no speed is asserted.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_PDF = ROOT / "sample_evidence" / "konray-2023" / "evidence" / "1.1.1" / "KH-163-CCHC-2023.pdf"
GOOD_DOCX = ROOT / "sample_evidence" / "konray-2023" / "evidence" / "5.1.2" / \
    "CV-269-UBND-NC-dang-ky-tiep-nhan-cong-chuc.docx"
HANG_GUARD_S = 300


def _extract(*args: str | bytes, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, VERIFIER_CACHE_DIR=str(cwd / ".cache-test"))
    return subprocess.run([sys.executable, "-m", "cli.main", "extract", *args, "--format", "json", "--quiet",
                           "--no-cache"], cwd=ROOT, capture_output=True, env=env, timeout=HANG_GUARD_S, check=False)


def test_a_name_that_is_not_utf8_keeps_both_files(tmp_path: Path) -> None:
    # F09: json.dumps kept the surrogate escapes, stdout refused them: exit 3, empty output, both lost.
    folder = tmp_path / "in"
    folder.mkdir()
    bad = os.path.join(os.fsencode(folder), b"\xff\xfe-ke-hoach.pdf")
    with open(bad, "wb") as fh:
        fh.write(GOOD_PDF.read_bytes())
    done = _extract(str(folder), str(GOOD_DOCX), cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    items = json.loads(done.stdout.decode("utf-8"))
    assert len(items) == 2 and all(item.get("error") is None for item in items)
    names = [item["file"] for item in items]
    assert any(name.endswith("\ufffd\ufffd-ke-hoach.pdf") for name in names)
    assert any(name.endswith("CV-269-UBND-NC-dang-ky-tiep-nhan-cong-chuc.docx") for name in names)


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "fifo"])
def test_only_regular_files_are_read(tmp_path: Path, target: str) -> None:
    # F10: a symlink to a device (or a FIFO) was hashed before any check: extract never ended.
    link = tmp_path / "scan.pdf"
    if target == "fifo":
        os.mkfifo(link)
    else:
        link.symlink_to(target)
    done = _extract(str(link), str(GOOD_DOCX), cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.decode("utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith("[E_NOT_REGULAR] ") and str(link) in lines[0]
    items = {item["file"]: item for item in json.loads(done.stdout.decode("utf-8"))}
    assert items[str(link)]["error"]["code"] == "E_NOT_REGULAR"
    assert items[str(GOOD_DOCX)].get("error") is None


def _with_nul_in_document_xml(source: Path, target: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                cut = data.index(b"<w:t>") + 5
                data = data[:cut] + b"\x00" + data[cut:]
            zout.writestr(info, data)
    target.write_bytes(out.getvalue())


def test_a_library_message_with_a_line_break_is_one_line(tmp_path: Path) -> None:
    # F11: lxml's "Char 0x0 out of allowed range\n, line 2, column ..." split the message in two.
    broken = tmp_path / "nul.docx"
    _with_nul_in_document_xml(GOOD_DOCX, broken)
    done = _extract(str(broken), str(GOOD_DOCX), cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.decode("utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith("[E_CORRUPT] ") and "nul.docx" in lines[0]
    items = {item["file"]: item for item in json.loads(done.stdout.decode("utf-8"))}
    error = items[str(broken)]["error"]
    assert "\n" not in error["message_vi"] and "\n" not in error["message_en"]
    assert items[str(GOOD_DOCX)].get("error") is None
