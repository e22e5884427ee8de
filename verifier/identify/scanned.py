"""Repairs for what OCR does to a scanned Decree 30 header, and only to a scan.

Measured on scanned bundles (docs/evidence.md, "Measures"): specks read as marks or single letters
around a body name, the locality line read apart from "ỦY BAN NHÂN DÂN", and a symbol's small type
code misread under a heading printed large and bold. A text layer is never repaired here: there a
mismatch is what the document says.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from verifier.identify.doctypes import loose
from verifier.identify.model import NumberKind
from verifier.identify.numbers import NumberMatch, parse_number

TYPE_FROM_HEADING = "type code from the heading"
ISSUER_TAIL = " .,;:_-'`ˆ"     # "HUYỆN KON RẪY." : a speck, a body name has no full stop

# A council's name alone ("ỦY BAN NHÂN DÂN") needs the line naming its locality ("HUYỆN …").
_COUNCIL = re.compile(r"^(?:{})$".format("|".join(loose(w) for w in (
    "ỦY BAN NHÂN DÂN", "UBND", "HỘI ĐỒNG NHÂN DÂN", "HĐND"))))
_LOCALITY = re.compile(r"^(?:{})(?!\w)".format("|".join(loose(w) for w in (
    "TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "THỊ TRẤN", "XÃ", "PHƯỜNG", "ĐẶC KHU"))))


def unspecked(line: str) -> str:
    """An OCR'd upper-case body line without its specks: tokens with no capital that are a single
    letter or hold a mark ("ò_`_", "ˆ.", "ị"); a lower-case word ("và") stays."""
    kept = [t for t in line.split() if any(c.isupper() or c.isdigit() for c in t)
            or (len(t) > 1 and t.isalpha())]
    return " ".join(kept)


def with_locality(bodies: list[list[str]], after: list[str]) -> list[str]:
    """The last body, joined to its locality when it is a council's name alone: "HUYỆN KON RẪY" /
    "ỦY BAN NHÂN DÂN" (the locality read first), or "ỦY BAN NHÂN DÂN" / "Số: …" / "HUYỆN KON RẪY"
    (read after the number line; ``after`` holds the lines below the block)."""
    last = bodies[-1]
    if len(last) != 1 or not _COUNCIL.match(last[0]):
        return last
    before = next((b[0] for b in reversed(bodies[:-1]) if len(b) == 1 and _LOCALITY.match(b[0])), None)
    below = next((s for s in after if _LOCALITY.match(s)), None)
    locality = before or below
    return [*last, unspecked(locality)] if locality else last


def type_from_heading(match: NumberMatch, heading: str) -> NumberMatch | None:
    """"76/TIr-UBND" under "TỜ TRÌNH" is 76/TTr-UBND: a type code one letter from the heading's code;
    None when there is nothing to repair. The repair is named in the number's warning."""
    number = match.number
    if number.kind is NumberKind.PARTY:
        return None
    first, *rest = number.symbol.split("-")
    if first == heading or not rest or Levenshtein.distance(first, heading, score_cutoff=1) > 1:
        return None
    year = f"{number.year}/" if number.year is not None else ""
    suffix = f"({number.suffix})" if number.suffix else ""
    fixed = parse_number(f"{number.number}/{year}{'-'.join([heading, *rest])}{suffix}")
    if fixed is None or fixed.type_code != heading:
        return None
    return NumberMatch(fixed, match.start, match.end, (*match.repairs, TYPE_FROM_HEADING))
