"""Header lines put back together before they are read.

Real text layers break the Decree 30 header in ways a reader of the page never sees
(docs/evidence.md, "Header lines"): a narrow right-hand column wraps the place-and-date line
("Quảng Nam, ngày" / "28 tháng 4 năm 2023", "Sơn" / "La, ngày 16 tháng 11" / "năm 2018"), the
number goes to the line under its label ("Số:" / "06/2024/QĐ-UBND"), a word is cut from its body
("ỦY" / "BAN NHÂN DÂN"), HTML-table exports flatten the two columns into one row with "|", and
e-office systems print the signature's own stamp ("Ký bởi: …", "Thời gian ký: 30.12.2022 16:45:12
+07:00") in the header band. This module turns such text into the lines a person reads, cell by
cell, and drops the signature stamp, whose time is never the document's date.
"""

from __future__ import annotations

import re

from verifier.identify.dates import iter_dates
from verifier.identify.doctypes import loose


def _motto(phrase: str) -> str:
    # OCR joins words of the motto with a hyphen as often as it drops the space ("CÔNG HÒA-XÃ HỘI").
    return loose(phrase).replace(r"\s*", r"[\s-]*")


MOTTOS = re.compile("|".join((
    _motto("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    _motto("ĐẢNG CỘNG SẢN VIỆT NAM"),
    rf"{_motto('Độc lập')}\s*-?\s*{_motto('Tự do')}\s*-?\s*{_motto('Hạnh phúc')}",
)))
# The visible stamp of a digital signature. A line that opens with one of these labels belongs to
# the stamp, not to the header; the date-and-time it prints is the signing time.
_STAMP_LABEL = re.compile(r"^(?:{})\s*:".format("|".join(loose(w) for w in (
    "Ký bởi", "Ký số bởi", "Người ký", "Cơ quan", "Tổ chức", "Chức vụ", "Email", "E-mail", "Thời gian ký",
    "Ngày ký", "Signed by", "Signing time", "Reason", "Location"))), re.I)
_STAMP_INLINE = re.compile(r"(?:{})\s*:".format("|".join(loose(w) for w in ("Ký bởi", "Thời gian ký"))), re.I)
_DATETIME = re.compile(r"\d{1,2}\s?[./-]\s?\d{1,2}\s?[./-]\s?\d{4}[ ,T]+\d{1,2}:\d{2}(?::\d{2})?"
                       r"(?:\s*(?:[+-]\d{2}:?\d{2}|GMT[+-]?\d*|Z))?")
_SO_ALONE = re.compile(rf"^S{loose('o')}\s*[:.]?$")
_SO_OPENS = re.compile(rf"^S{loose('o')}\s*[:.]")
_NGAY = re.compile(rf"(?<!\w){loose('ngày')}(?!\w)")
_ONE_WORD = re.compile(r"^[^\W\d_]{2,}$")
_CELL_BREAK = "|"
# A lone mark between two words is a speck OCR read as punctuation ("ỦY BAN NHÂN DÂN : HUYỆN", "Kiểm :
# tra"); commas and full stops are kept, since "Hà Nội , ngày" still needs its comma.
_SPECK = re.compile(r"(?<=\w) [:;'`•·] (?=\w)")


def _is_stamp(line: str) -> bool:
    return bool(_STAMP_LABEL.match(line))


def strip_stamp(line: str) -> str:
    """The line without a signature stamp's label and date-and-time ("Thời gian ký: 30.12.2022 16:45")."""
    at = _STAMP_INLINE.search(line)
    if at is not None:
        line = line[:at.start()]
    return " ".join(_DATETIME.sub(" ", line).split())


def _cells(text: str) -> list[list[str]]:
    """Lines grouped by table cell: "|" (alone or between cells of a flattened row) starts a new cell."""
    cells: list[list[str]] = [[]]
    for raw in text.split("\n"):
        parts = raw.split(_CELL_BREAK)
        for i, part in enumerate(parts):
            if i > 0 and cells[-1]:
                cells.append([])
            line = _SPECK.sub(" ", " ".join(part.split()))
            if line:
                cells[-1].append(line)
    return [c for c in cells if c]


def _has_long_date(text: str) -> bool:
    return any(d.long_form for d in iter_dates(text, tolerant=True))


def _join_cell(lines: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        # "ỦY" / "BAN NHÂN DÂN", "Sơn" / "La, ngày 16 …", "QUYẾT" / "ĐỊNH": a word cut from its line
        # (but "… CHUYỂN ĐỔI" / "SỐ" / "Số: 05/BC-BCĐ" ends a body name: "Số:" opens its own line).
        if (nxt is not None and _ONE_WORD.match(line) and line[0].isupper() and nxt[:1].isalpha()
                and not _SO_OPENS.match(nxt)):
            lines[i + 1] = f"{line} {nxt}"
            i += 1
            continue
        # "Số:" / "06/2024/QĐ-UBND" (or the blank "/KH-UBND" of an e-office number).
        if nxt is not None and _SO_ALONE.match(line) and nxt[:1] in "0123456789/":
            lines[i + 1] = f"{line} {nxt}"
            i += 1
            continue
        # "Kon Tum, ngày 25" / "tháng 01 năm 2024": the date completed by the next one or two lines.
        if _NGAY.search(line) and not _has_long_date(line):
            for extra in (1, 2):
                if i + extra < len(lines) and _has_long_date(" ".join(lines[i:i + extra + 1])):
                    line = " ".join(lines[i:i + extra + 1])
                    i += extra
                    break
        out.append(line)
        i += 1
    return out


def header_lines(text: str) -> list[str]:
    """The lines of a header block as printed: mottos and signature stamps out, broken lines joined.

    Rules (a line of only "-", "_" or "=") are kept as "---", a stop marker for the trích yếu.
    """
    text = MOTTOS.sub("\n", text)
    out: list[str] = []
    for cell in _cells(text):
        kept = [strip_stamp(s) for s in cell if not _is_stamp(s)]
        out.extend(_join_cell([s for s in kept if s]))
    return out
