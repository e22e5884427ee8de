"""The verification pipeline as restartable steps over the database; Celery tasks and the in-process
runner both call these, so the two paths cannot drift apart.

* :func:`plan_jobs` / :func:`start_run` (task ``verify_submission``): one job per evidence file, files
  whose extraction is already cached marked done; the API plans the jobs when it stores the upload.
* :func:`claim_next` (task ``extract_file``, and the in-process runner): the database is the queue.
  Whoever has a free reader claims the fairest job: pending, or running with a stopped heartbeat or
  a dead worker process; round-robin over runs, the run served longest ago first. A broker message
  is only a wake-up, so a lost, duplicated or late message can neither lose nor double a file.
* :func:`run_job`: reads the claimed file, refreshing the job's heartbeat meanwhile, and stores it;
  a job claimed more than ``max_attempts`` times is quarantined (its reader died each time).
* :func:`finish_if_complete`: when no job is left, evaluates the rules and stores the report.

Every step may run twice (a message redelivered after a worker died, two workers finishing the last
two files at once). Each is idempotent: a done job is skipped, the extraction cache insert tolerates
a twin, and results are written only by the transaction that moves the run to ``done``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.audit.log import Action, Pending, append, append_many
from service.budgets import error_of, over_budget
from service.storage.blobs import BlobStore
from service.storage.models import ExtractionRow, FindingRow, Job, RoundFile, Run, ScoreRow, Submission, utcnow
from service.storage.session import session_scope
from service.workflow.totals import store_totals
from verifier.cache import Extraction, extraction_key
from verifier.errors import Quarantined, VerifierError
from verifier.evidence import ErrorInfo, Evidence, folder_code_of
from verifier.limits import ReadSettings
from verifier.results import Report
from verifier.serialize import from_jsonable, to_jsonable

if TYPE_CHECKING:
    from verifier.needs import Pages

log = logging.getLogger(__name__)

WORKER_ACTOR = "system:worker"
TERMINAL = ("done", "quarantined", "skipped")     # skipped: over the submission's budget
QUARANTINED = Quarantined.code


@dataclass(frozen=True)
class Context:
    """What every step needs: where the database and the blobs are, and the limits."""

    database_url: str
    blobs: BlobStore
    max_attempts: int
    read_settings: ReadSettings
    heartbeat_s: int = 10
    stale_after_s: int = 60
    budget_pages: int = 20000
    budget_ocr_seconds: int = 4 * 3600

    def session(self) -> AbstractContextManager[Session]:
        return session_scope(self.database_url)


def _lock_run(session: Session, run_id: int) -> Run:
    return session.execute(select(Run).where(Run.id == run_id).with_for_update()).scalar_one()


def _count_finished(session: Session, run_id: int) -> int:
    return int(session.execute(select(func.count()).select_from(Job).where(
        Job.run_id == run_id, Job.status.in_(TERMINAL))).scalar_one())


def _submission_of(session: Session, run: Run) -> Submission:
    return session.get_one(Submission, run.submission_id)


@contextmanager
def materialize(path: Path, relative: str) -> Iterator[Path]:
    """The blob under its display name, in a private temporary folder (readers may look at the suffix)."""
    tmp = Path(tempfile.mkdtemp(prefix="verifier-"))
    try:
        target = tmp / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.symlink_to(path)
        except OSError:
            shutil.copyfile(path, target)
        yield target
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def plan_jobs(s: Session, run: Run, read_settings: ReadSettings) -> list[Job]:
    """Create the run's jobs (idempotent); returns those still to extract, largest file first."""
    files = s.execute(select(RoundFile).where(RoundFile.round_id == run.round_id,
                                              RoundFile.role == "evidence")).scalars().all()
    existing = {j.round_file_id: j for j in s.execute(select(Job).where(Job.run_id == run.id)).scalars()}
    keys = {rf.id: extraction_key(rf.sha256, read_settings) for rf in files if rf.id not in existing}
    # a few queries for the whole round, not one per file (a round 2 is planned in the upload request)
    wanted = sorted(set(keys.values()))
    cached = {key for i in range(0, len(wanted), 500) for key in s.execute(
        select(ExtractionRow.cache_key).where(ExtractionRow.cache_key.in_(wanted[i:i + 500]))).scalars()}
    for rf in files:
        if rf.id in existing:
            continue
        key = keys[rf.id]
        job = Job(run_id=run.id, round_file_id=rf.id, cache_key=key, status="done" if key in cached else "pending")
        s.add(job)
        existing[rf.id] = job
    s.flush()
    run.files_total = len(files)
    run.files_done = _count_finished(s, run.id)
    size = {rf.id: rf.size for rf in files}
    return sorted((j for j in existing.values() if j.status not in TERMINAL),
                  key=lambda j: size.get(j.round_file_id, 0), reverse=True)


