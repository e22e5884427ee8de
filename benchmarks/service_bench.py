"""Service benchmark: Celery worker scaling, queue wait, and the cost of a round-2 re-verification.

    .venv/bin/python benchmarks/service_bench.py [--rounds 2] [--batch 4] [--skip-round2] [--skip-full-text]
    .venv/bin/python benchmarks/service_bench.py --only full-text [--district FOLDER]

Needs the local PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379); every measurement gets a
fresh database (so the extraction cache starts empty) and Redis database 12
(``VERIFIER_TEST_REDIS_DB`` picks another). The API and the
workers are real processes (``verifier serve``, ``celery -A workers.app worker``).

1. Scaling: the same batch of generated submissions (samplegen.district, seeded) uploaded at once,
   verified by 1 worker process, then by 2 (``--concurrency``), alternating 1 2 1 2 ... so machine
   drift cancels; makespan medians and the median of per-round speed-ups (target >= 1.7x on two
   cores). Queue wait = a run's start minus its upload, per submission.
2. Round 2: one 150-file submission (90 text PDFs, 45 scanned, 15 DOCX by default), verified; then
   5 of its PDFs replaced by new content and the round-2 re-verification timed (target <= 10 % of
   the first run).
3. First verdict vs full text: the same 150-file submission uploaded to 2 worker processes that
   consume the queues ``verifier,background``; seconds from the upload to the first stored verdict
   (the report served by the API) and to the full text (every OCR page of the run's stored
   extractions read in full by ``verifier.complete_full_text`` on queue ``background``; the service
   records that only in the extractions themselves, so the database is polled).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from samplegen.district import build_district  # noqa: E402
from tests.service.stack import (  # noqa: E402
    Stack,
    create_pg_database,
    drop_pg_database,
    upload,
    wait_done,
)

# Redis database 12 unless VERIFIER_TEST_REDIS_DB names another: runs on one machine must not flush
# each other's queues (as in tests/service/conftest.py and benchmarks/load_bench.py).
REDIS = f"redis://127.0.0.1:6379/{int(os.environ.get('VERIFIER_TEST_REDIS_DB', '12'))}"
UNIT = "Huyện Kon Rẫy"


def _flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS).flushdb()


def _stack(home: Path, processes: int) -> tuple[Stack, str, str]:
    _flush_redis()
    url = create_pg_database()
    stack = Stack(home, url, REDIS, VERIFIER_TASK_HARD_LIMIT="1800", VERIFIER_TASK_SOFT_LIMIT="1740",
                  VERIFIER_VISIBILITY_TIMEOUT="2400")
    stack.upgrade()
    token = stack.token("unit", unit=UNIT, province="kontum")
    stack.start_api()
    stack.start_worker(f"bench{processes}", concurrency=processes)
    return stack, url, token


def _teardown(stack: Stack, url: str) -> None:
    stack.close()
    drop_pg_database(url)
    _flush_redis()


def run_batch(folders: list[Path], processes: int, home: Path) -> dict[str, Any]:
    stack, url, _token = _stack(home, processes)
    try:
        clients = batch_clients(stack, len(folders))
        try:
            t0 = time.perf_counter()
            subs = [upload(client, folder) for client, folder in zip(clients, folders, strict=True)]
            states = [wait_done(client, s["id"], timeout=3600) for client, s in zip(clients, subs, strict=True)]
            makespan = time.perf_counter() - t0
        finally:
            for client in clients:
                client.close()
        assert len({s["id"] for s in subs}) == len(folders), "each submission must be its own unit's dossier"
        assert all(st["status"] == "done" for st in states), [st["runs"][-1]["error"] for st in states]
        waits = [st["runs"][-1]["queue_wait_s"] for st in states]
        return {"makespan_s": makespan, "queue_wait_s": waits}
    finally:
        _teardown(stack, url)


# Districts of Kon Tum for the batch's units; a batch larger than the list gets numbered test units.
BATCH_UNITS = ("Huyện Kon Rẫy", "Huyện Đăk Hà", "Huyện Sa Thầy", "Huyện Ngọc Hồi", "Huyện Đăk Tô",
               "Huyện Đăk Glei", "Huyện Tu Mơ Rông", "Huyện Kon Plông", "Huyện Ia H'Drai")


def batch_clients(stack: Stack, count: int) -> list[httpx.Client]:
    """One API client per submission of a batch, each with its own unit's token. Uploads under one
    unit's token are versions of that unit's one dossier (docs/council-workflow.md), so a batch of
    separate submissions needs separate units, as a province's districts upload them."""
    names = [BATCH_UNITS[i] if i < len(BATCH_UNITS) else f"Huyện Thử Nghiệm {i + 1}" for i in range(count)]
    return [stack.client(stack.token("unit", unit=name, province="kontum")) for name in names]


