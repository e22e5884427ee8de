"""The table parser under hostile input (fuzz findings F04-F07, F13; docs/robustness.md).

Each table is built from the real seed export with one thing made hostile, and read through
``load_table``, the road a submission takes (a reader process with a deadline). A regression to an
exponential or quadratic path would end in E_TABLE_TIMEOUT here, not a hang.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

import pytest

from verifier.assessment import load_table
from verifier.assessment.table import _SKIP_PREFERENCE, Column, _cell_kind, _fit_short, _mismatch_kind
from verifier.errors import TableUnreadable
from verifier.limits import Limits

SEED = Path(__file__).parent / "fixtures" / "kon_ray_2023.tsv"
SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")


def _header_index() -> int:
    return next(i for i, line in enumerate(SEED_LINES) if line.startswith("Lĩnh vực"))


def _write(tmp_path: Path, lines: Sequence[str]) -> Path:
    path = tmp_path / "assessment.tsv"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _criterion_line(code: str) -> int:
    return next(i for i, line in enumerate(SEED_LINES) if line.split("\t")[0].split(" ")[0].rstrip(".") == code)


def _refused(path: Path) -> TableUnreadable:
    with pytest.raises(TableUnreadable) as caught:
        load_table(path)
    err = caught.value
    assert err.file == path.name
    assert "\n" not in err.one_line() and path.name in err.message_vi and path.name in err.message_en
    return err


def test_wide_header_with_a_short_row_is_fitted(tmp_path: Path) -> None:
    # F04: 26 columns, one row of 13 cells: trying every combination of missing columns never ended.
    header = ["Lĩnh vực/Tiêu chí", "Điểm tối đa", "Tự đánh giá", *[f"Ghi chú {i}" for i in range(23)]]
    row = ["1.1. Ban hành kế hoạch", "1", "0,5", *[f"nội dung {i}" for i in range(10)]]
    table = load_table(_write(tmp_path, ["Năm 2023", "\t".join(header), "\t".join(row), "Tổng điểm\t100\t0,5"]))
    fitted = table.row("1.1")
    assert fitted is not None and fitted.self_score == pytest.approx(0.5)


def _brute_force(cols: Sequence[Column], cells: Sequence[str]) -> tuple[int, ...]:
    """The old exhaustive search (exponential), as the reference for small rows."""
    k = len(cols) - len(cells)
    best = None
    for skipped in combinations(range(1, len(cols)), k):
        cost, placed = 0, iter(cells)
        for i, col in enumerate(cols):
            if i in skipped:
                cost += 0 if all(j in skipped for j in range(i, len(cols))) else 1
            else:
                cost += _mismatch_kind(col, _cell_kind(next(placed)))
        rank = sum(_SKIP_PREFERENCE.get(cols[i], 9) for i in skipped)
        if best is None or (cost, rank) < best[:2]:
            best = (cost, rank, skipped)
    assert best is not None
    return best[2]


def test_fitting_a_short_row_chooses_what_the_exhaustive_search_chose() -> None:
    rng = random.Random(12)
    kinds = [Column.MAX, Column.SELF, Column.APPRAISAL, Column.EXPLANATION, Column.OPINION, Column.OTHER]
    values = ["", "0,5", "12,88", "Kế hoạch số 163", "100%", "-", "<p>1</p>", "Đạt"]
    for _ in range(400):
        cols = [Column.TITLE, *(rng.choice(kinds) for _ in range(rng.randint(1, 8)))]
        cells = ["1.1 Tiêu chí", *(rng.choice(values) for _ in range(rng.randint(0, len(cols) - 2)))]
        values_out, _missing = _fit_short(cols, cells)
        skipped = tuple(i for i, v in enumerate(values_out) if v is None)
        assert skipped == _brute_force(cols, cells), (cols, cells)


def test_a_ten_megabyte_explanation_is_refused_naming_the_line(tmp_path: Path) -> None:
    # F05: one explanation cell grown to 10 MB of ordinary text ran for minutes.
    lines = list(SEED_LINES)
    i = _criterion_line("1.1.1")
    cells = lines[i].split("\t")
    cells[3] = "Kế hoạch số 163/KH-UBND ngày 30/12/2022 của UBND huyện. " * 180_000
    lines[i] = "\t".join(cells)
    err = _refused(_write(tmp_path, lines))
    assert f"dòng/line {i + 1}" in err.detail


def test_a_long_explanation_under_the_cap_is_read_whole(tmp_path: Path) -> None:
    lines = list(SEED_LINES)
    i = _criterion_line("1.1.1")
    cells = lines[i].split("\t")
    cells[3] = "Kế hoạch số 163/KH-UBND. " * (Limits().table_max_cell_chars // 30)
    lines[i] = "\t".join(cells)
    row = load_table(_write(tmp_path, lines)).row("1.1.1")
    assert row is not None and row.explanation.count("163/KH-UBND") == Limits().table_max_cell_chars // 30


def test_unclosed_paragraph_tags_are_linear(tmp_path: Path) -> None:
    # F06: "<p " x 50,000 in one cell: every unclosed tag scanned to the end of the cell.
    lines = list(SEED_LINES)
    i = _criterion_line("1.1.1")
    cells = lines[i].split("\t")
    cells[3] = "<p " * 50_000 + "Kế hoạch 163"
    lines[i] = "\t".join(cells)
    row = load_table(_write(tmp_path, lines)).row("1.1.1")
    assert row is not None and row.explanation.endswith("Kế hoạch 163")


@pytest.mark.parametrize("value", ["1000000000000000000000000000", "9" * 400,
                                   "-99999999999999999999999999999,999"])
def test_an_absurd_score_is_a_table_error_naming_the_table(tmp_path: Path, value: str) -> None:
    # F07: a total of 10^27 overflowed the rounding to cents and ended in E_INTERNAL without a file.
    lines = list(SEED_LINES)
    total = next(i for i, line in enumerate(lines) if line.startswith("Tổng điểm"))
    cells = lines[total].split("\t")
    cells[2] = value
    lines[total] = "\t".join(cells)
    err = _refused(_write(tmp_path, lines))
    assert f"dòng/line {total + 1}" in err.detail


def test_a_year_no_framework_can_have_blames_the_table(tmp_path: Path) -> None:
    # F13: "Năm 1900" made the framework lookup blame a rule file "district-1900.yaml".
    lines = [line.replace("2023", "1900") if line.startswith(("Năm", "KẾT QUẢ")) else line for line in SEED_LINES]
    assert any("1900" in line for line in lines)
    err = _refused(_write(tmp_path, lines))
    assert "1900" in err.detail


def test_too_many_columns_or_rows_are_refused(tmp_path: Path) -> None:
    limits = Limits()
    lines = list(SEED_LINES)
    h = _header_index()
    lines[h] = lines[h] + "\tGhi chú" * limits.table_max_columns
    (tmp_path / "wide").mkdir()
    err = _refused(_write(tmp_path / "wide", lines))
    assert f"dòng/line {h + 1}" in err.detail
    lines = list(SEED_LINES)
    total = next(i for i, line in enumerate(lines) if line.startswith("Tổng điểm"))
    lines[total:total] = ["1.1.1 Lặp lại\t1\t1"] * limits.table_max_rows
    (tmp_path / "long").mkdir()
    err = _refused(_write(tmp_path / "long", lines))
    assert str(limits.table_max_rows) in err.detail


def test_check_names_the_table_not_a_rule_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cli.main import main

    folder = tmp_path / "sub"
    folder.mkdir()
    lines = [line.replace("2023", "1900") if line.startswith(("Năm", "KẾT QUẢ")) else line for line in SEED_LINES]
    _write(folder, lines)
    assert main(["check", str(folder), "--quiet", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("[E_TABLE] ") and "assessment.tsv" in err and err.count("\n") == 1
    assert "E_RULES" not in err
