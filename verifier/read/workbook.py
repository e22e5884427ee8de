"""Workbook cells as rows of Python values, for XLSX, XLS and ODS alike.

python-calamine (Rust) reads all three and is 14-20x faster than openpyxl on .xlsx
(benchmarks/sheets_bench.py, docs/reading.md). It has one hazard: a sheet becomes a dense grid
from its first to its last cell, so two cells at A1 and XFD1048576 ask for 17 billion slots and
the process aborts (no exception, measured). So before calamine sees an .xlsx, each sheet part is
streamed once and its extent measured from the cell references; a grid over MAX_GRID_CELLS, or
XML the scan cannot vouch for (prefixed tags, cells or rows without references, another
encoding), is read with openpyxl's streaming reader instead, which never allocates more than a
row. An .xls has no such fallback: its cell records are walked first (olefile opens the
compound file) and a sheet over the same limit is refused (E_TOO_MANY_CELLS); calamine ignores
blank cells and the DIMENSIONS record, so only value cells count. ODS relies on calamine's own
limit (docs/reading.md).

Every library error, while opening or while iterating, becomes CorruptFile naming the file.
"""

from __future__ import annotations

import re
import struct
import warnings
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from verifier.errors import CorruptFile, EncryptedFile, TooManyCells, VerifierError
from verifier.read.model import FileKind

MAX_GRID_CELLS = 4_000_000     # calamine keeps ~32 bytes per cell of the grid: ~130 MB at most
_CHUNK = 256 * 1024
_ROW_REF = re.compile(rb'<row\b[^>]*?\sr="(\d{1,9})"')
_ROW_TAG = re.compile(rb"<row[\s>/]")
_CELL_REF = re.compile(rb'<c\b[^>]*?\sr="([A-Z]{1,4})\d')
_CELL_TAG = re.compile(rb"<c[\s>/]")
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.-]*:(?:row|c|sheetData)[\s>/]")
_WIDE_XML = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"<\x00", b"\x00<", b"\x00\x00\x00<")
_T = TypeVar("_T")

Row = Sequence[object]
_MAX_PAD = 1024          # empty leading columns put back (the readers cut rows far narrower)


def sheets(path: Path, name: str, kind: FileKind) -> Iterator[tuple[str, Iterator[tuple[int, Row]]]]:
    """(sheet name, its (row number, cells)) for every worksheet in workbook order.

    Row numbers are 1-based sheet rows and cells start at column A, whichever library read them;
    empty cells are None.
    """
    if kind is FileKind.XLSX and not _call(name, calamine_safe, path):
        yield from _openpyxl_sheets(path, name)
        return
    if kind is FileKind.XLS:
        grid = _call(name, xls_grid, path)
        if grid > MAX_GRID_CELLS:
            raise TooManyCells(file=name, cells=grid, limit=MAX_GRID_CELLS)
    yield from _calamine_sheets(path, name)


# BIFF records that put a value in a cell, with (row, column) as their first two 16-bit fields;
# MULRK holds a run of columns, its last column in the record's final two bytes.
_XLS_CELLS = frozenset({0x0006, 0x0406, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6})
_XLS_MULRK = 0x00BD
_XLS_BOF = 0x0809


def xls_grid(path: Path) -> int:
    """The largest sheet grid (rows x columns from A1) that an .xls's value cells span."""
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
        if stream is None:
            return 0
        data = ole.openstream(stream).read()
    largest, max_row, max_col = 0, -1, -1          # -1: no value cell in this substream yet
    pos, end = 0, len(data) - 4
    while pos <= end:
        kind, size = struct.unpack_from("<HH", data, pos)
        body = pos + 4
        if kind == _XLS_BOF:            # a new substream (a sheet): its own grid
            largest = max(largest, (max_row + 1) * (max_col + 1))
            max_row = max_col = -1
        elif size >= 4 and (kind in _XLS_CELLS or kind == _XLS_MULRK):
            row, col = struct.unpack_from("<HH", data, body)
            if kind == _XLS_MULRK and size >= 6:
                col = max(col, struct.unpack_from("<H", data, body + size - 2)[0])
            max_row, max_col = max(max_row, row), max(max_col, col)
        pos = body + size
    return max(largest, (max_row + 1) * (max_col + 1))


def calamine_safe(path: Path) -> bool:
    """Whether every sheet part of the .xlsx has a grid calamine can hold (see the module doc)."""
    with zipfile.ZipFile(path) as zf:
        # Every entry, whatever its name: calamine finds sheets through the relationships, and a
        # sheet part may be called anything.
        for info in zf.infolist():
            if not info.is_dir() and not _part_safe(zf, info):
                return False
    return True


