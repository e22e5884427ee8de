"""Whole-check benchmark: `verifier check` cold and warm, and against the floor of the bare tools.

    .venv/bin/python benchmarks/check_bench.py [--rounds 3] [--skip-district]

1. The committed sample (sample_evidence/konray-2023): a full `verifier check` in a fresh process,
   cold (empty cache) and warm (nothing changed), medians of --rounds runs each.
2. A district-sized submission built with the sample generator (150 files: 90 born-digital PDFs,
   45 scanned PDFs, 15 DOCX; about 500 pages, 135 scanned): our cold check, header-first (the
   default) and with --full-text, against the floor of the bare tools in the same run: the
   `tesseract` command on every scanned page image plus `pdftotext` on every text PDF, spread over
   all cores. Also: the share of scanned pages the header-first check read in full, whether its
   report equals the full-text one (statuses, suggested scores, finding kinds per criterion), and
   the warm check. Targets: header-first cold <= 0.40x floor; warm < 5 s. The layout gate
   (docs/reading.md, "The band"): how many later-page bands it left unread, and the cold check
   with the gate off (VERIFIER_LAYOUT_GATE=0) in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.harness import say  # noqa: E402
from samplegen.district import build_district  # noqa: E402
from verifier.limits import ReadSettings  # noqa: E402
from verifier.read.pdf import pdf_page_image  # noqa: E402

SAMPLE = ROOT / "sample_evidence" / "konray-2023"


def check(folder: Path, cache: Path, *extra: str, out: Path | None = None,
          env_extra: dict[str, str] | None = None) -> float:
    """Wall seconds of one `verifier check` in a fresh process (start-up included, as a user sees it)."""
    env = dict(os.environ, VERIFIER_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT))
    env.pop("VERIFIER_FULL_TEXT", None)
    env.pop("VERIFIER_LAYOUT_GATE", None)
    env.update(env_extra or {})
    where = ["--out", str(out)] if out else []
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli.main", "check", str(folder), "--format", "json", "--quiet",
                    *where, *extra], check=True, capture_output=True, env=env, cwd=ROOT)
    return time.perf_counter() - t0


def read_in_full(cache: Path) -> tuple[int, int]:
    """(OCR pages read in full, OCR pages) over every extraction in the cache folder."""
    full = total = 0
    for entry in cache.rglob("*.json"):
        read = json.loads(entry.read_text(encoding="utf-8")).get("read") or {}
        for page in read.get("pages") or ():
            if page.get("method") == "ocr":
                total += 1
                full += bool(page.get("complete", True))
    return full, total


def bands_skipped(cache: Path) -> tuple[int, int]:
    """(later OCR pages whose band the layout gate left unread, later OCR pages) over the cache.

    The gate's notice stays on the page when it is completed, so completed pages count too."""
    skipped = later = 0
    for entry in cache.rglob("*.json"):
        read = json.loads(entry.read_text(encoding="utf-8")).get("read") or {}
        for page in read.get("pages") or ():
            if page.get("method") in ("ocr", "blank") and page.get("number", 1) > 1 and page.get("dpi"):
                later += 1
                skipped += any(n.get("code") == "ocr_body_top" for n in page.get("notices") or ())
    return skipped, later


def verdicts(report: Path) -> dict[str, tuple[object, ...]]:
    """Per criterion: status, suggested score and the sorted finding kinds."""
    data = json.loads(report.read_text(encoding="utf-8"))
    return {c["code"]: (c["status"], c.get("suggested_score"), tuple(sorted(f["kind"] for f in c["findings"])))
            for c in data["criteria"]}


def cold_warm(folder: Path, rounds: int, tmp: Path) -> tuple[list[float], list[float]]:
    cold, warm = [], []
    for i in range(rounds):
        cache = tmp / f"cache-{i}"
        cold.append(check(folder, cache))
        warm.append(check(folder, cache))
        shutil.rmtree(cache, ignore_errors=True)
    return cold, warm


def is_scanned(pdf: Path) -> bool:
    done = subprocess.run(["pdftotext", "-q", "-l", "1", str(pdf), "-"], capture_output=True, text=True)
    return len("".join(done.stdout.split())) < 30


