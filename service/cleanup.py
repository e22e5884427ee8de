"""Start-up housekeeping of the API: what a process killed mid-upload leaves on the disk.

* staging folders (``var/staging/*``): an upload is unpacked there and the folder removed when the
  request ends, so one that is still there and has not been written to for a while belongs to a dead
  process;
* orphan blobs: a blob file is written before the transaction that records it commits; when the process
  dies in between, the file has no row in ``blobs`` and nothing will ever read it. Only files older than
  ``min_age_s`` are removed, so an upload another API process is storing right now keeps its blobs.
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from service.storage.models import Blob
from service.storage.session import session_scope

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Swept:
    staging: int
    blobs: int


def _old(path: Path, cutoff: float) -> bool:
    try:
        return path.lstat().st_mtime < cutoff
    except OSError:
        return False


def sweep_staging(root: Path, min_age_s: float) -> int:
    if not root.is_dir():
        return 0
    cutoff = time.time() - min_age_s
    removed = 0
    for entry in root.iterdir():
        newest = max([entry.lstat().st_mtime] + ([p.lstat().st_mtime for p in entry.rglob("*")]
                                                 if entry.is_dir() and not entry.is_symlink() else []))
        if newest < cutoff:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed += 1
    return removed


def sweep_orphan_blobs(database_url: str, blob_dir: Path, min_age_s: float) -> int:
    if not blob_dir.is_dir():
        return 0
    cutoff = time.time() - min_age_s
    removed = 0
    with session_scope(database_url) as s:
        for fan in sorted(blob_dir.iterdir()):
            if fan.name.startswith(".incoming-"):
                if _old(fan, cutoff):
                    fan.unlink(missing_ok=True)
                    removed += 1
                continue
            if not fan.is_dir():
                continue
            files = [p for p in fan.rglob("*") if p.is_file() and len(p.name) == 64]
            if not files:
                continue
            known = set(s.execute(select(Blob.sha256).where(Blob.sha256.in_([p.name for p in files]))).scalars())
            for p in files:
                if p.name not in known and _old(p, cutoff):
                    p.unlink(missing_ok=True)
                    removed += 1
    return removed


def sweep_at_start(database_url: str, home: Path, blob_dir: Path, min_age_s: float) -> Swept:
    swept = Swept(sweep_staging(home / "var" / "staging", min_age_s),
                  sweep_orphan_blobs(database_url, blob_dir, min_age_s))
    if swept.staging or swept.blobs:
        log.warning("start-up sweep: %d staging folder(s) and %d orphan blob(s) removed", swept.staging, swept.blobs)
    return swept
