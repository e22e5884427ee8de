"""extends:, drop:, named issuers and periods, and the template library: a new framework is a few lines."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from verifier.errors import RuleError
from verifier.rules import Archetype, lint_framework, load_framework

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"


@pytest.fixture()
def rules(tmp_path: Path) -> Path:
    """A rules folder of its own: the shipped library, registry and Kon Tum 2023 framework."""
    shutil.copytree(RULES / "library", tmp_path / "library")
    shutil.copy(RULES / "provinces.yaml", tmp_path / "provinces.yaml")
    (tmp_path / "kontum").mkdir()
    shutil.copy(RULES / "kontum" / "district-2023.yaml", tmp_path / "kontum" / "district-2023.yaml")
    return tmp_path


def _child(rules: Path, body: str, name: str = "district-2024.yaml") -> Path:
    path = rules / "kontum" / name
    path.write_text("extends: kontum/district-2023\n"
                    "framework: {id: kontum/district-2024, year: 2024, version: \"t\"}\n" + body, encoding="utf-8")
    return path


def test_the_shipped_2024_file_is_a_few_lines() -> None:
    text = (RULES / "kontum" / "district-2024.yaml").read_text(encoding="utf-8")
    assert len([ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]) <= 10


def test_a_threshold_alone_is_overridden_and_the_rest_inherited(rules: Path) -> None:
    path = _child(rules, 'criteria:\n  - code: "3.3.5"\n    rule: {params: {threshold: 77}, confidence: BG}\n')
    assert lint_framework(path) == ()
    parent = load_framework(rules / "kontum" / "district-2023.yaml")
    child = load_framework(path)
    was, now = parent.criterion("3.3.5"), child.criterion("3.3.5")
    assert was is not None and now is not None
    assert now.rule.params.threshold == Decimal(77) and was.rule.params.threshold == Decimal(75)
    assert now.rule.statistic == was.rule.statistic and now.rule.data_window == was.rule.data_window
    assert now.rule.archetype is Archetype.THRESHOLD_CAPPED_RATIO
    assert child.year == 2024 and child.extends == "kontum/district-2023"
    # dates stay relative: the inherited 1.1.1 deadline moves with the year
    deadline = child.criterion("1.1.1").rule.requires[0].deadline  # type: ignore[union-attr]
    assert deadline is not None and deadline.date.resolve(child.year) == dt.date(2023, 12, 31)


CHANGES = """\
criteria:
  - code: "7.3.3"
    rule: {archetype: threshold_capped_ratio, confidence: UNKNOWN, source: "calibrated", params: {threshold: 87}}
  - code: "1.1.4"
    title: "Tiêu chí mới"
    max: 0.5
    rule: {archetype: manual_review, confidence: BG, source: "new"}
  - code: "1.1"
    max: 2
