"""The drafting figures in README.md and docs/frameworks.md are scripts/measure_draft.py's output,
not sentences: change the patterns and the figures must be measured again and pasted."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "measure_draft.py"


def _script() -> Any:
    spec = importlib.util.spec_from_file_location("measure_draft", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module     # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_documented_figures_are_the_scripts_output() -> None:
    m = _script()
    text = m.summary(m.measure())
    for doc in ("README.md", "docs/frameworks.md"):
        assert text in (ROOT / doc).read_text(encoding="utf-8"), f"{doc}: paste `scripts/measure_draft.py` output"


def test_the_aim_is_reached_on_the_seed_and_the_two_figures_stay_apart() -> None:
    m = _script()
    results = m.measure()
    seed = results[m.CASES[0].name]
    assert len(seed) == 94 and sum(r.agrees for r in seed) / len(seed) >= 0.8
    roles = {c.role for c in m.CASES}
    assert roles == {"regression", "held-out"}
    text = m.summary(results)
    assert text.index("regression:") < text.index("held-out:")


def test_the_held_out_details_are_not_printed() -> None:
    """Nobody tunes on the held-out leaves by accident: the script refuses to list them."""
    done = subprocess.run([sys.executable, str(SCRIPT), "--details", "held-out"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2 and "invalid choice" in done.stderr
