"""Which header-only pages a verdict has read in full (verifier/needs.py), on constructed evidence.

The shipped 2023 district framework declares one body-reading rule: 1.1.2, a checklist of the six
reform areas that reads the plan (``also_from: 1.1.1``). Scans are built as header-first extraction
leaves them: pages with ``complete=False``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from verifier.evidence import Evidence
from verifier.needs import body_pages
from verifier.read.model import PageMethod
from verifier.score.evaluate import prepare

from .builders import doc, row, table
from .support import framework

D = dt.date


def _scanned(e: Evidence, pages: int = 2) -> Evidence:
    """``e`` as a header-first scan: ``pages`` OCR pages, only their top bands read."""
    assert e.read is not None
    first = dataclasses.replace(e.read.pages[0], method=PageMethod.OCR, complete=False, read_to=0.22)
    rest = tuple(dataclasses.replace(first, number=n, text="") for n in range(2, pages + 1))
    return dataclasses.replace(e, read=dataclasses.replace(e.read, pages=(first, *rest)))


def _plan(file: str = "evidence/1.1.1/kh.pdf") -> Evidence:
    return doc(file, "12/KH-UBND", D(2023, 1, 10), "Kế hoạch cải cách hành chính năm 2023")


def _report(file: str = "evidence/1.1.1/bc.pdf") -> Evidence:
    return doc(file, "46/BC-UBND", D(2023, 6, 20), "Báo cáo kết quả thực hiện công tác dân tộc 6 tháng đầu năm 2023")


def _needs(*evidence: Evidence) -> dict[str, set[int]]:
    rows = (row("1.1.1", "0.5", "0.5"), row("1.1.2", "0.5", "0.5"))
    return dict(body_pages(prepare(framework(), table(*rows), evidence)))


def test_a_checklist_reads_the_plan_it_matched_not_the_rest_of_its_pool() -> None:
    # Before: every document filed for 1.1.1 and 1.1.2 was read in full, the report included.
    assert _needs(_scanned(_plan()), _scanned(_report())) == {"evidence/1.1.1/kh.pdf": {1, 2}}


def test_a_born_digital_plan_needs_no_page_read() -> None:
    assert _needs(_plan(), _scanned(_report())) == {}


def test_without_the_plan_the_checklist_is_not_reached_and_reads_nothing() -> None:
    assert _needs(_scanned(_report())) == {}


def test_copies_with_the_same_number_and_date_in_two_files_are_read_to_be_compared() -> None:
    copy = _scanned(_report("evidence/3.1/bc-copy.pdf"), pages=1)
    assert _needs(_scanned(_report()), copy) == {"evidence/1.1.1/bc.pdf": {1, 2}, "evidence/3.1/bc-copy.pdf": {1}}


def test_nothing_is_read_when_every_page_is_complete() -> None:
    assert _needs(_plan(), _report()) == {}
