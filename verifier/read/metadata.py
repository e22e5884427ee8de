"""What a file says of itself: creation and modification times, author, producing software.

PDF: the Info dictionary (CreationDate, ModDate, Author, Producer else Creator), through PDFium.
DOCX/XLSX: ``docProps/core.xml`` (dcterms:created/modified, dc:creator) and ``docProps/app.xml``
(Application). ODS: ``meta.xml``. DOC/XLS: the OLE ``SummaryInformation`` property set
(olefile). These are claims made by the authoring software, cheap to forge and often stale,
which is why they only ever feed an informational finding.

Times keep the offset they are written with; one written without an offset stays naive (its
relation to UTC is unknown, and guessing +07:00 would be a guess). Any part that is missing or
malformed leaves its fields ``None``: metadata never fails a file.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import pypdfium2 as pdfium
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from verifier.read.model import FileMetadata

_MAX_PART = 256 * 1024          # core.xml is a few hundred bytes; anything this large is not one
_MAX_TEXT = 200
_PDF_DATE = re.compile(
    r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?")


def parse_pdf_date(raw: str | None) -> dt.datetime | None:
    """``D:YYYYMMDDHHmmSSOHH'mm'`` with every part after the year optional; None if not a date."""
    match = _PDF_DATE.match((raw or "").strip())
    if not match:
        return None
    year, month, day, hour, minute, second, zulu, sign, off_h, off_m = match.groups()
    try:
        moment = dt.datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
                             int(second or 0))
        if zulu:
            return moment.replace(tzinfo=dt.UTC)
        if sign:
            offset = dt.timedelta(hours=int(off_h), minutes=int(off_m or 0))
            return moment.replace(tzinfo=dt.timezone(-offset if sign == "-" else offset))
    except ValueError:
        return None
    return moment


def pdf_metadata(path: Path) -> FileMetadata | None:
    """The PDF Info dictionary's dates, author and producer; None when the file has none of them."""
    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return None
    try:
        info = doc.get_metadata_dict(skip_empty=True)
    finally:
        doc.close()
    result = FileMetadata(created=parse_pdf_date(info.get("CreationDate")),
                          modified=parse_pdf_date(info.get("ModDate")),
                          author=_clean(info.get("Author")),
                          producer=_clean(info.get("Producer")) or _clean(info.get("Creator")))
    return None if result == FileMetadata() else result


def ooxml_metadata(path: Path) -> FileMetadata | None:
    """Core and app properties of a DOCX/XLSX (the container guard has already passed)."""
    core = _part(path, "docProps/core.xml")
    app = _part(path, "docProps/app.xml")
    result = FileMetadata(
        created=_iso(_text(core, "{*}created")),
        modified=_iso(_text(core, "{*}modified")),
        author=_clean(_text(core, "{*}creator")),
        producer=_clean(_text(app, "{*}Application")),
    )
    return None if result == FileMetadata() else result


def odf_metadata(path: Path) -> FileMetadata | None:
    """``meta.xml`` of an OpenDocument file."""
    meta = _part(path, "meta.xml")
    result = FileMetadata(
        created=_iso(_text(meta, "{*}meta/{*}creation-date")),
        modified=_iso(_text(meta, "{*}meta/{*}date")),
        author=_clean(_text(meta, "{*}meta/{*}initial-creator") or _text(meta, "{*}meta/{*}creator")),
        producer=_clean(_text(meta, "{*}meta/{*}generator")),
    )
    return None if result == FileMetadata() else result


def ole_metadata(path: Path) -> FileMetadata | None:
    """The SummaryInformation property set of a Word/Excel 97-2003 file (times are UTC FILETIMEs)."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            meta = ole.get_metadata()
    except (OSError, ValueError, struct.error, IndexError, KeyError):
        return None
    codepage = meta.codepage if isinstance(meta.codepage, int) else 1252
    result = FileMetadata(created=_utc(meta.create_time), modified=_utc(meta.last_saved_time),
                          author=_clean(_decode(meta.author, codepage)),
                          producer=_clean(_decode(meta.creating_application, codepage)))
    return None if result == FileMetadata() else result


def _utc(moment: object) -> dt.datetime | None:
    if not isinstance(moment, dt.datetime) or moment.year < 1980:    # unset FILETIMEs read as 1601
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def _decode(raw: object, codepage: int) -> str | None:
    if isinstance(raw, str) or raw is None:
        return raw
    if not isinstance(raw, bytes):
        return None
    encoding = {65001: "utf-8", 1200: "utf-16-le"}.get(codepage, f"cp{codepage}")
    try:
        return raw.decode(encoding, "replace")
    except LookupError:
        return raw.decode("latin-1")


def _part(path: Path, member: str) -> Element | None:
    try:
        with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
            data = fh.read(_MAX_PART + 1)
    except (KeyError, OSError, zipfile.BadZipFile, ValueError, RuntimeError, EOFError):
        return None
    if len(data) > _MAX_PART:
        return None
    try:
        root: Element = SafeET.fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError):
        return None
    return root


def _text(root: Element | None, tag: str) -> str | None:
    if root is None:
        return None
    # Namespace wildcards: each local name is unique where it is looked for, and the namespace
    # URIs (Dublin Core's carries a version number) need not be spelled out.
    found = root.find(tag)
    return found.text if found is not None and found.text else None


def _iso(raw: str | None) -> dt.datetime | None:
    if not raw:
        return None
    try:
        return dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        return None


def _clean(raw: str | None) -> str | None:
    text = " ".join((raw or "").split())[:_MAX_TEXT]
    return text or None
