"""pytest fixtures for PostgreSQL: one server per session (per xdist worker), one database per test.

Load with `pytest_plugins = ["factbase.testing.pytest_plugin"]`. With FACTBASE_TEST_PG_URL set, the
fixtures use that server instead of starting one. Without binaries the PostgreSQL tests are skipped,
except under CI (env CI set), where a missing server is a failure: CI must test both backends.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Iterator

import pytest

from factbase.testing.pgserver import NOT_FOUND_MESSAGE, PgCluster, PgServer, find_pg_bin

__all__ = ["pg_server", "pg_url"]

PG_URL_ENV = "FACTBASE_TEST_PG_URL"
FALSE_WORDS = frozenset({"", "0", "false", "no", "off"})

# Unique across xdist workers (pid) and across machines sharing one external server (random tag).
_RUN_TAG = f"{os.getpid()}_{secrets.token_hex(3)}"
_counter = itertools.count(1)


def running_in_ci() -> bool:
    """True when env CI is set to anything but a false-like word (GitHub and GitLab set CI=true)."""
    return os.environ.get("CI", "").strip().lower() not in FALSE_WORDS


def fresh_database_name(prefix: str = "fb_test") -> str:
    """A database name no other test, worker or concurrent run will pick."""
    return f"{prefix}_{_RUN_TAG}_{next(_counter)}"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgCluster]:
    """A PostgreSQL server for this session: FACTBASE_TEST_PG_URL, or a private PgServer."""
    external = os.environ.get(PG_URL_ENV)
    if external:
        with PgCluster(external) as cluster:
            yield cluster
        return
    bin_dir = find_pg_bin()
    if bin_dir is None:
        if running_in_ci():
            pytest.fail(NOT_FOUND_MESSAGE, pytrace=False)
        pytest.skip(NOT_FOUND_MESSAGE)
    with PgServer(bin_dir) as server:
        yield server


@pytest.fixture
def pg_url(pg_server: PgCluster) -> Iterator[str]:
    """SQLAlchemy URL of a fresh, empty database, dropped (sessions and all) after the test."""
    name = fresh_database_name()
    url = pg_server.create_database(name)
    yield url
    pg_server.drop_database(name)
