"""What a reader returns: the text of every page, how it was obtained, and the header zone."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FileKind(StrEnum):
    """The content type, decided from magic bytes, never from the extension."""

    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    DOC = "doc"
    IMAGE = "image"


class PageMethod(StrEnum):
    """How a page's text was obtained."""

    TEXT = "text"        # PDF text layer, passed the quality gate
    LEGACY = "legacy"    # PDF text layer in TCVN3/VNI, converted to Unicode
    OCR = "ocr"          # Tesseract
    DOCX = "docx"
    XLSX = "xlsx"
    DOC = "doc"          # legacy .doc converted by LibreOffice
    BLANK = "blank"      # nothing readable on the page, even after OCR


@dataclass(frozen=True)
class Notice:
    """A non-fatal observation about a file or page (a stable code plus a message)."""

    code: str
    message: str
    page: int | None = None


@dataclass(frozen=True)
class HeaderZone:
    """The Decree 30 identity block of page 1, split as it is laid out.

    ``left``: governing and issuing body, "Số: …", "V/v …" for a công văn.
    ``right``: national motto and "<place>, ngày … tháng … năm …".
    ``below``: the lines under the two columns (type name and trích yếu), a few lines at most.
    Each is normalised text with line breaks kept.
    """

    left: str
    right: str
    below: str


@dataclass(frozen=True)
class Page:
    """One page (or one sheet / one DOCX document part) of normalised text."""

    number: int                          # 1-based
    text: str                            # normalised (verifier.text.normalize), line breaks kept
    method: PageMethod
    confidence: float | None = None      # OCR mean word confidence, 0-100
    header: HeaderZone | None = None     # page 1, when the layout could be read
    dpi: int | None = None               # OCR resolution used
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class ReadResult:
    """Everything read from one evidence file."""

    file: str                            # the path or display name as given
    kind: FileKind
    sha256: str
    size: int
    pages: tuple[Page, ...]
    notices: tuple[Notice, ...] = ()
    seconds: float = 0.0

    @property
    def ocr(self) -> bool:
        return any(p.method is PageMethod.OCR for p in self.pages)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)
