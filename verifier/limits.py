"""Explicit, configurable limits and reading settings.

Every limit has a default here and an environment variable that overrides it, so an operator can
tighten or loosen them without code. Settings that change what OCR produces are part of the cache
key (:meth:`ReadSettings.cache_key`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict, dataclass, fields, replace
from typing import Any


def _env(name: str, default: Any) -> Any:
    raw = os.environ.get(f"VERIFIER_{name.upper()}")
    if raw is None or raw == "":
        return default
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


@dataclass(frozen=True)
class Limits:
    """Hard limits on one evidence file. Going over one is a typed InputRejected/ExtractionFailed."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_pages: int = 300
    max_pixels: int = 90_000_000          # one image or rendered page
    max_image_side: int = 40_000          # px; A4 at 1200 dpi is 14,031: longer is a strip, not a page
    page_timeout_s: float = 60.0          # OCR of one page
    file_timeout_s: float = 600.0         # reading one file end to end
    zip_max_entries: int = 2_000          # DOCX/XLSX containers
    zip_max_entry_bytes: int = 100 * 1024 * 1024
    zip_max_total_bytes: int = 300 * 1024 * 1024
    zip_max_ratio: float = 100.0          # uncompressed/compressed, per entry
    convert_timeout_s: float = 120.0      # one LibreOffice conversion of a legacy .doc
    # Reader processes (verifier/isolate.py, docs/robustness.md). The address-space cap is virtual
    # memory, not RSS: PDFium, Tesseract's threads and LibreOffice reserve more than they touch, so
    # it sits well above the 500 MB a file may really use. Unconfirmed: every realworld sample file
    # (scans, photos, .doc through LibreOffice) reads under 1.5 GB; 2 GiB leaves room.
    child_memory_bytes: int = 2 * 1024 ** 3
    child_grace_s: float = 60.0           # past file_timeout_s before a reader process is killed
    child_max_tasks: int = 200            # files one reader process reads before it is replaced
    # The assessment table (verifier/assessment): the real table has ~130 rows, 6-8 columns and
    # explanation cells of a few KB; these caps are far above it and keep parsing linear.
    table_timeout_s: float = 60.0
    table_max_rows: int = 5_000
    table_max_columns: int = 40
    table_max_cell_chars: int = 200_000
    table_max_score: int = 1_000_000       # no criterion is worth more; unconfirmed, a sanity bound

    @classmethod
    def from_env(cls) -> Limits:
        return cls(**{f.name: _env(f.name, f.default) for f in fields(cls)})


@dataclass(frozen=True)
class ReadSettings:
    """How text is pulled out of files. Everything here can change the extracted text."""

    ocr_dpi: int = 200                    # perf.md: 200 dpi gray is faster and more accurate than 300
    ocr_retry_dpi: int = 300              # second try when the number or date cannot be read
    ocr_lang: str = "vie"
    ocr_psm: int = 3
    header_band: float = 0.35             # top share of page 1 that holds the identity block
    # Header-first reading (docs/reading.md): the top share of pages 2.. read to see whether a new
    # document starts there. BG: chosen on the generated district submission, unconfirmed on real scans.
    top_band: float = 0.22
    # The layout gate (verifier/read/layout.py): a later page whose top lines are plainly body text
    # (justified lines from margin to margin, a table continuing; nothing centred) cannot start a
    # document, so its band is not OCR'd and the page is left for completion to read whole.
    # BG: the figures below were chosen on generated scans (samplegen), unconfirmed on real ones.
    layout_gate: bool = True
    layout_body_lines: int = 3            # top text lines that must all be body text
    layout_min_width: float = 0.55        # those lines span at least this share of the page width
    layout_edge: float = 0.03             # a line reaches a margin within this share of the text width
    layout_indent: float = 0.10           # a paragraph's first-line indent, at most (share of the text width)
    layout_centred: float = 0.08          # a heading's middle within this share of the text width's middle
    # Read every page in full at once (`verifier check --full-text`, VERIFIER_FULL_TEXT=1). Not in the
    # cache key: a header-first extraction is completed in place, so both give the same cached text.
    full_text: bool = False
    # OCR a page in one piece rather than band then rest (`verifier extract`: the best reading of each
    # file on its own). Changes the text, so it is in the cache key; the check never sets it.
    whole_page_ocr: bool = False
    # Page 1 of a scanned file in one piece even when header-first. Off: on held-out scanned bundles
    # page 1 read as its band gives the same identities as page 1 whole, for a third of the OCR time
    # (docs/reading.md, "Page 1").
    first_page_whole: bool = False
    min_text_chars: int = 30              # fewer non-space characters on a page -> OCR it
    min_plausible_ratio: float = 0.90     # share of plausible Vietnamese/Latin characters
    ocr_enabled: bool = True
    detect_orientation: bool = True       # photos: Tesseract OSD turns sideways/upside-down pages
    # A folder of CA certificates (PEM or DER) that signatures are validated against; empty: the
    # validity of a signature is not judged (None), never guessed from a system list.
    trust_roots: str = ""
    limits: Limits = Limits()

    @classmethod
    def from_env(cls) -> ReadSettings:
        values = {f.name: _env(f.name, f.default) for f in fields(cls) if f.name != "limits"}
        return cls(limits=Limits.from_env(), **values)

    def with_limits(self, **changes: Any) -> ReadSettings:
        return replace(self, limits=replace(self.limits, **changes))

    def cache_key(self) -> str:
        """The settings that change the extracted text, as a stable string."""
        d = asdict(self)
        d.pop("limits")
        d.pop("full_text")
        if self.trust_roots:
            # Replacing a certificate in the folder changes verdicts: key on what the folder holds.
            d["trust_roots"] = _folder_digest(self.trust_roots)
        return ";".join(f"{k}={d[k]}" for k in sorted(d))


def _folder_digest(folder: str) -> str:
    """A short digest of the names, sizes and times of the files in ``folder`` ("missing" if none)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
        listing = "|".join(f"{e.name}:{e.stat().st_size}:{e.stat().st_mtime_ns}" for e in entries
                           if e.is_file())
    except OSError:
        return "missing"
    return hashlib.sha256(listing.encode("utf-8", "surrogateescape")).hexdigest()[:16]
