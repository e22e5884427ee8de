"""Reader benchmark: our text path and OCR against the bare tools, on one generated corpus, in one run.

    .venv/bin/python benchmarks/extract_bench.py [--rounds 5]

Measures (medians; ratios are medians of per-round ratios, perf.md's method):
1. Text path (read_file + identify) vs `pdftotext` (one subprocess per document) vs pdfplumber alone,
   in pages per second, on 1-, 5- and 20-page born-digital PDFs. Target: ours >= 0.5x pdftotext.
2. OCR seconds per page: read_file on a scanned PDF vs the `tesseract` command alone on the same
   page images (the gray 200-dpi images our renderer makes). Target: overhead <= 10 %.
3. Peak RSS of read_file on a 300-page PDF, in a fresh process. Target: < 400 MB.
4. Isolation (verifier/isolate.py): reading + identifying small files in-process (as --jobs 1 did
   before) vs in a reused reader process vs a fresh process per file vs extract_all --jobs 1 (the
   shared pool), in milliseconds per file. ``--only isolation`` runs this section alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from benchmarks.harness import race, say  # noqa: E402
from samplegen import DocSpec, Ref, Signer, render_docx, render_pdf  # noqa: E402
from verifier.identify import identify  # noqa: E402
from verifier.isolate import ChildPool  # noqa: E402
from verifier.limits import Limits, ReadSettings  # noqa: E402
from verifier.pipeline import _extract, extract_all, extract_evidence  # noqa: E402
from verifier.read import read_file, sha256_file  # noqa: E402
from verifier.read.pdf import pdf_page_image  # noqa: E402


def _spec(pages: int, n: int) -> DocSpec:
    cite = Ref("76/NQ-CP", dt.date(2021, 7, 15), "Nghị quyết", "của Chính phủ")
    return DocSpec(file=f"bench-{pages}.pdf", number=f"{n}/KH-UBND", type="Kế hoạch",
                   issuer="ỦY BAN NHÂN DÂN HUYỆN KON RẪY", place="Kon Rẫy", date=dt.date(2022, 12, 30),
                   title="Cải cách hành chính nhà nước trên địa bàn huyện Kon Rẫy năm 2023",
                   body=("Căn cứ {0};", "# I. MỤC ĐÍCH, YÊU CẦU"), citations=(cite,),
                   signer=Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"), pages=pages)


def build(tmp: Path) -> dict[str, Path]:
    out = {}
    for i, pages in enumerate((1, 5, 20)):
        out[f"text{pages}"] = render_pdf(_spec(pages, 160 + i), tmp / f"text{pages}.pdf")
    out["scan3"] = render_pdf(_spec(3, 170), tmp / "scan3.pdf", scanned=True)
    # 300 pages: 15 copies of the 20-page document, merged (generating 300 pages directly is slow).
    big = pdfium.PdfDocument.new()
    src = pdfium.PdfDocument(out["text20"])
    for _ in range(15):
        big.import_pages(src)
    big.save(tmp / "text300.pdf")
    out["text300"] = tmp / "text300.pdf"
    return out


def ours(paths: list[Path], settings: ReadSettings) -> None:
    for p in paths:
        identify(read_file(p, settings))


def pdftotext(paths: list[Path]) -> None:
    for p in paths:
        subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", str(p), "-"], check=True, capture_output=True)


def plumber(paths: list[Path]) -> None:
    for p in paths:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                try:
                    page.extract_text()
                finally:
                    page.close()


def bare_tesseract(images: list[Path]) -> None:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    for img in images:
        subprocess.run(["tesseract", str(img), "stdout", "-l", "vie", "--psm", "3", "--dpi", "200", "tsv"],
                       check=True, capture_output=True, env=env)


def peak_rss_mib(path: Path) -> float:
    code = ("import resource, sys, pathlib; from verifier.read import read_file; "
            "r = read_file(pathlib.Path(sys.argv[1])); "
            "print(len(r.pages), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True,
                          cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    pages, kib = done.stdout.split()
    assert int(pages) == 300
    return int(kib) / 1024


def isolation(corpus: dict[str, Path], tmp: Path, settings: ReadSettings, rounds: int,
              figures: dict[str, float]) -> None:
    """Section 4: what running every file in a reader process costs, against in-process reading."""
    render_docx(_spec(2, 180), tmp / "bench.docx")
    files = [corpus["text1"], corpus["text5"], tmp / "bench.docx"]
    for i in range(5):                       # small files, where a process start would weigh most
        copy = tmp / f"small-{i}.pdf"
        copy.write_bytes(corpus["text1"].read_bytes())
        files.append(copy)
    digests = {p: sha256_file(p) for p in files}
    reused = ChildPool(1, settings.limits)
    fresh = ChildPool(1, Limits(child_max_tasks=1))

    def in_process() -> None:
        for p in files:
            _extract(p, p.name, settings, digests[p])

    def pooled(pool: ChildPool) -> None:
        for p in files:
            extract_evidence(p, p.name, settings, None, digests[p], pool)

    def batch() -> None:
        extract_all([(p, p.name) for p in files], settings, cache=None, jobs=1)

    n = len(files)
    say(f"4. isolation, {n} small files per round ({rounds} rounds, baseline in-process)")
    res = race([("in-process (--jobs 1 before)", in_process),
                ("reader process, reused", lambda: pooled(reused)),
                ("reader process, fresh per file", lambda: pooled(fresh)),
                ("extract_all --jobs 1 (shared pool)", batch)], rounds=rounds)
    reused.close()
    for r in res:
        say(f"   {r.name:<40} {1000 * r.median_s / n:8.1f} ms/file   ratio {r.ratio_to_baseline:5.2f}")
    figures["isolation_ms_per_file_in_process"] = 1000 * res[0].median_s / n
    figures["isolation_ms_per_file_reused"] = 1000 * res[1].median_s / n
    figures["isolation_ms_per_file_fresh"] = 1000 * res[2].median_s / n
    figures["isolation_ratio_reused"] = res[1].ratio_to_baseline
    figures["isolation_ratio_fresh"] = res[2].ratio_to_baseline
    figures["isolation_ratio_extract_all_jobs1"] = res[3].ratio_to_baseline


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--only", choices=["isolation"], help="run one section only")
    args = ap.parse_args()
    settings = ReadSettings.from_env()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        corpus = build(tmp)
        if args.only == "isolation":
            isolation(corpus, tmp, settings, args.rounds, figures)
            say(json.dumps({k: round(v, 3) for k, v in figures.items()}))
            return
        texts = [corpus["text1"], corpus["text5"], corpus["text20"]]
        pages = 26
        say(f"1. text path, {pages} pages per round ({args.rounds} rounds, baseline pdftotext)")
        res = race([("pdftotext (subprocess per document)", lambda: pdftotext(texts)),
                    ("ours: read_file + identify", lambda: ours(texts, settings)),
                    ("pdfplumber extract_text alone", lambda: plumber(texts))], rounds=args.rounds)
        for r in res:
            say(f"   {r.name:<40} {pages / r.median_s:8.1f} pages/s   time ratio {r.ratio_to_baseline:5.2f}"
                f"   throughput vs pdftotext {1 / r.ratio_to_baseline:5.2f}x")
        figures["text_pages_per_s_ours"] = pages / res[1].median_s
        figures["text_pages_per_s_pdftotext"] = pages / res[0].median_s
        figures["text_throughput_ratio_vs_pdftotext"] = 1 / res[1].ratio_to_baseline
        figures["plumber_throughput_ratio_vs_pdftotext"] = 1 / res[2].ratio_to_baseline

        images = []
        for n in (1, 2, 3):
            image, _dpi = pdf_page_image(corpus["scan3"], "scan3.pdf", n, settings.ocr_dpi, settings)
            images.append(tmp / f"scan-p{n}.pgm")
            image.save(images[-1], format="PPM")
        say(f"2. OCR, 3 scanned pages per round ({max(2, args.rounds // 2)} rounds, baseline bare tesseract)")
        res = race([("tesseract CLI alone on the page images", lambda: bare_tesseract(images)),
                    ("ours: read_file on the scanned PDF", lambda: read_file(corpus["scan3"], settings))],
                   rounds=max(2, args.rounds // 2), warmup=1)
        for r in res:
            say(f"   {r.name:<40} {r.median_s / 3:8.2f} s/page   ratio {r.ratio_to_baseline:5.2f}")
        figures["ocr_s_per_page_ours"] = res[1].median_s / 3
        figures["ocr_s_per_page_bare"] = res[0].median_s / 3
        figures["ocr_overhead_ratio"] = res[1].ratio_to_baseline

        rss = peak_rss_mib(corpus["text300"])
        say(f"3. peak RSS, read_file on a 300-page PDF in a fresh process: {rss:.0f} MiB")
        figures["peak_rss_mib_300_pages"] = rss
        isolation(corpus, tmp, settings, args.rounds, figures)
    say(json.dumps({k: round(v, 3) for k, v in figures.items()}))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
