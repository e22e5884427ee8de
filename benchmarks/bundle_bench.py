"""The cost of splitting: the same documents read as one bundle and as separate files.

    .venv/bin/python benchmarks/bundle_bench.py [--rounds 5] [--docs 8] [--scanned 0]

Each contender runs the pipeline's extraction (read, then identify every document: for the bundle
the page-by-page header detection and one identification per document found). Medians and the
median of per-round ratios to the separate files (perf.md's method), in seconds per page.
Target (issue 8): the bundle reads no slower per page than the same documents as separate files,
within 10 %: the split cost ratio (bundle / separate, per page, same run) is at most 1.10.

A second race times identification alone on what the readers returned (no reading, no OCR):
``identify_documents`` on the bundle against ``identify_documents`` on each separate file, so the
splitting's own cost is seen apart from the reading it rides on.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.harness import race, table  # noqa: E402
from samplegen.bundle import merge_pdfs  # noqa: E402
from samplegen.district import district_specs  # noqa: E402
from samplegen.layout import render_pdf_bytes  # noqa: E402
from samplegen.scan import scanned_pdf  # noqa: E402
from samplegen.spec import Format  # noqa: E402
from verifier.identify import identify_documents  # noqa: E402
from verifier.limits import ReadSettings  # noqa: E402
from verifier.pipeline import extract_evidence  # noqa: E402
from verifier.read import read_file  # noqa: E402
from verifier.read.model import ReadResult  # noqa: E402

TARGET = 1.10


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--docs", type=int, default=8, help="born-digital documents (4 pages each)")
    ap.add_argument("--scanned", type=int, default=0, help="scanned documents (3 pages each), OCR: slow")
    args = ap.parse_args()
    specs = district_specs(seed=3, text_pdfs=args.docs, scanned_pdfs=args.scanned, docx=0)
    settings = ReadSettings.from_env()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for kind, chosen in (("born-digital", [s for s in specs if s.format is Format.PDF]),
                             ("scanned", [s for s in specs if s.format is Format.SCAN])):
            if not chosen:
                continue
            parts = [render_pdf_bytes(s) for s in chosen]
            if kind == "scanned":
                parts = [scanned_pdf(p, i, colour=False) for i, p in enumerate(parts)]
            separate = []
            for i, p in enumerate(parts):
                path = root / f"{kind}-{i:02d}.pdf"
                path.write_bytes(p)
                separate.append(path)
            bundle = root / f"{kind}-bundle.pdf"
            bundle.write_bytes(merge_pdfs(parts))
            pages = sum(s.pages for s in chosen)

            def one_by_one(files: list[Path] = separate) -> None:
                for f in files:
                    extract_evidence(f, f.name, settings, cache=None)

            def as_bundle(path: Path = bundle, expected: int = len(chosen)) -> None:
                ev = extract_evidence(path, path.name, settings, cache=None)
                assert len(ev.documents) == expected, (len(ev.documents), expected)

            results = race([(f"{kind}: {len(chosen)} separate files", one_by_one),
                            (f"{kind}: one bundle of {len(chosen)} documents", as_bundle)], rounds=args.rounds)
            print(f"{kind}: {pages} pages, {args.rounds} rounds; seconds per page")
            print(table(results, "s/page", per=pages))
            ratio = results[1].ratio_to_baseline
            print(f"{kind}: split cost ratio (bundle / separate, per page) {ratio:.2f} "
                  f"({'within' if ratio <= TARGET else 'OVER'} the {TARGET:.2f} target)")
            reads = [read_file(f, settings, name=f.name) for f in separate]
            bundle_read = read_file(bundle, settings, name=bundle.name)

            def identify_each(rs: list[ReadResult] = reads) -> None:
                for r in rs:
                    identify_documents(r)

            def identify_bundle(r: ReadResult = bundle_read) -> None:
                identify_documents(r)

            ident = race([(f"{kind}: identify {len(chosen)} separate reads", identify_each),
                          (f"{kind}: split and identify the bundle", identify_bundle)], rounds=max(args.rounds, 20))
            print(table(ident, "ms/page", per=pages / 1000))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
