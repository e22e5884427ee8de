"""Guards on OOXML (zip) containers, run before python-docx, openpyxl or lxml see a byte.

Two kinds of attack hide in a DOCX/XLSX: a zip whose central directory promises gigabytes
(too many entries, huge or absurdly compressible entries, path tricks), and XML parts that
declare a DTD or entities (billion laughs, XXE). The first is caught from the central directory
alone, without decompressing anything; the second by streaming each XML part through a capped
reader and refusing any ``<!DOCTYPE`` or ``<!ENTITY``, which no legitimate Office part contains.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path, PurePosixPath

from verifier.errors import ArchiveBomb, CorruptFile, UnsafeXml
from verifier.limits import Limits

_RATIO_MIN_BYTES = 1024 * 1024     # small parts compress far beyond any sane ratio (runs of spaces)
_CHUNK = 64 * 1024
_UNSAFE_MARKERS = (b"<!doctype", b"<!entity")
# Parts may be UTF-16 with a BOM; lxml honours that, so the markers are looked for in all three.
_PATTERNS = tuple(m.decode("ascii").encode(enc) for m in _UNSAFE_MARKERS
                  for enc in ("ascii", "utf-16-le", "utf-16-be"))
_OVERLAP = max(len(p) for p in _PATTERNS) - 1
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
               NotImplementedError, RuntimeError, zlib.error)


def check_container(path: Path, name: str, limits: Limits) -> tuple[zipfile.ZipInfo, ...]:
    """The entries of a zip that passes the central-directory limits, else ArchiveBomb/CorruptFile."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = tuple(zf.infolist())
    except _ZIP_ERRORS as exc:
        raise CorruptFile(file=name, detail=f"zip: {exc}"[:160]) from exc
    if len(infos) > limits.zip_max_entries:
        raise ArchiveBomb(file=name, detail=f"{len(infos)} entries > {limits.zip_max_entries}")
    total = 0
    seen: set[str] = set()
    for info in infos:
        _check_entry(info, name, limits)
        if info.filename in seen:
            raise ArchiveBomb(file=name, detail=f"duplicate entry {info.filename!r}"[:160])
        seen.add(info.filename)
        total += info.file_size
        if total > limits.zip_max_total_bytes:
            raise ArchiveBomb(file=name, detail=f"total > {limits.zip_max_total_bytes} bytes")
    return infos


def _check_entry(info: zipfile.ZipInfo, name: str, limits: Limits) -> None:
    entry = info.filename
    if info.flag_bits & 0x1:
        raise ArchiveBomb(file=name, detail=f"encrypted entry {entry!r}"[:160])
    if _unsafe_path(entry):
        raise ArchiveBomb(file=name, detail=f"unsafe entry path {entry!r}"[:160])
    if info.file_size > limits.zip_max_entry_bytes:
        raise ArchiveBomb(file=name, detail=f"entry {entry!r} is {info.file_size} bytes"[:160])
    if info.file_size >= _RATIO_MIN_BYTES and \
            info.file_size > limits.zip_max_ratio * max(info.compress_size, 1):
        ratio = info.file_size / max(info.compress_size, 1)
        raise ArchiveBomb(file=name, detail=f"entry {entry!r} compression ratio {ratio:.0f}"[:160])


def _unsafe_path(entry: str) -> bool:
    if entry.startswith(("/", "\\")) or "\x00" in entry:
        return True
    parts = PurePosixPath(entry.replace("\\", "/")).parts
    return ".." in parts or (bool(parts) and len(parts[0]) == 2 and parts[0][1] == ":")


def check_xml_parts(path: Path, name: str) -> None:
    """UnsafeXml if any XML-looking entry declares a DTD or an entity. Call after check_container."""
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if not info.is_dir() and _declares_dtd(zf, info):
                    raise UnsafeXml(file=name, detail=info.filename[:120])
    except _ZIP_ERRORS as exc:
        raise CorruptFile(file=name, detail=f"zip: {exc}"[:160]) from exc


def _declares_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    with zf.open(info) as fh:
        # ZipExtFile never yields more than the declared (already capped) file_size.
        chunk = fh.read(_CHUNK)
        if not _looks_like_xml(chunk):
            return False
        tail = b""
        while chunk:
            window = (tail + chunk).lower()
            if any(p in window for p in _PATTERNS):
                return True
            tail = window[-_OVERLAP:]
            chunk = fh.read(_CHUNK)
    return False


def _looks_like_xml(head: bytes) -> bool:
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            return True
    return head.lstrip(b" \t\r\n").startswith((b"<", b"\x00<"))


def guard_ooxml(path: Path, name: str, limits: Limits) -> tuple[zipfile.ZipInfo, ...]:
    """Every OOXML guard: container limits, then the XML scan. Returns the entries."""
    infos = check_container(path, name, limits)
    check_xml_parts(path, name)
    return infos


def read_capped(path: Path, member: str, cap: int) -> bytes:
    """At most ``cap`` bytes of one entry, or b"" when it is absent."""
    with zipfile.ZipFile(path) as zf:
        try:
            with zf.open(member) as fh:
                return fh.read(cap)
        except KeyError:
            return b""