def start_run(ctx: Context, run_id: int) -> list[int]:
    """Make sure the run's jobs exist; returns the ids of those still to extract. The run stays
    'queued' until a reader claims its first file (that moment is its start: queue wait)."""
    with ctx.session() as s:
        run = _lock_run(s, run_id)
        if run.status in ("done", "failed"):
            return []
        return [j.id for j in plan_jobs(s, run, ctx.read_settings)]


def _quarantine_error(relative: str, attempts: int) -> ErrorInfo:
    return ErrorInfo.of(Quarantined(relative, attempts=attempts))


def _host() -> str:
    # VERIFIER_WORKER_HOST names the machine when hostnames are not unique (and lets a test play two).
    return os.environ.get("VERIFIER_WORKER_HOST") or socket.gethostname()


def worker_id() -> str:
    """'host:pid' of this process: a claim by a process that no longer exists on this host is void."""
    return f"{_host()}:{os.getpid()}"


def _dead_here(worker: str | None) -> bool:
    host, _, pid = (worker or "").rpartition(":")
    if host != _host() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _reclaimable(stale: dt.datetime) -> ColumnElement[bool]:
    return or_(Job.status == "pending",
               and_(Job.status == "running", or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < stale)))


def claim_next(ctx: Context, worker: str | None = None) -> tuple[int | None, list[int]]:
    """Claim the fairest job to read: (job id or None, runs that may now be complete).

    Fair: the run with the fewest files being read now first, then the run served longest ago (a
    new run has never been served), then the oldest run; inside a run, the largest file first (a big
    scan sent last would keep one reader busy while the others idle).
    """
    worker = worker or worker_id()
    to_finish: list[int] = []
    now = utcnow()
    stale = now - timedelta(seconds=ctx.stale_after_s)
    with ctx.session() as s:
        # A claim held by a process of this host that no longer exists is void at once; claims of other
        # hosts expire with their heartbeat.
        for held in s.execute(select(Job).where(Job.status == "running", Job.heartbeat_at >= stale)).scalars():
            if _dead_here(held.worker):
                held.heartbeat_at = None
        s.flush()
        busy = (select(Job.run_id, func.count().label("n"))
                .where(Job.status == "running", Job.heartbeat_at >= stale).group_by(Job.run_id).subquery())
        stmt = (select(Job).join(Run, Run.id == Job.run_id).join(RoundFile, RoundFile.id == Job.round_file_id)
                .outerjoin(busy, busy.c.run_id == Job.run_id)
                .where(_reclaimable(stale), Run.status.in_(("queued", "running")))
                .order_by(func.coalesce(busy.c.n, 0), Run.last_claim_at.asc().nulls_first(), Run.id,
                          RoundFile.size.desc(), Job.id)
                .limit(1).with_for_update(skip_locked=True, of=Job))
        for _ in range(100):
            job = s.execute(stmt).scalar_one_or_none()
            if job is None:
                return None, to_finish
            run = _lock_run(s, job.run_id)
            rf = s.get_one(RoundFile, job.round_file_id)
            if run.budget_exceeded:
                job.status = "skipped"
            elif s.execute(select(ExtractionRow.id).where(ExtractionRow.cache_key == job.cache_key)).first():
                job.status = "done"       # a twin job (other run, same content) filled the cache meanwhile
            else:
                job.attempts += 1
                if job.attempts > ctx.max_attempts:
                    job.status = "quarantined"
                    sub = _submission_of(s, run)
                    append(s, Action.QUARANTINED, WORKER_ACTOR, submission_id=sub.id, unit=sub.unit, year=sub.year,
                           details={"file": rf.relative, "sha256": rf.sha256, "attempts": job.attempts - 1,
                                    "run": run.id})
                else:
                    job.status, job.heartbeat_at, job.worker, job.updated_at = "running", now, worker, now
                    run.last_claim_at = now
                    if run.status == "queued":
                        run.status, run.stage, run.started_at = "running", "extract", now
                    return job.id, to_finish
            job.updated_at = now
            s.flush()
            run.files_done = _count_finished(s, run.id)
            to_finish.append(run.id)
    return None, to_finish


