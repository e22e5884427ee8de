"""Original file bytes, stored unchanged under their SHA-256 (content addressing).

The client's file name never becomes a path here: a blob's path is derived from its hash only,
two levels of fan-out. Writes go to a temporary file in the same directory and are renamed into
place, so a crash never leaves a half-written blob under a valid name, and two uploads of the same
content simply meet at the same name.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from verifier.errors import EmptyFile, FileTooLarge

CHUNK = 64 * 1024


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put_stream(self, stream: BinaryIO, *, name: str, max_bytes: int) -> tuple[str, int]:
        """Copy ``stream`` in, hashing as it goes; refuse it past ``max_bytes``. Returns (sha256, size)."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise FileTooLarge(name, size=f">{max_bytes}", limit=max_bytes)
                    digest.update(chunk)
                    out.write(chunk)
            if size == 0:
                raise EmptyFile(name)
            sha = digest.hexdigest()
            final = self.path(sha)
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.exists():
                Path(tmp).unlink()
            else:
                os.chmod(tmp, 0o444)
                os.replace(tmp, final)
            return sha, size
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def put_file(self, path: Path, *, name: str, max_bytes: int) -> tuple[str, int]:
        with path.open("rb") as fh:
            return self.put_stream(fh, name=name, max_bytes=max_bytes)
