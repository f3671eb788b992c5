"""CLI: help, --db placement, ingest idempotency and failures, extract JSON, db and stats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from factbase.db.engine import open_db

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

EXPECTED_COMMANDS = ("ingest", "extract", "db", "stats")


def _counts(db: str) -> dict[str, int]:
    engine = open_db(db)
    with engine.connect() as conn:
        out = {
            t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("articles", "claims", "figures", "citations", "claim_entities")
        }
    engine.dispose()
    return out


def test_help_lists_every_command_with_a_purpose(runner, app) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in EXPECTED_COMMANDS:
        assert name in result.stdout
    # every registered command has help text
    import typer.main

    group = typer.main.get_group(app)
    for name, cmd in group.commands.items():
        assert (cmd.help or cmd.short_help), f"{name} has no help text"


def test_ingest_twice_is_idempotent(runner, app, db_url) -> None:
    first = runner.invoke(app, ["ingest", str(SEEDS), "--db", db_url, "-q"])
    assert first.exit_code == 0, first.stderr
    assert "5 new" in first.stderr
    counts = _counts(db_url)
    assert counts["articles"] == 5 and counts["claims"] > 50 and counts["figures"] > 5
    second = runner.invoke(app, ["--db", db_url, "ingest", str(SEEDS), "-q"])  # --db before
    assert second.exit_code == 0, second.stderr
    assert "0 new" in second.stderr and "5 unchanged" in second.stderr
    assert _counts(db_url) == counts


def test_db_option_before_and_after_and_env(runner, app, tmp_path, monkeypatch) -> None:
    a, b, c = (str(tmp_path / n) for n in ("a.db", "b.db", "c.db"))
    seed = str(sorted(SEEDS.glob("*.txt"))[0])
    assert runner.invoke(app, ["--db", a, "ingest", seed, "-q"]).exit_code == 0
    assert runner.invoke(app, ["ingest", seed, "--db", b, "-q"]).exit_code == 0
    monkeypatch.setenv("FACTBASE_DB", c)
    assert runner.invoke(app, ["ingest", seed, "-q"]).exit_code == 0
    for path in (a, b, c):
        assert _counts(path)["articles"] == 1
    # after the command wins over before it
    d = str(tmp_path / "d.db")
    assert runner.invoke(app, ["--db", a, "ingest", seed, "--db", d, "-q"]).exit_code == 0
    assert _counts(d)["articles"] == 1


def test_failed_file_is_one_line_and_others_go_on(runner, app, tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    db = str(tmp_path / "f.db")
    seed = str(sorted(SEEDS.glob("*.txt"))[0])
    result = runner.invoke(app, ["ingest", str(empty), seed, str(tmp_path / "missing.txt"),
                                 "--db", db, "-q"])
    assert result.exit_code == 1
    assert "1 new" in result.stderr and "2 failed" in result.stderr
    failures = [ln for ln in result.stderr.splitlines() if ln.startswith("failed:")]
    assert len(failures) == 2
    assert result.stdout == ""
    assert _counts(db)["articles"] == 1


def test_extract_json_contract(runner, app) -> None:
    paths = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    result = runner.invoke(app, ["extract", "--format", "json", *paths])
    assert result.exit_code == 0, result.stderr
    docs = json.loads(result.stdout)
    assert [d["source"] for d in docs] == paths
    for d in docs:
        assert set(d) == {"source", "title", "author", "published", "publisher", "url",
                          "claims", "figures", "citations"}
        body_claims = {c["index"]: c for c in d["claims"]}
        for c in d["claims"]:
            assert set(c) == {"index", "text", "start", "end", "kind"}
            assert c["kind"] in ("figure", "event", "quote", "statement")
            assert 0 <= c["start"] < c["end"]
        for f in d["figures"]:
            assert set(f) == {"claim", "text", "start", "end", "value", "value_high", "unit",
                              "kind", "qualifier", "measure", "period"}
            assert f["value_high"] is None or f["value_high"] > f["value"]
            assert f["kind"] in ("money", "percent", "quantity", "count")
            claim = body_claims[f["claim"]]
            assert claim["start"] <= f["start"] < f["end"] <= claim["end"]
            rel = f["start"] - claim["start"]
            assert claim["text"][rel:rel + len(f["text"])] == f["text"]
        for c in d["citations"]:
            assert set(c) == {"claim", "kind", "text", "source_name", "author", "title", "url",
                              "date", "marker"}
            assert c["kind"] in ("footnote", "attribution", "quote", "link")
    by_name = {Path(d["source"]).name[:3]: d for d in docs}

    def figs(prefix: str) -> dict[str, dict]:
        return {f["text"]: f for f in by_name[prefix]["figures"]}

    f0 = figs("000")
    assert f0["$49 million"]["value"] == 49_000_000 and f0["$49 million"]["unit"] == "USD"
    assert f0["79.2 million USD"]["value"] == 79_200_000 and f0["79.2 million USD"]["unit"] == "USD"
    f1 = figs("001")
    assert f1["4%"]["value"] == 4 and f1["4%"]["unit"] == "%"
    assert f1["$289 million"]["value"] == 289_000_000
    urls = {c["url"] for c in by_name["003"]["citations"] if c["kind"] == "footnote"}
    assert {
        "https://asiatimes.com/2021/03/russia-stakes-its-claim-to-afghan-peace-process/",
        "https://www.dawn.com/news/1613153",
        "https://tribune.com.pk/author/11177/andrew-korybko",
        "https://cic.nyu.edu/news/Can-Russia-Help-Bring-Peace-to-Afghanistan",
        "https://thediplomat.com/2017/11/russias-soft-power-push-in-afghanistan/",
    } <= urls


def test_extract_table(runner, app) -> None:
    seed = str(sorted(SEEDS.glob("*.txt"))[0])
    result = runner.invoke(app, ["extract", seed])
    assert result.exit_code == 0
    assert "$49 million" in result.stdout


def test_db_current_upgrade_downgrade(runner, app, tmp_path) -> None:
    db = str(tmp_path / "m.db")
    assert runner.invoke(app, ["db", "upgrade", "--db", db]).exit_code == 0
    cur = runner.invoke(app, ["db", "current", "--db", db])
    assert cur.exit_code == 0 and "head:" in cur.stdout
    head = cur.stdout.split()[0]
    assert f"(head: {head})" in cur.stdout
    assert runner.invoke(app, ["db", "downgrade", "base", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["db", "current", "--db", db]).stdout.startswith("base")


def test_stats_json(runner, app, ingested_db) -> None:
    result = runner.invoke(app, ["stats", "--db", ingested_db, "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["counts"]["articles"] == 5
    assert data["top_entities"] and data["top_entities"][0]["claims"] >= 1


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "factbase", "--help"], capture_output=True,
                            text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0 and "ingest" in result.stdout


def test_usage_error_exits_2(runner, app) -> None:
    assert runner.invoke(app, ["ingest"]).exit_code == 2
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2


def test_bad_database_url_is_one_line(runner, app) -> None:
    result = runner.invoke(app, ["stats", "--db", "postgresql://nobody@127.0.0.1:1/x"],
                           env={"FACTBASE_DEBUG": ""})
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: cannot open")


def _article(db: str) -> dict:
    engine = open_db(db)
    with engine.connect() as conn:
        row = conn.execute(sa.text(
            "SELECT a.title, a.author, a.published, p.name AS publisher, a.url FROM articles a "
            "LEFT JOIN publishers p ON p.id = a.publisher_id")).mappings().one()
    engine.dispose()
    return {k: (str(v) if v is not None else None) for k, v in row.items()}


def test_ingest_metadata_overrides_options(runner, app, tmp_path) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[1]  # 001: the page names no author or date
    db = str(tmp_path / "o.db")
    result = runner.invoke(app, [
        "ingest", str(seed), "--db", db, "-q", "--title", "Symbolism or substance",
        "--author", "A. Analyst", "--published", "2023-08-01", "--publisher", "Example Review",
        "--url", "https://example.org/a",
    ])
    assert result.exit_code == 0, result.stderr
    assert _article(db) == {"title": "Symbolism or substance", "author": "A. Analyst",
                            "published": "2023-08-01", "publisher": "Example Review",
                            "url": "https://example.org/a"}


def test_ingest_bad_override_date_is_usage_error(runner, app, tmp_path) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[1]
    result = runner.invoke(app, ["ingest", str(seed), "--db", str(tmp_path / "x.db"),
                                 "--published", "last tuesday"])
    assert result.exit_code == 2


def test_sidecar_meta_json_and_option_precedence(runner, app, tmp_path) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[1]
    art = tmp_path / "piece.txt"
    art.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "piece.meta.json").write_text(json.dumps(
        {"title": "From the sidecar", "author": "Side Car", "published": "2023-09-02",
         "publisher": "Sidecar Weekly", "url": "https://example.org/side"}))
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "-q",
                               "--author", "Option Wins"]).exit_code == 0
    got = _article(db)
    assert got["title"] == "From the sidecar" and got["published"] == "2023-09-02"
    assert got["author"] == "Option Wins"  # an explicit option beats the sidecar
    out = runner.invoke(app, ["extract", str(art), "--format", "json"])
    assert json.loads(out.stdout)[0]["publisher"] == "Sidecar Weekly"


def test_invalid_sidecar_fails_that_file_only(runner, app, tmp_path) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    (tmp_path / "a.txt").write_text(seeds[0].read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "a.meta.json").write_text("{not json")
    (tmp_path / "b.txt").write_text(seeds[1].read_text(encoding="utf-8"), encoding="utf-8")
    db = str(tmp_path / "i.db")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "-q"])
    assert result.exit_code == 1
    assert "1 new" in result.stderr and "1 failed" in result.stderr
    assert "a.meta.json" in result.stderr or "a.txt" in result.stderr


def test_force_reextracts_and_changed_file_updates(runner, app, tmp_path) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[0]
    art = tmp_path / "a.txt"
    art.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    db = str(tmp_path / "f.db")
    assert runner.invoke(app, ["ingest", str(art), "--db", db, "-q"]).exit_code == 0
    before = _counts(db)
    forced = runner.invoke(app, ["ingest", str(art), "--db", db, "-q", "--force"])
    assert forced.exit_code == 0 and "1 updated" in forced.stderr
    assert _counts(db) == before
    art.write_text(art.read_text(encoding="utf-8") + "\n\nA new closing sentence was added.\n",
                   encoding="utf-8")
    changed = runner.invoke(app, ["ingest", str(art), "--db", db, "-q"])
    assert changed.exit_code == 0 and "1 updated" in changed.stderr
    after = _counts(db)
    assert after["articles"] == 1 and after["claims"] == before["claims"] + 1
