"""The same self-assessment layout, exported as an .xlsx workbook.

The sheet holding the table is the first one with a header row (located by its first cell text).
Cells become the strings the text export would hold, so one row parser serves both: real numbers
are written back with a decimal comma ("12,88"), so that a float such as 1.125 is never mistaken
for a thousands group.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from verifier.assessment.html import clean_cell
from verifier.assessment.model import AssessmentTable
from verifier.assessment.numbers import format_number
from verifier.assessment.table import header_columns, parse_table_rows
from verifier.errors import TableUnreadable, VerifierError
from verifier.limits import Limits
from verifier.read.zipguard import guard_ooxml

_MAX_ROWS = 5_000        # the real table has ~130; more means this is not the table
_MAX_COLS = 30


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        # repr of a float is its shortest round-trip form; Decimal(value) would expose binary noise.
        return format_number(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _sheet_rows(ws: object) -> Iterator[tuple[int, list[str]]]:
    for index, values in enumerate(ws.iter_rows(max_col=_MAX_COLS, values_only=True), start=1):  # type: ignore[attr-defined]
        if index > _MAX_ROWS:
            break
        yield index, [_cell_text(v) for v in values]


def read_table_xlsx(path: Path, limits: Limits | None = None) -> AssessmentTable:
    """Parse the table from the first sheet of the workbook that has the header row.

    The zip and XML guards run first (a table is uploaded like any evidence file); whatever they
    refuse is reported as an unreadable table, with the guard's reason.
    """
    try:
        guard_ooxml(path, path.name, limits or Limits.from_env())
    except VerifierError as exc:
        raise TableUnreadable(path.name, f"{exc.code}: {exc.detail or exc.message_vi}") from exc
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TableUnreadable(path.name, f"không mở được tệp Excel ({type(exc).__name__})") from exc
    try:
        for ws in wb.worksheets:
            rows = list(_sheet_rows(ws))
            if any(header_columns([clean_cell(c) for c in cells]) for _, cells in rows):
                return parse_table_rows(rows, path.name)
    finally:
        wb.close()
    raise TableUnreadable(path.name, "không có trang tính nào chứa dòng tiêu đề của bảng tự đánh giá")
