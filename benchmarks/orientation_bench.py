"""Orientation of photographed pages: accuracy of Tesseract OSD on turned photos, and its cost.

    .venv/bin/python benchmarks/orientation_bench.py [--rounds 3]

Photos: the two pages of the generated plan (the Decree 30 first page and a body page), rendered
at 200 dpi and "photographed" (turned 0.8-1.5 degrees, noised, seeds differ), each turned by 0, 90,
180 and 270 degrees: 16 cases.
1. Accuracy of OSD alone: the turn detect_rotation reports against the true one.
2. End to end on the first pages: ocr_upright (OCR, OSD only when the OCR is doubtful, OCR again)
   finds the plan's number on every turned photo?
3. Cost, alternating, medians and the median of per-round ratios (perf.md's method): OSD alone,
   and ocr_upright on an upright and on a turned photo, against ocr_image of the upright page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from benchmarks.harness import race, say, table  # noqa: E402
from tests.read.pdf_factory import make_text_pdf, render_page, scanned  # noqa: E402
from verifier.limits import ReadSettings  # noqa: E402
from verifier.read.ocr import ocr_image  # noqa: E402
from verifier.read.orientation import detect_rotation, ocr_upright  # noqa: E402

SETTINGS = ReadSettings()


def photos(tmp: Path) -> list[tuple[str, Image.Image]]:
    plan = make_text_pdf(tmp / "plan.pdf", pages=2)
    out = []
    for index in range(2):
        for seed, angle in ((7, 0.8), (11, -1.5)):
            out.append((f"page {index + 1}, seed {seed}",
                        scanned(render_page(plan, index, 200), angle=angle, seed=seed).convert("L")))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pages = photos(Path(tmp))
        right = total = 0
        say("turned (counter-clockwise) -> detected clockwise correction")
        for label, image in pages:
            row = []
            for turn in (0, 90, 180, 270):
                found = detect_rotation(image.rotate(turn, expand=True), 200, SETTINGS, time.monotonic() + 120)
                right += found == turn
                total += 1
                row.append(f"{turn:>3} -> {found:>3}{'' if found == turn else ' WRONG'}")
            say(f"{label:<20} " + "   ".join(row))
        say(f"1. OSD accuracy: {right}/{total}")
        found = 0
        firsts = [image for label, image in pages if label.startswith("page 1")]
        for image in firsts:
            for turn in (0, 90, 180, 270):
                page = ocr_upright(image.rotate(turn, expand=True), 200, 1, "p", SETTINGS, time.monotonic() + 600, True)
                found += "163/KH-UBND" in page.text and page.header is not None
        say(f"2. number and header read by ocr_upright: {found}/{len(firsts) * 4}")
        image = firsts[0]
        turned = image.rotate(90, expand=True)
        deadline = time.monotonic() + 3600
        results = race([
            ("OCR of the upright page (ocr_image)", lambda: ocr_image(image, 200, 1, "p", SETTINGS, deadline, True)),
            ("OSD alone (detect_rotation)", lambda: detect_rotation(image, 200, SETTINGS, deadline)),
            ("ocr_upright, upright photo", lambda: ocr_upright(image, 200, 1, "p", SETTINGS, deadline, True)),
            ("ocr_upright, photo turned 90", lambda: ocr_upright(turned, 200, 1, "p", SETTINGS, deadline, True)),
        ], rounds=args.rounds)
        say("\n3. cost per page (ratio to the upright page's OCR)")
        say(table(results, "s"))


if __name__ == "__main__":
    main()
