"""Anonymous flood: N requests with bad tokens while a real unit keeps working.

    .venv/bin/python benchmarks/flood_bench.py [--requests 10000] [--threads 8] [--polls 100]

Real processes with production defaults: ``verifier serve`` (uvicorn) on SQLite with the in-process
runner, the default failed-authentication limit. A real unit uploads one small submission, then
reads it ``--polls`` times before the flood (the baseline) and as many times during it, from the
same address as the flood. Prints the flood's statuses, the audit rows and failure-counter rows it
added, and the real unit's p50/p95 latency and statuses before and during the flood, in one run.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
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

from benchmarks.load_bench import _folder, _pct  # noqa: E402
from tests.service.stack import Stack, zip_folder  # noqa: E402


def _actions(db: Path) -> Counter[str]:
    with sqlite3.connect(db) as con:
        return Counter(dict(con.execute("SELECT action, count(*) FROM audit_log GROUP BY action").fetchall()))


def _scalar(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as con:
        return int(con.execute(sql).fetchone()[0] or 0)


def _polls(client: httpx.Client, path: str, n: int, interval: float) -> tuple[list[float], Counter[int]]:
    latency: list[float] = []
    statuses: Counter[int] = Counter()
    for _ in range(n):
        t0 = time.perf_counter()
        resp = client.get(path)
        latency.append(time.perf_counter() - t0)
        statuses[resp.status_code] += 1
        time.sleep(interval)
    return latency, statuses


def _flood(base: str, count: int, statuses: Counter[int], lock: threading.Lock) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        for i in range(count):
            code = client.get("/submissions/x", headers={"Authorization": f"Bearer pv_bad{i:08d}"}).status_code
            with lock:
                statuses[code] += 1


def _summary(latency: list[float], statuses: Counter[int]) -> dict[str, Any]:
    return {"count": len(latency), "p50_ms": round(_pct(latency, 0.5) * 1000, 1),
            "p95_ms": round(_pct(latency, 0.95) * 1000, 1), "statuses": dict(sorted(statuses.items()))}


def run(args: argparse.Namespace) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="flood-bench-"))
    db = tmp / "home" / "var" / "verifier.db"
    stack = Stack(tmp / "home", f"sqlite:///{db}", None)
    try:
        stack.upgrade()
        token = stack.token("unit", unit="Xã Thử Tải", province="kontum")
        stack.start_api()
        with httpx.Client(base_url=stack.base_url, headers={"Authorization": f"Bearer {token}"},
                          timeout=60) as client:
            body = zip_folder(_folder(tmp / "subs", 0, 1))
            resp = client.post("/submissions", files={"archive": ("nop.zip", body, "application/zip")})
            resp.raise_for_status()
            path = f"/submissions/{resp.json()['id']}"
            while client.get(path).json().get("status") not in ("done", "failed"):
                time.sleep(0.5)     # the unit's own run writes audit entries: let it finish first
            before_lat, before_st = _polls(client, path, args.polls, args.interval)
            audit0 = _actions(db)
            flood: Counter[int] = Counter()
            lock = threading.Lock()
            per = args.requests // args.threads
            threads = [threading.Thread(target=_flood, args=(stack.base_url, per, flood, lock))
                       for _ in range(args.threads)]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            during_lat, during_st = _polls(client, path, args.polls, args.interval)
            for t in threads:
                t.join()
            flood_s = time.perf_counter() - t0
            # The failure counters are written in batches, at the next failure 2 s after the last write.
            time.sleep(2.5)
            httpx.get(f"{stack.base_url}{path}", headers={"Authorization": "Bearer pv_flush"})
            time.sleep(1)
            audit1 = _actions(db)
            counted = _scalar(db, "SELECT sum(count) FROM auth_failures")
    finally:
        stack.close()
    return {
        "flood": {"requests": per * args.threads, "threads": args.threads, "seconds": round(flood_s, 1),
                  "rate_per_s": round(per * args.threads / flood_s, 1), "statuses": dict(sorted(flood.items()))},
        # by action: the real unit's own reads log `token_used`; a bad token adds no row of its own
        "audit_rows_added": dict(sorted((audit1 - audit0).items())), "failures_counted": counted,
        "real_unit_before": _summary(before_lat, before_st),
        "real_unit_during": _summary(during_lat, during_st),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000, help="bad-token requests in all")
    parser.add_argument("--threads", type=int, default=8, help="flooding clients")
    parser.add_argument("--polls", type=int, default=100, help="real unit's reads before and during")
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between the real unit's reads")
    parser.add_argument("--json", help="also write the result here")
    args = parser.parse_args()
    result = run(args)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    ok = (all(code < 500 for code in result["flood"]["statuses"])
          and set(result["real_unit_during"]["statuses"]) == {200})
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
