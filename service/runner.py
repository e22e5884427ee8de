"""The in-process pipeline, used when no broker is configured (``VERIFIER_BROKER_URL`` unset).

The same steps as the Celery tasks (service/jobs.py), run by a background thread of the API
process: one run at a time, its files extracted by a small pool of worker processes (PDFium is not
thread-safe: two threads reading PDFs at once abort the whole process). Progress is
written to the database exactly as the workers write it, so GET /submissions/{id} cannot tell the
two apart. There is no worker-loss recovery here: if the process dies, ``recover`` re-queues the
unfinished runs at the next start.
"""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from sqlalchemy import select

from service.config import Settings
from service.jobs import Context, extract_job, finish_if_complete, start_run
from service.storage.blobs import BlobStore
from service.storage.models import Run
from verifier.limits import ReadSettings

log = logging.getLogger(__name__)


def context_of(settings: Settings) -> Context:
    return Context(database_url=settings.database_url, blobs=BlobStore(settings.blob_dir),
                   max_attempts=settings.max_attempts, read_settings=ReadSettings.from_env())


def run_now(settings: Settings, run_id: int) -> None:
    """Run one verification to the end in this thread."""
    ctx = context_of(settings)
    pending = start_run(ctx, run_id)
    if pending:
        # spawn, not fork: the API process has threads, and a forked copy of a lock held by one of
        # them would never be released in the child.
        with ProcessPoolExecutor(max_workers=max(1, min(settings.inline_jobs, len(pending))),
                                 mp_context=multiprocessing.get_context("spawn")) as pool:
            for fut in [pool.submit(extract_job, ctx, job_id) for job_id in pending]:
                fut.result()
    finish_if_complete(ctx, run_id)


class InlineRunner:
    """A single background thread that runs queued verifications in order."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="verifier-run")

    def submit(self, run_id: int) -> None:
        self._pool.submit(self._safe_run, run_id)

    def _safe_run(self, run_id: int) -> None:
        try:
            run_now(self.settings, run_id)
        except Exception:  # keep the thread alive for the next run; the run stays visible as unfinished
            log.exception("in-process run %s failed", run_id)

    def recover(self) -> int:
        """Re-queue runs a previous process left unfinished. Returns how many."""
        from service.storage.session import session_scope

        with session_scope(self.settings.database_url) as s:
            ids = list(s.execute(select(Run.id).where(Run.status.in_(("queued", "running")))
                                 .order_by(Run.id)).scalars())
        for run_id in ids:
            self.submit(run_id)
        return len(ids)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)
