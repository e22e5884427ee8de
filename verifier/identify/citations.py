"""Citations: every other document a text refers to, with the type word and date written around it.

"Căn cứ Kế hoạch số 163/KH-UBND ngày 30/12/2022", "Kế hoạch số 130/KH-UBND, ngày 29/8/2023",
"Nghị định 33/2023/NĐ-CP", "Kế hoạch số 146-KH/HU ngày 10/11/2023". Running text is scanned
strictly (no OCR digit guessing): a false citation costs more than a missed one here, because
rules compare cited numbers and dates against the evidence.
"""

from __future__ import annotations

import re

from verifier.identify.dates import date_after
from verifier.identify.doctypes import TYPE_NAMES, loose
from verifier.identify.model import Citation
from verifier.identify.numbers import iter_numbers
from verifier.text import one_line

# Words that introduce a cited document besides the Decree 30 type names.
_EXTRA_TYPES = ("Văn bản", "Luật", "Nghị quyết liên tịch", "Thông tư liên tịch", "Quy định", "Công văn",
                "Kết luận", "Thông tri")
_TYPE_WORDS = sorted({*TYPE_NAMES.values(), *_EXTRA_TYPES}, key=len, reverse=True)
_TYPES = "|".join(loose(t) for t in _TYPE_WORDS)
_SO = rf"{loose('số')}\s*[:.]?\s*"
# The type word right before the number, possibly doubled by a copy-paste slip.
_TYPE_RIGHT_BEFORE = re.compile(rf"(?<!\w)(?P<type>{_TYPES})\s*(?:{_SO})?$")
# "Báo cáo quý III số 363/BC-UBND": a few plain words may sit between the type word and "số".
_TYPE_THEN_SO = re.compile(rf"(?s).*(?<!\w)(?P<type>{_TYPES})(?:\s+[^\s/;,.()]+){{1,3}}?\s+{_SO}$")
_SO_ONLY = re.compile(rf"(?<!\w){_SO}$")
_WINDOW = 80


def _in_url(text: str, start: int) -> bool:
    """True when the number sits inside a URL or a path (no space between them)."""
    token_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start), text.rfind("\t", 0, start)) + 1
    token = text[token_start:start].lower()
    return "://" in token or "www." in token or token.count("/") >= 2


def _lead(before: str) -> tuple[str | None, int]:
    """The type word (if any) and how many characters of ``before`` belong to the citation."""
    m = _TYPE_RIGHT_BEFORE.search(before) or _TYPE_THEN_SO.search(before)
    if m:
        return one_line(m.group("type")), len(before) - m.start("type")
    so = _SO_ONLY.search(before)
    return None, (len(before) - so.start()) if so else 0


def find_citations(text: str, page: int = 1) -> tuple[Citation, ...]:
    """Every document ``text`` cites, left to right, each with its date when one is written."""
    if not text:
        return ()
    found: list[Citation] = []
    for match in iter_numbers(text):
        if _in_url(text, match.start):
            continue
        before = text[max(0, match.start - _WINDOW):match.start]
        type_name, lead = _lead(before)
        when = date_after(text, match.end)
        end = when.end if when is not None else match.end
        source = one_line(text[match.start - lead:end])
        found.append(Citation(number=match.number, date=when.date if when else None,
                              type_name=type_name, page=page, source=source))
    return tuple(found)
