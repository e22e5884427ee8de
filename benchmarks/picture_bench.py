"""Page picture of a scanned page on its first request: time, and Tesseract calls (there must be none).

    .venv/bin/python benchmarks/picture_bench.py [--rounds 3]

A scanned Decree-30 plan (tests/read/pdf_factory.py) is read header-first as the check reads it;
then its page picture is drawn from the word boxes kept with that extraction, with a `tesseract`
shim first on PATH that counts its calls (and runs the real binary, so nothing would break if the
picture did OCR), plus the recognitions of the in-process engine (verifier/read/tesseract.py).
For comparison, the same band OCR'd again at 200 dpi as the old picture did.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.harness import say  # noqa: E402
from service.web.picture import BAND, header_picture, needles_for  # noqa: E402
from tests.read.pdf_factory import make_scan_pdf, make_text_pdf, render_page, scanned  # noqa: E402
from verifier.limits import ReadSettings  # noqa: E402
from verifier.read import read_file, tesseract  # noqa: E402
from verifier.read.pdf import pdf_page_image  # noqa: E402


def _shim(folder: Path, calls: Path) -> None:
    real = shutil.which("tesseract") or "tesseract"
    folder.mkdir()
    (folder / "tesseract").write_text(f'#!/bin/sh\necho "$@" >> {calls}\nexec {real} "$@"\n')
    (folder / "tesseract").chmod(0o755)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    settings = ReadSettings()
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        scan = make_scan_pdf(tmp / "scan.pdf", [scanned(render_page(make_text_pdf(tmp / "kh.pdf")))])
        page = read_file(scan, settings, header_only=True).pages[0]
        calls = tmp / "calls"
        _shim(tmp / "shim", calls)
        os.environ["PATH"] = f"{tmp / 'shim'}:{os.environ.get('PATH', '')}"
        needles = needles_for("163/KH-UBND", None)
        times, outlined = [], []
        engine_before = tesseract.recognitions()      # OCR in this process, through the library
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            pic = header_picture(scan, 1, needles, stored=page)
            times.append(time.perf_counter() - t0)
            outlined.append(pic.highlighted if pic else -1)
        made = len(calls.read_text().splitlines()) if calls.exists() else 0
        made += tesseract.recognitions() - engine_before
        # the old way: the band rendered at 200 dpi and OCR'd again
        image, _dpi = pdf_page_image(scan, "scan.pdf", 1, 200, settings)
        band = image.crop((0, 0, image.width, int(image.height * BAND)))
        buf = io.BytesIO()
        band.save(buf, format="PNG")
        old = []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            subprocess.run(["tesseract", "stdin", "stdout", "-l", "vie", "--psm", "3", "tsv"], input=buf.getvalue(),
                           capture_output=True, check=True)
            old.append(time.perf_counter() - t0)
    figures = {"picture_first_request_s": statistics.median(times), "tesseract_calls": made,
               "numbers_outlined": min(outlined), "old_band_ocr_s": statistics.median(old)}
    say(f"scanned page picture ({args.rounds} rounds): median {figures['picture_first_request_s']:.3f} s, "
        f"{made} tesseract call(s), number outlined in every round: {min(outlined) >= 1}; "
        f"the old picture's own band OCR alone: {figures['old_band_ocr_s']:.2f} s")
    say(json.dumps({k: round(v, 3) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
