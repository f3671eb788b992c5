"""The throwaway PostgreSQL server and its fixtures: real servers, connections and kills."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from factbase.testing import pgserver
from factbase.testing.pgserver import (
    NOT_FOUND_MESSAGE,
    PgCluster,
    PgServer,
    PgServerError,
    find_pg_bin,
)
from factbase.testing.pytest_plugin import running_in_ci

pytest_plugins = ["pytester", "factbase.testing.pytest_plugin"]

PG_BIN = find_pg_bin()
IS_ROOT = os.geteuid() == 0
needs_pg = pytest.mark.skipif(PG_BIN is None and not running_in_ci(), reason=NOT_FOUND_MESSAGE)
REPO = Path(__file__).resolve().parents[1]


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def process_uid(pid: int) -> int:
    return os.stat(f"/proc/{pid}").st_uid


def gone(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not pgserver._alive(pid):
            return True
        time.sleep(0.05)
    return False


def scalar(url: str, query: str) -> object:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(query)).scalar_one()
    finally:
        engine.dispose()


# --- pure helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dirs", "newest"),
    [
        (
            ["/usr/lib/postgresql/9.6/bin", "/usr/lib/postgresql/15/bin"],
            "/usr/lib/postgresql/15/bin",
        ),
        (
            ["/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/13/bin"],
            "/usr/lib/postgresql/16/bin",
        ),
        (["/usr/pgsql-12/bin", "/usr/pgsql-17/bin"], "/usr/pgsql-17/bin"),
        (
            ["/usr/lib/postgresql/devel/bin", "/usr/lib/postgresql/14/bin"],
            "/usr/lib/postgresql/14/bin",
        ),
    ],
)
def test_version_key_prefers_newest(dirs: list[str], newest: str) -> None:
    assert str(max(map(Path, dirs), key=pgserver._version_key)) == newest


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u:secret@db:5433/facts", "postgresql+psycopg://u:secret@db:5433/facts"),
        ("postgresql+psycopg://u@127.0.0.1:5432", "postgresql+psycopg://u@127.0.0.1:5432/postgres"),
        ("postgres://u@h/x?sslmode=disable", "postgresql+psycopg://u@h/x?sslmode=disable"),
        pytest.param("sqlite:///facts.db", ValueError, id="not-postgres"),
    ],
)
def test_cluster_urls(url: str, expected: str | type[Exception]) -> None:
    if isinstance(expected, type):
        with pytest.raises(expected):
            PgCluster(url)
        return
    cluster = PgCluster(url)
    assert cluster.url == expected
    assert cluster.url_for("t1").rsplit("/", 1)[1].startswith("t1")


def test_unstarted_server_says_so() -> None:
    with pytest.raises(PgServerError, match="not running"):
        PgServer().create_database("x")


def test_find_pg_bin_honours_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(pgserver.PG_BIN_ENV, str(tmp_path))  # exists, but holds no postgres
    assert find_pg_bin() is None
    if PG_BIN is None:
        return
    monkeypatch.setenv(pgserver.PG_BIN_ENV, str(PG_BIN))
    assert find_pg_bin() == PG_BIN
    monkeypatch.setenv(pgserver.PG_BIN_ENV, str(PG_BIN / "postgres"))  # the program, not its dir
    assert find_pg_bin() == PG_BIN


@needs_pg
def test_find_pg_bin_finds_server_programs() -> None:
    assert PG_BIN is not None, NOT_FOUND_MESSAGE
    assert all(os.access(PG_BIN / name, os.X_OK) for name in ("initdb", "postgres", "pg_ctl"))


def test_sweep_removes_only_dead_owners(tmp_path: Path) -> None:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(finished.stdout)
    here = pgserver._pid_namespace()
    layout = {
        "dead": f"{dead_pid}\n{here}\n",
        "dead_legacy": f"{dead_pid}\n",
        "dead_elsewhere": f"{dead_pid}\npid:[1]\n",  # another container's pid namespace
        "alive": f"{os.getpid()}\n{here}\n",
        "unowned": None,
    }
    for name, owner in layout.items():
        (tmp_path / f"{pgserver.DIR_PREFIX}{name}" / "data").mkdir(parents=True)
        if owner is not None:
            (tmp_path / f"{pgserver.DIR_PREFIX}{name}" / pgserver.OWNER_FILE).write_text(owner)
    (tmp_path / "unrelated").mkdir()
    pgserver._sweep_stale(tmp_path)
    left = sorted(p.name.removeprefix(pgserver.DIR_PREFIX) for p in tmp_path.iterdir())
    assert left == ["alive", "dead_elsewhere", "unowned", "unrelated"]


def test_server_dir_falls_back_to_tmp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.mkdir(mode=0o700)  # like /root: the unprivileged server user cannot enter it
    monkeypatch.setattr(pgserver, "TMPFS_DIR", tmp_path / "no-shm")
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    assert pgserver._usable_parent(None, needs_others=True) == Path("/tmp")
    with pytest.raises(PgServerError, match="searchable"):
        pgserver._usable_parent(private, needs_others=True)
    deep = tmp_path / ("d" * (pgserver.MAX_PARENT_PATH + 1))
    deep.mkdir()
    with pytest.raises(PgServerError, match="characters"):  # its socket path would not fit
        pgserver._usable_parent(deep, needs_others=False)


# --- a real server -------------------------------------------------------------------------------


@needs_pg
def test_server_lifecycle() -> None:
    server = PgServer().start()
    try:
        assert server.port is not None and server.base_dir is not None
        port, base, pid = server.port, server.base_dir, server.pid
        assert pid is not None and port_open(port)
        urls = [server.create_database("alpha"), server.create_database("beta")]
        assert urls[0] == f"postgresql+psycopg://factbase@127.0.0.1:{port}/alpha"
        for number, url in enumerate(urls):
            engine = sa.create_engine(url)
            with engine.begin() as conn:
                conn.execute(sa.text("CREATE TABLE claims (id serial PRIMARY KEY, text text)"))
                conn.execute(
                    sa.text("INSERT INTO claims (text) VALUES (:t)"), [{"t": "دو"}] * (number + 1)
                )
            with engine.connect() as conn:
                assert (
                    conn.execute(sa.text("SELECT count(*) FROM claims")).scalar_one() == number + 1
                )
                assert conn.execute(sa.text("SELECT min(text) FROM claims")).scalar_one() == "دو"
                version = conn.execute(sa.text("SHOW server_version")).scalar_one()
                assert conn.execute(sa.text("SHOW server_encoding")).scalar_one() == "UTF8"
            engine.dispose()
            assert version[0].isdigit() and int(version.split(".")[0]) >= 13
        assert {"alpha", "beta"} <= set(server.list_databases())
        if IS_ROOT:
            assert process_uid(pid) != 0
            assert base.stat().st_uid == process_uid(pid) == server.data_dir.stat().st_uid
    finally:
        server.stop()
    assert server.base_dir is None and not base.exists()
    assert gone(pid, within=5) and not port_open(port)
    server.stop()  # idempotent


@needs_pg
def test_clone_from_template_with_open_pool() -> None:
    with PgServer() as server:
        template = sa.create_engine(server.create_database("template_head"))
        with template.begin() as conn:
            conn.execute(sa.text("CREATE TABLE sources (id int PRIMARY KEY, url text UNIQUE)"))
            conn.execute(sa.text("INSERT INTO sources VALUES (1, 'https://example.org/a')"))
        # template's pool still holds a session: clone_database must get past it
        urls = [server.clone_database("template_head", f"copy_{n}") for n in range(2)]
        template.dispose()
        for url in urls:
            assert scalar(url, "SELECT url FROM sources WHERE id = 1") == "https://example.org/a"
        server.drop_database("copy_0")
        assert "copy_0" not in server.list_databases() and "copy_1" in server.list_databases()


@needs_pg
def test_startup_failure_reports_log_and_cleans_up() -> None:
    def ours() -> set[Path]:
        # Only this process's dirs; the session fixture's own server (same pid) is there before.
        return {
            p
            for p in Path(pgserver.TMPFS_DIR).glob(f"{pgserver.DIR_PREFIX}*")
            if pgserver._read_pid(p / pgserver.OWNER_FILE) == os.getpid()
        }

    before = ours()
    server = PgServer(settings={"shared_buffers": "lots"})
    with pytest.raises(PgServerError, match="shared_buffers") as failure:
        server.start()
    assert "exited during startup" in str(failure.value)
    assert server.base_dir is None
    assert ours() - before == set()


@needs_pg
@pytest.mark.skipif(not IS_ROOT or shutil.which("runuser") is None, reason="root-only runuser path")
def test_runuser_fallback_when_root() -> None:
    with PgServer(privilege_tool="runuser") as server:
        pid = server.pid
        assert pid is not None and process_uid(pid) != 0
        assert scalar(server.create_database("r"), "SELECT current_user") == "factbase"
    assert gone(pid, within=5)


@needs_pg
@pytest.mark.slow
def test_server_dies_with_killed_parent() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent("""
            import sys, time
            from factbase.testing.pgserver import PgServer
            server = PgServer().start()
            print(server.pid, server.port, server.base_dir, flush=True)
            time.sleep(600)
        """)],
        stdout=subprocess.PIPE, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    try:
        assert child.stdout is not None
        pid_text, port_text, base_text = child.stdout.readline().split()
        pid, port, base = int(pid_text), int(port_text), Path(base_text)
        assert port_open(port)
        # SIGKILL runs no atexit and no finally: only the parent-death signal can help
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert gone(pid, within=10), "postmaster outlived its killed parent"
        assert not port_open(port) and base.exists()
        with PgServer(parent_dir=base.parent):  # the next server sweeps the orphaned directory
            assert not base.exists()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if child.stdout is not None:
            child.stdout.close()


# --- the pytest plugin ---------------------------------------------------------------------------


@needs_pg
def test_pg_url_fixture_gives_fresh_database(pg_url: str, pg_server: PgCluster) -> None:
    name = sa.make_url(pg_url).database
    assert name in pg_server.list_databases()
    assert scalar(pg_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == 0
    assert (
        scalar(pg_url, "SELECT datcollate FROM pg_database WHERE datname = current_database()")
        == "C"
    )


PLUGIN_USER = """
    pytest_plugins = ["factbase.testing.pytest_plugin"]

    def test_uses_pg(pg_url):
        import sqlalchemy as sa
        engine = sa.create_engine(pg_url)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT 1")).scalar_one() == 1
        engine.dispose()
