"""Tables inside workbook evidence: find a header row by its column names, read the rows under it.

Workbooks arrive from the reader as pages of tab-separated lines (one page per sheet). Column
names are compared folded, so "Mã tiêu chí", "MÃ TIÊU CHÍ" and "Ma tieu chi" are one column.
Cell values are parsed here too: Vietnamese numbers ("51.740", "77,58") and dates
("03/12/2023", "2023-12-03").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation

from verifier.evidence import Evidence
from verifier.read.model import SPREADSHEETS
from verifier.text import fold

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")


def sheet_rows(e: Evidence, headers: Sequence[str], optional: Sequence[str] = ()) -> Iterator[dict[str, str]]:
    """Rows (column name -> cell text) of every sheet whose header row holds all ``headers``.

    Keys are the folded ``headers`` and those of the ``optional`` headers present; other columns
    are left out.
    """
    if e.read is None or e.read.kind not in SPREADSHEETS:
        return
    wanted = [fold(h) for h in headers]
    extra = [fold(h) for h in optional]
    for page in e.read.pages:
        lines = page.text.split("\n")
        for i, line in enumerate(lines):
            cells = [fold(c) for c in line.split("\t")]
            if not all(_column(w, cells) is not None for w in wanted):
                continue
            cols = {w: j for w in [*wanted, *extra] if (j := _column(w, cells)) is not None}
            for row in lines[i + 1:]:
                values = row.split("\t")
                if not any(v.strip() for v in values):
                    continue
                yield {w: (values[j].strip() if j < len(values) else "") for w, j in cols.items()}
            break


def _column(name: str, cells: Sequence[str]) -> int | None:
    return next((j for j, c in enumerate(cells) if c == name or c.startswith(name)), None)


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
