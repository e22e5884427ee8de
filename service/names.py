"""Client file names as display data: NFC, no control characters, no path tricks.

A name from a client (a multipart filename, a zip entry) is split into components, each component
is cleaned, and components that could climb out of a folder are refused. The result is only ever
used as a label and as a path *inside a temporary folder the service created*, never as a path
the client chose.
"""

from __future__ import annotations

import re
import unicodedata

from verifier.errors import SubmissionError, UnsafeArchiveEntry

_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\]')
_MAX_COMPONENT_BYTES = 200
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def clean_component(raw: str) -> str:
    """One path component made safe to show and to create; '' when nothing usable is left."""
    text = unicodedata.normalize("NFC", raw)
    text = _FORBIDDEN.sub("_", text)
    text = " ".join(text.split()).strip(" .")
    if text.split(".")[0].upper() in _RESERVED:
        text = f"_{text}"
    encoded = text.encode("utf-8")
    if len(encoded) > _MAX_COMPONENT_BYTES:
        stem, dot, ext = text.rpartition(".")
        if not dot or len(ext) > 10:
            stem, ext = text, ""
        room = _MAX_COMPONENT_BYTES - (len(ext.encode("utf-8")) + 1 if ext else 0)
        cut = stem.encode("utf-8")[:room].decode("utf-8", "ignore")
        text = f"{cut}.{ext}" if ext else cut
    return text


def safe_relative(raw: str, *, context: str) -> str:
    """'evidence\\1.1.1\\KH 163.pdf' -> 'evidence/1.1.1/KH 163.pdf'; refuses absolute or '..' names."""
    unified = raw.replace("\\", "/")
    if unified.startswith("/") or re.match(r"^[A-Za-z]:", unified):
        raise UnsafeArchiveEntry(context, entry=f"absolute path {raw!r}")
    parts = [p for p in unified.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise UnsafeArchiveEntry(context, entry=f"path escapes the folder {raw!r}")
    cleaned = [clean_component(p) for p in parts]
    cleaned = [c for c in cleaned if c]
    if not cleaned:
        raise SubmissionError(context, detail=f"tên tệp không hợp lệ / unusable file name: {raw!r}")
    return "/".join(cleaned)
