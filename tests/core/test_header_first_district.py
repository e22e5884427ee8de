"""Same answers from header-first reading as from reading every page (docs/reading.md).

The district-sized submission of benchmarks/check_bench.py (151 files, 135 scanned pages) is
checked twice: header-first (the default) and with every page read in full (``full_text``, what
``verifier check --full-text`` sets). Every criterion must get the same status, the same suggested
score and the same kinds of findings. Nothing here is exempt: the rules that read the body of
their documents (declared in the rule data) and the documents compared for conflicting copies get
their pages read in full before the verdict, and a page completed later is exactly the page read
at once (tests/read/test_header_first.py), so no difference is expected anywhere.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from benchmarks.check_bench import read_in_full
from samplegen.district import build_district
from verifier.limits import ReadSettings
from verifier.pipeline import check_submission
from verifier.results import Report

pytestmark = [pytest.mark.ocr, pytest.mark.slow]


def _verdicts(report: Report) -> dict[str, tuple[object, ...]]:
    return {c.code: (c.status, c.suggested_score, tuple(sorted(f.kind for f in c.findings)))
            for c in report.criteria}


def test_header_first_and_full_reading_give_the_same_verdicts(tmp_path: Path) -> None:
    district = tmp_path / "district"
    build_district(district)
    lazy_settings = dataclasses.replace(ReadSettings.from_env(), full_text=False)
    full_settings = dataclasses.replace(lazy_settings, full_text=True)

    lazy = check_submission(district, settings=lazy_settings, cache_dir=tmp_path / "lazy")
    in_full, ocr_pages = read_in_full(tmp_path / "lazy")
    full = check_submission(district, settings=full_settings, cache_dir=tmp_path / "full")

    assert ocr_pages >= 100                                    # the scans were OCR'd...
    assert in_full < ocr_pages                            # ...and not all of them in full
    lazy_v, full_v = _verdicts(lazy), _verdicts(full)
    assert lazy_v.keys() == full_v.keys()
    differing = {code: (lazy_v[code], full_v[code]) for code in full_v if lazy_v[code] != full_v[code]}
    assert differing == {}
    assert lazy.totals == full.totals

    # --full-text over the header-first cache completes its entries in place: same keys, all pages whole
    entries = sorted(p.name for p in (tmp_path / "lazy").rglob("*.json"))
    completed = check_submission(district, settings=full_settings, cache_dir=tmp_path / "lazy")
    assert sorted(p.name for p in (tmp_path / "lazy").rglob("*.json")) == entries
    assert read_in_full(tmp_path / "lazy") == (ocr_pages, ocr_pages)
    assert _verdicts(completed) == full_v
