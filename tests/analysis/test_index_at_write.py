"""Write-time indexing builds the rows a re-index from the database builds, and the fast
paths of signatures (sketch tokens, event gate) give what the plain code gives."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
import sqlalchemy as sa

from factbase.analysis.conflicts import index_articles
from factbase.analysis.signatures import (
    WORD_RE,
    _find_action,
    _mask,
    body_sketch,
    event_signature,
    find_disputed,
)
from factbase.db.engine import open_db
from factbase.loader import ingest_paths

SETS = Path(__file__).resolve().parents[1] / "articles" / "conflicts"
TABLES = {
    "figure_frames": "figure_id",
    "event_signatures": "claim_id, block",
    "article_sketches": "article_id",
}


def _dump(engine: sa.Engine) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        return {
            t: [tuple(r) for r in conn.execute(sa.text(f"SELECT * FROM {t} ORDER BY {order}"))]
            for t, order in TABLES.items()
        }


def test_rows_at_write_equal_a_reindex(tmp_path: Path) -> None:
    engine = open_db(str(tmp_path / "w.db"))
    ingest_paths(engine, [SETS / "set1", SETS / "set2", SETS / "set3"])
    written = _dump(engine)
    with engine.begin() as conn:
        ids = list(conn.execute(sa.text("SELECT id FROM articles")).scalars())
        index_articles(conn, ids)
    engine.dispose()
    assert written == _dump(engine)
    assert all(written.values())


def test_updated_article_is_reindexed(tmp_path: Path) -> None:
    work = tmp_path / "a.txt"
    src = next((SETS / "set2").glob("*.txt"))
    work.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    engine = open_db(str(tmp_path / "u.db"))
    ingest_paths(engine, [work])
    work.write_text(src.read_text(encoding="utf-8") + "\nMoscow signed a deal in 2019.\n")
    ingest_paths(engine, [work])
    written = _dump(engine)
    with engine.begin() as conn:
        index_articles(conn, list(conn.execute(sa.text("SELECT id FROM articles")).scalars()))
    engine.dispose()
    assert written == _dump(engine)


def _sketch_reference(body: str) -> tuple[int, tuple[int, ...]]:
    tokens = WORD_RE.findall(body.lower())
    crc = {w: zlib.crc32(w.encode()) for w in set(tokens)}
    words = [crc[w] for w in tokens]
    if len(words) < 5:
        words += [0] * (5 - len(words))
    cols = [words[i : len(words) - 5 + 1 + i] for i in range(5)]
    hashes = {hash(t) & 0xFFFFFFFFFFFF for t in zip(*cols, strict=True)}
    return len(hashes), tuple(sorted(hashes)[:96])


@pytest.mark.parametrize(
    "body",
    [
        "",
        "one two",
        "Café owners’ “union” — 5,000 members_joined; naïve Ωmega test ©2020 … end",
        "“Quoted” text – with dashes’ only\xa0and spaces",
        " ".join(f"word{i % 37} x{i}" for i in range(2000)),
    ],
)
def test_sketch_equals_the_plain_tokenizer(body: str) -> None:
    assert body_sketch(body) == _sketch_reference(body)


@pytest.mark.parametrize(
    "claim",
    [
        "Reports that the deal was falsesigned by Moscow in 2019 are wrong.",
        "Claims that Kabul deniedsigned the accord in 2020 were false; Tehran met in 2021.",
        "Officials said that trade grew.",
        "Kazakhstan signed the treaty in June 2021.",
    ],
)
def test_event_gate_keeps_exposed_words(claim: str) -> None:
    disputed = find_disputed(claim)
    text = _mask(claim, disputed) if disputed else claim
    if _find_action(text) is None:
        assert event_signature(claim) is None
