"""Concurrent use of one database by real processes: two ingests and readers at once.

Two ``factbase ingest`` runs over overlapping file sets (in crossing order, the harshest case
for locks) start together while ``factbase stats`` / ``factbase query`` and a SELECT loop
read. All must succeed, and the result must equal running the two ingests one after the
other. Processes racing to create a new database's schema are tested on their own.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.slow

PART = 50  # articles per part; A ingests parts 1+2, B parts 3+2 (overlap: part 2)
SUMMARY = re.compile(r"articles: (\d+) new, (\d+) updated, (\d+) unchanged, (\d+) failed")


@pytest.fixture(scope="module")
def parts(h: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("parts")
    return [
        h.write_corpus(root / f"part{i}", PART, seed=21, start=i * PART, filler=1)[0].parent
        for i in range(3)
    ]


def _runs(parts: list[Path]) -> tuple[list[str], list[str]]:
    a = [str(parts[0]), str(parts[1])]
    b = [str(parts[2]), str(parts[1])]
    return a, b


def _summary(stderr: str) -> tuple[int, ...]:
    match = SUMMARY.search(stderr)
    assert match, stderr
    return tuple(map(int, match.groups()))


def _sequential(h: ModuleType, parts: list[Path], db: str) -> dict[str, int]:
    """Counts after ingesting A then B one after the other (in-process: same rows, faster)."""
    from factbase.db.engine import open_db
    from factbase.loader import ingest_paths

    engine = open_db(db)
    for paths in _runs(parts):
        assert ingest_paths(engine, paths).failed == 0
    engine.dispose()
    return dict(h.counts(db))


def _concurrent(h: ModuleType, reaper: list[Any], parts: list[Path], db: str,
                reader: Any) -> list[str]:
    """Start both ingests at once, read while they run; returns their stderr texts."""
    a, b = _runs(parts)
    procs = [h.start_cli("ingest", *paths, "--db", db, "-q", "-j", "1") for paths in (a, b)]
    reaper.extend(procs)
    reads = 0
    while any(p.poll() is None for p in procs):
        reads += reader()
    outs = [p.communicate(timeout=120) for p in procs]
    for proc, (_out, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    assert reads > 0, "the readers never overlapped the ingests"
    return [err for _out, err in outs]


def _check_totals(stderrs: list[str]) -> None:
    (new_a, upd_a, same_a, fail_a), (new_b, upd_b, same_b, fail_b) = map(_summary, stderrs)
    # each overlapping article is stored by exactly one of the two runs
    assert new_a + new_b == 3 * PART and same_a + same_b == PART
    assert upd_a == upd_b == fail_a == fail_b == 0


def test_two_ingests_and_readers_on_one_sqlite_file(
    h: ModuleType, reaper: list[Any], parts: list[Path], tmp_path: Path
) -> None:
    from factbase.db.engine import open_db

    db = tmp_path / "shared.db"
    open_db(str(db)).dispose()  # the schema race has its own test below
    errors: list[str] = []

    def reader() -> int:
        # A SELECT loop as a dashboard would run it, plus the CLI's own readers.
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=60)
            try:
                con.execute("SELECT count(*) FROM claims c JOIN articles a ON a.id = c.article_id")
            finally:
                con.close()
        except sqlite3.OperationalError as exc:
            errors.append(str(exc))
            return 0
        stats = h.run_cli("stats", "--db", str(db), "--format", "json")
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["counts"]["articles"] >= 0
        query = h.run_cli("query", "corridor", "--db", str(db), "--format", "json")
        assert query.returncode == 0, query.stderr
        json.loads(query.stdout)
        return 1

    stderrs = _concurrent(h, reaper, parts, str(db), reader)
    assert errors == []
    _check_totals(stderrs)
    assert h.counts(str(db)) == _sequential(h, parts, str(tmp_path / "sequential.db"))
    h.assert_sqlite_sound(db)


@pytest.mark.postgres
def test_two_ingests_and_readers_on_postgresql(
    h: ModuleType, reaper: list[Any], parts: list[Path], pg_url: str, tmp_path: Path
) -> None:
    import sqlalchemy as sa

    from factbase.db.engine import make_engine, to_url

    def reader() -> int:
        engine = make_engine(to_url(pg_url))
        try:
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT count(*) FROM claims"))
        except sa.exc.ProgrammingError:  # the schema is still being created
            time.sleep(0.02)
            return 0
        finally:
            engine.dispose()
        stats = h.run_cli("stats", "--db", pg_url, "--format", "json")
        assert stats.returncode == 0, stats.stderr
        return 1

    stderrs = _concurrent(h, reaper, parts, pg_url, reader)
    _check_totals(stderrs)
    concurrent_counts = h.counts(pg_url)
    assert concurrent_counts == _sequential(h, parts, str(tmp_path / "sequential.db"))


def test_second_writer_waits_instead_of_failing(h: ModuleType, tmp_path: Path) -> None:
    """A writer holding the lock for a while (a big batch) delays, not fails, an ingest."""
    from factbase.db.engine import open_db

    db = tmp_path / "busy.db"
    open_db(str(db)).dispose()
    h.write_corpus(tmp_path / "in", 5, filler=1)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    proc = h.start_cli("ingest", str(tmp_path / "in"), "--db", str(db), "-q", "-j", "1")
    try:
        time.sleep(1.5)
        assert proc.poll() is None, "the ingest gave up while another writer held the lock"
    finally:
        holder.execute("COMMIT")
        holder.close()
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert h.counts(str(db))["articles"] == 5


OPEN_AT_ONCE = """
import os, sys, time
from factbase.db.engine import open_db
go = sys.argv[2]
while not os.path.exists(go):
    time.sleep(0.001)
open_db(sys.argv[1]).dispose()
"""


def test_processes_opening_a_new_database_at_once_all_succeed(
    h: ModuleType, reaper: list[Any], tmp_path: Path
) -> None:
    """Two terminals running their first factbase command on the same new file."""
    import subprocess
    import sys

    db, go = tmp_path / "new.db", tmp_path / "go"
    procs = [
        subprocess.Popen([sys.executable, "-c", OPEN_AT_ONCE, str(db), str(go)],
                         env=h.cli_env(), stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
        for _ in range(4)
    ]
    reaper.extend(procs)
    time.sleep(1.0)  # let every process finish importing, then release them together
    go.touch()
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, "\n".join(e for e in errors if e)
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1
