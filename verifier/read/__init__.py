"""Reading evidence files into per-page normalised text (OCR for scans).

:func:`read_file` is the one entry point: it refuses empty and oversized files before reading
them, decides the type from the content (never the extension), hashes the file, and hands it to
the reader for its type under a per-file deadline. Whatever goes wrong inside a reader library
comes out as a typed :class:`~verifier.errors.VerifierError`, never a raw traceback.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from verifier.errors import CorruptFile, EmptyFile, FileTooLarge, MemoryLimit, NotRegularFile, VerifierError
from verifier.limits import Limits, ReadSettings
from verifier.read.facts import file_facts
from verifier.read.model import FileKind, Notice, Page, ReadResult
from verifier.read.sniff import extension_notice, sniff
from verifier.text import one_line

EXTRACTOR_VERSION = "read-1"

_CHUNK = 64 * 1024
_T = TypeVar("_T")
Reader = Callable[[Path, str, ReadSettings, float], tuple[tuple[Page, ...], tuple[Notice, ...]]]

__all__ = ["EXTRACTOR_VERSION", "check_regular_file", "complete_read", "read_file", "reread_page", "safe_name",
           "sha256_file"]


def safe_name(name: str) -> str:
    """``name`` as it can be shown and stored: the bytes of a name that is not UTF-8 (Python carries
    them as surrogate escapes) become U+FFFD, so JSON output and the cache can encode it (F09)."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "replace").decode("utf-8")


def check_regular_file(path: Path, name: str) -> None:
    """Refuse anything but a regular file (after symlinks): reading a device or FIFO never ends."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise CorruptFile(file=name, detail=f"cannot open: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(mode):
        kind = ("folder" if stat.S_ISDIR(mode) else "FIFO" if stat.S_ISFIFO(mode) else
                "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "socket" if stat.S_ISSOCK(mode) else "other")
        raise NotRegularFile(file=name, kind=kind)


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of the file, read in 64 KiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_file(path: Path, settings: ReadSettings | None = None, name: str | None = None,
              sha256: str | None = None, header_only: bool = False) -> ReadResult:
    """Every page of one evidence file, or a typed VerifierError naming ``name``.

    ``sha256``: the content hash when the caller already computed it (for a cache key), so the
    file is not read twice for it. ``header_only``: scanned PDF pages are read in their top band
    only (header-first reading, docs/reading.md); :func:`complete_read` reads the rest later.
    """
    settings = settings or ReadSettings.from_env()
    name = name or path.name
    started = time.monotonic()
    try:
        size = _checked_size(path, name, settings.limits)
        kind = _guarded(name, sniff, path, name, settings.limits)
        digest = sha256 or _guarded(name, sha256_file, path)
        deadline = started + settings.limits.file_timeout_s
        reader = _reader(kind)
        if header_only and kind is FileKind.PDF:
            from verifier.read.pdf import read_pdf
            reader = functools.partial(read_pdf, header_only=True)
        pages, reader_notices = _guarded(name, reader, path, name, settings, deadline)
        facts = file_facts(path, name, kind, settings, deadline)
    except VerifierError as err:
        # A library's message can span lines (lxml: "...\n, line 2, column 3139"): one line (F11).
        err.detail = one_line(err.detail)
        raise
    mismatch = extension_notice(name, kind)
    notices = ((mismatch,) if mismatch else ()) + tuple(reader_notices) + facts.notices
    return ReadResult(file=name, kind=kind, sha256=digest, size=size, pages=pages, notices=notices,
                      seconds=round(time.monotonic() - started, 4), signatures=facts.signatures,
                      metadata=facts.metadata)


def complete_read(path: Path, read: ReadResult, pages: set[int] | None = None,
                  settings: ReadSettings | None = None) -> ReadResult:
    """``read`` with its header-only pages (those in ``pages``; None: every one) read to the end.

    Completed in place: only what lies below each page's band is read, the rest of the result is
    kept as it is (no second reading of the file from scratch).
    """
    if all(p.complete for p in read.pages if pages is None or p.number in pages):
        return read
    settings = settings or ReadSettings.from_env()
    from verifier.read.pdf import complete_pdf

    deadline = time.monotonic() + settings.limits.file_timeout_s
    started = time.monotonic()
    done = _guarded(read.file, complete_pdf, path, read.file, read.pages, pages, settings, deadline)
    return dataclasses.replace(read, pages=done, seconds=round(read.seconds + time.monotonic() - started, 4))


def reread_page(path: Path, page_number: int, dpi: int, settings: ReadSettings | None = None,
                name: str | None = None) -> Page:
    """Page ``page_number`` (1-based) again: OCR at ``dpi`` for PDFs and images.

    DOCX, workbooks and DOC have no resolution to change, so their page is simply read again.
    """
    settings = settings or ReadSettings.from_env()
    name = name or path.name
    _checked_size(path, name, settings.limits)
    kind = _guarded(name, sniff, path, name, settings.limits)
    if kind in (FileKind.PDF, FileKind.IMAGE):
        from verifier.read.ocr import reocr_page

        page: Page = _guarded(name, reocr_page, path, name, page_number, dpi, settings)
        return page
    pages = read_file(path, settings, name).pages
    if not 1 <= page_number <= len(pages):
        raise ValueError(f"{name} has {len(pages)} page(s); no page {page_number}")
    return pages[page_number - 1]


def _checked_size(path: Path, name: str, limits: Limits) -> int:
    """The size in bytes, refusing empty and oversized files before their content is read."""
    check_regular_file(path, name)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CorruptFile(file=name, detail=f"cannot open: {exc.strerror or exc}") from exc
    if size == 0:
        raise EmptyFile(file=name)
    if size > limits.max_file_bytes:
        raise FileTooLarge(file=name, size=size, limit=limits.max_file_bytes)
    return size


def _reader(kind: FileKind) -> Reader:
    # Imported on demand: a DOCX-only caller should not pay for PDFium and the OCR stack.
    if kind is FileKind.PDF:
        from verifier.read.pdf import read_pdf
        pdf: Reader = read_pdf
        return pdf
    if kind is FileKind.IMAGE:
        from verifier.read.image import read_image
        image: Reader = read_image
        return image
    if kind is FileKind.DOCX:
        from verifier.read.docx import read_docx
        return read_docx
    if kind is FileKind.XLSX:
        from verifier.read.xlsx import read_xlsx
        return read_xlsx
    if kind is FileKind.XLS:
        from verifier.read.xlsx import read_xls
        return read_xls
    if kind is FileKind.ODS:
        from verifier.read.xlsx import read_ods
        return read_ods
    from verifier.read.doc import read_doc
    return read_doc


def _guarded(name: str, fn: Callable[..., _T], *args: object) -> _T:
    """Call ``fn``; a VerifierError passes through, anything else becomes CorruptFile.

    A MemoryError is the reader process's memory cap (verifier/isolate.py), not corruption. Library
    messages can hold line breaks (lxml's "line 2, column 3139"): the detail is made one line.
    """
    try:
        return fn(*args)
    except VerifierError:
        raise
    except MemoryError as exc:
        from verifier.limits import Limits

        raise MemoryLimit(file=name, limit_mb=Limits.from_env().child_memory_bytes // 2**20) from exc
    except Exception as exc:
        raise CorruptFile(file=name, detail=one_line(f"{type(exc).__name__}: {exc}")[:160]) from exc
