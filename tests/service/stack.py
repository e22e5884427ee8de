"""Real service components for the tests: a private PostgreSQL database, Redis, an API server and
Celery worker processes started as subprocesses with their own environment.

Every process gets its configuration from environment variables only, exactly as in production;
nothing is patched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SAMPLE = REPO / "sample_evidence" / "konray-2023"
# Born-digital PDFs of the sample (text layer, no OCR): fast enough for a service test.
SMALL_EVIDENCE = (
    "evidence/1.1.1/KH-163-CCHC-2023.pdf",
    "evidence/1.3.1/KH-130-kiem-tra-CCHC-dot-2-2023.pdf",
    "evidence/2.1.1/KH-61-thi-hanh-XLVPHC-2023.pdf",
    "evidence/2.2.4/BC-473-ra-soat-VBQPPL-2023.pdf",
    "evidence/5.1.1/CV-3682-SNV-VTVL-don-vi-su-nghiep.pdf",
    "evidence/5.7/BC-19-PNV-dao-tao-boi-duong-2023.pdf",
    "evidence/8.1/TB-25-SNV-kiem-tra-dot-xuat.pdf",
)
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def small_submission(dest: Path, count: int = len(SMALL_EVIDENCE)) -> Path:
    """assessment.tsv plus ``count`` born-digital evidence PDFs of the Kon Rẫy sample."""
    if not (SAMPLE / "assessment.tsv").is_file():
        raise AssertionError(f"the sample submission is missing: {SAMPLE}")
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLE / "assessment.tsv", dest / "assessment.tsv")
    for rel in SMALL_EVIDENCE[:count]:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SAMPLE / rel, target)
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def create_pg_database() -> str:
    import psycopg

    name = f"verifier_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def drop_pg_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[-1]
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def wait_for(predicate: Callable[[], Any], timeout: float, what: str, interval: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class Proc:
    """A subprocess in its own process group, with its output in a log file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._fh = log.open("ab")
        self.popen = subprocess.Popen(args, cwd=REPO, env=env, stdout=self._fh, stderr=subprocess.STDOUT,
                                      start_new_session=True)

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)
        try:
            self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)
        self._fh.close()

    def stop(self) -> None:
        self.kill(signal.SIGTERM)


class Stack:
    """Environment plus the processes of one test: API server, workers, maybe a private Redis."""

    def __init__(self, home: Path, database_url: str, broker_url: str | None, **extra: str) -> None:
        self.home = home
        home.mkdir(parents=True, exist_ok=True)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFIER_")}
        self.env.update({
            "PYTHONPATH": str(REPO), "VERIFIER_HOME": str(home), "DATABASE_URL": database_url,
            "VERIFIER_CACHE_DIR": str(home / "cache"), "OMP_THREAD_LIMIT": "1",
            "VERIFIER_TASK_HARD_LIMIT": "20", "VERIFIER_TASK_SOFT_LIMIT": "15",
            "VERIFIER_VISIBILITY_TIMEOUT": "24", "VERIFIER_MAX_ATTEMPTS": "2",
        })
        if broker_url:
            self.env["VERIFIER_BROKER_URL"] = broker_url
        self.env.update(extra)
        self.database_url = database_url
        self.procs: list[Proc] = []
        self.base_url = ""

    def run_cli(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([PYTHON, "-m", "cli.main", *args], cwd=REPO, env=self.env, capture_output=True,
                              text=True, timeout=timeout)

    def upgrade(self) -> None:
        done = self.run_cli("db", "upgrade")
        assert done.returncode == 0, done.stderr

    def token(self, role: str, unit: str | None = None, province: str | None = None) -> str:
        args = ["token", "create", "--role", role]
        if unit:
            args += ["--unit", unit]
        if province:
            args += ["--province", province]
        done = self.run_cli(*args)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def start_api(self) -> str:
        port = free_port()
        proc = Proc([PYTHON, "-m", "cli.main", "serve", "--port", str(port), "--log-level", "warning"],
                    self.env, self.home / f"api-{port}.log")
        self.procs.append(proc)
        self.base_url = f"http://127.0.0.1:{port}"
        wait_for(lambda: reachable("127.0.0.1", port), 30, f"the API on port {port}\n{proc.text()}")
        return self.base_url

    def start_worker(self, name: str, concurrency: int = 1, queues: str = "verifier,background") -> Proc:
        log = self.home / f"worker-{name}.log"
        proc = Proc([PYTHON, "-m", "celery", "-A", "workers.app", "worker", f"--concurrency={concurrency}",
                     "--pool=prefork", "-Q", queues, f"--hostname={name}@%h", "--loglevel=INFO",
                     "--without-gossip", "--without-mingle", "--without-heartbeat"], self.env, log)
        self.procs.append(proc)
        wait_for(lambda: " ready." in proc.text() or proc.popen.poll() is not None, 60, f"worker {name}")
        assert proc.popen.poll() is None, proc.text()
        return proc

    def client(self, token: str) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=60)

    def close(self) -> None:
        for proc in reversed(self.procs):
            proc.stop()
        self.procs.clear()


def zip_folder(folder: Path) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
    return buf.getvalue()


def upload(client: httpx.Client, folder: Path, **data: str) -> dict[str, Any]:
    resp = client.post("/submissions", data=data,
                       files={"archive": ("submission.zip", zip_folder(folder), "application/zip")})
    assert resp.status_code == 202, resp.text
    body: dict[str, Any] = resp.json()
    return body


def wait_done(client: httpx.Client, sub_id: str, timeout: float = 90,
              on_poll: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    def finished() -> dict[str, Any] | None:
        state: dict[str, Any] = client.get(f"/submissions/{sub_id}").json()
        if on_poll:
            on_poll(state)
        return state if state.get("status") in ("done", "failed") else None

    result: dict[str, Any] = wait_for(finished, timeout, f"submission {sub_id} to finish", interval=0.3)
    return result
