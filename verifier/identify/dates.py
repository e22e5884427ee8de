"""Dates as Vietnamese documents write them: 30/12/2022, 8/12/2023, 04.12.2023, and the long form
"ngày 30 tháng 12 năm 2022". Every date is checked against the calendar (31/02 is not a date).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from verifier.identify.doctypes import loose

_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})

# The same separator twice; not part of a longer number, a fraction or a legal number's year.
_NUMERIC = re.compile(
    r"(?<![\d/.])(?P<d>0?[1-9]|[12]\d|3[01])\s?(?P<sep>[/.\-])\s?(?P<m>0?[1-9]|1[0-2])\s?(?P=sep)\s?"
    r"(?P<y>(?:19|20)\d{2})(?![\d/])"
)


def _long_rx(digit: str, gap: str = r"\s*", space: str = r"\s+") -> re.Pattern[str]:
    # "ngày", "tháng", "năm" are matched accent-blind: OCR reads "ngảy", "thảng", "nắm".
    d = rf"(?={digit}*\d){digit}{{1,2}}"
    y = rf"(?={digit}*\d){digit}{{4}}"
    return re.compile(
        rf"(?<!\w){loose('ngày')}{gap}(?P<d>{d}){space}{loose('tháng')}{gap}(?P<m>{d}){space}{loose('năm')}{gap}"
        rf"(?P<y>{y})(?!\d)"
    )


_LONG = _long_rx(r"[0-9]")
# Tolerant (OCR) reading also passes a speck between the words ("ngày.23 tháng 8", "tháng, 8").
_SPECKS = r"[\s.,:;'`_]"
_LONG_TOLERANT = _long_rx(r"[0-9OolI]", rf"{_SPECKS}*", rf"(?:\s{_SPECKS}*|{_SPECKS}*\s)")


@dataclass(frozen=True)
class DateMatch:
    """A written date: its value (None when the calendar has no such day) and how it was written."""

    date: dt.date | None
    text: str
    start: int
    end: int
    day: str                   # as written, for the Decree 30 zero-padding rule
    month: str
    long_form: bool
    repaired: bool = False     # OCR letters read as digits

    @property
    def padded(self) -> bool:
        """Decree 30: days below 10 and months 1-2 are written with a leading zero."""
        return not ((len(self.day) == 1) or (len(self.month) == 1 and self.month in "12"))


def _make(m: re.Match[str], *, long_form: bool) -> DateMatch:
    raw_d, raw_m, raw_y = m.group("d"), m.group("m"), m.group("y")
    d, mo, y = (s.translate(_OCR_DIGITS) for s in (raw_d, raw_m, raw_y))
    try:
        value: dt.date | None = dt.date(int(y), int(mo), int(d))
    except ValueError:
        value = None
    if value is not None and not 1900 <= value.year < 2100:
        value = None
    repaired = (d, mo, y) != (raw_d, raw_m, raw_y)
    return DateMatch(value, m.group(0), m.start(), m.end(), d, mo, long_form, repaired)


def iter_dates(text: str, *, tolerant: bool = False) -> Iterator[DateMatch]:
    """Every numeric and long-form date in ``text``, left to right, including impossible ones."""
    long_rx = _LONG_TOLERANT if tolerant else _LONG
    found = [_make(m, long_form=True) for m in long_rx.finditer(text)]
    found += [_make(m, long_form=False) for m in _NUMERIC.finditer(text)]
    found.sort(key=lambda x: x.start)
    end = -1
    for match in found:
        if match.start >= end:
            end = match.end
            yield match


def find_dates(text: str) -> tuple[tuple[dt.date, str], ...]:
    """Numeric and long-form dates that exist on the calendar, with the text matched."""
    return tuple((m.date, m.text) for m in iter_dates(text) if m.date is not None)


_AFTER = re.compile(rf"\s*,?\s*(?:\(\s*)?(?:{loose('ban hành')}\s+)?(?={loose('ngày')})")
_AFTER_NUMERIC = re.compile(rf"{loose('ngày')}\s*[:]?\s*")


def date_after(text: str, pos: int) -> DateMatch | None:
    """The date written right after ``pos`` (", ngày 29/8/2023" or " ngày 30 tháng 12 năm 2022")."""
    lead = _AFTER.match(text, pos)
    if lead is None:
        return None
    at = lead.end()
    long_m = _LONG.match(text, at)
    if long_m:
        return _make(long_m, long_form=True)
    word = _AFTER_NUMERIC.match(text, at)
    if word is None:
        return None
    num_m = _NUMERIC.match(text, word.end())
    if num_m is None:
        return None
    found = _make(num_m, long_form=False)
    return DateMatch(found.date, text[at:num_m.end()], at, num_m.end(), found.day, found.month, False)
