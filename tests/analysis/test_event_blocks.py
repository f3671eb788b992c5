"""Event blocks are compared through related keys, not every pair: the same pairs and
conflicts as the full double loop, at a cost that follows the related pairs."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from factbase.analysis import conflicts as c
from factbase.analysis.conflicts import _candidate_pairs, _events_in_block, _same_event, _Sig

WORDS = ["alpha", "beta", "gamma", "delta"]
ENTS = ["china", "russia", "afghanistan"]


class _NoCopies:
    def same(self, a: int, b: int) -> bool:
        return False


def _rows(rng: random.Random, n: int) -> list[_Sig]:
    rows = []
    for i in range(n):
        names = tuple(sorted(rng.sample(WORDS, rng.randint(0, 2))))
        ents = tuple(sorted(rng.sample(ENTS, rng.randint(0, 2))))
        words = tuple(sorted(rng.sample(["deal", "rail", "port", "gas"], rng.randint(0, 2))))
        day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
        rows.append(
            _Sig(i + 1, rng.randint(1, n // 2 + 1), rng.choice([1, 1, -1]), day, day, 0,
                 ("sign", True, names, ents, words), "sign|x")
        )  # fmt: skip
    return rows


def _brute(rows: list[Any]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i in range(len(rows))
        for j in range(i + 1, len(rows))
        if _same_event(rows[i], rows[j])
    ]


@pytest.mark.parametrize("seed", range(40))
def test_candidates_hold_every_pair_same_event_accepts(seed: int) -> None:
    rows = _rows(random.Random(seed), 30)
    candidates = list(_candidate_pairs(rows))
    assert candidates == sorted(candidates)  # the double loop's order
    assert set(_brute(rows)) <= set(candidates)


@pytest.mark.parametrize("seed", range(20))
def test_block_findings_equal_the_full_double_loop(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _rows(random.Random(1000 + seed), 40)
    found = list(_events_in_block(rows, _NoCopies(), set()))  # type: ignore[arg-type]
    # The loop before candidates: every pair, in order.
    monkeypatch.setattr(
        c, "_candidate_pairs",
        lambda rs: ((i, j) for i in range(len(rs)) for j in range(i + 1, len(rs))),
    )  # fmt: skip
    full = list(_events_in_block(rows, _NoCopies(), set()))  # type: ignore[arg-type]
    assert [(f.kind, f.sides) for f in found] == [(f.kind, f.sides) for f in full]


def test_the_random_blocks_hold_conflicts() -> None:
    """Else the equality above would hold vacuously."""
    blocks = [_rows(random.Random(1000 + seed), 40) for seed in range(20)]
    found = [f for rows in blocks for f in _events_in_block(rows, _NoCopies(), set())]  # type: ignore[arg-type]
    assert sum(f.kind == "date" for f in found) >= 10


def test_a_junk_key_block_is_bounded() -> None:
    """Thousands of claims sharing one would-be name relate pairwise; the pairs examined stop
    at the cap instead of growing with the square of the block."""
    rows = [
        _Sig(i, i, 1, dt.date(2021, 1, 1), dt.date(2021, 1, 1), 0,
             ("open", True, ("crucially",), (), ()), "open|n:crucially")
        for i in range(1, 3001)
    ]  # fmt: skip
    assert sum(1 for _ in _candidate_pairs(rows)) == c.MAX_PAIRS_EXAMINED_PER_BLOCK


def test_a_large_scope_detects_every_group_with_the_same_result(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past MAX_SCOPE_IDS changed articles (an `IN (...)` would pass SQLite's variable limit)
    detection runs over every group: for a fresh database that is the same result."""
    from pathlib import Path

    import sqlalchemy as sa

    from factbase.analysis.conflicts import detect_conflicts
    from factbase.db.engine import open_db
    from factbase.loader import ingest_paths

    sets = Path(__file__).resolve().parents[1] / "articles" / "conflicts"
    found = []
    for limit in (c.MAX_SCOPE_IDS, 2):
        monkeypatch.setattr(c, "MAX_SCOPE_IDS", limit)
        engine = open_db(str(tmp_path / f"limit{limit}.db"))
        totals = ingest_paths(engine, [sets])
        ids = sa.text("SELECT id FROM articles")
        with engine.connect() as conn:
            article_ids = list(conn.execute(ids).scalars())
        assert len(article_ids) == totals.new > 2
        detect_conflicts(engine, article_ids)
        with engine.connect() as conn:
            found.append(
                conn.execute(
                    sa.text("SELECT kind, claim_a_id, claim_b_id FROM conflicts ORDER BY 1, 2, 3")
                ).all()
            )
        engine.dispose()
    assert found[0] and found[0] == found[1]


def _ingested(tmp_path: Any, name: str) -> tuple[Any, list[int]]:
    from pathlib import Path

    import sqlalchemy as sa

    from factbase.db.engine import open_db
    from factbase.loader import ingest_paths

    sets = Path(__file__).resolve().parents[1] / "articles" / "conflicts"
    engine = open_db(str(tmp_path / name))
    ingest_paths(engine, [sets])
    with engine.connect() as conn:
        ids = list(conn.execute(sa.text("SELECT id FROM articles")).scalars())
    return engine, ids


def _event_conflicts(engine: Any) -> list[Any]:
    import sqlalchemy as sa

    with engine.connect() as conn:
        return conn.execute(
            sa.text(
                "SELECT kind, claim_a_id, claim_b_id FROM conflicts "
                "WHERE figure_a_id IS NULL ORDER BY 1, 2, 3"
            )
        ).all()


def test_a_block_holds_at_most_its_newest_rows(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blocks keyed by one common name grow with the corpus; detection holds at most
    MAX_ROWS_PER_BLOCK of a block's rows (its newest: an ingest's new claims), so its memory
    stays flat. Under the cap nothing changes; over it, only pairs of the newest rows meet."""
    import sqlalchemy as sa

    from factbase.analysis.conflicts import detect_conflicts

    engine, ids = _ingested(tmp_path, "full.db")
    detect_conflicts(engine, ids)
    full = _event_conflicts(engine)
    with engine.connect() as conn:
        blocks = conn.execute(
            sa.text("SELECT block, claim_id FROM event_signatures ORDER BY block, claim_id")
        ).all()
    engine.dispose()
    by_block: dict[str, list[int]] = {}
    for block, claim_id in blocks:
        by_block.setdefault(block, []).append(claim_id)
    largest = max(len(v) for v in by_block.values())
    assert len(full) >= 3 and largest >= 3  # else the cases below are vacuous

    held: list[int] = []
    real = c._events_in_block

    def spy(rows: list[Any], *args: Any) -> Any:
        held.append(len(rows))
        return real(rows, *args)

    monkeypatch.setattr(c, "_events_in_block", spy)
    monkeypatch.setattr(c, "MAX_ROWS_PER_BLOCK", largest)
    engine, ids = _ingested(tmp_path, "at_cap.db")
    detect_conflicts(engine, ids)
    assert _event_conflicts(engine) == full
    engine.dispose()

    cap = 2
    held.clear()
    monkeypatch.setattr(c, "MAX_ROWS_PER_BLOCK", cap)
    engine, ids = _ingested(tmp_path, "capped.db")
    detect_conflicts(engine, ids)
    capped = _event_conflicts(engine)
    engine.dispose()
    assert held and max(held) <= cap
    newest = {b: set(v[-cap:]) for b, v in by_block.items()}
    for _, a, b in capped:
        assert any({a, b} <= kept for kept in newest.values()), (a, b)
    # The cap bites (an older row's conflict is gone, another pair may speak for its event).
    assert capped and set(capped) != set(full)
