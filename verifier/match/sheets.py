"""Tables inside workbook evidence: find a header row by its column names, read the rows under it.

Workbooks arrive from the reader as pages of tab-separated lines (one page per sheet). Which header
names mean which column is the framework's data (``workbooks:`` in rules/library/defaults.yaml);
names are compared folded, so "Mã tiêu chí", "MÃ TIÊU CHÍ" and "Ma tieu chi" are one column.
Cell values are parsed here too: Vietnamese numbers ("51.740", "77,58") and dates
("03/12/2023", "2023-12-03").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from verifier.evidence import Evidence
from verifier.read.model import SPREADSHEETS
from verifier.text import fold

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")


def sheet_rows(e: Evidence, columns: Mapping[str, Sequence[str]], required: Sequence[str]) -> Iterator[dict[str, str]]:
    """Rows (concept -> cell text) of every sheet whose header row has a column for each ``required``.

    ``columns`` maps a concept ("numerator") to the header names that mean it ("Tử số", "Tu so");
    the first header cell equal to, or starting with, one of them is that concept's column.
    Concepts whose column is absent are left out of the rows.
    """
    if e.read is None or e.read.kind not in SPREADSHEETS:
        return
    names = {k: [fold(n) for n in v] for k, v in columns.items()}
    for page in e.read.pages:
        lines = page.text.split("\n")
        for i, line in enumerate(lines):
            cells = [fold(c) for c in line.split("\t")]
            if not all(_column(names[k], cells) is not None for k in required):
                continue
            cols = {k: j for k in names if (j := _column(names[k], cells)) is not None}
            for row in lines[i + 1:]:
                values = row.split("\t")
                if not any(v.strip() for v in values):
                    continue
                yield {k: (values[j].strip() if j < len(values) else "") for k, j in cols.items()}
            break


def _column(names: Sequence[str], cells: Sequence[str]) -> int | None:
    return next((j for j, c in enumerate(cells) if any(c == n or c.startswith(n) for n in names)), None)


def parse_decimal(text: str) -> Decimal | None:
    """'51.740' -> 51740, '77,58' -> 77.58, '77.58' -> 77.58, '1264.0' -> 1264.0, '' -> None."""
    s = text.strip().replace(" ", "").rstrip("%")
    if not s:
        return None
    if "," in s and "." in s:
        s = s.replace(".", "").replace(",", ".")
    elif "," in s:
        s = s.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", s):
        s = s.replace(".", "")      # a thousands separator, not a decimal point
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def parse_date(text: str) -> dt.date | None:
    s = text.strip()
    try:
        if m := _DMY.match(s):
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _YMD.match(s):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None
