"""The shipped frameworks: valid, complete against the seed table, and a new year is only metadata."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from verifier.assessment import load_table
from verifier.errors import RuleError
from verifier.rules import Archetype, find_framework, level_of_unit, lint_framework, load_framework

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
SEED = ROOT / "sample_evidence" / "konray-2023" / "assessment.tsv"


@pytest.mark.parametrize("name", ["district-2023.yaml", "district-2024.yaml"])
def test_shipped_frameworks_lint_clean(name: str) -> None:
    assert lint_framework(RULES / "kontum" / name) == ()


def test_2023_covers_every_seed_row_with_its_maximum() -> None:
    fw = load_framework(RULES / "kontum" / "district-2023.yaml")
    seed = load_table(SEED)
    assert seed.rows, "the seed table must parse"
    for r in seed.rows:
        c = fw.criterion(r.code)
        assert c is not None, f"{r.code} missing from the framework"
        assert c.max_score == r.max_score, r.code
    assert {c.code for c in fw.criteria} == {r.code for r in seed.rows}
    assert sum(c.max_score for c in fw.criteria if c.depth == 1) == Decimal(100)


def test_unconfirmed_thresholds_are_tagged_not_confirmed() -> None:
    fw = load_framework(RULES / "kontum" / "district-2023.yaml")
    for code in ("3.3.5", "3.4.1", "7.2.2", "6.3.1", "1.3.1"):
        rule = fw.criterion(code).rule  # type: ignore[union-attr]
        assert rule.params.threshold is not None, code
        assert rule.confidence.value in ("BG", "UNKNOWN"), code
    # full marks were given at 77.58 % and 43.5 %, so the chosen thresholds must not exceed them
    assert fw.criterion("3.3.5").rule.params.threshold <= Decimal("77.58")  # type: ignore[union-attr,operator]
    assert fw.criterion("7.2.2").rule.params.threshold <= Decimal("43.47")  # type: ignore[union-attr,operator]


def test_2024_is_the_2023_tree_with_dates_moved_by_metadata() -> None:
    a = load_framework(RULES / "kontum" / "district-2023.yaml")
    b = load_framework(RULES / "kontum" / "district-2024.yaml")
    assert [(c.code, c.max_score, c.rule) for c in a.criteria] == [(c.code, c.max_score, c.rule) for c in b.criteria]
    deadline = a.criterion("1.1.1").rule.requires[0].deadline  # type: ignore[union-attr]
    assert deadline is not None
    assert deadline.date.resolve(a.year) == dt.date(2022, 12, 31)
    assert deadline.date.resolve(b.year) == dt.date(2023, 12, 31)
    assert b.label == "kontum/district-2024@2024.1"


def test_parents_are_sums_and_leaves_have_rules() -> None:
    fw = load_framework(RULES / "kontum" / "district-2023.yaml")
    for c in fw.criteria:
        children = fw.children(c.code)
        if children:
            assert c.rule.archetype is Archetype.SUM
            assert sum(k.max_score for k in children) == c.max_score
        else:
            assert c.rule.archetype is not Archetype.SUM


def test_find_framework_by_province_level_year(tmp_path: Path) -> None:
    assert find_framework(RULES, province="Kon Tum", level="district", year=2023) == \
        RULES / "kontum" / "district-2023.yaml"
    with pytest.raises(RuleError) as err:
        find_framework(RULES, province="kontum", level="district", year=2019)
    assert err.value.code == "E_RULES"
    assert "district-2023.yaml" in err.value.message_en


@pytest.mark.parametrize(("unit", "level"), [
    ("Huyện Kon Rẫy", "district"), ("UBND huyện Đăk Hà", "district"), ("Thành phố Kon Tum", "district"),
    ("Sở Nội vụ", "department"), ("Ban Quản lý Khu kinh tế", "department"), ("Xã Đăk Kôi", "commune"),
    ("Thị xã Buôn Hồ", "district"), ("Thị trấn Đăk Rve", "commune"),
])
def test_level_of_unit(unit: str, level: str) -> None:
    assert level_of_unit(unit) == level


def test_level_of_unknown_unit_is_a_rule_error() -> None:
    with pytest.raises(RuleError):
        level_of_unit("Công ty ABC")


def test_the_framework_says_which_field_subtracts_and_by_how_much() -> None:
    """The deduction field and its caps are data: the service's council column and the table reader
    take them from here, whatever the field is titled or numbered."""
    kontum = load_framework(RULES / "kontum" / "district-2023.yaml")
    sonla = load_framework(RULES / "sonla" / "commune-2025.yaml")
    assert kontum.penalty_fields() == ("9",)
    assert sonla.penalty_fields() == ("10",)          # field 9 is Sơn La's bonus field
    assert sonla.deduction_cap("9.1") is None and kontum.deduction_cap("1.1.1") is None
    # a per-item penalty: its own cap ("tối đa trừ 2 điểm"); the integrity deduction: its cap
    assert sonla.deduction_cap("10.2") == Decimal(2)
    assert kontum.deduction_cap("9.1") == Decimal(1)
    # a field without a cap of its own is bounded by its leaves together
    leaves = [c.code for c in kontum.leaves() if c.code.startswith("9.")]
    assert kontum.deduction_cap("9") == sum(kontum.deduction_cap(c) or Decimal(0) for c in leaves)


def test_a_field_cap_bounds_its_rows(tmp_path: Path) -> None:
    child = tmp_path / "kontum" / "district-2023-capped.yaml"
    child.parent.mkdir(parents=True)
    child.write_text('extends: kontum/district-2023\n'
                     'framework: {id: kontum/district-2023-capped, version: "t"}\n'
                     'criteria:\n  - code: "9"\n    cap: 0.5\n', encoding="utf-8")
    import shutil
    shutil.copytree(RULES / "library", tmp_path / "library")
    shutil.copy(RULES / "provinces.yaml", tmp_path / "provinces.yaml")
    shutil.copy(RULES / "kontum" / "district-2023.yaml", tmp_path / "kontum" / "district-2023.yaml")
    fw = load_framework(child)
    assert fw.deduction_cap("9") == Decimal("0.5") and fw.deduction_cap("9.4") == Decimal("0.5")
