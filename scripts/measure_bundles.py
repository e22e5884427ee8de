"""Documents found and identity fields exact on documents inside bundles, on data the splitter
was not tuned on: district-corpus specs (samplegen.district, another seed than the benchmark's)
merged into bundles, born-digital and scanned.

    .venv/bin/python scripts/measure_bundles.py [--text 40] [--scanned 24] [--seed 8]

A bundle holds 2-5 documents (seeded); a scanned bundle is the merged print scanned as one stack.
Expected values come from the specs the pages were rendered from (docs/evidence.md, "Measures").
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from samplegen.bundle import merge_pdfs  # noqa: E402 (after the sys.path line)
from samplegen.district import district_specs  # noqa: E402
from samplegen.layout import render_pdf_bytes  # noqa: E402
from samplegen.scan import scanned_pdf  # noqa: E402
from samplegen.spec import DocSpec, Format  # noqa: E402
from verifier.limits import ReadSettings  # noqa: E402
from verifier.pipeline import extract_evidence  # noqa: E402
from verifier.report.extract_json import document_to_dict  # noqa: E402

FIELDS = ("number", "type_code", "issuer", "date", "place", "title")


def _truth(s: DocSpec) -> dict[str, object]:
    return {"number": s.number, "type_code": s.type_code, "issuer": s.issuer, "date": s.date.isoformat(),
            "place": s.place, "title": " ".join(s.title.split())}


def _groups(specs: list[DocSpec], rng: random.Random, low: int, high: int) -> list[list[DocSpec]]:
    out, i = [], 0
    while i < len(specs):
        n = rng.randint(low, high)
        out.append(specs[i:i + n])
        i += n
    return out


def measure(kind: str, groups: list[list[DocSpec]], tmp: Path, seed: int, verbose: bool) -> dict[str, int]:
    score = {"bundles": len(groups), "documents": 0, "found": 0, "fields": 0, "exact": 0, "pages": 0}
    for g, specs in enumerate(groups):
        pdf = merge_pdfs([render_pdf_bytes(s) for s in specs])
        if kind == "scanned":
            pdf = scanned_pdf(pdf, seed + g, colour=g % 2 == 1)
        path = tmp / f"{kind}-{g:02d}.pdf"
        path.write_bytes(pdf)
        ev = extract_evidence(path, path.name, ReadSettings.from_env(), cache=None)
        got = [document_to_dict(d) for d in ev.parts]
        spans, first = [], 1
        for s in specs:
            spans.append([first, first + s.pages - 1])
            first += s.pages
        score["documents"] += len(specs)
        score["pages"] += first - 1
        by_span = {tuple(d["pages"]): d for d in got}
        for s, span in zip(specs, spans, strict=True):
            d = by_span.get(tuple(span))
            score["fields"] += len(FIELDS)
            if d is None:
                if verbose:
                    found = [x["pages"] for x in got]
                    print(f"  {path.name}: {s.number} pages {span} not found as a document: {found}")
                continue
            score["found"] += 1
            want = _truth(s)
            for f in FIELDS:
                ok = d[f] == want[f]
                score["exact"] += ok
                if verbose and not ok:
                    print(f"  {path.name} {s.number}: {f} {d[f]!r}, expected {want[f]!r}")
    return score


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--text", type=int, default=40)
    ap.add_argument("--scanned", type=int, default=24)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    specs = district_specs(seed=args.seed, text_pdfs=args.text, scanned_pdfs=args.scanned, docx=0)
    text = [s for s in specs if s.format is Format.PDF]
    scans = [s for s in specs if s.format is Format.SCAN]
    with tempfile.TemporaryDirectory() as tmp:
        for kind, group in (("born-digital", _groups(text, rng, 2, 5)), ("scanned", _groups(scans, rng, 2, 3))):
            start = time.perf_counter()
            s = measure(kind, group, Path(tmp), args.seed, args.verbose)
            print(f"{kind:>12}: {s['bundles']} bundles, {s['pages']} pages; documents found {s['found']}/"
                  f"{s['documents']}; identity fields exact {s['exact']}/{s['fields']} "
                  f"({100 * s['exact'] / max(s['fields'], 1):.1f} %); {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