def floor_seconds(folder: Path, tmp: Path) -> tuple[float, int, int]:
    """The bare tools on the same files, over all cores: tesseract per scanned page, pdftotext per text PDF."""
    settings = ReadSettings.from_env()
    pdfs = sorted((folder / "evidence").rglob("*.pdf"))
    scans = [p for p in pdfs if is_scanned(p)]
    texts = [p for p in pdfs if p not in scans]
    images: list[Path] = []
    for k, pdf in enumerate(scans):      # page images prepared outside the timed part
        n = 1
        while True:
            try:
                image, _ = pdf_page_image(pdf, pdf.name, n, settings.ocr_dpi, settings)
            except Exception:
                break
            images.append(tmp / f"floor-{k}-{n}.pgm")
            image.save(images[-1], format="PPM")
            n += 1
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    jobs = [["tesseract", str(i), "stdout", "-l", "vie", "--psm", "3", "--dpi", str(settings.ocr_dpi), "tsv"]
            for i in images] + [["pdftotext", "-q", "-enc", "UTF-8", str(p), "-"] for p in texts]
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(lambda cmd: subprocess.run(cmd, check=True, capture_output=True, env=env), jobs))
    return time.perf_counter() - t0, len(images), len(texts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--skip-district", action="store_true")
    ap.add_argument("--json", help="also write the figures here")
    args = ap.parse_args()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        cold, warm = cold_warm(SAMPLE, args.rounds, tmp)
        figures.update(sample_cold_s=statistics.median(cold), sample_warm_s=statistics.median(warm))
        ratio = figures["sample_warm_s"] / figures["sample_cold_s"]
        say(f"1. sample check ({args.rounds} rounds): cold median {figures['sample_cold_s']:.2f} s, "
            f"warm median {figures['sample_warm_s']:.2f} s, warm/cold {ratio:.3f}")
        if not args.skip_district:
            district = tmp / "district"
            t0 = time.perf_counter()
            files = build_district(district)
            say(f"2. district submission: {len(files) - 1} evidence files built in {time.perf_counter() - t0:.0f} s")
            floor, scanned_pages, text_pdfs = floor_seconds(district, tmp)
            lazy_cache, full_cache = tmp / "cache-district", tmp / "cache-district-full"
            ours = check(district, lazy_cache, out=tmp / "lazy.json")
            full_read, ocr_pages = read_in_full(lazy_cache)
            skipped, later = bands_skipped(lazy_cache)
            warm_d = check(district, lazy_cache)
            no_gate = check(district, tmp / "cache-district-nogate", out=tmp / "nogate.json",
                            env_extra={"VERIFIER_LAYOUT_GATE": "0"})
            gate_differ = sorted(k for k, v in verdicts(tmp / "nogate.json").items()
                                 if verdicts(tmp / "lazy.json").get(k) != v)
            full = check(district, full_cache, "--full-text", out=tmp / "full.json")
            lazy_v, full_v = verdicts(tmp / "lazy.json"), verdicts(tmp / "full.json")
            differ = sorted(k for k in full_v if lazy_v.get(k) != full_v[k])
            figures.update(district_floor_s=floor, district_cold_s=ours, district_warm_s=warm_d,
                           district_cold_to_floor=ours / floor, district_full_text_s=full,
                           district_full_text_to_floor=full / floor, district_scanned_pages=scanned_pages,
                           district_text_pdfs=text_pdfs, district_ocr_pages_read_in_full=full_read,
                           district_ocr_pages=ocr_pages, district_criteria_differing=len(differ),
                           district_bands_skipped=skipped, district_later_ocr_pages=later,
                           district_cold_no_gate_s=no_gate, district_cold_no_gate_to_floor=no_gate / floor,
                           district_criteria_differing_no_gate=len(gate_differ))
            say(f"   floor (tesseract on {scanned_pages} scanned pages + pdftotext on {text_pdfs} text PDFs, "
                f"{os.cpu_count()} cores): {floor:.1f} s")
            say(f"   ours cold, header-first: {ours:.1f} s = {ours / floor:.2f}x floor (target <= 0.40x); "
                f"{full_read} of {ocr_pages} scanned pages read in full; warm: {warm_d:.2f} s (target < 5 s)")
            say(f"   layout gate: {skipped} of {later} later-page bands left unread; cold with the gate off: "
                f"{no_gate:.1f} s = {no_gate / floor:.2f}x floor; criteria differing: {len(gate_differ)}")
            say(f"   ours cold, --full-text: {full:.1f} s = {full / floor:.2f}x floor")
            say(f"   criteria whose status, suggested score or finding kinds differ: {len(differ)} {differ[:10]}")
    say(json.dumps({k: round(v, 3) for k, v in figures.items()}))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
