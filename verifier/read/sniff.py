"""Deciding what a file is from its bytes; the extension is only compared, never trusted.

Uploads are renamed, re-saved and mislabelled all the time ("KH 163.pdf" that is really a DOCX),
so the content type comes from magic bytes alone. A zip is opened (central directory only, after
the container guard) to tell DOCX from XLSX; an OLE2 file is checked for a ``WordDocument``
stream so that an old Excel .xls (a ``Workbook`` stream) is not mistaken for a Word .doc.
"""

from __future__ import annotations

from pathlib import Path, PurePath

from verifier.errors import EncryptedFile, UnsupportedType
from verifier.limits import Limits
from verifier.read.model import FileKind, Notice
from verifier.read.zipguard import check_container, read_capped

_HEAD_BYTES = 1024            # PDF readers accept "%PDF" anywhere in the first KiB
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_CHUNK = 1024 * 1024      # a multiple of the 128-byte directory entry size
_OLE_ENTRY = 128

_EXTENSIONS: dict[str, FileKind] = {
    ".pdf": FileKind.PDF,
    ".docx": FileKind.DOCX, ".docm": FileKind.DOCX, ".dotx": FileKind.DOCX, ".dotm": FileKind.DOCX,
    ".xlsx": FileKind.XLSX, ".xlsm": FileKind.XLSX, ".xltx": FileKind.XLSX, ".xltm": FileKind.XLSX,
    ".doc": FileKind.DOC, ".dot": FileKind.DOC,
    ".xls": FileKind.XLS, ".xlt": FileKind.XLS, ".ods": FileKind.ODS, ".ots": FileKind.ODS,
    ".png": FileKind.IMAGE, ".jpg": FileKind.IMAGE, ".jpeg": FileKind.IMAGE, ".jpe": FileKind.IMAGE,
    ".tif": FileKind.IMAGE, ".tiff": FileKind.IMAGE,
}


def sniff(path: Path, name: str, limits: Limits) -> FileKind:
    """The content type of ``path`` from its bytes, or UnsupportedType naming what it looks like.

    A zip container passes :func:`check_container` first (ArchiveBomb / CorruptFile).
    """
    with path.open("rb") as fh:
        head = fh.read(_HEAD_BYTES)
    if b"%PDF" in head:
        return FileKind.PDF
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(path, name, limits)
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(path, name)
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return FileKind.IMAGE
    raise UnsupportedType(file=name, kind=_looks_like(head))


def extension_notice(name: str, kind: FileKind) -> Notice | None:
    """A Notice when the file name's extension claims a different type than the content."""
    suffix = PurePath(name).suffix.lower()
    if not suffix or _EXTENSIONS.get(suffix) is kind:
        return None
    return Notice(
        code="extension_mismatch",
        message=(f"Tệp {name} có đuôi {suffix} nhưng nội dung là {kind.value.upper()}; đọc theo nội dung"
                 f" / File {name} is named {suffix} but its content is {kind.value.upper()}; read as such"),
    )


def _zip_kind(path: Path, name: str, limits: Limits) -> FileKind:
    names = {info.filename for info in check_container(path, name, limits)}
    if "word/document.xml" in names:
        return FileKind.DOCX
    if "xl/workbook.xml" in names:
        return FileKind.XLSX
    if "[Content_Types].xml" in names:
        # Some generators name the main part differently; the folder still tells the family.
        if any(n.startswith("word/") for n in names):
            return FileKind.DOCX
        if any(n.startswith("xl/") for n in names):
            return FileKind.XLSX
        if any(n.startswith("ppt/") for n in names):
            raise UnsupportedType(file=name, kind="PowerPoint PPTX")
    if "mimetype" in names:
        mimetype = read_capped(path, "mimetype", 200).strip()
        if mimetype in (b"application/vnd.oasis.opendocument.spreadsheet",
                        b"application/vnd.oasis.opendocument.spreadsheet-template"):
            return FileKind.ODS
        if b"opendocument" in mimetype:
            flavour = mimetype.decode("ascii", "replace").rsplit(".", 1)[-1]
            raise UnsupportedType(file=name, kind=f"OpenDocument {flavour}")
    raise UnsupportedType(file=name, kind="ZIP")


def _ole_kind(path: Path, name: str) -> FileKind:
    """DOC when the compound file has a WordDocument stream; otherwise say which Office file it is."""
    streams = _ole_stream_names(path, (b"WordDocument", b"Workbook", b"Book", b"PowerPoint Document",
                                       b"EncryptedPackage"))
    if b"EncryptedPackage" in streams:
        # A password-protected DOCX/XLSX is stored as an OLE2 wrapper around the encrypted zip.
        raise EncryptedFile(file=name)
    if b"WordDocument" in streams:
        return FileKind.DOC
    if b"Workbook" in streams or b"Book" in streams:
        return FileKind.XLS
    if b"PowerPoint Document" in streams:
        raise UnsupportedType(file=name, kind="PowerPoint 97-2003 PPT")
    raise UnsupportedType(file=name, kind="OLE2 (Office 97-2003)")


def _ole_stream_names(path: Path, wanted: tuple[bytes, ...]) -> set[bytes]:
    """Which of ``wanted`` are stream names in the compound file's directory.

    Directory entries are 128 bytes, aligned to 128 in the file (sectors are 512 or 4096 bytes and
    start at (n+1)*size), and begin with the UTF-16LE name; bytes 64-65 hold the name's byte
    length including the terminator. Matching that exact shape avoids walking the FAT chains and
    cannot be fooled by the same word in the document text.
    """
    patterns = {w: w.decode("ascii").encode("utf-16-le") + b"\x00\x00" for w in wanted}
    found: set[bytes] = set()
    with path.open("rb") as fh:
        offset = 0
        while chunk := fh.read(_OLE_CHUNK):
            for word, pattern in patterns.items():
                if word in found:
                    continue
                start = chunk.find(pattern)
                while start != -1:
                    entry = chunk[start:start + _OLE_ENTRY]
                    if (offset + start) % _OLE_ENTRY == 0 and len(entry) >= 67 \
                            and int.from_bytes(entry[64:66], "little") == len(pattern) and entry[66] in (1, 2):
                        found.add(word)
                        break
                    start = chunk.find(pattern, start + 1)
            offset += len(chunk)
    return found


def _looks_like(head: bytes) -> str:
    """A short human name for unsupported content (it goes into the error message)."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = stripped[:64].lower()
    signatures: tuple[tuple[bytes, str], ...] = (
        (b"GIF8", "GIF"), (b"BM", "BMP"), (b"RIFF", "RIFF/WEBP"), (b"{\\rtf", "RTF"),
        (b"Rar!", "RAR"), (b"7z\xbc\xaf\x27\x1c", "7-Zip"), (b"\x1f\x8b", "GZIP"),
    )
    for magic, label in signatures:
        if stripped.startswith(magic):
            return label
    if lower.startswith((b"<!doctype html", b"<html")):
        return "HTML"
    if lower.startswith(b"<?xml") or lower.startswith(b"<"):
        return "XML"
    if not head:
        return "?"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The 1 KiB cut may split a multi-byte character: that is still text.
        if exc.start < len(head) - 3 or b"\x00" in head:
            return "binary"
    return "text" if b"\x00" not in head else "binary"
