"""Numbers and days an e-office system stamps onto the page when the document is signed.

The document is drafted with its number and day left blank ("Số:      /KH-UBND", "ngày    tháng 12
năm 2022"); the văn thư's signature stamps them in as an annotation or an image. The page's own
text layer then has the blanks, and the values are in :attr:`Page.overlay`: the text of the
annotations' appearances, or of the header band read by OCR (docs/evidence.md, "Stamped number
and day"). Either way only values that fit the blanks are taken: a number with the printed
symbol, a day that makes a date in the printed month and year. The signature's own stamp
("Thời gian ký: 30.12.2022 16:45") is never read as one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from verifier.identify.dates import iter_dates
from verifier.identify.doctypes import loose
from verifier.identify.lines import header_lines
from verifier.identify.model import DocNumber
from verifier.identify.numbers import iter_numbers, parse_number

_BLANK_DAY = re.compile(
    rf"(?<!\w){loose('ngày')}[\s._…]*{loose('tháng')}\s*(?P<m>\d{{1,2}})\s+{loose('năm')}\s*(?P<y>\d{{4}})(?!\d)")
_BARE = re.compile(r"^\d{1,5}$")


@dataclass(frozen=True)
class BlankDay:
    """A date line whose day was left blank."""

    month: int
    year: int
    line: str


@dataclass(frozen=True)
class Stamped:
    number: DocNumber | None = None
    date: dt.date | None = None
    source: str = ""


def blank_day(lines: list[str]) -> BlankDay | None:
    for line in lines:
        m = _BLANK_DAY.search(line)
        if m and 1 <= int(m.group("m")) <= 12:
            return BlankDay(int(m.group("m")), int(m.group("y")), line)
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def from_overlay(overlay: str, symbol: str | None, day: BlankDay | None) -> Stamped:
    """The stamped values that fill the blanks: ``symbol`` when the number is blank ("KH-UBND"),
    ``day`` when the day is. Empty when the overlay holds nothing that fits."""
    lines = header_lines(overlay)
    text = "\n".join(lines)
    number: DocNumber | None = None
    date: dt.date | None = None
    if symbol is not None:
        number = next((m.number for m in iter_numbers(text) if m.number.symbol == symbol), None)
    if day is not None:
        date = next((d.date for d in iter_dates(text, tolerant=True)
                     if d.date is not None and (d.date.year, d.date.month) == (day.year, day.month)), None)
    if lines and all(_BARE.match(s) for s in lines):
        # Bare stamps, in the order they were drawn: the number (left column) before the day.
        values = [int(s) for s in lines]
        if symbol is not None and number is None and values:
            number = parse_number(f"{values.pop(0)}/{symbol}")
        days = [v for v in values if v <= 31]
        if day is not None and date is None and days:
            date = _date(day.year, day.month, days[0])
    if number is None and date is None:
        return Stamped()
    return Stamped(number, date, " ".join(lines))
