"""find_dates: numeric and long-form dates, checked against the calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from verifier.identify import find_dates
from verifier.identify.dates import date_after, iter_dates
from verifier.identify.numbers import read_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("ngày 30/12/2022", [(dt.date(2022, 12, 30), "30/12/2022")], id="numeric"),
        pytest.param("ngày 8/12/2023", [(dt.date(2023, 12, 8), "8/12/2023")], id="no-leading-zero"),
        pytest.param("04.12.2023", [(dt.date(2023, 12, 4), "04.12.2023")], id="dotted"),
        pytest.param("Kon Rẫy, ngày 30 tháng 12 năm 2022",
                     [(dt.date(2022, 12, 30), "ngày 30 tháng 12 năm 2022")], id="long-form"),
        pytest.param("NGÀY 05 THÁNG 3 NĂM 2020", [(dt.date(2020, 3, 5), "NGÀY 05 THÁNG 3 NĂM 2020")],
                     id="long-form-upper"),
        pytest.param("Kon Rấy, ngảy 1 thảng 2 nắm 2023", [(dt.date(2023, 2, 1), "ngảy 1 thảng 2 nắm 2023")],
                     id="long-form-ocr-accents"),
        pytest.param("từ 15/3/2023 đến ngày 14/9/2023",
                     [(dt.date(2023, 3, 15), "15/3/2023"), (dt.date(2023, 9, 14), "14/9/2023")], id="two"),
    ],
)
def test_dates(text: str, expected: list[tuple[dt.date, str]]) -> None:
    assert list(find_dates(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("31/02/2023", id="no-31-february"),
        pytest.param("ngày 30 tháng 2 năm 2023", id="no-30-february-long"),
        pytest.param("29/02/2023", id="not-a-leap-year"),
        pytest.param("07/07 xã, 503/646 hồ sơ", id="fractions"),
        pytest.param("Nghị định 33/2023/NĐ-CP", id="legal-number-year"),
        pytest.param("Thông tư 12/2023/TT-BTC", id="legal-number-day-month-like"),
        pytest.param("trước ngày 31/12", id="no-year"),
        pytest.param("30/12/20225", id="year-too-long"),
        pytest.param("", id="empty"),
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == ()


def test_leap_day_is_a_date() -> None:
    assert find_dates("29/02/2024") == ((dt.date(2024, 2, 29), "29/02/2024"),)


def test_impossible_dates_are_reported_not_dropped() -> None:
    found = list(iter_dates("ngày 31 tháng 02 năm 2023"))
    assert len(found) == 1 and found[0].date is None


@pytest.mark.parametrize(
    ("text", "padded"),
    [
        pytest.param("ngày 05 tháng 3 năm 2020", True, id="decree-30-example"),
        pytest.param("ngày 30 tháng 12 năm 2022", True, id="two-digit"),
        pytest.param("ngày 5 tháng 3 năm 2020", False, id="day-unpadded"),
        pytest.param("ngày 15 tháng 2 năm 2020", False, id="february-unpadded"),
        pytest.param("ngày 15 tháng 02 năm 2020", True, id="february-padded"),
    ],
)
def test_zero_padding_rule(text: str, padded: bool) -> None:
    (found,) = iter_dates(text)
    assert found.padded is padded


def test_ocr_digits_only_when_tolerant() -> None:
    assert find_dates("ngày 3O tháng l2 năm 2O22") == ()
    (found,) = iter_dates("ngày 3O tháng l2 năm 2O22", tolerant=True)
    assert found.date == dt.date(2022, 12, 30) and found.repaired


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("163/KH-UBND ngày 30/12/2022 của", dt.date(2022, 12, 30), id="space"),
        pytest.param("130/KH-UBND, ngày 29/8/2023", dt.date(2023, 8, 29), id="comma"),
        pytest.param("887/QĐ-UBND ngày 30 tháng 12 năm 2022", dt.date(2022, 12, 30), id="long"),
        pytest.param("887/QĐ-UBND ban hành ngày 30/12/2022", dt.date(2022, 12, 30), id="ban-hanh"),
        pytest.param("6148/BNV-CTTN của Bộ Nội vụ ngày 23/10/2023", None, id="not-adjacent"),
    ],
)
def test_date_after(text: str, expected: dt.date | None) -> None:
    number = read_number(text)
    assert number is not None
    found = date_after(text, number.end)
    assert (found.date if found else None) == expected
