"""The service end to end against a real PostgreSQL, Redis and Celery worker processes:

* an upload through the HTTP API (``verifier serve`` + ``verifier submit``) is verified by a worker
  and its report fetched; a round-2 supplement re-extracts only the new files;
* a worker SIGKILLed mid-submission and restarted completes it, no result lost or duplicated;
* a poison file (its reader kills the worker every time) is quarantined after N attempts while
  the rest of the submission completes;
* a Redis restart mid-run is survived (a private redis-server with an append-only file).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from service.audit.verify import verify_chain
from service.storage.models import AuditEntry, ExtractionRow, FindingRow, Job, Run
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

pytestmark = [pytest.mark.service, pytest.mark.slow]
UNIT = "Huyện Kon Rẫy"


def _entries(url: str, action: str, run_id: int | None = None) -> list[dict[str, Any]]:
    with session_scope(url) as s:
        rows = s.execute(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)).scalars()
        out = [json.loads(e.details) | {"_unit": e.unit} for e in rows]
    return [d for d in out if run_id is None or d.get("run") == run_id]


def _assert_whole(url: str, run_id: int, expected_files: set[str]) -> None:
    """Done once: every file extracted exactly once, one run entry, findings stored once, chain intact."""
    with session_scope(url) as s:
        run = s.get_one(Run, run_id)
        assert run.status == "done", run.error
        assert run.files_done == run.files_total == len(expected_files)
        statuses = Counter(s.execute(select(Job.status).where(Job.run_id == run_id)).scalars())
        report = json.loads(run.report or "{}")
        stored = s.execute(select(func.count()).select_from(FindingRow).where(FindingRow.run_id == run_id)).scalar_one()
        chain = verify_chain(s)
    assert statuses == Counter({"done": len(expected_files)})
    extracted = Counter(d["file"] for d in _entries(url, "extraction", run_id))
    assert set(extracted) == expected_files and set(extracted.values()) == {1}, extracted
    runs = _entries(url, "verification_run", run_id)
    assert [r["status"] for r in runs] == ["done"]
    in_report = sum(len(c["findings"]) for c in report["criteria"]) + len(report["findings"])
    assert stored == in_report
    assert chain.ok, chain.problem


def test_upload_through_api_is_verified_by_a_worker(stack_factory: type[Stack], fresh_pg: str, redis_url: str,
                                                    tmp_path: Path) -> None:
    stack = stack_factory(tmp_path / "home", fresh_pg, redis_url)
    stack.upgrade()
    token = stack.token("unit", unit=UNIT, province="kontum")
    admin = stack.token("admin")
    stack.start_api()
    stack.start_worker("w1")
    folder = small_submission(tmp_path / "sub", count=4)

    done = stack.run_cli("submit", str(folder), "--server", stack.base_url, "--token", token, "--interval", "0.3",
                         "--wait", "120")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["unit"] == UNIT and report["year"] == 2023
    assert sorted(f["file"] for f in report["files"]) == sorted(SMALL_EVIDENCE[:4])
    sub_id = report["submission"]["id"]

    with stack.client(admin) as client:
        status = client.get("/status").json()
    assert status["database"]["status"] == "ok" and status["redis"]["status"] == "ok"
    assert status["workers"]["status"] == "ok", status

    # Round 2: one file replaced by new content, one file added. Only those two are read again.
    replaced = (SAMPLE / SMALL_EVIDENCE[5]).read_bytes()
    added = (SAMPLE / SMALL_EVIDENCE[6]).read_bytes()
    with stack.client(token) as client:
        resp = client.post(f"/submissions/{sub_id}/files", files=[
            ("evidence", (SMALL_EVIDENCE[0].removeprefix("evidence/"), replaced, "application/pdf")),
            ("evidence", ("8.1/new.pdf", added, "application/pdf"))])
        assert resp.status_code == 202, resp.text
        round2 = resp.json()
        state = wait_done(client, sub_id, timeout=90)
        assert state["status"] == "done" and state["round"] == 2
        assert state["runs"][-1]["extracted"] == 2
        second = client.get(f"/submissions/{sub_id}/report").json()
    assert second["submission"]["round"] == 2
    assert "evidence/8.1/new.pdf" in {f["file"] for f in second["files"]}
    with session_scope(fresh_pg) as s:
        assert s.execute(select(func.count()).select_from(ExtractionRow)).scalar_one() == 6
    assert sorted(d["file"] for d in _entries(fresh_pg, "extraction", round2["run"])) == sorted(
        [SMALL_EVIDENCE[0], "evidence/8.1/new.pdf"])
    dispose_engines()


def test_worker_killed_mid_submission_and_restarted_completes_it(stack_factory: type[Stack], fresh_pg: str,
                                                                 redis_url: str, tmp_path: Path) -> None:
    stack = stack_factory(tmp_path / "home", fresh_pg, redis_url, VERIFIER_TEST_EXTRACT_DELAY_S="1.5",
                          VERIFIER_TASK_HARD_LIMIT="15", VERIFIER_TASK_SOFT_LIMIT="12",
                          VERIFIER_VISIBILITY_TIMEOUT="16", VERIFIER_MAX_ATTEMPTS="3")
    stack.upgrade()
    token = stack.token("unit", unit=UNIT, province="kontum")
    stack.start_api()
    first = stack.start_worker("w1")
    folder = small_submission(tmp_path / "sub", count=5)
    with stack.client(token) as client:
        sub = upload(client, folder)
        wait_for(lambda: (client.get(f"/submissions/{sub['id']}").json()["progress"] or {}).get("files_done", 0) >= 2,
                 60, "two files done")
        first.kill()                                        # SIGKILL to the whole worker: parent and pool child
        progress = client.get(f"/submissions/{sub['id']}").json()
        assert progress["status"] == "running" and progress["progress"]["files_done"] < 5
        stack.start_worker("w2")
        state = wait_done(client, sub["id"], timeout=120)
    assert state["status"] == "done", state
    _assert_whole(fresh_pg, sub["run"], set(SMALL_EVIDENCE[:5]))
    dispose_engines()


def test_poison_file_is_quarantined_and_the_rest_completes(stack_factory: type[Stack], fresh_pg: str,
                                                           redis_url: str, tmp_path: Path) -> None:
    folder = small_submission(tmp_path / "sub", count=3)
    poison = SMALL_EVIDENCE[1]
    digest = hashlib.sha256((folder / poison).read_bytes()).hexdigest()
    stack = stack_factory(tmp_path / "home", fresh_pg, redis_url, VERIFIER_TEST_POISON_SHA256=digest,
                          VERIFIER_MAX_ATTEMPTS="2")
    stack.upgrade()
    token = stack.token("unit", unit=UNIT, province="kontum")
    stack.start_api()
    worker = stack.start_worker("w1")
    with stack.client(token) as client:
        sub = upload(client, folder)
        state = wait_done(client, sub["id"], timeout=120)
        report = client.get(f"/submissions/{sub['id']}/report").json()
    assert state["status"] == "done", state
    assert state["quarantined"] == [poison]
    by_file = {f["file"]: f for f in report["files"]}
    assert by_file[poison]["error_code"] == "E_QUARANTINED"
    assert all(by_file[f]["error_code"] is None for f in SMALL_EVIDENCE[:3] if f != poison)
    assert worker.text().count("WorkerLostError") + worker.text().count("signal 9") >= 2
    quarantined = _entries(fresh_pg, "quarantined")
    assert [(q["file"], q["attempts"]) for q in quarantined] == [(poison, 2)]
    dispose_engines()


def test_redis_restart_mid_run_is_survived(stack_factory: type[Stack], fresh_pg: str, tmp_path: Path) -> None:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    data = tmp_path / "redis"
    data.mkdir()
    cmd = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data), "--appendonly", "yes",
           "--appendfsync", "always", "--save", "", "--daemonize", "no"]
    redis_proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: reachable("127.0.0.1", port), 20, "the private redis")
        stack = stack_factory(tmp_path / "home", fresh_pg, f"redis://127.0.0.1:{port}/0",
                              VERIFIER_TEST_EXTRACT_DELAY_S="1.5")
        stack.upgrade()
        token = stack.token("unit", unit=UNIT, province="kontum")
        stack.start_api()
        worker = stack.start_worker("w1")
        folder = small_submission(tmp_path / "sub", count=5)
        with stack.client(token) as client:
            sub = upload(client, folder)
            wait_for(lambda: (client.get(f"/submissions/{sub['id']}").json()["progress"] or {})
                     .get("files_done", 0) >= 1, 60, "one file done")
            mid = client.get(f"/submissions/{sub['id']}").json()
            assert mid["status"] == "running" and mid["progress"]["files_done"] < 5
            subprocess.run(["redis-cli", "-p", str(port), "shutdown"], check=False, capture_output=True, timeout=20)
            redis_proc.wait(timeout=20)
            time.sleep(2)
            redis_proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_for(lambda: reachable("127.0.0.1", port), 20, "redis back")
            state = wait_done(client, sub["id"], timeout=120)
        assert state["status"] == "done", state
        assert "Connection to broker lost" in worker.text()
        _assert_whole(fresh_pg, sub["run"], set(SMALL_EVIDENCE[:5]))
    finally:
        redis_proc.terminate()
        redis_proc.wait(timeout=20)
        dispose_engines()


def test_upload_while_the_broker_is_down_runs_when_a_worker_starts(stack_factory: type[Stack], fresh_pg: str,
                                                                   tmp_path: Path) -> None:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    port = free_port()                                       # nothing listens here yet
    stack = stack_factory(tmp_path / "home", fresh_pg, f"redis://127.0.0.1:{port}/0")
    stack.upgrade()
    token = stack.token("unit", unit=UNIT, province="kontum")
    stack.start_api()
    folder = small_submission(tmp_path / "sub", count=2)
    redis_proc: subprocess.Popen[bytes] | None = None
    try:
        with stack.client(token) as client:
            sub = upload(client, folder)                     # stored although it cannot be queued
            assert client.get(f"/submissions/{sub['id']}").json()["status"] == "queued"
            redis_proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                           "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
            wait_for(lambda: reachable("127.0.0.1", port), 20, "redis")
            stack.start_worker("late")
            state = wait_done(client, sub["id"], timeout=90)
        assert state["status"] == "done", state
        _assert_whole(fresh_pg, sub["run"], set(SMALL_EVIDENCE[:2]))
    finally:
        if redis_proc is not None:
            redis_proc.terminate()
            redis_proc.wait(timeout=20)
        dispose_engines()
