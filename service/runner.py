"""The in-process pipeline, used when no broker is configured (``VERIFIER_BROKER_URL`` unset).

The same steps as the Celery tasks (service/jobs.py), driven by one scheduler thread of the API
process: it claims jobs from the database exactly as a Celery worker does (fairest first:
round-robin over runs) and hands each to a small pool of reader processes (PDFium is not
thread-safe: two threads reading PDFs at once abort the whole process). A small submission queued
behind a large one therefore starts as soon as one reader is free, not after the large one ends.

The scheduler also polls every few seconds, which makes it the embedded mode's sweeper: a job whose
reader died (its heartbeat stopped) is claimed again, and at start-up the runs a previous process left
unfinished continue.

Full text later, not never (docs/reading.md, "In the service"): once a run's verdict is stored, the
pages header-first reading left unread are read here too, in the background: only by a slot no
extraction job wants, one step (service/fulltext.py STEP_S) at a time, so an upload arriving meanwhile waits for one
file at most. A run whose step reads nothing (its remaining files fail) is left as it is.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from service.config import Settings
from service.jobs import Context, claim_next, finish_if_complete, run_job, start_run
from service.storage.blobs import BlobStore
from service.storage.models import Run
from verifier.limits import ReadSettings

log = logging.getLogger(__name__)
POLL_S = 5.0


def context_of(settings: Settings) -> Context:
    return Context(database_url=settings.database_url, blobs=BlobStore(settings.blob_dir),
                   max_attempts=settings.max_attempts, read_settings=ReadSettings.from_env(),
                   heartbeat_s=settings.heartbeat_s, stale_after_s=settings.stale_after_s,
                   budget_pages=settings.budget_pages, budget_ocr_seconds=settings.budget_ocr_seconds)


def read_and_finish(ctx: Context, job_id: int) -> int | None:
    """In a reader process: read one claimed file, then evaluate its run if it was the last one.
    Returns the run when its verdict is stored."""
    run_id = run_job(ctx, job_id)
    return run_id if finish_if_complete(ctx, run_id) else None


def finish(ctx: Context, run_id: int) -> int | None:
    return run_id if finish_if_complete(ctx, run_id) else None


def read_rest(ctx: Context, run_id: int) -> int | None:
    """In a reader process: one background step of a run's full text. Returns the run when more is left
    and this step read something, or when it gave way to a verdict (it is taken up again after)."""
    from service.fulltext import complete_some

    step = complete_some(ctx, run_id)
    return run_id if step.yielded or (step.left and step.pages) else None


def _warm_up() -> None:
    # In each new process of the pool: its reader process and OCR engines start in the background
    # rather than on the first file it is given (verifier/pipeline.py warm_reader).
    from verifier.pipeline import warm_reader

    warm_reader()


class InlineRunner:
    """One scheduler thread and ``inline_jobs`` reader processes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.ctx = context_of(settings)
        self.slots = max(1, settings.inline_jobs)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._new: list[int] = []
        self._rest: list[int] = []       # runs with a stored verdict whose pages are not all read
        self._resting: set[Future[int | None]] = set()   # the running futures that are full-text steps
        self._lock = threading.Lock()
        self._running: set[Future[int | None]] = set()
        self._pool = self._new_pool()
        self._thread = threading.Thread(target=self._loop, name="verifier-scheduler", daemon=True)
        self._thread.start()

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the API process has threads, and a forked copy of a lock held by one of
        # them would never be released in the child.
        return ProcessPoolExecutor(max_workers=self.slots, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_warm_up)

    def submit(self, run_id: int) -> None:
        with self._lock:
            self._new.append(run_id)
        self._wake.set()

    def _done(self, fut: Future[int | None]) -> None:
        with self._lock:
            self._running.discard(fut)
            self._resting.discard(fut)
        try:
            run_id = fut.result()
            if run_id is not None:
                with self._lock:
                    if run_id not in self._rest:
                        self._rest.append(run_id)
        except BrokenProcessPool:
            # A reader died (its job's heartbeat stops, so the job is claimed again after stale_after_s).
            log.error("a reader process died; a new pool starts with the next file")
        except Exception:
            log.exception("in-process job failed")
        self._wake.set()

    def _spawn(self, fn: Callable[..., int | None], *args: object, rest: bool = False) -> bool:
        """Run ``fn`` in a free process; ``rest``: it is a full-text step."""
        try:
            fut = self._pool.submit(fn, *args)
        except (BrokenProcessPool, RuntimeError):
            if self._stop.is_set():
                return False
            self._pool = self._new_pool()
            fut = self._pool.submit(fn, *args)
        with self._lock:
            self._running.add(fut)
            if rest:
                self._resting.add(fut)
        fut.add_done_callback(self._done)      # at once if it is already done: after the adds
        return True

    def _free(self) -> int:
        with self._lock:
            return self.slots - len(self._running)

    def _tick(self) -> None:
        with self._lock:
            new, self._new = self._new, []
        for run_id in new:
            if not start_run(self.ctx, run_id):
                self._spawn(finish, self.ctx, run_id)      # every file cached: evaluate at once
        while self._free() > 0 and not self._stop.is_set():
            job_id, to_finish = claim_next(self.ctx)
            for run_id in dict.fromkeys(to_finish):
                self._spawn(finish, self.ctx, run_id)
            if job_id is None:
                break
            self._spawn(read_and_finish, self.ctx, job_id)
        while self._free() > 0 and not self._stop.is_set():
            with self._lock:       # nothing left to extract: the full text of finished runs
                # None while a verdict is on its way (complete_some would give way at once), and on
                # all slots but one, like a Celery worker's processes (workers/slots.py), so a new
                # upload's first file never waits for a full-text page to be abandoned.
                verdicts = len(self._running) - len(self._resting)
                if not self._rest or verdicts or len(self._resting) >= max(1, self.slots - 1):
                    return
                run_id = self._rest.pop(0)
            self._spawn(read_rest, self.ctx, run_id, rest=True)

    def _finish_stuck(self) -> None:
        """Runs with every file finished that nobody evaluated (the process died while evaluating)."""
        from service.storage.session import session_scope
        from service.sweep import backlog

        with session_scope(self.settings.database_url) as s:
            stuck = backlog(s, self.settings.stale_after_s).stuck_runs
        for run_id in stuck:
            self._spawn(finish, self.ctx, run_id)

    def _loop(self) -> None:
        last_sweep = 0.0
        while not self._stop.is_set():
            self._wake.wait(POLL_S)
            self._wake.clear()
            try:
                self._tick()
                if time.monotonic() - last_sweep > self.settings.sweep_interval_s:
                    last_sweep = time.monotonic()
                    self._finish_stuck()
            except Exception:  # keep scheduling; the database keeps every run's state
                log.exception("in-process scheduler step failed")

    def recover(self) -> int:
        """Continue the runs a previous process left unfinished. Returns how many."""
        from service.storage.session import session_scope

        try:
            with session_scope(self.settings.database_url) as s:
                ids = list(s.execute(select(Run.id).where(Run.status.in_(("queued", "running")))
                                     .order_by(Run.id)).scalars())
        except OperationalError:
            # The database is away: the API still starts (readiness says 503); the scheduler's poll
            # picks the unfinished runs up once the database answers (claim_next reads the jobs).
            log.exception("recovery deferred: the database is unreachable")
            return 0
        for run_id in ids:
            self.submit(run_id)
        return len(ids)

    def shutdown(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)
        self._pool.shutdown(wait=True, cancel_futures=False)

