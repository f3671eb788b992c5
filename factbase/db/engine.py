"""Database URLs, engines and upgrade-on-open.

``open_db(url)`` is the one way in: it turns a bare path into a SQLite URL, makes an engine
with the right per-connection settings (foreign keys, WAL, busy timeout on SQLite), and
upgrades the schema to head through Alembic before anyone reads it. A database whose
revision this code does not know (made by a newer factbase) is refused, never written to.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from factbase.errors import DatabaseError

log = logging.getLogger(__name__)

DEFAULT_DB = "factbase.db"
# Writers wait this long for SQLite's lock before giving up. Two concurrent ingests commit
# every few milliseconds, so 60 s is only reached when another process is stuck.
SQLITE_BUSY_TIMEOUT_MS = 60_000
PG_UPGRADE_LOCK = 0x66616374  # "fact": advisory lock id serialising concurrent upgrades
# Alembic's migration context is process-global: threads must upgrade one at a time.
_UPGRADE_THREAD_LOCK = threading.Lock()


def to_url(url_or_path: str) -> str:
    """A SQLAlchemy URL for ``url_or_path``; a bare path means a SQLite file."""
    if "://" in url_or_path:
        if url_or_path.startswith("postgresql://") or url_or_path.startswith("postgres://"):
            # psycopg 3 is the driver we ship as the postgres extra.
            return "postgresql+psycopg://" + url_or_path.split("://", 1)[1]
        return url_or_path
    return "sqlite:///" + str(Path(url_or_path).expanduser())


def display_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def migrations_dir() -> Path:
    """Where the Alembic scripts are: inside the installed package, else the source tree."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_migrations", here.parent / "migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    raise DatabaseError("cannot find factbase's migrations. Reinstall factbase.")


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _sqlite_settings(dbapi_conn: Any, _record: Any) -> None:
    # Take over transaction control from pysqlite so BEGIN IMMEDIATE works (see _begin).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    _wal(cur)
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _wal(cur: sqlite3.Cursor) -> None:
    """Switch the file to WAL, waiting out other processes doing the same.

    Changing the journal mode can fail at once with "database is locked" instead of calling
    the busy handler: several processes opening one new file together (two terminals' first
    command) lost that race now and then. It is retried, with backoff, for busy_timeout; a
    file already in WAL mode is left as it is.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    delay = 0.005
    while True:
        try:
            if cur.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


def _sqlite_begin(conn: Connection) -> None:
    # Writers take the write lock up front: a deferred transaction that later upgrades
    # to a write fails at once with SQLITE_BUSY instead of waiting for busy_timeout.
    mode = "IMMEDIATE" if conn.get_execution_options().get("write") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    """An engine with factbase's connection settings, without touching the schema."""
    sa_url = make_url(url)
    if sa_url.get_backend_name() == "sqlite":
        database = sa_url.database or ""
        if database and database != ":memory:":
            parent = Path(database).expanduser().resolve().parent
            if not parent.is_dir():
                raise DatabaseError(
                    f"cannot open {database}: folder {parent} does not exist. Create it first."
                )
        engine = create_engine(sa_url, poolclass=NullPool)
        event.listen(engine, "connect", _sqlite_settings)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if sa_url.get_backend_name() == "postgresql":
        try:
            return create_engine(sa_url, pool_pre_ping=True)
        except ModuleNotFoundError as exc:
            raise DatabaseError(
                "PostgreSQL support is not installed. Run: pip install 'factbase[postgres]'"
            ) from exc
    raise DatabaseError(
        f"unsupported database {display_url(url)}. Use a SQLite path or a postgresql:// URL."
    )


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema (under a lock, so concurrent openers don't race)."""
    cfg = alembic_config()
    with _UPGRADE_THREAD_LOCK, engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": PG_UPGRADE_LOCK})
            conn.commit()
        elif conn.dialect.name == "sqlite":
            # Take the write lock (BEGIN IMMEDIATE) before Alembic reads the revision: two
            # processes opening a new file at once otherwise both see it empty and the
            # loser fails at once with "database is locked".
            conn.execution_options(write=True)
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
        finally:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PG_UPGRADE_LOCK})
                conn.commit()


def check_revision(engine: Engine) -> str | None:
    """The database's revision; raises DatabaseError when it is newer than this code."""
    script = ScriptDirectory.from_config(alembic_config())
    with engine.connect() as conn:
        rev = current_revision(conn)
    if rev is not None:
        try:
            script.get_revision(rev)
        except Exception as exc:  # alembic raises several kinds for an unknown revision
            raise DatabaseError(
                f"database {display_url(str(engine.url))} has schema revision {rev}, newer "
                "than this factbase knows. Upgrade factbase (pip install -U factbase)."
            ) from exc
    return rev


def open_db(url_or_path: str | None = None, *, upgrade_schema: bool = True) -> Engine:
    """An engine on ``url_or_path`` (default: $FACTBASE_DB or ./factbase.db), at head."""
    url = to_url(url_or_path or os.environ.get("FACTBASE_DB") or DEFAULT_DB)
    engine = make_engine(url)
    try:
        rev = check_revision(engine)
        if upgrade_schema and rev != head_revision():
            upgrade(engine)
    except DatabaseError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc).splitlines()[0]
        raise DatabaseError(
            f"cannot open {display_url(url)}: {reason}. Check the path or URL and that the "
            "server is running."
        ) from exc
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = str(exc).splitlines()[0]
        raise DatabaseError(f"cannot open {display_url(url)}: {reason}.") from exc
    return engine


@contextlib.contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """A connection whose transactions take the write lock up front on SQLite."""
    with engine.connect() as conn:
        yield conn.execution_options(write=True)
