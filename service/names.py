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
# A whole relative name: under RoundFile.relative's 1,000 characters and far under PATH_MAX, with room
# for the staging folder in front. Deeper than 32 folders is no real submission.
MAX_RELATIVE_BYTES = 900
MAX_DEPTH = 32
MAX_RAW_BYTES = 1024      # a name as sent: longer is no real file name, refused rather than shortened
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
    if len(raw.encode("utf-8", "surrogateescape")) > MAX_RAW_BYTES:
        raise UnsafeArchiveEntry(context, entry=f"name longer than {MAX_RAW_BYTES} bytes {raw[:80]!r}…")
    unified = raw.replace("\\", "/")
    if unified.startswith("/") or re.match(r"^[A-Za-z]:", unified):
        raise UnsafeArchiveEntry(context, entry=f"absolute path {raw!r}")
    parts = [p for p in unified.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise UnsafeArchiveEntry(context, entry=f"path escapes the folder {raw!r}")
    if len(parts) > MAX_DEPTH:
        raise UnsafeArchiveEntry(context, entry=f"more than {MAX_DEPTH} folders deep {raw[:80]!r}…")
    cleaned = [clean_component(p) for p in parts]
    cleaned = [c for c in cleaned if c]
    if not cleaned:
        raise SubmissionError(context, detail=f"tên tệp không hợp lệ / unusable file name: {raw[:80]!r}")
    joined = "/".join(cleaned)
    if len(joined.encode("utf-8")) > MAX_RELATIVE_BYTES:
        raise UnsafeArchiveEntry(context, entry=f"name longer than {MAX_RELATIVE_BYTES} bytes {raw[:80]!r}…")
    return joined


class NameSet:
    """The names of one upload so far, case-insensitively (Windows and macOS clients): refuses the same
    file twice, and a file where another entry needs a folder ("a.pdf" and "a.pdf/b.pdf"), which would
    otherwise fail on the disk with an OSError."""

    def __init__(self) -> None:
        self.files: set[str] = set()
        self.folders: set[str] = set()

    def add(self, relative: str, *, context: str) -> None:
        key = relative.casefold()
        parts = key.split("/")
        prefixes = ["/".join(parts[:i]) for i in range(1, len(parts))]
        if key in self.files:
            raise UnsafeArchiveEntry(context, entry=f"duplicate {relative!r}")
        if key in self.folders or any(p in self.files for p in prefixes):
            raise UnsafeArchiveEntry(context, entry=f"a file and a folder of the same name {relative!r}")
        self.files.add(key)
        self.folders.update(prefixes)
