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

from verifier.identify.model import Citation, NumberKind
from verifier.match.documents import DocView, number_key


class Lookup(StrEnum):
    FOUND = "found"                  # same number and symbol, same date (or no date to compare)
    DATE_DIFFERS = "date_differs"    # same number and symbol, another date
    TYPE_DIFFERS = "type_differs"    # same number, but the document is of another type
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
        for v in views:
            if v.key is not None:
                self._by_key[v.key].append(v)

    def get(self, number: str, symbol: str) -> tuple[DocView, ...]:
        return tuple(self._by_key.get(number_key(number, symbol), ()))

    def lookup(self, citation: Citation) -> CitedLookup:
        num = citation.number
        if is_legal_basis(citation):
            return CitedLookup(citation, Lookup.NOT_EVIDENCE)
        same = self.get(num.number, num.symbol)
        if not same:
            return CitedLookup(citation, Lookup.NOT_FOUND)
        if citation.date is None:
            return CitedLookup(citation, Lookup.FOUND, same[0])
        dated = [v for v in same if v.date == citation.date]
        if dated:
            view = dated[0]
            if num.type_code and view.type_code and view.type_code not in (num.type_code, "CV"):
                return CitedLookup(citation, Lookup.TYPE_DIFFERS, view)
            return CitedLookup(citation, Lookup.FOUND, view)
        known = [v for v in same if v.date is not None]
        if not known:   # the document's own date could not be read: nothing to contradict
            return CitedLookup(citation, Lookup.FOUND, same[0])
        return CitedLookup(citation, Lookup.DATE_DIFFERS, known[0])
