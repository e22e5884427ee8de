"""The sweeper's view of the database: what work has no one to do it (docs/service.md, "Liveness").

A broker message is only a wake-up (service/jobs.py claims from the database), so the sweeper never
needs to know which messages exist: it counts the jobs that are claimable now (pending, or running
with a stopped heartbeat or a dead worker process of this host) and the runs whose files are all
finished but which nobody evaluated, and the caller sends that many wake-ups minus those already
waiting in the queue. Sending too many is harmless (a wake-up that finds nothing returns at once);
sending too few is what this prevents.

One sweeper at a time: :func:`acquire_lease` takes or renews a named lease row; a holder that dies
loses it when it expires.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.jobs import TERMINAL, _dead_here
from service.storage.models import Job, Lease, Run, utcnow

LEASE = "sweeper"


def acquire_lease(s: Session, owner: str, ttl_s: int, name: str = LEASE) -> bool:
    """Take or renew the lease ``name`` for ``owner``; False when another owner holds it."""
    now = utcnow()
    row = s.execute(select(Lease).where(Lease.name == name).with_for_update()).scalar_one_or_none()
    if row is None:
        try:
            with s.begin_nested():
                s.add(Lease(name=name, owner=owner, expires_at=now + timedelta(seconds=ttl_s)))
        except IntegrityError:
            return False            # another process created it at the same moment
        return True
    if row.owner != owner and row.expires_at > now:
        return False
    row.owner, row.expires_at = owner, now + timedelta(seconds=ttl_s)
    return True


@dataclass(frozen=True)
class Backlog:
    claimable: int              # jobs a wake-up would find now
    stuck_runs: tuple[int, ...]  # runs to send through verify_submission again


def backlog(s: Session, stale_after_s: int, settle_s: int = 0) -> Backlog:
    """``settle_s``: pending jobs of runs queued more recently are not counted. Their run's own
    message sends their wake-ups moments after the upload; counted before it did, a whole run's
    worth of wake-ups was sent twice (150 for a district), and the no-op tasks cost the run's
    workers their warm processes (Celery replaces one every VERIFIER_MAX_TASKS_PER_CHILD tasks)."""
    now = utcnow()
    stale = now - timedelta(seconds=stale_after_s)
    live = Run.status.in_(("queued", "running"))
    pending = int(s.execute(select(func.count()).select_from(Job).join(Run, Run.id == Job.run_id)
                            .where(live, Job.status == "pending",
                                   Run.queued_at < now - timedelta(seconds=settle_s))).scalar_one())
    running = s.execute(select(Job.heartbeat_at, Job.worker).join(Run, Run.id == Job.run_id)
                        .where(live, Job.status == "running")).all()
    reclaim = sum(1 for beat, worker in running if beat is None or beat < stale or _dead_here(worker))
    # Runs with nothing left to read that are still not done after stale_after_s: the worker that was
    # to evaluate them died, or their first message was lost (a run with no job yet).
    open_jobs = (select(Job.run_id).where(Job.status.not_in(TERMINAL)).distinct())
    stuck = s.execute(select(Run.id).where(live, Run.id.not_in(open_jobs),
                                           func.coalesce(Run.last_claim_at, Run.queued_at) < stale)
                      .order_by(Run.id).limit(200)).scalars()
    return Backlog(pending + reclaim, tuple(stuck))
