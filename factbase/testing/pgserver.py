"""A throwaway PostgreSQL server for tests: initdb + postgres on 127.0.0.1, in a temp dir.

`PgServer` runs the machine's binaries (`find_pg_bin`), as an unprivileged user when we are root,
and hands out databases as SQLAlchemy URLs; `stop()` shuts it down and removes its directory. The
postmaster has a parent-death signal, so it stops even if the test process is SIGKILLed; the next
`start()` sweeps the directory such a death leaves. `PgCluster` does the database work.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import glob
import logging
import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from sqlalchemy.engine import URL, make_url

if TYPE_CHECKING:
    import psycopg

__all__ = ["NOT_FOUND_MESSAGE", "PgCluster", "PgServer", "PgServerError", "find_pg_bin"]

log = logging.getLogger(__name__)

PG_BIN_ENV = "FACTBASE_PG_BIN"
NOT_FOUND_MESSAGE = f"PostgreSQL binaries not found (set {PG_BIN_ENV})"
# Debian/Ubuntu install one directory per major version; RHEL/PGDG use /usr/pgsql-<major>/bin.
PACKAGED_BIN_GLOBS = ("/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin")
SERVER_PROGRAMS = ("initdb", "postgres")
SUPERUSER = "factbase"
RUN_AS = "nobody"  # exists on every Linux; we never create system users
DIR_PREFIX = "factbase-pg-"
OWNER_FILE = "owner.pid"
LOG_FILE = "postgres.log"

READY_TIMEOUT = 30.0  # s; startup measures ~0.3 s here, so 30 s only trips on a broken machine
POLL_INTERVAL = 0.02  # s between connection attempts while the server starts
STOP_TIMEOUT = 10.0  # s; postgres SIGKILLs its own children after 5 s of an immediate shutdown
INITDB_TIMEOUT = 120.0
PORT_ATTEMPTS = 3  # another process may take our free port between the probe and postgres' bind
CLONE_ATTEMPTS = 3  # a client may reconnect to the template between our kill and our copy
LOG_TAIL_CHARS = 3000
# The socket path .../sock/.s.PGSQL.NNNNN must fit sockaddr_un (107 bytes on Linux).
MAX_PARENT_PATH = 60
# On tmpfs CREATE DATABASE takes ~9 ms against 130-230 ms on this ext4 virtual disk (fsync off
# either way: creating files is what is slow there), and initdb + start 0.6 s against 0.8-1.4 s.
# A cluster is ~40 MB plus ~8 MB per database, so /dev/shm is used only with this much free
# (Docker gives containers 64 MB by default).
TMPFS_DIR = Path("/dev/shm")
MIN_TMPFS_FREE = 512 * 2**20
# FILE_COPY (PG 15+; the only way before) beat the default WAL_LOG on our small databases: 9 vs
# 12 ms from template0, 13 vs 14 ms cloning a 12-table template, and it does not grow pg_wal.
CREATE_STRATEGY = "FILE_COPY"

SERVER_SETTINGS: Mapping[str, str] = {
    # Durability is worthless for a throwaway server; without it, DDL and commits take ms.
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "128MB",
    "max_connections": "50",
    "listen_addresses": "127.0.0.1",
}

BIND_FAILURE = re.compile(
    r"""could\ not\ bind | could\ not\ create\ any\ TCP/IP\ sockets | Address\ already\ in\ use""",
    re.VERBOSE,
)
VERSION_IN_PATH = re.compile(r"""(?P<major>\d+)(?:\.(?P<minor>\d+))?""", re.VERBOSE)

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class PgServerError(RuntimeError):
    """The test server could not be found, started or used; the message ends with its log tail."""


def find_pg_bin() -> Path | None:
    """Directory with initdb and postgres: $FACTBASE_PG_BIN, pg_config, newest packaged, PATH."""
    explicit = os.environ.get(PG_BIN_ENV)
    if explicit:
        # An explicit choice that does not work is reported as not found, never silently replaced.
        path = Path(explicit)
        path = path.parent if path.is_file() else path
        return path if _has_server_programs(path) else None
    return next((path for path in _candidate_bin_dirs() if _has_server_programs(path)), None)


def _candidate_bin_dirs() -> Iterator[Path]:
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            done = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            )
            if done.stdout.strip():
                yield Path(done.stdout.strip())
    packaged = [Path(p) for pattern in PACKAGED_BIN_GLOBS for p in glob.glob(pattern)]
    yield from sorted(packaged, key=_version_key, reverse=True)
    found = shutil.which("postgres")
    if found:
        yield Path(found).parent
        # /usr/bin/postgres may be a symlink into the real bin dir, next to initdb
        yield Path(found).resolve().parent


def _version_key(bin_dir: Path) -> tuple[int, int]:
    match = VERSION_IN_PATH.search(bin_dir.parent.name)
    if match is None:
        return (-1, -1)
    return (int(match["major"]), int(match["minor"] or 0))


def _has_server_programs(path: Path) -> bool:
    return all(
        os.access(path / name, os.X_OK) and (path / name).is_file() for name in SERVER_PROGRAMS
    )


@dataclass(frozen=True, slots=True)
class _Launcher:
    """How to run a server program: as ourselves, or as an unprivileged user when we are root."""

    prefix: tuple[str, ...]  # setpriv/runuser words put before the program
    # the same, plus a parent-death signal where the tool can set one
    postmaster_prefix: tuple[str, ...]
    preexec: Callable[[], None] | None  # sets the parent-death signal when no tool can
    uid: int | None
    gid: int | None


def _make_launcher(run_as: str, tool: str | None) -> _Launcher:
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0:
        if setpriv and tool != "runuser":
            return _Launcher((), (setpriv, "--pdeathsig", "QUIT"), None, None, None)
        return _Launcher((), (), _die_with_parent(signal.SIGQUIT), None, None)
    account = pwd.getpwnam(run_as)
    # postgres refuses to run as root. setpriv execs, so postgres stays our child and keeps the
    # parent-death signal; SIGQUIT there is exactly `pg_ctl stop -m immediate`.
    if setpriv and tool in (None, "setpriv"):
        words = (
            setpriv,
            f"--reuid={account.pw_uid}",
            f"--regid={account.pw_gid}",
            "--clear-groups",
        )
        return _Launcher(
            words, (*words, "--pdeathsig", "QUIT"), None, account.pw_uid, account.pw_gid
        )
    runuser = shutil.which("runuser")
    if runuser and tool in (None, "runuser"):
        # runuser forks and stays in between; it ignores SIGQUIT but forwards SIGTERM (measured with
        # util-linux 2.38), so runuser itself gets SIGTERM when we die: a smart shutdown, as our
        # connections die with us.
        words = (runuser, "-u", run_as, "--")
        return _Launcher(
            words, words, _die_with_parent(signal.SIGTERM), account.pw_uid, account.pw_gid
        )
    raise PgServerError(
        f"running as root needs setpriv or runuser to start PostgreSQL as {run_as!r}; "
        "install util-linux or run the tests as an ordinary user"
    )


def _die_with_parent(sig: signal.Signals) -> Callable[[], None] | None:
    """A preexec hook asking Linux to send `sig` to the child when this thread's process dies."""
    if not sys.platform.startswith("linux"):
        return None  # elsewhere only stop() and atexit protect against a lingering server
    libc = ctypes.CDLL(None, use_errno=True)
    parent = os.getpid()

    def set_pdeathsig() -> None:
        libc.prctl(PR_SET_PDEATHSIG, int(sig))
        if os.getppid() != parent:  # the parent died before prctl took effect
            os.kill(os.getpid(), sig)

    return set_pdeathsig


