"""CLI: query, show, compare, review, export on the ingested seeds; errors, formats, widths."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

Invoke = list[str]


def _run(runner: CliRunner, app: Any, db: str, args: Invoke, **kw):
    return runner.invoke(app, ["--db", db, *args], **kw)


def _ok(result: Any) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return str(result.stdout)


def _fits(text: str, width: int = 80) -> None:
    assert "\x1b[" not in text  # NO_COLOR and not a terminal: no escape codes
    assert max((len(line) for line in text.splitlines()), default=0) <= width, text


def _claims_count(db: str) -> int:
    with sqlite3.connect(db) as con:
        return int(con.execute("SELECT count(*) FROM claims").fetchone()[0])


def test_query_json_table_csv(runner: CliRunner, app: Any, ingested_db: str) -> None:
    hits = json.loads(
        _ok(_run(runner, app, ingested_db, ["query", '"Russian exports"', "--format", "json"]))
    )
    assert any("[Russian exports]" in h["highlighted"] for h in hits)
    table = _ok(_run(runner, app, ingested_db, ["query", "Russia AND China"]))
    _fits(table)
    assert "New Eastern Outlook" in table
    rows = list(
        csv.DictReader(
            io.StringIO(
                _ok(
                    _run(
                        runner, app, ingested_db, ["query", "Taliban", "-f", "csv", "--limit", "3"]
                    )
                ),
                newline="",
            )
        )
    )
    assert len(rows) == 3 and all("taliban" in r["text"].lower() for r in rows)


def test_db_option_before_or_after_the_command(
    runner: CliRunner, app: Any, ingested_db: str
) -> None:
    before = _ok(runner.invoke(app, ["--db", ingested_db, "query", "Peskov", "-f", "json"]))
    after = _ok(runner.invoke(app, ["query", "Peskov", "-f", "json", "--db", ingested_db]))
    assert json.loads(before) == json.loads(after) != []


def test_query_filters_alone(runner: CliRunner, app: Any, ingested_db: str) -> None:
    out = _ok(
        _run(
            runner,
            app,
            ingested_db,
            ["query", "--unit", "USD", "--min", "7e7", "--max", "8e7", "-f", "json"],
        )
    )
    assert any("79.2 million" in h["text"] for h in json.loads(out))
    out = _ok(
        _run(
            runner,
            app,
            ingested_db,
            [
                "query",
                "--since",
                "2024-05-01",
                "--until",
                "2024-05-31",
                "-f",
                "json",
                "--limit",
                "10000",
            ],
        )
    )
    assert all("2024-05" in h["published"] for h in json.loads(out))


def test_no_hits_says_so_on_stderr(runner: CliRunner, app: Any, ingested_db: str) -> None:
    result = _run(runner, app, ingested_db, ["query", "zyzzyva", "-f", "json"])
    assert json.loads(_ok(result)) == []
    assert "no claims match" in result.stderr


HOSTILE = "'; DROP TABLE claims; --"


@pytest.mark.parametrize("option", ["--article", "--publisher", "--author", "--entity", "--unit"])
@pytest.mark.parametrize("value", [HOSTILE, "%", "_x_", "\"'"])
def test_hostile_filters_are_inert(
    runner: CliRunner, app: Any, ingested_db: str, option: str, value: str
) -> None:
    before = _claims_count(ingested_db)
    result = _run(runner, app, ingested_db, ["query", "--format", "json", option, value])
    hits = json.loads(_ok(result))
    if not (option == "--unit" and value == "%"):  # "%" is the percent unit, legitimately
        assert hits == []
    assert _claims_count(ingested_db) == before


@pytest.mark.parametrize(
    "text", ['"unbalanced', "(russia", "russia)", "AND", "russia OR", "NOT china", "%", "", "ru*ss"]
)
def test_malformed_queries_exit_1_with_one_line(
    runner: CliRunner, app: Any, ingested_db: str, text: str
) -> None:
    result = _run(runner, app, ingested_db, ["query", text, "-f", "json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("limit", ["0", "-1", str(10**12), "many"])
def test_absurd_limits_are_usage_errors(
    runner: CliRunner, app: Any, ingested_db: str, limit: str
) -> None:
    result = _run(runner, app, ingested_db, ["query", "russia", "--limit", limit])
    assert result.exit_code == 2
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [["--since", "May 2024"], ["--kind", "rumour"], ["--status", "maybe"], ["--offset", "-3"]],
)
def test_bad_option_values_are_usage_errors(
    runner: CliRunner, app: Any, ingested_db: str, args: Invoke
) -> None:
    assert _run(runner, app, ingested_db, ["query", *args]).exit_code == 2


def _claim_id(runner: CliRunner, app: Any, db: str, text: str) -> int:
    return int(json.loads(_ok(_run(runner, app, db, ["query", text, "-f", "json"])))[0]["id"])


def test_show_claim_and_article(runner: CliRunner, app: Any, ingested_db: str) -> None:
    cid = _claim_id(runner, app, ingested_db, '"Russian exports"')
    data = json.loads(
        _ok(_run(runner, app, ingested_db, ["show", "claim", str(cid), "-f", "json"]))
    )
    assert data["id"] == cid and "79.2 million" in data["text"]
    assert data["previous"]["text"] and data["next"]["text"]
    assert any(f["unit"] == "USD" for f in data["figures"])
    assert "Russia" in data["entities"]
    assert data["reviews"] == [] and data["conflicts"] == []
    table = _ok(_run(runner, app, ingested_db, ["show", "claim", str(cid)]))
    _fits(table)
    article = json.loads(
        _ok(
            _run(
                runner,
                app,
                ingested_db,
                ["show", "article", str(data["article"]["id"]), "-f", "json"],
            )
        )
    )
    assert cid in [c["id"] for c in article["claims"]]
    assert article["counts"]["claims"] == len(article["claims"])
    _fits(_ok(_run(runner, app, ingested_db, ["show", "article", str(data["article"]["id"])])))


def test_show_claim_with_citation(runner: CliRunner, app: Any, ingested_db: str) -> None:
    with sqlite3.connect(ingested_db) as con:
        cid = con.execute(
            "SELECT claim_id FROM citations WHERE url IS NOT NULL AND claim_id IS NOT NULL"
        ).fetchone()[0]
    data = json.loads(
        _ok(_run(runner, app, ingested_db, ["show", "claim", str(cid), "-f", "json"]))
    )
    assert any(c["url"] and c["url"].startswith("http") for c in data["citations"])
    _fits(_ok(_run(runner, app, ingested_db, ["show", "claim", str(cid)])))


@pytest.mark.parametrize(
    ("what", "ident"),
    [("claim", "999999"), ("claim", "0"), ("claim", str(10**30)), ("article", "424242")],
)
def test_show_unknown_ids_exit_1(
    runner: CliRunner, app: Any, ingested_db: str, what: str, ident: str
) -> None:
    result = _run(runner, app, ingested_db, ["show", what, ident])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    if what == "claim":
        assert result.stderr == (
            f'Error: claim {ident} does not exist. Run "factbase query" to find ids.\n'
        )


def test_review_then_filter_by_status(
    runner: CliRunner, app: Any, ingested_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTBASE_ANALYST", "dana")
    cid = _claim_id(runner, app, ingested_db, "Peskov")
    first = _run(
        runner,
        app,
        ingested_db,
        ["review", str(cid), "--status", "disputed", "--note", "one source only", "-f", "json"],
    )
    assert json.loads(_ok(first))["analyst"] == "dana"
    assert "recorded" in first.stderr
    second = json.loads(
        _ok(
            _run(
                runner,
                app,
                ingested_db,
                [
                    "review",
                    str(cid),
                    "--status",
                    "verified",
                    "--note",
                    "TASS confirms",
                    "--analyst",
                    "eve",
                    "-f",
                    "json",
                ],
            )
        )
    )
    assert [(r["status"], r["analyst"]) for r in second["history"]] == [
        ("disputed", "dana"),
        ("verified", "eve"),
    ]
    _fits(_ok(_run(runner, app, ingested_db, ["review", str(cid), "--status", "needs-review"])))
    hits = json.loads(
        _ok(_run(runner, app, ingested_db, ["query", "--status", "needs-review", "-f", "json"]))
    )
    assert [h["id"] for h in hits] == [cid]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["999999", "--status", "verified"], 1),
        (["1", "--status", "maybe"], 2),
        (["1"], 2),  # --status is required
    ],
)
def test_review_errors(
    runner: CliRunner, app: Any, ingested_db: str, args: Invoke, code: int
) -> None:
    result = _run(runner, app, ingested_db, ["review", *args])
    assert result.exit_code == code
    assert result.stdout == ""


def test_compare_formats_and_plot(
    runner: CliRunner, app: Any, ingested_db: str, tmp_path: Path
) -> None:
    measure = "Russian exports to Afghanistan"
    data = json.loads(_ok(_run(runner, app, ingested_db, ["compare", measure, "-f", "json"])))
    usd = next(g for g in data["groups"] if g["dimension"] == "money:USD")
    assert usd["figures"][0]["period"] == "2021"
    table = _ok(_run(runner, app, ingested_db, ["compare", measure]))
    _fits(table)
    assert "79.2 million" in table and "289 million" in table
    rows = list(
        csv.DictReader(
            io.StringIO(
                _ok(_run(runner, app, ingested_db, ["compare", measure, "-f", "csv"])), newline=""
            )
        )
    )
    assert [float(r["normalised_value"]) for r in rows] == [79.2e6, 289e6]
    png = tmp_path / "flow.png"
    result = _run(runner, app, ingested_db, ["compare", measure, "--plot", str(png), "-f", "json"])
    json.loads(_ok(result))  # the plot message goes to stderr, not into the JSON
    assert png.read_bytes()[:4] == b"\x89PNG" and "drew" in result.stderr


def test_compare_errors(runner: CliRunner, app: Any, ingested_db: str) -> None:
    result = _run(runner, app, ingested_db, ["compare"])
    assert result.exit_code == 1 and "say what to compare" in result.stderr
    result = _run(runner, app, ingested_db, ["compare", "--figure", "987654"])
    assert result.exit_code == 1 and result.stdout == ""


def test_export_claims_csv_to_file(
    runner: CliRunner, app: Any, ingested_db: str, tmp_path: Path
) -> None:
    out = tmp_path / "claims.csv"
    result = _run(runner, app, ingested_db, ["export", "claims", "--out", str(out)])
    assert _ok(result) == ""
    assert f"exported {_claims_count(ingested_db)} claims" in result.stderr
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == _claims_count(ingested_db)


@pytest.mark.parametrize("kind", ["claims", "figures", "citations", "conflicts", "articles"])
@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_export_every_kind_and_format_to_stdout(
    runner: CliRunner, app: Any, ingested_db: str, kind: str, fmt: str
) -> None:
    out = _ok(_run(runner, app, ingested_db, ["export", kind, "--format", fmt]))
    with sqlite3.connect(ingested_db) as con:
        n = con.execute(f"SELECT count(*) FROM {kind}").fetchone()[0]
    if fmt == "csv":
        assert len(list(csv.reader(io.StringIO(out, newline="")))) == n + 1
    elif fmt == "json":
        assert len(json.loads(out)) == n
    else:
        assert len([json.loads(line) for line in out.splitlines()]) == n


def test_export_with_filters_and_hostile_input(
    runner: CliRunner, app: Any, ingested_db: str
) -> None:
    out = _ok(
        _run(
            runner,
            app,
            ingested_db,
            ["export", "claims", "--match", "Taliban", "--kind", "statement", "-f", "json"],
        )
    )
    records = json.loads(out)
    assert records and all(r["kind"] == "statement" for r in records)
    for option in ("--article", "--publisher", "--author", "--entity", "--unit", "--match"):
        result = _run(runner, app, ingested_db, ["export", "claims", option, HOSTILE])
        assert result.exit_code == 0
        assert len(list(csv.reader(io.StringIO(result.stdout, newline="")))) == 1


def test_export_errors(runner: CliRunner, app: Any, ingested_db: str, tmp_path: Path) -> None:
    assert _run(runner, app, ingested_db, ["export", "people"]).exit_code == 2
    bad = _run(
        runner, app, ingested_db, ["export", "claims", "--out", str(tmp_path / "missing" / "x.csv")]
    )
    assert bad.exit_code == 1 and "cannot write" in bad.stderr
    malformed = _run(runner, app, ingested_db, ["export", "claims", "--match", '"open'])
    assert malformed.exit_code == 1 and malformed.stdout == ""


def test_every_workbench_command_has_help(runner: CliRunner, app) -> None:
    for args in (
        ["query"],
        ["show", "claim"],
        ["show", "article"],
        ["compare"],
        ["review"],
        ["export"],
    ):
        result = runner.invoke(app, [*args, "--help"])
        assert (result.exit_code == 0 and "Example" in result.stdout) or args[0] == "show"


def test_cli_choices_match_the_library() -> None:
    """The CLI spells its choices out (fast start-up); they must not drift from the library."""
    from factbase.analysis.query import MAX_LIMIT
    from factbase.cli import workbench
    from factbase.db.models import CLAIM_KINDS, REVIEW_STATUSES
    from factbase.export import ExportFormat, ExportKind

    assert [c.value for c in workbench.ClaimKindChoice] == list(CLAIM_KINDS)
    assert [c.value for c in workbench.ReviewStatus] == list(REVIEW_STATUSES)
    assert [c.value for c in workbench.StatusChoice] == [*REVIEW_STATUSES, "unreviewed"]
    assert [c.value for c in workbench.ExportKind] == [c.value for c in ExportKind]
    assert [c.value for c in workbench.ExportFormat] == [c.value for c in ExportFormat]
    assert workbench.MAX_LIMIT == MAX_LIMIT