drop: ["1.6.2"]
"""


def test_a_new_archetype_replaces_the_rule_and_new_codes_go_after_their_siblings(rules: Path) -> None:
    # dropping 1.6.2 (max 3) and adding 1.1.4 (0.5) unbalances 1.6 and field 1: said at `extends`
    issues = lint_framework(_child(rules, CHANGES))
    assert {(i.line, i.message) for i in issues} >= {
        (1, "criterion 1.6 (from kontum/district-2023) max: max of 1.6 is 7 but its children add up to 4"),
        (1, "criterion 1 (from kontum/district-2023) max: max of 1 is 16 but its children add up to 16.5")}
    path = _child(rules, CHANGES.replace("drop:", '  - code: "1.6"\n    max: 4\n  - code: "1"\n    max: 13.5\ndrop:'))
    assert lint_framework(path) == ()
    fw = load_framework(path)
    codes = [c.code for c in fw.criteria]
    assert codes.index("1.1.4") == codes.index("1.1.3") + 1
    assert "1.6.2" not in codes
    c = fw.criterion("7.3.3")
    assert c is not None and c.rule.archetype is Archetype.THRESHOLD_CAPPED_RATIO
    assert c.rule.statistic is None          # replaced whole, not merged with the old linear rule


def test_extends_errors_are_placed_at_their_lines(rules: Path) -> None:
    path = rules / "kontum" / "loop.yaml"
    path.write_text("# a framework that extends itself\nextends: kontum/loop\n"
                    "framework: {id: kontum/district-2023, year: 2023, version: t}\n", encoding="utf-8")
    assert [(i.line, i.message) for i in lint_framework(path)] == [(2, "extends forms a loop through kontum/loop")]
    gone = _child(rules, "").with_name("gone.yaml")
    gone.write_text("extends: kontum/district-2019\n", encoding="utf-8")
    issues = lint_framework(gone)
    assert len(issues) == 1 and issues[0].line == 1 and "no framework kontum/district-2019" in issues[0].message
    missing = _child(rules, 'criteria:\n  - code: "1.1.1"\n    rule: {use: plan_by_dedline, with: {}}\n')
    issues = lint_framework(missing)
    typo = next(i for i in issues if "unknown template" in i.message)
    assert typo.line == 5 and "plan_by_deadline" in typo.message
    with pytest.raises(RuleError) as err:
        load_framework(missing)
    assert err.value.code == "E_RULES"


def test_a_template_needs_its_parameters(rules: Path) -> None:
    path = _child(rules, 'criteria:\n  - code: "1.1.1"\n    rule:\n      use: plan_by_deadline\n'
                         '      with: {label: "KH", issuer: {any: ["ubnd"]}, colour: red}\n')
    messages = [i.message for i in lint_framework(path)]
    assert any("has no parameter colour" in m for m in messages)
    path.write_text(path.read_text(encoding="utf-8").replace(", colour: red", ""), encoding="utf-8")
    assert any("needs topic" in i.message for i in lint_framework(path))


def test_the_shipped_templates_expand_to_what_the_2023_file_wrote_by_hand() -> None:
    fw = load_framework(RULES / "kontum" / "district-2023.yaml")
    reports = fw.criterion("1.2.1").rule.requires  # type: ignore[union-attr]
    assert [r.id for r in reports] == ["q1", "h1", "q3", "year"]
    assert [r.deadline.date.resolve(2023) for r in reports if r.deadline] == [
        dt.date(2023, 3, 15), dt.date(2023, 6, 15), dt.date(2023, 9, 15), dt.date(2023, 12, 15)]
    deduction = fw.criterion("9.1").rule.params  # type: ignore[union-attr]
    assert deduction.contradiction_kinds == ("claim_mismatch", "arithmetic_error", "backdated")
    assert deduction.instructions_kinds == ("missing_evidence",)


def test_a_child_redefines_a_named_issuer_and_period_for_every_inherited_rule() -> None:
    commune = load_framework(RULES / "sonla" / "commune-2025.yaml")
    department = load_framework(RULES / "sonla" / "department-2025.yaml")
    for code in ("1.2", "1.3.1", "2.3", "5.1"):
        a, b = commune.criterion(code), department.criterion(code)
        assert a is not None and b is not None
        if a.rule.requires:
            assert "ubnd xa" in a.rule.requires[0].issuer.any  # type: ignore[union-attr]
            assert b.rule.requires[0].issuer.any[0] == "so"  # type: ignore[union-attr]
            assert a.rule.requires[0].period.start.month == 7  # type: ignore[union-attr]
            assert b.rule.requires[0].period.start.month == 1  # type: ignore[union-attr]
    assert department.criterion("3.7") is None and department.criterion("2.1.1") is None
    assert department.criterion("3.2").max_score == Decimal(8)  # type: ignore[union-attr]
    assert department.decision == commune.decision and department.level == "department"


def test_an_undefined_name_is_an_error_at_its_line(rules: Path) -> None:
    path = _child(rules, 'criteria:\n  - code: "5.7"\n    rule:\n      requires:\n'
                         '        - {id: report, label: "BC", types: [BC], issuer: own, period: assessed}\n')
    issues = lint_framework(path)
    assert {i.line for i in issues} == {7}
    assert any("issuer 'own' of 5.7 is not defined under framework.issuers" in i.message for i in issues)
    assert any("period 'assessed' of 5.7 is not defined under framework.periods" in i.message for i in issues)


def test_a_framework_of_a_province_after_it_merged_is_refused(rules: Path) -> None:
    path = rules / "kontum" / "commune-2026.yaml"
    path.write_text("extends: kontum/district-2023\n"
                    "framework: {id: kontum/commune-2026, level: commune, year: 2026, version: t}\n",
                    encoding="utf-8")
    messages = [i.message for i in lint_framework(path)]
    assert any("Kon Tum ended on 2025-06-30; its units belong to quangngai" in m for m in messages)
