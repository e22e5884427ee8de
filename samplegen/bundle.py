"""Several documents in one PDF, as units merge them ("TLKC tiêu chí 1.2.1.pdf").

PDFium copies the pages as they are (text layers, images, fonts); the trailer's random /ID is
replaced by a digest of the parts, and the clock's creation date by a fixed one of the same
length, so the same parts always give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence

import pypdfium2 as pdfium

_ID = re.compile(rb"/ID\s*\[\s*<[0-9A-Fa-f]{32}>\s*<[0-9A-Fa-f]{32}>\s*\]")
_CREATED = re.compile(rb"/CreationDate\(D:\d{14}[+-Z]\d{2}'\d{2}'\)")
FIXED_CREATED = b"/CreationDate(D:20240101000000+00'00')"   # same length: the xref offsets stay right


def merge_pdfs(parts: Sequence[bytes]) -> bytes:
    """One PDF holding every page of ``parts``, in order; byte-identical for the same parts."""
    out = pdfium.PdfDocument.new()
    sources = [pdfium.PdfDocument(data) for data in parts]
    try:
        for src in sources:
            out.import_pages(src)
        buf = io.BytesIO()
        out.save(buf)
    finally:
        for src in sources:
            src.close()
        out.close()
    digest = hashlib.sha256(b"".join(hashlib.sha256(p).digest() for p in parts)).hexdigest()[:32].upper()
    fixed = f"/ID[<{digest}><{digest}>]".encode()
    data, count = _ID.subn(lambda _m: fixed, buf.getvalue())
    data, dated = _CREATED.subn(lambda _m: FIXED_CREATED, data)
    if count != 1 or dated > 1:
        raise ValueError(f"expected one trailer /ID and one creation date in the merged PDF, found {count}, {dated}")
    return data
