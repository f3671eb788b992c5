"""Schema safety: old databases upgrade in place with nothing lost; newer ones are refused.

``tests/fixtures/db_rev<REV>.sqlite`` holds a database built by the release whose head was
REV (see tests/fixtures/make_fixture_db.py); each is copied, opened with today's code (which
upgrades it to head) and compared with what it held before. A database from a newer factbase
is refused by the CLI in one line, and its file is never written to.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from factbase.db.engine import alembic_config, head_revision, open_db

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ROOT / "seeds"
FIXTURE_DBS = sorted(FIXTURES.glob("db_rev*.sqlite"))
KEPT_TABLES = ("articles", "claims", "figures", "citations", "claim_entities", "publishers",
               "reviews")


def _revision_of(path: Path) -> str:
    return path.stem.removeprefix("db_rev")


def _snapshot(db: Path) -> dict[str, Any]:
    """What an analyst would miss: row counts, reviews with their claims, article identities."""
    con = sqlite3.connect(db)
    try:
        return {
            "counts": {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                       for t in KEPT_TABLES},
            "reviews": con.execute(
                "SELECT a.source, r.claim_key, r.status, r.note, r.analyst, c.text "
                "FROM reviews r JOIN articles a ON a.id = r.article_id "
                "LEFT JOIN claims c ON c.article_id = r.article_id AND c.key = r.claim_key "
                "ORDER BY r.id"
            ).fetchall(),
            "articles": con.execute(
                "SELECT source, content_hash, title, published FROM articles ORDER BY id"
            ).fetchall(),
        }
    finally:
        con.close()


def test_every_released_revision_has_a_fixture() -> None:
    """When a new migration lands, the previous head became a release: keep its database."""
    script = ScriptDirectory.from_config(alembic_config())
    released = {rev.revision for rev in script.walk_revisions()} - {head_revision()}
    have = {_revision_of(p) for p in FIXTURE_DBS}
    missing = sorted(released - have)
    assert not missing, (
        f"no fixture database for released revision(s) {missing}: build one with "
        "tests/fixtures/make_fixture_db.py in a checkout of that release"
    )


@pytest.mark.parametrize("fixture_db", FIXTURE_DBS, ids=[p.name for p in FIXTURE_DBS])
def test_old_database_upgrades_in_place_with_everything_intact(
    h: ModuleType, runner: Any, app: Any, fixture_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / fixture_db.name
    shutil.copy(fixture_db, db)
    before = _snapshot(db)
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            _revision_of(fixture_db)
        ), "fixture built at the wrong revision"
    assert before["counts"]["articles"] == 5 and before["reviews"], "fixture lost its content"
    assert before["reviews"][0][-1] is not None, "the fixture's review points at no claim"

    engine = open_db(str(db))  # upgrades to head
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == (
            head_revision()
        )
    engine.dispose()
    assert _snapshot(db) == before
    h.assert_sqlite_sound(db)

    # Full-text search still finds the old claims, and the CLI reads the upgraded file.
    with sqlite3.connect(db) as con:
        hits = con.execute(
            "SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'Taliban'"
        ).fetchone()[0]
    assert hits > 0
    stats = runner.invoke(app, ["stats", "--db", str(db), "--format", "json"])
    assert stats.exit_code == 0, stats.stderr

    # Re-ingesting the same seeds finds them unchanged; reviews stay attached.
    again = runner.invoke(app, ["ingest", str(SEEDS), "--db", str(db), "-q", "-j", "1"])
    assert again.exit_code == 0, again.stderr
    assert "0 new" in again.stderr and "5 unchanged" in again.stderr
    after = _snapshot(db)
    assert after["counts"] == before["counts"] and after["reviews"] == before["reviews"]


@pytest.fixture
def newer_db(tmp_path: Path) -> Path:
    """A database stamped with a revision this code has never heard of."""
    path = tmp_path / "newer.db"
    engine = open_db(str(path))
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()  # the last connection checkpoints the WAL into the main file
    return path


@pytest.mark.parametrize(
    "args",
    [["stats"], ["ingest", str(SEEDS), "-q"], ["query", "Taliban"], ["db", "upgrade"]],
    ids=["stats", "ingest", "query", "db-upgrade"],
)
def test_newer_database_is_refused_by_the_cli_and_never_written(
    runner: Any, app: Any, newer_db: Path, args: list[str]
) -> None:
    before = newer_db.read_bytes()
    result = runner.invoke(app, [*args, "--db", str(newer_db)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error:") and "9999_from_the_future" in lines[0]
    assert "newer" in lines[0] and "Upgrade factbase" in lines[0]
    assert newer_db.read_bytes() == before


@pytest.mark.slow
def test_newer_database_refused_by_the_installed_command(h: ModuleType, newer_db: Path) -> None:
    """The same through a real process: exit 1, one line, file untouched."""
    before = newer_db.read_bytes()
    result = h.run_cli("stats", "--db", str(newer_db))
    assert result.returncode == 1 and result.stdout == ""
    [line] = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert line.startswith("Error:") and "newer" in line and "Traceback" not in result.stderr
    assert newer_db.read_bytes() == before
