from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_evidence" / "konray-2023"


def run_cli(*args: str, cache: Path | None = None, timeout: float = 900,
            env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a child process, as a user would."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env_extra or {})}
    if cache is not None:
        env["VERIFIER_CACHE_DIR"] = str(cache)
    return subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=ROOT)


@pytest.fixture
def cli_cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def load_json(text: str) -> Any:
    return json.loads(text)
