"""Number, date and place recovery on real published Decree 30 headers (not written by us).

    .venv/bin/python scripts/measure_headers.py [--split dev|heldout|all] [--verbose]

The texts are in tests/identify/fixtures/real_headers.json, each with the page it was taken from
and how its expected values were obtained (page metadata, the address, or read by hand). The
"dev" half is what the header code was tuned on; "heldout" is the measure (docs/evidence.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from verifier.identify import identify  # noqa: E402 (after the sys.path line)
from verifier.read.model import FileKind, Page, PageMethod, ReadResult  # noqa: E402
from verifier.text import normalize  # noqa: E402

FIXTURE = REPO / "tests" / "identify" / "fixtures" / "real_headers.json"


def measure(split: str = "all", verbose: bool = False) -> dict[str, dict[str, int]]:
    rows = [h for h in json.loads(FIXTURE.read_text(encoding="utf-8")) if split in ("all", h["split"])]
    score = {"number": 0, "date": 0, "place": 0}
    for h in rows:
        read = ReadResult("header.pdf", FileKind.PDF, "0" * 64, 1, (Page(1, normalize(h["text"]), PageMethod.TEXT),))
        ident = identify(read)
        got = {"number": ident.number.value.text if ident.number else None,
               "date": ident.date.value.isoformat() if ident.date else None,
               "place": ident.place.value if ident.place else None}
        for key in score:
            ok = got[key] == h[key]
            score[key] += ok
            if verbose and not ok:
                print(f"  {h['id']}: {key} {got[key]!r}, expected {h[key]!r}")
    return {k: {"exact": v, "of": len(rows)} for k, v in score.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="all", choices=("dev", "heldout", "all"))
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    for split in ("dev", "heldout", "all") if args.split == "all" else (args.split,):
        result = measure(split, args.verbose)
        print(split.ljust(8), "  ".join(f"{k} {v['exact']}/{v['of']}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
