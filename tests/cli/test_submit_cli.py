"""`verifier submit` refuses what a person can fix with one clear line, before any upload."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import SAMPLE, run_cli


def test_a_token_that_is_not_ascii_is_refused(tmp_path: Path) -> None:
    res = run_cli("submit", str(SAMPLE), "--server", "http://127.0.0.1:9", "--token", "Không hợp lệ")
    assert res.returncode == 2 and res.stderr.startswith("[E_TOKEN]") and "Traceback" not in res.stderr


def test_an_unreachable_server_is_one_line(tmp_path: Path) -> None:
    res = run_cli("submit", str(SAMPLE), "--server", "http://127.0.0.1:9", "--token", "pv_abc")
    assert res.returncode == 2 and res.stderr.startswith("[E_NETWORK]") and "127.0.0.1:9" in res.stderr


def test_a_missing_folder(tmp_path: Path) -> None:
    res = run_cli("submit", str(tmp_path / "khong-co"), "--server", "http://127.0.0.1:9", "--token", "pv_abc")
    assert res.returncode == 2 and res.stderr.startswith("[E_SUBMISSION]")
