"""lint_framework: every problem with the line and column a person must edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.errors import RuleError
from verifier.rules import lint_framework, load_framework

HEAD = """\
framework:
  id: kontum/district-2023
  province: kontum
  level: district
  year: 2023
  version: "t1"
  title: "Test"
  sources: ["test"]
  window: {from: "{Y}-01-01", to: "{Y}-12-31"}
  appraisal_cutoff: "{Y}-12-03"
criteria:
"""
GOOD = HEAD + """\
  - code: "1"
    title: "Field"
    max: 1
  - code: "1.1"
    title: "Plan"
    max: 1
    rule:
      archetype: binary_by_deadline
      confidence: SEED
      source: "seed"
      requires:
        - id: plan
          label: "Kế hoạch"
          types: [KH]
          deadline: {date: "{Y-1}-12-31", mode: ambiguous}
"""


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "f.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_a_valid_file_has_no_issues_and_loads(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD)
    assert lint_framework(path) == ()
    fw = load_framework(path)
    assert fw.criterion("1.1").line == 15  # type: ignore[union-attr]


def test_bad_type_is_reported_on_its_line(tmp_path: Path) -> None:
    text = GOOD.replace("    title: \"Plan\"\n    max: 1", "    title: \"Plan\"\n    max: \"một\"")
    issues = lint_framework(_write(tmp_path, text))
    assert [(i.line, i.path) for i in issues] == [(17, "criteria[1].max")]


def test_unknown_key_gets_a_typo_hint_at_the_key(tmp_path: Path) -> None:
    text = GOOD.replace("      source: \"seed\"", "      sorce: \"seed\"")
    issues = lint_framework(_write(tmp_path, text))
    by_msg = {i.message: i for i in issues}
    typo = next(i for m, i in by_msg.items() if "sorce" in m)
    assert typo.line == 21 and typo.column == 7
    assert "did you mean 'source'" in typo.message
    assert any("source" in m and "required" in m for m in by_msg)


def test_parent_max_not_equal_to_children_sum(tmp_path: Path) -> None:
    field = '  - code: "1"\n    title: "Field"\n    max: '
    text = GOOD.replace(field + "1", field + "2")
    issues = lint_framework(_write(tmp_path, text))
    assert len(issues) == 1
    assert issues[0].line == 14 and "children add up to 1" in issues[0].message


def test_missing_parent_duplicate_code_and_impossible_date(tmp_path: Path) -> None:
    text = GOOD.replace('"{Y-1}-12-31"', '"{Y-1}-02-30"') + """\
  - code: "2.1"
    title: "Orphan"
    max: 0
    rule: {archetype: manual_review, confidence: UNKNOWN, source: "x"}
  - code: "1.1"
    title: "Again"
    max: 0
    rule: {archetype: manual_review, confidence: UNKNOWN, source: "x"}
"""
    issues = lint_framework(_write(tmp_path, text))
    messages = {(i.line, i.message.split(" (")[0]) for i in issues}
    assert (27, "parent 2 of 2.1 is not defined") in messages
    assert (31, "duplicate code 1.1") in messages
    assert (26, "no such day: 30/2") in messages


def test_yaml_syntax_error_and_non_mapping(tmp_path: Path) -> None:
    issues = lint_framework(_write(tmp_path, HEAD + "  - code: [unclosed\n"))
    assert len(issues) == 1 and issues[0].line >= 12 and "YAML syntax" in issues[0].message
    issues = lint_framework(_write(tmp_path, "0\n"))
    assert issues[0].line == 1 and "mapping" in issues[0].message


def test_load_refuses_an_invalid_file_with_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("archetype: binary_by_deadline", "archetype: binary"))
    with pytest.raises(RuleError) as err:
        load_framework(path)
    assert err.value.code == "E_RULES"
    assert f"{path}:19:" in err.value.message_en.replace(str(path.resolve()), str(path))
