"""Workbook readers side by side: python-calamine against openpyxl (read-only) on .xlsx.

Both read every cell value of every sheet into Python rows, the work the evidence reader and the
assessment-table reader do. Workbooks: an evidence-sized one (1 sheet, 150 rows x 8 columns),
a list (5 sheets x 2,000 rows x 10 columns) and a large export (1 sheet, 50,000 x 12), written
by openpyxl with text, numbers and dates. Round-robin, medians, ratio to openpyxl.

    .venv/bin/python benchmarks/sheets_bench.py
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
import python_calamine  # noqa: E402

from benchmarks.harness import race, say, table  # noqa: E402

SHAPES = {"evidence 1x150x8": (1, 150, 8), "list 5x2000x10": (5, 2000, 10), "export 1x50000x12": (1, 50000, 12)}


def build(path: Path, sheets: int, rows: int, cols: int) -> Path:
    wb = openpyxl.Workbook(write_only=True)
    for s in range(sheets):
        ws = wb.create_sheet(f"Sheet{s + 1}")
        for r in range(rows):
            ws.append([f"Đơn vị {r}" if c == 0 else (dt.date(2023, 1 + r % 12, 1 + r % 28) if c == 1 else r * c + 0.25)
                       for c in range(cols)])
    wb.save(path)
    return path


def read_openpyxl(path: Path) -> int:
    cells = 0
    with warnings.catch_warnings(), path.open("rb") as fh:
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        for ws in wb.worksheets:
            ws.reset_dimensions()
            for row in ws.iter_rows(values_only=True):
                cells += len(row)
        wb.close()
    return cells


def read_calamine(path: Path) -> int:
    cells = 0
    with path.open("rb") as fh:
        wb = python_calamine.CalamineWorkbook.from_filelike(fh)
        for index in range(len(wb.sheet_names)):
            for row in wb.get_sheet_by_index(index).iter_rows():
                cells += len(row)
        wb.close()
    return cells


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for label, (sheets, rows, cols) in SHAPES.items():
            path = build(Path(tmp) / f"{label.split()[0]}.xlsx", sheets, rows, cols)
            assert read_openpyxl(path) == read_calamine(path) == sheets * rows * cols
            rounds = 9 if rows <= 2000 else 3
            results = race([("openpyxl read-only", functools.partial(read_openpyxl, path)),
                            ("python-calamine", functools.partial(read_calamine, path))], rounds=rounds)
            say(f"\n{label} ({path.stat().st_size // 1024} KiB), {rounds} rounds")
            say(table(results, "ms", per=0.001))


if __name__ == "__main__":
    main()
