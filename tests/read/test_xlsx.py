"""XLSX reading: one page per sheet, tab-separated rows, forged dimensions, row limit."""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest

from tests.read.conftest import build_xlsx, rewrite_zip
from verifier.errors import NoTextFound
from verifier.read import read_file, xlsx
from verifier.read.model import FileKind, PageMethod


def _scores(path: Path) -> Path:
    return build_xlsx(path, {
        "Tự đánh giá": [
            ["KẾT QUẢ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"],
            [],
            ["Tiêu chí", "Điểm tối đa", "Tự đánh giá", None, None],
            ["1.1.1. Việc ban hành Kế hoạch CCHC", 0.5, 0.5, "Kế hoạch số 163/KH-UBND"],
            ["1.6.1. Nhiệm vụ được giao", 4, 3.875, None, dt.datetime(2022, 12, 30)],
        ],
        "Nhiệm vụ": [
            ["STT", "Nhiệm vụ", "Hạn"],
            [1, unicodedata.normalize("NFD", "Rà soát thủ tục"), dt.date(2023, 3, 31)],
        ],
    })


def test_one_page_per_sheet_in_order(tmp_path: Path) -> None:
    result = read_file(_scores(tmp_path / "26. Huyen KR.xlsx"))
    assert result.kind is FileKind.XLSX
    assert [p.number for p in result.pages] == [1, 2]
    assert all(p.method is PageMethod.XLSX for p in result.pages)
    assert result.pages[1].text.split("\n")[0] == "STT\tNhiệm vụ\tHạn"


def test_rows_are_tab_separated_without_trailing_or_empty_cells(tmp_path: Path) -> None:
    lines = read_file(_scores(tmp_path / "scores.xlsx")).pages[0].text.split("\n")
    assert lines == [
        "KẾT QUẢ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH",
        "Tiêu chí\tĐiểm tối đa\tTự đánh giá",
        "1.1.1. Việc ban hành Kế hoạch CCHC\t0.5\t0.5\tKế hoạch số 163/KH-UBND",
        "1.6.1. Nhiệm vụ được giao\t4\t3.875\t\t30/12/2022",
    ]


def test_cells_are_normalised_and_dates_day_first(tmp_path: Path) -> None:
    text = read_file(_scores(tmp_path / "scores.xlsx")).pages[1].text
    assert text.split("\n")[1] == "1\tRà soát thủ tục\t31/03/2023"
    assert unicodedata.is_normalized("NFC", text)


def _with_dimension(tmp_path: Path, ref: bytes) -> Path:
    source = build_xlsx(tmp_path / "src.xlsx", {"S": [["a", "b"], ["c"], [None, None, "d"]]})
    with zipfile.ZipFile(source) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    forged, count = re.subn(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="' + ref + b'"/>', sheet)
    assert count == 1
    return rewrite_zip(source, tmp_path / "forged.xlsx", replace={"xl/worksheets/sheet1.xml": forged})


@pytest.mark.parametrize("ref", [b"A1", b"A1:A1", b"A1:XFD1048576"])
def test_declared_sheet_dimension_is_ignored(tmp_path: Path, ref: bytes) -> None:
    """Generators write wrong dimensions: too small must not cut data, too large must not pad it."""
    started = time.monotonic()
    result = read_file(_with_dimension(tmp_path, ref))
    assert time.monotonic() - started < 5
    assert result.pages[0].text == "a\tb\nc\n\t\td"
    assert result.notices == () and result.pages[0].notices == ()


def test_row_limit_stops_with_a_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS", 5)
    path = build_xlsx(tmp_path / "long.xlsx", {"A": [[f"dòng {i}"] for i in range(1, 9)], "B": [["x"]]})
    result = read_file(path)
    assert result.pages[0].text.split("\n") == [f"dòng {i}" for i in range(1, 6)]
    assert [n.code for n in result.pages[0].notices] == ["row_limit"]
    # The budget is spent: the second sheet is not read, and the file says so.
    assert len(result.pages) == 1
    assert [n.code for n in result.notices] == ["row_limit"]


def test_exactly_at_the_row_limit_has_no_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
    path = build_xlsx(tmp_path / "three.xlsx", {"A": [["1"], ["2"], ["3"]]})
    result = read_file(path)
    assert result.pages[0].text == "1\n2\n3"
    assert result.pages[0].notices == () and result.notices == ()


def test_workbook_without_values_is_no_text(tmp_path: Path) -> None:
    path = build_xlsx(tmp_path / "rỗng.xlsx", {"A": [], "B": [[None, None]]})
    with pytest.raises(NoTextFound) as info:
        read_file(path)
    assert "rỗng.xlsx" in info.value.one_line()
