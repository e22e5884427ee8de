"""Unpacking a submission zip without trusting it.

Checked before and while extracting: the entry count; each entry's name (no absolute path, no
'..', no symlink, no duplicate after cleaning); encryption; each entry's declared size and
compression ratio; and, because headers can lie, the bytes actually produced, counted as they
are written. A zip whose entries all sit in one top folder ("konray-2023/assessment.tsv") is
unpacked as if that folder were the root.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from pathlib import Path

from service.names import NameSet, safe_relative
from verifier.errors import ArchiveBomb, CorruptFile, EncryptedFile, FileTooLarge, UnsafeArchiveEntry

CHUNK = 64 * 1024
_RATIO_FLOOR = 1024 * 1024     # small entries (text) compress far better than 100:1 and are harmless


def _strip_common_top(names: list[str]) -> list[str]:
    tops = {n.split("/", 1)[0] for n in names}
    if len(tops) == 1 and all("/" in n for n in names):
        return [n.split("/", 1)[1] for n in names]
    return names


def extract_zip(zip_path: Path, dest: Path, *, name: str, max_entries: int, max_total_bytes: int,
                max_ratio: int, max_file_bytes: int) -> list[str]:
    """Unpack ``zip_path`` into ``dest``; returns the relative paths written. Raises typed errors."""
    try:
        zf = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise CorruptFile(name, detail=str(exc)) from exc
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > max_entries:
            raise ArchiveBomb(name, detail=f"{len(infos)} entries, limit {max_entries}")
        cleaned: list[str] = []
        for info in infos:
            if stat.S_ISLNK(info.external_attr >> 16):
                raise UnsafeArchiveEntry(name, entry=f"symlink {info.filename!r}")
            if info.flag_bits & 0x1:
                raise EncryptedFile(name)
            cleaned.append(safe_relative(info.filename, context=name))
        relatives = _strip_common_top(cleaned)
        seen = NameSet()
        for rel in relatives:
            seen.add(rel, context=name)
        total = 0
        root = dest.resolve()
        for info, rel in zip(infos, relatives, strict=True):
            if info.file_size > _RATIO_FLOOR and info.file_size > max_ratio * max(info.compress_size, 1):
                raise ArchiveBomb(name, detail=f"{rel}: ratio above {max_ratio}:1")
            if info.file_size > max_file_bytes:
                raise FileTooLarge(f"{name}:{rel}", size=info.file_size, limit=max_file_bytes)
            target = (root / rel).resolve()
            if root not in target.parents:
                raise UnsafeArchiveEntry(name, entry=f"path escapes {rel!r}")
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:          # NameSet refuses the known clashes; the disk has the last word
                raise UnsafeArchiveEntry(name, entry=f"cannot create {rel!r}: {exc.strerror}") from exc
            written = 0
            try:
                with zf.open(info) as src, target.open("wb") as out:
                    while chunk := src.read(CHUNK):
                        written += len(chunk)
                        total += len(chunk)
                        if written > max(info.file_size, 0) or written > max_file_bytes:
                            raise ArchiveBomb(name, detail=f"{rel}: more bytes than its header declares")
                        if total > max_total_bytes:
                            raise ArchiveBomb(name, detail=f"more than {max_total_bytes} bytes unpacked")
                        out.write(chunk)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError) as exc:
                raise CorruptFile(f"{name}:{rel}", detail=str(exc)) from exc
            except OSError as exc:
                raise UnsafeArchiveEntry(name, entry=f"cannot create {rel!r}: {exc.strerror}") from exc
        return relatives
