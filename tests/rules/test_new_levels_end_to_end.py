"""A new province and two new levels, end to end with no Python: the Sơn La samples are read by the
real readers and checked with the shipped frameworks, chosen from the table alone; the sample
generator is deterministic and the committed samples are up to date."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from verifier.pipeline import check_submission
from verifier.results import FindingKind as K
from verifier.results import Severity, Status

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_evidence"


def test_the_department_sample_is_checked_with_its_own_framework(tmp_path: Path) -> None:
    report = check_submission(SAMPLES / "sonla-department-2025", cache_dir=tmp_path, jobs=1)
    assert report.framework == "sonla/department-2025@2025.1"
    by = {c.code: c for c in report.criteria}
    assert by["1.6"].status is Status.NOT_APPLICABLE                 # "không được giao nhiệm vụ"
    assert report.totals.max == Decimal("97.5")
    assert by["3.2"].suggested_score == Decimal(8)                   # system data, 766 cap
    assert by["9"].status is Status.NOT_APPLICABLE                   # no bonus claimed
    assert by["4.1"].status is Status.PASS and by["4.2.1"].status is Status.PASS
    errors = {c.code: [f.message for f in c.findings if f.severity is Severity.ERROR]
              for c in report.criteria if c.code not in ("8", "8.1", "8.2")}
    assert {k: v for k, v in errors.items() if v} == {}
    assert all(f.ok for f in report.files)


@pytest.mark.slow
@pytest.mark.ocr
def test_the_commune_sample_is_checked_with_its_own_framework(tmp_path: Path) -> None:
    report = check_submission(SAMPLES / "sonla-commune-2025", cache_dir=tmp_path, jobs=2)
    assert report.framework == "sonla/commune-2025@2025.1"
    by = {c.code: c for c in report.criteria}
    expected = {"1.1.2": "1", "1.5": "0.75", "1.6": "2.19", "3.3": "3.47", "4.2.1": "0", "7.1": "1", "9": "3",
                "10.1": "-0.5", "10.2": "-1"}
    assert {k: str(by[k].suggested_score.normalize()) for k in expected} == expected  # type: ignore[union-attr]
    assert K.CLAIM_MISMATCH in {f.kind for f in by["3.3"].findings}
    assert K.WRONG_TYPE in {f.kind for f in by["4.2.1"].findings}
    assert {d.code: d.points for d in report.deductions} == {"10.1": Decimal("-0.5"), "10.2": Decimal("-1")}
    scan = next(f for f in report.files if f.file.startswith("evidence/7.1/"))
    assert scan.ocr and scan.number == "22/KH-UBND"


@pytest.mark.slow
def test_the_generator_is_deterministic_and_the_committed_samples_current(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "scripts/make_framework_samples.py", "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for name in ("sonla-commune-2025", "sonla-department-2025"):
        diff = filecmp.dircmp(tmp_path / name, SAMPLES / name)
        assert _differences(diff) == [], name


def _differences(d: filecmp.dircmp[str]) -> list[str]:
    out = [*d.left_only, *d.right_only, *d.diff_files, *d.funny_files]
    for sub in d.subdirs.values():
        out += _differences(sub)
    return out


def test_check_from_the_command_line_picks_the_framework_and_province(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    done = subprocess.run([sys.executable, "-m", "cli.main", "check", str(SAMPLES / "sonla-department-2025"),
                           "--format", "json", "--out", str(out), "--quiet", "--jobs", "1", "--province", "Sơn La"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={"VERIFIER_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert '"framework": "sonla/department-2025@2025.1"' in out.read_text(encoding="utf-8")
    wrong = subprocess.run([sys.executable, "-m", "cli.main", "check", str(SAMPLES / "sonla-department-2025"),
                            "--quiet", "--jobs", "1", "--province", "kontum"],
                           cwd=ROOT, capture_output=True, text=True, timeout=300,
                           env={"VERIFIER_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"})
    # Kon Tum merged into Quảng Ngãi on 01/07/2025, so Quảng Ngãi appraises 2025 (a transition year),
    # and has no department framework for it
    assert wrong.returncode == 2 and "quangngai/department-2025" in wrong.stderr and "Traceback" not in wrong.stderr
