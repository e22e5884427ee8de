"""A signed PDF's evidence crosses the process pool (pickle) and the cache (JSON): the pipeline
extracts files in worker processes, so every value a reader returns must be plain data."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from verifier.cache import Extraction
from verifier.limits import ReadSettings
from verifier.pipeline import extract_evidence
from verifier.serialize import from_jsonable, to_jsonable

SAMPLE = Path(__file__).resolve().parents[2] / "sample_evidence" / "konray-2023-realworld"
SIGNED = "evidence/2.1.1/KH-61-thi-hanh-XLVPHC-2023.pdf"


def test_signed_evidence_pickles_and_round_trips() -> None:
    if not (SAMPLE / SIGNED).is_file():
        pytest.skip("realworld sample not generated (scripts/make_realworld.py)")
    e = extract_evidence(SAMPLE / SIGNED, SIGNED, ReadSettings.from_env(), cache=None)
    assert e.read is not None and len(e.read.signatures) == 2
    assert pickle.loads(pickle.dumps(e)) == e
    record = Extraction(read=e.read, identity=e.identity, error=e.error, documents=e.documents)
    assert from_jsonable(Extraction, json.loads(json.dumps(to_jsonable(record)))) == record
