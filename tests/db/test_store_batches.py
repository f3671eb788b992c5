"""The store's batch fast paths write what the plain per-article path writes.

claim_keys hashes ASCII articles from one joined string; inside ``deferred_fts`` (the
loader's optimistic batch) SQLite gets multi-row claim INSERTs and the claims_fts rows at
the end of the batch. Both must give the same keys, rows and index.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from factbase.db import store
from factbase.db.engine import open_db, write_connection
from factbase.ingest import extract
from factbase.records import Document

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"


def _reference_keys(texts: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    keys = []
    for t in texts:
        base = store.claim_key(t)
        n = seen.get(base, 0)
        seen[base] = n + 1
        keys.append(store.claim_key(t, n))
    return keys


# Letters, both cases, every kind of whitespace str.split() knows (ASCII controls, NBSP,
# em space), a NUL and non-ASCII letters whose casefold differs from lower().
_ALPHABET = st.sampled_from([*"aAbZ .,", "\t", "\n", "\r", "\x0b", "\x1c", "\x1f"])
_ODD = st.sampled_from(["\x00", "\xa0", "\u2003", "é", "ß", "İ", "“"])


@settings(deadline=None)  # a timing bound here would only flake on a loaded machine
@given(
    st.lists(
        st.text(st.one_of(_ALPHABET, _ALPHABET, _ALPHABET, _ODD), max_size=12),
        max_size=8,
    )
)
def test_claim_keys_match_claim_key(texts: list[str]) -> None:
    assert store.claim_keys(texts) == _reference_keys(texts)


def test_claim_keys_of_normal_ascii_claims_and_repeats() -> None:
    texts = ["Exports rose.", "Exports rose.", "EXPORTS ROSE.", "Imports fell 3%.", "x"]
    assert store.claim_keys(texts) == _reference_keys(texts)
    assert store.claim_keys(texts)[1].endswith(":1")
    assert store.claim_keys(texts)[2].endswith(":2")
    assert store.claim_keys([]) == []


def _docs() -> list[Document]:
    docs = [extract(p.read_text(encoding="utf-8"), str(p)) for p in sorted(SEEDS.glob("*.txt"))]
    # One article with 77 claims, figures and citations: multi-row chunks of 32, 32, 8, 4, 1.
    body = "\n\n".join(
        f"Russia exported {i} tonnes of wheat to Afghanistan in 2021, according to Reuters."
        for i in range(77)
    )
    long_doc = extract(f"Wheat report\n\n{body}\n", "/long-article.txt")
    assert len(long_doc.claims) == len(long_doc.figures) == len(long_doc.citations) == 77
    return [*docs, long_doc]


def _dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = sqlite3.connect(db)
    try:
        out = {}
        for table in ("articles", "claims", "claim_entities", "figures", "citations"):
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
            cols = [c for c in cols if c != "ingested_at"]
            names = ", ".join(f'"{c}"' for c in cols)
            out[table] = con.execute(f'SELECT {names} FROM "{table}" ORDER BY 1, 2').fetchall()
        con.execute("INSERT INTO claims_fts(claims_fts) VALUES ('integrity-check')")
        for term in ("wheat", "exports OR billion", "said"):
            out[f"fts {term}"] = con.execute(
                "SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? ORDER BY rowid", (term,)
            ).fetchall()
        out["fts_data"] = con.execute("SELECT * FROM claims_fts_data ORDER BY id").fetchall()
        return out
    finally:
        con.close()


def test_a_deferred_batch_writes_the_same_rows_and_index(tmp_path: Path) -> None:
    docs = _docs()
    dumps = []
    for deferred in (False, True):
        db = tmp_path / f"deferred-{deferred}.db"
        engine = open_db(str(db))
        with write_connection(engine) as conn, conn.begin():
            if deferred:
                with store.deferred_fts(conn):
                    for doc in docs:
                        store.save_document(conn, doc)
            else:
                for doc in docs:
                    store.save_document(conn, doc)
        engine.dispose()
        dumps.append(_dump(db))
    assert dumps[0] == dumps[1]
    assert len(dumps[0]["fts wheat"]) >= 77


def test_an_article_updated_later_in_the_same_deferred_batch(tmp_path: Path) -> None:
    first = extract("Note\n\nThe harvest of barley doubled in 2020.\n", "/same.txt")
    second = extract("Note\n\nThe harvest of millet halved in 2021.\n", "/same.txt")
    db = tmp_path / "facts.db"
    engine = open_db(str(db))
    with write_connection(engine) as conn, conn.begin(), store.deferred_fts(conn):
        assert store.save_document(conn, first).status == "new"
        assert store.save_document(conn, second).status == "updated"
    engine.dispose()
    con = sqlite3.connect(db)
    try:
        con.execute("INSERT INTO claims_fts(claims_fts) VALUES ('integrity-check')")
        match = "SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?"
        assert con.execute(match, ("barley",)).fetchall() == []
        ids = con.execute("SELECT id FROM claims").fetchall()
        assert con.execute(match, ("millet",)).fetchall() == ids
    finally:
        con.close()
