"""The scheduler's decisions on a real database (SQLite) with real files: which job a free reader
claims (round-robin over runs), when a running job is claimed again (stopped heartbeat, dead
process), the sweeper's lease and backlog, and the pages budget."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import socket
from pathlib import Path

import pytest
from sqlalchemy import select, update

from service.intake import receive_submission
from service.jobs import Context, claim_next, finish_if_complete, plan_jobs, run_job
from service.storage.blobs import BlobStore
from service.storage.models import Job, Lease, RoundFile, Run, utcnow
from service.storage.session import dispose_engines, session_scope
from service.sweep import acquire_lease, backlog
from tests.service.stack import small_submission
from verifier.limits import ReadSettings

pytestmark = pytest.mark.service


def _ctx(url: str, tmp: Path, **kw: int) -> Context:
    return Context(database_url=url, blobs=BlobStore(tmp / "blobs"), max_attempts=kw.pop("max_attempts", 3),
                   read_settings=ReadSettings.from_env(), **kw)


def _submit(ctx: Context, folder: Path, unit: str) -> int:
    with session_scope(ctx.database_url) as s:
        _sub, run = receive_submission(s, ctx.blobs, folder, unit=unit, province="kontum", actor="test",
                                       max_file_bytes=50 * 1024 * 1024)
        plan_jobs(s, run, ctx.read_settings)
        return run.id


def _run_of(ctx: Context, job_id: int) -> int:
    with session_scope(ctx.database_url) as s:
        return s.get_one(Job, job_id).run_id


@pytest.fixture()
def two_runs(sqlite_url: str, tmp_path: Path) -> tuple[Context, int, int]:
    ctx = _ctx(sqlite_url, tmp_path)
    large = _submit(ctx, small_submission(tmp_path / "large", count=4), "Huyện Kon Rẫy")
    small = tmp_path / "small"
    small_submission(small, count=6)
    for extra in sorted((small / "evidence").rglob("*.pdf"))[:-1]:   # keep only the 6th, unread by the large one
        extra.unlink()
    return ctx, large, _submit(ctx, small, "Huyện Đăk Hà")


def test_a_free_reader_takes_the_run_served_longest_ago(two_runs: tuple[Context, int, int]) -> None:
    ctx, large, small = two_runs
    first, _ = claim_next(ctx)
    assert first is not None and _run_of(ctx, first) == large       # oldest run, nobody served yet
    second, _ = claim_next(ctx)                                      # a second reader, the first still busy
    assert second is not None and _run_of(ctx, second) == small     # the run with no file being read
    run_job(ctx, first)
    run_job(ctx, second)
    order = []
    while (job := claim_next(ctx)[0]) is not None:
        order.append(_run_of(ctx, job))
        run_job(ctx, job)
    assert order == [large] * 3                                      # the rest of the large one
    for run_id in (large, small):
        assert finish_if_complete(ctx, run_id)
    dispose_engines()


def test_one_reader_interleaves_runs(two_runs: tuple[Context, int, int]) -> None:
    ctx, large, small = two_runs
    order = []
    while (job := claim_next(ctx)[0]) is not None:
        order.append(_run_of(ctx, job))
        run_job(ctx, job)
    # First in, first out would give [large]*4 + [small]: the small run waits for one file only.
    assert order == [large, small, large, large, large]
    dispose_engines()


def _dead_pid() -> int:
    proc = multiprocessing.get_context("spawn").Process(target=int)
    proc.start()
    proc.join()
    assert proc.pid is not None
    return proc.pid


def test_a_running_job_is_claimed_again_only_when_its_reader_is_gone(two_runs: tuple[Context, int, int]) -> None:
    ctx, _large, _small = two_runs
    job, _ = claim_next(ctx, worker="elsewhere:1")
    assert job is not None
    with session_scope(ctx.database_url) as s:
        claimed = {j.id for j in s.execute(select(Job).where(Job.status == "pending")).scalars()}
    # While its heartbeat is fresh, readers take the other jobs, never this one.
    others = [claim_next(ctx, worker="elsewhere:2")[0] for _ in claimed]
    assert job not in others and set(others) == claimed
    victim = others[0]
    assert victim is not None
    assert claim_next(ctx)[0] is None
    with session_scope(ctx.database_url) as s:       # its machine went away 61 s ago
        s.execute(update(Job).where(Job.id == job).values(
            heartbeat_at=dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=ctx.stale_after_s + 1)))
    again, _ = claim_next(ctx)
    assert again == job
    # A reader process of this host that no longer exists: claimable at once, heartbeat fresh or not.
    dead = f"{socket.gethostname()}:{_dead_pid()}"
    with session_scope(ctx.database_url) as s:
        s.execute(update(Job).where(Job.id == victim).values(worker=dead))
    assert claim_next(ctx)[0] == victim
    with session_scope(ctx.database_url) as s:
        attempts = {j.id: j.attempts for j in s.execute(select(Job)).scalars()}
    assert attempts[job] == 2 and attempts[victim] == 2
    dispose_engines()


def test_sweeper_lease_has_one_owner_and_backlog_counts_claimable_work(two_runs: tuple[Context, int, int]) -> None:
    ctx, _large, _small = two_runs
    with session_scope(ctx.database_url) as s:
        assert acquire_lease(s, "host-a:1", ttl_s=45)
        assert not acquire_lease(s, "host-b:2", ttl_s=45)
        assert acquire_lease(s, "host-a:1", ttl_s=45)              # renewal
        s.execute(update(Lease).values(expires_at=dt.datetime(2000, 1, 1)))
        assert acquire_lease(s, "host-b:2", ttl_s=45)              # the holder died: the lease expired
        assert backlog(s, ctx.stale_after_s).claimable == 5
    job, _ = claim_next(ctx, worker="elsewhere:1")
    with session_scope(ctx.database_url) as s:
        assert backlog(s, ctx.stale_after_s).claimable == 4       # a living reader holds one
        s.execute(update(Job).where(Job.id == job).values(heartbeat_at=dt.datetime(2000, 1, 1)))
        assert backlog(s, ctx.stale_after_s).claimable == 5
        # Runs queued within the last sweep interval send their own wake-ups: not counted (pending
        # ones, that is; a stale claim is woken at once).
        assert backlog(s, ctx.stale_after_s, settle_s=15).claimable == 1
        s.execute(update(Run).values(queued_at=dt.datetime.now(dt.UTC).replace(tzinfo=None)
                                     - dt.timedelta(seconds=16)))
        assert backlog(s, ctx.stale_after_s, settle_s=15).claimable == 5
    dispose_engines()


def test_pages_budget_leaves_the_rest_unread_and_says_so(sqlite_url: str, tmp_path: Path) -> None:
    ctx = _ctx(sqlite_url, tmp_path, budget_pages=1)
    run_id = _submit(ctx, small_submission(tmp_path / "sub", count=3), "Huyện Kon Rẫy")
    read = 0
    while (job := claim_next(ctx)[0]) is not None:
        run_job(ctx, job)
        read += 1
    assert finish_if_complete(ctx, run_id)
    with session_scope(ctx.database_url) as s:
        run = s.get_one(Run, run_id)
        statuses = sorted(s.execute(select(Job.status).where(Job.run_id == run_id)).scalars())
        report = json.loads(run.report or "{}")
        files = set(s.execute(select(RoundFile.relative).where(RoundFile.role == "evidence")).scalars())
        exceeded = run.budget_exceeded
    assert read == 1 and statuses == ["done", "skipped", "skipped"]
    assert exceeded and exceeded.startswith("pages ")
    budget = [f for f in report["files"] if f.get("error_code") == "E_BUDGET"]
    assert len(budget) == 2 and {f["file"] for f in budget} < files
    message = json.dumps(budget, ensure_ascii=False)
    assert "số trang" in message and "pages" in message
    dispose_engines()


def test_a_run_being_evaluated_is_not_evaluated_again_until_its_claim_is_stale(sqlite_url: str,
                                                                                 tmp_path: Path) -> None:
    """Two workers finishing a run's last files at once both call finish_if_complete: only the one that
    claimed the evaluation evaluates (the other would read the body pages and send the full text again);
    a claim whose heartbeat stopped (the evaluator died) is taken over."""
    ctx = _ctx(sqlite_url, tmp_path)
    run_id = _submit(ctx, small_submission(tmp_path / "sub", count=2), "Huyện Kon Rẫy")
    while (job := claim_next(ctx)[0]) is not None:
        run_job(ctx, job)
    now = utcnow()
    with session_scope(ctx.database_url) as s:     # as another worker leaves it while evaluating
        s.execute(update(Run).where(Run.id == run_id).values(status="running", stage="evaluate", last_claim_at=now))
    assert finish_if_complete(ctx, run_id) is False
    with session_scope(ctx.database_url) as s:
        run = s.get_one(Run, run_id)
        assert (run.status, run.report) == ("running", None)
        run.last_claim_at = now - dt.timedelta(seconds=ctx.stale_after_s + 5)   # that worker died
    assert finish_if_complete(ctx, run_id) is True
    with session_scope(ctx.database_url) as s:
        run = s.get_one(Run, run_id)
        assert run.status == "done" and run.report is not None
    dispose_engines()
