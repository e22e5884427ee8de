"""Reader processes (verifier/isolate.py): a dead, bloated or stuck reader costs only its own file.

The pools here run with the production memory cap (``Limits()``); only the deadline of a test
function that sleeps is given explicitly, since no reader sleeps on purpose.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from verifier.errors import FileTimeout, MemoryLimit, ReaderCrashed, ReadingCancelled, TooManyPages
from verifier.isolate import ChildPool
from verifier.limits import Limits, ReadSettings
from verifier.pipeline import extract_all

ROOT = Path(__file__).resolve().parents[2]
FUZZ = Path(__file__).resolve().parents[1] / "data" / "fuzz"
GOOD = ROOT / "sample_evidence" / "konray-2023" / "evidence" / "5.1.2" / \
    "CV-269-UBND-NC-dang-ky-tiep-nhan-cong-chuc.docx"


def _pid() -> int:
    return os.getpid()


def _abort() -> None:
    os.abort()


def _allocate(n: int) -> int:
    return len(bytearray(n))


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _raise_typed(name: str) -> None:
    raise TooManyPages(file=name, pages=400, limit=300)


def _env(key: str) -> str | None:
    return os.environ.get(key)


@pytest.fixture
def pool() -> Iterator[ChildPool]:
    p = ChildPool(1, Limits())
    yield p
    p.close()


def test_a_process_is_reused_and_a_typed_error_crosses_back(pool: ChildPool) -> None:
    first = pool.call(_pid, name="a")
    assert first != os.getpid() and pool.call(_pid, name="b") == first
    with pytest.raises(TooManyPages) as caught:
        pool.call(_raise_typed, "x.pdf", name="x.pdf")
    assert caught.value.file == "x.pdf" and "400" in caught.value.message_en
    assert pool.call(_pid, name="c") == first


def test_an_abort_is_a_typed_error_and_the_next_call_gets_a_new_process(pool: ChildPool) -> None:
    first = pool.call(_pid, name="a")
    with pytest.raises(ReaderCrashed) as caught:
        pool.call(_abort, name="bomb.pdf")
    assert "bomb.pdf" in caught.value.one_line() and "SIGABRT" in caught.value.one_line()
    assert pool.call(_pid, name="b") not in (first, os.getpid())


def test_memory_over_the_cap_is_refused_and_the_process_replaced(pool: ChildPool) -> None:
    first = pool.call(_pid, name="a")
    with pytest.raises(MemoryLimit) as caught:
        pool.call(_allocate, Limits().child_memory_bytes + 2**30, name="big.png")
    assert "big.png" in caught.value.one_line()
    assert str(Limits().child_memory_bytes // 2**20) in caught.value.one_line()
    assert pool.call(_allocate, 100 * 2**20, name="ok") == 100 * 2**20
    assert pool.call(_pid, name="b") != first


def test_a_call_past_its_deadline_is_killed(pool: ChildPool) -> None:
    stuck = pool.call(_pid, name="a")
    with pytest.raises(FileTimeout) as caught:
        pool.call(_sleep, 3600, name="slow.pdf", deadline_s=2)
    assert "slow.pdf" in caught.value.one_line()
    with pytest.raises(ProcessLookupError):
        os.kill(stuck, 0)
    assert pool.call(_pid, name="b") != stuck


def test_a_call_cancelled_from_another_thread_stops_at_once_and_the_pool_goes_on(pool: ChildPool) -> None:
    """What a full-text step does when a verdict's file arrives (service/fulltext.py): the page in
    progress is abandoned, not waited for; a call that already returned is not touched."""
    import threading

    busy = pool.call(_pid, name="warm")          # a reused process: its death is not retried
    assert pool.cancel() == 0                    # nothing running, nothing killed
    assert pool.call(_pid, name="still") == busy
    outcome: list[BaseException | None] = []

    def read() -> None:
        try:
            pool.call(_sleep, 3600, name="trang-2.pdf", deadline_s=3600)
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=read)
    thread.start()
    deadline = time.monotonic() + 30
    while not pool._busy and time.monotonic() < deadline:
        time.sleep(0.01)
    assert pool.cancel() == 1
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert isinstance(outcome[0], ReadingCancelled) and "trang-2.pdf" in outcome[0].one_line()
    with pytest.raises(ProcessLookupError):
        os.kill(busy, 0)
    assert pool.call(_pid, name="after") not in (busy, os.getpid())


def test_processes_are_recycled_after_their_task_count() -> None:
    pool = ChildPool(1, Limits(child_max_tasks=2))
    try:
        pids = [pool.call(_pid, name=str(i)) for i in range(4)]
    finally:
        pool.close()
    assert pids[0] == pids[1] != pids[2] == pids[3]


def test_the_child_sees_the_callers_environment(pool: ChildPool, monkeypatch: pytest.MonkeyPatch) -> None:
    pool.call(_pid, name="warm")
    monkeypatch.setenv("VERIFIER_ISOLATE_PROBE", "set after the process started")
    assert pool.call(_env, "VERIFIER_ISOLATE_PROBE", name="env") == "set after the process started"


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_pdf_that_grows_pdfium_without_limit_costs_only_itself(tmp_path: Path, jobs: int) -> None:
    # F01/F01b: a Form XObject that draws itself (or two that draw each other) grew PDFium until the
    # process aborted (exit 134); with one file or --jobs 1 it was the CLI itself, and the batch was lost.
    files = [(FUZZ / "F01-form-xobject-self-recursion.pdf", "evidence/F01.pdf"),
             (GOOD, "evidence/5.1.2/good.docx"),
             (FUZZ / "F01b-form-xobject-mutual-recursion.pdf", "evidence/F01b.pdf")]
    out = {e.file: e for e in extract_all(files, ReadSettings.from_env(), cache=None, jobs=jobs)}
    assert out["evidence/5.1.2/good.docx"].ok and out["evidence/5.1.2/good.docx"].identity is not None
    for rel in ("evidence/F01.pdf", "evidence/F01b.pdf"):
        error = out[rel].error
        assert error is not None and error.code in {"E_READER_CRASHED", "E_MEMORY_LIMIT"}, error
        assert rel in error.message_vi and rel in error.message_en and "\n" not in error.one_line()


def test_one_such_file_alone_is_a_message_not_an_abort(tmp_path: Path) -> None:
    import subprocess
    import sys

    bomb = FUZZ / "F01-form-xobject-self-recursion.pdf"
    done = subprocess.run([sys.executable, "-m", "cli.main", "extract", str(bomb), "--format", "json", "--quiet",
                           "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(("[E_READER_CRASHED] ", "[E_MEMORY_LIMIT] "))
    assert "F01-form-xobject-self-recursion.pdf" in lines[0]


def _read_from_a_daemon(queue: object) -> None:
    pool = ChildPool(1, Limits())
    try:
        queue.put(pool.call(_pid, name="a") != os.getpid())  # type: ignore[attr-defined]
    finally:
        pool.close()


def test_a_daemonic_process_can_have_reader_processes() -> None:
    # A Celery prefork child is daemonic: multiprocessing refused it children and every upload failed.
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_read_from_a_daemon, args=(queue,), daemon=True)
    proc.start()
    try:
        assert queue.get(timeout=120) is True
    finally:
        proc.join(30)
    assert proc.exitcode == 0
