"""Header-first reading in the service: the pages a verdict needs now, every other page later.

Extraction reads a scanned page's top band (docs/reading.md). Before a run's verdict is decided,
:func:`complete_pages` reads in full the pages some rule reads the body of
(verifier/needs.py); the verdict is stored at once. Then :func:`complete_some`, step by step on the
low-priority Celery queue "background" (workers/fulltext.py) or in the in-process runner's idle
slots (service/runner.py), reads every remaining page so search, page pictures and the audit trail
have the full text, without anyone waiting for it.

Both complete the stored extraction in place: the same cache key, only the part of each page
below its band read (never the file again from scratch).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from service.jobs import Context, materialize
from service.storage.models import ExtractionRow, Job, RoundFile, Run
from verifier.cache import Extraction
from verifier.errors import ReadingCancelled
from verifier.evidence import Evidence
from verifier.isolate import ChildPool
from verifier.serialize import to_jsonable

if TYPE_CHECKING:
    from verifier.needs import Pages

log = logging.getLogger(__name__)
# One background step's reading time: the Celery task and the in-process runner read a run's remaining
# pages in steps of about this long, then queue the next step, so a verdict's work waiting behind them
# waits for one step, never for a whole run's full text (docs/reading.md, "In the service").
STEP_S = 4.0
# How often a step looks for a verdict on its way while it reads a page (one indexed query).
GIVE_WAY_POLL_S = 0.2


def _keys(ctx: Context, run_id: int) -> dict[str, str]:
    """relative file -> extraction cache key, for the jobs of a run."""
    with ctx.session() as s:
        rows = s.execute(select(RoundFile.relative, Job.cache_key).join(Job, Job.round_file_id == RoundFile.id)
                         .where(Job.run_id == run_id)).all()
    return {relative: key for relative, key in rows}


def _store(ctx: Context, key: str, evidence: Evidence) -> None:
    payload = json.dumps(to_jsonable(Extraction(read=evidence.read, identity=evidence.identity,
                                                error=evidence.error, documents=evidence.documents)),
                         ensure_ascii=False)
    with ctx.session() as s:
        row = s.execute(select(ExtractionRow).where(ExtractionRow.cache_key == key)).scalar_one_or_none()
        if row is not None:
            row.payload = payload


def _complete(ctx: Context, evidence: Evidence, pages: set[int] | None, key: str | None,
              pool: ChildPool | None = None) -> Evidence:
    from verifier.pipeline import complete_in_reader

    if evidence.sha256 is None or evidence.read is None:
        return evidence
    with materialize(ctx.blobs.path(evidence.sha256), evidence.file) as path:
        # in a reader process: a page that kills PDFium must not take the worker (and, redelivered,
        # the next one) with it
        done = complete_in_reader(path, evidence, pages, ctx.read_settings, pool=pool)
    if done is not evidence and key is not None:
        _store(ctx, key, done)
    return done


def complete_pages(ctx: Context, run_id: int, evidence: Sequence[Evidence], wanted: Pages) -> list[Evidence]:
    """``evidence`` with the ``wanted`` header-only pages read in full and stored: what a verdict reads
    the body of (verifier/needs.py; called by pipeline.evaluate_submission)."""
    keys = _keys(ctx, run_id)
    return [_complete(ctx, e, wanted[e.file], keys.get(e.file)) if wanted.get(e.file) else e for e in evidence]


@dataclass(frozen=True)
class Step:
    """What one background step did."""

    pages: int              # header-only pages read in full
    left: bool              # some pages of the run are still unread
    yielded: bool = False   # it stopped early because a verdict was on its way (verdict_waiting)


_pools: dict[int, ChildPool] = {}


def _background_pool(ctx: Context) -> ChildPool:
    """This process's reader for full text, apart from the one that reads verdicts' files: stopping
    it to give way never leaves a verdict's next file to a reader that has yet to start."""
    pool = _pools.get(os.getpid())
    if pool is None:
        pool = _pools[os.getpid()] = ChildPool(1, ctx.read_settings.limits)
    return pool


class _GiveWay:
    """While a step reads a page, looks every GIVE_WAY_POLL_S for a verdict on its way and, when one
    is, stops the page: a page takes up to a second or two, and a verdict would wait that long."""

    def __init__(self, ctx: Context, pool: ChildPool) -> None:
        self.ctx, self.pool = ctx, pool
        self.fired = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="give-way", daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(GIVE_WAY_POLL_S):
            try:
                waiting = verdict_waiting(self.ctx)
            except Exception:  # a database blip: the step's own check before each page remains
                log.warning("give-way check failed", exc_info=True)
                continue
            if waiting:
                self.fired = True
                self.pool.cancel()
                return

    def __enter__(self) -> _GiveWay:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def verdict_waiting(ctx: Context) -> bool:
    """Whether some run's verdict is still to come: a file of it waits for a reader or is read, or
    it is evaluated. Full text gives way to it, for a process and for the CPU: on two cores a page
    read beside a round 2's last file and its evaluation slowed them by a third (docs/service.md)."""
    with ctx.session() as s:       # a pending file's run is queued or running: one query says both
        return s.execute(select(Run.id).where(Run.status.in_(("queued", "running"))).limit(1)).first() is not None


def complete_some(ctx: Context, run_id: int, budget_s: float = STEP_S) -> Step:
    """Read a run's header-only pages one at a time until ``budget_s`` has passed (at least one page),
    or until a verdict is on its way (:func:`verdict_waiting`). One background step of the Celery task
    (workers/fulltext.py) and of the in-process runner (service/runner.py): a verdict's work waits
    for one page at most, never for a whole run's full text (docs/service.md, "Round 2")."""
    from service.jobs import _evidence_of as evidence_of

    with ctx.session() as s:
        run = s.get(Run, run_id)
        if run is None:
            return Step(0, False)
        evidence = evidence_of(s, run_id)
    keys = _keys(ctx, run_id)
    started = time.perf_counter()
    pages, yielded = 0, False
    queue = [e for e in evidence if _unread(e)]
    pool = _background_pool(ctx)
    with _GiveWay(ctx, pool) as way:
        while queue:
            if way.fired or verdict_waiting(ctx):
                yielded = True
                break
            if pages and time.perf_counter() - started >= budget_s:
                break
            e = queue[0]
            number = _unread(e)[0]
            try:
                done = _complete(ctx, e, {number}, keys.get(e.file), pool)
            except ReadingCancelled:
                yielded = True           # the page is read again by a later step
                break
            except Exception:  # one broken file must not keep the others from their full text
                log.exception("full text of %s page %s (run %s) failed", e.file, number, run_id)
                queue.pop(0)
                continue
            queue.pop(0)
            if number in _unread(done):
                continue           # the page could not be read: the file keeps its header-only text
            pages += 1
            if _unread(done):
                queue.insert(0, done)
    log.info("run %s: %d header-only pages read in full in %.1f s%s%s", run_id, pages,
             time.perf_counter() - started, f", {len(queue)} files left" if queue else "",
             " (a verdict's file is waiting)" if yielded else "")
    return Step(pages, bool(queue), yielded)


def _unread(e: Evidence) -> list[int]:
    return [p.number for p in e.read.pages if not p.complete] if e.read is not None else []
