"""One evidence file of a submission: what was read from it and who it says it is.

This is where reading and identifying meet: :func:`extract_evidence` reads a file, identifies the
document, and when an OCR'd page 1 gives no number or date, re-reads that page at the retry
resolution before giving up. A file that cannot be read becomes an Evidence with ``error`` set,
so one bad file never stops the rest of a submission.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from verifier.errors import VerifierError
from verifier.identify.model import Document, Identity
from verifier.read.model import ReadResult


@dataclass(frozen=True)
class ErrorInfo:
    """A VerifierError frozen into data (it must survive caching and serialisation)."""

    code: str
    message_vi: str
    message_en: str

    @classmethod
    def of(cls, err: VerifierError) -> ErrorInfo:
        return cls(err.code, err.message_vi, err.message_en)

    def one_line(self) -> str:
        return f"[{self.code}] {self.message_vi} / {self.message_en}"


@dataclass(frozen=True)
class Evidence:
    """An evidence file, read and identified, or the error that stopped it."""

    file: str                        # path relative to the submission root: "evidence/1.1.1/KH 163.pdf"
    folder_code: str | None          # "1.1.1" when filed under evidence/<code>/, None when unsorted
    sha256: str | None
    read: ReadResult | None
    identity: Identity | None            # the first document's identity (documents[0])
    error: ErrorInfo | None = None
    documents: tuple[Document, ...] = ()  # every document found in the file, in page order

    @property
    def ok(self) -> bool:
        return self.error is None and self.read is not None

    @property
    def parts(self) -> tuple[Document, ...]:
        """The documents to match: ``documents`` when they were found, else one over the whole file
        (evidence built before bundles were split, or by a caller that identified the file alone)."""
        if self.documents:
            return self.documents
        if self.read is None or self.identity is None:
            return ()
        first = self.read.pages[0].number if self.read.pages else 1
        last = self.read.pages[-1].number if self.read.pages else 1
        return (Document((first, last), self.identity),)


def folder_code_of(relative: Path) -> str | None:
    """'evidence/1.1.1/x.pdf' -> '1.1.1'; 'evidence/x.pdf' -> None."""
    parts = relative.parts
    if len(parts) >= 3 and parts[0] == "evidence":
        return parts[1]
    return None
