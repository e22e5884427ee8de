"""Workbook text (XLSX, XLS, ODS): one Page per worksheet, one tab-separated line per non-empty row.

Cells are normalised one by one and joined with a tab, so the column structure survives (a whole
page is *not* passed through normalize(), which would turn the tabs into spaces). Numbers are
written as Python writes them ("12.88", "3"), dates as dd/mm/yyyy, formulas as their cached
values. The cells come from :mod:`verifier.read.workbook` (python-calamine, or openpyxl for an
.xlsx whose grid calamine could not hold); rows are read at most MAX_COLUMNS wide and MAX_ROWS
deep over the whole workbook.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from verifier.errors import FileTimeout, NoTextFound, TooManyPages
from verifier.limits import ReadSettings
from verifier.read.model import FileKind, Notice, Page, PageMethod
from verifier.read.workbook import sheets
from verifier.read.zipguard import guard_ooxml
from verifier.text import one_line

MAX_ROWS = 100_000       # rows looked at in the whole workbook, empty ones included
MAX_COLUMNS = 512        # cells further right are not read
_DEADLINE_EVERY = 1_000  # rows between deadline checks
_METHODS = {FileKind.XLSX: PageMethod.XLSX, FileKind.XLS: PageMethod.XLS, FileKind.ODS: PageMethod.ODS}


def read_xlsx(path: Path, name: str, settings: ReadSettings, deadline: float) -> tuple[
        tuple[Page, ...], tuple[Notice, ...]]:
    """One Page (method XLSX) per worksheet, in workbook order."""
    return read_workbook(path, name, settings, deadline, FileKind.XLSX)


def read_xls(path: Path, name: str, settings: ReadSettings, deadline: float) -> tuple[
        tuple[Page, ...], tuple[Notice, ...]]:
    """An Excel 97-2003 workbook: one Page (method XLS) per worksheet."""
    return read_workbook(path, name, settings, deadline, FileKind.XLS)


def read_ods(path: Path, name: str, settings: ReadSettings, deadline: float) -> tuple[
        tuple[Page, ...], tuple[Notice, ...]]:
    """An OpenDocument spreadsheet: one Page (method ODS) per worksheet."""
    return read_workbook(path, name, settings, deadline, FileKind.ODS)


def read_workbook(path: Path, name: str, settings: ReadSettings, deadline: float,
                  kind: FileKind) -> tuple[tuple[Page, ...], tuple[Notice, ...]]:
    if kind is not FileKind.XLS:
        guard_ooxml(path, name, settings.limits)     # both are zips of XML parts
    pages: list[Page] = []
    notices: list[Notice] = []
    budget = MAX_ROWS
    for number, (_title, rows) in enumerate(sheets(path, name, kind), start=1):
        if number > settings.limits.max_pages:
            raise TooManyPages(file=name, pages=f"> {settings.limits.max_pages}", limit=settings.limits.max_pages)
        if budget <= 0:
            notices.append(_row_limit_notice(name, number))
            break
        lines, used, truncated = _sheet_lines(rows, budget, name, settings, deadline)
        budget -= used
        page_notices = (_row_limit_notice(name, number),) if truncated else ()
        pages.append(Page(number=number, text="\n".join(lines), method=_METHODS[kind], notices=page_notices))
    if not any(page.text for page in pages):
        raise NoTextFound(file=name, detail=kind.value.upper())
    return tuple(pages), tuple(notices)


def _sheet_lines(rows: Iterator[tuple[int, Sequence[object]]], budget: int, name: str, settings: ReadSettings,
                 deadline: float) -> tuple[list[str], int, bool]:
    """The sheet's non-empty rows as lines, how many rows were looked at, and whether it was cut."""
    lines: list[str] = []
    used = 0
    for _number, full_row in rows:
        if used >= budget:
            return lines, used, True
        used += 1
        if used % _DEADLINE_EVERY == 0 and time.monotonic() > deadline:
            raise FileTimeout(file=name, limit=settings.limits.file_timeout_s)
        row = full_row[:MAX_COLUMNS]
        if any(v is not None for v in row):
            line = _row_line(row)
            if line:
                lines.append(line)
    return lines, used, False


def _row_line(row: Sequence[object]) -> str:
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
        if not math.isfinite(value):
            return str(value)                 # "nan", "inf": what the cell holds, not an error
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M") if not value.second else value.strftime("%H:%M:%S")
    return one_line(str(value))


def _row_limit_notice(name: str, sheet: int) -> Notice:
    return Notice(
        code="row_limit",
        message=(f"Tệp {name}: chỉ đọc {MAX_ROWS} dòng đầu; phần còn lại bị bỏ qua"
                 f" / File {name}: only the first {MAX_ROWS} rows were read; the rest was skipped"),
        page=sheet,
    )
