"""The Celery deployment's sweeper: a small process beside each worker; one at a time (a lease in the
database) re-sends the work nobody will do (service/sweep.py).

It makes a run finish without any restart after:

* a whole worker killed (``kill -9`` of its process group): its jobs' heartbeats stop; after
  ``VERIFIER_STALE_AFTER_S`` they are claimable and the sweeper sends wake-ups for them, long before
  Redis would redeliver the unacknowledged message (the visibility timeout, 40 minutes by default);
* a broker outage or restart: runs stored while Redis was down, or whose messages Redis lost, are
  found in the database and sent again once the broker answers.

The old message, when Redis finally redelivers it, finds its job done and does nothing.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time

log = logging.getLogger("verifier.sweeper")
MAX_WAKEUPS = 500          # per sweep: a huge backlog is woken over several sweeps


def _waiting(broker_url: str, queue: str) -> int:
    import redis

    try:
        return int(redis.Redis.from_url(broker_url, socket_timeout=5, socket_connect_timeout=5).llen(queue))
    except Exception:
        return 0           # unknown: send; extra wake-ups are harmless


def sweep_once(owner: str) -> tuple[int, int] | None:
    """One sweep if this process holds the lease: (wake-ups sent, runs re-sent), else None."""
    from service.config import load_settings
    from service.storage.session import session_scope
    from service.sweep import acquire_lease, backlog
    from workers.tasks import extract_file, verify_submission

    settings = load_settings()
    with session_scope(settings.database_url) as s:
        if not acquire_lease(s, owner, ttl_s=settings.sweep_interval_s * 3):
            return None
        work = backlog(s, settings.stale_after_s, settle_s=settings.sweep_interval_s)
    send = min(MAX_WAKEUPS, max(0, work.claimable - _waiting(settings.broker_url or "", "verifier")))
    for _ in range(send):
        extract_file.delay()
    for run_id in work.stuck_runs:
        verify_submission.delay(run_id)
    if send or work.stuck_runs:
        log.warning("sweeper: %d wake-up(s) for %d claimable job(s), %d run(s) re-sent",
                    send, work.claimable, len(work.stuck_runs))
    return send, len(work.stuck_runs)


def _main(parent: int) -> None:
    from service.config import load_settings

    logging.basicConfig(level=logging.INFO, format="[%(asctime)s: %(levelname)s/sweeper] %(message)s")
    owner = f"{os.uname().nodename}:{os.getpid()}"
    interval = load_settings().sweep_interval_s
    while os.getppid() == parent:          # the worker is gone: so is its sweeper
        try:
            sweep_once(owner)
        except Exception:  # the broker or the database is away: try again next time
            log.warning("sweep failed; retrying in %ss", interval, exc_info=True)
        time.sleep(interval)


def start() -> multiprocessing.process.BaseProcess:
    """Start the sweeper beside this worker (spawned: the worker's threads and sockets stay its own)."""
    proc = multiprocessing.get_context("spawn").Process(target=_main, args=(os.getpid(),), name="verifier-sweeper",
                                                        daemon=True)
    proc.start()
    return proc
