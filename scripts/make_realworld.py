"""Build sample_evidence/konray-2023-realworld: the Kon Rẫy 2023 submission in the shapes units
really upload (bundles, a plan issued by a decision, signed and backdated and edited PDFs, e-office
blanks, .doc, .xls, sideways photos). Expected findings: expected_findings.json, written by hand.

    .venv/bin/python scripts/make_realworld.py [--src sample_evidence/konray-2023] [--out …-realworld]

Deterministic (same bytes on every run); needs LibreOffice (soffice) for the .doc and .xls.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from samplegen.realworld import MEASURED, build  # noqa: E402 (after the sys.path line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", type=Path, default=REPO / "sample_evidence" / "konray-2023")
    parser.add_argument("--out", type=Path, default=REPO / "sample_evidence" / "konray-2023-realworld")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    bundles = build(args.src, args.out)
    (args.out / MEASURED).write_text(json.dumps(bundles, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    files = [p for p in (args.out / "evidence").rglob("*") if p.is_file()]
    print(f"konray-2023-realworld: {len(files)} evidence files, {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
