"""Migration 0003: PostgreSQL full text reads a stored tsvector (claims.tsv); SQLite unchanged.

A database filled at 0002 is upgraded in place: every claim gets its vector, the GIN index
moves onto the column, and search gives the same hits in the same order with the same
ts_rank values as 0002's expression ranking. Downgrade restores 0002's schema exactly.
(tests/robustness/test_schema_safety.py upgrades tests/fixtures/db_rev0002.sqlite.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from factbase.analysis.query import Filters, parse_query, search_claims, to_tsquery
from factbase.db.engine import alembic_config, make_engine, to_url, upgrade
from factbase.loader import ingest_paths

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
QUERIES = ("Taliban", '"humanitarian crisis"', "Russ* OR wheat", "export* NOT china", "billion")

# 0002's ranking, as query.py rendered it before 0003 (an expression, re-parsed per row).
OLD_SEARCH = (
    "SELECT id, ts_rank(to_tsvector('english'::regconfig, text), "
    "to_tsquery('english'::regconfig, :q)) AS score FROM claims "
    "WHERE to_tsvector('english'::regconfig, text) @@ to_tsquery('english'::regconfig, :q) "
    "ORDER BY score DESC, id"
)


def _at_0002(url: str) -> sa.Engine:
    engine = make_engine(to_url(url))
    upgrade(engine, "0002")
    ingest_paths(engine, [SEEDS], jobs=1)
    return engine


def _downgrade(engine: sa.Engine, revision: str) -> None:
    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
        conn.commit()


def _pg_schema(conn: sa.Connection) -> dict[str, Any]:
    return {
        "columns": conn.execute(
            sa.text(
                "SELECT column_name, data_type, is_generated, generation_expression "
                "FROM information_schema.columns WHERE table_name = 'claims' ORDER BY 1"
            )
        ).all(),
        "indexes": conn.execute(
            sa.text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'claims' ORDER BY 1"
            )
        ).all(),
    }


def _hits(engine: sa.Engine, q: str) -> list[tuple[int, float]]:
    return [(h["id"], h["score"]) for h in search_claims(engine, Filters(text=q), limit=10_000)]


@pytest.mark.postgres
def test_postgresql_upgrade_keeps_every_search_result(pg_url: str) -> None:
    engine = _at_0002(pg_url)
    with engine.connect() as conn:
        before_schema = _pg_schema(conn)
        before = {
            q: [
                (i, round(float(s), 6))
                for i, s in conn.execute(
                    sa.text(OLD_SEARCH), {"q": to_tsquery(parse_query(q))}
                ).all()
            ]
            for q in QUERIES
        }
    assert all(before.values())

    upgrade(engine)
    with engine.connect() as conn:
        schema = _pg_schema(conn)
        assert ("tsv", "tsvector", "ALWAYS") in [c[:3] for c in schema["columns"]]
        assert (
            "ix_claims_text_fts",
            "CREATE INDEX ix_claims_text_fts ON public.claims USING gin (tsv)",
        ) in schema["indexes"]
        stale = conn.execute(
            sa.text("SELECT count(*) FROM claims WHERE tsv <> to_tsvector('english', text)")
        ).scalar()
        assert stale == 0
    for q in QUERIES:
        assert _hits(engine, q) == before[q], q

    # Nothing writes the column: PostgreSQL recomputes it when the text changes.
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE claims SET text = 'Zanzibar cloves' WHERE id = 1"))
    assert [i for i, _ in _hits(engine, "zanzibar")] == [1]

    _downgrade(engine, "0002")
    with engine.connect() as conn:
        assert _pg_schema(conn) == before_schema
    upgrade(engine)
    assert _hits(engine, "Taliban") == before["Taliban"]
    engine.dispose()


def test_sqlite_schema_is_unchanged_by_0003(tmp_path: Path) -> None:
    engine = _at_0002(str(tmp_path / "facts.db"))

    def schema() -> list[Any]:
        with engine.connect() as conn:
            return conn.execute(
                sa.text("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")
            ).all()

    before = schema()
    upgrade(engine)
    assert schema() == before
    _downgrade(engine, "0002")
    assert schema() == before
    engine.dispose()


@pytest.mark.postgres
def test_postgresql_search_can_use_the_gin_index_on_tsv(pg_url: str) -> None:
    """The match reads claims.tsv, which the GIN index covers.

    On a table this small the planner rightly prefers reading every row through any btree
    index (filtering a stored vector is cheap, unlike re-parsing the text as before 0003), so
    sequential *and* plain index scans are turned off to see whether the GIN index is usable.
    """
    from factbase.analysis.query import _hit_select

    engine = _at_0002(pg_url)
    upgrade(engine)
    stmt = _hit_select(
        Filters(text='Russia AND "humanitarian crisis"'),
        parse_query('Russia AND "humanitarian crisis"'),
        "postgresql",
    )
    compiled = stmt.compile(dialect=engine.dialect)
    with engine.connect() as conn:
        conn.execute(sa.text("SET enable_seqscan = off"))
        conn.execute(sa.text("SET enable_indexscan = off"))
        plan = [r[0] for r in conn.exec_driver_sql("EXPLAIN " + str(compiled), compiled.params)]
        assert conn.exec_driver_sql(str(compiled), compiled.params).all()
    engine.dispose()
    assert any("Bitmap Index Scan on ix_claims_text_fts" in line for line in plan), plan
    assert not any("to_tsvector" in line for line in plan), plan  # ranks the stored vector
