"""`factbase stats` says how many articles an older extractor made, and how to redo them."""

from __future__ import annotations

import json
import sqlite3


def test_stats_counts_articles_from_an_older_extractor(runner, app, ingested_db: str) -> None:
    result = runner.invoke(app, ["stats", "--db", ingested_db, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["older_extraction"] == 0
    with sqlite3.connect(ingested_db) as con:
        con.execute("UPDATE articles SET extractor_version = '0.0.1+x0' WHERE id IN (1, 2)")
    result = runner.invoke(app, ["stats", "--db", ingested_db, "--format", "json"])
    assert json.loads(result.stdout)["older_extraction"] == 2
    table = runner.invoke(app, ["stats", "--db", ingested_db])
    assert table.exit_code == 0
    assert "2 articles were extracted by an older factbase" in table.stderr
    assert "ingest --force" in table.stderr
