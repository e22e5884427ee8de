"""Header-first reading in the service: the pages a verdict needs now, every other page later.

Extraction reads a scanned page's top band (docs/reading.md). Before a run's verdict is decided,
:func:`complete_for_verdict` reads in full the pages some rule reads the body of
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
import time
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select

from service.jobs import Context, materialize
from service.storage.models import ExtractionRow, Job, RoundFile, Run
from verifier.cache import Extraction
from verifier.evidence import Evidence
from verifier.serialize import to_jsonable

log = logging.getLogger(__name__)
# One background step's reading time: the Celery task and the in-process runner read a run's remaining
# pages in steps of about this long, then queue the next step, so a verdict's work waiting behind them
# waits for one step, never for a whole run's full text (docs/reading.md, "In the service").
STEP_S = 4.0


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


def _complete(ctx: Context, evidence: Evidence, pages: set[int] | None, key: str | None) -> Evidence:
    from verifier.pipeline import complete_evidence

    if evidence.sha256 is None or evidence.read is None:
        return evidence
    with materialize(ctx.blobs.path(evidence.sha256), evidence.file) as path:
        done = complete_evidence(path, evidence, pages, ctx.read_settings)
    if done is not evidence and key is not None:
        _store(ctx, key, done)
    return done


def complete_for_verdict(ctx: Context, run_id: int, table_path: Path, evidence: Sequence[Evidence],
                         province: str | None, rules_dir: Path | None) -> list[Evidence]:
    """``evidence`` with the header-only pages some rule reads the body of read in full (stored)."""
    from verifier.needs import body_pages
    from verifier.pipeline import framework_for

    if all(p.complete for e in evidence if e.read is not None for p in e.read.pages):
        return list(evidence)
    framework, table = framework_for(table_path, rules_dir, None, province)
    wanted = body_pages(framework, table, evidence)
    if not wanted:
        return list(evidence)
    keys = _keys(ctx, run_id)
    return [_complete(ctx, e, wanted[e.file], keys.get(e.file)) if wanted.get(e.file) else e for e in evidence]


def complete_some(ctx: Context, run_id: int, budget_s: float = STEP_S) -> tuple[int, bool]:
    """Read a run's header-only pages file by file until ``budget_s`` has passed: the pages read, and
    whether some are still unread. One background step of the Celery task (workers/fulltext.py) and
    of the in-process runner (service/runner.py): a process is never held much longer than one
    budget, so a verdict's work waits for one step, not for a whole run's full text."""
    from service.jobs import _evidence_of as evidence_of

    with ctx.session() as s:
        run = s.get(Run, run_id)
        if run is None:
            return 0, False
        evidence = evidence_of(s, run_id)
    keys = _keys(ctx, run_id)
    started = time.perf_counter()
    pages = 0
    left = [e for e in evidence if e.read is not None and not all(p.complete for p in e.read.pages)]
    while left:      # at least one file a step, however small the budget
        if pages and time.perf_counter() - started >= budget_s:
            break
        e = left.pop(0)
        assert e.read is not None
        todo = sum(not p.complete for p in e.read.pages)
        try:
            done = _complete(ctx, e, None, keys.get(e.file))
        except Exception:  # one broken file must not keep the others from their full text
            log.exception("full text of %s (run %s) failed", e.file, run_id)
            continue
        pages += todo - sum(not p.complete for p in done.read.pages) if done.read is not None else 0
    log.info("run %s: %d header-only pages read in full in %.1f s%s", run_id, pages,
             time.perf_counter() - started, f", {len(left)} files left" if left else "")
    return pages, bool(left)
