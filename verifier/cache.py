"""A content-addressed cache of extraction results on the local file system.

The key is the file's SHA-256 plus the extractor version plus the reading settings that change
the text (OCR resolution, language, ...), so a second run re-reads nothing that did not change and
a new extractor or new settings never serve stale text. One JSON file per key; writes are atomic
(temp file + rename) so two processes filling the cache at once cannot leave a torn entry.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verifier.evidence import ErrorInfo
from verifier.identify.model import Document, Identity
from verifier.limits import ReadSettings
from verifier.read.model import ReadResult
from verifier.serialize import from_jsonable, to_jsonable


@functools.cache
def code_digest() -> str:
    """A digest of the reading and identifying code itself.

    Version strings are bumped by hand and forgotten; hashing the source makes any change to how
    text or identity is produced invalidate the cache, so a result is never served by older code.
    """
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    # the accent repair's vocabulary is data (verifier/identify/lexicon.py): it changes identities too
    vocabulary = [root.parent / "rules" / "lexicon.yaml", root.parent / "rules" / "provinces.yaml"]
    # pipeline.py decides the retry at another resolution and which pages are read in full; limits.py
    # holds the reading settings' defaults: both change what is cached.
    for path in sorted([*(root / "read").glob("*.py"), *(root / "identify").glob("*.py"), root / "text.py",
                        root / "pipeline.py", root / "limits.py", *(p for p in vocabulary if p.is_file())]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:10]


def extraction_key(sha256: str, settings: ReadSettings) -> str:
    """sha256 + extractor version + a digest of the reading/identifying code + of the text-changing settings."""
    from verifier.read import EXTRACTOR_VERSION

    digest = hashlib.sha256(settings.cache_key().encode()).hexdigest()[:12]
    return f"{sha256}-{EXTRACTOR_VERSION}-{code_digest()}-{digest}"


@dataclass(frozen=True)
class Extraction:
    """What is cached for one file content: independent of its name in any submission."""

    read: ReadResult | None
    identity: Identity | None
    error: ErrorInfo | None
    documents: tuple[Document, ...] = ()   # every document in the file (identity is documents[0]'s)


def default_cache_dir() -> Path:
    configured = os.environ.get("VERIFIER_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "par-verifier"


class ExtractionCache:
    """JSON files under ``root``, two-level fan-out by key prefix."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> Extraction | None:
        path = self._path(key)
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
            return from_jsonable(Extraction, data)
        except FileNotFoundError:
            return None
        except (ValueError, TypeError, KeyError):
            # A cache entry from an incompatible build is a miss, not an error.
            return None

    def put(self, key: str, value: Extraction) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(to_jsonable(value), ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
