"""Evidence file names listed inside an explanation or opinion cell.

The export lists uploads as text: "Tài liệu kiểm chứng: - Kế hoạch 45. Chuyển đổi số 2023.pdf - BC ...pdf".
Names contain spaces, dots, commas, parentheses and even " - " ("VB - UBND huyện ... (BS).pdf"), so a
list is cut at each file extension, not at the dashes. After a "Tài liệu ...:" heading everything up
to the extension belongs to the name; elsewhere a name starts after the nearest bullet or colon.
"""

from __future__ import annotations

import re

_EXT = r"(?:pdf|docx|doc|xlsx|xls|jpeg|jpg|png)"
_NAME_END = re.compile(rf"\.{_EXT}(?![\w])", re.I)
_HEADING = re.compile(r"Tài liệu(?:\s+kiểm chứng)?\s*:", re.I)
# A heading's list ends where the next labelled part of the cell starts.
_NEXT_PART = re.compile(r"(?:Ý kiến|Giải trình|Tài liệu(?:\s+kiểm chứng)?)\s*:", re.I)
_LEAD = re.compile(r"^[\s\-:;,.•]+")
_FREE_START = re.compile(r"(?:^|\n|(?<=\s)-\s|:\s)", re.M)


def _names_in_list(region: str) -> list[str]:
    names: list[str] = []
    start = 0
    for m in _NAME_END.finditer(region):
        piece = region[start:m.end()]
        start = m.end()
        name = _LEAD.sub("", piece.split("\n")[-1]).strip()
        if len(name) > len(m.group()):
            names.append(name)
    return names


def _free_names(text: str) -> list[str]:
    names: list[str] = []
    floor = 0
    for m in _NAME_END.finditer(text):
        starts = [s.end() for s in _FREE_START.finditer(text, floor, m.start())]
        begin = max(starts) if starts else floor
        floor = m.end()
        name = _LEAD.sub("", text[begin:m.end()]).strip()
        if len(name) > len(m.group()):
            names.append(name)
    return names


def find_attachments(*cells: str) -> tuple[str, ...]:
    """File names listed in the given (cleaned) cells, in order, without duplicates."""
    found: list[str] = []
    for text in cells:
        headings = list(_HEADING.finditer(text))
        if not headings:
            found.extend(_free_names(text))
            continue
        found.extend(_free_names(text[:headings[0].start()]))
        for h in headings:
            nxt = _NEXT_PART.search(text, h.end())
            found.extend(_names_in_list(text[h.end():nxt.start() if nxt else len(text)]))
    return tuple(dict.fromkeys(found))
