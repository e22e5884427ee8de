"""Every scoring archetype, at and around its edges, on the council's own numbers."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from verifier.score import archetypes as A


def test_rounding_is_half_up_to_two_decimals() -> None:
    assert A.q2(D("3.875")) == D("3.88")
    assert A.q2(D("0.125")) == D("0.13")
    assert A.q2(D("1.0944")) == D("1.09")


def test_binary() -> None:
    assert A.binary(D("0.5"), True) == D("0.50")
    assert A.binary(D("0.5"), False) == 0


@pytest.mark.parametrize(("num", "den", "expected"), [
    (51740, 94561, "1.09"),   # 6.1.1 appraisal
    (0, 10, "0.00"),
    (10, 10, "2.00"),
    (12, 10, "2.00"),         # above 100 % is capped
])
def test_linear_ratio(num: int, den: int, expected: str) -> None:
    assert A.linear_ratio(D(2), D(num) / D(den)) == D(expected)


def test_linear_ratio_seed_7_3_2() -> None:
    assert A.linear_ratio(D("0.5"), D(19) / D(86)) == D("0.11")   # self
    assert A.linear_ratio(D("0.5"), D(5) / D(48)) == D("0.05")    # appraisal


@pytest.mark.parametrize(("percent", "expected"), [
    ("77.58", "2.00"), ("75", "2.00"), ("74.99", "2.00"), ("37.5", "1.00"), ("0", "0.00"),
])
def test_threshold_capped_ratio(percent: str, expected: str) -> None:
    assert A.threshold_capped_ratio(D(2), D(percent), D(75)) == D(expected)


@pytest.mark.parametrize(("percent", "expected"), [("98", "1.00"), ("97.99", "0"), ("96.42", "0"), ("100", "1.00")])
def test_hard_threshold(percent: str, expected: str) -> None:
    assert A.hard_threshold(D(1), D(percent), D(98)) == D(expected)


def test_weighted_task_completion_reproduces_both_seed_scores() -> None:
    assert A.weighted_task_completion(D(4), 15, 1, 16, D("0.5")) == D("3.88")   # self
    assert A.weighted_task_completion(D(4), 17, 1, 18, D("0.5")) == D("3.89")   # appraisal
    assert A.weighted_task_completion(D(4), 0, 0, 3, D("0.5")) == 0             # all overdue
    assert A.weighted_task_completion(D(4), 0, 0, 0, D("0.5")) is None          # nothing due yet


def test_checklist_all_or_nothing_and_per_item() -> None:
    assert A.checklist(D("0.5"), [True] * 6, [None] * 6) == D("0.50")
    assert A.checklist(D("0.5"), [True] * 5 + [False], [None] * 6) == 0
    quarter = [D("0.25")] * 4
    assert A.checklist(D(1), [True, True, False, True], quarter) == D("0.75")
    assert A.checklist(D("0.5"), [True] * 4, quarter) == D("0.50")   # capped at max
