"""SQLite and PostgreSQL are both first-class: the same ingest gives the same rows on each,
concurrent ingests into one database agree with a sequential one, --force re-extracts in
place, and every command accepts --db with either URL.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from factbase.db.engine import open_db
from factbase.db.models import (
    Article,
    Citation,
    Claim,
    ClaimEntity,
    Figure,
    Publisher,
    Review,
)
from factbase.db.store import Totals, claim_key, claim_keys
from factbase.loader import ingest_paths

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "tests" / "articles").glob("backends_*.txt"))
COUNTED = (Article, Publisher, Claim, ClaimEntity, Figure, Citation)
WHITESPACE = [chr(i) for i in range(sys.maxunicode + 1) if chr(i).isspace()]


def _ingest(url: str, paths: list[Path], **kw: Any) -> Totals:
    engine = open_db(url)
    try:
        return ingest_paths(engine, paths, jobs=1, **kw)
    finally:
        engine.dispose()


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            m.__tablename__: conn.execute(select(func.count()).select_from(m)).scalar_one()
            for m in COUNTED
        }


def _name(source: str) -> str:
    return Path(source.split("://", 1)[-1]).name


def _content(url: str) -> dict[str, Any]:
    """Every stored fact as backend-neutral tuples keyed by file name, not by row id."""
    engine = open_db(url)
    try:
        with engine.connect() as conn:
            art = {r.id: _name(r.source) for r in conn.execute(select(Article.id, Article.source))}
            ordinal = {r[0]: r[1] for r in conn.execute(select(Claim.id, Claim.ordinal))}
            articles = sorted(
                (_name(r[0]), *r[1:])
                for r in conn.execute(
                    select(
                        Article.source,
                        Article.content_hash,
                        Article.title,
                        Article.author,
                        Article.published,
                        Publisher.name,
                        Article.url,
                        Article.body,
                        Article.extractor_version,
                    ).outerjoin(Publisher, Publisher.id == Article.publisher_id)
                )
            )
            claims = sorted(
                (art[r.article_id], r.ordinal, r.key, r.text, r.start, r.end, r.kind)
                for r in conn.execute(select(Claim))
            )
            entities = sorted(
                (art[r.article_id], r.ordinal, r.entity)
                for r in conn.execute(
                    select(Claim.article_id, Claim.ordinal, ClaimEntity.entity).join(
                        ClaimEntity, ClaimEntity.claim_id == Claim.id
                    )
                )
            )
            figures = sorted(
                (
                    art[r.article_id],
                    ordinal[r.claim_id],
                    r.text,
                    r.start,
                    r.end,
                    r.value,
                    r.value_high,
                    r.unit,
                    r.kind,
                    r.qualifier,
                    r.measure,
                    r.measure_key,
                    r.period,
                    r.period_key,
                )
                for r in conn.execute(select(Figure))
            )
            citations = sorted(
                (
                    (
                        art[r.article_id],
                        ordinal.get(r.claim_id, -1),
                        r.kind,
                        r.marker,
                        r.text,
                        r.start,
                        r.end,
                        r.source_name,
                        r.author,
                        r.title,
                        r.url,
                        r.date,
                    )
                    for r in conn.execute(select(Citation))
                ),
                key=repr,
            )
        return {
            "articles": articles,
            "claims": claims,
            "entities": entities,
            "figures": figures,
            "citations": citations,
            "counts": _counts(engine),
        }
    finally:
        engine.dispose()


@pytest.fixture
def corpus(seed_paths: list[Path]) -> list[Path]:
    return [*seed_paths, *ARTICLES]


@pytest.mark.postgres
def test_same_rows_on_sqlite_and_postgresql(
    corpus: list[Path], sqlite_url: str, pg_url: str
) -> None:
    lite = _ingest(sqlite_url, corpus)
    pg = _ingest(pg_url, corpus)
    assert (lite.new, lite.failed) == (len(corpus), 0)
    assert (pg.new, pg.claims, pg.figures, pg.citations) == (
        lite.new,
        lite.claims,
        lite.figures,
        lite.citations,
    )
    a, b = _content(sqlite_url), _content(pg_url)
    assert a["counts"] == b["counts"]
    assert a["counts"]["claims"] > 100 and a["counts"]["figures"] > 10  # not vacuously equal
    for part in ("articles", "claims", "entities", "figures", "citations"):
        assert a[part] == b[part], part


@pytest.mark.postgres
def test_claim_text_is_its_span_on_postgresql(corpus: list[Path], pg_url: str) -> None:
    _ingest(pg_url, corpus)
    engine = open_db(pg_url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(Article.body, Claim.text, Claim.start, Claim.end).join(Claim)
        ).all()
    engine.dispose()
    assert rows
    assert all(body[s:e] == text for body, text, s, e in rows)


def test_concurrent_ingests_match_sequential(
    corpus: list[Path], db_url: str, tmp_path: Path
) -> None:
    """Two analysts ingest overlapping sets at once: nothing fails, nothing is stored twice."""
    half = len(corpus) // 2
    sets = [corpus[: half + 2], corpus[half - 1 :]]  # overlap: both race on the same articles
    results: list[Totals | BaseException] = [Totals(), Totals()]
    barrier = threading.Barrier(2)
    # The schema exists before the analysts start: Alembic's migration context is global to a
    # process, so two *threads* must not upgrade at once (processes may; engine.upgrade locks).
    open_db(db_url).dispose()

    def run(i: int) -> None:
        try:
            engine = open_db(db_url)
            barrier.wait(timeout=30)
            results[i] = ingest_paths(engine, sets[i], jobs=1)
            engine.dispose()
        except BaseException as exc:  # reported below, in the test's thread
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads)
    for r in results:
        assert isinstance(r, Totals), r
        assert r.failed == 0, r.failures
    totals = [r for r in results if isinstance(r, Totals)]
    assert sum(t.new for t in totals) == len(corpus)
    assert sum(t.new + t.unchanged for t in totals) == sum(len(s) for s in sets)
    sequential = str(tmp_path / "sequential.db")
    _ingest(sequential, corpus)
    seq = _content(sequential)
    got = _content(db_url)
    assert got["counts"] == seq["counts"]
    assert got["claims"] == seq["claims"]
    assert got["figures"] == seq["figures"]


def test_force_reextracts_in_place(corpus: list[Path], db_url: str) -> None:
    first = _ingest(db_url, corpus)
    engine = open_db(db_url)
    with engine.begin() as conn:
        claim = conn.execute(select(Claim.article_id, Claim.key).order_by(Claim.id).limit(1)).one()
        conn.execute(
            Review.__table__.insert().values(
                article_id=claim.article_id, claim_key=claim.key, status="verified"
            )
        )
        before_ids = set(conn.execute(select(Claim.id)).scalars())
    before = _content(db_url)
    again = _ingest(db_url, corpus)
    forced = _ingest(db_url, corpus, force=True)
    assert (again.unchanged, again.new, again.updated) == (len(corpus), 0, 0)
    assert (forced.updated, forced.new, forced.failed) == (len(corpus), 0, 0)
    assert forced.claims == first.claims
    after = _content(db_url)
    assert after == before  # same facts, same keys, same articles
    with engine.connect() as conn:
        after_ids = set(conn.execute(select(Claim.id)).scalars())
        # The review still finds its claim by (article, key) although the claim row is new.
        key_hit = conn.execute(
            select(func.count())
            .select_from(Review)
            .join(Claim, (Claim.article_id == Review.article_id) & (Claim.key == Review.claim_key))
        ).scalar_one()
    engine.dispose()
    assert not before_ids & after_ids
    assert key_hit == 1


def _cli(runner: Any, app: Any, url: str, *args: str) -> Any:
    result = runner.invoke(app, ["--db", url, *args])
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result


def test_every_command_takes_either_url(
    runner: Any, app: Any, db_url: str, corpus: list[Path], tmp_path: Path
) -> None:
    """The audit's checklist: each command, --db before it, with a SQLite path or a PG URL."""
    for p in corpus:
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / p.name).write_bytes(p.read_bytes())
    _cli(runner, app, db_url, "ingest", str(tmp_path / "in"), "--quiet", "--jobs", "1")
    stats = json.loads(_cli(runner, app, db_url, "stats", "--format", "json").stdout)
    assert stats
    hits = json.loads(_cli(runner, app, db_url, "query", "Russia", "--format", "json").stdout)
    assert hits
    hit = hits[0] if isinstance(hits, list) else hits["hits"][0]
    claim_id, article_id = str(hit["id"]), str(hit["article_id"])
    for ph in ('"humanitarian crisis"', "Russ*", "wheat OR grain"):
        json.loads(_cli(runner, app, db_url, "query", ph, "--format", "json").stdout)
    _cli(runner, app, db_url, "show", "claim", claim_id, "--format", "json")
    _cli(runner, app, db_url, "show", "article", article_id, "--format", "json")
    _cli(runner, app, db_url, "compare", "Russian exports to Afghanistan", "--format", "json")
    _cli(runner, app, db_url, "review", claim_id, "--status", "verified", "--format", "json")
    for kind in ("claims", "figures", "citations", "articles", "conflicts"):
        _cli(runner, app, db_url, "export", kind, "--out", str(tmp_path / f"{kind}.csv"))
    assert (tmp_path / "claims.csv").read_text(encoding="utf-8").count("\n") > 100
    json.loads(_cli(runner, app, db_url, "conflicts", "--format", "json").stdout)
    _cli(runner, app, db_url, "corroborations", "--format", "json")
    _cli(runner, app, db_url, "db", "current")
    _cli(runner, app, db_url, "ingest", str(tmp_path / "in"), "--quiet", "--force")