class PgCluster:
    """Databases on a PostgreSQL server; `url` names a maintenance database such as postgres."""

    def __init__(self, url: str | URL | None = None) -> None:
        self._url: URL | None = _normalise_url(url) if url is not None else None
        # one autocommit session for DDL, opened lazily
        self._admin: psycopg.Connection | None = None

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the maintenance database (password included: tests must connect)."""
        return self._require_url().render_as_string(hide_password=False)

    def url_for(self, name: str) -> str:
        """SQLAlchemy URL of database `name` on this server."""
        return self._require_url().set(database=name).render_as_string(hide_password=False)

    def create_database(self, name: str) -> str:
        """Create an empty UTF-8, C-locale database `name` and return its SQLAlchemy URL."""
        from psycopg import sql

        # template0 is never customised, and C collation orders rows the same on every server.
        self._execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'{}").format(
                sql.Identifier(name), self._strategy()
            )
        )
        return self.url_for(name)

    def clone_database(self, template: str, name: str) -> str:
        """Create `name` as a copy of database `template` (one migrated to head); return its URL.

        CREATE DATABASE ... TEMPLATE fails (after a 5 s wait) while the template has other sessions;
        a pooled engine left open after migrating it is the usual culprit, so they are closed first.
        """
        import psycopg
        from psycopg import sql

        statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}{}").format(
            sql.Identifier(name), sql.Identifier(template), self._strategy()
        )
        for attempt in range(1, CLONE_ATTEMPTS + 1):
            self._execute(
                sql.SQL(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = {} AND pid <> pg_backend_pid()"
                ).format(sql.Literal(template))
            )
            try:
                self._execute(statement)
                return self.url_for(name)
            except psycopg.errors.ObjectInUse:
                if attempt == CLONE_ATTEMPTS:
                    raise
                log.info("template database %s was reconnected to; retrying", template)
        raise AssertionError("unreachable")

    def drop_database(self, name: str) -> None:
        """Drop database `name` if it exists, closing any sessions still connected to it."""
        from psycopg import sql

        self._execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )

    def list_databases(self) -> list[str]:
        """Names of the databases that accept connections (templates excluded)."""
        rows = self._admin_connection().execute(
            "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY 1"
        )
        return [row[0] for row in rows]

    def close(self) -> None:
        """Close the maintenance connection (the server keeps running)."""
        admin, self._admin = self._admin, None
        if admin is not None:
            with contextlib.suppress(Exception):
                admin.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _strategy(self) -> psycopg.sql.SQL | psycopg.sql.Composed:
        from psycopg import sql

        if self._admin_connection().info.server_version < 150000:
            return sql.SQL("")
        return sql.SQL(" STRATEGY {}").format(sql.SQL(CREATE_STRATEGY))

    def _execute(self, statement: psycopg.sql.Composed) -> None:
        self._admin_connection().execute(statement)

    def _admin_connection(self) -> psycopg.Connection:
        if self._admin is None or self._admin.closed:
            self._admin = _connect(self._require_url(), timeout=10)
        return self._admin

    def _require_url(self) -> URL:
        if self._url is None:
            raise PgServerError("the PostgreSQL server is not running; call start() first")
        return self._url


def _normalise_url(url: str | URL) -> URL:
    parsed = make_url(url)
    if parsed.get_backend_name() not in ("postgresql", "postgres"):  # libpq takes both
        raise ValueError(f"not a PostgreSQL URL: {parsed.render_as_string(hide_password=True)}")
    # factbase talks to PostgreSQL through psycopg 3; a bare postgresql:// would pick psycopg2.
    return parsed.set(drivername="postgresql+psycopg", database=parsed.database or "postgres")


def _connect(url: URL, timeout: int) -> psycopg.Connection:
    import psycopg
    from psycopg.conninfo import make_conninfo

    query = {key: v if isinstance(v, str) else v[-1] for key, v in url.query.items()}  # sslmode...
    conninfo = make_conninfo(  # drops the parts that are None
        "", host=url.host, port=url.port, user=url.username, password=url.password,
        dbname=url.database or "postgres", connect_timeout=timeout, **query,
    )  # fmt: skip
    return psycopg.connect(conninfo, autocommit=True)


class PgServer(PgCluster):
    """A private PostgreSQL server on 127.0.0.1 that lives until stop() (a context manager).

    Use: `with PgServer() as pg: url = pg.create_database("t1")`. The postmaster is started directly
    (not via pg_ctl, which daemonises) with a parent-death signal, so it dies with the process that
    called start(); stop() also runs at exit. Start and stop the server from the same long-lived
    thread: Linux sends the parent-death signal when the *thread* that started it exits.
    """

    def __init__(
        self,
        bin_dir: Path | None = None,
        *,
        parent_dir: Path | None = None,
        run_as: str = RUN_AS,
        settings: Mapping[str, str] | None = None,
        privilege_tool: str | None = None,  # "setpriv" or "runuser" to force one; None picks
    ) -> None:
        super().__init__()
        self.bin_dir = bin_dir
        self.parent_dir = parent_dir
        self.run_as = run_as
        self.settings = {**SERVER_SETTINGS, **(settings or {})}
        self.privilege_tool = privilege_tool
        self.base_dir: Path | None = None
        self.port: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._launcher: _Launcher | None = None

    @property
    def data_dir(self) -> Path:
        return self._require_base() / "data"

    @property
    def socket_dir(self) -> Path:
        return self._require_base() / "sock"

    @property
    def log_path(self) -> Path:
        return self._require_base() / LOG_FILE

    @property
    def pid(self) -> int | None:
        """Process id of the postmaster, from its lock file."""
        return _read_pid(self.data_dir / "postmaster.pid") if self.base_dir else None

    def start(self) -> Self:
        """initdb, start postgres on a free loopback port and wait until it accepts connections."""
        if self._proc is not None:
            return self
        bin_dir = self.bin_dir or find_pg_bin()
        if bin_dir is None:
            raise PgServerError(NOT_FOUND_MESSAGE)
        self.bin_dir = bin_dir
        self._launcher = launcher = _make_launcher(self.run_as, self.privilege_tool)
        parent = _usable_parent(self.parent_dir, needs_others=launcher.uid is not None)
        for place in {parent, TMPFS_DIR, Path(tempfile.gettempdir())}:
            _sweep_stale(place)
        self.base_dir = Path(tempfile.mkdtemp(prefix=DIR_PREFIX, dir=parent))
        atexit.register(self.stop)
        try:
            (self.base_dir / OWNER_FILE).write_text(f"{os.getpid()}\n{_pid_namespace()}\n")
            self.socket_dir.mkdir()
            if launcher.uid is not None and launcher.gid is not None:
                for path in (self.base_dir, self.socket_dir):
                    os.chown(path, launcher.uid, launcher.gid)
            self._initdb()
            self._launch()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Shut the server down at once (as `pg_ctl stop -m immediate` does); remove its files."""
        atexit.unregister(self.stop)
        self.close()
        proc, self._proc = self._proc, None
        if proc is not None:
            self._terminate(proc)
        base, self.base_dir = self.base_dir, None
        if base is not None:
            shutil.rmtree(base, ignore_errors=True)
        self._url = None
        self.port = None

    def log_tail(self, chars: int = LOG_TAIL_CHARS) -> str:
        """The end of the server log, for error messages."""
        try:
            with self.log_path.open("rb") as handle:
                handle.seek(0, os.SEEK_END)
                handle.seek(max(0, handle.tell() - chars))
                return handle.read().decode("utf-8", "replace")
        except (OSError, PgServerError):
            return ""

    def _log_since(self, offset: int) -> str:
        with self.log_path.open("rb") as handle:
            handle.seek(offset)
            return handle.read().decode("utf-8", "replace")

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _initdb(self) -> None:
        assert self.bin_dir is not None and self._launcher is not None
        command = [
            *self._launcher.prefix, str(self.bin_dir / "initdb"), "-D", str(self.data_dir),
            "-A", "trust", "-U", SUPERUSER, "--encoding=UTF8", "--locale=C",
            "--no-sync",  # its fsyncs are most of initdb's time, and we never keep the cluster
        ]  # fmt: skip
        with self.log_path.open("ab") as log_file:
            done = subprocess.run(
                command, stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT,
                cwd=self.base_dir, env=_server_env(), timeout=INITDB_TIMEOUT, check=False,
            )  # fmt: skip
        if done.returncode != 0:
            raise PgServerError(f"initdb failed (exit {done.returncode}):\n{self.log_tail()}")

    def _launch(self) -> None:
        assert self.bin_dir is not None and self._launcher is not None
        options = [f"-c{key}={value}" for key, value in self.settings.items()]
        for attempt in range(PORT_ATTEMPTS):
            port = _free_port()
            command = [
                *self._launcher.postmaster_prefix, str(self.bin_dir / "postgres"),
                "-D", str(self.data_dir), "-p", str(port), "-k", str(self.socket_dir), *options,
            ]  # fmt: skip
            log_start = self.log_path.stat().st_size
            with self.log_path.open("ab") as log_file:
                # Own session: a Ctrl-C meant for pytest must not stop the server before teardown.
                self._proc = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT,
                    cwd=self.base_dir, env=_server_env(), preexec_fn=self._launcher.preexec,
                    start_new_session=True,
                )  # fmt: skip
            url = URL.create("postgresql+psycopg", SUPERUSER, None, "127.0.0.1", port, "postgres")
            if self._wait_ready(self._proc, url):
                self._url, self.port = url, port
                return
            self._proc = None
            if attempt == PORT_ATTEMPTS - 1 or not BIND_FAILURE.search(self._log_since(log_start)):
                break
            log.info("port %d was taken before postgres could bind it; trying another", port)
        raise PgServerError(f"postgres exited during startup:\n{self.log_tail()}")

    def _wait_ready(self, proc: subprocess.Popen[bytes], url: URL) -> bool:
        """True once the server accepts connections, False if it exited; raises on timeout."""
        import psycopg

        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False
            try:
                self._admin = _connect(url, timeout=2)
                return True
            except psycopg.OperationalError:
                time.sleep(POLL_INTERVAL)
        raise PgServerError(
            f"postgres did not accept connections within {READY_TIMEOUT:.0f} s:\n{self.log_tail()}"
        )

    def _terminate(self, proc: subprocess.Popen[bytes]) -> None:
        # Signal the postmaster itself: pg_ctl refuses to run as root and polls every 100 ms, and
        # under runuser our child is runuser, which ignores SIGQUIT.
        postmaster = (self.pid if self.base_dir else None) or proc.pid
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(postmaster, signal.SIGQUIT)
        try:
            proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            log.warning("postgres ignored SIGQUIT for %.0f s; killing it", STOP_TIMEOUT)
            # start_new_session made our child a group leader: this reaches every server process.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=STOP_TIMEOUT)

    def _require_base(self) -> Path:
        if self.base_dir is None:
            raise PgServerError("the PostgreSQL server is not running; call start() first")
        return self.base_dir


