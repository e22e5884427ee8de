"""Rewrite an OOXML zip so it is byte-identical on every run: fixed entry dates, fixed core dates."""

from __future__ import annotations

import io
import re
import zipfile

FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
# Before every printed date of the samples: an office file created after its printed date is a
# finding (suspicious_metadata, docs/evidence.md), which a sample must plant, not carry by accident.
FIXED_CORE_TIME = "2020-01-01T00:00:00Z"
_CORE_DATE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def freeze(data: bytes) -> bytes:
    """Same entries in the same order, with fixed timestamps inside and outside the XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_DATE.sub(rb"\g<1>" + FIXED_CORE_TIME.encode() + rb"\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, body)
    return out.getvalue()
