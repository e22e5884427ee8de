"""Cost of what issue 8 added to reading a PDF, and peak memory of image files.

    .venv/bin/python benchmarks/formats_bench.py [--rounds 9]

1. Signatures: read_file on the same one-page plan unsigned, signed once, and signed / stamped /
   signed again (the e-office sequence), without and with trust roots. Medians and the median of
   per-round ratios to the unsigned file, all in one run (perf.md's method).
2. Annotation overlay on a stamped page: the page read without the overlay step, with it
   (PDFium flatten, what the reader does), and the /Contents strings alone (cheaper, but a Stamp
   carries its text only in its appearance).
3. Peak RSS of read_file, each in a fresh process: fuzz F02 (88 Mpx RGBA PNG), a 600-dpi A4 JPEG
   photo, a 3-frame 300-dpi TIFF. Target < 500 MB per image file.
"""

from __future__ import annotations

import argparse
import ctypes
import datetime as dt
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402
import pypdfium2.raw as pdfium_c  # noqa: E402
from PIL import Image  # noqa: E402

from benchmarks.harness import race, say, table  # noqa: E402
from tests.read.pdf_factory import make_text_pdf, render_page, scanned  # noqa: E402
from tests.read.signing import blank_boxes, blank_header_pdf, make_ca, sign, stamp  # noqa: E402
from verifier.limits import ReadSettings  # noqa: E402
from verifier.read import read_file  # noqa: E402
from verifier.read.annotations import with_overlay  # noqa: E402
from verifier.read.model import Page, PageMethod  # noqa: E402

WHEN = dt.datetime(2022, 12, 30, 9, 45, tzinfo=dt.UTC)


def signatures(tmp: Path, rounds: int) -> None:
    ca = make_ca()
    roots = tmp / "roots"
    roots.mkdir()
    (roots / "root.pem").write_bytes(ca.pem())
    plain = blank_header_pdf()
    once = sign(plain, ca.signer("Nguyễn Văn A"), signing_time=WHEN)
    number_box, day_box = blank_boxes()
    twice = sign(stamp(once, [("/FreeText", number_box, "163"), ("/Stamp", day_box, "30")]),
                 ca.signer("Văn thư"), field="VanThu", signing_time=WHEN)
    files = {}
    for label, data in (("unsigned", plain), ("signed once", once), ("signed, stamped, signed", twice)):
        files[label] = tmp / f"{label}.pdf"
        files[label].write_bytes(data)
    no_roots, with_roots = ReadSettings(), ReadSettings(trust_roots=str(roots))
    read_file(files["signed once"], with_roots)       # imports pyHanko once, outside the timing
    results = race([
        ("unsigned", lambda: read_file(files["unsigned"], no_roots)),
        ("signed once, no roots", lambda: read_file(files["signed once"], no_roots)),
        ("signed once, trust roots", lambda: read_file(files["signed once"], with_roots)),
        ("2 signatures + stamps, trust roots", lambda: read_file(files["signed, stamped, signed"], with_roots)),
    ], rounds=rounds)
    say("\n1. read_file of a one-page plan, by signatures (ratio to unsigned)")
    say(table(results, "ms", per=0.001))
    long_plain = make_text_pdf(tmp / "plan-100.pdf", pages=100)
    long_signed = tmp / "plan-100-signed.pdf"
    long_signed.write_bytes(sign(long_plain.read_bytes(), ca.signer("Nguyễn Văn A"), signing_time=WHEN))
    results = race([("100 pages, unsigned", lambda: read_file(long_plain, with_roots)),
                    ("100 pages, signed once, trust roots", lambda: read_file(long_signed, with_roots))],
                   rounds=max(3, rounds // 2))
    say("\n1b. the same on a 100-page plan")
    say(table(results, "s"))


def _contents_only(doc: pdfium.PdfDocument) -> str:
    page = doc[0]
    texts = []
    buf = ctypes.create_string_buffer(512)
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(page)):
        annot = pdfium_c.FPDFPage_GetAnnot(page, i)
        size = pdfium_c.FPDFAnnot_GetStringValue(annot, b"Contents",
                                                 ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), 512)
        texts.append(buf.raw[:max(0, size - 2)].decode("utf-16-le", "replace"))
        pdfium_c.FPDFPage_CloseAnnot(annot)
    page.close()
    return "\n".join(t for t in texts if t)


def overlay(tmp: Path, rounds: int) -> None:
    number_box, day_box = blank_boxes()
    path = tmp / "stamped.pdf"
    path.write_bytes(stamp(blank_header_pdf(), [("/FreeText", number_box, "163"), ("/Stamp", day_box, "30")]))
    page = Page(1, "", PageMethod.TEXT)

    def opened(fn: Callable[[pdfium.PdfDocument], Any]) -> Callable[[], object]:
        def run() -> object:
            doc = pdfium.PdfDocument(path)
            try:
                return fn(doc)
            finally:
                doc.close()
        return run

    flat = opened(lambda doc: with_overlay(doc, 0, page, 0.35))
    assert with_overlay(pdfium.PdfDocument(path), 0, page, 0.35).overlay == "163\n30"
    assert _contents_only_run(path) == "163"     # the Stamp's "30" is not in /Contents
    results = race([
        ("open page, no overlay step", opened(lambda doc: doc[0].close())),
        ("overlay by flattening (the reader)", flat),
        ("/Contents strings only", opened(_contents_only)),
    ], rounds=rounds * 3)
    say("\n2. overlay of a stamped page (ratio to opening the page alone)")
    say(table(results, "ms", per=0.001))


def _contents_only_run(path: Path) -> str:
    doc = pdfium.PdfDocument(path)
    try:
        return _contents_only(doc)
    finally:
        doc.close()


def peak_rss(tmp: Path) -> None:
    photo = scanned(render_page(make_text_pdf(tmp / "plan.pdf", pages=1), 0, 300), angle=0.8)
    jpeg = tmp / "photo-600dpi.jpg"
    photo.resize((photo.width * 2, photo.height * 2)).convert("RGB").save(jpeg, quality=85, dpi=(600, 600))
    tiff = tmp / "three-frames.tiff"
    gray = photo.convert("L")
    gray.save(tiff, save_all=True, append_images=[gray, gray], dpi=(300, 300), compression="tiff_lzw")
    code = ("import resource, sys\nfrom pathlib import Path\nfrom verifier.errors import VerifierError\n"
            "from verifier.read import read_file\n"
            "try:\n    read_file(Path(sys.argv[1]))\nexcept VerifierError as exc:\n    pass\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    say("\n3. peak RSS of read_file on one image file, fresh process each")
    for path in (ROOT / "tests/read/fixtures/fuzz/F02-png-rgba-9400x9400.png", jpeg, tiff):
        started = time.perf_counter()
        # Forked by a small shell: Linux keeps a process's peak RSS across exec, so a child
        # spawned straight from this process would report this process's peak.
        done = subprocess.run(["sh", "-c", '"$@"; exit $?', "sh", sys.executable, "-c", code, str(path)],
                              capture_output=True, text=True, check=True, cwd=ROOT)
        with Image.open(path) as image:
            shape = f"{image.width}x{image.height} {image.mode}, {getattr(image, 'n_frames', 1)} frame(s)"
        say(f"{path.name:<36} {shape:<34} {int(done.stdout.split()[-1]) / 1024:8.0f} MiB"
            f"  {time.perf_counter() - started:6.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        signatures(Path(tmp), args.rounds)
        overlay(Path(tmp), args.rounds)
        peak_rss(Path(tmp))


if __name__ == "__main__":
    main()
