"""CLI: ingest runs detection; conflicts lists (json contract, filters, csv), recheck, resolve
(history, errors), corroborations."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

SETS = Path(__file__).resolve().parents[1] / "articles" / "conflicts"


@pytest.fixture
def db(runner, app, db_url: str) -> str:
    result = runner.invoke(app, ["ingest", str(SETS / "set1"), "--db", db_url, "-q"])
    assert result.exit_code == 0, result.stderr
    assert "conflicts: 3 new" in result.stderr  # detection runs after every ingest
    return db_url


def _json(runner, app, *args: str) -> list[dict]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_conflicts_json_contract(runner, app, db) -> None:
    rows = _json(runner, app, "conflicts", "--db", db, "--format", "json")
    assert sorted(r["kind"] for r in rows) == ["date", "negation", "numeric"]
    for r in rows:
        assert list(r) == ["id", "kind", "status", "reason", "score", "a", "b"]
        assert r["status"] == "open" and isinstance(r["score"], float) and r["reason"]
        for side in (r["a"], r["b"]):
            assert list(side) == ["claim_id", "article", "title", "text", "figure"]
            assert side["article"].endswith(".txt") and side["text"]
    numeric = next(r for r in rows if r["kind"] == "numeric")
    assert {numeric["a"]["figure"], numeric["b"]["figure"]} == {"$312 million", "$190 million"}
    assert "2022" in numeric["reason"] and "apart" in numeric["reason"]
    assert rows == sorted(rows, key=lambda r: -r["score"])


def test_filters_and_formats(runner, app, db) -> None:
    dates = _json(runner, app, "conflicts", "--db", db, "--kind", "date", "-f", "json")
    assert [r["kind"] for r in dates] == ["date"]
    assert _json(runner, app, "conflicts", "--db", db, "--status", "dismissed", "-f", "json") == []
    table = runner.invoke(app, ["conflicts", "--db", db])
    assert table.exit_code == 0 and "3 conflicts" in table.stdout
    out = runner.invoke(app, ["conflicts", "--db", db, "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == 3 and rows[0]["a_article"]


def test_resolve_then_recheck_keeps_the_decision(runner, app, db) -> None:
    [numeric] = _json(runner, app, "conflicts", "--db", db, "--kind", "numeric", "-f", "json")
    cid = str(numeric["id"])
    done = runner.invoke(
        app,
        ["conflicts", "resolve", cid, "--status", "dismissed", "--note", "different sources",
         "--analyst", "ana", "--db", db, "-f", "json"],
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    decided = json.loads(done.stdout)
    assert decided["status"] == "dismissed" and decided["history"][-1]["analyst"] == "ana"
    recheck = runner.invoke(app, ["conflicts", "--db", db, "--recheck", "-f", "json"])
    assert recheck.exit_code == 0 and "rechecked" in recheck.stderr
    after = {r["id"]: r for r in json.loads(recheck.stdout)}
    assert after[numeric["id"]]["status"] == "dismissed"
    # --db before the subcommand works too
    again = runner.invoke(
        app, ["conflicts", "--db", db, "resolve", cid, "--status", "confirmed", "-f", "json"]
    )
    assert again.exit_code == 0, again.stderr
    assert [h["status"] for h in json.loads(again.stdout)["history"]] == ["dismissed", "confirmed"]


def test_resolve_unknown_conflict_is_a_user_error(runner, app, db) -> None:
    result = runner.invoke(
        app, ["conflicts", "resolve", "999", "--status", "dismissed", "--db", db]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "conflict 999 does not exist" in result.stderr


def test_resolve_rejects_unknown_status(runner, app, db) -> None:
    result = runner.invoke(app, ["conflicts", "resolve", "1", "--status", "maybe", "--db", db])
    assert result.exit_code == 2


def test_corroborations_command(runner, app, db) -> None:
    rows = _json(runner, app, "corroborations", "--db", db, "-f", "json")
    assert rows  # "nearly 1 million tonnes" and "960,000 tonnes" of Russian oil products
    for r in rows:
        assert r["sources"] >= 2 and len(r["claims"]) >= 2
    table = runner.invoke(app, ["corroborations", "--db", db])
    assert table.exit_code == 0 and "corroborated" in table.stdout


def test_help_texts(runner, app) -> None:
    for args in (["conflicts", "--help"], ["conflicts", "resolve", "--help"],
                 ["corroborations", "--help"]):  # fmt: skip
        result = runner.invoke(app, args)
        assert result.exit_code == 0 and "Example" in result.stdout