class Heartbeat:
    """Refreshes a job's heartbeat from a thread while its file is read (or, with ``run_id``, a run's
    evaluation claim while it is evaluated). It stops with the process, so a killed reader's job goes
    stale and is claimed again (docs/service.md, "Liveness")."""

    def __init__(self, ctx: Context, job_id: int | None = None, run_id: int | None = None) -> None:
        self.ctx, self.job_id, self.run_id = ctx, job_id, run_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{job_id or f'run-{run_id}'}",
                                        daemon=True)

    def _beat(self) -> None:
        while not self._stop.wait(self.ctx.heartbeat_s):
            try:
                with self.ctx.session() as s:
                    if self.job_id is not None:
                        s.execute(update(Job).where(Job.id == self.job_id, Job.status == "running")
                                  .values(heartbeat_at=utcnow()))
                    else:
                        s.execute(update(Run).where(Run.id == self.run_id, Run.stage == "evaluate")
                                  .values(last_claim_at=utcnow()))
            except Exception:  # a database blip must not kill the read; the next beat tries again
                log.warning("heartbeat of job %s / run %s failed", self.job_id, self.run_id, exc_info=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def run_job(ctx: Context, job_id: int, before_read: Callable[[str], None] | None = None) -> int:
    """Read the file of a job this process claimed and store it. Returns the run id."""
    with ctx.session() as s:
        job = s.get_one(Job, job_id)
        rf = s.get_one(RoundFile, job.round_file_id)
        relative, sha, key, run_id, status = rf.relative, rf.sha256, job.cache_key, job.run_id, job.status
    if status != "running":
        return run_id
    try:
        with Heartbeat(ctx, job_id):
            if before_read is not None:
                before_read(sha)
            started = time.perf_counter()
            from verifier.pipeline import extract_evidence

            with materialize(ctx.blobs.path(sha), relative) as path:
                evidence = extract_evidence(path, relative, ctx.read_settings, sha256=sha)
            _store_extraction(ctx, job_id, key, sha, evidence, time.perf_counter() - started)
    except BaseException:
        # The read failed without killing the process (a soft time limit, a bug): give the claim back
        # at once instead of waiting for the heartbeat to go stale; the attempt still counts.
        _release(ctx, job_id)
        raise
    return run_id


def _release(ctx: Context, job_id: int) -> None:
    try:
        with ctx.session() as s:
            s.execute(update(Job).where(Job.id == job_id, Job.status == "running").values(heartbeat_at=None))
    except Exception:
        log.warning("could not release job %s; it is claimed again once its heartbeat is stale", job_id,
                    exc_info=True)


def extract_next(ctx: Context, before_read: Callable[[str], None] | None = None,
                 on_verdict: Callable[[int], None] | None = None) -> int | None:
    """Claim the fairest job, read it, and evaluate whatever run became complete. Returns the job id.

    ``on_verdict(run_id)`` is called for each run whose verdict is stored: the worker uses it to have
    the pages no rule read completed on the low-priority queue (docs/reading.md, header-first)."""
    job_id, to_finish = claim_next(ctx)
    if job_id is not None:
        to_finish.append(run_job(ctx, job_id, before_read))
    for run_id in dict.fromkeys(to_finish):
        if finish_if_complete(ctx, run_id) and on_verdict is not None:
            on_verdict(run_id)
    return job_id


def _store_extraction(ctx: Context, job_id: int, key: str, sha: str, ev: Evidence, seconds: float) -> None:
    from verifier.read import EXTRACTOR_VERSION

    payload = json.dumps(to_jsonable(Extraction(read=ev.read, identity=ev.identity, error=ev.error,
                                                documents=ev.documents)), ensure_ascii=False)
    with ctx.session() as s:
        job = s.get_one(Job, job_id)
        run = _lock_run(s, job.run_id)
        s.refresh(job, with_for_update=True)
        if job.status in TERMINAL:
            return
        try:
            with s.begin_nested():
                s.add(ExtractionRow(cache_key=key, sha256=sha, extractor_version=str(EXTRACTOR_VERSION),
                                    payload=payload, error_code=ev.error.code if ev.error else None,
                                    seconds=seconds))
        except IntegrityError:
            pass                          # the same content was extracted by another job at the same time
        job.status, job.updated_at = "done", utcnow()
        run.extracted += 1
        if ev.read is not None:
            run.pages_read += len(ev.read.pages)
            if ev.read.ocr:
                run.ocr_seconds += seconds
        exceeded = run.budget_exceeded or over_budget(run.pages_read, run.ocr_seconds, max_pages=ctx.budget_pages,
                                                      max_ocr_seconds=ctx.budget_ocr_seconds)
        if exceeded and not run.budget_exceeded:
            # The files not yet read are not read: each is reported as over the budget.
            run.budget_exceeded = exceeded
            s.execute(update(Job).where(Job.run_id == run.id, Job.status == "pending").values(status="skipped"))
        s.flush()
        run.files_done = _count_finished(s, run.id)
        sub = _submission_of(s, run)
        identity = ev.identity
        append(s, Action.EXTRACTION, WORKER_ACTOR, submission_id=sub.id, unit=sub.unit, year=sub.year,
               kind=ev.error.code if ev.error else None,
               details={"file": ev.file, "sha256": sha, "run": run.id, "extractor": str(EXTRACTOR_VERSION),
                        "settings": ctx.read_settings.cache_key(), "seconds": round(seconds, 3),
                        "number": identity.number.value.text if identity and identity.number else None,
                        "ocr": bool(ev.read and ev.read.ocr)})


def _evidence_of(s: Session, run_id: int) -> list[Evidence]:
    rows = s.execute(select(Job, RoundFile).join(RoundFile, RoundFile.id == Job.round_file_id)
                     .where(Job.run_id == run_id).order_by(RoundFile.relative)).all()
    keys = [job.cache_key for job, _rf in rows]
    found = s.execute(select(ExtractionRow.cache_key, ExtractionRow.payload)
                      .where(ExtractionRow.cache_key.in_(keys))).all() if keys else []
    payloads = {key: payload for key, payload in found}
    run_budget = {run_id: s.get_one(Run, run_id).budget_exceeded}
    out: list[Evidence] = []
    for job, rf in rows:
        folder = folder_code_of(Path(rf.relative))
        payload = payloads.get(job.cache_key)
        if job.status == "skipped":
            out.append(Evidence(rf.relative, folder, rf.sha256, None, None,
                                ErrorInfo.of(error_of(rf.relative, run_budget.get(job.run_id) or "?"))))
            continue
        if job.status == "quarantined" or payload is None:
            out.append(Evidence(rf.relative, folder, rf.sha256, None, None, _quarantine_error(rf.relative,
                                                                                                job.attempts - 1)))
            continue
        ex = from_jsonable(Extraction, json.loads(payload))
        read = replace(ex.read, file=rf.relative) if ex.read is not None else None
        out.append(Evidence(rf.relative, folder, rf.sha256, read, ex.identity, ex.error, ex.documents))
    return out


def finish_if_complete(ctx: Context, run_id: int) -> bool:
    """Evaluate and store the report once every job is finished. True when the run is now done."""
    with ctx.session() as s:
        run = _lock_run(s, run_id)
        if run.status in ("done", "failed"):
            return run.status == "done"
        jobs = int(s.execute(select(func.count()).select_from(Job).where(Job.run_id == run_id)).scalar_one())
        if _count_finished(s, run_id) < jobs or jobs < run.files_total:
            return False
        stale = utcnow() - timedelta(seconds=ctx.stale_after_s)
        if run.stage == "evaluate" and run.last_claim_at is not None and run.last_claim_at >= stale:
            # another worker is evaluating it (its heartbeat keeps the claim fresh): evaluating twice read
            # the verdict's body pages twice and sent two full-text reads (docs/service.md)
            return False
        if run.started_at is None:
            run.started_at = utcnow()     # nothing had to be read: the run starts and ends here
        run.status = "running"
        run.stage = "evaluate"
        run.last_claim_at = utcnow()      # the evaluation claim; the sweeper re-sends it once stale
        table = s.execute(select(RoundFile).where(RoundFile.round_id == run.round_id,
                                                  RoundFile.role == "table")).scalar_one()
        table_rel, table_sha, province = table.relative, table.sha256, _submission_of(s, run).province
        evidence = _evidence_of(s, run_id)
    report_json: str | None = None
    error: str | None = None
    report: Report | None = None
    try:
        from service.fulltext import complete_pages
        from verifier.pipeline import evaluate_submission
        from verifier.report.json_report import report_to_dict

        def complete(wanted: Pages) -> list[Evidence]:
            return complete_pages(ctx, run_id, evidence, wanted)

        with materialize(ctx.blobs.path(table_sha), table_rel) as table_path, Heartbeat(ctx, run_id=run_id):
            # header-first reading: the pages a rule reads the body of, now; the rest after the verdict
            report = evaluate_submission(table_path, evidence, rules_dir=_rules_dir(), province=province,
                                         complete=complete)
        report_json = json.dumps(report_to_dict(report), ensure_ascii=False)
    except VerifierError as err:
        error = err.one_line()
    except Exception as exc:  # a rule bug must end this run visibly, not leave it "evaluating" forever
        log.exception("evaluation of run %s failed", run_id)
        error = f"[E_INTERNAL] Lỗi nội bộ khi chấm / Internal error while evaluating: {type(exc).__name__}: {exc}"
    with ctx.session() as s:
        run = _lock_run(s, run_id)
        if run.status in ("done", "failed"):
            return run.status == "done"   # another worker finished it first; its results stand
        sub = _submission_of(s, run)
        run.finished_at = utcnow()
        run.stage = "done"
        if report is None:
            run.status, run.error = "failed", error
            append(s, Action.VERIFICATION_RUN, WORKER_ACTOR, submission_id=sub.id, unit=sub.unit, year=sub.year,
                   details={"run": run.id, "status": "failed", "error": error})
            return False
        run.status, run.report = "done", report_json
        run.rules_version = report.versions.get("rules") or report.framework
        run.extractor_version = report.versions.get("extractor")
        run.framework = report.framework
        if sub.year is None:
            sub.year = report.year
        store_totals(run, report)         # the dashboard reads these, never the report (docs/service.md)
        _store_results(s, run, sub, report)
        return True


def _rules_dir() -> Path | None:
    configured = os.environ.get("VERIFIER_RULES_DIR")
    return Path(configured) if configured else None


def _store_results(s: Session, run: Run, sub: Submission, report: Report) -> None:
    findings = [f for c in report.criteria for f in c.findings] + list(report.findings)
    for f in findings:
        s.add(FindingRow(run_id=run.id, criterion=f.criterion, kind=f.kind.value, severity=f.severity.value,
                         message=f.message, file=f.file, page=f.page, document=f.document, date=f.date))
    for c in report.criteria:
        s.add(ScoreRow(run_id=run.id, criterion=c.code, max_score=str(c.max_score),
                       self_score=None if c.self_score is None else str(c.self_score),
                       suggested_score=None if c.suggested_score is None else str(c.suggested_score),
                       status=c.status.value))
    s.flush()
    # One lock of the audit head and one flush for the run's whole record (was one per entry: 1.1 s
    # of a district round 2's evaluation; docs/service.md, "Round 2").
    entries = [Pending(Action.VERIFICATION_RUN, details={
        "run": run.id, "status": "done", "rules": run.rules_version, "framework": report.framework,
        "extractor": run.extractor_version, "files": run.files_total, "extracted": run.extracted,
        "versions": dict(report.versions), "totals": to_jsonable(report.totals)})]
    entries += [Pending(Action.FINDING, criterion=f.criterion, kind=f.kind.value,
                        details={"run": run.id, "severity": f.severity.value, "message": f.message,
                                 "file": f.file, "page": f.page, "document": f.document}) for f in findings]
    entries += [Pending(Action.SUGGESTED_SCORE, criterion=c.code,
                        details={"run": run.id, "max": str(c.max_score), "self": to_jsonable(c.self_score),
                                 "suggested": to_jsonable(c.suggested_score), "status": c.status.value,
                                 "rule": c.rule}) for c in report.criteria]
    append_many(s, entries, WORKER_ACTOR, submission_id=sub.id, unit=sub.unit, year=sub.year)
