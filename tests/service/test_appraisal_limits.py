"""The council's column is bounded by the framework's own data: a criterion's maximum, the values its
archetype can give (steps, 0 or the maximum, multiples of a penalty's per-item amount up to its cap),
never a number read from a title; a cleared score is a change like any other; a dossier's framework
is the one its province, unit level and year select."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from service.storage.models import Appraisal
from service.workflow import appraisals
from service.workflow.provinces import check_framework, framework_of
from verifier.results import CriterionResult, Report, Status, Totals
from verifier.rules.loader import load_framework
from verifier.rules.model import Archetype, FieldKind, Framework

RULES = Path(__file__).resolve().parents[2] / "rules"


def framework(rel: str) -> Framework:
    return load_framework(RULES / rel)


def report_of(fw: Framework, label: str | None = None) -> Report:
    """A report over every criterion of a real framework (the suggestion is irrelevant to the bounds)."""
    rows = tuple(CriterionResult(c.code, c.title, c.max_score, None, None, Status.MANUAL_REVIEW,
                                 rule=c.rule.archetype.value) for c in fw.criteria)
    return Report("Huyện Kon Rẫy", fw.year, label or f"{fw.id}@{fw.version}", rows, (),
                  Totals(Decimal(0), Decimal(0), Decimal(0)))


def D(text: str) -> Decimal:
    return Decimal(text)


def test_every_leaf_is_bounded_by_its_rule_data() -> None:
    for rel in ("kontum/district-2023.yaml", "sonla/commune-2025.yaml", "sonla/department-2025.yaml"):
        fw = framework(rel)
        limits = appraisals.limits_of(report_of(fw))
        assert limits, rel
        for code, lim in limits.items():
            c = fw.criterion(code)
            assert c is not None and not lim.unavailable, (rel, code)
            p = c.rule.params
            if c.kind is FieldKind.PENALTY:
                field = fw.criterion(code.split(".")[0])
                cap = p.cap if p.cap is not None else field.cap if field is not None else None
                assert cap is not None and (lim.low, lim.high) == (-cap, Decimal(0)), (rel, code)
                if c.rule.archetype is Archetype.PENALTY_ITEMS:
                    step = p.per_item
                    assert step is not None and lim.allowed is not None
                    assert all(v % step == 0 or v == -cap for v in lim.allowed)
                    assert -step in lim.allowed and -cap in lim.allowed and Decimal(0) in lim.allowed
            else:
                assert (lim.low, lim.high) == (Decimal(0), c.max_score), (rel, code)
            if c.rule.archetype in (Archetype.COUNT_STEPS, Archetype.RATIO_STEPS):
                assert lim.allowed is not None
                assert set(lim.allowed) == {Decimal(0), *(c.max_score * s.fraction for s in p.steps)}
            if c.rule.archetype in (Archetype.HARD_THRESHOLD, Archetype.NO_VIOLATION):
                assert lim.allowed is not None and set(lim.allowed) == {Decimal(0), c.max_score}


def test_steps_allow_only_their_steps() -> None:
    fw = framework("sonla/commune-2025.yaml")
    stepped = [c for c in fw.criteria if c.rule.archetype is Archetype.COUNT_STEPS]
    assert stepped, "the Sơn La commune framework scores meetings by count_steps"
    c = stepped[0]
    lim = appraisals.limits_of(report_of(fw))[c.code]
    between = c.max_score * c.rule.params.steps[0].fraction - D("0.1")     # in range, not a step
    assert Decimal(0) < between < c.max_score and between not in {c.max_score * s.fraction for s in c.rule.params.steps}
    refused = appraisals.check(lim, str(between).replace(".", ","))
    assert isinstance(refused, appraisals.RowError) and "chỉ chấm" in refused.message_vi
    for step in c.rule.params.steps:
        value = c.max_score * step.fraction
        assert appraisals.check(lim, str(value)) == value.quantize(D("0.01"))
    over = appraisals.check(lim, str(c.max_score + 1))
    assert isinstance(over, appraisals.RowError) and "đến" in over.message_vi


def test_the_penalty_cap_comes_from_the_framework_not_the_title() -> None:
    fw = framework("kontum/district-2023.yaml")
    c = fw.criterion("9.4")
    assert c is not None and "tối đa trừ 1 điểm" in c.title           # the title says 1 ...
    doubled = dataclasses.replace(c, rule=dataclasses.replace(
        c.rule, params=dataclasses.replace(c.rule.params, cap=D("2"))))
    changed = dataclasses.replace(fw, criteria=tuple(doubled if x.code == "9.4" else x for x in fw.criteria),
                                  _index={})
    lim = appraisals.limits_of(report_of(fw), changed)["9.4"]
    assert (lim.low, lim.allowed) == (D("-2"), (D("-2"), D("-1.5"), D("-1"), D("-0.5"), D("0")))  # ... the data 2
    assert appraisals.check(lim, "-1,5") == D("-1.50")
    plain = appraisals.limits_of(report_of(fw))
    assert appraisals.check(plain["9.4"], "-1,5") != D("-1.50")        # the shipped data caps at 1
    assert isinstance(appraisals.check(plain["9.2"], "-0,5"), appraisals.RowError)   # 1 point per item
    assert plain["9.1"].allowed == (D("-1"), D("-0.5"), D("0"))        # 0,5 + 0,5, capped at 1


def test_an_unknown_framework_refuses_rather_than_guesses() -> None:
    fw = framework("kontum/district-2023.yaml")
    limits = appraisals.limits_of(report_of(fw, "kontum/district-2023@0.0-gone"))
    assert limits and all(lim.unavailable for lim in limits.values())
    refused = appraisals.check(limits["1.1.1"], "0")
    assert isinstance(refused, appraisals.RowError) and "khung" in refused.message_vi
    assert framework_of("kontum/district-2023@0.0-gone") is None


def _prior(code: str, score: str, opinion: str = "") -> Appraisal:
    return Appraisal(criterion=code, score=score, opinion=opinion, previous_score=None, previous_opinion=None)


def test_clearing_is_a_change_and_only_of_a_recorded_score() -> None:
    fw = framework("kontum/district-2023.yaml")
    limits = appraisals.limits_of(report_of(fw))
    before = {"1.1.1": _prior("1.1.1", "0.50", "Đạt")}
    changes, errors = appraisals.validate(limits, [appraisals.Entry("1.1.1", "", "", clear=True),
                                                   appraisals.Entry("1.3.1", "", "", clear=True)], before)
    assert errors == [] and [(e.criterion, s) for e, s in changes] == [("1.1.1", None)]
    # The API's meaning stays: an empty score without ``clear`` keeps the score (an opinion-only edit).
    changes, errors = appraisals.validate(limits, [appraisals.Entry("1.1.1", "", "Đạt, có bổ sung")], before)
    assert errors == [] and [(e.score, s) for e, s in changes] == [("0.50", D("0.50"))]
    cleared = _prior("1.1.1", appraisals.CLEARED)
    assert appraisals.totals({"1.1.1": cleared, "1.3.1": _prior("1.3.1", "0.50")}).total == D("0.50")


def test_a_dossier_framework_is_its_provinces() -> None:
    own = check_framework("kontum/district-2023@2023.1", "kontum", "Huyện Kon Rẫy", 2023)
    assert own.matches and own.expected == "kontum/district-2023@2023.1"
    other = check_framework("sonla/commune-2025@2025.1", "kontum", "Huyện Kon Rẫy", 2023)
    assert not other.matches and other.expected == "kontum/district-2023@2023.1"
    none = check_framework("kontum/district-2023@2023.1", "kontum", "Huyện Kon Rẫy", 1999)
    assert not none.matches and none.expected is None and none.why


@pytest.mark.parametrize("raw", ["NaN", "1e0", "0,555", "", " "])
def test_odd_values_are_refused_with_one_line(raw: str) -> None:
    lim = appraisals.limits_of(report_of(framework("kontum/district-2023.yaml")))["1.1.2"]
    result = appraisals.check(lim, raw)
    assert isinstance(result, appraisals.RowError) and "\n" not in result.message_vi
