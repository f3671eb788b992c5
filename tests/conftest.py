"""Shared fixtures: seed paths, databases on both backends, a CLI runner.

Every database test takes ``db_url``, which is parametrised over SQLite (a real file in
tmp_path) and PostgreSQL (a real server on loopback started by factbase.testing's plugin).
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

# The PostgreSQL fixtures (pg_server, pg_url) come from factbase's own pytest plugin.
if importlib.util.find_spec("factbase.testing.pytest_plugin") is not None:
    pytest_plugins = ["factbase.testing.pytest_plugin"]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite tests/golden/*.json from the seeds."
    )


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FACTBASE_DB", str(tmp_path / "env-default.db"))
    monkeypatch.setenv("FACTBASE_DEBUG", "1")
    monkeypatch.delenv("FACTBASE_ALIASES", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def app():  # type: ignore[no-untyped-def]
    from factbase.cli import load_commands

    return load_commands()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return str(tmp_path / "facts.db")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each backend (upgraded to head when factbase opens it)."""
    if request.param == "sqlite":
        return str(tmp_path / "facts.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture(scope="session")
def _ingested_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from factbase.db.engine import open_db
    from factbase.loader import ingest_paths

    path = tmp_path_factory.mktemp("ingested") / "seeds.db"
    engine = open_db(str(path))
    ingest_paths(engine, [SEEDS])
    engine.dispose()
    return path


@pytest.fixture
def ingested_db(_ingested_sqlite: Path, tmp_path: Path) -> Iterator[str]:
    """All seeds ingested into SQLite, built once per run and copied for each test."""
    dst = tmp_path / "ingested.db"
    shutil.copy(_ingested_sqlite, dst)
    yield str(dst)


@pytest.fixture
def ingested_any(db_url: str) -> str:
    """All seeds ingested, on each backend."""
    from factbase.db.engine import open_db
    from factbase.loader import ingest_paths

    engine = open_db(db_url)
    ingest_paths(engine, [SEEDS])
    engine.dispose()
    return db_url
