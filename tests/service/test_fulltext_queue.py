"""Header-first reading in the service: the verdict is stored before the scanned pages are read in
full, and a worker consuming the low-priority queue "background" reads the rest afterwards.

Real PostgreSQL, Redis and Celery worker processes (tests/service/stack.py). The first worker
consumes only the verdict queue, so the run is done while the scans' extractions still hold only
their top bands; a second worker started with ``-Q background`` then completes them in place.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from service.storage.models import ExtractionRow, Run
from service.storage.session import dispose_engines, session_scope
from tests.service.stack import PYTHON, SAMPLE, Proc, Stack, wait_for

if TYPE_CHECKING:
    from service.jobs import Context

pytestmark = [pytest.mark.service, pytest.mark.slow, pytest.mark.ocr]
UNIT = "Huyện Kon Rẫy"
# scanned (no text layer), two pages each, under criteria that decide on the documents' identity
SCANS = ("evidence/2.1.2/BC-01-DKT-ket-qua-kiem-tra.pdf", "evidence/5.4/KH-146-HU-kiem-diem-danh-gia-2023.pdf")


def _ocr_pages(url: str) -> list[dict[str, Any]]:
    with session_scope(url) as s:
        payloads = list(s.execute(select(ExtractionRow.payload)).scalars())
    return [p for payload in payloads for p in (json.loads(payload).get("read") or {}).get("pages", ())
            if p.get("method") == "ocr"]


def _scans_submission(folder: Path) -> Path:
    """The sample's table with only the two scans as evidence."""
    folder.mkdir()
    shutil.copyfile(SAMPLE / "assessment.tsv", folder / "assessment.tsv")
    for rel in SCANS:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SAMPLE / rel, folder / rel)
    return folder


def _report(url: str) -> str | None:
    with session_scope(url) as s:
        return s.execute(select(Run.report).where(Run.status == "done")).scalar_one_or_none()


def test_verdict_first_then_full_text_on_the_background_queue(stack_factory: type[Stack], fresh_pg: str,
                                                               redis_url: str, tmp_path: Path) -> None:
    folder = _scans_submission(tmp_path / "sub")
    stack = stack_factory(tmp_path / "home", fresh_pg, redis_url)
    stack.upgrade()
    token = stack.token("unit", unit=UNIT, province="kontum")
    stack.start_api()
    stack.start_worker("verdicts", queues="verifier")   # never takes a background task

    done = stack.run_cli("submit", str(folder), "--server", stack.base_url, "--token", token, "--interval", "0.3",
                         "--wait", "300")
    assert done.returncode == 0, done.stderr
    verdict = _report(fresh_pg)
    assert verdict is not None
    pages = _ocr_pages(fresh_pg)
    assert len(pages) == 4
    # the verdict stored on the top bands alone: no rule of these criteria reads a body
    assert not any(p["complete"] for p in pages)

    background = Proc([PYTHON, "-m", "celery", "-A", "workers.app", "worker", "--concurrency=1", "--pool=prefork",
                       "-Q", "background", "--hostname=background@%h", "--loglevel=INFO", "--without-gossip",
                       "--without-mingle", "--without-heartbeat"], stack.env, stack.home / "worker-background.log")
    stack.procs.append(background)
    wait_for(lambda: all(p["complete"] for p in _ocr_pages(fresh_pg)) or None, 300, "the full text", interval=1)
    completed = _ocr_pages(fresh_pg)
    assert len(completed) == 4
    for before, after in zip(pages, completed, strict=True):
        assert after["text"].startswith(before["text"]) and len(after["text"]) > len(before["text"])
    assert "verifier.complete_full_text" in background.text()
    assert _report(fresh_pg) == verdict                  # the stored verdict is not touched
    dispose_engines()


