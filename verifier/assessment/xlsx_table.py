"""The same self-assessment layout, exported as an .xlsx workbook.

The sheet holding the table is the first one with a header row (located by its first cell text).
Cells become the strings the text export would hold, so one row parser serves both: real numbers
are written back with a decimal comma ("12,88"), so that a float such as 1.125 is never mistaken
for a thousands group. Cells come from :mod:`verifier.read.workbook` (python-calamine, guarded);
a broken workbook, whatever breaks in it and whenever (fuzz findings F08a-e), is one
TableUnreadable naming the file.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

from verifier.assessment.html import clean_cell
from verifier.assessment.model import AssessmentTable
from verifier.assessment.numbers import format_number
from verifier.assessment.table import header_columns, parse_table_rows
from verifier.errors import TableUnreadable, VerifierError
from verifier.limits import Limits
from verifier.read.model import FileKind
from verifier.read.workbook import sheets
from verifier.read.zipguard import guard_ooxml

_MAX_ROWS = 5_000        # the real table has ~130; more means this is not the table
_MAX_COLS = 30


class _NotFinite(ValueError):
    """A number cell holding nan or infinity: no score can be read from it."""


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise _NotFinite(repr(value))
    if isinstance(value, int | float):
        # repr of a float is its shortest round-trip form; Decimal(value) would expose binary noise.
        return format_number(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _sheet_rows(rows: Iterator[tuple[int, Sequence[object]]], name: str) -> Iterator[tuple[int, list[str]]]:
    for index, values in rows:
        if index > _MAX_ROWS:
            break
        cells: list[str] = []
        for column, value in enumerate(values[:_MAX_COLS]):
            try:
                cells.append(_cell_text(value))
            except _NotFinite as exc:
                cell = f"{_column_letter(column)}{index}"
                raise TableUnreadable(name, f"ô {cell} không phải số hữu hạn / cell {cell} is not a finite "
                                            f"number ({exc})") from exc
        yield index, cells


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table_xlsx(path: Path, limits: Limits | None = None) -> AssessmentTable:
    """Parse the table from the first sheet of the workbook that has the header row.

    The zip and XML guards run first (a table is uploaded like any evidence file); whatever they
    or the workbook reader refuse is reported as an unreadable table, with the reason.
    """
    try:
        limits = limits or Limits.from_env()
        guard_ooxml(path, path.name, limits)
        for _title, rows in sheets(path, path.name, FileKind.XLSX):
            found = list(_sheet_rows(rows, path.name))
            if any(header_columns([clean_cell(c) for c in cells]) for _, cells in found):
                return parse_table_rows(found, path.name, limits=limits)
    except TableUnreadable:
        raise
    except VerifierError as exc:
        raise TableUnreadable(path.name, f"{exc.code}: {exc.detail or exc.message_vi}") from exc
    raise TableUnreadable(path.name, "không có trang tính nào chứa dòng tiêu đề của bảng tự đánh giá")
