"""Workbooks as systems export them: typed cells (numbers as numbers, dates as real dates)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from samplegen.ziputil import freeze

Cell = str | int | float | dt.date | None
_FIXED = dt.datetime(2024, 1, 1)


def workbook_bytes(sheets: Sequence[tuple[str, Sequence[Sequence[object]]]]) -> bytes:
    """One sheet per (name, rows); row 1 of each sheet is its header, in bold."""
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = ""
    wb.properties.created = wb.properties.modified = _FIXED
    for name, rows in sheets:
        ws = wb.create_sheet(title=name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
                if r == 1:
                    cell.font = Font(bold=True)
        for c, width in enumerate(_widths(rows), start=1):
            ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return freeze(out.getvalue())


def _widths(rows: Sequence[Sequence[object]]) -> list[float]:
    widths: list[float] = []
    for row in rows:
        for c, value in enumerate(row):
            n = 12 if isinstance(value, dt.date) else len(str(value if value is not None else ""))
            if c >= len(widths):
                widths.append(8.0)
            widths[c] = min(60.0, max(widths[c], n + 2.0))
    return widths


def write_workbook(rows: Sequence[Sequence[Cell]], path: Path, *, sheet: str = "Sheet1") -> Path:
    """Write a one-sheet workbook (row 1 is the header); the same rows give the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes([(sheet, rows)]))
    return path