def scaling(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    folders = []
    for i in range(args.batch):
        folder = tmp / f"batch-{i}"
        build_district(folder, seed=100 + i, text_pdfs=args.text, scanned_pdfs=args.scanned, docx=args.docx)
        folders.append(folder)
    one: list[float] = []
    two: list[float] = []
    waits: dict[int, list[float]] = {1: [], 2: []}
    for r in range(args.rounds):
        for processes, sink in ((1, one), (2, two)):
            result = run_batch(folders, processes, tmp / f"home-{r}-{processes}")
            sink.append(result["makespan_s"])
            waits[processes] += result["queue_wait_s"]
            print(f"  round {r + 1}: {processes} process(es): {result['makespan_s']:.1f} s", flush=True)
    speedups = [a / b for a, b in zip(one, two, strict=True)]
    files = args.batch * (args.text + args.scanned + args.docx)
    return {"batch": f"{args.batch} submissions x ({args.text} text PDF + {args.scanned} scanned PDF + "
                     f"{args.docx} DOCX) = {files} files",
            "one_process_median_s": statistics.median(one), "two_processes_median_s": statistics.median(two),
            "speedup_median": statistics.median(speedups), "rounds": args.rounds,
            "queue_wait_median_s": {k: statistics.median(v) for k, v in waits.items()},
            "queue_wait_max_s": {k: max(v) for k, v in waits.items()}}


def round_two(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    folder = tmp / "district"
    build_district(folder, seed=7, text_pdfs=args.r2_text, scanned_pdfs=args.r2_scanned, docx=args.r2_docx)
    evidence = sorted(p for p in (folder / "evidence").rglob("*") if p.is_file())
    pdfs = [p for p in evidence if p.suffix == ".pdf"]
    # Five PDFs spread over the list (text and scanned alike) get new content: a trailing comment
    # after %%EOF changes the bytes, and so the content hash, without changing what is read.
    step = max(1, len(pdfs) // 5)
    replaced = pdfs[::step][:5]
    stack, url, token = _stack(tmp / "home-r2", 2)
    try:
        with stack.client(token) as client:
            t0 = time.perf_counter()
            sub = upload(client, folder)
            first = wait_done(client, sub["id"], timeout=7200)
            first_s = time.perf_counter() - t0
            files = [("evidence", (p.relative_to(folder / "evidence").as_posix(),
                                   p.read_bytes() + b"\n% round 2\n", "application/pdf")) for p in replaced]
            t1 = time.perf_counter()
            resp = client.post(f"/submissions/{sub['id']}/files", files=files)
            post_s = time.perf_counter() - t1
            assert resp.status_code == 202, resp.text
            second = wait_done(client, sub["id"], timeout=3600)
            second_s = time.perf_counter() - t1
        assert first["status"] == second["status"] == "done"
        return {"files": len(evidence), "replaced": len(replaced), "first_run_s": first_s,
                "round2_s": second_s, "ratio": second_s / first_s,
                "round2_extracted": second["runs"][-1]["extracted"],
                "first_run_server_s": first["runs"][0]["duration_s"],
                "round2_server_s": second["runs"][-1]["duration_s"],
                # the upload request alone (stored, planned, queued), and the server's run, queued to done
                "round2_post_s": post_s, "round2_queued_to_done_s": _span(second["runs"][-1])}
    finally:
        _teardown(stack, url)


def _span(run: dict[str, Any]) -> float | None:
    from datetime import datetime

    if not run.get("finished_at"):
        return None
    finished, queued = (datetime.fromisoformat(run[k].rstrip("Z")) for k in ("finished_at", "queued_at"))
    return (finished - queued).total_seconds()


def _ocr_pages(database_url: str, run_id: int) -> tuple[int, int]:
    """(OCR pages read in full, OCR pages) over the stored extractions of a run's files.

    A page read in its top band only is stored with ``complete: false`` (verifier/read/model.py);
    the full-text task rewrites the extraction in place once the rest of the page is read.
    """
    import psycopg

    query = """SELECT count(*) FILTER (WHERE (p->>'complete')::boolean), count(*)
               FROM jobs j JOIN extractions e ON e.cache_key = j.cache_key,
                    jsonb_array_elements(COALESCE(e.payload::jsonb->'read'->'pages', '[]'::jsonb)) p
               WHERE j.run_id = %s AND p->>'method' = 'ocr'"""
    with psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        full, total = conn.execute(query, (run_id,)).fetchone() or (0, 0)
    return int(full), int(total)


def full_text(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    folder = Path(args.district) if args.district else tmp / "district-ft"
    if not args.district:
        build_district(folder, seed=7, text_pdfs=args.r2_text, scanned_pdfs=args.r2_scanned, docx=args.r2_docx)
    files = sum(1 for p in (folder / "evidence").rglob("*") if p.is_file())
    stack, url, token = _stack(tmp / "home-ft", 2)
    try:
        with stack.client(token) as client:
            t0 = time.perf_counter()
            sub = upload(client, folder)
            state = wait_done(client, sub["id"], timeout=7200)
            assert state["status"] == "done", state["runs"][-1]["error"]
            resp = client.get(f"/submissions/{sub['id']}/report")
            verdict_s = time.perf_counter() - t0
            assert resp.status_code == 200, resp.text
            run_id = int(resp.json()["submission"]["run"])
            at_verdict = _ocr_pages(url, run_id)
            deadline = time.monotonic() + 7200
            while True:
                full, total = _ocr_pages(url, run_id)
                if full == total or time.monotonic() > deadline:
                    break
                time.sleep(1.0)
            full_s = time.perf_counter() - t0
        assert full == total, f"full text unfinished after the deadline: {full} of {total} OCR pages"
        return {"files": files, "first_verdict_s": verdict_s, "full_text_s": full_s,
                "verdict_to_full_text": verdict_s / full_s, "ocr_pages": total,
                "ocr_pages_full_at_verdict": at_verdict[0], "first_run_server_s": state["runs"][-1]["duration_s"]}
    finally:
        _teardown(stack, url)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch", type=int, default=4, help="submissions per batch")
    parser.add_argument("--text", type=int, default=12)
    parser.add_argument("--scanned", type=int, default=3)
    parser.add_argument("--docx", type=int, default=3)
    parser.add_argument("--r2-text", type=int, default=90)
    parser.add_argument("--r2-scanned", type=int, default=45)
    parser.add_argument("--r2-docx", type=int, default=15)
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--skip-round2", action="store_true")
    parser.add_argument("--skip-full-text", action="store_true")
    parser.add_argument("--only", choices=("scaling", "round2", "full-text"), help="run this section alone")
    parser.add_argument("--district", help="full-text section: an already built 150-file submission folder")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    if args.only:
        args.skip_scaling, args.skip_round2 = args.only != "scaling", args.only != "round2"
        args.skip_full_text = args.only != "full-text"
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="service-bench-") as raw:
        tmp = Path(raw)
        if not args.skip_scaling:
            print("scaling: 1 vs 2 worker processes", flush=True)
            results["scaling"] = scaling(args, tmp)
            s = results["scaling"]
            print(f"  {s['batch']}\n  1 process {s['one_process_median_s']:.1f} s, 2 processes "
                  f"{s['two_processes_median_s']:.1f} s, speed-up {s['speedup_median']:.2f}x (target >= 1.7x)\n"
                  f"  queue wait median/max: 1 process {s['queue_wait_median_s'][1]:.1f}/"
                  f"{s['queue_wait_max_s'][1]:.1f} s, 2 processes {s['queue_wait_median_s'][2]:.1f}/"
                  f"{s['queue_wait_max_s'][2]:.1f} s", flush=True)
        if not args.skip_round2:
            print("round 2: replace 5 files of a district-sized submission", flush=True)
            results["round2"] = round_two(args, tmp)
            r = results["round2"]
            print(f"  {r['files']} files; first run {r['first_run_s']:.1f} s; round 2 ({r['replaced']} replaced, "
                  f"{r['round2_extracted']} re-read) {r['round2_s']:.1f} s = {100 * r['ratio']:.1f} % "
                  f"(target <= 10 %); upload request {r['round2_post_s']:.2f} s, queued to done in the "
                  f"server {r['round2_queued_to_done_s']:.2f} s", flush=True)
        if not args.skip_full_text:
            print("first verdict vs full text: a district-sized submission, 2 worker processes", flush=True)
            results["full_text"] = full_text(args, tmp)
            f = results["full_text"]
            print(f"  {f['files']} files; upload -> first verdict {f['first_verdict_s']:.1f} s "
                  f"({f['ocr_pages_full_at_verdict']} of {f['ocr_pages']} OCR pages read in full by then); "
                  f"upload -> full text {f['full_text_s']:.1f} s; verdict/full text "
                  f"{f['verdict_to_full_text']:.2f}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
