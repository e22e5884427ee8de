"""Load benchmark of the service: N units upload at once and poll until their reports are ready.

    .venv/bin/python benchmarks/load_bench.py [--units 20] [--files 2] [--workers 2] [--embedded]

Real processes, as deployed: ``verifier serve`` (uvicorn) and, unless ``--embedded``, a Celery worker
on Redis with PostgreSQL (a fresh database, Redis database ``--redis-db``); ``--embedded`` runs the
in-process runner on SQLite instead. Each unit has its own token and unit record and uploads its own
submission (the sample table and ``--files`` born-digital PDFs made distinct per unit, so every file
is really read), then polls ``GET /submissions/{id}`` every ``--interval`` seconds until done.

Prints, per request kind (upload, poll): count, p50 and p95 latency, errors by status; the number
of 5xx responses (the target is zero); and each unit's time from upload to report (p50, p95, max).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.service.stack import (  # noqa: E402
    SAMPLE,
    SMALL_EVIDENCE,
    Stack,
    create_pg_database,
    drop_pg_database,
    zip_folder,
)


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _folder(root: Path, unit: int, files: int) -> Path:
    dest = root / f"unit-{unit}"
    (dest / "evidence").mkdir(parents=True)
    (dest / "assessment.tsv").write_bytes((SAMPLE / "assessment.tsv").read_bytes())
    for i in range(files):
        rel = SMALL_EVIDENCE[i % len(SMALL_EVIDENCE)]
        target = dest / rel.replace(".pdf", f"-u{unit}-{i}.pdf")
        target.parent.mkdir(parents=True, exist_ok=True)
        # A comment after %%EOF: the same document, a different content hash (no cache hit).
        target.write_bytes((SAMPLE / rel).read_bytes() + f"\n% load unit {unit} copy {i}\n".encode())
    return dest


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {"upload": [], "poll": []}
        self.status: dict[str, Counter[int]] = {"upload": Counter(), "poll": Counter()}
        self.errors: list[str] = []
        self.done_s: list[float] = []

    def add(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            self.status[kind][status] += 1


def _unit_session(base: str, token: str, folder: Path, rec: Recorder, interval: float, timeout: float,
                  start: threading.Event) -> None:
    body = zip_folder(folder)
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120) as client:
        start.wait()
        began = time.perf_counter()
        try:
            resp = client.post("/submissions", files={"archive": ("nop.zip", body, "application/zip")})
        except httpx.HTTPError as exc:
            rec.errors.append(f"upload: {type(exc).__name__}")
            return
        rec.add("upload", time.perf_counter() - began, resp.status_code)
        if resp.status_code != 202:
            rec.errors.append(f"upload {resp.status_code}: {resp.text[:120]}")
            return
        sub_id = resp.json()["id"]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            time.sleep(interval)
            t0 = time.perf_counter()
            try:
                poll = client.get(f"/submissions/{sub_id}")
            except httpx.HTTPError as exc:
                rec.errors.append(f"poll: {type(exc).__name__}")
                continue
            rec.add("poll", time.perf_counter() - t0, poll.status_code)
            if poll.status_code == 200 and poll.json().get("status") in ("done", "failed"):
                with rec.lock:
                    rec.done_s.append(time.perf_counter() - began)
                return
        rec.errors.append(f"unit {folder.name}: not done after {timeout}s")


def run(args: argparse.Namespace) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="load-bench-"))
    db_url = None
    if args.embedded:
        db = f"sqlite:///{tmp / 'home' / 'var' / 'verifier.db'}"
        broker = None
    else:
        import redis

        broker = f"redis://127.0.0.1:6379/{args.redis_db}"
        redis.Redis.from_url(broker).flushdb()
        db = db_url = create_pg_database()
    # Production limits (not the tests' shortened ones).
    stack = Stack(tmp / "home", db, broker, VERIFIER_TASK_HARD_LIMIT="1800", VERIFIER_TASK_SOFT_LIMIT="1740",
                  VERIFIER_VISIBILITY_TIMEOUT="2400", VERIFIER_MAX_ATTEMPTS="3",
                  VERIFIER_INLINE_JOBS=str(args.workers))
    try:
        stack.upgrade()
        tokens = [stack.token("unit", unit=f"Xã Tải {i:03d}", province="kontum") for i in range(args.units)]
        stack.start_api()
        if broker:
            stack.start_worker("load", concurrency=args.workers)
        folders = [_folder(tmp / "subs", i, args.files) for i in range(args.units)]
        rec = Recorder()
        start = threading.Event()
        threads = [threading.Thread(target=_unit_session, args=(stack.base_url, tok, folder, rec, args.interval,
                                                                 args.timeout, start))
                   for tok, folder in zip(tokens, folders, strict=True)]
        for t in threads:
            t.start()
        t0 = time.perf_counter()
        start.set()
        for t in threads:
            t.join()
        makespan = time.perf_counter() - t0
    finally:
        stack.close()
        if db_url:
            drop_pg_database(db_url)
    server_errors = sum(n for kind in rec.status.values() for code, n in kind.items() if code >= 500)
    result: dict[str, Any] = {
        "mode": "embedded (SQLite)" if args.embedded else f"celery ({args.workers} processes, PostgreSQL, Redis)",
        "units": args.units, "files_per_unit": args.files, "cpus": os.cpu_count(),
        "makespan_s": round(makespan, 2), "server_errors_5xx": server_errors, "client_errors": rec.errors[:20],
        "units_done": len(rec.done_s),
        "upload_to_report_s": {"p50": round(_pct(rec.done_s, 0.5), 2), "p95": round(_pct(rec.done_s, 0.95), 2),
                               "max": round(max(rec.done_s, default=float("nan")), 2)},
    }
    for kind in ("upload", "poll"):
        lat = rec.latency[kind]
        result[kind] = {"count": len(lat), "p50_ms": round(_pct(lat, 0.5) * 1000, 1),
                        "p95_ms": round(_pct(lat, 0.95) * 1000, 1),
                        "mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else None,
                        "statuses": dict(sorted(rec.status[kind].items()))}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=20, help="concurrent units")
    parser.add_argument("--files", type=int, default=2, help="evidence PDFs per unit")
    parser.add_argument("--workers", type=int, default=2, help="reader processes")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between polls")
    parser.add_argument("--timeout", type=float, default=600, help="seconds a unit waits for its report")
    parser.add_argument("--embedded", action="store_true", help="in-process runner on SQLite, no broker")
    parser.add_argument("--redis-db", type=int, default=int(os.environ.get("VERIFIER_TEST_REDIS_DB", "12")))
    parser.add_argument("--json", help="also write the result here")
    args = parser.parse_args()
    result = run(args)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0 if result["server_errors_5xx"] == 0 and result["units_done"] == args.units else 1


if __name__ == "__main__":
    raise SystemExit(main())
