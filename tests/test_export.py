"""factbase export: every kind, CSV/JSON/JSONL, inert formulas, filters, constant memory."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import tracemalloc
from pathlib import Path

import pytest
import sqlalchemy as sa

from factbase.analysis.query import Filters
from factbase.db.engine import open_db
from factbase.export import ExportFormat, ExportKind, write_export
from factbase.render import safe_cell


@pytest.fixture
def engine(ingested_any: str):
    engine = open_db(ingested_any)
    yield engine
    engine.dispose()


def _export(engine: sa.Engine, what: str, fmt: str = "csv", **filters: object) -> str:
    buf = io.StringIO()
    write_export(engine, ExportKind(what), Filters(**filters), ExportFormat(fmt), buf)  # type: ignore[arg-type]
    return buf.getvalue()


def _count(engine: sa.Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


ARTICLE_COLUMNS = ["source", "title", "author", "published", "publisher", "url"]


@pytest.mark.parametrize("kind", list(ExportKind))
def test_every_kind_has_one_row_per_record(engine: sa.Engine, kind: ExportKind) -> None:
    rows = list(csv.reader(io.StringIO(_export(engine, kind), newline="")))
    header, body = rows[0], rows[1:]
    assert len(body) == _count(engine, kind.value)
    assert len(set(header)) == len(header)
    if kind == ExportKind.conflicts:
        assert {"a_source", "b_source", "claim_a_text", "claim_b_text"} <= set(header)
    else:
        assert set(ARTICLE_COLUMNS) <= set(header)
    if kind in (ExportKind.claims, ExportKind.figures, ExportKind.citations):
        assert "status" in header
    assert all(len(r) == len(header) for r in body)


def test_claims_csv_carries_article_metadata(engine: sa.Engine) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(engine, "claims"), newline="")))
    hit = next(r for r in rows if "79.2 million USD" in r["text"])
    assert hit["source"].endswith("000_065d3f3dc5b8a899.txt")
    assert hit["published"] == "2024-05-07"
    assert hit["status"] == "unreviewed"
    assert hit["kind"] in ("figure", "statement", "event", "quote")


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_and_jsonl(engine: sa.Engine, fmt: str) -> None:
    text = _export(engine, "figures", fmt)
    records = json.loads(text) if fmt == "json" else [json.loads(x) for x in text.splitlines()]
    assert len(records) == _count(engine, "figures")
    usd = [r for r in records if r["unit"] == "USD" and r["value"] == pytest.approx(79.2e6)]
    assert usd and usd[0]["published"] == "2024-05-07"


def test_empty_json_export_is_an_empty_array(engine: sa.Engine) -> None:
    assert json.loads(_export(engine, "claims", "json", publisher="no such publisher")) == []


def test_filters_apply_to_exports(engine: sa.Engine) -> None:
    everything = list(csv.DictReader(io.StringIO(_export(engine, "claims"), newline="")))
    chosen = list(
        csv.DictReader(io.StringIO(_export(engine, "claims", text="Taliban"), newline=""))
    )
    assert 0 < len(chosen) < len(everything)
    assert all("taliban" in r["text"].lower() for r in chosen)
    one = list(
        csv.DictReader(io.StringIO(_export(engine, "articles", article="000_065d"), newline=""))
    )
    assert len(one) == 1 and int(one[0]["claims"]) > 10
    with_usd = list(
        csv.DictReader(io.StringIO(_export(engine, "articles", unit="USD"), newline=""))
    )
    assert 1 <= len(with_usd) < _count(engine, "articles")
    for kind in ExportKind:
        hostile = _export(engine, kind, author="'; DROP TABLE claims; --")
        assert len(list(csv.reader(io.StringIO(hostile, newline="")))) == 1  # the header only
    assert _count(engine, "claims") == len(everything)


FORMULAS = [
    "=SUM(A1:A9) was the total.",
    "+1 more claim.",
    "-2 is negative.",
    "@cmd runs.",
    "\tTabbed claim.",
    "\rReturn claim.",
]


def _add_claims(engine: sa.Engine, texts: list[str]) -> None:
    with engine.begin() as conn:
        article_id = conn.execute(sa.text("SELECT min(id) FROM articles")).scalar_one()
        base = conn.execute(
            sa.text("SELECT max(ordinal) FROM claims WHERE article_id = :a"), {"a": article_id}
        ).scalar_one()
        for i, t in enumerate(texts, 1):
            conn.execute(
                sa.text(
                    'INSERT INTO claims (article_id, ordinal, key, text, "start", "end", kind) '
                    "VALUES (:a, :o, :k, :t, 0, 0, 'statement')"
                ),
                {"a": article_id, "o": base + i, "k": f"formula{i}", "t": t},
            )


def test_formula_cells_come_out_inert(engine: sa.Engine) -> None:
    _add_claims(engine, FORMULAS)
    rows = list(csv.DictReader(io.StringIO(_export(engine, "claims"), newline="")))
    texts = {r["text"] for r in rows}
    for formula in FORMULAS:
        assert "'" + formula in texts
        assert safe_cell(formula) == "'" + formula
    # JSON is not read by spreadsheets: it keeps the text as it is
    records = json.loads(_export(engine, "claims", "json"))
    assert {r["text"] for r in records} >= set(FORMULAS)
    # numbers are not text: a negative value stays a number
    assert "'-" not in _export(engine, "figures").split("\n", 1)[0]


def test_ingested_formula_article_is_inert(db_url: str) -> None:
    """An article whose sentence starts with =SUM( goes through ingest and comes out inert."""
    from factbase.loader import ingest_paths

    engine = open_db(db_url)
    ingest_paths(engine, [Path(__file__).parent / "articles" / "workbench_formula.txt"])
    out = _export(engine, "claims")
    engine.dispose()
    texts = [r["text"] for r in csv.DictReader(io.StringIO(out, newline=""))]
    assert any(t.startswith("'=SUM(") for t in texts), texts
    assert not any(t.startswith("=") for t in texts)


def _big_sqlite(path: Path, n: int) -> sa.Engine:
    engine = open_db(str(path))
    engine.dispose()
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO articles (id, source, content_hash, body, extractor_version) "
        "VALUES (1, 'big.txt', 'h', '', 'x')"
    )
    con.executemany(
        'INSERT INTO claims (article_id, ordinal, key, text, "start", "end", kind) '
        "VALUES (1, ?, ?, ?, 0, 0, 'statement')",
        ((i, f"k{i}", f"Claim number {i} says Russia exported {i} tons.") for i in range(n)),
    )
    con.commit()
    con.close()
    return open_db(str(path))


def _peak_bytes(engine: sa.Engine) -> tuple[int, int]:
    sink = open("/dev/null", "w", encoding="utf-8")  # noqa: SIM115
    tracemalloc.start()
    n = write_export(engine, ExportKind.claims, Filters(), ExportFormat.csv, sink)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    sink.close()
    return n, peak


def test_export_streams_in_constant_memory(tmp_path: Path) -> None:
    small = _big_sqlite(tmp_path / "small.db", 10_000)
    big = _big_sqlite(tmp_path / "big.db", 80_000)
    n_small, peak_small = _peak_bytes(small)
    n_big, peak_big = _peak_bytes(big)
    small.dispose()
    big.dispose()
    assert (n_small, n_big) == (10_000, 80_000)
    # 8x the rows must not mean 8x the memory: only one yield_per batch is ever held.
    assert peak_big < 2 * peak_small + 2_000_000, (peak_small, peak_big)


EVERY_FILTER = [
    {"text": "Russia"},
    {"article": "1"},
    {"article": "seeds"},
    {"publisher": "eastern"},
    {"author": "bataut"},
    {"entity": "Russia"},
    {"kind": "figure"},
    {"since": dt.date(2024, 1, 1), "until": dt.date(2025, 12, 31)},
    {"unit": "USD", "min": 1e6, "max": 1e9},
    {"status": "unreviewed"},
    {"status": "verified"},
]


@pytest.mark.parametrize("kind", list(ExportKind))
@pytest.mark.parametrize("filters", EVERY_FILTER, ids=lambda f: "+".join(f))
def test_every_filter_works_on_every_kind(
    engine: sa.Engine, kind: ExportKind, filters: dict[str, object]
) -> None:
    body = list(csv.reader(io.StringIO(_export(engine, kind, **filters), newline="")))[1:]
    assert len(body) <= _count(engine, kind.value)
    if kind == ExportKind.figures and "unit" in filters:
        assert body and all(r[6] == "USD" for r in body)
