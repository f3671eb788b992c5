"""Reviews: append-only history, latest status, analyst default, survival across ingest --force."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from factbase.analysis.query import Filters, search_claims
from factbase.analysis.review import default_analyst, record_review
from factbase.analysis.show import load_claim
from factbase.db.engine import open_db
from factbase.errors import NotFound, QueryError


@pytest.fixture
def engine(ingested_any: str):
    engine = open_db(ingested_any)
    yield engine
    engine.dispose()


def _claim_id(engine: sa.Engine, phrase: str) -> int:
    return int(search_claims(engine, Filters(text=phrase))[0]["id"])


def test_history_is_kept_and_latest_wins(engine: sa.Engine) -> None:
    cid = _claim_id(engine, '"Russian exports"')
    t0 = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    record_review(engine, cid, "needs-review", "check NSIA", "ann", now=t0)
    record_review(engine, cid, "disputed", None, "bob", now=t0 + dt.timedelta(hours=1))
    last = record_review(
        engine, cid, "verified", "NSIA agrees", "ann", now=t0 + dt.timedelta(hours=2)
    )
    assert [r["status"] for r in last["history"]] == ["needs-review", "disputed", "verified"]
    assert [r["analyst"] for r in last["history"]] == ["ann", "bob", "ann"]
    assert last["history"][0]["created_at"] == "2025-01-01T00:00:00+00:00"
    shown = load_claim(engine, cid)
    assert shown["status"] == "verified"
    assert len(shown["reviews"]) == 3
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM reviews")).scalar() == 3


def test_analyst_defaults_to_env_then_login(
    monkeypatch: pytest.MonkeyPatch, engine: sa.Engine
) -> None:
    monkeypatch.setenv("FACTBASE_ANALYST", "carol")
    assert default_analyst() == "carol"
    assert record_review(engine, _claim_id(engine, "Peskov"), "verified")["analyst"] == "carol"
    monkeypatch.delenv("FACTBASE_ANALYST")
    assert default_analyst()  # the login name, or "unknown" in a bare container


@pytest.mark.parametrize("claim_id", [0, -5, 10**6, 10**30])
def test_unknown_claim_is_not_found(engine: sa.Engine, claim_id: int) -> None:
    with pytest.raises(NotFound, match=f'claim {claim_id} does not exist. Run "factbase query"'):
        record_review(engine, claim_id, "verified")


def test_unknown_status_is_refused(engine: sa.Engine) -> None:
    with pytest.raises(QueryError, match="unknown status"):
        record_review(engine, _claim_id(engine, "Peskov"), "'; DROP TABLE reviews; --")


def test_review_survives_reingest_force(engine: sa.Engine, ingested_any: str) -> None:
    """Re-extraction deletes and re-inserts claims (new ids); the review follows the key."""
    from factbase.loader import ingest_paths

    old_id = _claim_id(engine, '"Russian exports"')
    record_review(engine, old_id, "verified", "NSIA agrees", "ann")
    with engine.connect() as conn:
        key, article_id = conn.execute(
            sa.text("SELECT key, article_id FROM claims WHERE id = :i"), {"i": old_id}
        ).one()
        source = conn.execute(
            sa.text("SELECT source FROM articles WHERE id = :a"), {"a": article_id}
        ).scalar_one()

    ingest_paths(engine, [source], force=True)

    with engine.connect() as conn:
        assert (
            conn.execute(
                sa.text("SELECT count(*) FROM claims WHERE id = :i"), {"i": old_id}
            ).scalar()
            == 0
        ), "force re-extraction gave the claims new ids"
        new_id = conn.execute(
            sa.text("SELECT id FROM claims WHERE article_id = :a AND key = :k"),
            {"a": article_id, "k": key},
        ).scalar_one()
    assert new_id != old_id
    shown = load_claim(engine, new_id)
    assert shown["status"] == "verified"
    assert [(r["status"], r["note"]) for r in shown["reviews"]] == [("verified", "NSIA agrees")]
    assert [h["id"] for h in search_claims(engine, Filters(status="verified"))] == [new_id]
