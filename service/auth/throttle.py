"""Failed authentications: counted per hour and source, rate-limited, never one audit entry each.

An anonymous client can send any number of bad tokens or passwords. Each failure costs it a slot
in a sliding window kept in memory (per client address, and per username for passwords); over the
limit it gets 429 with Retry-After before any password hash is computed. The counts go to the
``auth_failures`` table in batches (one row per hour, source and reason), and a checkpoint of the
audit log chains one summary entry with the number of failures since the previous one
(service/audit/checkpoint.py). So the chained log grows with the schedule, not with the attacker.

The windows live in the API process: with several API processes each has its own, and the limit
is per process. Counts not yet flushed (at most FLUSH_EVERY_S) are lost if the process dies.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import threading
import time
from collections import deque
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from service.storage.models import AuthFailure
from service.storage.session import session_scope

FLUSH_EVERY_S = 2.0
MAX_KEYS = 10_000              # windows kept in memory; the oldest are dropped beyond this
MAX_SOURCES_PER_HOUR = 1_000   # distinct sources counted per hour; the rest count as "other"


def source_of(host: str | None) -> str:
    """The client's address as a counting key; IPv6 by /64, since one host owns a whole /64."""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:100]
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


@dataclass
class _Window:
    hits: deque[float]


class FailureBook:
    """Sliding windows of recent failures and the counts waiting to be written."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self._lock = threading.Lock()
        self._windows: dict[str, _Window] = {}
        self._pending: dict[tuple[str, str, str], int] = {}
        self._hour_sources: dict[str, set[str]] = {}
        self._last_flush = time.monotonic()

    def retry_after(self, key: str, limit: int, window_s: float) -> int:
        """Seconds until ``key`` may fail again; 0 when it is under its limit."""
        now = time.monotonic()
        with self._lock:
            w = self._windows.get(key)
            if w is None:
                return 0
            while w.hits and w.hits[0] <= now - window_s:
                w.hits.popleft()
            if len(w.hits) < limit:
                return 0
            return max(1, int(w.hits[0] + window_s - now) + 1)

    def record(self, keys: tuple[str, ...], source: str, reason: str) -> None:
        """One failure: a hit in each key's window, and one more in the hour's count."""
        now = time.monotonic()
        hour = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H")
        with self._lock:
            for key in keys:
                self._windows.setdefault(key, _Window(deque(maxlen=1_000))).hits.append(now)
            if len(self._windows) > MAX_KEYS:
                for old in list(self._windows)[: len(self._windows) - MAX_KEYS]:
                    del self._windows[old]
            seen = self._hour_sources.setdefault(hour, set())
            if source not in seen and len(seen) >= MAX_SOURCES_PER_HOUR:
                source = "other"
            seen.add(source)
            for stale in [h for h in self._hour_sources if h != hour]:
                del self._hour_sources[stale]
            slot = (hour, source, reason)
            self._pending[slot] = self._pending.get(slot, 0) + 1
            due = now - self._last_flush >= FLUSH_EVERY_S
        if due:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
            self._last_flush = time.monotonic()
        if not pending:
            return
        with session_scope(self.database_url) as s:
            add_counts(s, pending)


def add_counts(session: Session, counts: dict[tuple[str, str, str], int]) -> None:
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for (hour, source, reason), n in counts.items():
        stmt = insert(AuthFailure).values(hour=hour, source=source, reason=reason, count=n)
        stmt = stmt.on_conflict_do_update(index_elements=["hour", "source", "reason"],
                                          set_={"count": AuthFailure.count + n})
        session.execute(stmt)


def total_failures(session: Session) -> int:
    return int(session.execute(select(func.coalesce(func.sum(AuthFailure.count), 0))).scalar_one())


def recent(session: Session, limit: int = 50) -> list[AuthFailure]:
    return list(session.execute(select(AuthFailure).order_by(AuthFailure.hour.desc(), AuthFailure.count.desc())
                                .limit(limit)).scalars())
