"""`verifier check` from the user's entry point on the committed sample submission."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import SAMPLE, load_json, run_cli

CRITERION_KEYS = {"code", "max_score", "self_score", "suggested_score", "status", "findings"}
FINDING_KEYS = {"kind", "severity", "message", "file", "page", "document", "date"}
STATUSES = {"pass", "partial", "fail", "not_applicable", "manual_review", "no_evidence"}


@pytest.fixture(scope="module")
def sample_json(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not (SAMPLE / "assessment.tsv").exists():
        pytest.skip("sample submission not generated")
    cache = tmp_path_factory.mktemp("cache")
    res = run_cli("check", str(SAMPLE), "--format", "json", "--quiet", cache=cache)
    assert res.returncode == 0, res.stderr
    data: dict[str, Any] = load_json(res.stdout)
    data["_cache"] = str(cache)
    return data


@pytest.mark.slow
@pytest.mark.ocr
def test_report_has_the_documented_shape(sample_json: dict[str, Any]) -> None:
    assert {"unit", "year", "framework", "criteria", "deductions", "totals"} <= set(sample_json)
    assert sample_json["unit"] == "Huyện Kon Rẫy" and sample_json["year"] == 2023
    assert sample_json["framework"].startswith("kontum/district-2023")
    codes = [c["code"] for c in sample_json["criteria"]]
    assert len(codes) == len(set(codes)) and {"1.1.1", "3.4.1", "7.3.3", "9.1"} <= set(codes)
    for c in sample_json["criteria"]:
        assert set(c) >= CRITERION_KEYS and c["status"] in STATUSES
        for f in c["findings"]:
            assert set(f) >= FINDING_KEYS and f["severity"] in {"error", "warning", "info"}
    for d in sample_json["deductions"]:
        assert {"code", "points", "reasons"} <= set(d) and -1 <= d["points"] <= 0
    assert set(sample_json["totals"]) >= {"max", "self", "suggested"}
    # 1.6.2 is not assessed in the seed: the maximum drops from 100 to 97.
    assert sample_json["totals"]["max"] == 97


@pytest.mark.slow
@pytest.mark.ocr
def test_warm_run_reads_nothing_again_and_gives_the_same_report(sample_json: dict[str, Any]) -> None:
    cache = Path(sample_json["_cache"])
    entries = {p: p.stat().st_mtime_ns for p in cache.rglob("*.json")}
    assert entries, "the cold run filled the cache"
    res = run_cli("check", str(SAMPLE), "--format", "json", "--quiet", cache=cache)
    assert res.returncode == 0, res.stderr
    warm = load_json(res.stdout)
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*.json")} == entries
    cold = {k: v for k, v in sample_json.items() if k != "_cache"}
    assert warm == cold


@pytest.mark.slow
@pytest.mark.ocr
def test_table_format_mirrors_the_export(tmp_path: Path, sample_json: dict[str, Any]) -> None:
    res = run_cli("check", str(SAMPLE), "--quiet", cache=Path(sample_json["_cache"]))
    assert res.returncode == 0, res.stderr
    assert "Huyện Kon Rẫy" in res.stdout and "Đề xuất" in res.stdout and "Ý kiến" in res.stdout
    assert "1.1.1" in res.stdout and "Tổng điểm" in res.stdout


def test_a_folder_without_a_table_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "evidence").mkdir()
    res = run_cli("check", str(tmp_path), "--quiet", cache=tmp_path / "c")
    assert res.returncode == 2
    assert res.stderr.startswith("[E_TABLE]") and "Traceback" not in res.stderr


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    res = run_cli("check", str(tmp_path / "nope"), "--quiet")
    assert res.returncode == 2 and "nope" in res.stderr


def test_one_corrupt_file_does_not_lose_the_submission(tmp_path: Path) -> None:
    if not (SAMPLE / "assessment.tsv").exists():
        pytest.skip("sample submission not generated")
    sub = tmp_path / "sub"
    (sub / "evidence" / "1.1.1").mkdir(parents=True)
    shutil.copy(SAMPLE / "assessment.tsv", sub / "assessment.tsv")
    (sub / "evidence" / "1.1.1" / "hong.pdf").write_bytes(b"%PDF-1.4\n%broken")
    res = run_cli("check", str(sub), "--format", "json", "--quiet", cache=tmp_path / "c")
    assert res.returncode == 0, res.stderr
    data = load_json(res.stdout)
    c111 = next(c for c in data["criteria"] if c["code"] == "1.1.1")
    kinds = {f["kind"] for f in c111["findings"]}
    assert "unreadable" in kinds
    assert any(f["file"] and f["file"].endswith("hong.pdf") for f in c111["findings"])
    assert len(data["criteria"]) > 100


def test_an_unreadable_file_is_one_stderr_line_and_the_rest_is_checked(tmp_path: Path, cli_cache: Path) -> None:
    sub = tmp_path / "sub"
    (sub / "evidence" / "1.1.1").mkdir(parents=True)
    shutil.copyfile(SAMPLE / "assessment.tsv", sub / "assessment.tsv")
    good = next(p for p in sorted((SAMPLE / "evidence" / "1.1.1").glob("*.pdf")))
    shutil.copyfile(good, sub / "evidence" / "1.1.1" / good.name)
    (sub / "evidence" / "1.1.1" / "hỏng.pdf").write_bytes(b"%PDF-1.4 cut short")
    done = run_cli("check", str(sub), "--format", "json", "--quiet", cache=cli_cache)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "hỏng.pdf" in lines[0] and lines[0].startswith("[E_CORRUPT]") and " / " in lines[0]
    files = {f["file"]: f for f in load_json(done.stdout)["files"]}
    assert files[f"evidence/1.1.1/{good.name}"]["ok"] and not files["evidence/1.1.1/hỏng.pdf"]["ok"]
    assert files["evidence/1.1.1/hỏng.pdf"]["error_en"]
