"""Topic matching, task classification, workbook parsing and cited-document lookup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from tests.score.builders import STATS_HEADER, TASKS_HEADER, doc, workbook
from verifier.identify import find_citations
from verifier.match import (
    DocIndex,
    Lookup,
    TaskState,
    classify,
    match_topic,
    read_statistics_rows,
    read_tasks,
    view_of,
)
from verifier.match.sheets import parse_date, parse_decimal
from verifier.rules import Topic
from verifier.text import fold, normalize

D = dt.date


def _topic(all: Sequence[str] = (), none: Sequence[str] = ()) -> Topic:
    return Topic(all=tuple(fold(p) for p in all), none=tuple(fold(p) for p in none),
                 scorer="partial_ratio", processor="fold", threshold=90)


def test_topic_is_accent_and_case_insensitive_and_resolves_the_year() -> None:
    t = _topic(all=["cải cách hành chính", "năm {Y}"])
    assert match_topic(t, fold("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2023"), 2023).ok
    assert not match_topic(t, fold("Kế hoạch cải cách hành chính năm 2022"), 2023).ok


def test_topic_tolerates_an_ocr_slip_but_not_another_subject() -> None:
    t = _topic(all=["cải cách hành chính"])
    assert match_topic(t, fold("ke hoach cai cach hanh chinb nam 2023"), 2023).ok
    assert not match_topic(t, fold("ke hoach chuyen doi so nam 2023"), 2023).ok


def test_exclusions_are_whole_words_so_quarter_one_is_not_quarter_three() -> None:
    q1 = _topic(all=["quý I"], none=["quý II", "quý III"])
    assert match_topic(q1, fold("Báo cáo CCHC quý I năm 2023"), 2023).ok
    assert not match_topic(q1, fold("Báo cáo CCHC quý III năm 2023"), 2023).ok


def test_task_classification() -> None:
    as_of = D(2023, 12, 3)
    assert classify(D(2023, 3, 20), D(2023, 3, 17), "", as_of) is TaskState.ON_TIME
    assert classify(D(2023, 3, 20), D(2023, 3, 20), "", as_of) is TaskState.ON_TIME
    assert classify(D(2023, 5, 31), D(2023, 6, 9), "", as_of) is TaskState.LATE
    assert classify(D(2023, 12, 25), None, "Đang thực hiện", as_of) is TaskState.NOT_DUE
    assert classify(D(2023, 11, 30), None, "Đang thực hiện", as_of) is TaskState.OVERDUE
    assert classify(None, None, "Hoàn thành trễ hạn", as_of) is TaskState.LATE


def test_task_workbook_counts() -> None:
    rows: list[tuple[object, ...]] = [TASKS_HEADER,
            (1, "A", "CV 1", "20/03/2023", "17/03/2023", "Hoàn thành đúng hạn"),
            (2, "B", "CV 2", "31/05/2023", "09/06/2023", "Hoàn thành trễ hạn"),
            (3, "C", "CV 3", "25/12/2023", "", "Đang thực hiện (trong hạn)"),
            (4, "D", "CV 4", "30/11/2023", "", "Chưa hoàn thành")]
    counts = read_tasks([workbook("evidence/1.6.1/t.xlsx", rows)], D(2023, 12, 3))
    assert counts is not None
    assert (counts.on_time, counts.late, counts.not_due, counts.overdue, counts.due) == (1, 1, 1, 1, 3)


def test_statistics_rows_and_number_formats() -> None:
    rows: list[tuple[object, ...]] = [("Thống kê",), STATS_HEADER,
            ("7.3.2", "TTHC có giao dịch", "5", "48", "10.42", "01/01/2023", "03/12/2023", "Hệ thống"),
            ("6.1.1", "Giải ngân", "51.740", "94.561", "", "", "", "KBNN")]
    stats = read_statistics_rows([workbook("evidence/s.xlsx", rows)])
    assert stats["7.3.2"][0].ratio == Decimal(5) / Decimal(48)
    assert stats["7.3.2"][0].start == D(2023, 1, 1)
    assert stats["6.1.1"][0].numerator == 51740 and stats["6.1.1"][0].percent is not None
    assert parse_decimal("77,58") == Decimal("77.58") and parse_decimal("1.264") == 1264
    assert parse_date("2023-12-03") == D(2023, 12, 3) and parse_date("31/02/2023") is None


def test_cited_lookup_by_number_then_date() -> None:
    index = DocIndex([view_of(doc("evidence/1.1.1/a.pdf", "163/KH-UBND", D(2022, 12, 30), "CCHC 2023"))])

    def lookup(text: str) -> Lookup:
        return index.lookup(find_citations(normalize(text))[0]).result

    assert lookup("Kế hoạch số 163/KH-UBND ngày 30/12/2022") is Lookup.FOUND
    assert lookup("Kế hoạch số 163/KH-UBND ngày 28/12/2022") is Lookup.DATE_DIFFERS
    assert lookup("Kế hoạch số 164/KH-UBND ngày 30/12/2022") is Lookup.NOT_FOUND
    assert lookup("Nghị định số 33/2023/NĐ-CP") is Lookup.NOT_EVIDENCE
