"""Which framework scores a submission: province (given or from the unit), level, year, decision."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from verifier.errors import RuleError
from verifier.rules import choose, find_framework, load_framework

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"


def test_by_province_level_and_year() -> None:
    assert find_framework(RULES, province="Kon Tum", level="district", year=2023) == \
        RULES / "kontum" / "district-2023.yaml"
    with pytest.raises(RuleError) as err:
        find_framework(RULES, province="kontum", level="district", year=2019)
    assert err.value.code == "E_RULES" and "kontum/district-2023.yaml" in err.value.message_en


def test_the_province_of_a_listed_unit_needs_no_flag() -> None:
    choice = choose(RULES, province=None, level="district", year=2023, unit="Huyện Kon Rẫy")
    assert choice.path == RULES / "kontum" / "district-2023.yaml" and choice.province == "kontum"


def test_a_former_unit_is_scored_with_its_former_province_for_a_year_before_the_merger() -> None:
    # the service's token says quangngai (the province today); the 2024 table is Kon Rẫy's
    choice = choose(RULES, province="quangngai", level="district", year=2024, unit="Huyện Kon Rẫy")
    assert choice.path == RULES / "kontum" / "district-2024.yaml"
    assert "Kon Tum" in choice.why


def test_after_the_merger_the_receiving_province_answers() -> None:
    with pytest.raises(RuleError) as err:
        choose(RULES, province="kontum", level="commune", year=2026, unit="Xã Đăk Kôi")
    assert "quangngai/commune-2026" in err.value.message_en


def test_an_unknown_province_names_the_known_ones() -> None:
    with pytest.raises(RuleError) as err:
        choose(RULES, province="Atlantis", level="commune", year=2025)
    assert "unknown province 'Atlantis'" in err.value.message_en and "sonla" in err.value.message_en


def test_the_only_framework_for_a_level_and_year_is_chosen_when_the_unit_says_no_province() -> None:
    choice = choose(RULES, province=None, level="commune", year=2025, unit="Xã Mường Mẫu")
    assert choice.path == RULES / "sonla" / "commune-2025.yaml"


def test_two_decisions_in_one_year_the_later_wins_unless_one_is_asked_for(tmp_path: Path) -> None:
    shutil.copytree(RULES, tmp_path / "rules")
    rules = tmp_path / "rules"
    earlier = rules / "sonla" / "commune-2025-2211.yaml"
    earlier.write_text("extends: sonla/commune-2025\n"
                       "framework:\n  id: sonla/commune-2025-2211\n  version: \"2025.0\"\n"
                       "  decision: {number: \"2211/QĐ-UBND\", date: \"2025-08-31\"}\n", encoding="utf-8")
    assert load_framework(earlier).decision is not None
    latest = choose(rules, province="sonla", level="commune", year=2025).path
    assert latest.name == "commune-2025.yaml"
    asked = choose(rules, province="sonla", level="commune", year=2025, decision="2211/QĐ-UBND 31/8/2025").path
    assert asked.name == "commune-2025-2211.yaml"
    with pytest.raises(RuleError):
        choose(rules, province="sonla", level="commune", year=2025, decision="9999/QĐ-UBND")
