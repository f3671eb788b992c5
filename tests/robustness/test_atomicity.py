"""Each article is atomic: a save that fails midway leaves no row of it, and its batch lands.

The failure is injected in-process after ``_insert_children`` has written the article's
claims, figures, citations and FTS rows, so only the savepoint can undo them. Runs on SQLite
and, when a server is available, PostgreSQL (the ``db_url`` fixture).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from factbase import loader
from factbase.db import store
from factbase.db.engine import open_db
from factbase.loader import ingest_paths

VICTIM = "gen_00003.txt"


def _boom_db() -> Exception:
    return OperationalError("INSERT INTO figures ...", {}, Exception("disk I/O error"))


def _boom_bug() -> Exception:
    return RuntimeError("a bug in the store")


@pytest.fixture(autouse=True)
def _one_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    # Keep every article of the run in one transaction, so the test proves savepoints work.
    monkeypatch.setattr(loader, "BATCH_SECONDS", 3600.0)


def _fail_for(monkeypatch: pytest.MonkeyPatch, name: str, error: Callable[[], Exception]) -> None:
    original = store._insert_children

    def insert_then_fail(conn: Any, article_id: int, doc: Any) -> None:
        original(conn, article_id, doc)
        if doc.source.endswith("/" + name):
            raise error()

    monkeypatch.setattr(store, "_insert_children", insert_then_fail)


def _rows_of(db_url: str, name: str) -> dict[str, int]:
    """Rows anywhere that belong to the article stored from ``name`` (by source or content)."""
    engine = open_db(db_url)
    like = {"s": f"%/{name}"}
    ids = "(SELECT id FROM articles WHERE source LIKE :s)"
    try:
        with engine.connect() as conn:
            out = {
                "articles": "SELECT count(*) FROM articles WHERE source LIKE :s",
                "claims": f"SELECT count(*) FROM claims WHERE article_id IN {ids}",
                "figures": f"SELECT count(*) FROM figures WHERE article_id IN {ids}",
                "citations": f"SELECT count(*) FROM citations WHERE article_id IN {ids}",
            }
            return {k: conn.execute(sa.text(q), like).scalar_one() for k, q in out.items()}
    finally:
        engine.dispose()


def _all_counts(h: ModuleType, db_url: str) -> dict[str, int]:
    engine = open_db(db_url)  # make sure it exists at head before counting
    engine.dispose()
    return dict(h.counts(db_url))


@pytest.mark.parametrize("error", [_boom_db, _boom_bug], ids=["database-error", "bug"])
def test_failed_save_leaves_no_rows_and_the_batch_lands(
    monkeypatch: pytest.MonkeyPatch, h: ModuleType, db_url: str, tmp_path: Path,
    error: Callable[[], Exception],
) -> None:
    paths = h.write_corpus(tmp_path / "in", 8)
    reference = tmp_path / "ref.db"
    engine = open_db(str(reference))
    ingest_paths(engine, [p for p in paths if p.name != VICTIM])
    engine.dispose()

    _fail_for(monkeypatch, VICTIM, error)
    engine = open_db(db_url)
    totals = ingest_paths(engine, [tmp_path / "in"])
    engine.dispose()

    assert totals.new == 7 and totals.failed == 1
    [(source, message)] = totals.failures
    assert source.endswith(VICTIM) and "cannot store it" in message
    assert _rows_of(db_url, VICTIM) == {"articles": 0, "claims": 0, "figures": 0, "citations": 0}
    # the other seven are exactly what a run without the victim stores
    assert _all_counts(h, db_url) == h.sqlite_counts(reference)
    if "://" not in db_url:
        h.assert_sqlite_sound(db_url)


def test_failed_reextraction_keeps_the_old_rows(
    monkeypatch: pytest.MonkeyPatch, h: ModuleType, db_url: str, tmp_path: Path
) -> None:
    """--force deletes an article's claims before writing new ones: a failure must undo that."""
    h.write_corpus(tmp_path / "in", 5)
    engine = open_db(db_url)
    ingest_paths(engine, [tmp_path / "in"])
    before = _all_counts(h, db_url)
    victim_before = _rows_of(db_url, VICTIM)
    assert victim_before["claims"] > 0

    _fail_for(monkeypatch, VICTIM, _boom_db)
    totals = ingest_paths(engine, [tmp_path / "in"], force=True)
    engine.dispose()
    assert totals.failed == 1 and totals.updated == 4
    assert _rows_of(db_url, VICTIM) == victim_before
    assert _all_counts(h, db_url) == before
    if "://" not in db_url:
        h.assert_sqlite_sound(db_url)


@pytest.mark.parametrize("debug", [False, True], ids=["user", "FACTBASE_DEBUG"])
def test_cli_reports_the_failed_save_in_one_line(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, runner: Any, app: Any,
    h: ModuleType, tmp_path: Path, debug: bool,
) -> None:
    """Users get one line per failed article; FACTBASE_DEBUG=1 logs the traceback as an error
    (which Python prints to stderr when the application configures no logging)."""
    caplog.set_level(logging.DEBUG, logger="factbase.loader")
    if not debug:
        monkeypatch.delenv("FACTBASE_DEBUG")
    h.write_corpus(tmp_path / "in", 5)
    _fail_for(monkeypatch, VICTIM, _boom_bug)
    db = str(tmp_path / "facts.db")
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db, "-q", "-j", "1"])
    assert result.exit_code == 1
    failures = [ln for ln in result.stderr.splitlines() if ln.startswith("failed:")]
    assert len(failures) == 1 and VICTIM in failures[0]
    assert "RuntimeError: a bug in the store" in failures[0]
    assert failures[0].endswith("Set FACTBASE_DEBUG=1 for the traceback and report it.")
    assert "Traceback" not in result.stderr  # pytest captures the log records instead
    [record] = [r for r in caplog.records if r.exc_info]
    assert record.levelno == (logging.ERROR if debug else logging.DEBUG)
    assert VICTIM in record.getMessage()
    assert "4 new" in result.stderr and "1 failed" in result.stderr
    assert h.counts(db)["articles"] == 4
    h.assert_sqlite_sound(db)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_stage_that_raises_costs_one_article(
    monkeypatch: pytest.MonkeyPatch, runner: Any, app: Any, h: ModuleType, tmp_path: Path,
    jobs: int,
) -> None:
    """A bug in an extraction stage on one unseen article must not stop a long ingest."""
    real_extract = loader.extract

    def extract(raw: str, source: str, *args: Any) -> Any:
        if source.endswith("/" + VICTIM):
            raise IndexError("string index out of range")
        return real_extract(raw, source, *args)

    monkeypatch.setattr(loader, "extract", extract)  # parsing workers are forked: they inherit it
    monkeypatch.delenv("FACTBASE_DEBUG")
    h.write_corpus(tmp_path / "in", 6)
    db = str(tmp_path / "facts.db")
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db, "-q",
                                 "-j", str(jobs)])
    assert result.exit_code == 1
    [line] = [ln for ln in result.stderr.splitlines() if ln.startswith("failed:")]
    assert VICTIM in line and "cannot extract it: unexpected IndexError" in line
    assert "5 new" in result.stderr and h.counts(db)["articles"] == 5
    h.assert_sqlite_sound(db)
