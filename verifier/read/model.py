"""What a reader returns: the text of every page, how it was obtained, and the header zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class FileKind(StrEnum):
    """The content type, decided from magic bytes, never from the extension."""

    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    DOC = "doc"
    IMAGE = "image"
    XLS = "xls"          # Excel 97-2003 binary workbook
    ODS = "ods"          # OpenDocument spreadsheet


SPREADSHEETS = frozenset({FileKind.XLSX, FileKind.XLS, FileKind.ODS})


class PageMethod(StrEnum):
    """How a page's text was obtained."""

    TEXT = "text"        # PDF text layer, passed the quality gate
    LEGACY = "legacy"    # PDF text layer in TCVN3/VNI, converted to Unicode
    OCR = "ocr"          # Tesseract
    DOCX = "docx"
    XLSX = "xlsx"
    DOC = "doc"          # legacy .doc converted by LibreOffice
    XLS = "xls"
    ODS = "ods"
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
class Word:
    """A word and its box on the page, as fractions of the page (0..1, origin top-left).

    Kept with the extraction so that a page picture can place its highlight boxes without reading
    the page a second time (Tesseract TSV for scans, PDFium character boxes for text pages).
    """

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float | None = None      # OCR word confidence, 0-100; None for a text layer


class Modification(StrEnum):
    """What changed in a PDF after a signature, from pyHanko's difference analysis."""

    NONE = "none"                  # nothing, or only signature-archival data (DSS, timestamps)
    FORM_FILLING = "form_filling"  # form fields filled, further signatures added
    ANNOTATIONS = "annotations"    # comments, stamps and other annotations added or changed
    OTHER = "other"                # anything else: the page content itself may differ


@dataclass(frozen=True)
class Signature:
    """One digital signature of a PDF, as read from its signature dictionary.

    ``valid`` is the certificate chain's verdict against the configured trust roots, and ``None``
    when no trust roots are configured: never a guess. ``covers_whole_file`` is False when bytes
    were appended after the signed revision (an incremental update the signature does not cover).
    """

    signer: str | None                   # certificate subject common name
    organization: str | None             # certificate subject organisation (O, else OU)
    signed_at: dt.datetime | None        # signing time with its offset
    covers_whole_file: bool
    valid: bool | None
    intact: bool | None = None           # the digest over the signed byte range matches
    modification: str | None = None      # after signing: none | form_filling | annotations | other
    field: str | None = None             # the signature field's name
    page: int | None = None              # the page of the visible signature, when it has one


@dataclass(frozen=True)
class FileMetadata:
    """What the file says of itself (PDF info, OOXML core properties), for integrity checks."""

    created: dt.datetime | None = None
    modified: dt.datetime | None = None
    author: str | None = None
    producer: str | None = None


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
    # word boxes, for page pictures (may be empty); decoded from a stored extraction only when first
    # used (verifier/serialize.py): tens of thousands of them on a district, and a check reads none
    words: tuple[Word, ...] = field(default=(), metadata={"lazy": True})
    complete: bool = True                # False: only the top band was read so far (header-first OCR)
    read_to: float = 1.0                 # share of the page height read from the top (< 1: header-first)
    overlay: str = ""                    # text drawn over the page: annotation appearances, stamps
    overlay_words: tuple[Word, ...] = ()  # the overlay's words with their boxes (fractions of the page)


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
    signatures: tuple[Signature, ...] = ()   # PDFs only; empty when unsigned
    metadata: FileMetadata | None = None

    @property
    def ocr(self) -> bool:
        return any(p.method is PageMethod.OCR for p in self.pages)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)
