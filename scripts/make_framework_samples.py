"""Regenerate the sample submissions of the frameworks drafted for a new province and level
(sample_evidence/sonla-commune-2025, sonla-department-2025), deterministically.

    python scripts/make_framework_samples.py [--out sample_evidence]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from samplegen.sonla2025 import build_all  # noqa: E402 (after the sys.path line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO / "sample_evidence")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    for name, paths in build_all(args.out).items():
        size = sum(p.stat().st_size for p in paths)
        print(f"{name}: {len(paths)} files, {size / 1e6:.2f} MB")
    print(f"{time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
