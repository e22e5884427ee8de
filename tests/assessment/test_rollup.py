"""Roll-up: every parent is the sum of its children, up to the grand total (domain.md 0.2)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from verifier.assessment import check_rollup, parse_table_text
from verifier.assessment.model import AssessmentTable
from verifier.assessment.table import with_penalty_fields

SEED = Path(__file__).parent / "fixtures" / "kon_ray_2023.tsv"
SEED_TEXT = SEED.read_text(encoding="utf-8")
HEADER = "Lĩnh vực/Tiêu chí/Tiêu chí thành phần\tĐiểm tối đa\tTự đánh giá\tGiải trình\tThẩm định\tÝ kiến"


def _seed(text: str = SEED_TEXT) -> AssessmentTable:
    return parse_table_text(text, "kon_ray_2023.tsv")


def _with_missing_self_scores_as_one() -> str:
    """The seed with the four lost self-score cells put back as 1 (the value domain.md 0.3 infers)."""
    lines = SEED_TEXT.split("\n")
    filled = 0
    for i, line in enumerate(lines):
        cells = line.split("\t")
        if len(cells) == 5 and cells[0].startswith("<p>5."):
            lines[i] = "\t".join([cells[0], cells[1], "<p>1</p>", *cells[2:]])
            filled += 1
    assert filled == 4
    return "\n".join(lines)


def _table(*rows: str, total: str) -> AssessmentTable:
    return parse_table_text("\n".join(["Năm 2023", HEADER, *rows, total]), "t.tsv")


def test_seed_only_the_missing_self_cells_break_the_rollup() -> None:
    problems = check_rollup(_seed(), not_assessed={"1.6.2"})
    assert [(p.code, p.criterion) for p in problems] == [("rollup_mismatch", "5"),
                                                          ("rollup_mismatch", "5.1")]
    field5, sub51 = problems
    # Field 5 states 11; its children give 3 + 1 + 1 + 1 + 2 (5.1, 5.5-5.8) with 5.2-5.4 missing.
    assert "ghi 11" in field5.message and "là 8" in field5.message
    assert "5.2, 5.3, 5.4" in field5.message and "Tự đánh giá" in field5.message
    # 5.1 states 3; 5.1.1 and 5.1.2 give 1 + 1, 5.1.3 is missing.
    assert "ghi 3" in sub51.message and "là 2" in sub51.message and "5.1.3" in sub51.message
    assert field5.line == SEED_TEXT.split("\n").index(
        next(x for x in SEED_TEXT.split("\n") if x.startswith("5. CẢI CÁCH"))) + 1


def test_seed_with_the_missing_cells_filled_adds_up_exactly() -> None:
    table = _seed(_with_missing_self_scores_as_one())
    assert table.problems == ()
    assert check_rollup(table, not_assessed={"1.6.2"}) == ()


def test_without_the_not_assessed_criterion_the_total_max_is_100_not_97() -> None:
    problems = check_rollup(_seed(_with_missing_self_scores_as_one()))
    assert [(p.criterion, p.code) for p in problems] == [("total", "rollup_mismatch")]
    assert "ghi 97" in problems[0].message and "là 100" in problems[0].message


def test_not_assessed_parent_and_child_remove_the_parent_max_once() -> None:
    problems = check_rollup(_seed(_with_missing_self_scores_as_one()), not_assessed={"1.6", "1.6.2"})
    assert len(problems) == 1
    assert "là 93" in problems[0].message  # 100 - 7, not 100 - 7 - 3


def test_unknown_not_assessed_code_is_reported() -> None:
    problems = check_rollup(_seed(_with_missing_self_scores_as_one()), not_assessed={"1.6.2", "1.6.9"})
    assert [(p.code, p.criterion) for p in problems] == [("unknown_code", "1.6.9")]


def test_a_wrong_leaf_is_reported_once_at_its_parent() -> None:
    text = _with_missing_self_scores_as_one().replace(
        "1.1.1. Việc ban hành Kế hoạch cải cách hành chính hằng năm\t0,5\t0,5",
        "1.1.1. Việc ban hành Kế hoạch cải cách hành chính hằng năm\t0,5\t0,4")
    problems = check_rollup(_seed(text), not_assessed={"1.6.2"})
    assert [p.criterion for p in problems] == ["1.1"]
    assert "1,5" in problems[0].message and "1,4" in problems[0].message


def test_appraisal_column_is_checked_too() -> None:
    text = _with_missing_self_scores_as_one().replace("đạt 100% kế hoạch\t1,09\t", "đạt 100% kế hoạch\t1,5\t")
    problems = check_rollup(_seed(text), not_assessed={"1.6.2"})
    assert [p.criterion for p in problems] == ["6.1"]
    assert "Thẩm định" in problems[0].message


@pytest.mark.parametrize(("stated", "ok"), [
    pytest.param("3,88", True, id="exact"),
    pytest.param("3,89", True, id="within-0.01"),
    pytest.param("3,87", True, id="within-0.01-below"),
    pytest.param("3,9", False, id="0.02-off"),
])
def test_tolerance_is_one_hundredth(stated: str, ok: bool) -> None:
    table = _table("1. A\t4\t" + stated + "\t\t\t", "1.1. B\t2\t1,94\t\t\t", "1.2. C\t2\t1,94\t\t\t",
                   total="Tổng điểm\t4\t" + stated + "\t\t\t")
    assert (check_rollup(table) == ()) is ok


@pytest.mark.parametrize(("total_self", "ok"), [
    pytest.param("1,5", True, id="deduction-subtracts"),
    pytest.param("2,5", False, id="deduction-added-by-mistake"),
])
def test_a_penalty_field_subtracts_from_the_total(total_self: str, ok: bool) -> None:
    # The framework says which field subtracts (`kind: penalty`); its title is any wording at all.
    rows = ("1. A\t2\t2\t\t\t", "1.1. B\t2\t2\t\t\t",
            "7. KHOẢN GIẢM\t0\t0,5\t\t\t", "7.1. Cung cấp tài liệu không trung thực\t0\t0,5\t\t\t")
    table = with_penalty_fields(_table(*rows, total=f"Tổng điểm\t2\t{total_self}\t\t\t"), {"7"})
    assert table.problems == ()  # a deduction above its max of 0 is not "self_above_max"
    assert (check_rollup(table, kinds={"7": "penalty"}) == ()) is ok


def test_the_title_does_not_make_a_penalty_field() -> None:
    """Without the framework's word, a field titled "ĐIỂM TRỪ" adds like any other (no wording in code)."""
    rows = ("1. A\t2\t2\t\t\t", "1.1. B\t2\t2\t\t\t",
            "9. ĐIỂM TRỪ\t0\t0,5\t\t\t", "9.1. Cung cấp tài liệu không trung thực\t0\t0,5\t\t\t")
    table = _table(*rows, total="Tổng điểm\t2\t1,5\t\t\t")
    assert sorted((p.code, p.criterion) for p in table.problems) == [("self_above_max", "9"),
                                                                   ("self_above_max", "9.1")]
    assert [p.criterion for p in check_rollup(table)] == ["total"]
    assert with_penalty_fields(table, {"9"}).problems == ()
    assert check_rollup(table, kinds={"9": "penalty"}) == ()


def test_negative_deductions_are_also_subtracted() -> None:
    rows = ("1. A\t2\t2\t\t\t", "9. ĐIỂM TRỪ\t0\t-1\t\t\t", "9.2. Liên thông trễ hạn\t0\t-1\t\t\t")
    assert check_rollup(_table(*rows, total="Tổng điểm\t2\t1\t\t\t"), kinds={"9": "penalty"}) == ()


def test_max_mismatch_is_reported() -> None:
    table = _table("1. A\t3\t2\t\t\t", "1.1. B\t1\t1\t\t\t", "1.2. C\t1\t1\t\t\t",
                   total="Tổng điểm\t3\t2\t\t\t")
    problems = check_rollup(table)
    assert [(p.criterion, "Điểm tối đa" in p.message) for p in problems] == [("1", True)]
    assert problems[0].line == 3


def test_table_without_total_row_checks_parents_only() -> None:
    table = parse_table_text("\n".join([HEADER, "1. A\t2\t2", "1.1. B\t1\t1", "1.2. C\t1\t0"]), "t.tsv")
    assert [p.criterion for p in check_rollup(table)] == ["1"]
    assert table.total is None
    assert table.row("1") is not None and table.row("1").self_score == Decimal(2)  # type: ignore[union-attr]
