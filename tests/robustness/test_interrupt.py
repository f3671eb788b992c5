"""Interruptions of real ``factbase ingest`` processes: Ctrl-C stops cleanly, kill -9 loses nothing.

Ctrl-C is SIGINT to the whole process group, as a terminal sends it (so parsing workers get
it too). kill -9 lands at several moments: during start-up and migration, while parsing, in
the middle of batches. Afterwards the SQLite file must pass its own checks and a rerun must
reach the counts of an uninterrupted run.
"""

from __future__ import annotations

import re
import signal
import sqlite3
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.slow

N_ARTICLES = 300
SUMMARY = re.compile(r"articles: (\d+) new, (\d+) updated, (\d+) unchanged, (\d+) failed")
# (seconds after the start of `python -m factbase ingest`, parsing processes): ~0.6 s is
# interpreter start-up and the schema migration, the corpus takes ~1.5-2 s after that; the
# delays land in each phase, alternating in-process parsing and worker processes.
KILLS = ((0.4, 1), (0.9, 2), (1.6, 1))


@pytest.fixture(scope="module")
def corpus_dir(h: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    h.write_corpus(folder, N_ARTICLES, seed=11, filler=1)
    return folder


@pytest.fixture(scope="module")
def reference(
    h: ModuleType, corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, int]:
    """Counts after one uninterrupted run over the corpus (in-process: same rows, faster)."""
    from factbase.db.engine import open_db
    from factbase.loader import ingest_paths

    db = tmp_path_factory.mktemp("reference") / "ref.db"
    engine = open_db(str(db))
    assert ingest_paths(engine, [corpus_dir]).new == N_ARTICLES
    engine.dispose()
    counts: dict[str, int] = h.sqlite_counts(db)
    return counts


def _summary(stderr: str) -> tuple[int, int, int, int]:
    match = SUMMARY.search(stderr)
    assert match, stderr
    new, updated, unchanged, failed = map(int, match.groups())
    return new, updated, unchanged, failed


def _has_schema(db: Path) -> bool:
    con = sqlite3.connect(db)
    try:
        return con.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'articles'"
        ).fetchone()[0] == 1
    finally:
        con.close()


def _rerun_completes(h: ModuleType, corpus_dir: Path, db: Path, reference: dict[str, int],
                     already: int) -> None:
    result = h.run_cli("ingest", str(corpus_dir), "--db", str(db), "-q")
    assert result.returncode == 0, result.stderr
    new, updated, unchanged, failed = _summary(result.stderr)
    assert (unchanged, new, updated, failed) == (already, N_ARTICLES - already, 0, 0)
    assert h.sqlite_counts(db) == reference
    h.assert_sqlite_sound(db)


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_stops_cleanly_after_the_current_article(
    h: ModuleType, reaper: list[Any], corpus_dir: Path, tmp_path: Path, jobs: int
) -> None:
    db = tmp_path / "facts.db"
    err = tmp_path / "stderr.txt"
    proc = h.start_cli("ingest", str(corpus_dir), "--db", str(db), "-q", "-j", str(jobs),
                       stderr_path=err)
    reaper.append(proc)
    h.wait_for_articles(db, proc, at_least=1)
    workers = h.children_of(proc.pid)
    h.kill_group(proc, signal.SIGINT)  # the terminal signals the whole foreground group
    assert proc.wait(timeout=30) == 130
    stderr = err.read_text()
    new, _, _, failed = _summary(stderr)
    assert "Interrupted" in stderr and "Traceback" not in stderr and failed == 0
    assert 0 < new < N_ARTICLES, "the run ended before Ctrl-C could interrupt it"
    assert h.sqlite_counts(db)["articles"] == new  # everything reported is stored, no more
    if jobs > 1:
        assert len(workers) == jobs
    time.sleep(0.2)
    assert h.group_alive(proc.pid) == [], "worker processes outlived the ingest"
    h.assert_sqlite_sound(db)


