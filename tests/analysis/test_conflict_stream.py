"""Detection streams: findings are saved chunk by chunk and Sources' caches are bounded, with
the same stored conflicts, reviews and counts as one list saved at once."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from factbase.analysis import conflict_store as cs
from factbase.analysis import conflicts as cf
from factbase.db.engine import open_db
from factbase.loader import ingest_paths
from factbase.testing.generator import generate_corpus

COLUMNS = ("id", "fingerprint", "kind", "status", "reason", "score", "claim_a_id",
           "claim_b_id", "figure_a_id", "figure_b_id", "article_a_id", "article_b_id",
           "claims_digest")  # fmt: skip


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stream")
    generate_corpus(root / "corpus", 60, seed=7, conflict_rate=0.6)
    path = root / "gen.db"
    engine = open_db(str(path))
    ingest_paths(engine, [root / "corpus"], jobs=1)
    engine.dispose()
    return path


def _copy(src: Path, dst: Path) -> sa.Engine:
    shutil.copy(src, dst)
    return open_db(str(dst))


def _state(engine: sa.Engine) -> tuple[list[Any], list[Any]]:
    with engine.connect() as conn:
        conflicts = conn.execute(
            sa.text(f"SELECT {', '.join(COLUMNS)} FROM conflicts ORDER BY id")
        ).all()
        reviews = conn.execute(
            sa.text(
                "SELECT id, conflict_id, status, note, analyst FROM conflict_reviews ORDER BY id"
            )
        ).all()
    return conflicts, reviews


def _decide_some(engine: sa.Engine) -> None:
    """Decided conflicts whose claims "changed", moved scores, a lost one and a stale one."""
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE conflicts SET status = 'confirmed' WHERE id % 3 = 0"))
        conn.execute(sa.text("UPDATE conflicts SET claims_digest = 'x' WHERE id % 2 = 0"))
        conn.execute(sa.text("UPDATE conflicts SET score = score + 1 WHERE id % 4 = 1"))
        conn.execute(sa.text("DELETE FROM conflicts WHERE id % 7 = 4"))


def test_tiny_chunks_and_caches_store_the_same(
    corpus_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = _copy(corpus_db, tmp_path / "whole.db")
    streamed = _copy(corpus_db, tmp_path / "streamed.db")
    first = cf.detect_conflicts(whole)
    assert first.found >= 10  # else the comparison below is vacuous
    _decide_some(whole)
    again = cf.detect_conflicts(whole, range(1, 30))
    monkeypatch.setattr(cf, "FOUND_CHUNK", 1)
    monkeypatch.setattr(cf, "MAX_CACHED_BANDS", 3)
    monkeypatch.setattr(cf, "MAX_CACHED_SKETCHES", 1)
    monkeypatch.setattr(cf, "MAX_CACHED_VERDICTS", 2)
    assert cf.detect_conflicts(streamed) == first
    _decide_some(streamed)
    assert cf.detect_conflicts(streamed, range(1, 30)) == again
    assert again.reopened > 0
    assert _state(streamed) == _state(whole)


def _found(engine: sa.Engine) -> list[cs.Found]:
    """The findings of a detection run over everything, as detect_conflicts saves them."""
    with engine.connect() as conn:
        sources = cf.Sources(conn)
        return [f for chunks in (cf._numeric(conn, sources, None), cf._events(conn, sources, None))
                for chunk in chunks for f in chunk]  # fmt: skip


@pytest.mark.parametrize("decided", [False, True])
def test_a_fingerprint_found_again_in_a_later_chunk_ends_as_in_one_list(
    corpus_db: Path, tmp_path: Path, decided: bool
) -> None:
    """Two figures of one text in one claim can give one fingerprint in two frames: stored
    once, at its first place, with its last values, judged against the row before the run."""
    whole = _copy(corpus_db, tmp_path / "whole.db")
    streamed = _copy(corpus_db, tmp_path / "streamed.db")
    for engine in (whole, streamed):
        cf.detect_conflicts(engine)  # indexes
        if decided:
            _decide_some(engine)
        else:
            with engine.begin() as conn:
                conn.execute(sa.text("DELETE FROM conflicts"))
    found = _found(whole)
    assert len(found) >= 4
    # Each finding found again later with another score, a third of them then with their own.
    again = [cs.Found(f.kind, round(f.score / 2, 4), f.sides, f.detail) for f in found]
    listed = found + again + found[::3]
    with whole.begin() as conn:
        one = cs.save_found(conn, listed, None)
    with streamed.begin() as conn:
        writer = cs.ConflictWriter(conn, None)
        for f in listed:
            writer.add([f])
        assert writer.finish() == one
    assert _state(streamed) == _state(whole)