def test_embedded_runner_reads_the_rest_after_the_verdict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No broker (the embedded default): the in-process runner stores the verdict first and then reads
    the pages header-first reading left, in its idle slots; the verdict is not touched."""
    import time

    from fastapi.testclient import TestClient

    from service.api.app import create_app
    from service.auth.tokens import Role, create_token
    from service.config import load_settings

    for key in ("VERIFIER_BROKER_URL", "DATABASE_URL", "VERIFIER_BLOB_DIR", "VERIFIER_FULL_TEXT"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("VERIFIER_HOME", str(tmp_path))
    settings = load_settings()
    files = [("assessment", ("assessment.tsv", (SAMPLE / "assessment.tsv").read_bytes(), "text/plain"))]
    files += [("evidence", (rel.removeprefix("evidence/"), (SAMPLE / rel).read_bytes(), "application/pdf"))
              for rel in SCANS]
    with TestClient(create_app(settings)) as client:
        with session_scope(settings.database_url) as s:
            token = create_token(s, Role.UNIT, unit=UNIT, province="kontum")
        headers = {"Authorization": f"Bearer {token}"}
        resp = client.post("/submissions", headers=headers, files=files)
        assert resp.status_code == 202, resp.text
        wait_for(lambda: client.get(f"/submissions/{resp.json()['id']}", headers=headers).json()["status"]
                 in ("done", "failed") or None, 300, "the verdict", interval=0.3)
        verdict = _report(settings.database_url)
        assert verdict is not None
        at_verdict = _ocr_pages(settings.database_url)
        assert len(at_verdict) == 4 and not all(p["complete"] for p in at_verdict)
        wait_for(lambda: all(p["complete"] for p in _ocr_pages(settings.database_url)) or None, 300,
                 "the full text", interval=1)
        time.sleep(0.5)
        completed = _ocr_pages(settings.database_url)
        assert _report(settings.database_url) == verdict
    for before, after in zip(at_verdict, completed, strict=True):
        assert after["text"].startswith(before["text"]) and len(after["text"]) >= len(before["text"])
    assert sum(len(a["text"]) > len(b["text"]) for b, a in zip(at_verdict, completed, strict=True)) >= 2
    dispose_engines()


def _first_run_done(sqlite_url: str, tmp_path: Path) -> tuple[Context, Callable[[Path], int], Path, int]:
    """The scans submission received, read and its verdict stored, embedded on SQLite: the context,
    a function that receives (and plans) another upload, the folder, and the run."""
    from service.intake import receive_submission
    from service.jobs import Context, claim_next, finish_if_complete, plan_jobs, run_job
    from service.storage.blobs import BlobStore
    from verifier.limits import ReadSettings

    ctx = Context(database_url=sqlite_url, blobs=BlobStore(tmp_path / "blobs"), max_attempts=3,
                  read_settings=ReadSettings())

    def receive(folder: Path) -> int:
        with session_scope(sqlite_url) as s:
            _sub, run = receive_submission(s, ctx.blobs, folder, unit=UNIT, province="kontum", actor="test",
                                           max_file_bytes=50 * 1024 * 1024)
            plan_jobs(s, run, ctx.read_settings)
            return int(run.id)

    folder = _scans_submission(tmp_path / "sub")
    run_id = receive(folder)
    while (job := claim_next(ctx)[0]) is not None:
        run_job(ctx, job)
    assert finish_if_complete(ctx, run_id)
    return ctx, receive, folder, run_id


def _new_bytes(folder: Path, into: Path) -> Path:
    """The same submission with new content hashes (nothing cached), as another unit's upload."""
    shutil.copytree(folder, into)
    for pdf in sorted(into.rglob("*.pdf")):
        pdf.write_bytes(pdf.read_bytes() + b"\n% another upload\n")
    return into


def test_full_text_is_read_in_steps_of_at_least_one_page_and_gives_way_to_a_waiting_file(
        sqlite_url: str, tmp_path: Path) -> None:
    """A step reads pages until its budget is spent, at least one, and says whether any are left: the
    Celery task sends the next step to the back of the queue. A step stops before its next page when
    some run's file waits for a reader, so a round 2 waits for one page, not for a run's full text."""
    from service.fulltext import Step, complete_some
    from service.jobs import claim_next, finish_if_complete, run_job

    ctx, receive, folder, run_id = _first_run_done(sqlite_url, tmp_path)
    assert len(_ocr_pages(sqlite_url)) == 4 and not any(p["complete"] for p in _ocr_pages(sqlite_url))

    assert complete_some(ctx, run_id, budget_s=0) == Step(1, True)     # one page, three left
    assert sum(p["complete"] for p in _ocr_pages(sqlite_url)) == 1
    # Another submission arrives: its files are pending, and the step reads nothing and says it gave way.
    second_run = receive(_new_bytes(folder, tmp_path / "other"))
    assert complete_some(ctx, run_id, budget_s=0) == Step(0, True, yielded=True)
    assert sum(p["complete"] for p in _ocr_pages(sqlite_url)) == 1
    while (job := claim_next(ctx)[0]) is not None:
        run_job(ctx, job)
    assert finish_if_complete(ctx, second_run)
    # a budget no page exceeds even on a loaded machine: the step reads the other three pages
    steps = [complete_some(ctx, run_id, budget_s=3600) for _ in range(2)]
    assert steps[0] == Step(3, False) and steps[1] == Step(0, False)   # nothing left: the chain ends
    dispose_engines()


def test_a_page_in_progress_is_abandoned_when_a_verdicts_file_arrives(sqlite_url: str, tmp_path: Path) -> None:
    """The step's own reader process is stopped mid-page (a page takes a second or more) as soon as
    another upload's file waits, and the step says it gave way; the page is read by a later step."""
    import threading

    from service.fulltext import Step, _background_pool, complete_some

    ctx, receive, folder, run_id = _first_run_done(sqlite_url, tmp_path)
    steps: list[Step] = []
    reader = threading.Thread(target=lambda: steps.append(complete_some(ctx, run_id, budget_s=3600)))
    reader.start()
    pool = _background_pool(ctx)
    wait_for(lambda: bool(pool._busy) or None, 60, "the first page to be in progress", interval=0.01)
    receive(_new_bytes(folder, tmp_path / "other"))
    reader.join(timeout=60)
    assert steps == [Step(0, True, yielded=True)]
    assert not any(p["complete"] for p in _ocr_pages(sqlite_url))
    dispose_engines()
