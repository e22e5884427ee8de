"""Side-by-side timing: round-robin over the contenders after a warm-up, medians and ratios.

perf.md's method: time every contender in the same run, alternating A B C … A B C …, so drift in
machine speed cancels out; report medians and the median of per-round ratios to the baseline.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    name: str
    median_s: float
    ratio_to_baseline: float        # median of per-round ratios; 1.0 for the baseline
    rounds: int


def race(contenders: Sequence[tuple[str, Callable[[], object]]], *, rounds: int = 5, warmup: int = 1) -> list[Result]:
    """Run each contender once per round, in turn; the first contender is the baseline."""
    for _ in range(warmup):
        for _name, fn in contenders:
            fn()
    times: dict[str, list[float]] = {name: [] for name, _ in contenders}
    for _ in range(rounds):
        for name, fn in contenders:
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    base = contenders[0][0]
    out = []
    for name, _ in contenders:
        ratios = [t / b for t, b in zip(times[name], times[base], strict=True)]
        out.append(Result(name, statistics.median(times[name]), statistics.median(ratios), rounds))
    return out


def child_peak_rss_mib(argv: Sequence[str]) -> tuple[float, float]:
    """Run argv in a child process; return (wall seconds, peak RSS MiB of that child alone)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(list(argv), check=True, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the max over all children so far: measure in a fresh interpreter
    # (the benchmark calls this first, or the figure is an upper bound).
    return wall, max(after, before) / 1024


def table(results: Sequence[Result], unit_label: str = "s", per: float = 1.0) -> str:
    lines = [f"{'contender':<44} {'median ' + unit_label:>14} {'ratio':>8}"]
    for r in results:
        lines.append(f"{r.name:<44} {r.median_s / per:>14.4f} {r.ratio_to_baseline:>8.2f}")
    return "\n".join(lines)


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
