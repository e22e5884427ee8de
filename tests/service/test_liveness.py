"""Liveness and fairness with production defaults: no shortened visibility timeout, task limits,
heartbeat or attempts (only the test hook that slows each read, so a fault certainly lands mid-run).

* a whole worker (its process group) killed with SIGKILL mid-run, a new worker on another machine:
  the run completes through the heartbeat and the sweeper, long before Redis's 40-minute
  visibility timeout would redeliver the lost message; nothing read or counted twice;
* an upload stored while Redis was down, and Redis restarted empty: the run completes without
  restarting the worker;
* a small submission queued behind a large one is read before the large one ends (Celery and
  embedded modes); its queue wait is printed.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from service.storage.models import Job
from service.storage.session import dispose_engines, session_scope
from tests.service.stack import (
    SAMPLE,
    SMALL_EVIDENCE,
    Stack,
    free_port,
    reachable,
    small_submission,
    upload,
    wait_done,
    wait_for,
)
from tests.service.test_workers import _assert_whole

pytestmark = [pytest.mark.service, pytest.mark.slow]
UNIT, OTHER = "Huyện Kon Rẫy", "Huyện Đăk Hà"
SHORTENED = ("VERIFIER_TASK_HARD_LIMIT", "VERIFIER_TASK_SOFT_LIMIT", "VERIFIER_VISIBILITY_TIMEOUT",
             "VERIFIER_MAX_ATTEMPTS")


def production_stack(stack_factory: type[Stack], home: Path, db: str, broker: str | None, **extra: str) -> Stack:
    stack = stack_factory(home, db, broker, **extra)
    for key in SHORTENED:                    # tests/service/stack.py shortens these for the other tests
        stack.env.pop(key, None)
    return stack


def _progress(client: Any, sub_id: str) -> dict[str, Any]:
    state: dict[str, Any] = client.get(f"/submissions/{sub_id}").json()
    return state


def test_whole_worker_killed_completes_with_default_settings(stack_factory: type[Stack], fresh_pg: str,
                                                             redis_url: str, tmp_path: Path) -> None:
    stack = production_stack(stack_factory, tmp_path / "home", fresh_pg, redis_url,
                             VERIFIER_TEST_EXTRACT_DELAY_S="3", VERIFIER_WORKER_HOST="machine-a")
    stack.upgrade()
    token = stack.token("unit", unit=UNIT, province="kontum")
    stack.start_api()
    first = stack.start_worker("w1")
    folder = small_submission(tmp_path / "sub", count=5)
    with stack.client(token) as client:
        sub = upload(client, folder)
        wait_for(lambda: (_progress(client, sub["id"])["progress"] or {}).get("files_done", 0) >= 2, 120,
                 "two files done")
        wait_for(lambda: _reading(fresh_pg, sub["run"]), 30, "a file being read")
        first.kill()                                   # SIGKILL to the process group: parent and pool child
        killed_at = time.monotonic()
        mid = _progress(client, sub["id"])
        assert mid["status"] == "running" and mid["progress"]["files_done"] < 5, mid
        stack.env["VERIFIER_WORKER_HOST"] = "machine-b"   # the replacement runs elsewhere: no pid to check
        stack.start_worker("w2")
        ready_at = time.monotonic()
        state = wait_done(client, sub["id"], timeout=240)
        done_at = time.monotonic()
    print(f"\n[liveness] whole worker kill -9, default settings: done {done_at - ready_at:.1f}s after the new "
          f"worker was ready ({done_at - killed_at:.1f}s after the kill; visibility timeout 2400s)")
    assert state["status"] == "done", state
    _assert_whole(fresh_pg, sub["run"], set(SMALL_EVIDENCE[:5]))
    with session_scope(fresh_pg) as s:
        attempts = sorted(s.execute(select(Job.attempts).where(Job.run_id == sub["run"])).scalars())
    assert attempts[-1] == 2 and attempts[:-1] == [1] * 4, attempts   # only the file in flight was read again
    assert "sweeper:" in stack.home.joinpath("worker-w2.log").read_text(encoding="utf-8", errors="replace")
    dispose_engines()


def _reading(url: str, run_id: int) -> bool:
    with session_scope(url) as s:
        return bool(s.execute(select(Job.id).where(Job.run_id == run_id, Job.status == "running")).first())


def test_upload_while_redis_is_down_then_redis_restarted_empty_completes(stack_factory: type[Stack], fresh_pg: str,
                                                                          tmp_path: Path) -> None:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    cmd = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
           "--dir", str(tmp_path)]
    redis_proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: reachable("127.0.0.1", port), 20, "the private redis")
        stack = production_stack(stack_factory, tmp_path / "home", fresh_pg, f"redis://127.0.0.1:{port}/0")
        stack.upgrade()
        token = stack.token("unit", unit=UNIT, province="kontum")
        stack.start_api()
        worker = stack.start_worker("w1")
        folder = small_submission(tmp_path / "sub", count=3)
        subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], check=False, capture_output=True,
                       timeout=20)
        redis_proc.wait(timeout=20)
        with stack.client(token) as client:
            sub = upload(client, folder)                   # stored; its message cannot be sent
            assert _progress(client, sub["id"])["status"] == "queued"
            with stack.client(stack.token("admin")) as admin:
                ready = admin.get("/health")
            assert ready.status_code == 503 and ready.json()["broker"] == "error", ready.text
            redis_proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_for(lambda: reachable("127.0.0.1", port), 20, "redis back, empty")
            back_at = time.monotonic()
            state = wait_done(client, sub["id"], timeout=180)
            done_at = time.monotonic()
        print(f"\n[liveness] upload during a Redis outage, Redis restarted empty: done {done_at - back_at:.1f}s "
              f"after Redis returned (no worker restart)")
        assert state["status"] == "done", state
        assert worker.popen.poll() is None                 # the same worker, never restarted
        _assert_whole(fresh_pg, sub["run"], set(SMALL_EVIDENCE[:3]))
    finally:
        redis_proc.terminate()
        redis_proc.wait(timeout=20)
        dispose_engines()


def _times(state: dict[str, Any]) -> tuple[str, str, float]:
    run = state["runs"][-1]
    return run["started_at"], run["finished_at"], float(run["queue_wait_s"])


def _small_behind_large(stack: Stack, big_token: str, small_token: str, large: Path, tmp_path: Path,
                        big_timeout: float) -> tuple[dict[str, Any], dict[str, Any]]:
    """Upload ``large``, and once it is running a one-file submission of another unit: both final states."""
    small = tmp_path / "small"
    (small / "evidence" / "8.1").mkdir(parents=True)
    shutil.copyfile(SAMPLE / "assessment.tsv", small / "assessment.tsv")
    shutil.copyfile(SAMPLE / SMALL_EVIDENCE[6], small / "evidence" / "8.1" / "TB.pdf")
    with stack.client(big_token) as big_client, stack.client(small_token) as small_client:
        big = upload(big_client, large)
        wait_for(lambda: _progress(big_client, big["id"])["status"] == "running", 60, "the large one running")
        little = upload(small_client, small)
        small_state = wait_done(small_client, little["id"], timeout=120)
        big_state = wait_done(big_client, big["id"], timeout=big_timeout)
    return small_state, big_state


def test_small_submission_behind_a_large_one_is_read_first_celery(stack_factory: type[Stack], fresh_pg: str,
                                                                  redis_url: str, tmp_path: Path) -> None:
    stack = production_stack(stack_factory, tmp_path / "home", fresh_pg, redis_url, VERIFIER_TEST_EXTRACT_DELAY_S="2")
    stack.upgrade()
    big_token = stack.token("unit", unit=UNIT, province="kontum")
    small_token = stack.token("unit", unit=OTHER, province="kontum")
    stack.start_api()
    stack.start_worker("w1", concurrency=1)
    large = small_submission(tmp_path / "large", count=6)
    small_state, big_state = _small_behind_large(stack, big_token, small_token, large, tmp_path, big_timeout=180)
    _s_start, s_end, s_wait = _times(small_state)
    _b_start, b_end, _ = _times(big_state)
    print(f"\n[fairness] celery, 1 reader, large 6 files x 2s then small 1 file: small queue wait {s_wait:.1f}s, "
          f"small done {'before' if s_end < b_end else 'AFTER'} the large one")
    assert small_state["status"] == big_state["status"] == "done"
    assert s_end < b_end                                 # first-in first-out would finish it last
    dispose_engines()


def test_small_submission_behind_a_large_one_is_read_first_embedded(stack_factory: type[Stack], tmp_path: Path) -> None:
    home = tmp_path / "home"
    stack = production_stack(stack_factory, home, f"sqlite:///{home / 'var' / 'verifier.db'}", None,
                             VERIFIER_INLINE_JOBS="1")
    stack.upgrade()
    big_token = stack.token("unit", unit=UNIT, province="kontum")
    small_token = stack.token("unit", unit=OTHER, province="kontum")
    stack.start_api()
    large = tmp_path / "large"
    large.mkdir()
    shutil.copyfile(SAMPLE / "assessment.tsv", large / "assessment.tsv")
    for i in range(24):                                  # distinct contents: nothing comes from the cache
        rel = SMALL_EVIDENCE[i % 6]
        target = large / rel.replace(".pdf", f"-{i}.pdf")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((SAMPLE / rel).read_bytes() + f"\n%copy {i}\n".encode())
    small_state, big_state = _small_behind_large(stack, big_token, small_token, large, tmp_path, big_timeout=240)
    _s_start, s_end, s_wait = _times(small_state)
    _b_start, b_end, _ = _times(big_state)
    print(f"\n[fairness] embedded, 1 reader, large 24 files then small 1 file: small queue wait {s_wait:.1f}s, "
          f"large took {big_state['runs'][-1]['duration_s']:.1f}s")
    assert small_state["status"] == big_state["status"] == "done"
    assert s_end < b_end