"""


@pytest.mark.parametrize(
    ("ci", "outcome"), [("", {"skipped": 1}), ("true", {"errors": 1}), ("false", {"skipped": 1})]
)
def test_missing_binaries_skip_locally_fail_in_ci(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: str, outcome: dict[str, int]
) -> None:
    monkeypatch.delenv("FACTBASE_TEST_PG_URL", raising=False)
    monkeypatch.setenv(pgserver.PG_BIN_ENV, str(pytester.path / "no-such-dir"))
    monkeypatch.setenv("CI", ci)
    pytester.makepyfile(textwrap.dedent(PLUGIN_USER))
    result = pytester.runpytest("-rs", "-p", "no:cacheprovider")
    result.assert_outcomes(**outcome)
    result.stdout.fnmatch_lines([f"*{NOT_FOUND_MESSAGE}*"])


@needs_pg
def test_external_server_url_is_honoured(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, pg_server: PgCluster
) -> None:
    monkeypatch.setenv("FACTBASE_TEST_PG_URL", pg_server.url)
    monkeypatch.setenv(pgserver.PG_BIN_ENV, str(pytester.path / "no-such-dir"))  # must not matter
    before = set(pg_server.list_databases())
    pytester.makepyfile(textwrap.dedent(PLUGIN_USER))
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert set(pg_server.list_databases()) == before  # the test database was dropped again


@pytest.fixture(autouse=True)
def _repo_on_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # pytester subprocesses must import factbase from this checkout, installed or not.
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    )
    yield
