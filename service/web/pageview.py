"""Whole pages of an evidence file as PNG, rendered on the server, so anyone can open a file at the
cited page in the browser without a PDF viewer.

PDFs are rendered by ``pdftoppm`` (poppler) in a child process with a deadline and an address-space
limit: a hostile PDF can stall or exhaust only that child, never the API (docs/service.md). Images
are scaled with Pillow under its decompression-bomb guard. Rendered pages are kept in a folder of
bounded size (oldest first out).
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

RENDER_DPI = 110
MAX_WIDTH_PX = 1400
TIMEOUT_S = 30
MEMORY_BYTES = 1024 * 1024 * 1024
CACHE_BYTES = 200 * 1024 * 1024
PDF_MAGIC = b"%PDF"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}


class PageUnavailable(Exception):
    """The page cannot be shown (not a paged file, no such page, the renderer gave up)."""


def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def _pdf_page(path: Path, page: int) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "page"
        try:
            done = subprocess.run(["pdftoppm", "-png", "-r", str(RENDER_DPI), "-f", str(page), "-l", str(page),
                                   "-singlefile", "-scale-to-x", str(MAX_WIDTH_PX), "-scale-to-y", "-1",
                                   str(path), str(out)],
                                  capture_output=True, timeout=TIMEOUT_S, preexec_fn=_limit_child, check=False)
        except (subprocess.TimeoutExpired, OSError) as exc:
            raise PageUnavailable(str(exc)) from exc
        png = out.with_suffix(".png")
        if done.returncode != 0 or not png.is_file():
            raise PageUnavailable(done.stderr.decode("utf-8", "replace")[:200])
        return png.read_bytes()


def _image_page(path: Path, page: int) -> bytes:
    try:
        with Image.open(path) as img:
            frames = getattr(img, "n_frames", 1)
            if page > frames:
                raise PageUnavailable(f"page {page} of {frames}")
            img.seek(page - 1)
            shown = img.convert("RGB")
            shown.thumbnail((MAX_WIDTH_PX, MAX_WIDTH_PX * 2))
            buf = io.BytesIO()
            shown.save(buf, "PNG", optimize=True)
            return buf.getvalue()
    except (OSError, Image.DecompressionBombError, EOFError) as exc:
        raise PageUnavailable(str(exc)) from exc


def render_page(path: Path, suffix: str, page: int) -> bytes:
    """One page as PNG. ``suffix``: the file's display name's suffix (the blob has none)."""
    if page < 1 or page > 100_000:
        raise PageUnavailable(f"page {page}")
    with path.open("rb") as fh:
        head = fh.read(4)
    if head == PDF_MAGIC:
        return _pdf_page(path, page)
    if suffix.lower() in IMAGE_SUFFIXES:
        return _image_page(path, page)
    raise PageUnavailable("not a paged file")


def cached_page(cache_dir: Path, sha256: str, path: Path, suffix: str, page: int) -> bytes:
    """``render_page`` through a folder of at most CACHE_BYTES (least recently written out first)."""
    target = cache_dir / f"{sha256}-{page}-{RENDER_DPI}.png"
    if target.is_file():
        return target.read_bytes()
    png = render_page(path, suffix, page)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(png)
    tmp.replace(target)
    _trim(cache_dir)
    return png


def _trim(cache_dir: Path) -> None:
    files = sorted((p for p in cache_dir.glob("*.png")), key=lambda p: p.stat().st_mtime)
    total = sum(p.stat().st_size for p in files)
    for p in files:
        if total <= CACHE_BYTES:
            break
        total -= p.stat().st_size
        p.unlink(missing_ok=True)
