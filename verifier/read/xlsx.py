"""XLSX text: one Page per worksheet, one tab-separated line per non-empty row.

Cells are normalised one by one and joined with a tab, so the column structure survives (a whole
page is *not* passed through normalize(), which would turn the tabs into spaces). Numbers are
written as Python writes them ("12.88", "3"), dates as dd/mm/yyyy, formulas as their cached
values (data_only). The sheet's declared dimension is ignored: read-only openpyxl trusts it, so a
wrong "A1" (some generators write that) would cut every row after the first, and rows are read at
most MAX_COLUMNS wide (a cell at XFD still costs openpyxl one 16,384-slot list for its row).
"""

from __future__ import annotations

import datetime as dt
import time
import warnings
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl

from verifier.errors import FileTimeout, NoTextFound, TooManyPages
from verifier.limits import ReadSettings
from verifier.read.model import Notice, Page, PageMethod
from verifier.read.zipguard import guard_ooxml
from verifier.text import one_line

MAX_ROWS = 100_000       # rows looked at in the whole workbook, empty ones included
MAX_COLUMNS = 512        # cells further right are not read
_DEADLINE_EVERY = 1_000  # rows between deadline checks


def read_xlsx(path: Path, name: str, settings: ReadSettings, deadline: float) -> tuple[
        tuple[Page, ...], tuple[Notice, ...]]:
    """One Page (method XLSX) per worksheet, in workbook order."""
    guard_ooxml(path, name, settings.limits)
    # A file object, not the path: openpyxl refuses paths whose extension is not .xlsx, and the
    # extension has already been judged (and found wanting, if we are here under another name).
    with path.open("rb") as fh:
        return _read_workbook(fh, name, settings, deadline)


def _read_workbook(fh: BinaryIO, name: str, settings: ReadSettings, deadline: float) -> tuple[
        tuple[Page, ...], tuple[Notice, ...]]:
    with warnings.catch_warnings():
        # openpyxl warns about every extension it does not support (data validation, slicers ...).
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    try:
        sheets = workbook.worksheets
        if len(sheets) > settings.limits.max_pages:
            raise TooManyPages(file=name, pages=len(sheets), limit=settings.limits.max_pages)
        pages: list[Page] = []
        notices: list[Notice] = []
        budget = MAX_ROWS
        for number, sheet in enumerate(sheets, start=1):
            if budget <= 0:
                notices.append(_row_limit_notice(name, number))
                break
            lines, used, truncated = _sheet_lines(sheet, budget, name, settings, deadline)
            budget -= used
            page_notices = (_row_limit_notice(name, number),) if truncated else ()
            pages.append(Page(number=number, text="\n".join(lines), method=PageMethod.XLSX,
                              notices=page_notices))
    finally:
        workbook.close()
    if not any(page.text for page in pages):
        raise NoTextFound(file=name, detail="XLSX")
    return tuple(pages), tuple(notices)


def _sheet_lines(sheet: Any, budget: int, name: str, settings: ReadSettings,
                 deadline: float) -> tuple[list[str], int, bool]:
    """The sheet's non-empty rows as lines, how many rows were looked at, and whether it was cut."""
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()
    lines: list[str] = []
    used = 0
    # No max_col: openpyxl would pad every row to that width, making typical 6-cell rows 50x
    # dearer. Without a dimension a row is as wide as its last cell; the slice caps the rest.
    for full_row in sheet.iter_rows(values_only=True):
        if used >= budget:
            return lines, used, True
        used += 1
        if used % _DEADLINE_EVERY == 0 and time.monotonic() > deadline:
            raise FileTimeout(file=name, limit=settings.limits.file_timeout_s)
        row = full_row[:MAX_COLUMNS]
        if row.count(None) != len(row):
            line = _row_line(row)
            if line:
                lines.append(line)
    return lines, used, False


def _row_line(row: tuple[object, ...]) -> str:
    cells = [_cell_text(value) for value in row]
    while cells and not cells[-1]:
        cells.pop()
    return "\t".join(cells)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return one_line(str(value))


def _row_limit_notice(name: str, sheet: int) -> Notice:
    return Notice(
        code="row_limit",
        message=(f"Tệp {name}: chỉ đọc {MAX_ROWS} dòng đầu; phần còn lại bị bỏ qua"
                 f" / File {name}: only the first {MAX_ROWS} rows were read; the rest was skipped"),
        page=sheet,
    )
