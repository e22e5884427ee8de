"""`verifier rules calibrate`: agreement with the council, and the unconfirmed values that agree.

The Kon Rẫy figure is a regression check (its BG/UNKNOWN thresholds were chosen on that very
table, domain.md); the Sơn La figures are on synthetic samples whose appraisal was written to
exercise the rules. None of them is an accuracy measurement (docs/frameworks.md, "Calibrating").
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from verifier.assessment import load_table
from verifier.limits import ReadSettings
from verifier.pipeline import collect_files, extract_all
from verifier.rules import load_framework
from verifier.score.calibrate import Appraised, Calibration, calibrate

ROOT = Path(__file__).resolve().parents[2]

FRAMEWORK = """\
framework:
  id: kontum/district-2023
  province: kontum
  level: district
  year: 2023
  version: "t"
  title: "Test"
  sources: ["test"]
  window: {from: "{Y}-01-01", to: "{Y}-12-31"}
  appraisal_cutoff: "{Y}-12-03"
criteria:
  - {code: "1", title: "Field", max: 2.5}
  - code: "1.1"
    title: "Tỷ lệ hồ sơ giải quyết đúng hạn"
    max: 1
    rule: {archetype: hard_threshold, confidence: UNKNOWN, source: "t", params: {threshold: 98}}
  - code: "1.2"
    title: "Tỷ lệ hồ sơ thanh toán trực tuyến"
    max: 0.5
    rule: {archetype: linear_ratio, confidence: UNKNOWN, source: "t"}
  - code: "1.3"
    title: "Công khai trên trang thông tin điện tử"
    max: 1
    rule: {archetype: manual_review, confidence: SEED, source: "t"}
"""
HEADER = ("Lĩnh vực/Tiêu chí/Tiêu chí thành phần\tĐiểm tối đa\tTự đánh giá\tTài liệu kiểm chứng/Giải trình\t"
          "Thẩm định\tÝ kiến hội đồng thẩm định")
TABLE = f"""\
KẾT QUẢ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH
Đơn vị: Huyện Kon Rẫy
Năm 2023
{HEADER}
I. Field\t2,5\t2,19\t\t0,76\t
1.1. Tỷ lệ hồ sơ giải quyết đúng hạn\t1\t0,96\tTỷ lệ hồ sơ giải quyết đúng hạn đạt 96,42%\t0\tÝ kiến: chưa đạt
1.2. Tỷ lệ hồ sơ thanh toán trực tuyến\t0,5\t0,23\tTỷ lệ đạt 45,45%\t0,26\t
1.3. Công khai trên trang thông tin điện tử\t1\t1\tĐã công khai\t0,5\tÝ kiến: còn thiếu chuyên mục
Tổng điểm\t2,5\t2,19\t\t0,76\t
"""


def _calibrated(tmp_path: Path) -> Calibration:
    (tmp_path / "f.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (tmp_path / "assessment.tsv").write_text(TABLE, encoding="utf-8")
    fw = load_framework(tmp_path / "f.yaml")
    return calibrate(fw, [Appraised("t", load_table(tmp_path / "assessment.tsv"), ())])


def test_agreement_and_each_disagreement_with_its_reason(tmp_path: Path) -> None:
    result = _calibrated(tmp_path)
    (s,) = result.submissions
    assert [(c.code, c.agrees) for c in s.compared] == [("1.1", True), ("1.2", False), ("1.3", False)]
    assert (result.agreed, result.compared) == (1, 3)
    by = {c.code: c for c in s.compared}
    assert str(by["1.2"].suggested) == "0.23" and str(by["1.2"].council) == "0.26"
    assert "linear_ratio (UNKNOWN)" in by["1.2"].reason
    assert "manual review carries the self score" in by["1.3"].reason and "còn thiếu chuyên mục" in by["1.3"].reason


def test_which_unconfirmed_values_would_have_agreed(tmp_path: Path) -> None:
    fits = {(f.code, f.parameter): f for f in _calibrated(tmp_path).parameters}
    threshold = fits[("1.1", "threshold")]
    # 96.42 % got 0: any threshold above it agrees, none at or below it
    assert (threshold.agree_now, threshold.agree_best, threshold.best_values) == (1, 1, ("96.5–100",))
    capped = fits[("1.2", "threshold if threshold_capped_ratio")]
    # 0.5 × 45.45 / T = 0.26 (to the cent) for T from 86 % to 89 %
    assert (capped.agree_now, capped.agree_best, capped.best_values) == (0, 1, ("86–89",))
    assert ("1.3", "threshold") not in fits        # SEED rules are not swept


def _replay(folder: Path, framework: str) -> Calibration:
    table, files = collect_files(folder)
    evidence = extract_all(files, ReadSettings.from_env(), cache=None, jobs=2)
    return calibrate(load_framework(ROOT / "rules" / f"{framework}.yaml"),
                     [Appraised(folder.name, load_table(table), tuple(evidence))])


@pytest.mark.slow
@pytest.mark.ocr
def test_kon_ray_2023_replayed_and_the_readme_says_the_same() -> None:
    result = _replay(ROOT / "sample_evidence" / "konray-2023", "kontum/district-2023")
    (s,) = result.submissions
    disagreements = sorted(c.code for c in s.compared if not c.agrees)
    # why each differs: sample_evidence/konray-2023/EXPECTED.md
    assert disagreements == ["1.6.1", "5.2", "7.1.2", "7.3.3", "9.1"]
    assert len(s.compared) == 94
    fits = {(f.code, f.parameter): f.best_values for f in result.parameters}
    assert fits[("3.4.1", "threshold")] == ("96.5–100",)       # 96.42 % got 0
    assert fits[("3.3.5", "threshold")] == ("0.5–77.5",)       # 77.58 % got full marks
    assert fits[("7.2.2", "threshold")] == ("0.5–43.5",)       # 43.47 % got full marks
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"(\d+) of (\d+) leaf criteria\s+get the score the real council gave", readme)
    assert stated is not None and (int(stated.group(1)), int(stated.group(2))) == (s.agreed, len(s.compared))


@pytest.mark.slow
@pytest.mark.ocr
def test_the_new_levels_replayed() -> None:
    commune = _replay(ROOT / "sample_evidence" / "sonla-commune-2025", "sonla/commune-2025")
    (s,) = commune.submissions
    assert [c.code for c in s.compared if not c.agrees] == ["7.6"]       # manual review carries the self score
    assert set(s.skipped) == {"8.1", "8.2"}                               # surveys are not self-scored
    department = _replay(ROOT / "sample_evidence" / "sonla-department-2025", "sonla/department-2025")
    assert department.agreed == department.compared == 40


def test_the_command_refuses_a_table_without_the_council_column(tmp_path: Path) -> None:
    table = tmp_path / "assessment.tsv"
    table.write_text(TABLE.replace("\tThẩm định", "\tGhi chú"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "cli.main", "rules", "calibrate", "kontum/district-2023", str(table)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "council appraisal" in done.stderr and "Traceback" not in done.stderr
