"""The in-process pipeline: the page-1 OCR retry, parallel extraction order, and the cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.read.pdf_factory import make_scan_pdf, make_text_pdf, render_page, scanned
from verifier.cache import ExtractionCache
from verifier.limits import ReadSettings
from verifier.pipeline import extract_all, extract_evidence


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("scan")
    return make_scan_pdf(tmp / "quet.pdf", [scanned(render_page(make_text_pdf(tmp / "src.pdf")))])


@pytest.mark.slow
@pytest.mark.ocr
def test_page_one_is_re_read_at_the_retry_resolution_when_number_or_date_is_lost(scan: Path) -> None:
    # 50 dpi is too coarse for Tesseract to read the number line; the retry at 200 dpi reads it.
    without = extract_evidence(scan, "evidence/1.1.1/quet.pdf", ReadSettings(ocr_dpi=50, ocr_retry_dpi=50))
    assert without.identity is not None and not without.identity.complete
    retried = extract_evidence(scan, "evidence/1.1.1/quet.pdf", ReadSettings(ocr_dpi=50, ocr_retry_dpi=200))
    assert retried.identity is not None and retried.identity.complete
    assert retried.identity.number is not None and retried.identity.number.value.text == "163/KH-UBND"
    assert retried.read is not None and retried.read.pages[0].dpi == 200
    assert retried.folder_code == "1.1.1"


def test_parallel_extraction_keeps_input_order_and_reuses_the_cache(tmp_path: Path) -> None:
    files = [(make_text_pdf(tmp_path / f"kh{i}.pdf", pages=i), f"evidence/{i}/kh{i}.pdf") for i in (1, 3, 2)]
    (tmp_path / "hong.pdf").write_bytes(b"%PDF-1.4\n%broken")
    files.append((tmp_path / "hong.pdf", "evidence/hong.pdf"))
    cache = ExtractionCache(tmp_path / "cache")
    seen: list[int] = []
    first = extract_all(files, ReadSettings(), cache=cache, jobs=2, progress=lambda p: seen.append(p.done))
    assert [e.file for e in first] == [rel for _p, rel in files]
    assert [len(e.read.pages) if e.read else None for e in first] == [1, 3, 2, None]
    assert first[-1].error is not None and first[-1].error.code == "E_CORRUPT"
    assert seen[0] == 0 and seen[-1] == len(files)
    entries = {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").rglob("*.json")}
    assert len(entries) == len(files)
    again = extract_all(files, ReadSettings(), cache=cache, jobs=2)
    assert again == first
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").rglob("*.json")} == entries


def _ready_here() -> tuple[int, list[str]]:
    from verifier.read import tesseract

    return os.getpid(), tesseract.ready_languages()


@pytest.mark.ocr
def test_a_prestarted_reader_warms_up_unwaited_and_takes_the_first_call_itself() -> None:
    """warm_reader (a fresh Celery process calls it) starts a reader process that loads the readers and
    the language models while nobody waits; the first call goes to that process, after the warm-up,
    and no second process is started beside it."""
    from verifier.isolate import ChildPool
    from verifier.pipeline import _warm

    pool = ChildPool(2)
    try:
        assert pool.call(_ready_here, name="cold")[1] == []               # a new process has no engine
        pool.close()
        pool = ChildPool(2)
        assert pool.prestart(_warm, ReadSettings())
        assert not pool.prestart(_warm, ReadSettings())                   # an idle process is there
        pid, ready = pool.call(_ready_here, name="first file")
        assert ready == ["osd", "vie"] and pool._count == 1
        assert pool.call(_ready_here, name="second file")[0] == pid
    finally:
        pool.close()


def test_a_reader_that_dies_warming_up_costs_no_file() -> None:
    """A death during the warm-up is not blamed on the file that follows: it is read in a new process."""
    import signal

    from verifier.isolate import ChildPool

    pool = ChildPool(1)
    try:
        assert pool.prestart(os.kill, 0, 0)          # harmless ahead-call, then kill it by hand
        victim = pool._idle[0].process.pid
        os.kill(victim, signal.SIGKILL)
        pid, _ready = pool.call(_ready_here, name="a.pdf")
        assert pid != victim
    finally:
        pool.close()
