"""factbase query: the query language, its two renderings, highlighting, filters, both backends."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from factbase.analysis.query import (
    Filters,
    bracket,
    find_matches,
    parse_query,
    search_claims,
    to_fts5,
    to_tsquery,
)
from factbase.db.engine import open_db
from factbase.errors import QueryError

# (query, FTS5 MATCH string, PostgreSQL tsquery string)
RENDERINGS = [
    ("russia", '"russia"', "'russia'"),
    ("Russia", '"russia"', "'russia'"),
    ("russ*", '"russ"*', "'russ':*"),
    ('"Russian exports"', '"russian exports"', "('russian' <-> 'exports')"),
    ('"united sta"*', '"united sta"*', "('united' <-> 'sta':*)"),
    ("russia china", '("russia" AND "china")', "('russia' & 'china')"),
    ("russia AND china", '("russia" AND "china")', "('russia' & 'china')"),
    ("russia OR china", '("russia" OR "china")', "('russia' | 'china')"),
    ("taliban NOT china", '("taliban" NOT "china")', "('taliban' & !'china')"),
    # NOT binds tighter than AND, AND tighter than OR (as in FTS5)
    ("a OR b NOT c", '("a" OR ("b" NOT "c"))', "('a' | ('b' & !'c'))"),
    (
        "(russia OR china) taliban",
        '(("russia" OR "china") AND "taliban")',
        "(('russia' | 'china') & 'taliban')",
    ),
    # lower-case operators are plain words
    ("russia and china", '("russia" AND "and" AND "china")', "('russia' & 'and' & 'china')"),
    # punctuation inside a word splits it the way both tokenizers do
    ("Russia's", '"russia s"', "('russia' <-> 's')"),
    ("U.S.", '"u s"', "('u' <-> 's')"),
    (
        "Turkmenistan-Afghanistan",
        '"turkmenistan afghanistan"',
        "('turkmenistan' <-> 'afghanistan')",
    ),
    ("$289", '"289"', "'289'"),
    ("افغانستان", '"افغانستان"', "'افغانستان'"),
    # SQL metacharacters carry no words and vanish
    (
        "'; DROP TABLE claims; --",
        '("drop" AND "table" AND "claims")',
        "('drop' & 'table' & 'claims')",
    ),
    ("100% taliban_rule", '("100" AND "taliban rule")', "('100' & ('taliban' <-> 'rule'))"),
]


@pytest.mark.parametrize(("query", "fts5", "tsquery"), RENDERINGS)
def test_renderings(query: str, fts5: str, tsquery: str) -> None:
    node = parse_query(query)
    assert to_fts5(node) == fts5
    # Every plain word also asks for its apostrophe form (tested below); fold that here.
    assert _APOSTROPHE_ALT.sub(r"'\1'", to_tsquery(node)) == tsquery


_APOSTROPHE_ALT = re.compile(r"\('([^']+)' \| '\1’'\)")


def test_tsquery_also_asks_for_the_curly_apostrophe_form() -> None:
    """PostgreSQL indexes "China’s" as 'china’': a bare China must find it (seed 002)."""
    assert to_tsquery(parse_query("China")) == "('china' | 'china’')"
    assert to_tsquery(parse_query("Chin*")) == "'chin':*"


MALFORMED = [
    ("", "nothing to search for"),
    ("   ", "nothing to search for"),
    ("%", "nothing to search for"),
    ("'", "nothing to search for"),
    ('"russian exports', "unbalanced quote"),
    ('russia "', "unbalanced quote"),
    ("(russia OR china", "unbalanced '('"),
    ("russia)", "unbalanced ')'"),
    ("()", "empty parentheses"),
    ("russia AND", "ends with an operator"),
    ("russia OR", "ends with an operator"),
    ("OR russia", "OR needs a term"),
    ("AND", "AND needs a term"),
    ("russia AND OR china", "OR needs a term"),
    ("NOT china", "NOT needs a term before it"),
    ("russia NOT", "ends with an operator"),
    ("ru*ss", "'*' can only end a word"),
    ("*russ", "'*' can only end a word"),
    ("(" * 40 + "a" + ")" * 40, "nested deeper"),
]


@pytest.mark.parametrize(("query", "message"), MALFORMED)
def test_malformed_queries_are_one_line_query_errors(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)) as info:
        parse_query(query)
    assert "\n" not in str(info.value)
    assert len(str(info.value)) < 200


def test_error_message_shortens_long_queries() -> None:
    with pytest.raises(QueryError) as info:
        parse_query("russia " * 100 + "AND")
    assert len(str(info.value)) < 160


HIGHLIGHTS = [
    (
        "Russian exports to Afghanistan rose.",
        '"russian exports"',
        "[Russian exports] to Afghanistan rose.",
    ),
    ("Russia and Russia's allies", "russia", "[Russia] and [Russia]'s allies"),
    ("Russian exports; Russia", "russ*", "[Russian] exports; [Russia]"),
    ("China invests, Russia trades", "russia NOT china", "China invests, [Russia] trades"),
    ("Exports grew", "export", "[Exports] grew"),  # PostgreSQL stems: show that hit too
    ("No match here", "taliban", "No match here"),
    ("exports exports", '"exports exports"', "[exports exports]"),
]


@pytest.mark.parametrize(("text", "query", "expected"), HIGHLIGHTS)
def test_highlighting(text: str, query: str, expected: str) -> None:
    assert bracket(text, find_matches(text, parse_query(query))) == expected


PROSE = st.characters(codec="utf-8", exclude_categories=("Cs",))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=PROSE, max_size=60))
def test_any_parseable_query_is_valid_fts5(text: str) -> None:
    """Whatever the user types, FTS5 never sees a syntax error: we error first, or it runs."""
    try:
        node = parse_query(text)
    except QueryError:
        return
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='unicode61 remove_diacritics 2')")
    con.execute("INSERT INTO t VALUES ('russia exports to afghanistan')")
    con.execute("SELECT rowid FROM t WHERE t MATCH ?", (to_fts5(node),)).fetchall()
    con.close()


# --- against the ingested seeds, on both backends ----------------------------------------


@pytest.fixture
def engine(ingested_any: str):
    engine = open_db(ingested_any)
    yield engine
    engine.dispose()


def _texts(hits: list[dict]) -> list[str]:
    return [h["text"] for h in hits]


def test_phrase_finds_the_export_claim(engine: sa.Engine) -> None:
    hits = search_claims(engine, Filters(text='"Russian exports"'))
    assert any("79.2 million USD" in t for t in _texts(hits))
    hit = next(h for h in hits if "79.2 million" in h["text"])
    assert "[Russian exports]" in hit["highlighted"]
    s, e = hit["matches"][0]
    assert hit["text"][s:e] == "Russian exports"
    assert hit["publisher"] is None or isinstance(hit["publisher"], str)
    assert hit["article_id"] and hit["source"].endswith(".txt")


def test_ranking_puts_denser_matches_first(engine: sa.Engine) -> None:
    hits = search_claims(engine, Filters(text="taliban"), limit=50)
    scores = [h["score"] for h in hits]
    assert len(hits) > 5
    assert scores == sorted(scores, reverse=True)


def test_prefix_boolean_and_not(engine: sa.Engine) -> None:
    prefixed = _texts(search_claims(engine, Filters(text="Kreml*"), limit=100))
    assert prefixed and all("kreml" in t.lower() for t in prefixed)
    both = _texts(search_claims(engine, Filters(text="Russia AND China"), limit=100))
    assert both and all("russia" in t.lower() and "china" in t.lower() for t in both)
    either = _texts(search_claims(engine, Filters(text="Kremlin OR Peskov"), limit=100))
    assert len(either) >= len(prefixed)
    minus = _texts(search_claims(engine, Filters(text="Taliban NOT China"), limit=100))
    assert minus and not any("china" in t.lower() for t in minus)


def test_no_hits_is_an_empty_list(engine: sa.Engine) -> None:
    assert search_claims(engine, Filters(text="zyzzyva")) == []


def test_limit_and_offset_page_through(engine: sa.Engine) -> None:
    everything = search_claims(engine, Filters(text="Afghanistan"), limit=200)
    page = search_claims(engine, Filters(text="Afghanistan"), limit=3, offset=2)
    assert [h["id"] for h in page] == [h["id"] for h in everything[2:5]]


@pytest.mark.parametrize("limit", [0, -1, 10**12])
def test_absurd_limits_are_refused(engine: sa.Engine, limit: int) -> None:
    with pytest.raises(QueryError, match="limit"):
        search_claims(engine, Filters(), limit=limit)


def test_filters_stand_alone(engine: sa.Engine) -> None:
    all_claims = search_claims(engine, Filters(), limit=10_000)
    with engine.connect() as conn:
        assert len(all_claims) == conn.execute(sa.text("SELECT count(*) FROM claims")).scalar()
    figures = search_claims(engine, Filters(kind="figure"), limit=10_000)
    assert figures and all(h["kind"] == "figure" for h in figures)
    usd = search_claims(engine, Filters(unit="usd"), limit=100)
    assert any("79.2 million" in h["text"] for h in usd)
    ranged = search_claims(engine, Filters(unit="USD", min=70e6, max=80e6), limit=100)
    assert [h for h in ranged if "79.2 million" in h["text"]]
    assert not [h for h in ranged if "$289 million" in h["text"]]


def test_article_publisher_author_and_dates(engine: sa.Engine) -> None:
    by_source = search_claims(engine, Filters(article="000_065d"), limit=500)
    assert by_source and all(h["source"].endswith("000_065d3f3dc5b8a899.txt") for h in by_source)
    art_id = by_source[0]["article_id"]
    by_id = search_claims(engine, Filters(article=str(art_id)), limit=500)
    assert {h["id"] for h in by_id} == {h["id"] for h in by_source}
    dated = [h for h in search_claims(engine, Filters(), limit=10_000) if h["published"]]
    assert dated, "some seed has a publication date"
    day = dt.date.fromisoformat(dated[0]["published"])
    on_day = search_claims(engine, Filters(since=day, until=day), limit=10_000)
    assert on_day and all(h["published"] == day.isoformat() for h in on_day)
    after = search_claims(engine, Filters(since=day + dt.timedelta(days=1)), limit=10_000)
    assert all(h["published"] > day.isoformat() for h in after)
    publisher = next((h["publisher"] for h in dated if h["publisher"]), None)
    if publisher:
        by_pub = search_claims(engine, Filters(publisher=publisher[:5].lower()), limit=10_000)
        assert by_pub and all(publisher[:5].lower() in h["publisher"].lower() for h in by_pub)


def test_entity_filter_goes_through_aliases(engine: sa.Engine) -> None:
    hits = search_claims(engine, Filters(entity="Russia"), limit=10_000)
    assert hits
    with engine.connect() as conn:
        n = conn.execute(
            sa.text("SELECT count(*) FROM claim_entities WHERE entity = 'Russia'")
        ).scalar()
    assert len(hits) == n
    us = search_claims(engine, Filters(entity="US"), limit=10_000)
    usa = search_claims(engine, Filters(entity="United States"), limit=10_000)
    assert [h["id"] for h in us] == [h["id"] for h in usa]


def test_status_filter_follows_the_latest_review(engine: sa.Engine) -> None:
    from factbase.analysis.review import record_review

    first = search_claims(engine, Filters(text="Peskov"))[0]
    record_review(engine, first["id"], "disputed", analyst="a")
    record_review(engine, first["id"], "verified", analyst="b")
    verified = search_claims(engine, Filters(status="verified"))
    assert [h["id"] for h in verified] == [first["id"]]
    assert search_claims(engine, Filters(status="disputed")) == []
    unreviewed = search_claims(engine, Filters(status="unreviewed"), limit=10_000)
    assert first["id"] not in {h["id"] for h in unreviewed}


HOSTILE = ["'; DROP TABLE claims; --", "%", "x_y", "'", '"', "\\", "%' OR '1'='1", "a_b%c"]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("name", ["article", "publisher", "author", "entity", "unit"])
def test_sql_metacharacters_in_filters_are_inert(engine: sa.Engine, name: str, value: str) -> None:
    hits = search_claims(engine, Filters(**{name: value}), limit=10_000)
    if name == "unit" and value == "%":
        # "%" is a real unit (percent): it must match percentages, not act as a wildcard.
        assert hits and all("%" in h["text"] for h in hits)
        return
    assert hits == []  # nothing in the seeds contains these, so LIKE wildcards were escaped
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM claims")).scalar() > 0


@pytest.mark.parametrize(("name", "value"), [("kind", "'; DROP"), ("status", "%")])
def test_unknown_enum_filters_are_query_errors(engine: sa.Engine, name: str, value: str) -> None:
    with pytest.raises(QueryError):
        search_claims(engine, Filters(**{name: value}))


def test_postgres_uses_the_gin_index(engine: sa.Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    from factbase.analysis.query import fulltext_match
    from factbase.db.models import Claim

    stmt = sa.select(Claim.id).where(fulltext_match(parse_query('"russian exports"'), "postgresql"))
    with engine.connect() as conn:
        conn.execute(sa.text("SET enable_seqscan = off"))
        compiled = stmt.compile(dialect=engine.dialect)
        plan = [r[0] for r in conn.exec_driver_sql("EXPLAIN " + str(compiled), compiled.params)]
    assert any("ix_claims_text_fts" in line for line in plan), plan