@dataclass
class _Extent:
    """Counts over one sheet part (mutable while the part streams past)."""

    max_row: int = 0
    rows: int = 0
    rows_with_ref: int = 0
    cells: int = 0
    cells_with_ref: int = 0
    prefixed: bool = False
    columns: set[bytes] = field(default_factory=set)

    def scan(self, data: bytes) -> None:
        self.prefixed = self.prefixed or _PREFIXED.search(data) is not None
        refs = _ROW_REF.findall(data)
        if refs:
            self.max_row = max(self.max_row, *(int(r) for r in refs))
        self.rows_with_ref += len(refs)
        self.rows += len(_ROW_TAG.findall(data))
        found = _CELL_REF.findall(data)
        self.cells_with_ref += len(found)
        self.columns.update(found)          # a set of a few column names: C speed, no Python loop
        self.cells += len(_CELL_TAG.findall(data))


def _part_safe(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    extent = _Extent()
    with zf.open(info) as fh:
        chunk = fh.read(_CHUNK)
        if chunk.startswith(_WIDE_XML):
            return False                 # UTF-16/32 XML: the byte patterns below cannot see into it
        if not chunk.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"):
            return True                  # not XML (an image, a binary part): no cells for calamine
        carry = b""
        while chunk:
            cut = chunk.rfind(b"<")     # a tag cut by the chunk boundary waits for the next chunk
            if cut >= 0:
                data, carry = carry + chunk[:cut], chunk[cut:]
            else:
                data, carry = carry + chunk, b""
            extent.scan(data)
            if extent.prefixed:
                return False
            chunk = fh.read(_CHUNK)
        extent.scan(carry)
    if extent.prefixed or extent.rows != extent.rows_with_ref or extent.cells != extent.cells_with_ref:
        return False
    max_col = max((_column_number(c) for c in extent.columns), default=0)
    return extent.max_row * max_col <= MAX_GRID_CELLS


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _calamine_sheets(path: Path, name: str) -> Iterator[tuple[str, Iterator[tuple[int, Row]]]]:
    import python_calamine

    with path.open("rb") as fh:
        workbook = _call(name, python_calamine.CalamineWorkbook.from_filelike, fh)
        try:
            for index, meta in enumerate(_call(name, lambda: list(workbook.sheets_metadata))):
                if str(meta.typ).rsplit(".", 1)[-1] != "WorkSheet":
                    continue                    # chart and dialog sheets hold no cells
                sheet = _call(name, workbook.get_sheet_by_index, index)
                # python-calamine's iter_rows starts at row 1 but at the first used column:
                # put the empty columns before it back, so that a cell keeps its column.
                _first_row, first_col = sheet.start or (0, 0)
                yield meta.name, _rows(name, _call(name, sheet.iter_rows), 1, _Padded(min(first_col, _MAX_PAD)))
        finally:
            workbook.close()


@dataclass(frozen=True)
class _Padded:
    """A calamine row from column A, with None for empty cells (calamine writes "")."""

    columns: int

    def __call__(self, row: Sequence[object]) -> Row:
        return [*([None] * self.columns), *(None if v == "" else v for v in row)]


def _openpyxl_sheets(path: Path, name: str) -> Iterator[tuple[str, Iterator[tuple[int, Row]]]]:
    import openpyxl

    with path.open("rb") as fh:
        with warnings.catch_warnings():
            # openpyxl warns about every extension it does not support (data validation, slicers ...)
            warnings.simplefilter("ignore")
            workbook = _call(name, openpyxl.load_workbook, fh, read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets:
                if hasattr(sheet, "reset_dimensions"):
                    # A wrong <dimension> (some generators write "A1") would cut every later row.
                    sheet.reset_dimensions()
                yield sheet.title, _rows(name, sheet.iter_rows(values_only=True), 1, list)
        finally:
            workbook.close()


def _rows(name: str, source: Iterator[Any], first: int,
          convert: Callable[[Any], Row]) -> Iterator[tuple[int, Row]]:
    number = first
    while True:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                row = next(source)
        except StopIteration:
            return
        except VerifierError:
            raise
        except Exception as exc:   # malformed sheet XML, bad shared-string index, nan in an int ...
            raise _corrupt(name, exc) from exc
        yield number, convert(row)
        number += 1


def _call(name: str, fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args, **kwargs)
    except VerifierError:
        raise
    except Exception as exc:
        raise _corrupt(name, exc) from exc


def _corrupt(name: str, exc: BaseException) -> VerifierError:
    if type(exc).__name__ == "PasswordError":     # python_calamine.PasswordError: an encrypted .xls
        return EncryptedFile(file=name)
    detail = f"{type(exc).__name__}: {exc}".replace("\n", " ").replace("\r", " ")
    return CorruptFile(file=name, detail=detail[:160])

