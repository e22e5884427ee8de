"""Finding a document an explanation cites among the evidence: by number and symbol, then date.

Numbers restart every year (Decree 30, Điều 15), so "163/KH-UBND" alone can name several
documents; the date written with the citation decides between them. A cited number found with
another date is a contradiction the council must see; one not found at all is a claim no
evidence backs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from verifier.identify.model import Citation, NumberKind
from verifier.match.documents import DocView, number_key
from verifier.text import fold

# A cited number that matches nothing is taken for a slip when a document of the same symbol and
# date is one edit away and speaks of the same subject. Tuned on constructed cases only
# (tests/match); unconfirmed by a council.
NEAR_NUMBER_EDITS = 1
NEAR_SUBJECT = 70.0      # rapidfuzz token_set_ratio, cited subject vs the document's trích yếu
MIN_SUBJECT_WORDS = 3


class Lookup(StrEnum):
    FOUND = "found"                  # same number and symbol, same date (or no date to compare)
    DATE_DIFFERS = "date_differs"    # same number and symbol, another date
    TYPE_DIFFERS = "type_differs"    # same number, but the document is of another type
    NUMBER_DIFFERS = "number_differs"  # no such number, but a document of the same type, date and subject
    NOT_FOUND = "not_found"
    NOT_EVIDENCE = "not_evidence"    # a legal normative document: a basis, not something to upload


@dataclass(frozen=True)
class CitedLookup:
    citation: Citation
    result: Lookup
    view: DocView | None = None


# Documents of the Government, the Prime Minister, ministries and the National Assembly, and the
# legal normative types: they are the legal basis a unit cites, not evidence it is expected to upload.
NATIONAL_ISSUERS = frozenset({"CP", "TTg", "QH", "UBTVQH", "VPCP", "BNV", "BTC", "BTP", "BTTTT", "BKHĐT"})
LEGAL_TYPES = frozenset({"NĐ", "TT", "TTLT", "NQLT", "L"})


def is_legal_basis(citation: Citation) -> bool:
    num = citation.number
    return (num.kind is NumberKind.LEGAL or num.type_code in LEGAL_TYPES
            or (num.issuer_code or "").split("-")[0] in NATIONAL_ISSUERS)


class DocIndex:
    """Evidence documents by (number, symbol)."""

    def __init__(self, views: Iterable[DocView]) -> None:
        self._by_key: dict[tuple[str, str], list[DocView]] = defaultdict(list)
        self._by_symbol: dict[str, list[DocView]] = defaultdict(list)
        for v in views:
            if v.key is not None:
                self._by_key[v.key].append(v)
                self._by_symbol[v.key[1]].append(v)

    def get(self, number: str, symbol: str) -> tuple[DocView, ...]:
        return tuple(self._by_key.get(number_key(number, symbol), ()))

    def near_miss(self, citation: Citation, subject: str = "") -> DocView | None:
        """The document the citation most likely means when its number matches none: same symbol
        (type and issuer), same date, a number one keystroke away, and the same subject. Without a
        subject there is no telling: an office gives consecutive numbers on the same day
        (docs/evidence.md, "Citations that almost match")."""
        num = citation.number
        if len(fold(subject).split()) < MIN_SUBJECT_WORDS:
            return None
        best: tuple[float, DocView] | None = None
        for v in self._by_symbol.get(num.symbol, ()):
            if v.key is None or citation.date is None or v.date != citation.date:
                continue
            if Levenshtein.distance(num.number.lstrip("0"), v.key[0]) > NEAR_NUMBER_EDITS:
                continue
            topic = fuzz.token_set_ratio(fold(subject), v.title_text)
            if topic >= NEAR_SUBJECT and (best is None or topic > best[0]):
                best = (topic, v)
        return best[1] if best else None

    def lookup(self, citation: Citation, subject: str = "") -> CitedLookup:
        """``subject``: what the citing text says the document is about ("về cải cách hành chính …")."""
        num = citation.number
        if is_legal_basis(citation):
            return CitedLookup(citation, Lookup.NOT_EVIDENCE)
        same = self.get(num.number, num.symbol)
        if not same:
            near = self.near_miss(citation, subject)
            if near is not None:
                return CitedLookup(citation, Lookup.NUMBER_DIFFERS, near)
            return CitedLookup(citation, Lookup.NOT_FOUND)
        if citation.date is None:
            return CitedLookup(citation, Lookup.FOUND, same[0])
        dated = [v for v in same if v.date == citation.date]
        if dated:
            view = dated[0]
            issued_by = view.attached_to == num.text     # the plan issued by the cited decision
            if num.type_code and view.type_code and view.type_code not in (num.type_code, "CV") and not issued_by:
                return CitedLookup(citation, Lookup.TYPE_DIFFERS, view)
            return CitedLookup(citation, Lookup.FOUND, view)
        known = [v for v in same if v.date is not None]
        if not known:   # the document's own date could not be read: nothing to contradict
            return CitedLookup(citation, Lookup.FOUND, same[0])
        return CitedLookup(citation, Lookup.DATE_DIFFERS, known[0])
