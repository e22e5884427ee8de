"""Fixtures for the service tests: a private PostgreSQL database per session, a Redis database per
test, SQLite homes, and the process stacks of tests/service/stack.py.

Redis and PostgreSQL are the machine's (127.0.0.1:6379 and :5432; ``.ci/run`` starts them). A test
skips, saying why, only when one of them cannot be reached at all.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.service.stack import (
    REDIS_HOST,
    REDIS_PORT,
    Stack,
    create_pg_database,
    drop_pg_database,
    reachable,
)

# The service tests' own Redis database, flushed around each test. Two checkouts testing at once on
# one machine pick different databases (VERIFIER_TEST_REDIS_DB) so neither flushes the other's queue.
REDIS_DB = int(os.environ.get("VERIFIER_TEST_REDIS_DB", "13"))


@contextlib.contextmanager
def _own_pg_database() -> Iterator[str]:
    """A PostgreSQL database created for the caller and dropped afterwards."""
    if not reachable("127.0.0.1", 5432):
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432 (.ci/run starts it)")
    url = create_pg_database()
    try:
        yield url
    finally:
        from service.storage.session import dispose_engines

        dispose_engines()
        drop_pg_database(url)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    with _own_pg_database() as url:
        yield url


@pytest.fixture()
def fresh_pg() -> Iterator[str]:
    """A database of its own, for tests whose counts must not see other tests' rows."""
    with _own_pg_database() as url:
        yield url


@pytest.fixture()
def redis_url() -> Iterator[str]:
    if not reachable(REDIS_HOST, REDIS_PORT):
        pytest.skip(f"Redis is not reachable on {REDIS_HOST}:{REDIS_PORT} (.ci/run starts it)")
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    client.flushdb()
    yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
    client.flushdb()


@pytest.fixture()
def sqlite_url(tmp_path: Path) -> str:
    from service.storage.session import upgrade

    url = f"sqlite:///{tmp_path / 'var' / 'verifier.db'}"
    upgrade(url)
    return url


@pytest.fixture()
def stack_factory(tmp_path: Path) -> Iterator[type[Stack]]:
    made: list[Stack] = []

    class Tracked(Stack):
        def __init__(self, *args: object, **kwargs: str) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            made.append(self)

    yield Tracked
    for stack in made:
        stack.close()