def _server_env() -> dict[str, str]:
    # PGDATA, PGPORT, PGHOST... from the developer's shell must not steer our private server.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env["LC_ALL"] = "C"
    return env


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _usable_parent(requested: Path | None, needs_others: bool) -> Path:
    """Where to put the server's dir: short enough for its socket, reachable by its user."""
    if requested is not None:
        if _fits(requested, needs_others):
            return requested
        raise PgServerError(
            f"cannot host the PostgreSQL test server under {requested}: its path must be under"
            f" {MAX_PARENT_PATH} characters and, when running as root, searchable by {RUN_AS!r}"
        )
    if _fits(TMPFS_DIR, needs_others) and _free_bytes(TMPFS_DIR) >= MIN_TMPFS_FREE:
        return TMPFS_DIR
    for candidate in (Path(tempfile.gettempdir()), Path("/tmp")):
        if _fits(candidate, needs_others):
            return candidate
    raise PgServerError(
        f"no directory for the PostgreSQL test server: {TMPFS_DIR} and /tmp are unusable"
    )


def _free_bytes(path: Path) -> int:
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return 0


def _fits(parent: Path, needs_others: bool) -> bool:
    parent = parent.resolve()
    if len(str(parent)) > MAX_PARENT_PATH or not parent.is_dir() or not os.access(parent, os.W_OK):
        return False
    if not needs_others:
        return True
    return all(path.stat().st_mode & stat.S_IXOTH for path in (parent, *parent.parents))


def _sweep_stale(parent: Path) -> None:
    """Remove server dirs left by killed test processes (their postmasters died with them)."""
    for path in parent.glob(f"{DIR_PREFIX}*"):
        owner = _read_pid(path / OWNER_FILE)
        if owner is None or _alive(owner):
            continue  # a dir being set up right now has no owner file yet
        if _owner_namespace(path / OWNER_FILE) not in ("", _pid_namespace()):
            continue  # another container sharing this dir: its pids mean nothing here
        postmaster = _read_pid(path / "data" / "postmaster.pid")
        if postmaster is not None and _alive(postmaster):
            continue
        log.info("removing stale PostgreSQL test dir %s", path)
        shutil.rmtree(path, ignore_errors=True)


def _pid_namespace() -> str:
    try:
        return os.readlink("/proc/self/ns/pid")
    except OSError:
        return ""


def _owner_namespace(path: Path) -> str:
    try:
        lines = path.read_text().splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    return lines[1].strip() if len(lines) > 1 else ""


def _read_pid(path: Path) -> int | None:
    try:
        first = path.read_text().split("\n", 1)[0].strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(first) if first.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # an unreaped zombie still answers kill(0)
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True
