"""The committed realworld sample is what scripts/make_realworld.py builds today, byte for byte
(rebuilt in a fresh interpreter, as the script runs)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_evidence" / "konray-2023-realworld"

pytestmark = pytest.mark.slow


def _digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) builds the .doc and .xls")
def test_committed_realworld_sample_is_up_to_date(tmp_path: Path) -> None:
    out = tmp_path / "realworld"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_realworld.py"), "--out", str(out)],
                   cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True, capture_output=True)
    committed = {k: v for k, v in _digests(SAMPLE).items() if k != "expected_findings.json"}
    assert _digests(out) == committed
