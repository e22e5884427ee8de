"""Tesseract through the library engine (verifier/read/tesseract.py) vs the `tesseract` command per image.

    .venv/bin/python benchmarks/ocr_engine_bench.py [--rounds 5] [--pages 3] [--only band|page|osd|memory]

On the first pages of a real scanned file of the realworld sample (200 dpi, levelled as ocr.py does),
alternating the contenders each round (perf.md's method: medians, and the median of per-round
ratios to the baseline, the command as ocr.py ran it before: an 8-bit PGM, then `tesseract`
with OMP_THREAD_LIMIT=1):
1. a top band (the top 0.22 of the page: a header-first band of a later page), per band;
2. the whole page, per page;
3. orientation detection (`tesseract --psm 0` vs the `osd` engine) on page 1 at 150 dpi;
4. memory of a reader process (verifier/isolate.py): RSS once started, after its first band (the
   `vie` engine loaded) and after a whole page, and its peak; beside it, the peak RSS of one
   `tesseract` command on the band and on the page (what a reader ran beside itself before).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from benchmarks.harness import race, say, table  # noqa: E402
from verifier.isolate import ChildPool  # noqa: E402
from verifier.limits import ReadSettings  # noqa: E402
from verifier.read import tesseract  # noqa: E402
from verifier.read.ocr import run_tesseract  # noqa: E402
from verifier.read.pdf import pdf_page_image  # noqa: E402
from verifier.read.render import deskew, fit  # noqa: E402

SCAN = ROOT / "sample_evidence/konray-2023-realworld/evidence/1.3.1/TLKC 1.3.1 (bản chụp).pdf"
SETTINGS = ReadSettings()
BAND = 0.22
OSD_DPI = 150


def pages(count: int) -> list[tuple[Image.Image, int]]:
    out = []
    for number in range(1, count + 1):
        image, dpi = pdf_page_image(SCAN, SCAN.name, number, 200, SETTINGS)
        out.append((deskew(image)[0], dpi))
    return out


def command(images: list[tuple[Image.Image, int]], folder: Path, *extra: str) -> None:
    """The command per image, as ocr.py ran it before the engine."""
    for i, (image, dpi) in enumerate(images):
        source = folder / f"{i}.pgm"
        image.save(source, format="PPM")
        args = extra or ("-l", "vie", "--psm", "3", "--dpi", str(dpi), "tsv")
        subprocess.run(["tesseract", str(source), "stdout", *args], capture_output=True, check=True,
                       env=dict(os.environ, OMP_THREAD_LIMIT="1"))


def engine(images: list[tuple[Image.Image, int]]) -> None:
    for image, dpi in images:
        run_tesseract(image, dpi, SETTINGS, SCAN.name, 1, time.monotonic() + 600)


def _rss_mib() -> tuple[float, float]:
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


def reader_memory(band: Image.Image, page: Image.Image, dpi: int) -> dict[str, float]:
    """Run in a reader process: its RSS before any OCR, after a band, after a page (MiB)."""
    idle, _ = _rss_mib()
    run_tesseract(band, dpi, SETTINGS, "band", 1, time.monotonic() + 600)
    after_band, _ = _rss_mib()
    run_tesseract(page, dpi, SETTINGS, "page", 1, time.monotonic() + 600)
    after_page, peak = _rss_mib()
    return {"idle": idle, "after_band": after_band, "after_page": after_page, "peak": peak}


def command_peak_mib(image: Image.Image, dpi: int, folder: Path) -> float:
    """Peak RSS of one `tesseract` command on the image (what a reader ran beside itself before)."""
    source = folder / "peak.pgm"
    image.save(source, format="PPM")
    code = ("import resource, subprocess, sys\n"
            "subprocess.run(sys.argv[1:], capture_output=True, check=True)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", code, "tesseract", str(source), "stdout", "-l", "vie",
                           "--psm", "3", "--dpi", str(dpi), "tsv"], capture_output=True, text=True, check=True,
                          env=dict(os.environ, OMP_THREAD_LIMIT="1"))
    return int(done.stdout) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--only", choices=("band", "page", "osd", "memory"))
    args = parser.parse_args()
    run = {args.only} if args.only else {"band", "page", "osd", "memory"}
    figures: dict[str, object] = {}
    whole = pages(args.pages)
    bands = [(image.crop((0, 0, image.width, round(BAND * image.height))), dpi) for image, dpi in whole]
    first, dpi = whole[0]
    n = len(whole)
    with tempfile.TemporaryDirectory(prefix="ocr-engine-bench-") as tmp:
        folder = Path(tmp)
        if "band" in run:
            say(f"1. top band ({BAND} of the page, {bands[0][0].width}x{bands[0][0].height} px), {n} bands per "
                f"round ({args.rounds} rounds), baseline the command")
            res = race([("tesseract command per band (before)", lambda: command(bands, folder)),
                        ("library engine (run_tesseract)", lambda: engine(bands))], rounds=args.rounds)
            say(table(res, "s/band", per=n))
            figures["band_s"] = {r.name: round(r.median_s / n, 3) for r in res}
            figures["band_ratio"] = round(res[1].ratio_to_baseline, 3)
        if "page" in run:
            page_rounds = max(2, args.rounds // 2 + 1)
            say(f"2. whole page ({first.width}x{first.height} px), {n} pages per round ({page_rounds} rounds), "
                "baseline the command")
            res = race([("tesseract command per page (before)", lambda: command(whole, folder)),
                        ("library engine (run_tesseract)", lambda: engine(whole))], rounds=page_rounds)
            say(table(res, "s/page", per=n))
            figures["page_s"] = {r.name: round(r.median_s / n, 3) for r in res}
            figures["page_ratio"] = round(res[1].ratio_to_baseline, 3)
        if "osd" in run:
            scale = OSD_DPI / dpi
            small = fit(first, (round(first.width * scale), round(first.height * scale)))
            say(f"3. orientation detection on page 1 at {OSD_DPI} dpi ({args.rounds} rounds), baseline the command")
            osd_args = ("--psm", "0", "--dpi", str(OSD_DPI))
            res = race([("tesseract --psm 0 (before)", lambda: command([(small, OSD_DPI)], folder, *osd_args)),
                        ("osd engine (tesseract.orientation)", lambda: tesseract.orientation(small, OSD_DPI, "p"))],
                       rounds=args.rounds)
            say(table(res))
            figures["osd_s"] = {r.name: round(r.median_s, 3) for r in res}
            figures["osd_ratio"] = round(res[1].ratio_to_baseline, 3)
    if "memory" in run:
        # by its module's name: a reader process cannot find a function of this script's __main__
        probe = importlib.import_module("benchmarks.ocr_engine_bench").reader_memory
        pool = ChildPool(1, SETTINGS.limits)
        try:
            memory = pool.call(probe, bands[0][0], first, dpi, name="memory")
        finally:
            pool.close()
        with tempfile.TemporaryDirectory(prefix="ocr-engine-bench-") as tmp:
            memory["command_peak_band"] = command_peak_mib(bands[0][0], dpi, Path(tmp))
            memory["command_peak_page"] = command_peak_mib(first, dpi, Path(tmp))
        say("4. reader process RSS (MiB): " + ", ".join(f"{k} {v:.0f}" for k, v in memory.items()))
        figures["reader_rss_mib"] = {k: round(v) for k, v in memory.items()}
    say(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
