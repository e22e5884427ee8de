"""Regenerate the committed sample evidence, deterministically (same bytes on every run).

    python scripts/make_samples.py [--out sample_evidence] [--seed-table PATH] [--district DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from samplegen.corpus import build_konray  # noqa: E402 (after the sys.path line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO / "sample_evidence")
    parser.add_argument("--seed-table", type=Path, default=None,
                        help="copy this file to konray-2023/assessment.tsv (default: keep the committed one)")
    parser.add_argument("--district", type=Path, default=None,
                        help="also build the large benchmark corpus into this folder (not committed)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    paths = build_konray(args.out / "konray-2023", seed_table=args.seed_table)
    size = sum(p.stat().st_size for p in paths)
    print(f"konray-2023: {len(paths)} files, {size / 1e6:.2f} MB, {time.perf_counter() - start:.1f} s")
    if args.district is not None:
        start = time.perf_counter()
        from samplegen.district import build_district

        files = build_district(args.district)
        print(f"district: {len(files)} files, {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
