"""Identifying a document: its own number, type, issuer, place, date and title, and its citations;
and the documents a file holds (bundles, plans issued by a decision)."""

from verifier.identify.citations import find_citations
from verifier.identify.dates import find_dates
from verifier.identify.doctypes import TYPE_NAMES
from verifier.identify.header import identify
from verifier.identify.numbers import parse_number
from verifier.identify.split import identify_documents

__all__ = ["TYPE_NAMES", "find_citations", "find_dates", "identify", "identify_documents", "parse_number"]
