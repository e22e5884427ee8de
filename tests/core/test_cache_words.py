"""Word boxes in the extraction cache: kept with every page, decoded only when first used.

A warm check decodes every cached extraction but reads no word box; page pictures and the
completion of header-first pages do (docs/reading.md, header-first reading).
"""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path

import pytest

from tests.read.pdf_factory import make_scan_pdf, make_text_pdf, render_page, scanned
from verifier.cache import Extraction, ExtractionCache, extraction_key
from verifier.limits import ReadSettings
from verifier.pipeline import complete_evidence, extract_evidence
from verifier.read.model import FileKind, Page, PageMethod, ReadResult, Word
from verifier.serialize import LazyTuple, from_jsonable, to_jsonable


def _lazy(words: object) -> LazyTuple:
    """The words of a page decoded from the cache (typed as a tuple, a LazyTuple at run time)."""
    assert isinstance(words, LazyTuple), type(words)
    return words


def _stored_words(cache_root: Path) -> list[list[object]]:
    (entry,) = cache_root.rglob("*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    return [page["words"] for page in data["read"]["pages"]]


def test_cache_round_trip_keeps_the_words_and_decodes_them_when_asked(tmp_path: Path) -> None:
    pdf = make_text_pdf(tmp_path / "kh.pdf", pages=2)
    cache = ExtractionCache(tmp_path / "cache")
    cold = extract_evidence(pdf, "evidence/1.1.1/kh.pdf", ReadSettings(), cache)
    assert cold.read is not None and cold.read.pages[0].words     # a text page keeps its header's boxes
    assert len(_stored_words(tmp_path / "cache")[0]) == len(cold.read.pages[0].words)

    warm = extract_evidence(pdf, "evidence/1.1.1/kh.pdf", ReadSettings(), cache)
    assert warm.read is not None
    lazy = [_lazy(p.words) for p in warm.read.pages if p.words]
    assert lazy and not any(w.decoded for w in lazy)
    assert warm == cold                     # equal to what was read, words included
    assert all(w.decoded for w in lazy)     # comparing needed them: decoded then, not before
    again = extract_evidence(pdf, "evidence/1.1.1/kh.pdf", ReadSettings(), cache)
    assert again.read is not None
    first = _lazy(again.read.pages[0].words)
    assert len(first) == len(cold.read.pages[0].words)
    assert not first.decoded                # its length is known without decoding
    assert all(isinstance(w, Word) for w in first)
    assert _lazy(first).decoded             # asked for: decoded now
    assert tuple(first) == cold.read.pages[0].words


def test_lazy_words_behave_as_the_tuple_they_stand_for() -> None:
    words = (Word("Số:", 0.1, 0.1, 0.15, 0.12, 91.0), Word("163/KH-UBND", 0.16, 0.1, 0.3, 0.12, 88.5))
    page = Page(1, "Số: 163/KH-UBND", PageMethod.OCR, 90.0, words=words, complete=False, read_to=0.3)
    data = to_jsonable(page)

    decoded = from_jsonable(Page, data)
    assert to_jsonable(decoded) == data and not _lazy(decoded.words).decoded   # stored again as it came
    more = (Word("KẾ", 0.4, 0.5, 0.45, 0.52, 80.0),)
    assert decoded.words + more == words + more                          # completing a page adds boxes
    assert more + decoded.words == more + words
    assert decoded.words[1:] == words[1:] and decoded.words[0] == words[0]
    assert decoded == page and page == decoded and hash(decoded) == hash(page)
    assert pickle.loads(pickle.dumps(decoded)) == page                    # to a reader process: plain data
    assert type(pickle.loads(pickle.dumps(decoded)).words) is tuple
    assert dataclasses.replace(decoded, complete=True).words == words
    assert from_jsonable(Page, {**data, "words": []}).words == ()


def test_words_that_are_not_a_list_make_the_entry_a_miss(tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path / "cache")
    page = Page(1, "x", PageMethod.TEXT, words=(Word("x", 0.0, 0.0, 0.1, 0.1),))
    cache.put("k" * 8, Extraction(ReadResult("a.pdf", FileKind.PDF, "ab" * 32, 1, (page,)), None, None))
    assert cache.get("k" * 8) is not None
    (entry,) = (tmp_path / "cache").rglob("*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["read"]["pages"][0]["words"] = "x"
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert cache.get("k" * 8) is None


@pytest.mark.slow
@pytest.mark.ocr
def test_completing_a_cached_header_first_page_keeps_its_band_words(tmp_path: Path) -> None:
    # page 1 of a scan is read by its header band (docs/reading.md); page 2, body text at its top, is left
    # unread by the layout gate, so page 1 is the band with boxes
    text = make_text_pdf(tmp_path / "src.pdf", pages=2)
    scan = make_scan_pdf(tmp_path / "quet.pdf", [scanned(render_page(text, 0)), scanned(render_page(text, 1), seed=3)])
    settings = ReadSettings()
    cache = ExtractionCache(tmp_path / "cache")
    extract_evidence(scan, "evidence/quet.pdf", settings, cache)
    warm = extract_evidence(scan, "evidence/quet.pdf", settings, cache)
    assert warm.read is not None and warm.sha256 is not None
    band = warm.read.pages[0]
    assert not band.complete and band.words, "the scan must be read header-first, with boxes in its band"
    assert not _lazy(band.words).decoded

    done = complete_evidence(scan, warm, None, settings, cache)
    assert done.read is not None and done.read.pages[0].complete
    full_words = done.read.pages[0].words
    assert len(full_words) > len(band.words)
    assert tuple(full_words[:len(band.words)]) == tuple(band.words)      # the band's boxes, then the rest's
    stored = cache.get(extraction_key(warm.sha256, settings))
    assert stored is not None and stored.read is not None
    assert tuple(stored.read.pages[0].words) == tuple(full_words)
