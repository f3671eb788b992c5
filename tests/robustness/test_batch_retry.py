"""Batches are written without savepoints; a batch in which an article fails is rolled back
and written again with a savepoint per article. The result must be what savepoints alone
give: the failed articles leave nothing (not even a gap in the ids, on SQLite), every other
article lands, and each source is reported once, in input order."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from factbase import loader
from factbase.db import store
from factbase.db.engine import open_db

VICTIMS = ("gen_00001.txt", "gen_00004.txt")  # in the first and second batch of three


def _rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = sqlite3.connect(db)
    try:
        return {
            "articles": con.execute("SELECT id, source, content_hash FROM articles").fetchall(),
            "claims": con.execute('SELECT id, article_id, "key" FROM claims').fetchall(),
            "figures": con.execute("SELECT id, claim_id, value FROM figures").fetchall(),
            "fts": con.execute(
                "SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'the'"
            ).fetchall(),
        }
    finally:
        con.close()


def test_a_failed_batch_is_written_again_article_by_article(
    monkeypatch: pytest.MonkeyPatch, h: ModuleType, tmp_path: Path
) -> None:
    paths = h.write_corpus(tmp_path / "in", 10)
    monkeypatch.setattr(loader, "BATCH_ARTICLES", 3)
    monkeypatch.setattr(loader, "BATCH_SECONDS", 3600.0)

    reference = tmp_path / "ref.db"
    engine = open_db(str(reference))
    loader.ingest_paths(engine, [p for p in paths if p.name not in VICTIMS])
    engine.dispose()

    original = store._insert_children

    def insert_then_fail(conn: Any, article_id: int, doc: Any) -> None:
        original(conn, article_id, doc)
        if doc.source.endswith(VICTIMS):
            raise RuntimeError("a bug in the store")

    saves: list[str] = []  # articles written inside a savepoint
    real_save = loader._save

    def counting_save(conn: Any, doc: Any, force: bool) -> Any:
        saves.append(Path(doc.source).name)
        return real_save(conn, doc, force)

    monkeypatch.setattr(store, "_insert_children", insert_then_fail)
    monkeypatch.setattr(loader, "_save", counting_save)
    events: list[str] = []
    db = tmp_path / "facts.db"
    engine = open_db(str(db))
    totals = loader.ingest_paths(
        engine, [tmp_path / "in"], on_event=lambda e: events.append(Path(e.source).name)
    )
    engine.dispose()

    assert (totals.new, totals.failed) == (8, 2)
    assert sorted(Path(s).name for s, _ in totals.failures) == list(VICTIMS)
    assert events == [p.name for p in paths]
    assert _rows(db) == _rows(reference)
    h.assert_sqlite_sound(db)
    # Batches 1 and 2 failed and were redone with savepoints; batch 3 came right after a
    # failure so it used them too; batch 4 went back to no savepoints.
    assert saves == [p.name for p in paths[:9]]


def test_a_clean_run_uses_no_savepoint(
    monkeypatch: pytest.MonkeyPatch, h: ModuleType, tmp_path: Path
) -> None:
    h.write_corpus(tmp_path / "in", 5)

    def no_savepoints(*args: Any) -> Any:
        raise AssertionError("a batch without failures was written with savepoints")

    monkeypatch.setattr(loader, "_save", no_savepoints)
    engine = open_db(str(tmp_path / "facts.db"))
    assert loader.ingest_paths(engine, [tmp_path / "in"]).new == 5
    engine.dispose()