@pytest.mark.postgres
def test_postgresql_fulltext_uses_the_gin_index(corpus: list[Path], pg_url: str) -> None:
    """query.py's match expression must be exactly the indexed one, or every search scans."""
    from sqlalchemy import text

    from factbase.analysis.query import Filters, claim_conditions

    _ingest(pg_url, corpus)
    engine = open_db(pg_url)
    stmt = (
        select(Claim.id)
        .join(Article)
        .where(*claim_conditions(Filters(text='Russia AND "humanitarian crisis"'), "postgresql"))
    )
    sql = str(stmt.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        # A tiny table would be scanned anyway: sequentially, or through a btree index with the
        # stored vector (migration 0003) as a cheap filter.
        conn.execute(text("SET enable_seqscan = off"))
        conn.execute(text("SET enable_indexscan = off"))
        plan = "\n".join(conn.execute(text("EXPLAIN " + sql)).scalars())
        found = conn.execute(text(sql)).all()
    engine.dispose()
    assert "ix_claims_text_fts" in plan, plan
    assert found


KEY_TEXT = st.text(
    alphabet=st.sampled_from(list("ab.\u00e9\u200b\ufeff") + WHITESPACE), max_size=30
)


@given(text_=KEY_TEXT)
def test_claim_key_is_the_documented_normalisation(text_: str) -> None:
    """The fast key (str.split) must stay equal to the documented one (regex), or reviews of
    every stored claim would detach on the next re-extraction."""
    norm = re.sub(r"\s+", " ", text_).strip().casefold()
    expected = hashlib.sha1(norm.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    assert claim_key(text_) == expected
    assert claim_keys([text_, text_]) == [expected, f"{expected}:1"]


CHILD_INGEST = """
import json, sys
from factbase.db.engine import open_db
from factbase.loader import ingest_paths
t = ingest_paths(open_db(sys.argv[1]), sys.argv[2:], jobs=1)
print(json.dumps([t.new, t.unchanged, t.failed, t.failures]))
"""


def test_analysts_in_separate_processes_share_a_new_database(
    corpus: list[Path], db_url: str
) -> None:
    """Three processes open a database nobody has created yet and ingest overlapping sets."""
    sets = [corpus[::2], corpus[1::2], corpus]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD_INGEST, db_url, *map(str, s)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for s in sets
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err[-2000:]
    totals = [json.loads(out.strip().splitlines()[-1]) for out, _ in outs]
    assert all(t[2] == 0 for t in totals), totals
    assert sum(t[0] for t in totals) == len(corpus)  # each article stored exactly once
    engine = open_db(db_url)
    counts = _counts(engine)
    engine.dispose()
    assert counts["articles"] == len(corpus)