@pytest.mark.parametrize(("delay", "jobs"), KILLS, ids=[f"{d}s-j{j}" for d, j in KILLS])
def test_kill_9_leaves_a_sound_database_and_a_rerun_completes(
    h: ModuleType, reaper: list[Any], corpus_dir: Path, reference: dict[str, int],
    tmp_path: Path, delay: float, jobs: int,
) -> None:
    db = tmp_path / "facts.db"
    proc = h.start_cli("ingest", str(corpus_dir), "--db", str(db), "-q", "-j", str(jobs))
    reaper.append(proc)
    time.sleep(delay)
    proc.kill()  # only the main process, as the OOM killer or `kill -9 PID` would
    proc.wait(timeout=10)
    deadline = time.monotonic() + 5
    while h.group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert h.group_alive(proc.pid) == [], "orphaned parsing workers after kill -9"
    stored = 0
    if db.exists():
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        con.close()
        if _has_schema(db):
            h.assert_sqlite_sound(db)
            stored = h.sqlite_counts(db)["articles"]
    _rerun_completes(h, corpus_dir, db, reference, already=stored)


def test_conflicts_after_an_interrupted_run_match_a_clean_run(
    runner: Any, app: Any, h: ModuleType, tmp_path: Path
) -> None:
    """An interrupted run leaves articles stored without conflict detection (what kill -9 or
    Ctrl-C leaves behind); the rerun must still find every conflict a clean run finds."""
    from factbase.db.engine import open_db
    from factbase.loader import ingest_paths

    paths = h.write_corpus(tmp_path / "in", 90, seed=5, filler=0)
    clean_db, resumed_db = str(tmp_path / "clean.db"), str(tmp_path / "resumed.db")
    args = ["ingest", str(tmp_path / "in"), "-q", "-j", "1", "--db"]
    assert runner.invoke(app, [*args, clean_db]).exit_code == 0
    engine = open_db(resumed_db)
    ingest_paths(engine, paths[:60])  # the part stored before the interruption
    engine.dispose()
    assert runner.invoke(app, [*args, resumed_db]).exit_code == 0
    assert h.sqlite_counts(resumed_db) == h.sqlite_counts(clean_db)
    con_clean, con_resumed = (sqlite3.connect(db) for db in (clean_db, resumed_db))
    query = "SELECT count(*) FROM conflicts"
    expected = con_clean.execute(query).fetchone()[0]
    assert expected > 0, "the corpus should plant conflicts"
    assert con_resumed.execute(query).fetchone()[0] == expected


@pytest.mark.parametrize("jobs", [1, 2])
def test_second_ctrl_c_stops_a_slow_article_at_once(
    monkeypatch: pytest.MonkeyPatch, h: ModuleType, tmp_path: Path, jobs: int
) -> None:
    """The first Ctrl-C waits for the current article; when that article takes minutes (a
    pathological file), a second Ctrl-C must stop now, keeping what was committed."""
    import multiprocessing
    import os
    import threading

    from factbase import loader
    from factbase.db.engine import open_db

    paths = h.write_corpus(tmp_path / "in", 3, filler=0)
    real_parse = loader.parse_source

    def parse(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path.name == paths[1].name:
            time.sleep(60)  # stands in for an article that takes a minute to extract
        return real_parse(path, *args, **kwargs)

    monkeypatch.setattr(loader, "parse_source", parse)  # workers are forked: they inherit it
    monkeypatch.setattr(loader, "BATCH_ARTICLES", 1)
    db = tmp_path / "facts.db"
    engine = open_db(str(db))
    still_running_after_first: list[bool] = []

    def press_ctrl_c_twice() -> None:
        deadline = time.monotonic() + 30
        while h.articles_stored(db) < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.5)
        still_running_after_first.append(not done.is_set())
        os.kill(os.getpid(), signal.SIGINT)

    done = threading.Event()
    presser = threading.Thread(target=press_ctrl_c_twice, daemon=True)
    started = time.monotonic()
    presser.start()
    with pytest.raises(loader.Interrupted) as stop:
        try:
            loader.ingest_paths(engine, [tmp_path / "in"], jobs=jobs)
        finally:
            done.set()
    presser.join(timeout=5)
    engine.dispose()
    assert still_running_after_first == [True]
    assert time.monotonic() - started < 15
    assert stop.value.totals.new == 1 and h.counts(str(db))["articles"] == 1
    deadline = time.monotonic() + 5
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert multiprocessing.active_children() == []
    h.assert_sqlite_sound(db)
